"""Who hears of an agency's events: its office, its units (the unit's address and its active staff's
addresses) and its inspection board. Each is one query whatever the number of units or people; another
agency's people are never among them."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import User

from campaign.models import Agency, Role, Unit


def _members(agency_id: int, role: str) -> set[str]:
    return set(
        User.objects.filter(memberships__agency_id=agency_id, memberships__role=role, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def office_addresses(agency: Agency) -> list[str]:
    """The agency's office: its office logins and the office's own address."""
    addresses = _members(agency.pk, Role.OFFICE)
    if agency.office_email:
        addresses.add(agency.office_email)
    return sorted(addresses)


def board_addresses(agency: Agency | int) -> list[str]:
    """The members of the agency's people's inspection board."""
    return sorted(_members(getattr(agency, "pk", agency), Role.INSPECTION))


def unit_addresses(agency: Agency | int, unit_ids: Iterable[int] | None = None) -> dict[int, tuple[str, list[str]]]:
    """unit id -> (its name, its addresses) for the agency's units (or only `unit_ids`), in the agency's
    order; a unit without any address is left out. Two queries."""
    agency_id = getattr(agency, "pk", agency)
    units = Unit.objects.filter(agency_id=agency_id).order_by("display_order", "name", "pk")
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    rows = list(units.values_list("pk", "name", "email"))
    people: dict[int, set[str]] = defaultdict(set)
    for unit_id, email in (
        User.objects.filter(
            staff_member__unit_id__in=[pk for pk, _, _ in rows], staff_member__is_active=True, is_active=True
        )
        .exclude(email="")
        .values_list("staff_member__unit_id", "email")
    ):
        people[unit_id].add(email)
    result = {}
    for pk, name, email in rows:
        addresses = people[pk] | ({email} if email else set())
        if addresses:
            result[pk] = (name, sorted(addresses))
    return result
