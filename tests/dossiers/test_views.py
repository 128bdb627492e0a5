import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from campaign.rules import BOARD_READS, reason
from dossiers import services
from dossiers.models import (
    DocumentKind,
    Dossier,
    DossierFile,
    DossierState,
    Nomination,
    NomineeKind,
    TimelineKind,
)
from tests.factories import (
    StaffMemberFactory,
    UnitFactory,
    director_user,
    inspector_user,
    office_user,
    staff_user,
)
from tests.helpers import pdf_bytes, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def _html(response) -> str:
    return response.content.decode()


def test_list_shows_the_units_dossiers_with_state_and_deadline(clerk_client, draft):
    html = _html(clerk_client.get("/ho-so/"))
    assert "Hồ sơ của đơn vị: Phòng Quản lý Công nghiệp" in html
    assert 'data-state="draft">Nháp</span>' in html
    assert "Chưa nộp – hạn cuối 10/11/2023" in html


def test_create_a_draft_from_the_browser(clerk_client, campaign):
    response = clerk_client.post("/ho-so/tao-moi/", {"campaign": campaign.pk, "level": "grassroots"})
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ho-so/{dossier.pk}/"
    assert dossier.state == DossierState.DRAFT


def test_detail_shows_the_checklist_for_the_level(clerk_client, draft):
    html = _html(clerk_client.get(f"/ho-so/{draft.pk}/"))
    assert '<li class="missing">✘ Công văn đề nghị</li>' in html
    assert '<li class="missing">✘ Biên bản họp xét đề nghị khen thưởng</li>' in html
    assert "Báo cáo tóm tắt thành tích (có thể tải lên sau)" in html
    # Mid-sentence the level loses only its first capital; the Director keeps his.
    assert f"<title>Hồ sơ cấp cơ sở (Giấy khen của Giám đốc Sở) - {draft.unit.name} - Cổng thi đua" in html


