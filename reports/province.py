"""The province dashboard (issue 11): one line per agency of the province, for the steering committee.

Every figure is a correlated subquery on the agencies' query, each computed once, so the whole table is
one SQL query (plus one each for the agencies' own plans, their people, acknowledgements and dossier
states), whatever the number of agencies. Ratios, totals and the order of the lines are derived from those figures on the server (a
province has a few dozen agencies, not thousands). Only aggregates leave an agency: the committee never
reads a dossier, a draft or a name from here. Read-only; the caller asks the rules.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from awards.models import Approval, ProvincialProposal
from campaign.models import (
    Acknowledgement,
    Agency,
    Allocation,
    AwardLevel,
    Campaign,
    ContentItem,
    ProgressReport,
    ProvincialPlan,
    StaffMember,
    Unit,
)
from campaign.selectors import percent
from core.time import local_today
from dossiers.models import Dossier, DossierState, NomineeKind

from .selectors import Coverage

# What an agency forwards and reports upward: its drafts stay its own, even as a count.
COUNTED_STATES = [state for state in DossierState if state != DossierState.DRAFT]


def _count(queryset: QuerySet, agency_lookup: str, *, distinct: str | None = None) -> Coalesce:
    """How many rows of `queryset` belong to the agency of the outer row (0 for none)."""
    counted = Count(distinct, distinct=True) if distinct else Count("pk")
    return Coalesce(
        Subquery(
            queryset.filter(**{agency_lookup: OuterRef("pk")})
            .order_by()
            .values(agency_lookup)
            .annotate(n=counted)
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _sum(queryset: QuerySet, agency_lookup: str, expression) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.filter(**{agency_lookup: OuterRef("pk")})
            .order_by()
            .values(agency_lookup)
            .annotate(n=Sum(expression))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


# The Tờ trình's progress, in the order it travels (for sorting and for the badge's colour).
# (rank, label, short label for the chart, Bootstrap colour)
PROPOSAL_STEPS = {
    "none": (0, "Chưa lập", "Chưa lập", "secondary"),
    "draft": (1, "Đang soạn", "Đang soạn", "secondary"),
    "signed": (2, "Đã ký, chưa gửi", "Chưa gửi", "info"),
    "returned": (3, "Bị trả lại", "Bị trả lại", "warning"),
    "sent": (4, "Đã gửi Ban Chỉ đạo", "Đã gửi", "primary"),
    "accepted": (5, "Ban Chỉ đạo đã tiếp nhận", "Tiếp nhận", "success"),
}


def annotated_agencies(plan: ProvincialPlan) -> QuerySet[Agency]:
    """The agencies of the plan's province with the figures of their lines counted per agency (one query;
    people are counted by province_dashboard). What is derived from them is done on the line."""
    plans = Campaign.objects.filter(provincial_plan=plan)
    approvals = Approval.objects.live().filter(campaign__provincial_plan=plan)
    allocation = Allocation.objects.filter(provincial_plan=plan, agency=OuterRef("pk")).order_by()
    proposal = ProvincialProposal.objects.filter(campaign__provincial_plan=plan, agency=OuterRef("pk")).order_by(
        "-signing_date", "-pk"
    )
    grassroots, provincial = AwardLevel.GRASSROOTS, AwardLevel.PROVINCIAL
    return (
        Agency.objects.filter(province_id=plan.province_id)
        .order_by()
        .annotate(
            plan_count=_count(plans, "agency"),
            launched_on=Subquery(
                plans.filter(agency=OuterRef("pk")).order_by("launch_date", "pk").values("launch_date")[:1]
            ),
            unit_count=_count(Unit.objects.all(), "agency"),
            item_count=_count(ContentItem.objects.filter(campaign__provincial_plan=plan), "campaign__agency"),
            items_reported=_count(ProgressReport.objects.filter(campaign__provincial_plan=plan), "campaign__agency"),
            dossier_count=_count(
                Dossier.objects.filter(campaign__provincial_plan=plan).exclude(state=DossierState.DRAFT),
                "campaign__agency",
            ),
            grassroots_collectives=_count(
                approvals.filter(level=grassroots, kind=NomineeKind.COLLECTIVE), "campaign__agency"
            ),
            grassroots_individuals=_count(
                approvals.filter(level=grassroots, kind=NomineeKind.INDIVIDUAL), "campaign__agency"
            ),
            quota_collectives=_sum(plans, "agency", F("collective_quota")),
            quota_individuals=_sum(plans, "agency", F("individual_quota")),
            provincial_collectives=_count(
                approvals.filter(level=provincial, kind=NomineeKind.COLLECTIVE), "campaign__agency"
            ),
            provincial_individuals=_count(
                approvals.filter(level=provincial, kind=NomineeKind.INDIVIDUAL), "campaign__agency"
            ),
            allocation_collectives=Subquery(allocation.values("collectives")[:1]),
            allocation_individuals=Subquery(allocation.values("individuals")[:1]),
            proposal_state=Subquery(proposal.values("state")[:1]),
            proposal_sending=Subquery(proposal.values("sending_state")[:1]),
            proposal_number=Subquery(proposal.values("number")[:1]),
        )
    )


def _step(state: str | None, sending: str | None) -> int:
    """The Tờ trình's rank in PROPOSAL_STEPS."""
    if sending in ("accepted", "sent", "returned"):
        return PROPOSAL_STEPS[sending][0]
    if state in ("signed", "draft"):
        return PROPOSAL_STEPS[state][0]
    return PROPOSAL_STEPS["none"][0]


