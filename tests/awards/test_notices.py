"""Publication after signing (Law 10/2022): the signed decision and its list are published inside the
agency at signing, due within 5 working days, kept up at least 20 days, and who opened it is recorded."""

import datetime as dt

import pytest
import time_machine

from awards.issuing import services as issuing
from awards.models import AwardDecision, DecisionNotice, NoticeView
from awards.notices import services as notices
from campaign.models import NonWorkingDay, StaffMember
from core.errors import DomainError, NotAllowed
from tests.awards.conftest import UNIT_A, UNIT_B, build_approved_list
from tests.factories import (
    AgencyFactory,
    UnitFactory,
    inspector_user,
    office_user,
    staff_user,
)
from tests.helpers import vn

pytestmark = pytest.mark.django_db

D = dt.date
DURING = vn(2023, 11, 27, 10)  # the Monday after signing: the notice is up


def _due(agency, signed_on: dt.date) -> dt.date:
    return notices.notice_due_on(AwardDecision(agency=agency, agency_id=agency.pk, signing_date=signed_on))


def test_signing_publishes_the_decision_at_once(signed_decision, director):
    notice = DecisionNotice.objects.get(decision=signed_decision)
    assert (notice.published_on, notice.due_on, notice.ends_on) == (D(2023, 11, 24), D(2023, 12, 1), D(2023, 12, 14))
    assert notice.on_time
    assert notice.published_by == director


