"""Who a user is in the portal (DESIGN.md, "Who uses it").

Roles are Django groups, created by migration, so the office can grant them in the admin:
- office: the Department Office (Văn phòng Sở), works in the admin;
- director: the Director and deputies, sign and print;
- inspection: the People's Inspection Board, sees everything read-only.
Staff of a unit are users linked to a StaffMember.
"""

from functools import cached_property

from django.contrib.auth.models import AnonymousUser, User

OFFICE = "Văn phòng Sở"
DIRECTOR = "Lãnh đạo Sở"
INSPECTION = "Ban Thanh tra nhân dân"
ALL_GROUPS = (OFFICE, DIRECTOR, INSPECTION)


class Roles:
    """The roles of one user, computed once per request (one query for groups, one for staff)."""

    def __init__(self, user: User | AnonymousUser):
        self.user = user

    @cached_property
    def groups(self) -> frozenset[str]:
        if not self.user.is_authenticated:
            return frozenset()
        return frozenset(self.user.groups.values_list("name", flat=True))

    @cached_property
    def staff_member(self):
        if not self.user.is_authenticated:
            return None
        from .models import StaffMember

        return StaffMember.objects.select_related("unit", "unit__agency").filter(user=self.user).first()

    @property
    def unit(self):
        return self.staff_member.unit if self.staff_member else None

    @property
    def acting_unit(self):
        """The unit this user prepares dossiers for. Members of the People's Inspection Board
        supervise: in the portal they read everything and act for no unit, their own included."""
        return None if self.is_inspector else self.unit

    @property
    def is_office(self) -> bool:
        return self.user.is_superuser or OFFICE in self.groups

    @property
    def is_director(self) -> bool:
        return DIRECTOR in self.groups

    @property
    def is_inspector(self) -> bool:
        return INSPECTION in self.groups

    @property
    def sees_all_dossiers(self) -> bool:
        """Office, Director and inspection board see every dossier of the agency (R8)."""
        return self.is_office or self.is_director or self.is_inspector


def roles_of(request_or_user) -> Roles:
    """Roles cached on the request, so templates and views share one computation."""
    user = getattr(request_or_user, "user", request_or_user)
    holder = request_or_user if hasattr(request_or_user, "user") else None
    if holder is not None:
        cached = getattr(holder, "_portal_roles", None)
        if cached is None or cached.user is not user:
            cached = Roles(user)
            holder._portal_roles = cached
        return cached
    return Roles(user)


# What each role may do in the admin. The office runs the campaign; the Director and the inspection
# board read (the Director signs through the awards pages); nobody but a superuser edits users.
_ROLE_APPS = ("campaign", "dossiers", "awards")


def ensure_role_groups() -> None:
    """Create the role groups and give them their admin permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    perms = Permission.objects.filter(content_type__app_label__in=_ROLE_APPS)
    view_perms = [p for p in perms if p.codename.startswith("view_")]
    office, _ = Group.objects.get_or_create(name=OFFICE)
    # The office also unlocks accounts locked out by django-axes.
    lockouts = Permission.objects.filter(content_type__app_label="axes", codename__in=[
        "view_accessattempt", "delete_accessattempt", "view_accesslog", "view_accessfailurelog",
    ])
    office.permissions.set([*perms, *lockouts])
    for name in (DIRECTOR, INSPECTION):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(view_perms)
