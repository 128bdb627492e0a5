import datetime as dt

import pytest

from awards.models import Approval, CouncilMeeting, Publication, Vote
from awards.review import council as council_rules
from awards.review import services as review
from awards.review.council import tally
from campaign.calendar import add_working_days
from core.errors import DomainError
from dossiers.models import NomineeKind
from tests.awards.conftest import make_accepted_dossier
from tests.factories import StaffMemberFactory, allocate
from tests.helpers import vn

pytestmark = pytest.mark.django_db


def _pass(meeting, nomination, office, members):
    review.record_votes(
        meeting=meeting, nomination=nomination, votes={m.pk: "agree" for m in members}, by=office
    )


# Council -------------------------------------------------------------------------------------------


def test_a_council_meeting_before_the_emulation_period_ends_is_refused(campaign, council, office):
    with pytest.raises(DomainError) as refused:
        review.create_meeting(
            campaign=campaign, level="grassroots", held_on=dt.date(2023, 10, 30), present=council,
            by=office, now=vn(2023, 10, 31, 23, 59, 59),
        )
    assert refused.value.message == (
        "Chỉ họp Hội đồng xét khen thưởng sau khi kết thúc thời gian thi đua (hết ngày 31/10/2023)."
    )
    assert CouncilMeeting.objects.count() == 0


