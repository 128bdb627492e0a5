"""The council's tally: who voted how, and whether a nomination passed under the meeting's settings."""

import math
from dataclasses import dataclass

from .models import CouncilMeeting, VoteBase, VoteChoice


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


def quorum_needed(meeting: CouncilMeeting, members: int) -> int:
    return math.ceil(members * meeting.quorum_percent / 100)


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
