"""Reads of pledges, criteria, scores and the ranking: a fixed number of queries per page, never one
per unit or per row."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce

from campaign.models import Campaign, ContentItem, StaffMember, Unit

from .models import Criterion, Pledge, PledgeTarget, Score

ZERO = Decimal("0.0")


def _pledges(queryset):
    return queryset.select_related("unit", "staff", "updated_by").prefetch_related(
        Prefetch("targets", queryset=PledgeTarget.objects.select_related("content_item"))
    )


def unit_pledge(campaign: Campaign, unit: Unit) -> Pledge | None:
    return _pledges(Pledge.objects.filter(campaign=campaign, unit=unit, staff__isnull=True)).first()


def personal_pledges(campaign: Campaign, unit: Unit) -> dict[int, Pledge]:
    """The unit's people's pledges, by staff member."""
    rows = _pledges(Pledge.objects.filter(campaign=campaign, unit=unit, staff__isnull=False))
    return {pledge.staff_id: pledge for pledge in rows}


@dataclass
class PersonRow:
    staff: StaffMember
    pledge: Pledge | None


def unit_people(campaign: Campaign, unit: Unit) -> list[PersonRow]:
    pledges = personal_pledges(campaign, unit)
    people = StaffMember.objects.filter(unit=unit, is_active=True).order_by("-is_leader", "full_name")
    return [PersonRow(person, pledges.get(person.pk)) for person in people]


@dataclass
class RegisterRow:
    unit: Unit
    pledge: Pledge | None
    people: int
    people_pledged: int


def pledge_register(campaign: Campaign) -> list[RegisterRow]:
    """Who has registered and who has not: every unit of the agency, its pledge, and how many of its
    active people have pledged (three queries whatever the number of units)."""
    units = list(
        Unit.objects.filter(agency_id=campaign.agency_id).annotate(
            people=Count("staff", filter=Q(staff__is_active=True), distinct=True)
        )
    )
    pledges = {
        p.unit_id: p
        for p in Pledge.objects.filter(campaign=campaign, staff__isnull=True).select_related("updated_by")
    }
    pledged = dict(
        Pledge.objects.filter(campaign=campaign, staff__isnull=False, staff__is_active=True)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    return [RegisterRow(u, pledges.get(u.pk), u.people, pledged.get(u.pk, 0)) for u in units]


def criteria_of(campaign: Campaign) -> list[Criterion]:
    return list(Criterion.objects.filter(campaign=campaign).select_related("content_item"))


@dataclass
class ItemCriteria:
    item: ContentItem
    rows: list = field(default_factory=list)


def scoring_sheet(campaign: Campaign, unit: Unit) -> list[ItemCriteria]:
    """The scoring table grouped by content item, each criterion with the unit's score (or None)."""
    scores = {s.criterion_id: s for s in Score.objects.filter(campaign=campaign, unit=unit)}
    groups: dict[int, ItemCriteria] = {}
    for criterion in criteria_of(campaign):
        group = groups.setdefault(criterion.content_item_id, ItemCriteria(criterion.content_item))
        group.rows.append((criterion, scores.get(criterion.pk)))
    return list(groups.values())


def max_total(campaign: Campaign) -> Decimal:
    return Criterion.objects.filter(campaign=campaign).aggregate(t=Sum("max_points"))["t"] or ZERO


@dataclass
class RankRow:
    rank: int | None
    unit: Unit
    self_total: Decimal | None
    final_total: Decimal | None
    scored: int
    adjusted: int


def ranking(campaign: Campaign) -> list[RankRow]:
    """Units by total adjusted score (the office's points where adjusted, the unit's own elsewhere),
    highest first; equal totals share a rank; units that have not scored come last, unranked. One query."""
    in_plan = Q(scores__campaign=campaign)
    decimal = DecimalField(max_digits=8, decimal_places=1)
    units = (
        Unit.objects.filter(agency_id=campaign.agency_id)
        .annotate(
            self_total=Sum("scores__self_points", filter=in_plan),
            final_total=Sum(Coalesce("scores__adjusted_points", "scores__self_points", output_field=decimal),
                            filter=in_plan, output_field=decimal),
            scored=Count("scores", filter=in_plan),
            adjusted=Count("scores", filter=in_plan & Q(scores__adjusted_points__isnull=False)),
        )
        .order_by(Coalesce("final_total", Value(-1), output_field=decimal).desc(), "display_order", "name")
    )
    rows: list[RankRow] = []
    previous, rank = None, 0
    for index, unit in enumerate(units, start=1):
        if unit.scored:
            if unit.final_total != previous:
                rank, previous = index, unit.final_total
            rows.append(RankRow(rank, unit, unit.self_total, unit.final_total, unit.scored, unit.adjusted))
        else:
            rows.append(RankRow(None, unit, None, None, 0, 0))
    return rows


def scores_for_export(campaign: Campaign):
    return Score.objects.filter(campaign=campaign).select_related(
        "unit", "criterion__content_item", "adjusted_by"
    ).order_by("unit__display_order", "unit__name", "criterion__content_item__number", "criterion__order")


def scores_to_adjust(campaign: Campaign, unit: Unit):
    return Score.objects.filter(campaign=campaign, unit=unit).select_related(
        "criterion__content_item", "adjusted_by", "scored_by"
    ).order_by("criterion__content_item__number", "criterion__order")
