"""Blocks other apps' templates include without importing this app: the unit's pledge beside its progress
reports (campaign) and on its dossier (dossiers), the ranking beside the collective nominations (awards)."""

from django import template
from django.urls import reverse

from campaign.rules import can, standing

from .. import selectors, services
from ..models import Pledge

register = template.Library()


@register.filter
def points(value) -> str:
    """7.5 -> "7,5"; 8.0 -> "8"."""
    try:
        return services.fmt_points(value)
    except (TypeError, ValueError, ArithmeticError):
        return ""


@register.inclusion_tag("emulation/_pledge_block.html", takes_context=True)
def unit_pledge_block(context, campaign, unit):
    """The unit's pledge (title and targets) and how many of its people have pledged."""
    user = getattr(context.get("request"), "user", None)
    settings = services.settings_for(campaign)
    pledge = selectors.unit_pledge(campaign, unit)
    link_url, editable = None, False
    if standing(user).acting_unit_id == unit.pk:
        link_url = reverse("emulation:pledges", args=[campaign.pk])
        editable = can(user, "emulation.add_pledge", Pledge(campaign=campaign, unit=unit)) and services.pledge_window(
            campaign).is_open()
    elif can(user, "emulation.view_pledge_register", campaign):
        link_url = reverse("emulation:unit-pledges", args=[campaign.pk, unit.pk])
    people_pledged = 0
    if settings.persons_pledge:
        people_pledged = Pledge.objects.filter(campaign=campaign, unit=unit, staff__isnull=False).count()
    return {"pledge": pledge, "persons_pledge": settings.persons_pledge, "people_pledged": people_pledged,
            "lock_date": settings.pledge_lock_date, "link_url": link_url, "editable": editable}


@register.inclusion_tag("emulation/_ranking_block.html")
def ranking_block(campaign):
    """The units by total adjusted score, for the council beside the collective nominations."""
    has_criteria = selectors.max_total(campaign) > 0
    return {"campaign": campaign, "rows": selectors.ranking(campaign) if has_criteria else [],
            "max_total": selectors.max_total(campaign) if has_criteria else 0}
