"""A council with logins, a meeting and accepted nominations for the council's e-ballot tests."""

import datetime as dt
from dataclasses import dataclass

from awards.models import CouncilBallot, CouncilMeeting
from awards.review import ballots
from awards.review import services as review
from campaign.models import Board, BoardKind, BoardMembership, BoardRole, Campaign
from dossiers.models import Nomination
from tests.awards.conftest import make_accepted_dossier
from tests.factories import UnitFactory, staff_user
from tests.helpers import vn

OPENS = vn(2023, 11, 13, 8)
CLOSES = vn(2023, 11, 13, 17)


@dataclass
class World:
    campaign: Campaign
    office: object
    members: list  # logins of the council's members, the first `present` of them present
    meeting: CouncilMeeting
    nominations: list[Nomination]
    ballot: CouncilBallot | None


def build(campaign, office, files, *, members=5, present=4, individuals=2, secret=True, open_ballot=True, **kwargs):
    board = Board.objects.create(agency=campaign.agency, kind=BoardKind.COUNCIL, name="Hội đồng Thi đua - Khen thưởng")
    unit = UnitFactory(agency=campaign.agency, name="Ban Giám đốc Sở", display_order=0)
    names = ["Trần Quốc Hưng", "Lê Thị Thanh Hà", "Phạm Minh Tuấn", "Nguyễn Thị Kim Oanh", "Võ Văn Sáu"]
    logins = []
    for index in range(members):
        name = names[index] if index < len(names) else f"Thành viên Hội đồng {index + 1}"
        user = staff_user(unit, username=f"hoidong{index + 1}", full_name=name)
        role = BoardRole.CHAIR if index == 0 else BoardRole.SECRETARY if index == 1 else BoardRole.MEMBER
        BoardMembership.objects.create(board=board, staff=user.staff_member, role=role)
        logins.append(user)
    _, nominations = make_accepted_dossier(campaign, office, individuals=individuals, files=files)
    meeting = review.create_meeting(
        campaign=campaign, level="grassroots", held_on=dt.date(2023, 11, 13),
        present=[u.staff_member for u in logins[:present]], by=office, **kwargs,
    )
    ballot = None
    if open_ballot:
        ballot = ballots.open_ballot(meeting=meeting, by=office, opens_at=OPENS, closes_at=CLOSES, secret=secret)
    return World(campaign, office, logins, meeting, nominations, ballot)


def choices_for(world: World, *choices: str) -> dict[int, str]:
    """{nomination id: choice}: the given choices in the order of the ballot's nominations."""
    order = list(ballots.ballot_nominations(world.meeting))
    return {n.pk: choice for n, choice in zip(order, choices, strict=True)}
