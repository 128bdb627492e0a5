"""The province dashboard (issue 11): one line per agency of the province, for the steering committee.

Every figure is a correlated subquery on the agencies' query, so the whole table is one SQL query
(plus one for the agencies' own plans and one for the dossier states), whatever the number of agencies,
and sorting by any column is an ORDER BY in the database. Only aggregates leave an agency: the
committee never reads a dossier, a draft or a name from here. Read-only; the caller asks the rules.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf

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


def _ratio(part: str, whole: str):
    """part / whole as a float for sorting; an empty whole sorts below every real figure."""
    return Cast(F(part), FloatField()) / NullIf(Cast(F(whole), FloatField()), 0.0)


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
    """The agencies of the plan's province, each with every figure of its line (one query)."""
    plans = Campaign.objects.filter(provincial_plan=plan)
    approvals = Approval.objects.live().filter(campaign__provincial_plan=plan)
    allocation = Allocation.objects.filter(provincial_plan=plan, agency=OuterRef("pk"))
    proposal = (
        ProvincialProposal.objects.filter(campaign__provincial_plan=plan, agency=OuterRef("pk"))
        .order_by("-signing_date", "-pk")
    )
    grassroots, provincial = AwardLevel.GRASSROOTS, AwardLevel.PROVINCIAL
    return (
        Agency.objects.filter(province_id=plan.province_id)
        .annotate(
            plan_count=_count(plans, "agency"),
            launched_on=Subquery(
                plans.filter(agency=OuterRef("pk")).order_by("launch_date", "pk").values("launch_date")[:1]
            ),
            staff_with_login=_count(
                StaffMember.objects.filter(is_active=True, user__isnull=False), "unit__agency"
            ),
            # Only people who can still acknowledge count, so an agency never shows more than 100%.
            acknowledged=_count(
                Acknowledgement.objects.filter(
                    campaign__provincial_plan=plan, staff__is_active=True, staff__user__isnull=False
                ),
                "campaign__agency",
                distinct="staff_id",
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
        .annotate(
            items_total=F("item_count") * F("unit_count"),
            grassroots_approved=F("grassroots_collectives") + F("grassroots_individuals"),
            provincial_proposed=F("provincial_collectives") + F("provincial_individuals"),
            proposal_step=Case(
                When(proposal_sending="accepted", then=Value(5)),
                When(proposal_sending="sent", then=Value(4)),
                When(proposal_sending="returned", then=Value(3)),
                When(proposal_state="signed", then=Value(2)),
                When(proposal_state="draft", then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .annotate(
            ack_ratio=_ratio("acknowledged", "staff_with_login"),
            items_ratio=_ratio("items_reported", "items_total"),
        )
    )


# Sorting: ?sap-xep=<key> ascending, ?sap-xep=-<key> descending. Each key is an ORDER BY in SQL.
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


def _ordering(key: str, descending: bool) -> list:
    column = F(SORTS[key][1])
    first = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return [first, "name", "pk"] if key != "co-quan" else [first, "pk"]


@dataclass
class OwnPlan:
    pk: int
    number: str
    launch_date: date
    launched: bool


@dataclass
class AgencyLine:
    """One agency's line on the province dashboard."""

    agency: Agency
    plans: list[OwnPlan] = field(default_factory=list)
    dossiers: dict[str, int] = field(default_factory=dict)

    def __getattr__(self, name):  # the annotated figures, read from the agency row
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.agency, name)

    @property
    def launched(self) -> bool:
        return any(plan.launched for plan in self.plans)

    @property
    def ack_percent(self) -> int:
        return percent(self.agency.acknowledged, self.agency.staff_with_login)

    @property
    def items_percent(self) -> int:
        return percent(self.agency.items_reported, self.agency.items_total)

    @property
    def grassroots_quota(self) -> int:
        return self.agency.quota_collectives + self.agency.quota_individuals

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
    def proposal(self) -> tuple[str, str]:
        """(label, Bootstrap colour) of the Tờ trình's step."""
        _, label, _, colour = next(step for step in PROPOSAL_STEPS.values() if step[0] == self.agency.proposal_step)
        return label, colour


@dataclass
class Totals:
    agencies: int = 0
    launched: int = 0
    staff_with_login: int = 0
    acknowledged: int = 0
    items_reported: int = 0
    items_total: int = 0
    dossiers: dict[str, int] = field(default_factory=dict)
    grassroots_approved: int = 0
    grassroots_quota: int = 0
    provincial_proposed: int = 0
    allocated: int = 0
    proposals_sent: int = 0
    proposals_accepted: int = 0

    @property
    def ack_percent(self) -> int:
        return percent(self.acknowledged, self.staff_with_login)

    @property
    def items_percent(self) -> int:
        return percent(self.items_reported, self.items_total)

    @property
    def dossier_count(self) -> int:
        return sum(self.dossiers.values())

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
    """Every line of the province dashboard, in three queries whatever the number of agencies."""
    today = today or local_today()
    key, descending = parse_sort(sort)
    agencies = list(annotated_agencies(plan).order_by(*_ordering(key, descending)))
    lines = {agency.pk: AgencyLine(agency) for agency in agencies}
    own_plans = (
        Campaign.objects.filter(provincial_plan=plan, agency_id__in=lines)
        .order_by("agency_id", "launch_date", "pk")
        .values_list("agency_id", "pk", "number", "launch_date")
    )
    for agency_id, pk, number, launch_date in own_plans:
        lines[agency_id].plans.append(OwnPlan(pk, number, launch_date, launch_date <= today))
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
        totals.items_total += a.items_total
        for state, n in line.dossiers.items():
            totals.dossiers[state] = totals.dossiers.get(state, 0) + n
        totals.grassroots_approved += a.grassroots_approved
        totals.grassroots_quota += line.grassroots_quota
        totals.provincial_proposed += a.provincial_proposed
        totals.allocated += line.allocated or 0
        totals.proposals_sent += a.proposal_step >= PROPOSAL_STEPS["sent"][0]
        totals.proposals_accepted += a.proposal_step == PROPOSAL_STEPS["accepted"][0]
    return ProvinceDashboard(
        plan=plan, lines=[lines[a.pk] for a in agencies], totals=totals, sort=key, descending=descending
    )
