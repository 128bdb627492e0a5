"""Reads for the province's pages; every row goes through the rules' scope (404 for the rest)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from awards.models import (
    Approval,
    ProposalStep,
    ProvincialOutcome,
    ProvincialProposal,
    SendingState,
)
from awards.review import quota
from campaign.models import Agency, Allocation, AwardLevel, Campaign, Province, ProvincialPlan
from campaign.rules import scope_for, standing
from dossiers.models import DocumentKind, DossierFile

# The committee's inbox: what waits for it first.
_STATE_ORDER = {SendingState.SENT: 0, SendingState.RETURNED: 1, SendingState.ACCEPTED: 2}


def inbox(user) -> list[ProvincialProposal]:
    """Every Tờ trình the agencies of the committee's provinces have sent, waiting ones first."""
    proposals = list(
        scope_for(user, ProvincialProposal.objects.all())
        .select_related("agency", "campaign", "campaign__provincial_plan", "sent_by")
        .order_by("-sent_at", "-pk")
    )
    proposals.sort(key=lambda p: _STATE_ORDER.get(p.sending_state, 9))
    return proposals


def proposal_for_committee(user, pk: int) -> ProvincialProposal:
    try:
        return (
            scope_for(user, ProvincialProposal.objects.all())
            .select_related("agency", "agency__province", "campaign", "campaign__provincial_plan")
            .get(pk=pk)
        )
    except (ProvincialProposal.DoesNotExist, ValueError, OverflowError):
        raise Http404("Không tìm thấy tờ trình.") from None


@dataclass
class NomineeRow:
    approval: Approval
    reports: list[DossierFile]
    outcome: ProvincialOutcome | None


def nominee_rows(user, proposal: ProvincialProposal) -> list[NomineeRow]:
    """The list of a Tờ trình with each nominee's latest achievement report and the province's outcome,
    in a fixed number of queries, all through the rules' scope."""
    approvals = list(
        scope_for(user, Approval.objects.live().filter(campaign_id=proposal.campaign_id, level=AwardLevel.PROVINCIAL))
        .select_related("nomination__staff__unit", "nomination__nominee_unit", "nomination__dossier__unit")
        .order_by("kind", "nomination__dossier__unit__display_order", "nomination__pk")
    )
    nomination_ids = [a.nomination_id for a in approvals]
    reports: dict[int, list[DossierFile]] = {}
    files = scope_for(
        user,
        DossierFile.objects.filter(nomination_id__in=nomination_ids, kind=DocumentKind.ACHIEVEMENT_REPORT),
    ).order_by("nomination_id", "-version")
    for stored in files:
        # The latest version of each report first.
        reports.setdefault(stored.nomination_id, []).append(stored)
    outcomes = {
        o.approval_id: o
        for o in scope_for(user, ProvincialOutcome.objects.filter(approval_id__in=[a.pk for a in approvals]))
    }
    return [NomineeRow(a, reports.get(a.nomination_id, [])[:1], outcomes.get(a.pk)) for a in approvals]


def steps(user, proposal: ProvincialProposal) -> QuerySet[ProposalStep]:
    return scope_for(user, ProposalStep.objects.filter(proposal=proposal)).order_by("at", "pk")


# Allocations ----------------------------------------------------------------------------------------------


def committee_provinces(user) -> QuerySet[Province]:
    return Province.objects.filter(pk__in=standing(user).committee).order_by("name")


def committee_plans(user) -> QuerySet[ProvincialPlan]:
    return (
        scope_for(user, ProvincialPlan.objects.filter(province_id__in=standing(user).committee))
        .select_related("province")
        .order_by("-year", "-signing_date", "pk")
    )


def plan_for_committee(user, pk) -> ProvincialPlan:
    try:
        return committee_plans(user).get(pk=pk)
    except (ProvincialPlan.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy kế hoạch của tỉnh.") from None


def agency_in_plan(plan: ProvincialPlan, pk) -> Agency:
    try:
        return Agency.objects.get(pk=pk, province_id=plan.province_id)
    except (Agency.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy cơ quan trong tỉnh.") from None


@dataclass
class AllocationRow:
    agency: Agency
    allocation: Allocation | None
    forwarded: dict[str, int]
    proposal: ProvincialProposal | None


def allocation_rows(user, plan: ProvincialPlan) -> list[AllocationRow]:
    """Every agency of the plan's province with its allocation, what it has put forward (live provincial
    approvals of its campaigns carrying out the plan) and its Tờ trình as the committee sees it; a fixed
    number of queries whatever the number of agencies."""
    agencies = list(Agency.objects.filter(province_id=plan.province_id).order_by("name"))
    allocations = {a.agency_id: a for a in scope_for(user, Allocation.objects.filter(provincial_plan=plan))}
    campaigns = list(Campaign.objects.filter(provincial_plan=plan, agency__in=agencies).only("pk", "agency_id"))
    counts = quota.approved_counts_by_campaign([c.pk for c in campaigns])
    forwarded: dict[int, dict[str, int]] = {a.pk: {kind: 0 for kind in quota.KINDS} for a in agencies}
    for campaign in campaigns:
        for kind, n in quota.counts_in(counts, campaign.pk, AwardLevel.PROVINCIAL).items():
            forwarded[campaign.agency_id][kind] += n
    proposals = {
        p.agency_id: p
        for p in scope_for(user, ProvincialProposal.objects.filter(campaign__provincial_plan=plan)).order_by("pk")
    }
    return [AllocationRow(a, allocations.get(a.pk), forwarded[a.pk], proposals.get(a.pk)) for a in agencies]


def allocation_history(user, plan: ProvincialPlan) -> list:
    """Every change of the plan's allocations, newest first, with who and why."""
    visible = scope_for(user, Allocation.objects.filter(provincial_plan=plan)).values("pk")
    return list(
        Allocation.history.filter(id__in=visible)
        .select_related("agency", "updated_by")
        .order_by("-history_date")[:200]
    )


def own_allocations(user) -> QuerySet[Allocation]:
    """The agency's view: its own allocations, read-only."""
    return scope_for(user, Allocation.objects.select_related("provincial_plan", "agency")).order_by(
        "-provincial_plan__year", "agency__name"
    )