# Sorting: ?sap-xep=<key> ascending, ?sap-xep=-<key> descending, on the lines' figures (a few dozen
# agencies at most: the figures come from SQL, the order is a sort of those lines).
SORTS: dict[str, tuple[str, str]] = {
    "co-quan": ("Cơ quan", "name"),
    "ke-hoach": ("Kế hoạch của cơ quan", "launched_on"),
    "xac-nhan": ("Xác nhận nắm Kế hoạch", "ack_ratio"),
    "noi-dung": ("Nội dung đã báo cáo", "items_ratio"),
    "ho-so": ("Hồ sơ đề nghị", "dossier_count"),
    "co-so": ("Khen thưởng cấp cơ sở", "grassroots_approved"),
    "cap-tinh": ("Đề nghị cấp tỉnh", "provincial_proposed"),
    "to-trinh": ("Tờ trình", "proposal_step"),
}
DEFAULT_SORT = "co-quan"


def parse_sort(value: str | None) -> tuple[str, bool]:
    """(key, descending) from the query string; anything unknown is the default order."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value[1:] if descending else value
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, descending


def collation_key(text: str) -> tuple[str, str]:
    """Vietnamese alphabetical order, near enough for names: letters without their marks first (đ as d),
    then the marked form to break ties."""
    bare = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in bare if not unicodedata.combining(ch)), text.casefold()


def _sorted(lines: list["AgencyLine"], key: str, descending: bool) -> list["AgencyLine"]:
    """By the column, then by name; a line with nothing to compare (None) last, whichever the direction."""
    attribute = SORTS[key][1]
    by_name = sorted(lines, key=lambda line: (collation_key(line.agency.name), line.agency.pk))
    if attribute == "name":
        return by_name[::-1] if descending else by_name
    present = [line for line in by_name if getattr(line, attribute) is not None]
    missing = [line for line in by_name if getattr(line, attribute) is None]
    return sorted(present, key=lambda line: getattr(line, attribute), reverse=descending) + missing


@dataclass
class OwnPlan:
    pk: int
    number: str
    launch_date: date
    launched: bool


@dataclass
class AgencyLine:
    """One agency's line on the province dashboard: the figures counted in SQL (`agency`, annotated) and
    what is derived from them."""

    agency: Agency
    plans: list[OwnPlan] = field(default_factory=list)
    dossiers: dict[str, int] = field(default_factory=dict)

    @property
    def launched(self) -> bool:
        return any(plan.launched for plan in self.plans)

    @property
    def launched_on(self) -> date | None:
        return self.agency.launched_on

    @property
    def ack_percent(self) -> int:
        return percent(self.agency.acknowledged, self.agency.staff_with_login)

    @property
    def ack_ratio(self) -> float | None:
        a = self.agency
        return a.acknowledged / a.staff_with_login if a.staff_with_login else None

    @property
    def items_total(self) -> int:
        """Reports due: every content item of the agency's plan(s) for every unit."""
        return self.agency.item_count * self.agency.unit_count

    @property
    def items_percent(self) -> int:
        return percent(self.agency.items_reported, self.items_total)

    @property
    def items_ratio(self) -> float | None:
        return self.agency.items_reported / self.items_total if self.items_total else None

    @property
    def dossier_count(self) -> int:
        return self.agency.dossier_count

    @property
    def grassroots_approved(self) -> int:
        return self.agency.grassroots_collectives + self.agency.grassroots_individuals

    @property
    def grassroots_quota(self) -> int:
        return self.agency.quota_collectives + self.agency.quota_individuals

    @property
    def provincial_proposed(self) -> int:
        return self.agency.provincial_collectives + self.agency.provincial_individuals

    @property
    def allocated(self) -> int | None:
        """The provincial places allocated to the agency; None when the committee entered none."""
        a = self.agency
        if a.allocation_collectives is None and a.allocation_individuals is None:
            return None
        return (a.allocation_collectives or 0) + (a.allocation_individuals or 0)

    @property
    def dossier_states(self) -> list[tuple[str, str, int]]:
        return [(state.value, str(state.label), self.dossiers[state.value]) for state in COUNTED_STATES
                if self.dossiers.get(state.value)]

    @property
    def proposal_step(self) -> int:
        return _step(self.agency.proposal_state, self.agency.proposal_sending)

    @property
    def proposal_number(self) -> str:
        """The Tờ trình's number once the agency has sent it; before that it is the agency's own draft."""
        forwarded = self.proposal_step >= PROPOSAL_STEPS["returned"][0]
        return (self.agency.proposal_number or "") if forwarded else ""

    @property
    def proposal(self) -> tuple[str, str]:
        """(label, Bootstrap colour) of the Tờ trình's step."""
        _, label, _, colour = next(step for step in PROPOSAL_STEPS.values() if step[0] == self.proposal_step)
        return label, colour


