"""Submitting through a review step, the dossier code and the receipt (issue 15 item 2)."""

import io
import re
import unicodedata

import pytest
import time_machine
from pypdf import PdfReader

from campaign.models import Agency
from dossiers import receipts, services
from dossiers.models import DocumentKind, Dossier, DossierCodeSequence, DossierState
from tests.awards.test_pdf import font_names, unembedded_fonts
from tests.factories import CampaignFactory, UnitFactory, office_user, staff_user
from tests.helpers import vn

pytestmark = pytest.mark.django_db

CONFIRM = {"confirm": "on"}


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def _html(response) -> str:
    return response.content.decode()


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


# The review step ------------------------------------------------------------------------------------


def test_the_review_step_lists_parts_nominees_and_files_and_submits_nothing(
    clerk_client, complete_draft, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        response = clerk_client.get(f"/ho-so/{complete_draft.pk}/nop/")
    html = _html(response)
    assert response.status_code == 200
    assert "Kiểm tra trước khi nộp hồ sơ" in html
    assert "✔ Công văn đề nghị" in html and "✔ Báo cáo tóm tắt thành tích của Lê Văn Hùng" in html
    assert "<strong>Lê Văn Hùng</strong>" in html
    for name in ("cv.pdf", "bien-ban.pdf", "bao-cao.pdf"):
        assert f"{name} <span" in html
    assert "Xác nhận nộp" in html and 'name="confirm"' in html
    complete_draft.refresh_from_db()
    assert (complete_draft.state, complete_draft.code) == (DossierState.DRAFT, "")


def test_the_review_step_links_each_missing_part_to_where_it_is_fixed(clerk_client, draft):
    html = _html(clerk_client.get(f"/ho-so/{draft.pk}/nop/"))
    assert "Hồ sơ còn thiếu 3 thành phần, chưa thể nộp:" in html
    assert f'href="/ho-so/{draft.pk}/#doc-proposal_letter">Công văn đề nghị</a>' in html
    assert f'href="/ho-so/{draft.pk}/#doc-meeting_minutes">Biên bản họp xét đề nghị khen thưởng</a>' in html
    assert f'href="/ho-so/{draft.pk}/#add-nomination">Ít nhất một tập thể hoặc cá nhân được đề nghị</a>' in html


def test_submit_without_the_confirmation_changes_nothing_and_says_why(clerk_client, complete_draft):
    response = clerk_client.post(f"/ho-so/{complete_draft.pk}/nop/", {})
    assert response.status_code == 400
    assert "Hãy đánh dấu ô xác nhận để nộp hồ sơ. Hồ sơ chưa được nộp." in _html(response)
    complete_draft.refresh_from_db()
    assert (complete_draft.state, complete_draft.code, complete_draft.submitted_at) == (DossierState.DRAFT, "", None)
    assert DossierCodeSequence.objects.count() == 0


def test_an_incomplete_dossier_confirmed_is_refused_on_the_review_page(clerk_client, draft):
    response = clerk_client.post(f"/ho-so/{draft.pk}/nop/", CONFIRM)
    assert response.status_code == 400
    assert "Hồ sơ chưa đủ thành phần, chưa thể nộp. Còn thiếu: Công văn đề nghị;" in _html(response)
    draft.refresh_from_db()
    assert (draft.state, draft.code) == (DossierState.DRAFT, "")


def test_the_confirmed_submission_leads_to_the_receipt(clerk_client, complete_draft):
    response = clerk_client.post(f"/ho-so/{complete_draft.pk}/nop/", CONFIRM, follow=True)
    assert response.redirect_chain == [(f"/ho-so/{complete_draft.pk}/bien-nhan/", 302)]
    html = _html(response)
    assert "Đã nộp hồ sơ về Văn phòng Sở. Trạng thái: Đã nộp. Mã hồ sơ: SCT-2023-0001." in html
    assert '<strong id="dossier-code">SCT-2023-0001</strong>' in html
    assert "09:00 ngày 01/11/2023 (giờ Việt Nam)" in html
    assert "Trần Thị Thu" in html
    assert "không phải là văn bản tiếp nhận hay chấp thuận hồ sơ" in html
    assert f'href="/ho-so/{complete_draft.pk}/bien-nhan.pdf"' in html


def test_the_dossier_page_and_the_list_show_the_code(clerk_client, complete_draft, clerk):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    detail = _html(clerk_client.get(f"/ho-so/{complete_draft.pk}/"))
    assert "Mã hồ sơ: <strong>SCT-2023-0001</strong>" in detail
    assert f'href="/ho-so/{complete_draft.pk}/bien-nhan/">Giấy biên nhận</a>' in detail
    assert 'class="small text-muted dossier-code">SCT-2023-0001</div>' in _html(clerk_client.get("/ho-so/"))


def test_the_review_step_of_a_submitted_dossier_leads_to_its_receipt(clerk_client, complete_draft, clerk):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    response = clerk_client.get(f"/ho-so/{complete_draft.pk}/nop/")
    assert response.status_code == 302 and response["Location"] == f"/ho-so/{complete_draft.pk}/bien-nhan/"


# The code -------------------------------------------------------------------------------------------


def test_codes_are_numbered_per_agency_and_year(campaign, clerk, make_pdf):
    def submitted(unit_name: str, *, in_campaign=campaign):
        unit = UnitFactory(agency=in_campaign.agency, name=unit_name)
        person = staff_user(unit, username=f"u{unit.pk}")
        dossier = services.create_dossier(campaign=in_campaign, unit=unit, level="grassroots", by=person)
        services.upload_document(dossier=dossier, by=person, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf())
        services.upload_document(dossier=dossier, by=person, kind=DocumentKind.MEETING_MINUTES, upload=make_pdf())
        services.add_nomination(dossier=dossier, by=person, kind="collective", staff=None,
                                achievement_summary="Tốt.", report=make_pdf())
        return services.submit_dossier(dossier=dossier, by=person)

    first, second = submitted("Phòng A"), submitted("Phòng B")
    other_agency = Agency.objects.create(name="Sở Tài chính", parent_authority="UBND TỈNH ĐỒNG THÁP", code="STC",
                                         place_name="Đồng Tháp", province=campaign.agency.province)
    elsewhere = submitted("Phòng C", in_campaign=CampaignFactory(agency=other_agency, number="1/KH-STC"))
    next_year = submitted("Phòng D", in_campaign=CampaignFactory(agency=campaign.agency, year=2024,
                                                                 number="2/KH-SCT"))
    assert [first.code, second.code, elsewhere.code, next_year.code] == [
        "SCT-2023-0001", "SCT-2023-0002", "STC-2023-0001", "SCT-2024-0001"
    ]
    assert re.fullmatch(r"[A-Z]+-\d{4}-\d{4}", first.code)


def test_resubmission_after_a_supplement_keeps_the_code(clerk_client, complete_draft, clerk, make_pdf):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    services.request_supplement(dossier=complete_draft, by=office_user(), note="Bổ sung công văn có chữ ký.",
                                due_date=vn(2023, 11, 20).date())
    with time_machine.travel(vn(2023, 11, 15, 14, 30), tick=False):
        clerk_client.force_login(clerk)
        services.upload_document(dossier=complete_draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER,
                                 upload=make_pdf("cv-ky.pdf"))
        response = clerk_client.post(f"/ho-so/{complete_draft.pk}/nop/", CONFIRM, follow=True)
    html = _html(response)
    assert "Mã hồ sơ: SCT-2023-0001." in html
    assert "Thời điểm nhận (nộp bổ sung)" in html and "14:30 ngày 15/11/2023 (giờ Việt Nam)" in html
    assert "cv-ky.pdf" in html and "cv.pdf" not in html  # the version received now, not the one before
    assert Dossier.objects.get(pk=complete_draft.pk).code == "SCT-2023-0001"
    assert DossierCodeSequence.objects.get().last_number == 1


def test_a_withdrawn_dossier_keeps_its_code_and_the_next_one_is_never_reused(
    complete_draft, clerk, campaign, unit, make_pdf
):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    services.withdraw_dossier(dossier=complete_draft, by=clerk, note="Nộp lại sau.")
    again = services.create_dossier(campaign=campaign, unit=unit, level="grassroots", by=clerk)
    services.upload_document(dossier=again, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf())
    services.upload_document(dossier=again, by=clerk, kind=DocumentKind.MEETING_MINUTES, upload=make_pdf())
    services.add_nomination(dossier=again, by=clerk, kind="collective", staff=None, achievement_summary="Tốt.",
                            report=make_pdf())
    services.submit_dossier(dossier=again, by=clerk)
    complete_draft.refresh_from_db()
    again.refresh_from_db()
    assert (complete_draft.code, again.code) == ("SCT-2023-0001", "SCT-2023-0002")


def test_the_data_migration_gives_codes_in_submission_order(complete_draft, clerk, campaign, make_pdf):
    """The backfill of 0008 on dossiers submitted before codes existed: oldest submission first."""
    from importlib import import_module

    from django.apps import apps

    services.submit_dossier(dossier=complete_draft, by=clerk)
    later_unit = UnitFactory(agency=campaign.agency, name="Phòng Sau")
    person = staff_user(later_unit, username="sau")
    later = services.create_dossier(campaign=campaign, unit=later_unit, level="grassroots", by=person)
    Dossier.objects.filter(pk=later.pk).update(submitted_at=vn(2023, 10, 1), state=DossierState.SUBMITTED)
    Dossier.objects.update(code="")
    DossierCodeSequence.objects.all().delete()
    import_module("dossiers.migrations.0008_dossier_code_backfill").give_codes(apps, None)
    assert dict(Dossier.objects.values_list("pk", "code")) == {later.pk: "SCT-2023-0001",
                                                                complete_draft.pk: "SCT-2023-0002"}
    assert DossierCodeSequence.objects.get().last_number == 2


# The receipt PDF and who gets it ---------------------------------------------------------------------


def test_the_receipt_pdf_names_the_code_the_time_and_each_file(clerk_client, complete_draft, clerk):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    response = clerk_client.get(f"/ho-so/{complete_draft.pk}/bien-nhan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="Bien-nhan-SCT-2023-0001.pdf"' in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert "GIẤY BIÊN NHẬN HỒ SƠ" in text
    assert "Mã hồ sơ: SCT-2023-0001" in text
    assert "09:00 ngày 01/11/2023 (giờ Việt Nam)" in text
    assert "Người nộp: Trần Thị Thu" in text
    assert "Phòng Quản lý Công nghiệp" in text
    for stored in complete_draft.files.all():
        assert stored.original_name in text and stored.sha256[:12] in text
    assert "không phải là văn bản tiếp nhận hay chấp thuận hồ sơ" in text
    assert unembedded_fonts(response.content) == []
    assert "Liberation-Serif" in font_names(response.content)


def test_the_office_gets_the_receipt_the_receipt_of_a_draft_is_not_found(client, complete_draft, clerk):
    client.force_login(office_user())
    assert client.get(f"/ho-so/{complete_draft.pk}/bien-nhan/").status_code == 404
    services.submit_dossier(dossier=complete_draft, by=clerk)
    assert client.get(f"/ho-so/{complete_draft.pk}/bien-nhan/").status_code == 200
    assert client.get(f"/ho-so/{complete_draft.pk}/bien-nhan.pdf").status_code == 200


def test_another_agency_cannot_get_the_receipt(client, complete_draft, clerk, campaign):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    other = Agency.objects.create(name="Sở Tài chính", parent_authority="UBND TỈNH ĐỒNG THÁP", code="STC",
                                  place_name="Đồng Tháp", province=campaign.agency.province)
    client.force_login(office_user(username="vp.stc", agency=other))
    assert client.get(f"/ho-so/{complete_draft.pk}/bien-nhan/").status_code == 404
    assert client.get(f"/ho-so/{complete_draft.pk}/bien-nhan.pdf").status_code == 404


def test_another_unit_cannot_get_the_receipt(client, complete_draft, clerk, other_unit):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    client.force_login(staff_user(other_unit, username="tm"))
    assert client.get(f"/ho-so/{complete_draft.pk}/bien-nhan.pdf").status_code == 404


def test_receipt_files_are_those_current_at_the_submission(complete_draft, clerk):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    dossier = Dossier.objects.prefetch_related("files", "nominations").get(pk=complete_draft.pk)
    parts = [f.part for f in receipts.current_files(dossier, at=dossier.submitted_at)]
    assert parts == ["Công văn đề nghị", "Biên bản họp xét đề nghị khen thưởng",
                     "Báo cáo tóm tắt thành tích của Lê Văn Hùng"]


def test_the_office_finds_a_dossier_by_its_code_in_the_admin(client, complete_draft, clerk, other_unit, campaign):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    client.force_login(office_user())
    changelist = _html(client.get("/quan-tri/dossiers/dossier/"))
    assert "SCT-2023-0001" in changelist
    found = _html(client.get("/quan-tri/dossiers/dossier/?q=2023-0001"))
    assert "SCT-2023-0001" in found and "Phòng Quản lý Công nghiệp" in found
    assert "Phòng Quản lý Công nghiệp" not in _html(client.get("/quan-tri/dossiers/dossier/?q=SCT-2023-0099"))
    assert "SCT-2023-0001" in _html(client.get(f"/quan-tri/dossiers/dossier/{complete_draft.pk}/change/"))


def test_the_receipt_costs_the_same_queries_whatever_the_number_of_files(
    clerk_client, complete_draft, clerk, colleague, make_pdf, django_assert_max_num_queries
):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    with django_assert_max_num_queries(30) as few:
        clerk_client.get(f"/ho-so/{complete_draft.pk}/bien-nhan/")
    services.request_supplement(dossier=complete_draft, by=office_user(), note="Bổ sung.",
                                due_date=vn(2023, 11, 20).date())
    for index in range(4):
        services.upload_document(dossier=complete_draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER,
                                 upload=make_pdf(f"cv-{index}.pdf"))
    services.submit_dossier(dossier=complete_draft, by=clerk)
    with django_assert_max_num_queries(30) as many:
        response = clerk_client.get(f"/ho-so/{complete_draft.pk}/bien-nhan/")
    assert "cv-3.pdf" in _html(response)
    assert len(many.captured_queries) == len(few.captured_queries)
