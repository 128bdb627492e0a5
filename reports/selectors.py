"""What the dashboard, the statistics and the exports count: per unit, in a fixed number of queries
whatever the number of units. Read-only; scoped by the caller (reports/views.py asks the rules)."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

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


# The kept figures (reports.models) that the agency's line shows under the same names as a unit's line.
AGENCY_ROW_FIGURES = ("staff_total", "staff_with_login", "acknowledged", "items_reported", "collectives",
                      "individuals")


def _agency_row(**figures) -> "UnitRow":
    """The dashboard's “Toàn cơ quan” line: the agency's totals in the units' columns (recounted by _totals,
    read from the kept figures by _summed_figures)."""
    return UnitRow(unit=Unit(name="Toàn cơ quan"), **figures)


@dataclass(kw_only=True)
class Coverage:
    """How far a line of a dashboard (a unit, an agency, the province) has come: acknowledgements of those
    with a login, content items reported, dossiers by state."""

    staff_with_login: int = 0
    acknowledged: int = 0
    items_reported: int = 0
    items_total: int = 0
    dossiers: dict[str, int] = field(default_factory=dict)

    @property
    def ack_percent(self) -> int:
        return percent(self.acknowledged, self.staff_with_login)

    @property
    def items_percent(self) -> int:
        return percent(self.items_reported, self.items_total)

    @property
    def dossier_count(self) -> int:
        return sum(self.dossiers.values())


@dataclass(kw_only=True)
class UnitRow(Coverage):
    """One unit's line on the dashboard."""

    unit: Unit
    staff_total: int = 0
    collectives: int = 0
    individuals: int = 0

    @property
    def without_login(self) -> int:
        return self.staff_total - self.staff_with_login

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
    rows: list[UnitRow]  # the units asked for: one page of them on the dashboard, all of them for the exports
    items: list[tuple[ContentItem, int]]  # each content item and how many units reported on it
    states: list[tuple[str, str]]  # dossier states in workflow order: (value, label)
    totals: UnitRow
    supervision_count: int
    unit_count: int  # the agency's units, whatever the page
    units_with_all_items: int
    unit_page: Page | None = None  # the page of units when one was asked for (its object_list is `rows`)
    # When the agency-wide figures (totals, statistics) were counted: the dashboard keeps them for up to
    # FIGURES_MAX_AGE seconds and says how old they are (None: counted for this request, not kept).
    figures_at: datetime | None = None
    statistics: dict | None = None  # nomination_statistics(campaign), when asked for with the figures


def _agency_units(campaign: Campaign) -> QuerySet[Unit]:
    return Unit.objects.filter(agency_id=campaign.agency_id).order_by("display_order", "name", "pk")


