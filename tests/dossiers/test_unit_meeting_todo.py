""""Việc cần làm" for the unit's review meeting: each staff member of the unit who has not voted yet sees the
meeting while its vote is under way, and only then; nobody else does; the line costs one query."""

import pytest
import time_machine
from django.urls import reverse

from campaign import todo
from dossiers import meetings, services
from dossiers.models import NomineeKind
from dossiers.todo import vote_tasks
from tests.dossiers.unit_meeting_world import CLOSES, OPENS, build, everyone_agrees
from tests.factories import CampaignFactory, inspector_user, office_user, staff_user
from tests.helpers import vn

pytestmark = pytest.mark.django_db

KEY = "dossiers.to_vote"


def lines(user, now) -> dict[str, todo.Todo]:
    return {item.key: item for item in todo.compute(user, now)}


def test_each_staff_member_who_has_not_voted_sees_the_meeting_until_they_vote():
    world = build(voters=2)
    during = vn(2023, 11, 1, 9)

    for person in (world.head, world.clerk, *world.voters):
        line = lines(person, during)[KEY]
        assert line.label == "Cuộc họp xét khen thưởng chờ bạn biểu quyết"
        assert line.count == 1
        assert line.url == reverse("dossiers:meeting", args=[world.meeting.pk])  # one meeting opens itself
        assert line.note == "biểu quyết kết thúc lúc 11:30 01/11/2023"
        assert line.urgent

    meetings.cast_ballot(meeting=world.meeting, by=world.voters[0], choices=everyone_agrees(world.meeting), now=during)

    assert KEY not in lines(world.voters[0], during)
    assert lines(world.voters[1], during)[KEY].count == 1


def test_no_line_before_the_vote_opens_after_it_closes_or_once_the_meeting_is_closed():
    world = build()
    person = world.voters[0]

    assert KEY not in lines(person, vn(2023, 11, 1, 7, 59))
    assert KEY in lines(person, OPENS)
    assert KEY in lines(person, CLOSES)
    assert KEY not in lines(person, vn(2023, 11, 1, 11, 31))

    meetings.close_meeting(meeting=world.meeting, by=world.head, now=vn(2023, 11, 1, 10))

    assert KEY not in lines(person, vn(2023, 11, 1, 10, 5))


def test_nobody_outside_the_unit_is_asked_to_vote():
    world = build()
    during = vn(2023, 11, 1, 9)
    other_unit_staff = staff_user(
        world.unit.__class__.objects.create(agency=world.campaign.agency, name="Phòng Kế hoạch", display_order=9),
        username="canbo.kh",
    )
    other_agency = CampaignFactory(agency__code="SNN", agency__name="Sở Nông nghiệp")
    stranger = staff_user(
        world.unit.__class__.objects.create(agency=other_agency.agency, name="Văn phòng Sở", display_order=1),
        username="canbo.snn",
    )
    left = world.voters[1]
    left.staff_member.is_active = False
    left.staff_member.save()

    for person in (other_unit_staff, stranger, left, office_user(username="vanphong"), inspector_user(username="bantt")):
        assert KEY not in lines(person, during), person.username


def test_several_meetings_open_the_dossier_list_with_the_earliest_close_and_cost_one_query(
    django_assert_num_queries,
):
    world = build()
    during = vn(2023, 11, 1, 9)
    person = world.voters[0]
    vote_tasks(person, during)  # who the person is (campaign/rules.py's standing) is read once per request
    with django_assert_num_queries(1):
        line, = vote_tasks(person, during)
    assert line.count == 1

    second = services.create_dossier(campaign=CampaignFactory(agency=world.campaign.agency, number="60/KH-SCT"),
                                     unit=world.unit, level="grassroots", by=world.clerk)
    services.add_nomination(dossier=second, by=world.clerk, kind=NomineeKind.COLLECTIVE,
                            achievement_summary="Tập thể hoàn thành xuất sắc nhiệm vụ.")
    meetings.open_meeting(
        dossier=second, by=world.head, held_at=vn(2023, 11, 1, 8), place="Phòng họp số 1",
        chair=world.head.staff_member, secretary=world.clerk.staff_member, voting_opens_at=OPENS,
        voting_closes_at=vn(2023, 11, 1, 10, 45), secret_ballot=True,
    )

    with django_assert_num_queries(1):
        line, = vote_tasks(person, during)
    assert line.count == 2
    assert line.url == reverse("dossiers:list")  # where the dossier list shows each meeting to vote in
    assert line.note == "biểu quyết sớm nhất kết thúc lúc 10:45 01/11/2023"


def test_the_home_page_shows_the_line(client):
    world = build()
    client.force_login(world.voters[0])

    with time_machine.travel(vn(2023, 11, 1, 9), tick=False):
        page = client.get("/").content.decode()

    assert 'id="todo-dossiers-to-vote"' in page
    assert "Cuộc họp xét khen thưởng chờ bạn biểu quyết" in page
