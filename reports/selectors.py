"""What the dashboard, the statistics and the exports count: per unit, in a fixed number of queries
whatever the number of units. Read-only; scoped by the caller (reports/views.py asks the rules)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from campaign.models import (
    Acknowledgement,
    AwardLevel,
    Campaign,
    ContentItem,
    Gender,
    ProgressReport,
    StaffMember,
    SupervisionReport,
    Unit,
)
from campaign.selectors import percent
from dossiers.models import Dossier, DossierState, Nomination, NomineeKind

# Dossiers the office has received (or received and sent back): what counts in the statistics.
RECEIVED_STATES = (DossierState.SUBMITTED, DossierState.RETURNED, DossierState.ACCEPTED)


@dataclass
class UnitRow:
    """One unit's line on the dashboard."""

    unit: Unit
    staff_total: int = 0
    staff_with_login: int = 0
    acknowledged: int = 0
    items_reported: int = 0
    items_total: int = 0
    dossiers: dict[str, int] = field(default_factory=dict)
    collectives: int = 0
    individuals: int = 0

    @property
    def ack_percent(self) -> int:
        return percent(self.acknowledged, self.staff_with_login)

    @property
    def items_percent(self) -> int:
        return percent(self.items_reported, self.items_total)

    @property
    def without_login(self) -> int:
        return self.staff_total - self.staff_with_login

    @property
    def dossier_count(self) -> int:
        return sum(self.dossiers.values())

    @property
    def dossier_states(self) -> list[tuple[str, str, int]]:
        """(state, label, count) in workflow order, for the states the unit has dossiers in."""
        return [(value, str(label), self.dossiers[value]) for value, label in DossierState.choices if self.dossiers.get(value)]

    @property
    def nominations(self) -> int:
        return self.collectives + self.individuals


@dataclass
class Dashboard:
    campaign: Campaign
    rows: list[UnitRow]
    items: list[tuple[ContentItem, int]]  # each content item and how many units reported on it
    states: list[tuple[str, str]]  # dossier states in workflow order: (value, label)
    totals: UnitRow
    supervision_count: int

    @property
    def unit_count(self) -> int:
        return len(self.rows)

    @property
    def units_with_all_items(self) -> int:
        return sum(1 for row in self.rows if row.items_total and row.items_reported == row.items_total)


def campaign_dashboard(campaign: Campaign) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries whatever the number of units."""
    units = list(Unit.objects.filter(agency_id=campaign.agency_id).order_by("display_order", "name"))
    rows = {unit.pk: UnitRow(unit) for unit in units}
    items = list(campaign.content_items.order_by("number"))
    for row in rows.values():
        row.items_total = len(items)

    staff_counts = (
        StaffMember.objects.filter(unit__agency_id=campaign.agency_id, is_active=True)
        .values("unit_id")
        .annotate(total=Count("pk"), with_login=Count("pk", filter=Q(user__isnull=False)))
    )
    for entry in staff_counts:
        row = rows.get(entry["unit_id"])
        if row:
            row.staff_total, row.staff_with_login = entry["total"], entry["with_login"]

    # Only people who can still acknowledge count, so a unit never shows more than 100%.
    acknowledged = (
        Acknowledgement.objects.filter(campaign=campaign, staff__is_active=True, staff__user__isnull=False)
        .values("staff__unit_id")
        .annotate(n=Count("pk"))
    )
    for entry in acknowledged:
        if entry["staff__unit_id"] in rows:
            rows[entry["staff__unit_id"]].acknowledged = entry["n"]

    per_item: dict[int, int] = defaultdict(int)
    reported = ProgressReport.objects.filter(campaign=campaign).values_list("unit_id", "content_item_id")
    for unit_id, item_id in reported:
        per_item[item_id] += 1
        if unit_id in rows:
            rows[unit_id].items_reported += 1

    dossier_counts = Dossier.objects.filter(campaign=campaign).values("unit_id", "state").annotate(n=Count("pk"))
    for entry in dossier_counts:
        if entry["unit_id"] in rows:
            rows[entry["unit_id"]].dossiers[entry["state"]] = entry["n"]

    nomination_counts = (
        Nomination.objects.filter(campaign=campaign, is_live=True)
        .values("dossier__unit_id", "kind")
        .annotate(n=Count("pk"))
    )
    for entry in nomination_counts:
        row = rows.get(entry["dossier__unit_id"])
        if row is None:
            continue
        if entry["kind"] == NomineeKind.COLLECTIVE:
            row.collectives = entry["n"]
        else:
            row.individuals = entry["n"]

    totals = UnitRow(unit=Unit(name="Toàn cơ quan"), items_total=len(items) * len(units))
    for row in rows.values():
        totals.staff_total += row.staff_total
        totals.staff_with_login += row.staff_with_login
        totals.acknowledged += row.acknowledged
        totals.items_reported += row.items_reported
        totals.collectives += row.collectives
        totals.individuals += row.individuals
        for state, n in row.dossiers.items():
            totals.dossiers[state] = totals.dossiers.get(state, 0) + n

    return Dashboard(
        campaign=campaign,
        rows=[rows[unit.pk] for unit in units],
        items=[(item, per_item.get(item.pk, 0)) for item in items],
        states=[(str(value), str(label)) for value, label in DossierState.choices],
        totals=totals,
        supervision_count=SupervisionReport.objects.filter(campaign=campaign).count(),
    )


@dataclass
class NomineeFigures:
    """The figures offices report: collectives and individuals, women, leaders, direct workers."""

    collectives: int = 0
    individuals: int = 0
    women: int = 0
    leaders: int = 0
    direct_workers: int = 0

    @property
    def total(self) -> int:
        return self.collectives + self.individuals


def nominations_for_export(campaign: Campaign) -> QuerySet[Nomination]:
    """Every nomination of the campaign, in the office's order: unit, level, collectives first."""
    return (
        Nomination.objects.filter(campaign=campaign)
        .select_related("dossier__unit", "staff__unit", "nominee_unit")
        .order_by("dossier__unit__display_order", "dossier__unit__name", "level", "kind", "pk")
    )


def nomination_statistics(campaign: Campaign) -> dict[str, NomineeFigures]:
    """Per award level and in total, over nominations in dossiers the office has received (one query)."""
    figures = {AwardLevel.GRASSROOTS.value: NomineeFigures(), AwardLevel.PROVINCIAL.value: NomineeFigures()}
    rows = (
        Nomination.objects.filter(campaign=campaign, is_live=True, dossier__state__in=RECEIVED_STATES)
        .values("level", "kind")
        .annotate(
            n=Count("pk"),
            women=Count("pk", filter=Q(staff__gender=Gender.FEMALE)),
            leaders=Count("pk", filter=Q(staff__is_leader=True)),
            direct=Count("pk", filter=Q(staff__is_direct_worker=True)),
        )
    )
    for row in rows:
        target = figures.setdefault(row["level"], NomineeFigures())
        if row["kind"] == NomineeKind.COLLECTIVE:
            target.collectives += row["n"]
        else:
            target.individuals += row["n"]
            target.women += row["women"]
            target.leaders += row["leaders"]
            target.direct_workers += row["direct"]
    total = NomineeFigures()
    for level_figures in list(figures.values()):
        for name in ("collectives", "individuals", "women", "leaders", "direct_workers"):
            setattr(total, name, getattr(total, name) + getattr(level_figures, name))
    figures["total"] = total
    return figures