def _per_unit(queryset: QuerySet, unit_lookup: str) -> Coalesce:
    """How many rows of `queryset` belong to the outer unit (0 for none): a correlated count that follows
    the index on the unit, so a page of 50 units costs 50 look-ups whatever the size of the agency."""
    return Coalesce(
        Subquery(
            queryset.filter(**{unit_lookup: OuterRef("pk")})
            .order_by()
            .values(unit_lookup)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _annotated_units(campaign: Campaign) -> QuerySet[Unit]:
    """The agency's units in their order, each with its figures counted in SQL (one query)."""
    staff = StaffMember.objects.filter(is_active=True)
    # Only people who can still acknowledge count, so a unit never shows more than 100%.
    acknowledged = Acknowledgement.objects.filter(campaign=campaign, staff__is_active=True, staff__user__isnull=False)
    nominations = Nomination.objects.filter(campaign=campaign, is_live=True)
    return _agency_units(campaign).annotate(
        staff_total=_per_unit(staff, "unit"),
        staff_with_login=_per_unit(staff.filter(user__isnull=False), "unit"),
        acknowledged=_per_unit(acknowledged, "staff__unit"),
        items_reported=_per_unit(ProgressReport.objects.filter(campaign=campaign), "unit"),
        collectives=_per_unit(nominations.filter(kind=NomineeKind.COLLECTIVE), "dossier__unit"),
        individuals=_per_unit(nominations.exclude(kind=NomineeKind.COLLECTIVE), "dossier__unit"),
    )


def _unit_rows(campaign: Campaign, units: list[Unit], items_total: int) -> list[UnitRow]:
    """The lines of `units` (annotated by _annotated_units), with their dossiers per state (one query
    restricted to these units)."""
    rows = {
        unit.pk: UnitRow(
            unit=unit,
            staff_total=unit.staff_total,
            staff_with_login=unit.staff_with_login,
            acknowledged=unit.acknowledged,
            items_reported=unit.items_reported,
            items_total=items_total,
            collectives=unit.collectives,
            individuals=unit.individuals,
        )
        for unit in units
    }
    if rows:
        dossiers = Dossier.objects.filter(campaign=campaign)
        if len(rows) <= 1000:  # a page of units; an export takes them all
            dossiers = dossiers.filter(unit_id__in=list(rows))
        for unit_id, state, n in dossiers.order_by().values_list("unit_id", "state").annotate(n=Count("pk")):
            if unit_id in rows:
                rows[unit_id].dossiers[state] = n
    return list(rows.values())


def _scalar(queryset: QuerySet, **aggregate) -> Subquery:
    """One aggregate of `queryset` as a scalar subquery (so that several totals travel in one query)."""
    (name, expression), = aggregate.items()
    return Coalesce(
        Subquery(queryset.order_by().annotate(_one=Value(1)).values("_one").annotate(**{name: expression})
                 .values(name), output_field=IntegerField()),
        0,
    )


def _totals(campaign: Campaign, items_count: int) -> tuple[UnitRow, int, int, int]:
    """The agency-wide figures, each an aggregate in SQL (no row per unit leaves the database), in three
    queries: (totals, unit count, units that reported every item, supervision reports)."""
    units = Unit.objects.filter(agency_id=campaign.agency_id)
    staff = StaffMember.objects.filter(unit__agency_id=campaign.agency_id, is_active=True)
    acknowledged = Acknowledgement.objects.filter(campaign=campaign, staff__is_active=True, staff__user__isnull=False)
    reports = ProgressReport.objects.filter(campaign=campaign)  # a campaign's units are its agency's
    nominations = Nomination.objects.filter(campaign=campaign, is_live=True)
    complete = (
        reports.order_by().values("unit_id").annotate(n=Count("content_item_id", distinct=True))
        .filter(n__gte=items_count).values("unit_id")
    )
    figures = (
        Campaign.objects.filter(pk=campaign.pk)
        .order_by()
        .values("pk")
        .annotate(
            unit_count=_scalar(units, n=Count("pk")),
            acknowledged=_scalar(acknowledged, n=Count("pk")),
            items_reported=_scalar(reports, n=Count("pk")),
            complete=_scalar(units.filter(pk__in=complete), n=Count("pk")) if items_count else Value(0),
            supervision=_scalar(SupervisionReport.objects.filter(campaign=campaign), n=Count("pk")),
        )
        .get()
    )
    # The people and the nominations each in one pass (two counts of the same rows read them once).
    people = staff.order_by().aggregate(total=Count("pk"), with_login=Count("pk", filter=Q(user__isnull=False)))
    nominated = nominations.order_by().aggregate(
        collectives=Count("pk", filter=Q(kind=NomineeKind.COLLECTIVE)),
        individuals=Count("pk", filter=~Q(kind=NomineeKind.COLLECTIVE)),
    )
    by_state = (
        Dossier.objects.filter(campaign=campaign)
        .order_by().values_list("state").annotate(Count("pk"))
    )
    totals = _agency_row(
        staff_total=people["total"],
        staff_with_login=people["with_login"],
        acknowledged=figures["acknowledged"],
        items_reported=figures["items_reported"],
        items_total=items_count * figures["unit_count"],
        collectives=nominated["collectives"],
        individuals=nominated["individuals"],
        dossiers={state: n for state, n in by_state},
    )
    return totals, figures["unit_count"], figures["complete"], figures["supervision"]


# The agency-wide figures of the dashboard (totals, statistics) are read from the kept figures (one row per
# campaign, kept equal to the sum of one row per unit: reports/figures.py), whatever the size of the agency;
# the exports and _totals/nomination_statistics still count the source rows. On top of that the page keeps
# them in the cache under a generation that any saved or deleted dossier, nomination, person, unit,
# acknowledgement, report or content item renews (reports/apps.py), at once and again when its transaction
# commits. So a change made through the models shows on the next request on this app server (and on every
# server with the shared Redis cache); another server with a per-process cache shows it at most
# FIGURES_MAX_AGE seconds later, and the page says when it was counted. What bypasses the models' signals
# (bulk_create, a raw UPDATE) is not in the kept figures until `manage.py rebuild_dashboard_figures`, except
# dossiers, which a database trigger recounts.
FIGURES_MAX_AGE = 120  # seconds
FIGURES_GENERATION_KEY = "reports:figures-generation"


def renew_figures(**_ignored) -> None:
    """Drop every kept dashboard figure (a new generation); connected to the models' post_save and
    post_delete, and run again on commit so that a figure counted during the transaction is not kept."""
    cache.set(FIGURES_GENERATION_KEY, uuid.uuid4().hex, None)


def _summed_figures(campaign: Campaign, items_count: int) -> tuple[UnitRow, int, int, int, dict]:
    """(totals, unit count, complete, supervision, statistics) from the kept figures (reports/figures.py):
    the campaign's totals row, and a range of the units' rows for the units that reported every item, in
    two queries whatever the size of the agency. Equal to _totals and nomination_statistics (tested)."""
    from .models import FIGURE_COLUMNS, CampaignFigures, UnitFigures

    kept = CampaignFigures.objects.filter(campaign=campaign).values(*FIGURE_COLUMNS).first()
    kept = kept or dict.fromkeys(FIGURE_COLUMNS, 0)  # nothing counted yet: rebuild_dashboard_figures
    # A unit reports on an item once (a unique constraint): its reports are the items it reported on.
    complete = UnitFigures.objects.filter(campaign=campaign, items_reported__gte=items_count)
    counts = (
        Campaign.objects.filter(pk=campaign.pk).order_by().values("pk")
        .annotate(unit_count=_scalar(Unit.objects.filter(agency_id=campaign.agency_id), n=Count("pk")),
                  supervision=_scalar(SupervisionReport.objects.filter(campaign=campaign), n=Count("pk")),
                  complete=_scalar(complete, n=Count("pk")) if items_count else Value(0))
        .get()
    )
    totals = _agency_row(
        **{name: kept[name] for name in AGENCY_ROW_FIGURES},
        items_total=items_count * counts["unit_count"],
        dossiers={state: kept[f"dossiers_{state}"] for state in DossierState.values if kept[f"dossiers_{state}"]},
    )
    statistics = {}
    for level in (AwardLevel.GRASSROOTS.value, AwardLevel.PROVINCIAL.value):
        statistics[level] = NomineeFigures(**{name: kept[f"{level}_{name}"] for name in NOMINEE_FIGURES})
    statistics["total"] = NomineeFigures(**{name: sum(getattr(f, name) for f in statistics.values())
                                            for name in NOMINEE_FIGURES})
    return totals, counts["unit_count"], counts["complete"], counts["supervision"], statistics


def _kept_figures(campaign: Campaign, items_count: int, with_statistics: bool):
    """(totals, unit count, complete, supervision, statistics, counted at): from the cache when counted
    less than FIGURES_MAX_AGE seconds ago in the current generation, else summed now from the kept rows
    (reports/figures.py) and kept."""
    generation = cache.get(FIGURES_GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(FIGURES_GENERATION_KEY, generation, None):
            generation = cache.get(FIGURES_GENERATION_KEY, generation)
    key = f"reports:figures:{generation}:{campaign.pk}:{items_count}:{int(with_statistics)}"
    kept = cache.get(key)
    if kept is not None:
        return kept
    totals, unit_count, complete, supervision, statistics = _summed_figures(campaign, items_count)
    figures = (totals, unit_count, complete, supervision, statistics if with_statistics else None, timezone.now())
    cache.set(key, figures, FIGURES_MAX_AGE)
    return figures


def campaign_dashboard(campaign: Campaign, *, page: str | int | None = None,
                       per_page: int | None = None, keep_figures: bool = False) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries whatever the number of units.

    With `per_page`, the units are paginated in SQL and only that page's units are counted row by row;
    the totals, the items and the completion figure are aggregates over the whole agency, computed by
    the database. Without it (the exports), every unit gets its row. With `keep_figures` (the dashboard
    page), the agency-wide figures and the statistics come from the cache when fresh (see FIGURES_MAX_AGE)
    and `figures_at` says when they were counted."""
    # A unit reports on an item once (a unique constraint): the item's reports are its units.
    reports = ProgressReport.objects.filter(content_item=OuterRef("pk")).order_by().values("content_item")
    items = list(
        campaign.content_items.order_by("number").annotate(
            units=Coalesce(Subquery(reports.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)
        )
    )
    statistics = figures_at = None
    if keep_figures:
        totals, unit_count, complete, supervision, statistics, figures_at = _kept_figures(
            campaign, len(items), with_statistics=True)
    else:
        totals, unit_count, complete, supervision = _totals(campaign, len(items))
    unit_page = None
    if per_page:
        paginator = Paginator(_annotated_units(campaign), per_page)
        paginator.count = unit_count  # already counted with the totals: no second COUNT
        unit_page = paginator.get_page(page)
        units = list(unit_page.object_list)
    else:
        units = list(_annotated_units(campaign))
    rows = _unit_rows(campaign, units, len(items))
    if unit_page is not None:
        unit_page.object_list = rows
    return Dashboard(
        campaign=campaign,
        rows=rows,
        items=[(item, item.units) for item in items],
        states=[(str(value), str(label)) for value, label in DossierState.choices],
        totals=totals,
        supervision_count=supervision,
        unit_count=unit_count,
        units_with_all_items=complete,
        unit_page=unit_page,
        figures_at=figures_at,
        statistics=statistics,
    )


NOMINEE_FIGURES = ("collectives", "individuals", "women", "leaders", "direct_workers")


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
        .order_by()  # Meta.ordering would join every dossier's campaign and unit for nothing
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
