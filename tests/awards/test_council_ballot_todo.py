""""Việc cần làm" for the council's e-ballot: each member marked present who has not voted sees it while the
ballot is open and inside its window, and only then; members absent, the office, the board and another
agency's people do not; the line costs one query."""

import pytest
from django.urls import reverse

from awards.review import ballots
from awards.todo import council_member_tasks
from campaign import todo
from tests.awards.council_ballot_world import CLOSES, OPENS, build, choices_for
from tests.factories import AgencyFactory, CampaignFactory, UnitFactory, inspector_user, staff_user
from tests.helpers import vn

pytestmark = pytest.mark.django_db

KEY = "awards.council_ballot"
DURING = vn(2023, 11, 13, 9)


def lines(user, now=DURING) -> dict[str, todo.Todo]:
    return {item.key: item for item in todo.compute(user, now)}


@pytest.fixture
def world(campaign, office, make_pdf):
    return build(campaign, office, make_pdf, secret=True)


def test_each_member_present_sees_the_ballot_until_they_vote(world):
    present = world.members[:4]

    for member in present:
        line = lines(member)[KEY]
        assert line.label == "Phiếu biểu quyết của Hội đồng Thi đua - Khen thưởng chờ bạn"
        assert line.count == 1
        assert line.url == reverse("awards:council-ballot", args=[world.ballot.pk])
        assert line.note == "biểu quyết kết thúc lúc 17:00 13/11/2023"
        assert line.urgent

    ballots.cast(ballot=world.ballot, by=present[0], choices=choices_for(world, "agree", "agree"), now=DURING)

    assert KEY not in lines(present[0])
    assert lines(present[1])[KEY].count == 1


def test_no_line_outside_the_window_or_once_the_ballot_is_closed(world):
    member = world.members[0]

    assert KEY not in lines(member, vn(2023, 11, 13, 7, 59))
    assert KEY in lines(member, OPENS) and KEY in lines(member, CLOSES)
    assert KEY not in lines(member, vn(2023, 11, 13, 17, 1))

    ballots.close_ballot(ballot=world.ballot, by=world.office, now=vn(2023, 11, 13, 10))

    assert KEY not in lines(member, vn(2023, 11, 13, 10, 5))


def test_nobody_but_the_members_present_is_asked(world):
    absent = world.members[4]
    left = world.members[3]
    left.staff_member.is_active = False
    left.staff_member.save()
    other_agency = AgencyFactory(code="SNN", name="Sở Nông nghiệp")
    CampaignFactory(agency=other_agency, number="57/KH-SNN")
    stranger = staff_user(UnitFactory(agency=other_agency, name="Văn phòng Sở"), username="canbo.snn")

    for person in (absent, left, world.office, inspector_user(username="bantt"), stranger):
        assert KEY not in lines(person), person.username


def test_several_ballots_open_the_list_with_the_earliest_end_in_one_query(
    world, campaign, office, make_pdf, django_assert_num_queries
):
    member = world.members[0]
    council_member_tasks(member, DURING)  # who the person is (campaign/rules.py's standing) is read once per request
    with django_assert_num_queries(1):
        line, = council_member_tasks(member, DURING)
    assert line.count == 1

    second = ballots.open_ballot(
        meeting=_second_meeting(campaign, office, world, make_pdf), by=office, opens_at=OPENS,
        closes_at=vn(2023, 11, 13, 11, 30), secret=False,
    )
    assert second.pk != world.ballot.pk

    with django_assert_num_queries(1):
        line, = council_member_tasks(member, DURING)
    assert line.count == 2
    assert line.url == reverse("awards:council-ballots")
    assert line.note == "biểu quyết sớm nhất kết thúc lúc 11:30 13/11/2023"


def _second_meeting(campaign, office, world, make_pdf):
    """A provincial-level meeting of the same council with the same members present."""
    import datetime as dt

    from awards.review import services as review
    from tests.awards.conftest import make_accepted_dossier

    make_accepted_dossier(campaign, office, individuals=1, files=make_pdf, level="provincial")
    return review.create_meeting(
        campaign=campaign, level="provincial", held_on=dt.date(2023, 11, 13),
        present=[u.staff_member for u in world.members[:4]], by=office,
    )
