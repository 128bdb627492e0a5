""""Việc cần làm" from the awards (registered in AwardsConfig.ready()): the office's unanswered comments,
council meetings to record and decisions to draft; a council member's open e-ballot; the Director's decisions
and Tờ trình to sign; what waits for the province's steering committee. Aggregate queries only, whatever the
number of rows."""

from datetime import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q

from campaign.models import AwardLevel, Campaign
from campaign.rules import can, scope_for, standing
from campaign.todo import Todo, link, votes_waiting

from .models import (
    Approval,
    AwardDecision,
    CouncilBallotState,
    CouncilMeeting,
    DecisionState,
    Feedback,
    ProvincialProposal,
    SendingState,
    Vote,
)
from .review.ballots import member_ballots


def office_tasks(user, now: datetime) -> list[Todo]:
    me = standing(user)
    if not me.office:
        return []
    out = []
    if can(user, "awards.answer_feedback"):
        count = scope_for(user, Feedback.objects.filter(publication__campaign__agency_id__in=me.office, answer="")).count()
        out.append(Todo("awards.feedback", "Ý kiến về danh sách công khai chưa trả lời", count,
                        link(user, "awards.answer_feedback", "admin:awards_feedback_changelist", query="da_tra_loi=khong"),
                        order=20))
    if can(user, "awards.record_votes"):
        count = scope_for(user, CouncilMeeting.objects.filter(campaign__agency_id__in=me.office)).exclude(
            Exists(Vote.objects.filter(meeting=OuterRef("pk")))
        ).count()
        out.append(Todo("awards.meetings", "Phiên họp Hội đồng Thi đua - Khen thưởng chưa ghi kết quả biểu quyết",
                        count, link(user, "awards.record_votes", "admin:awards_councilmeeting_changelist"), order=25))
    if can(user, "awards.add_awarddecision"):
        live = Approval.objects.filter(campaign=OuterRef("pk"), revoked_at__isnull=True)
        totals = (
            scope_for(user, Campaign.objects.filter(agency_id__in=me.office))
            .annotate(
                grassroots=Exists(live.filter(level=AwardLevel.GRASSROOTS)),
                decided=Exists(AwardDecision.objects.filter(campaign=OuterRef("pk"), level=AwardLevel.GRASSROOTS)),
                provincial=Exists(live.filter(level=AwardLevel.PROVINCIAL)),
                proposed=Exists(ProvincialProposal.objects.filter(campaign=OuterRef("pk"))),
            )
            .aggregate(
                decisions=Count("pk", filter=Q(grassroots=True, decided=False)),
                proposals=Count("pk", filter=Q(provincial=True, proposed=False)),
            )
        )
        url = link(user, "awards.view_register", "awards:decisions")
        out.append(Todo("awards.decisions_to_draft", "Quyết định khen thưởng cần lập", totals["decisions"], url, order=30))
        out.append(Todo("awards.proposals_to_draft", "Tờ trình đề nghị cấp tỉnh cần lập", totals["proposals"], url, order=30))
    return out


def council_member_tasks(user, now: datetime) -> list[Todo]:
    """The council's e-ballots open now at meetings where the person is marked present and has not voted."""
    me = standing(user)
    if me.staff is None or not can(user, "awards.vote_councilballot"):
        return []
    waiting = member_ballots(user).filter(
        state=CouncilBallotState.OPEN, opens_at__lte=now, closes_at__gte=now
    ).exclude(participations__member_id=me.staff.pk)
    return [votes_waiting(
        user, waiting, closes="closes_at", key="awards.council_ballot",
        label="Phiếu biểu quyết của Hội đồng Thi đua - Khen thưởng chờ bạn",
        one=("awards.vote_councilballot", "awards:council-ballot"),
        many=("awards.view_councilballot", "awards:council-ballots"),
    )]


def director_tasks(user, now: datetime) -> list[Todo]:
    me = standing(user)
    if not me.director or not can(user, "awards.sign_awarddecision"):
        return []
    waiting = Q(agency_id__in=me.director, state=DecisionState.DRAFT)
    decisions = scope_for(user, AwardDecision.objects.filter(waiting)).aggregate(n=Count("pk"), pk=Min("pk"))
    proposals = scope_for(user, ProvincialProposal.objects.filter(waiting)).aggregate(n=Count("pk"), pk=Min("pk"))
    register = link(user, "awards.view_register", "awards:decisions")
    return [
        Todo("awards.decisions_to_sign", "Quyết định khen thưởng chờ ký", decisions["n"],
             link(user, "awards.view_awarddecision", "awards:decision", decisions["pk"]) if decisions["n"] == 1 else register,
             order=10),
        Todo("awards.proposals_to_sign", "Tờ trình đề nghị khen thưởng cấp tỉnh chờ ký", proposals["n"],
             link(user, "awards.view_provincialproposal", "awards:proposal", proposals["pk"]) if proposals["n"] == 1 else register,
             order=10),
    ]


def committee_tasks(user, now: datetime) -> list[Todo]:
    if not can(user, "campaign.view_committee_inbox"):
        return []
    me = standing(user)
    inbox = link(user, "campaign.view_committee_inbox", "province:inbox")
    received = scope_for(user, ProvincialProposal.objects.filter(
        agency__province_id__in=me.committee, sending_state=SendingState.SENT
    )).count()
    outcomes = scope_for(user, Approval.objects.filter(
        campaign__agency__province_id__in=me.committee,
        level=AwardLevel.PROVINCIAL,
        revoked_at__isnull=True,
        campaign__provincial_proposal__sending_state=SendingState.ACCEPTED,
        provincial_outcome__isnull=True,
    )).count()
    return [
        Todo("province.received", "Tờ trình của các cơ quan chờ tiếp nhận", received, inbox, order=10),
        Todo("province.outcomes", "Đề nghị đã tiếp nhận chưa ghi kết quả cấp tỉnh", outcomes, inbox, order=20),
    ]


def tasks(user, now: datetime) -> list[Todo]:
    return (office_tasks(user, now) + council_member_tasks(user, now) + director_tasks(user, now)
            + committee_tasks(user, now))
