"""The council's e-ballot (issue 14 point 4): the office opens it for a meeting, the members marked present
vote online on each nomination inside the window, once each, and closing it turns the ballots into the
meeting's votes, the same rows the office's paper vote grid records, so the tally, pass or fail and
approval all go through awards/review/council.py as for a paper meeting.

A secret ballot keeps two things apart, as the unit's review meeting does (dossiers/meetings.py): the
participation row says who voted and when (for "once"); a choice says what was voted on one nomination,
with no voter, no time, a random key and no history. The votes it becomes carry no member either. Pages,
the minutes and the admin only ever show counts. The tally is shown only once the ballot is closed, so
nobody can watch it change as each member votes.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from awards.models import (
    Approval,
    CouncilBallot,
    CouncilBallotChoice,
    CouncilBallotParticipation,
    CouncilBallotState,
    CouncilMeeting,
    Vote,
    VoteChoice,
)
from campaign.rules import ensure, scope_for, standing
from core.errors import DeadlineError, DomainError, NotAllowed
from core.time import PLAN_TZ
from dossiers.models import Nomination

from . import council, selectors

CHOICE_LABELS = {
    VoteChoice.AGREE: "Tán thành",
    VoteChoice.DISAGREE: "Không tán thành",
    VoteChoice.ABSTAIN: "Không biểu quyết",
    VoteChoice.CONFLICT: "Xung đột lợi ích",
}


def moment(at: datetime) -> str:
    return at.astimezone(PLAN_TZ).strftime("%H:%M ngày %d/%m/%Y")


def ballot_nominations(meeting: CouncilMeeting) -> QuerySet[Nomination]:
    """What the members vote on: the nominations before the council at the meeting's campaign and level
    (as on the vote grid), except those already approved (their vote is settled)."""
    approved = Approval.objects.live().filter(campaign=meeting.campaign_id, level=meeting.level)
    return selectors.nominations_before_council(meeting.campaign, meeting.level).exclude(
        pk__in=approved.values("nomination_id")
    )


def _locked(ballot: CouncilBallot) -> CouncilBallot:
    return CouncilBallot.objects.select_for_update().select_related("meeting__campaign__agency").get(pk=ballot.pk)


# Opening -----------------------------------------------------------------------------------------


def open_ballot(
    *,
    meeting: CouncilMeeting,
    by: User,
    opens_at: datetime,
    closes_at: datetime,
    secret: bool,
    now: datetime | None = None,
) -> CouncilBallot:
    now = now or timezone.now()
    ensure(by, "awards.open_councilballot", meeting)
    if opens_at is None or closes_at is None:
        raise DomainError("Hãy nhập thời điểm bắt đầu và kết thúc biểu quyết.")
    if closes_at <= opens_at:
        raise DomainError("Thời điểm kết thúc biểu quyết phải sau thời điểm bắt đầu.")
    if closes_at <= now:
        raise DeadlineError(
            f"Thời điểm kết thúc biểu quyết ({moment(closes_at)}) đã qua; hãy chọn một thời điểm sau bây giờ."
        )
    with transaction.atomic():
        meeting = CouncilMeeting.objects.select_for_update().select_related("campaign").get(pk=meeting.pk)
        if not meeting.campaign.is_emulation_over(now):
            raise DomainError("Chỉ biểu quyết sau khi kết thúc thời gian thi đua.")
        if CouncilBallot.objects.filter(meeting=meeting).exists():
            raise DomainError("Phiên họp này đã có biểu quyết điện tử; mỗi phiên họp chỉ mở một lần.")
        if meeting.votes.exists():
            raise DomainError(
                "Phiên họp đã có phiếu biểu quyết nhập trên giấy; phiên họp này tiếp tục dùng bảng nhập phiếu."
            )
        if not meeting.members_present.exists():
            raise DomainError("Phiên họp chưa có thành viên Hội đồng dự họp nào để biểu quyết.")
        if not ballot_nominations(meeting).exists():
            raise DomainError("Chưa có đề nghị nào thuộc hồ sơ đã tiếp nhận ở cấp khen thưởng này để biểu quyết.")
        return CouncilBallot.objects.create(
            meeting=meeting, opens_at=opens_at, closes_at=closes_at, secret=bool(secret), opened_by=by, opened_at=now
        )


# Voting ------------------------------------------------------------------------------------------


def cast(*, ballot: CouncilBallot, by: User, choices: dict[int, str], now: datetime | None = None) -> None:
    """One member's ballot: a choice on every nomination, once, inside the window."""
    now = now or timezone.now()
    ensure(by, "awards.vote_councilballot", ballot)
    member = standing(by).staff
    with transaction.atomic():
        ballot = _locked(ballot)
        if ballot.state != CouncilBallotState.OPEN:
            raise NotAllowed(f"Biểu quyết đã kết thúc lúc {moment(ballot.closed_at)}; không thể bỏ phiếu nữa.")
        if now < ballot.opens_at:
            raise DeadlineError(f"Chưa đến thời gian biểu quyết (bắt đầu lúc {moment(ballot.opens_at)}).")
        if now > ballot.closes_at:
            raise DeadlineError(f"Đã hết thời gian biểu quyết (kết thúc lúc {moment(ballot.closes_at)}).")
        nominations = list(ballot_nominations(ballot.meeting))
        if not nominations:
            raise DomainError("Không còn đề nghị nào để biểu quyết.")
        missing = [n.nominee_name for n in nominations if choices.get(n.pk) not in VoteChoice.values]
        if missing:
            raise DomainError(
                "Hãy chọn Tán thành, Không tán thành, Không biểu quyết hoặc Xung đột lợi ích cho: "
                + "; ".join(missing) + "."
            )
        already = "Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ phiếu một lần."
        if CouncilBallotParticipation.objects.filter(ballot=ballot, member=member).exists():
            raise NotAllowed(already)
        try:
            with transaction.atomic():
                CouncilBallotParticipation.objects.create(ballot=ballot, member=member, voted_at=now)
        except IntegrityError:
            # The constraint holds even if two requests of the same member got here together.
            raise NotAllowed(already) from None
        CouncilBallotChoice.objects.bulk_create(
            CouncilBallotChoice(
                ballot=ballot, nomination=n, secret=ballot.secret, voter=None if ballot.secret else member,
                choice=choices[n.pk],
            )
            for n in nominations
        )


