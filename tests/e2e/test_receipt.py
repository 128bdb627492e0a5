"""A unit submits through the review step and gets its receipt (issue 15 item 2), at 1280 px and 390 px."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaign.models import Campaign, StaffMember, Unit
from core.time import local_today
from dossiers import services
from dossiers.models import DocumentKind, Dossier

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/r")
UNIT = "Phòng Quản lý Công nghiệp"
STAFF_LOGIN = "donvi.congnghiep"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CONFIRM = "Tôi đã kiểm tra các thành phần và tệp của hồ sơ ở trên và xác nhận nộp hồ sơ này."


def _complete_draft() -> Dossier:
    campaign = Campaign.objects.get(number="01/KH-SCT-DEMO", year=local_today().year)
    unit = Unit.objects.get(agency=campaign.agency, name=UNIT)
    clerk = StaffMember.objects.get(user__username=STAFF_LOGIN).user
    nominee = StaffMember.objects.get(unit=unit, full_name="Nguyễn Thành Đạt")
    dossier = services.create_dossier(campaign=campaign, unit=unit, level="grassroots", by=clerk)
    for kind, name in ((DocumentKind.PROPOSAL_LETTER, "cong-van-de-nghi.pdf"),
                       (DocumentKind.MEETING_MINUTES, "bien-ban-hop-xet.pdf")):
        services.upload_document(dossier=dossier, by=clerk, kind=kind,
                                 upload=SimpleUploadedFile(name, PDF, content_type="application/pdf"))
    services.add_nomination(dossier=dossier, by=clerk, kind="individual", staff=nominee,
                            achievement_summary="Hoàn thành xuất sắc nhiệm vụ.",
                            report=SimpleUploadedFile("bao-cao-tom-tat-dat.pdf", PDF, content_type="application/pdf"))
    return dossier


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_unit_submits_through_the_review_step_and_gets_its_receipt(page, live_server, demo_data, login):
    dossier = _complete_draft()
    login(page, live_server, STAFF_LOGIN)
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    page.locator("#submit-dossier").click()

    # The review step: the parts, the nominee, the files; nothing is submitted yet.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra trước khi nộp hồ sơ")
    expect(page.locator("#review-checklist li.missing")).to_have_count(0)
    expect(page.locator("#review-nominees")).to_contain_text("Nguyễn Thành Đạt")
    expect(page.locator("#review-files tbody tr")).to_have_count(3)
    _shot(page, "review-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "review-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Without the box ticked: refused with the reason, nothing submitted.
    page.get_by_role("button", name="Xác nhận nộp").click()
    expect(page.locator("#confirm-submit")).to_contain_text("Hãy đánh dấu ô xác nhận để nộp hồ sơ. Hồ sơ chưa được nộp.")
    dossier.refresh_from_db()
    assert (dossier.state, dossier.code) == ("draft", "")

    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Xác nhận nộp").click()

    # The receipt: the code, the date and time, the files; a PDF to download.
    expect(page.get_by_role("heading", level=1)).to_have_text("Giấy biên nhận hồ sơ")
    dossier.refresh_from_db()
    assert re.fullmatch(r"SCT-\d{4}-\d{4}", dossier.code)
    expect(page.locator("#dossier-code")).to_have_text(dossier.code)
    expect(page.locator("#received-at")).to_contain_text(re.compile(r"\d{2}:\d{2} ngày \d{2}/\d{2}/\d{4} \(giờ Việt Nam\)"))
    expect(page.locator("#receipt-files tbody tr")).to_have_count(3)
    expect(page.locator("#receipt-note")).to_contain_text("không phải là văn bản tiếp nhận hay chấp thuận hồ sơ")
    _shot(page, "receipt-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("#receipt-pdf")).to_be_visible()
    _shot(page, "receipt-390")

    pdf = page.request.get(f"{live_server.url}/ho-so/{dossier.pk}/bien-nhan.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    (SHOTS / "receipt.pdf").write_bytes(pdf.body())

    # The dossier page names the code and links the receipt.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Xem hồ sơ").click()
    expect(page.locator("#dossier-code")).to_contain_text(f"Mã hồ sơ: {dossier.code}")
    expect(page.locator("#dossier-code").get_by_role("link", name="Giấy biên nhận")).to_be_visible()
