"""Council meetings only through the services, the tally against the council as it was, and the records
that stay (issue 12, point 3), and the shortlist's answers to malformed posts (point 6)."""

import datetime as dt

import pytest

from awards.models import Approval, CouncilMeeting, Feedback, Publication, Vote
from awards.review import council as council_rules
from awards.review import selectors
from awards.review import services as review
from campaign.models import Board, BoardKind, BoardMembership
from core.errors import DomainError
from tests.awards.conftest import make_accepted_dossier
from tests.factories import StaffMemberFactory, UnitFactory

HELD_ON = dt.date(2023, 11, 13)
ADD_URL = "/quan-tri/awards/councilmeeting/add/"


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def _meeting_form(campaign, present, **overrides):
    data = {
        "campaign": campaign.pk, "level": "grassroots", "held_on": "13/11/2023",
        "members_present": [m.pk for m in present], "quorum_percent": 50, "vote_base": "all",
        "pass_threshold_percent": 50, "notes": "",
        "votes-TOTAL_FORMS": 0, "votes-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def _voted(meeting, campaign, office, council, make_pdf, members=None, choice="agree"):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    members = council[:6] if members is None else members
    review.record_votes(meeting=meeting, nomination=nomination, votes={m.pk: choice for m in members}, by=office)
    return nomination


# Creating a meeting -------------------------------------------------------------------------------------


def test_a_meeting_with_no_member_present_is_refused(campaign, council, office):
    with pytest.raises(DomainError) as refused:
        review.create_meeting(campaign=campaign, level="grassroots", held_on=HELD_ON, present=[], by=office)
    assert refused.value.message == (
        "Hãy chọn các thành viên Hội đồng dự họp; phiên họp phải có ít nhất một thành viên."
    )
    assert CouncilMeeting.objects.count() == 0


def test_a_meeting_below_its_quorum_is_refused(campaign, council, office):
    with pytest.raises(DomainError) as refused:
        review.create_meeting(campaign=campaign, level="grassroots", held_on=HELD_ON, present=council[:3], by=office)
    assert refused.value.message == (
        "Không đủ số thành viên dự họp: có 3/7 thành viên Hội đồng, cần ít nhất 4 (50% số thành viên)."
    )


def test_the_admin_add_form_shows_the_quorum_refusal_and_creates_nothing(office_client, campaign, council):
    response = office_client.post(ADD_URL, _meeting_form(campaign, council[:2], notes="Biên bản số 1"))
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Không đủ số thành viên dự họp: có 2/7 thành viên Hội đồng, cần ít nhất 4 (50% số thành viên)."
    ]
    assert "Biên bản số 1" in response.content.decode()
    assert CouncilMeeting.objects.count() == 0


def test_the_admin_add_form_with_no_member_present_is_a_form_error(office_client, campaign, council):
    response = office_client.post(ADD_URL, _meeting_form(campaign, []))
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Hãy chọn các thành viên Hội đồng dự họp; phiên họp phải có ít nhất một thành viên."
    ]
    assert CouncilMeeting.objects.count() == 0


def test_the_admin_creates_the_meeting_through_the_service_with_the_council_of_the_day(
    office_client, campaign, council, office
):
    response = office_client.post(ADD_URL, _meeting_form(campaign, council[:4]))
    assert response.status_code == 302
    meeting = CouncilMeeting.objects.get()
    assert (meeting.council_size, meeting.created_by, meeting.members_present.count()) == (7, office, 4)
    assert set(meeting.council_at_meeting.all()) == set(council)


# Changing a meeting -------------------------------------------------------------------------------------


def test_settings_are_locked_once_a_vote_exists(meeting, campaign, office, council, make_pdf):
    _voted(meeting, campaign, office, council, make_pdf)
    with pytest.raises(DomainError) as refused:
        review.update_meeting(
            meeting=meeting, by=office, level="grassroots", held_on=HELD_ON, present=council[:6], quorum_percent=50,
            vote_base="all", pass_threshold_percent=80,
        )
    assert refused.value.message == (
        "Phiên họp đã có phiếu biểu quyết; không thể thay đổi thành phần dự họp, túc số, cách tính, ngưỡng thông "
        "qua, cấp khen thưởng hay ngày họp (đã sửa: ngưỡng thông qua (%))."
    )
    meeting.refresh_from_db()
    assert meeting.pass_threshold_percent == 50


