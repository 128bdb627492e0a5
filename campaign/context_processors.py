from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from .rules import menu_for, standing
from .todo import todo_for


def portal(request):
    """What the navigation offers this user, asked of the rules once per request; the person's
    "Việc cần làm" (counted only when a page shows it, once per request, shared by the navigation and the
    home page) and the banner and footer of the agency whose portal this is for them."""
    user = getattr(request, "user", None)
    menu = getattr(request, "_portal_menu", None)
    if menu is None:
        menu = menu_for(user)
        request._portal_menu = menu
    return {
        "menu": menu,
        "todo": SimpleLazyObject(lambda: todo_for(request)),
        "banner": SimpleLazyObject(lambda: banner_for(request)),
    }


@dataclass(frozen=True)
class Banner:
    """The header and footer of the portal: who runs it, under whom, and how to reach them."""

    parent: str = ""  # e.g. "UBND TỈNH ĐỒNG THÁP"
    name: str = ""  # e.g. "Sở Công Thương"
    address: str = ""
    phone: str = ""
    email: str = ""


def banner_for(request) -> Banner:
    """The agency of the person (their unit's, else the one they hold a role in); the province's steering
    committee for its members; nothing for a visitor (the portal's own name is shown)."""
    from .models import Agency, Province

    cached = getattr(request, "_portal_banner", None)
    if cached is not None:
        return cached
    me = standing(getattr(request, "user", None))
    agency = None
    if me.person is not None:
        agency = me.person.unit.agency
    elif me.agencies:
        agency = Agency.objects.filter(pk__in=me.agencies).order_by("pk").first()
    if agency is not None:
        banner = Banner(agency.parent_authority, agency.name, agency.address, agency.phone, agency.office_email)
    elif me.committee:
        province = Province.objects.filter(pk__in=me.committee).order_by("pk").first()
        banner = Banner(f"UBND {province.name}".upper(), province.committee_name) if province else Banner()
    else:
        banner = Banner()
    request._portal_banner = banner
    return banner