def test_a_paper_signature_recorded_late_is_published_late_and_says_so(approved, campaign, office):
    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=D(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    issuing.sign_decision(decision=decision, by=office, now=vn(2023, 12, 4, 9))
    notice = DecisionNotice.objects.get(decision=decision)
    assert (notice.published_on, notice.due_on) == (D(2023, 12, 4), D(2023, 12, 1))
    assert not notice.on_time


@pytest.mark.parametrize(
    ("signed_on", "due"),
    [
        (D(2024, 2, 7), D(2024, 2, 21)),  # just before Tết Giáp Thìn: 08/02-14/02 off
        (D(2024, 4, 26), D(2024, 5, 7)),  # 29/04 swapped, 30/04, 01/05 off; Saturday 04/05 worked
        (D(2024, 8, 30), D(2024, 9, 10)),  # 02/09 and 03/09/2024 off
        (D(2023, 1, 19), D(2023, 2, 2)),  # Tết Quý Mão: 20/01-26/01/2023 off
    ],
)
def test_the_due_date_skips_weekends_and_public_holidays(signed_on, due):
    assert _due(AgencyFactory(), signed_on) == due


def test_the_due_date_skips_the_days_the_office_added():
    agency = AgencyFactory()
    NonWorkingDay.objects.create(agency=agency, date=D(2024, 2, 15), note="Nghỉ thêm sau Tết")
    NonWorkingDay.objects.create(agency=agency, date=D(2024, 2, 16), note="Nghỉ thêm sau Tết")
    assert _due(agency, D(2024, 2, 7)) == D(2024, 2, 23)


def test_the_comment_window_before_signing_uses_the_same_calendar(campaign, office, council, make_pdf):
    # Published on Monday 13/11/2023 for 5 working days: 20/11, one day later for the day the office added.
    NonWorkingDay.objects.create(agency=campaign.agency, date=D(2023, 11, 15), note="Nghỉ theo Công văn của Tỉnh")
    _, _, publication = build_approved_list(campaign, office, council, make_pdf)
    assert publication.closes_on == D(2023, 11, 21)


def test_the_office_extends_the_publication(signed_decision, office):
    notice = signed_decision.notice
    notices.extend_notice(notice=notice, until=D(2024, 1, 15), by=office)
    notice.refresh_from_db()
    assert notice.ends_on == D(2024, 1, 15)
    # Bringing it back to the 20 days is allowed; the history keeps both.
    notices.extend_notice(notice=notice, until=D(2023, 12, 14), by=office)
    assert notice.history.count() == 3


def test_the_publication_is_never_shorter_than_20_days(signed_decision, office):
    notice = signed_decision.notice
    with pytest.raises(DomainError) as refused:
        notices.extend_notice(notice=notice, until=D(2023, 12, 13), by=office)
    assert refused.value.message == (
        "Thời gian công khai ít nhất 20 ngày: ngày kết thúc không được trước ngày 14/12/2023 "
        "(đã công khai từ ngày 24/11/2023)."
    )
    notice.refresh_from_db()
    assert notice.ends_on == D(2023, 12, 14)


def test_only_the_office_extends(signed_decision, director):
    board = inspector_user(username="thanhtra")
    for user in (director, board):
        with pytest.raises(NotAllowed):
            notices.extend_notice(notice=signed_decision.notice, until=D(2024, 1, 15), by=user)
    assert DecisionNotice.objects.get().ends_on == D(2023, 12, 14)


def _clerk(unit_name: str):
    return StaffMember.objects.get(full_name=f"Văn thư {unit_name}").user


def test_every_staff_member_of_the_agency_reads_it_and_is_recorded_once(client, signed_decision):
    notice = signed_decision.notice
    clerk_b = _clerk(UNIT_B)
    with time_machine.travel(DURING, tick=False):
        client.force_login(clerk_b)  # sessions expire: log in on the day
        page = client.get(f"/cong-khai/quyet-dinh/{notice.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Quyết định số 125/QĐ-SCT ngày 24/11/2023" in text
    assert "Nguyễn Thành Đạt" in text  # a nominee of unit A: the whole list is public in the agency
    assert "Người đã xem" not in text  # the readers are for the office and the board
    with time_machine.travel(vn(2023, 11, 28, 15), tick=False):
        client.force_login(clerk_b)
        assert client.get(f"/cong-khai/quyet-dinh/{notice.pk}/").status_code == 200
        assert client.get(f"/cong-khai/quyet-dinh/{notice.pk}/quyet-dinh.pdf").status_code == 200
    (view,) = NoticeView.objects.filter(notice=notice)
    assert (view.user, view.first_opened_at) == (clerk_b, DURING)


def test_the_board_and_the_office_see_who_opened_it(client, signed_decision, office):
    notice = signed_decision.notice
    NoticeView.objects.create(notice=notice, user=_clerk(UNIT_A), first_opened_at=vn(2023, 11, 25, 8, 30))
    board = inspector_user(username="thanhtra")
    for user in (board, office):
        client.force_login(user)
        page = client.get(f"/cong-khai/quyet-dinh/{notice.pk}/")
        text = page.content.decode()
        assert page.status_code == 200
        assert "Người đã xem" in text
        assert f"Văn thư {UNIT_A}" in text
        assert "08:30 25/11/2023" in text
    assert ("Gia hạn thời gian công khai" in text) is True  # the office (last) may extend
    client.force_login(board)
    assert "Gia hạn thời gian công khai" not in client.get(f"/cong-khai/quyet-dinh/{notice.pk}/").content.decode()


def test_another_agencys_people_get_a_404(client, signed_decision):
    other = AgencyFactory(code="STC", name="Sở Tài chính")
    outsider = staff_user(UnitFactory(agency=other, name="Phòng Ngân sách"), username="ngoai")
    other_office = office_user(username="vanphong.stc", agency=other)
    notice = signed_decision.notice
    for user in (outsider, other_office):
        client.force_login(user)
        assert client.get(f"/cong-khai/quyet-dinh/{notice.pk}/").status_code == 404
        assert client.get(f"/cong-khai/quyet-dinh/{notice.pk}/quyet-dinh.pdf").status_code == 404
        assert client.post(f"/cong-khai/quyet-dinh/{notice.pk}/gia-han/", {"ends_on": "15/01/2024"}).status_code == 404
    assert NoticeView.objects.count() == 0
    assert client.get("/cong-khai/quyet-dinh/999999999999999999999/").status_code == 404


def test_staff_and_the_board_cannot_extend(client, signed_decision):
    notice = signed_decision.notice
    for user in (_clerk(UNIT_A), inspector_user(username="thanhtra")):
        client.force_login(user)
        response = client.post(f"/cong-khai/quyet-dinh/{notice.pk}/gia-han/", {"ends_on": "15/01/2024"})
        assert response.status_code == 403
    assert DecisionNotice.objects.get().ends_on == D(2023, 12, 14)


def test_the_extension_form_says_why_and_keeps_what_was_typed(client, signed_decision, office):
    client.force_login(office)
    notice = signed_decision.notice
    response = client.post(f"/cong-khai/quyet-dinh/{notice.pk}/gia-han/", {"ends_on": "01/12/2023"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "không được trước ngày 14/12/2023" in text
    assert 'value="01/12/2023"' in text
    response = client.post(f"/cong-khai/quyet-dinh/{notice.pk}/gia-han/", {"ends_on": "ngày mai"})
    assert "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy." in response.content.decode()
    response = client.post(f"/cong-khai/quyet-dinh/{notice.pk}/gia-han/", {"ends_on": "15/01/2024"})
    assert response.status_code == 302
    assert DecisionNotice.objects.get().ends_on == D(2024, 1, 15)


def test_the_publications_list_shows_it_while_up(client, signed_decision):
    with time_machine.travel(DURING, tick=False):
        client.force_login(_clerk(UNIT_A))
        text = client.get("/cong-khai/").content.decode()
    assert "Quyết định số 125/QĐ-SCT ngày 24/11/2023" in text
    assert "Đang công khai</span> đến hết ngày 14/12/2023" in text
    with time_machine.travel(vn(2023, 12, 15, 8), tick=False):
        client.force_login(_clerk(UNIT_A))
        text = client.get("/cong-khai/").content.decode()
    assert "Đã kết thúc</span> ngày 14/12/2023" in text


def test_the_readers_list_takes_a_fixed_number_of_queries(client, signed_decision, office, django_assert_max_num_queries):
    notice = signed_decision.notice
    unit = UnitFactory(agency=signed_decision.agency, name="Phòng Kế hoạch")
    for i in range(30):
        NoticeView.objects.create(notice=notice, user=staff_user(unit, username=f"cb{i}"),
                                  first_opened_at=vn(2023, 11, 25, 9, i))
    client.force_login(office)
    client.get(f"/cong-khai/quyet-dinh/{notice.pk}/")
    with django_assert_max_num_queries(20):
        page = client.get(f"/cong-khai/quyet-dinh/{notice.pk}/")
    assert page.content.decode().count("<tr><td>") == 31


def test_the_decision_page_links_its_publication(client, signed_decision, office):
    client.force_login(office)
    text = client.get(f"/khen-thuong/quyet-dinh/{signed_decision.pk}/").content.decode()
    assert f'href="/cong-khai/quyet-dinh/{signed_decision.notice.pk}/"' in text
    assert "Từ ngày 24/11/2023 đến hết ngày 14/12/2023" in text


def test_the_home_page_lists_it_while_up(client, signed_decision, django_assert_max_num_queries):
    with time_machine.travel(DURING, tick=False):
        client.force_login(_clerk(UNIT_A))
        text = client.get("/").content.decode()
    assert "Quyết định khen thưởng đang công khai trong cơ quan" in text
    assert f'href="/cong-khai/quyet-dinh/{signed_decision.notice.pk}/"' in text
    with time_machine.travel(vn(2023, 12, 15, 8), tick=False):
        client.force_login(_clerk(UNIT_A))
        assert "đang công khai trong cơ quan" not in client.get("/").content.decode()