def test_attendance_is_locked_once_a_vote_exists(meeting, campaign, office, council, make_pdf):
    _voted(meeting, campaign, office, council, make_pdf)
    with pytest.raises(DomainError):
        review.update_meeting(
            meeting=meeting, by=office, level="grassroots", held_on=HELD_ON, present=council, quorum_percent=50,
            vote_base="all", pass_threshold_percent=50,
        )
    assert meeting.members_present.count() == 6


def test_notes_may_still_be_corrected_after_votes(meeting, campaign, office, council, make_pdf):
    _voted(meeting, campaign, office, council, make_pdf)
    review.update_meeting(
        meeting=meeting, by=office, level="grassroots", held_on=HELD_ON, present=council[:6], quorum_percent=50,
        vote_base="all", pass_threshold_percent=50, notes="Biên bản đã ký",
    )
    meeting.refresh_from_db()
    assert meeting.notes == "Biên bản đã ký"


def test_before_any_vote_a_change_still_needs_the_quorum(meeting, office, council):
    with pytest.raises(DomainError) as refused:
        review.update_meeting(
            meeting=meeting, by=office, level="grassroots", held_on=HELD_ON, present=council[:6], quorum_percent=100,
            vote_base="all", pass_threshold_percent=50,
        )
    assert refused.value.message == (
        "Không đủ số thành viên dự họp: có 6/7 thành viên Hội đồng, cần ít nhất 7 (100% số thành viên)."
    )


def test_the_admin_change_form_after_votes_is_a_form_error(office_client, meeting, campaign, office, council,
                                                           make_pdf):
    _voted(meeting, campaign, office, council, make_pdf)
    vote_ids = list(Vote.objects.filter(meeting=meeting).values_list("pk", flat=True))
    data = _meeting_form(campaign, council[:6], quorum_percent=70, **{
        "votes-TOTAL_FORMS": len(vote_ids), "votes-INITIAL_FORMS": len(vote_ids),
        **{f"votes-{i}-id": pk for i, pk in enumerate(vote_ids)},
        **{f"votes-{i}-meeting": meeting.pk for i in range(len(vote_ids))},
    })
    response = office_client.post(f"/quan-tri/awards/councilmeeting/{meeting.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Phiên họp đã có phiếu biểu quyết; không thể thay đổi thành phần dự họp, túc số, cách tính, ngưỡng thông "
        "qua, cấp khen thưởng hay ngày họp (đã sửa: tỉ lệ thành viên dự họp tối thiểu (%))."
    ]
    meeting.refresh_from_db()
    assert meeting.quorum_percent == 50


# The tally ----------------------------------------------------------------------------------------------


def test_a_past_tally_counts_against_the_council_as_it_was_at_the_meeting(meeting, campaign, office, council,
                                                                         make_pdf):
    # 4 of 7 members in favour, base all members: 57% > 50%, passed.
    nomination = _voted(meeting, campaign, office, council, make_pdf, members=council[:4])
    board = Board.objects.get(agency=campaign.agency, kind=BoardKind.COUNCIL)
    newcomers = UnitFactory(agency=campaign.agency)
    for index in range(3):
        BoardMembership.objects.create(board=board, staff=StaffMemberFactory(unit=newcomers, full_name=f"Mới {index}"))
    # Today's board has 10 members; 4/10 would fail. The meeting's council had 7.
    result = council_rules.counting_tally(nomination)
    assert (result.members, result.agree, result.passed) == (7, 4, True)


# Approvals, revocations and history -------------------------------------------------------------------


def test_revoking_keeps_the_approval_with_who_when_and_why(meeting, campaign, office, council, make_pdf):
    nomination = _voted(meeting, campaign, office, council, make_pdf)
    approval = review.approve_nomination(nomination=nomination, by=office)
    review.revoke_approval(approval=approval, by=office, reason="Trùng với đề nghị cấp tỉnh")
    approval.refresh_from_db()
    assert (approval.revoked_by, approval.revoke_reason, approval.is_live) == (
        office, "Trùng với đề nghị cấp tỉnh", False
    )
    assert approval.revoked_at is not None
    assert [h.history_change_reason for h in approval.history.all()] == ["Trùng với đề nghị cấp tỉnh", None]