def test_voting_before_31_october_ends_is_refused(meeting, campaign, office, council, make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    with pytest.raises(DomainError) as refused:
        review.record_votes(
            meeting=meeting, nomination=nomination, votes={council[0].pk: "agree"}, by=office,
            now=vn(2023, 10, 31, 23, 59, 59),
        )
    assert refused.value.message == "Chỉ biểu quyết sau khi kết thúc thời gian thi đua (hết ngày 31/10/2023)."
    assert Vote.objects.count() == 0


def test_a_vote_by_a_non_member_is_refused(meeting, campaign, office, make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    outsider = StaffMemberFactory(full_name="Người Ngoài Hội Đồng")
    with pytest.raises(DomainError) as refused:
        review.record_votes(meeting=meeting, nomination=nomination, votes={outsider.pk: "agree"}, by=office)
    assert refused.value.message == "Người Ngoài Hội Đồng không phải thành viên Hội đồng; phiếu không hợp lệ."
    assert Vote.objects.count() == 0


def test_a_member_absent_from_the_meeting_cannot_vote(meeting, campaign, office, council, make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    with pytest.raises(DomainError):
        review.record_votes(meeting=meeting, nomination=nomination, votes={council[6].pk: "agree"}, by=office)


def test_tally_with_all_members_as_base(meeting, campaign, office, council, make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    votes = {council[0].pk: "agree", council[1].pk: "agree", council[2].pk: "agree",
             council[3].pk: "disagree", council[4].pk: "abstain", council[5].pk: "conflict"}
    review.record_votes(meeting=meeting, nomination=nomination, votes=votes, by=office)
    result = council_rules.meeting_tallies(meeting)[nomination.pk]
    # 7 members, one in conflict: base 6; 3 agree is not more than 50%.
    assert (result.agree, result.disagree, result.abstain, result.conflict, result.base) == (3, 1, 1, 1, 6)
    assert (result.passed, result.result_label) == (False, "Không đạt")
    review.record_votes(meeting=meeting, nomination=nomination, votes={council[4].pk: "agree"}, by=office)
    assert council_rules.meeting_tallies(meeting)[nomination.pk].passed is True


def test_tally_below_quorum_never_passes(campaign, council, office, make_pdf):
    meeting = review.create_meeting(
        campaign=campaign, level="grassroots", held_on=dt.date(2023, 11, 13), present=council[:5], by=office,
        quorum_percent=67,
    )
    # A meeting recorded before the services refused one below its quorum: the tally still guards.
    meeting.members_present.set(council[:3])
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    _pass(meeting, nomination, office, council[:3])
    result = council_rules.meeting_tallies(meeting)[nomination.pk]
    assert (result.has_quorum, result.quorum_needed, result.passed) == (False, 5, False)
    assert result.result_label == "Không đủ số thành viên dự họp"


def test_tally_with_present_members_as_base():
    meeting = CouncilMeeting(quorum_percent=50, vote_base="present", pass_threshold_percent=50)
    result = tally(meeting, members=9, present=5, choices=["agree", "agree", "agree", "disagree", "abstain"])
    assert (result.base, result.passed) == (5, True)
    result = tally(meeting, members=9, present=4, choices=["agree"] * 4)
    assert (result.has_quorum, result.passed) == (False, False)


# Quota (R5) ----------------------------------------------------------------------------------------


def test_approving_the_third_collective_is_refused_with_the_numbers(meeting, campaign, office, council, make_pdf):
    collectives = []
    for _ in range(3):
        _, (collective,) = make_accepted_dossier(campaign, office, individuals=0, collective=True, files=make_pdf)
        _pass(meeting, collective, office, council[:6])
        collectives.append(collective)
    review.approve_nomination(nomination=collectives[0], by=office)
    review.approve_nomination(nomination=collectives[1], by=office)
    with pytest.raises(DomainError) as refused:
        review.approve_nomination(nomination=collectives[2], by=office)
    assert refused.value.message == (
        f"Vượt chỉ tiêu: chỉ tiêu khen thưởng là 02 tập thể, đã duyệt 02 tập thể. "
        f"Không thể duyệt thêm {collectives[2].nominee_name}."
    )
    assert Approval.objects.filter(kind=NomineeKind.COLLECTIVE).count() == 2


def test_approval_needs_the_council_to_have_passed_it(meeting, campaign, office, make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    with pytest.raises(DomainError) as refused:
        review.approve_nomination(nomination=nomination, by=office)
    assert refused.value.message.endswith("chưa được Hội đồng biểu quyết; chỉ duyệt đề nghị đã được Hội đồng thông qua.")


def test_provincial_level_without_allocation_approves_none(campaign, council, office, make_pdf):
    meeting = review.create_meeting(
        campaign=campaign, level="provincial", held_on=dt.date(2023, 11, 13), present=council, by=office
    )
    _, (nomination,) = make_accepted_dossier(campaign, office, level="provincial", files=make_pdf)
    _pass(meeting, nomination, office, council)
    with pytest.raises(DomainError) as refused:
        review.approve_nomination(nomination=nomination, by=office)
    assert refused.value.message == (
        "Chưa có phân bổ chỉ tiêu cá nhân của Ban Chỉ đạo Tỉnh; chưa thể duyệt đề nghị cấp tỉnh."
    )
    allocate(campaign, individuals=1)
    assert review.approve_nomination(nomination=nomination, by=office).level == "provincial"


# Publication ---------------------------------------------------------------------------------------


def test_publishing_with_nothing_approved_is_refused(campaign, office):
    with pytest.raises(DomainError) as refused:
        review.publish_list(campaign=campaign, level="grassroots", working_days=5, by=office)
    assert refused.value.message == "Chưa có tập thể, cá nhân nào được duyệt; không có danh sách để công khai."
    assert Publication.objects.count() == 0


@pytest.fixture
def published(meeting, campaign, office, council, make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    _pass(meeting, nomination, office, council[:6])
    review.approve_nomination(nomination=nomination, by=office)
    # Monday 13/11/2023 + 5 working days = Monday 20/11/2023.
    publication = review.publish_list(campaign=campaign, level="grassroots", working_days=5, by=office)
    return publication, nomination


def test_publication_window_counts_working_days(published):
    publication, _ = published
    assert publication.closes_on == dt.date(2023, 11, 20)
    assert add_working_days(None, dt.date(2023, 11, 17), 1) == dt.date(2023, 11, 20)  # Friday -> Monday


def test_feedback_inside_the_window_then_answered(published, office, campaign, commenter):
    publication, nomination = published
    feedback = review.send_feedback(publication=publication, nomination=nomination, by=commenter,
                                    text="Đề nghị xem lại")
    assert review.signing_blockers(campaign, "grassroots", now=vn(2023, 11, 21, 8)) == [
        "còn 1 ý kiến chưa được trả lời"
    ]
    review.answer_feedback(feedback=feedback, by=office, answer="Đã xác minh, đúng quy định.")
    assert review.signing_blockers(campaign, "grassroots", now=vn(2023, 11, 21, 8)) == []


def test_feedback_after_the_window_closes_is_refused(published, commenter):
    publication, nomination = published
    with pytest.raises(DomainError) as refused:
        review.send_feedback(
            publication=publication, nomination=nomination, by=commenter, text="Muộn",
            now=vn(2023, 11, 21, 0, 0, 0),
        )
    assert refused.value.message == (
        "Đã hết thời gian nhận ý kiến (đến hết ngày 20/11/2023); ý kiến không được ghi nhận."
    )
    assert publication.feedback.count() == 0


def test_the_list_is_frozen_once_published(published, office):
    _, nomination = published
    with pytest.raises(DomainError) as refused:
        review.revoke_approval(approval=nomination.approval, by=office, reason="Sai sót")
    assert refused.value.message == "Danh sách đã được công khai; không thể bỏ duyệt."
    assert Approval.objects.live().count() == 1


def test_signing_is_blocked_while_the_window_is_open(published, campaign):
    assert review.signing_blockers(campaign, "grassroots") == [
        "đang trong thời gian công khai (đến hết ngày 20/11/2023)"
    ]


def test_an_office_action_on_a_withdrawn_dossier_is_refused(campaign, office, make_pdf):
    from dossiers import services as dossier_services
    from dossiers.models import Dossier, DossierState

    dossier, _ = make_accepted_dossier(campaign, office, files=make_pdf)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.WITHDRAWN)
    dossier.refresh_from_db()
    with pytest.raises(dossier_services.NotAllowed) as refused:
        dossier_services.request_supplement(dossier=dossier, by=office, note="x", due_date=dt.date(2023, 11, 30))
    assert refused.value.message == "Không thể yêu cầu bổ sung: hồ sơ đang ở trạng thái “Đã rút”."
    dossier.refresh_from_db()
    assert dossier.state == DossierState.WITHDRAWN


def test_feedback_page_refuses_late_comments_with_the_message(published, client, commenter):
    publication, nomination = published
    import time_machine

    with time_machine.travel(vn(2023, 11, 21, 8), tick=False):
        client.force_login(commenter)
        response = client.post(f"/cong-khai/{publication.pk}/", {"nomination": nomination.pk, "text": "Muộn"},
                               follow=True)
    assert "Đã hết thời gian nhận ý kiến (đến hết ngày 20/11/2023)" in response.content.decode()
    assert publication.feedback.count() == 0


def test_the_inspection_board_reads_the_published_list_without_a_form(published, client):
    from tests.factories import inspector_user

    publication, nomination = published
    client.force_login(inspector_user())
    html = client.get(f"/cong-khai/{publication.pk}/").content.decode()
    assert "Gửi ý kiến" not in html and nomination.nominee_name in html
    assert client.post(f"/cong-khai/{publication.pk}/", {"nomination": nomination.pk, "text": "x"}).status_code == 403
    assert client.post("/cong-khai/").status_code == 405
    assert publication.feedback.count() == 0