def has_voted(ballot: CouncilBallot, user) -> bool:
    member = standing(user).staff
    return member is not None and CouncilBallotParticipation.objects.filter(ballot=ballot, member=member).exists()


def own_choices(ballot: CouncilBallot, user) -> dict[int, str]:
    """What the member voted in an open (not secret) ballot; nothing for a secret one, where nobody knows."""
    member = standing(user).staff
    if ballot.secret or member is None:
        return {}
    return dict(
        CouncilBallotChoice.objects.filter(ballot=ballot, voter=member).values_list("nomination_id", "choice")
    )


# Closing -----------------------------------------------------------------------------------------


def close_ballot(*, ballot: CouncilBallot, by: User, now: datetime | None = None) -> CouncilBallot:
    """The office ends the vote (at any time). The choices become the meeting's votes, recorded by the
    office as on the paper grid; a secret ballot's votes name no member."""
    now = now or timezone.now()
    ensure(by, "awards.close_councilballot", ballot)
    with transaction.atomic():
        ballot = _locked(ballot)
        if ballot.state != CouncilBallotState.OPEN:
            raise NotAllowed(f"Biểu quyết đã kết thúc lúc {moment(ballot.closed_at)}.")
        ballot.state = CouncilBallotState.CLOSED
        ballot.closed_at = now
        ballot.closed_by = by
        ballot.save(update_fields=["state", "closed_at", "closed_by"])
        rows = ballot.choices.order_by("nomination_id", "choice").values_list("nomination_id", "voter_id", "choice")
        for nomination_id, voter_id, choice in rows:
            # One row at a time, so each vote has its history (who recorded it, as for the grid).
            Vote.objects.create(
                meeting=ballot.meeting, nomination_id=nomination_id, member_id=voter_id, choice=choice,
                recorded_by=by,
            )
    return ballot


# Reading -----------------------------------------------------------------------------------------


def member_ballots(user) -> QuerySet[CouncilBallot]:
    """The e-ballots of meetings where the user, active staff, is marked present as a council member."""
    me = standing(user)
    if me.staff is None:
        return CouncilBallot.objects.none()
    return CouncilBallot.objects.filter(
        meeting__members_present=me.staff, meeting__campaign__agency=me.staff_agency_id
    )


def ballots_for(user) -> QuerySet[CouncilBallot]:
    """Every e-ballot the user reads (the office, the Director, the board) or votes in (a member present)."""
    seen = scope_for(user, CouncilBallot.objects.all()).values("pk")
    mine = member_ballots(user).values("pk")
    return (
        CouncilBallot.objects.filter(Q(pk__in=seen) | Q(pk__in=mine))
        .select_related("meeting__campaign")
        .order_by("-opens_at", "pk")
    )


def meetings_without_ballot(user) -> QuerySet[CouncilMeeting]:
    """Meetings the user sees that have neither an e-ballot nor paper votes: where the office may open one."""
    return (
        scope_for(user, CouncilMeeting.objects.filter(ballot__isnull=True, votes__isnull=True))
        .select_related("campaign")
        .distinct()
        .order_by("-held_on", "pk")
    )


@dataclass(frozen=True)
class BallotRow:
    nomination: Nomination
    result: council.Tally | None


def tally_rows(ballot: CouncilBallot) -> list[BallotRow]:
    """Once closed: each nomination voted on with its tally, from the meeting's votes by the same function
    the vote grid uses. Before closing: nothing (the tally is never watched as it fills)."""
    if ballot.state != CouncilBallotState.CLOSED:
        return []
    tallies = council.meeting_tallies(ballot.meeting)
    voted = (
        Nomination.objects.filter(pk__in=list(tallies))
        .select_related("dossier__unit", "staff__unit", "nominee_unit")
        .order_by("kind", "dossier__unit__display_order", "pk")
    )
    return [BallotRow(n, tallies.get(n.pk)) for n in voted]


def participation(ballot: CouncilBallot) -> tuple[list, int]:
    """Who of the members present voted (names and times; never what), and how many are present."""
    present = list(ballot.meeting.members_present.order_by("full_name"))
    voted = dict(ballot.participations.values_list("member_id", "voted_at"))
    return [(member, voted.get(member.pk)) for member in present], len(present)


def voted_ballot_ids(user, listed: list[CouncilBallot]) -> set[int]:
    """Of `listed`, the ballots the user has voted in (one query)."""
    member = standing(user).staff
    if member is None or not listed:
        return set()
    return set(
        CouncilBallotParticipation.objects.filter(ballot__in=listed, member=member).values_list("ballot_id", flat=True)
    )


def named_choices(choices: dict[int, str]) -> list[tuple[Nomination, str]]:
    """A member's own open-ballot choices with their nominations, in the ballot's order."""
    if not choices:
        return []
    nominations = (
        Nomination.objects.filter(pk__in=list(choices))
        .select_related("staff", "nominee_unit")
        .order_by("kind", "pk")
    )
    return [(n, choices[n.pk]) for n in nominations]