def test_a_revocation_needs_a_reason(meeting, campaign, office, council, make_pdf):
    nomination = _voted(meeting, campaign, office, council, make_pdf)
    approval = review.approve_nomination(nomination=nomination, by=office)
    with pytest.raises(DomainError) as refused:
        review.revoke_approval(approval=approval, by=office, reason="  ")
    assert refused.value.message == "Hãy ghi lý do bỏ duyệt."
    assert Approval.objects.live().count() == 1


def test_a_revoked_approval_counts_nowhere_and_the_nomination_may_be_approved_again(
    meeting, campaign, office, council, make_pdf
):
    nomination = _voted(meeting, campaign, office, council, make_pdf)
    approval = review.approve_nomination(nomination=nomination, by=office)
    review.revoke_approval(approval=approval, by=office, reason="Xem lại thành tích")
    assert review.quota.approved_counts(campaign, "grassroots") == {"collective": 0, "individual": 0}
    assert list(selectors.approved_list(campaign, "grassroots")) == []
    with pytest.raises(DomainError) as refused:
        review.publish_list(campaign=campaign, level="grassroots", working_days=5, by=office)
    assert refused.value.message == "Chưa có tập thể, cá nhân nào được duyệt; không có danh sách để công khai."
    again = review.approve_nomination(nomination=nomination, by=office)
    assert (again.pk, again.is_live, approval.history.count()) == (approval.pk, True, 3)


def test_votes_meetings_and_publications_keep_their_history(meeting, campaign, office, council, make_pdf):
    nomination = _voted(meeting, campaign, office, council, make_pdf)
    review.record_votes(meeting=meeting, nomination=nomination, votes={council[0].pk: "disagree"}, by=office)
    review.approve_nomination(nomination=nomination, by=office)
    review.publish_list(campaign=campaign, level="grassroots", working_days=5, by=office)
    vote = Vote.objects.get(meeting=meeting, nomination=nomination, member=council[0])
    assert [h.choice for h in vote.history.all()] == ["disagree", "agree"]
    assert [h.history_type for h in meeting.history.all()] == ["~", "+"]
    assert meeting.history.first().members_present.count() == 6
    assert Publication.history.count() == 1


def test_the_approval_history_page_shows_the_revocation(office_client, meeting, campaign, office, council,
                                                        make_pdf):
    nomination = _voted(meeting, campaign, office, council, make_pdf)
    approval = review.approve_nomination(nomination=nomination, by=office)
    review.revoke_approval(approval=approval, by=office, reason="Trùng đề nghị")
    response = office_client.get(f"/quan-tri/awards/approval/{approval.pk}/history/")
    assert response.status_code == 200
    assert "Trùng đề nghị" in response.content.decode()


# The shortlist's posts (point 6) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"op": "approve", "nomination": "abc"},
        {"op": "approve", "nomination": "9" * 40},
        {"op": "revoke", "approval": "1.5", "reason": "Lý do"},
        {"op": "answer", "feedback": "", "answer": "Trả lời"},
    ],
)
def test_the_shortlist_answers_a_non_number_with_a_message(office_client, campaign, data):
    url = f"/quan-tri/awards/approval/xet-duyet/{campaign.pk}/grassroots/"
    response = office_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Yêu cầu không hợp lệ: mã đề nghị, mục duyệt hoặc ý kiến phải là một số. Không có gì thay đổi."
    ]


def test_the_shortlist_refuses_a_nul_in_an_answer_and_keeps_the_feedback_unanswered(
    office_client, meeting, campaign, office, council, commenter, make_pdf
):
    nomination = _voted(meeting, campaign, office, council, make_pdf)
    review.approve_nomination(nomination=nomination, by=office)
    publication = review.publish_list(campaign=campaign, level="grassroots", working_days=5, by=office)
    feedback = review.send_feedback(publication=publication, nomination=nomination, by=commenter, text="Xem lại")
    url = f"/quan-tri/awards/approval/xet-duyet/{campaign.pk}/grassroots/"
    response = office_client.post(url, {"op": "answer", "feedback": feedback.pk, "answer": "Đúng\x00"}, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Câu trả lời chứa ký tự không hợp lệ (ký tự NUL). Không có gì thay đổi."
    ]
    assert Feedback.objects.get(pk=feedback.pk).answer == ""


