"""The unit review meeting's pages: what each person sees and may do, bad input, query counts, and that
no page, download or admin page ever links a person to what they voted in a secret ballot."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from campaign.models import StaffMember
from dossiers import meetings
from dossiers.models import Ballot, DocumentKind, DossierFile, MeetingAttendance, ReviewMeeting
from tests.awards.test_pdf import text
from tests.dossiers.unit_meeting_world import build, everyone_agrees
from tests.factories import StaffMemberFactory, inspector_user, office_user, staff_user
from tests.helpers import vn

pytestmark = pytest.mark.django_db


def _open_form(world, **changes):
    data = {
        "held_at": "2023-11-02T08:00", "place": "Phòng họp số 2", "chair": world.head.staff_member.pk,
        "secretary": world.clerk.staff_member.pk, "voting_opens_at": "2023-11-02T08:00",
        "voting_closes_at": "2023-11-02T11:00", "secret_ballot": "on",
    }
    data.update(changes)
    return data


def test_the_head_opens_a_meeting_from_the_dossier_page(client):
    world = build(open_meeting=False)
    client.force_login(world.head)
    page = client.get(reverse("dossiers:detail", args=[world.dossier.pk])).content.decode()
    assert reverse("dossiers:meeting-open", args=[world.dossier.pk]) in page
    response = client.post(reverse("dossiers:meeting-open", args=[world.dossier.pk]), _open_form(world))
    meeting = ReviewMeeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("dossiers:meeting", args=[meeting.pk])
    assert meeting.held_at == vn(2023, 11, 2, 8) and meeting.voting_closes_at == vn(2023, 11, 2, 11)
    assert meeting.secret_ballot is True


def test_a_clerk_sees_no_open_button_and_is_refused_with_the_reason(client):
    world = build(open_meeting=False)
    client.force_login(world.clerk)
    page = client.get(reverse("dossiers:detail", args=[world.dossier.pk])).content.decode()
    assert reverse("dossiers:meeting-open", args=[world.dossier.pk]) not in page
    response = client.post(reverse("dossiers:meeting-open", args=[world.dossier.pk]), _open_form(world))
    assert response.status_code == 403
    assert "Chỉ lãnh đạo đơn vị mới mở, kết thúc cuộc họp xét" in response.content.decode()
    assert ReviewMeeting.objects.count() == 0


def test_a_refused_opening_keeps_what_was_typed(client):
    world = build(open_meeting=False)
    client.force_login(world.head)
    response = client.post(
        reverse("dossiers:meeting-open", args=[world.dossier.pk]),
        _open_form(world, place="Hội trường tầng 3", voting_closes_at="2023-11-02T07:00"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Thời điểm kết thúc biểu quyết phải sau thời điểm bắt đầu." in page
    assert 'value="Hội trường tầng 3"' in page
    assert ReviewMeeting.objects.count() == 0


@pytest.mark.parametrize("garbage", ["abc", "99999999999999999999999", "\x00", "-1"])
def test_garbage_in_the_open_form_is_a_form_error(client, garbage):
    world = build(open_meeting=False)
    client.force_login(world.head)
    response = client.post(
        reverse("dossiers:meeting-open", args=[world.dossier.pk]),
        _open_form(world, chair=garbage, held_at=garbage),
    )
    assert response.status_code == 400
    assert ReviewMeeting.objects.count() == 0


@pytest.mark.parametrize("garbage", ["abc", "99999999999999999999999", "\x00"])
def test_garbage_in_the_attendance_and_ballot_forms_is_refused_without_a_write(client, garbage):
    world = build()
    client.force_login(world.head)
    url = reverse("dossiers:meeting-attendance", args=[world.meeting.pk])
    assert client.post(url, {"present": [garbage]}).status_code == 400
    vote = reverse("dossiers:meeting-vote", args=[world.meeting.pk])
    assert client.post(vote, {f"q{q.pk}": garbage for q in world.meeting.questions.all()}).status_code == 400
    assert (MeetingAttendance.objects.count(), Ballot.objects.count()) == (0, 0)


def test_a_staff_member_votes_from_the_meeting_page_once(client):
    world = build()
    client.force_login(world.voters[0])
    url = reverse("dossiers:meeting", args=[world.meeting.pk])
    page = client.get(url).content.decode()
    assert "Phiếu biểu quyết của bạn" in page
    data = {f"q{q.pk}": "agree" for q in world.meeting.questions.all()}
    response = client.post(reverse("dossiers:meeting-vote", args=[world.meeting.pk]), data, follow=True)
    page = response.content.decode()
    assert "Đã ghi nhận phiếu của bạn." in page
    assert "Phiếu biểu quyết của bạn" not in page and "Bạn đã bỏ phiếu lúc" in page
    again = client.post(reverse("dossiers:meeting-vote", args=[world.meeting.pk]), data, follow=True)
    assert "mỗi người chỉ bỏ phiếu một lần" in again.content.decode()
    assert Ballot.objects.count() == 1


def test_a_ballot_missing_a_choice_keeps_the_choices_made(client):
    world = build()
    client.force_login(world.voters[0])
    first, second = world.meeting.questions.all()
    response = client.post(reverse("dossiers:meeting-vote", args=[world.meeting.pk]), {f"q{first.pk}": "disagree"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hãy chọn một phương án cho tập thể, cá nhân này." in page
    assert re.search(rf'name="q{first.pk}" value="disagree"[^>]*checked', page)
    assert Ballot.objects.count() == 0


def test_the_tally_is_read_by_the_office_and_the_board_who_cannot_act(client):
    world = build()
    for user in world.voters:
        meetings.cast_ballot(meeting=world.meeting, by=user, choices=everyone_agrees(world.meeting))
    meetings.close_meeting(meeting=world.meeting, by=world.head)
    url = reverse("dossiers:meeting", args=[world.meeting.pk])
    for user in (office_user(agency=world.campaign.agency), inspector_user(agency=world.campaign.agency)):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Kết quả biểu quyết" in page and 'class="tally-row"' in page
        assert "Xác nhận biên bản và đưa vào hồ sơ" not in page
        assert client.post(reverse("dossiers:meeting-confirm", args=[world.meeting.pk])).status_code == 403
        assert client.post(reverse("dossiers:meeting-vote", args=[world.meeting.pk]), {}).status_code == 403
    assert DossierFile.objects.count() == 0


def test_staff_of_another_unit_do_not_see_the_meeting(client):
    world = build()
    other = staff_user(StaffMemberFactory(unit__agency=world.campaign.agency).unit, username="khac")
    client.force_login(other)
    assert client.get(reverse("dossiers:meeting", args=[world.meeting.pk])).status_code == 404
    assert client.get(reverse("dossiers:meeting-minutes", args=[world.meeting.pk])).status_code == 404


def test_the_head_closes_and_confirms_from_the_page_and_the_minutes_reach_the_dossier(client):
    world = build()
    for user in world.voters:
        meetings.cast_ballot(meeting=world.meeting, by=user, choices=everyone_agrees(world.meeting))
    client.force_login(world.head)
    response = client.post(reverse("dossiers:meeting-close", args=[world.meeting.pk]), {"conclusion": ""})
    assert response.status_code == 302
    draft = client.get(reverse("dossiers:meeting-minutes", args=[world.meeting.pk]))
    assert draft["Content-Type"] == "application/pdf" and "DỰ THẢO" in text(draft.content)
    response = client.post(reverse("dossiers:meeting-confirm", args=[world.meeting.pk]), follow=True)
    page = response.content.decode()
    assert "Đã xác nhận biên bản và đưa vào hồ sơ" in page
    stored = DossierFile.objects.get(kind=DocumentKind.MEETING_MINUTES)
    assert stored.original_name in page
    final = client.get(reverse("dossiers:meeting-minutes", args=[world.meeting.pk]))
    assert final.status_code == 302 and final.url == reverse("dossiers:file", args=[stored.pk])


def test_the_meeting_page_makes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    world = build(voters=3)
    for i in range(40):
        StaffMemberFactory(unit=world.unit, full_name=f"Cán bộ thêm {i}")
    for user in world.voters:
        meetings.cast_ballot(meeting=world.meeting, by=user, choices=everyone_agrees(world.meeting))
    present = list(StaffMember.objects.filter(unit=world.unit).order_by("pk")[:20])
    meetings.record_attendance(meeting=world.meeting, by=world.head, present=present)
    client.force_login(world.head)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("dossiers:meeting", args=[world.meeting.pk])).status_code == 200
    meetings.close_meeting(meeting=world.meeting, by=world.head)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("dossiers:meeting", args=[world.meeting.pk])).status_code == 200


def test_no_page_download_or_admin_page_links_a_person_to_a_secret_vote(client, admin_user):
    """Two voters vote differently on a secret ballot; then every page each role can open about the meeting
    (the meeting, the dossier, the minutes, every admin page of the dossiers app) is searched: no ballot key,
    and nothing that names a voter names a choice beside them."""
    world = build(voters=2, secret=True)
    first, second = world.meeting.questions.all()
    a, b = world.voters
    meetings.cast_ballot(meeting=world.meeting, by=a, choices={first.pk: "agree", second.pk: "disagree"})
    meetings.cast_ballot(meeting=world.meeting, by=b, choices={first.pk: "abstain", second.pk: "agree"})
    meetings.close_meeting(meeting=world.meeting, by=world.head)
    meetings.confirm_minutes(meeting=world.meeting, by=world.head)
    ballot_keys = [str(k) for k in Ballot.objects.values_list("pk", flat=True)]
    from dossiers.models import BallotChoice

    ballot_keys += [str(k) for k in BallotChoice.objects.values_list("pk", flat=True)]
    assert admin.site._registry.get(Ballot) is None and admin.site._registry.get(BallotChoice) is None
    readers = [world.head, a, b, world.clerk, office_user(agency=world.campaign.agency),
               inspector_user(agency=world.campaign.agency)]
    urls = [
        reverse("dossiers:meeting", args=[world.meeting.pk]),
        reverse("dossiers:detail", args=[world.dossier.pk]),
        "/quan-tri/dossiers/", "/quan-tri/dossiers/dossier/", f"/quan-tri/dossiers/dossier/{world.dossier.pk}/change/",
        f"/quan-tri/dossiers/dossier/{world.dossier.pk}/history/",
        "/quan-tri/dossiers/reviewmeeting/", f"/quan-tri/dossiers/reviewmeeting/{world.meeting.pk}/change/",
        f"/quan-tri/dossiers/reviewmeeting/{world.meeting.pk}/history/",
    ]
    voter_names = [a.staff_member.full_name, b.staff_member.full_name]
    opened = 0
    for user in readers:
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                continue
            opened += 1
            page = response.content.decode()
            assert not any(key in page for key in ballot_keys), url
            # Wherever a voter is named (the attendance list), the element says nothing of a choice.
            for element in re.findall(r"<(?:li|tr)[^>]*>.*?</(?:li|tr)>", page, flags=re.S):
                if any(name in element for name in voter_names):
                    assert not re.search(r"Đồng ý|Không đồng ý|Không biểu quyết|agree|abstain", element), (url, element)
        stored = DossierFile.objects.get(kind=DocumentKind.MEETING_MINUTES)
        download = client.get(reverse("dossiers:file", args=[stored.pk]))
        minutes = text(b"".join(download.streaming_content))
        assert not any(name in minutes for name in voter_names)
    # The unit's four people open the two portal pages; the office and the board those and the seven admin pages.
    assert opened == 4 * 2 + 2 * 9


def test_the_units_staff_find_the_meeting_being_voted_on_in_their_dossier_list(client):
    world = build()
    client.force_login(world.voters[0])
    page = client.get(reverse("dossiers:list")).content.decode()
    assert reverse("dossiers:meeting", args=[world.meeting.pk]) in page
    assert "đang biểu quyết đến 11:30 01/11/2023" in page
    meetings.close_meeting(meeting=world.meeting, by=world.head)
    page = client.get(reverse("dossiers:list")).content.decode()
    assert "meeting-to-vote" not in page
    client.force_login(office_user(agency=world.campaign.agency))
    assert client.get(reverse("dossiers:list")).context["meetings_to_vote"] == []