def test_add_nomination_with_its_report_in_one_step(clerk_client, draft, colleague):
    response = clerk_client.post(
        f"/ho-so/{draft.pk}/de-nghi/them/",
        {
            "kind": "individual",
            "staff": colleague.pk,
            "achievement_summary": "Gương mẫu",
            "report": SimpleUploadedFile("bc.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.files.get().original_name == "bc.pdf"


def test_a_rejected_report_keeps_what_was_typed(clerk_client, draft, colleague):
    response = clerk_client.post(
        f"/ho-so/{draft.pk}/de-nghi/them/",
        {
            "kind": "individual",
            "staff": colleague.pk,
            "achievement_summary": "Nội dung dài đã gõ",
            "report": SimpleUploadedFile("bc.pdf", b"day khong phai pdf"),
        },
    )
    html = _html(response)
    assert response.status_code == 400
    assert "Nội dung tệp “bc.pdf” không phải là tệp PDF thật" in html
    assert "Nội dung dài đã gõ</textarea>" in html
    assert Nomination.objects.count() == 0


def test_a_staff_member_of_another_unit_is_not_offered_and_is_refused(clerk_client, draft, other_unit):
    stranger = StaffMemberFactory(unit=other_unit, full_name="Võ Thị Lan")
    html = _html(clerk_client.get(f"/ho-so/{draft.pk}/"))
    assert "Võ Thị Lan" not in html
    response = clerk_client.post(
        f"/ho-so/{draft.pk}/de-nghi/them/",
        {"kind": "individual", "staff": stranger.pk, "achievement_summary": "x"},
    )
    assert response.status_code == 400
    assert "Lựa chọn không hợp lệ" in _html(response) or "Hãy chọn một lựa chọn hợp lệ" in _html(response)
    assert Nomination.objects.count() == 0


def test_upload_of_a_disguised_file_shows_the_message_at_the_field(clerk_client, draft):
    response = clerk_client.post(
        f"/ho-so/{draft.pk}/tai-len/",
        {"kind": DocumentKind.PROPOSAL_LETTER, "file": SimpleUploadedFile("cv.pdf", b"\x00\x01 excel")},
    )
    html = _html(response)
    assert response.status_code == 400
    assert 'class="invalid-feedback d-block">Nội dung tệp “cv.pdf” không phải là tệp PDF thật' in html
    assert DossierFile.objects.count() == 0


def test_submit_refused_after_cutoff_names_the_cutoff_and_keeps_the_draft(clerk_client, complete_draft, clerk):
    with time_machine.travel(vn(2023, 11, 11, 0, 0, 0), tick=False):
        clerk_client.force_login(clerk)  # a fresh session at the new time
        response = clerk_client.post(f"/ho-so/{complete_draft.pk}/nop/", {"confirm": "on"}, follow=True)
    html = _html(response)
    assert "Đã hết hạn nộp hồ sơ (hạn cuối 10/11/2023). Bản nháp của đơn vị vẫn được giữ nguyên." in html
    complete_draft.refresh_from_db()
    assert complete_draft.state == DossierState.DRAFT
    assert DossierFile.objects.count() == 3


def test_submit_at_the_last_second_is_accepted(clerk_client, complete_draft, clerk):
    with time_machine.travel(vn(2023, 11, 10, 23, 59, 59), tick=False):
        clerk_client.force_login(clerk)
        response = clerk_client.post(f"/ho-so/{complete_draft.pk}/nop/", {"confirm": "on"}, follow=True)
    assert "Đã nộp hồ sơ về Văn phòng Sở. Trạng thái: Đã nộp." in _html(response)
    complete_draft.refresh_from_db()
    assert complete_draft.state == DossierState.SUBMITTED


def test_submit_incomplete_lists_what_is_missing(clerk_client, draft):
    html = _html(clerk_client.post(f"/ho-so/{draft.pk}/nop/", {"confirm": "on"}, follow=True))
    assert (
        "Hồ sơ chưa đủ thành phần, chưa thể nộp. Còn thiếu: Công văn đề nghị; Biên bản họp xét đề nghị khen "
        "thưởng; Ít nhất một tập thể hoặc cá nhân được đề nghị." in html
    )


def test_second_tab_submit_gets_a_clear_message(clerk_client, complete_draft):
    clerk_client.post(f"/ho-so/{complete_draft.pk}/nop/", {"confirm": "on"})
    html = _html(clerk_client.post(f"/ho-so/{complete_draft.pk}/nop/", {"confirm": "on"}, follow=True))
    assert "Hồ sơ đã được nộp lúc" in html and "không cần nộp lại." in html
    assert complete_draft.timeline.filter(kind=TimelineKind.TRANSITION).count() == 2


def test_withdraw_a_submitted_dossier(clerk_client, complete_draft, clerk):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    html = _html(clerk_client.post(f"/ho-so/{complete_draft.pk}/rut/", {"note": "Chưa đủ điều kiện"}, follow=True))
    assert "Đã rút hồ sơ." in html
    assert 'data-state="withdrawn">Đã rút</span>' in html


def test_supplement_request_shows_note_due_date_and_versions(clerk_client, complete_draft, clerk, make_pdf):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    office = office_user()
    services.request_supplement(
        dossier=complete_draft, by=office, note="Biên bản thiếu chữ ký", due_date=dt.date(2023, 11, 20)
    )
    services.upload_document(
        dossier=complete_draft, by=clerk, kind=DocumentKind.MEETING_MINUTES, upload=make_pdf("bien-ban-moi.pdf")
    )
    html = _html(clerk_client.get(f"/ho-so/{complete_draft.pk}/"))
    assert "Biên bản thiếu chữ ký" in html
    assert "Hạn bổ sung: hết ngày 20/11/2023." in html
    assert "bien-ban-moi.pdf" in html and "Các phiên bản trước (1)" in html and "bien-ban.pdf" in html
    assert "Nộp lại hồ sơ" in html


def test_timeline_is_shown(clerk_client, complete_draft, clerk):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    html = _html(clerk_client.get(f"/ho-so/{complete_draft.pk}/"))
    timeline = html[html.index('id="timeline"') :]
    assert "<strong>Nháp</strong>" in timeline
    assert "<strong>Đã nộp</strong> <span class=\"text-muted small\">(từ “Nháp”)</span>" in timeline
    assert "Trần Thị Thu" in timeline


# Permissions (R8) ------------------------------------------------------------------------------------


@pytest.fixture
def outsider_client(client, other_unit):
    client.force_login(staff_user(other_unit, username="ngoai.donvi"))
    return client


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/ho-so/{pk}/"),
        ("post", "/ho-so/{pk}/nop/"),
        ("post", "/ho-so/{pk}/rut/"),
        ("post", "/ho-so/{pk}/tai-len/"),
        ("post", "/ho-so/{pk}/de-nghi/them/"),
        ("get", "/ho-so/{pk}/de-nghi/{nid}/sua/"),
        ("post", "/ho-so/{pk}/de-nghi/{nid}/xoa/"),
        ("get", "/ho-so/tep/{fid}/"),
    ],
)
def test_another_units_dossier_and_files_answer_404(outsider_client, complete_draft, method, path):
    nomination = Nomination.objects.get()
    url = path.format(pk=complete_draft.pk, nid=nomination.pk, fid=DossierFile.objects.first().pk)
    response = getattr(outsider_client, method)(url)
    assert response.status_code == 404
    assert Nomination.objects.count() == 1
    complete_draft.refresh_from_db()
    assert complete_draft.state == DossierState.DRAFT


def test_a_missing_dossier_also_answers_404(clerk_client):
    assert clerk_client.get("/ho-so/999999/").status_code == 404


def test_anonymous_users_are_sent_to_login(client, complete_draft):
    response = client.get(f"/ho-so/{complete_draft.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_download_returns_the_exact_bytes_under_the_original_name(clerk_client, complete_draft):
    stored = DossierFile.objects.get(kind=DocumentKind.PROPOSAL_LETTER)
    response = clerk_client.get(f"/ho-so/tep/{stored.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="cv.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("make_user", [office_user, director_user, inspector_user])
def test_office_director_and_inspection_board_see_every_dossier_read_only(client, complete_draft, make_user):
    client.force_login(make_user())
    html = _html(client.get(f"/ho-so/{complete_draft.pk}/"))
    assert "Hồ sơ đề nghị khen thưởng – Phòng Quản lý Công nghiệp" in html
    assert "Nộp hồ sơ" not in html and "Tải lên" not in html and "Thêm vào hồ sơ" not in html
    stored = DossierFile.objects.first()
    assert client.get(f"/ho-so/tep/{stored.pk}/").status_code == 200
    # ...and cannot act for the unit: they see the dossier, so the refusal is a 403 with its reason.
    refused = client.post(f"/ho-so/{complete_draft.pk}/nop/", {"confirm": "on"})
    assert refused.status_code == 403
    assert reason(refused.wsgi_request.user, "dossiers.change_dossier", complete_draft) in _html(refused)
    complete_draft.refresh_from_db()
    assert complete_draft.state == DossierState.DRAFT


def test_the_dossier_list_query_count_does_not_grow_with_rows(
    clerk_client, campaign, unit, clerk, django_assert_max_num_queries
):
    def add_dossiers(count):
        for _ in range(count):
            other = UnitFactory(agency=campaign.agency)
            Dossier.objects.create(campaign=campaign, unit=other, level="grassroots", created_by=clerk)
            Dossier.objects.create(campaign=campaign, unit=other, level="provincial", created_by=clerk)

    add_dossiers(1)
    office = office_user()
    clerk_client.force_login(office)
    with django_assert_max_num_queries(8):
        small = clerk_client.get("/ho-so/")
    add_dossiers(30)
    with django_assert_max_num_queries(8):
        large = clerk_client.get("/ho-so/")
    assert small.status_code == large.status_code == 200
    assert _html(large).count("Mở hồ sơ") == 62


def test_the_dossier_page_query_count_does_not_grow_with_nominations(
    clerk_client, draft, clerk, unit, make_pdf, django_assert_max_num_queries
):
    for index in range(12):
        person = StaffMemberFactory(unit=unit, full_name=f"Người {index}")
        services.add_nomination(
            dossier=draft, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=person, achievement_summary="Tốt",
            report=make_pdf(f"bc{index}.pdf"),
        )
    with django_assert_max_num_queries(20):
        response = clerk_client.get(f"/ho-so/{draft.pk}/")
    assert _html(response).count('class="list-group-item nomination"') == 12


def test_the_office_list_is_paginated_and_filtered_by_state(client, campaign, clerk):
    for _ in range(105):
        Dossier.objects.create(campaign=campaign, unit=UnitFactory(agency=campaign.agency), level="grassroots",
                               created_by=clerk)
    client.force_login(office_user())
    first = _html(client.get("/ho-so/"))
    assert first.count("Mở hồ sơ") == 100 and "Trang 1/2" in first and "105 hồ sơ" in first
    assert _html(client.get("/ho-so/?trang=2")).count("Mở hồ sơ") == 5
    assert "0 hồ sơ" in _html(client.get("/ho-so/?trang-thai=submitted"))


def test_every_change_of_a_dossier_is_in_its_history_with_who(clerk_client, complete_draft, clerk):
    clerk_client.post(f"/ho-so/{complete_draft.pk}/nop/", {"confirm": "on"})
    latest = complete_draft.history.first()
    assert (latest.state, latest.history_user) == (DossierState.SUBMITTED, clerk)
    office = office_user()
    clerk_client.force_login(office)
    page = clerk_client.get(f"/quan-tri/dossiers/dossier/{complete_draft.pk}/history/")
    assert page.status_code == 200
    assert "Đã nộp" in page.content.decode()


def test_an_inspection_board_member_does_not_act_for_their_own_unit(client, unit, complete_draft):
    member = inspector_user(username="thanhtra.donvi", agency=unit.agency)
    StaffMemberFactory(unit=unit, user=member)  # on the board, and a staff member of the unit
    client.force_login(member)
    html = _html(client.get(f"/ho-so/{complete_draft.pk}/"))
    assert "Nộp hồ sơ" not in html and "Thêm vào hồ sơ" not in html
    # The board sees the dossier: refused with the reason (403), not hidden (404).
    submit = client.post(f"/ho-so/{complete_draft.pk}/nop/", {"confirm": "on"})
    assert submit.status_code == 403
    assert BOARD_READS in _html(submit)
    create = client.get("/ho-so/tao-moi/")
    assert create.status_code == 403
    assert BOARD_READS in _html(create)
    with pytest.raises(services.NotAllowed) as refused:
        services.submit_dossier(dossier=complete_draft, by=member)
    assert refused.value.message == BOARD_READS
    complete_draft.refresh_from_db()
    assert complete_draft.state == DossierState.DRAFT


def test_read_only_pages_refuse_posts(clerk_client, complete_draft):
    stored = DossierFile.objects.first()
    for url in ("/ho-so/", f"/ho-so/{complete_draft.pk}/", f"/ho-so/tep/{stored.pk}/"):
        assert clerk_client.post(url).status_code == 405


def test_missing_pages_answer_in_vietnamese(clerk_client):
    response = clerk_client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc tài liệu" in _html(response)