@dataclass(kw_only=True)
class Totals(Coverage):
    agencies: int = 0
    launched: int = 0
    grassroots_approved: int = 0
    grassroots_quota: int = 0
    provincial_proposed: int = 0
    allocated: int = 0
    proposals_sent: int = 0
    proposals_accepted: int = 0

    @property
    def dossier_states(self) -> list[tuple[str, str, int]]:
        return [(state.value, str(state.label), self.dossiers[state.value]) for state in COUNTED_STATES
                if self.dossiers.get(state.value)]


@dataclass
class ProvinceDashboard:
    plan: ProvincialPlan
    lines: list[AgencyLine]
    totals: Totals
    sort: str
    descending: bool


def province_dashboard(plan: ProvincialPlan, *, sort: str | None = None, today: date | None = None) -> ProvinceDashboard:
    """Every line of the province dashboard, in five queries whatever the number of agencies."""
    today = today or local_today()
    key, descending = parse_sort(sort)
    agencies = list(annotated_agencies(plan))
    lines = {agency.pk: AgencyLine(agency) for agency in agencies}
    own_plans = (
        Campaign.objects.filter(provincial_plan=plan, agency_id__in=lines)
        .order_by("agency_id", "launch_date", "pk")
        .values_list("agency_id", "pk", "number", "launch_date")
    )
    for agency_id, pk, number, launch_date in own_plans:
        lines[agency_id].plans.append(OwnPlan(pk, number, launch_date, launch_date <= today))
    # People are counted across the province in one pass each (a correlated count per agency would join
    # every staff member to their unit once per agency).
    for agency in agencies:
        agency.staff_with_login = agency.acknowledged = 0
    staff = (
        StaffMember.objects.filter(unit__agency__province_id=plan.province_id, is_active=True, user__isnull=False)
        .order_by()
        .values_list("unit__agency_id")
        .annotate(n=Count("pk"))
    )
    for agency_id, n in staff:
        lines[agency_id].agency.staff_with_login = n
    # Only people who can still acknowledge count, so an agency never shows more than 100%.
    acknowledged = (
        Acknowledgement.objects.filter(
            campaign__provincial_plan=plan, campaign__agency__province_id=plan.province_id,
            staff__is_active=True, staff__user__isnull=False,
        )
        .order_by()
        .values_list("campaign__agency_id")
        .annotate(n=Count("staff_id", distinct=True))
    )
    for agency_id, n in acknowledged:
        lines[agency_id].agency.acknowledged = n
    states = (
        Dossier.objects.filter(campaign__provincial_plan=plan, campaign__agency_id__in=lines)
        .exclude(state=DossierState.DRAFT)
        .order_by()
        .values_list("campaign__agency_id", "state")
        .annotate(n=Count("pk"))
    )
    for agency_id, state, n in states:
        lines[agency_id].dossiers[state] = n

    totals = Totals(agencies=len(agencies))
    for line in lines.values():
        a = line.agency
        totals.launched += line.launched
        totals.staff_with_login += a.staff_with_login
        totals.acknowledged += a.acknowledged
        totals.items_reported += a.items_reported
        totals.items_total += line.items_total
        for state, n in line.dossiers.items():
            totals.dossiers[state] = totals.dossiers.get(state, 0) + n
        totals.grassroots_approved += line.grassroots_approved
        totals.grassroots_quota += line.grassroots_quota
        totals.provincial_proposed += line.provincial_proposed
        totals.allocated += line.allocated or 0
        totals.proposals_sent += line.proposal_step >= PROPOSAL_STEPS["sent"][0]
        totals.proposals_accepted += line.proposal_step == PROPOSAL_STEPS["accepted"][0]
    return ProvinceDashboard(
        plan=plan, lines=_sorted(list(lines.values()), key, descending), totals=totals, sort=key,
        descending=descending,
    )
