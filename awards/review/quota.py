"""The quota (R5), written once: how many may be approved, how many are, and the comparison of the two.

Approving a nomination, the shortlist and the dashboard, the re-check before a decision is signed and
the Tờ trình's allocation all ask this module, so they can never count or compare differently.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from awards.models import Approval
from campaign.models import Allocation, AwardLevel, Campaign
from core.errors import DomainError
from dossiers.models import NomineeKind

KINDS = (NomineeKind.COLLECTIVE, NomineeKind.INDIVIDUAL)
KIND_WORDS = {NomineeKind.COLLECTIVE: "tập thể", NomineeKind.INDIVIDUAL: "cá nhân"}


_UNREAD = object()


def allocation_for(campaign: Campaign) -> Allocation | None:
    """The steering committee's allocation to the campaign's agency under the provincial plan the campaign
    carries out; None while the plan names no provincial plan or the committee has entered none. Read
    once per campaign object (`prefetch_allocations` reads many in one query)."""
    cached = campaign.__dict__.get("_provincial_allocation", _UNREAD)
    if cached is not _UNREAD:
        return cached
    allocation = None
    if campaign.provincial_plan_id is not None:
        allocation = Allocation.objects.filter(
            provincial_plan_id=campaign.provincial_plan_id, agency_id=campaign.agency_id
        ).first()
    campaign.__dict__["_provincial_allocation"] = allocation
    return allocation


def prefetch_allocations(campaigns: Iterable[Campaign]) -> None:
    """Read the allocations of many campaigns in one query (pages listing campaigns)."""
    campaigns = [c for c in campaigns if "_provincial_allocation" not in c.__dict__]
    keys = {(c.provincial_plan_id, c.agency_id) for c in campaigns if c.provincial_plan_id is not None}
    found = {}
    if keys:
        rows = Allocation.objects.filter(
            provincial_plan_id__in={plan for plan, _ in keys}, agency_id__in={agency for _, agency in keys}
        )
        found = {(a.provincial_plan_id, a.agency_id): a for a in rows}
    for campaign in campaigns:
        campaign.__dict__["_provincial_allocation"] = found.get((campaign.provincial_plan_id, campaign.agency_id))


def allocated(allocation: Allocation | None, kind: str) -> int:
    if allocation is None:
        return 0
    return allocation.collectives if kind == NomineeKind.COLLECTIVE else allocation.individuals


def quota_for(campaign: Campaign, level: str, kind: str) -> int:
    """How many may be approved; at provincial level, the committee's allocation to the agency under the
    province's plan, none until one is entered (R5)."""
    if level == AwardLevel.GRASSROOTS:
        return campaign.collective_quota if kind == NomineeKind.COLLECTIVE else campaign.individual_quota
    return allocated(allocation_for(campaign), kind)


def approved_counts_by_campaign(campaign_ids: Iterable[int]) -> dict[tuple[int, str], dict[str, int]]:
    """What counts against the quota, for many campaigns in one query: every approval, by campaign, level
    and kind (a revoked approval counts for nothing). A (campaign, level) with no approval is absent; read it with `counts_in`."""
    counts: dict[tuple[int, str], dict[str, int]] = {}
    rows = (
        Approval.objects.live()
        .filter(campaign_id__in=list(campaign_ids))
        .values_list("campaign_id", "level", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for campaign_id, level, kind, n in rows:
        counts.setdefault((campaign_id, level), {k: 0 for k in KINDS})[kind] = n
    return counts


def counts_in(counts: dict[tuple[int, str], dict[str, int]], campaign_id: int, level: str) -> dict[str, int]:
    return counts.get((campaign_id, level)) or {kind: 0 for kind in KINDS}


def approved_counts(campaign: Campaign, level: str) -> dict[str, int]:
    """Approvals of one campaign and level, by kind (collective, individual)."""
    return counts_in(approved_counts_by_campaign([campaign.pk]), campaign.pk, level)


@dataclass(frozen=True)
class QuotaUse:
    """The quota of one kind at one level of a campaign, and how much of it is used."""

    kind: str
    quota: int
    approved: int

    @property
    def full(self) -> bool:
        return self.approved >= self.quota

    @property
    def exceeded(self) -> bool:
        return self.approved > self.quota

    @property
    def remaining(self) -> int:
        return max(self.quota - self.approved, 0)

    @property
    def word(self) -> str:
        return KIND_WORDS[self.kind]


def quota_use(campaign: Campaign, level: str, counts: dict[str, int] | None = None) -> dict[str, QuotaUse]:
    """Quota and approvals of each kind; `counts` from `approved_counts_by_campaign` saves the query."""
    counts = approved_counts(campaign, level) if counts is None else counts
    return {kind: QuotaUse(kind, quota_for(campaign, level, kind), counts.get(kind, 0)) for kind in KINDS}


def ensure_room(campaign: Campaign, level: str, kind: str, *, name: str) -> None:
    """Refuse one more approval of `kind` once the quota is reached (call it under the campaign's lock)."""
    use = quota_use(campaign, level)[kind]
    if not use.full:
        return
    if level == AwardLevel.PROVINCIAL and use.quota == 0 and use.approved == 0:
        raise DomainError(
            f"Chưa có phân bổ chỉ tiêu {use.word} của Ban Chỉ đạo Tỉnh; chưa thể duyệt đề nghị cấp tỉnh."
        )
    raise DomainError(
        f"Vượt chỉ tiêu: chỉ tiêu khen thưởng là {use.quota:02d} {use.word}, đã duyệt {use.approved:02d} "
        f"{use.word}. Không thể duyệt thêm {name}."
    )


def ensure_within(campaign: Campaign, level: str) -> None:
    """The approved list never exceeds the quota (approvals hold the campaign lock); a decision or a
    Tờ trình checks it again, because a document beyond the quota must never be issued whatever
    happened to the data."""
    for use in quota_use(campaign, level).values():
        if not use.exceeded:
            continue
        if level == AwardLevel.PROVINCIAL:
            raise DomainError(
                f"Danh sách cấp tỉnh có {use.approved:02d} {use.word}, vượt phân bổ {use.quota:02d} "
                "của Ban Chỉ đạo Tỉnh."
            )
        raise DomainError(
            f"Danh sách được duyệt có {use.approved:02d} {use.word}, vượt chỉ tiêu {use.quota:02d} {use.word}; "
            "không thể lập quyết định. Hãy báo quản trị hệ thống kiểm tra dữ liệu."
        )