def test_saving_a_vote_grid_with_no_choice_says_nothing_was_recorded(office_client, meeting, campaign, office,
                                                                      make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    blank = {f"v_{nomination.pk}_{member.pk}": "" for member in meeting.members_present.all()}
    response = office_client.post(f"/quan-tri/awards/councilmeeting/{meeting.pk}/bieu-quyet/", blank, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Chưa chọn phiếu biểu quyết nào; không có gì được ghi."]
    assert Vote.objects.count() == 0


def test_an_add_page_refused_for_another_reason_records_no_meeting(office_client, campaign, council):
    data = _meeting_form(campaign, council[:4])
    del data["votes-TOTAL_FORMS"], data["votes-INITIAL_FORMS"]  # a broken page: the inline cannot validate
    response = office_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert CouncilMeeting.objects.count() == 0


def test_reverting_a_voted_meeting_to_an_earlier_version_is_refused(office_client, meeting, campaign, office,
                                                                    council, make_pdf):
    first = meeting.history.earliest()
    review.update_meeting(
        meeting=meeting, by=office, level="grassroots", held_on=HELD_ON, present=council[:6], quorum_percent=60,
        vote_base="all", pass_threshold_percent=50,
    )
    _voted(meeting, campaign, office, council, make_pdf)
    url = f"/quan-tri/awards/councilmeeting/{meeting.pk}/history/{first.history_id}/"
    response = office_client.post(url, _meeting_form(campaign, council[:6], quorum_percent=first.quorum_percent))
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Phiên họp đã có phiếu biểu quyết; không thể thay đổi thành phần dự họp, túc số, cách tính, ngưỡng thông "
        "qua, cấp khen thưởng hay ngày họp (đã sửa: tỉ lệ thành viên dự họp tối thiểu (%))."
    ]
    meeting.refresh_from_db()
    assert meeting.quorum_percent == 60


def test_the_shortlist_revokes_with_the_reason_typed_and_keeps_the_record(office_client, meeting, campaign, office,
                                                                          council, make_pdf):
    nomination = _voted(meeting, campaign, office, council, make_pdf)
    approval = review.approve_nomination(nomination=nomination, by=office)
    url = f"/quan-tri/awards/approval/xet-duyet/{campaign.pk}/grassroots/"
    response = office_client.post(url, {"op": "revoke", "approval": approval.pk, "reason": "Sai đối tượng"},
                                  follow=True)
    assert [str(m) for m in response.context["messages"]] == [f"Đã bỏ duyệt {nomination.nominee_name}."]
    approval.refresh_from_db()
    assert (approval.revoke_reason, approval.revoked_by) == ("Sai đối tượng", office)
    assert 'name="op" value="approve"' in response.content.decode()  # it may be approved again


def test_the_meeting_page_shows_each_vote_as_recorded_and_corrected(office_client, meeting, campaign, office,
                                                                    council, make_pdf):
    nomination = _voted(meeting, campaign, office, council, make_pdf)
    review.record_votes(meeting=meeting, nomination=nomination, votes={council[0].pk: "disagree"}, by=office)
    response = office_client.get(f"/quan-tri/awards/councilmeeting/{meeting.pk}/change/")
    history = response.context["inline_admin_formsets"][1].formset
    rows = [(form.instance.member, form.instance.choice, form.instance.history_type) for form in history.forms]
    assert len(rows) == 7 and rows[0] == (council[0], "disagree", "~")


def test_the_notes_of_a_voted_meeting_are_saved_from_the_admin(office_client, meeting, campaign, office, council,
                                                               make_pdf):
    _voted(meeting, campaign, office, council, make_pdf)
    page = office_client.get(f"/quan-tri/awards/councilmeeting/{meeting.pk}/change/")
    data = _meeting_form(campaign, council[:6], notes="Biên bản đã ký")
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        for form in formset.forms:
            data[form.add_prefix(formset.model._meta.pk.name)] = form.instance.pk
            if "meeting" in form.fields:
                data[form.add_prefix("meeting")] = meeting.pk
    response = office_client.post(f"/quan-tri/awards/councilmeeting/{meeting.pk}/change/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "Biên bản đã ký"


def test_a_meeting_with_votes_cannot_be_deleted_from_the_admin(office_client, meeting, campaign, office, council,
                                                               make_pdf):
    _voted(meeting, campaign, office, council, make_pdf)
    response = office_client.post(f"/quan-tri/awards/councilmeeting/{meeting.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    # The page says what keeps it and how many (counted, not read and named one by one).
    assert response.context["protected"] == ["Phiếu biểu quyết (6)"]
    assert (CouncilMeeting.objects.count(), Vote.objects.count()) == (1, 6)
