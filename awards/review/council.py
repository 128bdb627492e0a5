"""The council (Hội đồng Thi đua - Khen thưởng): its members, the tally of a nomination under a meeting's
settings, and which tally counts when a nomination was voted at more than one meeting. Written once:
approving, the shortlist and the vote grid all ask this module."""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from awards.models import CouncilMeeting, Vote, VoteBase, VoteChoice
from campaign.models import BoardKind, BoardMembership, Campaign, StaffMember
from dossiers.models import Nomination


@dataclass(frozen=True)
class Tally:
    members: int  # members of the council
    present: int
    agree: int
    disagree: int
    abstain: int
    conflict: int
    base: int
    quorum_needed: int
    has_quorum: bool
    passed: bool

    @property
    def cast(self) -> int:
        return self.agree + self.disagree + self.abstain

    @property
    def agree_percent(self) -> float:
        return round(100 * self.agree / self.base, 1) if self.base else 0.0

    @property
    def result_label(self) -> str:
        if not self.has_quorum:
            return "Không đủ số thành viên dự họp"
        if self.cast + self.conflict == 0:
            return "Chưa biểu quyết"
        return "Đạt" if self.passed else "Không đạt"


def quorum_needed_of(quorum_percent: int, members: int) -> int:
    """Members who must be present: `quorum_percent` of the council's members, rounded up."""
    return math.ceil(members * quorum_percent / 100)


def quorum_needed(meeting: CouncilMeeting, members: int) -> int:
    return quorum_needed_of(meeting.quorum_percent, members)


def tally(meeting: CouncilMeeting, *, members: int, present: int, choices: list[str]) -> Tally:
    """Count one nomination's votes. Members with a conflict of interest leave the base (they do not vote)."""
    counts = {choice: choices.count(choice) for choice in VoteChoice.values}
    conflict = counts[VoteChoice.CONFLICT]
    base = (members if meeting.vote_base == VoteBase.ALL_MEMBERS else present) - conflict
    needed = quorum_needed(meeting, members)
    has_quorum = members > 0 and present >= needed
    passed = has_quorum and base > 0 and counts[VoteChoice.AGREE] * 100 > meeting.pass_threshold_percent * base
    return Tally(
        members=members,
        present=present,
        agree=counts[VoteChoice.AGREE],
        disagree=counts[VoteChoice.DISAGREE],
        abstain=counts[VoteChoice.ABSTAIN],
        conflict=conflict,
        base=base,
        quorum_needed=needed,
        has_quorum=has_quorum,
        passed=passed,
    )


# Members ---------------------------------------------------------------------------------------------


def council_members(campaign: Campaign) -> QuerySet[StaffMember]:
    """Members of the agency's emulation and commendation council."""
    return StaffMember.objects.filter(
        board_memberships__board__agency=campaign.agency_id, board_memberships__board__kind=BoardKind.COUNCIL
    ).distinct()


def council_member_ids(campaign: Campaign) -> set[int]:
    return set(
        BoardMembership.objects.filter(board__agency=campaign.agency_id, board__kind=BoardKind.COUNCIL).values_list(
            "staff_id", flat=True
        )
    )


# Tallies ---------------------------------------------------------------------------------------------


def _tallies(meetings: list[CouncilMeeting], votes: Iterable[tuple[int, int, str]]) -> dict:
    """{(nomination id, meeting id): Tally} from (nomination id, meeting id, choice) rows; each meeting
    carries `_present`, its number of members present, and counts against the council as it was at the
    meeting (`council_size`), never today's board."""
    by_pk = {meeting.pk: meeting for meeting in meetings}
    choices: dict[tuple[int, int], list[str]] = defaultdict(list)
    for nomination_id, meeting_id, choice in votes:
        choices[(nomination_id, meeting_id)].append(choice)
    return {
        (nomination_id, meeting_id): tally(
            by_pk[meeting_id], members=by_pk[meeting_id].council_size, present=by_pk[meeting_id]._present,
            choices=cast,
        )
        for (nomination_id, meeting_id), cast in choices.items()
    }


def _with_present(meetings: QuerySet[CouncilMeeting]) -> list[CouncilMeeting]:
    return list(meetings.annotate(_present=Count("members_present", distinct=True)))


def meeting_tallies(meeting: CouncilMeeting) -> dict[int, Tally]:
    """The tally of every nomination voted at one meeting (the vote grid), in two queries."""
    (meeting,) = _with_present(CouncilMeeting.objects.filter(pk=meeting.pk).select_related("campaign"))
    votes = Vote.objects.filter(meeting=meeting).values_list("nomination_id", "meeting_id", "choice")
    return {nomination_id: result for (nomination_id, _), result in _tallies([meeting], votes).items()}


def counting_tallies(
    campaign: Campaign, level: str, *, nominations: Iterable[int] | None = None
) -> dict[int, Tally]:
    """The tally that counts for each nomination of a campaign and level (or only of `nominations`):
    the one of the latest meeting (by date, then by the order they were recorded) that voted on it. A
    later meeting's vote replaces an earlier one. Two queries, whatever the number of meetings."""
    meetings = _with_present(CouncilMeeting.objects.filter(campaign=campaign, level=level))
    votes = Vote.objects.filter(meeting__campaign=campaign, meeting__level=level)
    if nominations is not None:
        votes = votes.filter(nomination__in=list(nominations))
    order = {meeting.pk: (meeting.held_on, meeting.pk) for meeting in meetings}
    counting: dict[int, tuple[tuple, Tally]] = {}
    tallies = _tallies(meetings, votes.values_list("nomination_id", "meeting_id", "choice"))
    for (nomination_id, meeting_id), result in tallies.items():
        current = counting.get(nomination_id)
        if current is None or order[meeting_id] > current[0]:
            counting[nomination_id] = (order[meeting_id], result)
    return {nomination_id: result for nomination_id, (_, result) in counting.items()}


def counting_tally(nomination: Nomination) -> Tally | None:
    """The result that decides whether `nomination` may be approved; None if no meeting voted on it."""
    return counting_tallies(nomination.campaign, nomination.level, nominations=[nomination.pk]).get(nomination.pk)
