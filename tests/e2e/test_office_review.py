"""The office asks for a supplement in the admin, the unit re-submits in the portal, the office accepts."""

import re

import pytest
from django.core.management import call_command

from dossiers.models import Dossier, DossierFile, DossierState

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

UNIT = "Phòng Quản lý Công nghiệp"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_supplement_resubmission_and_acceptance(page, live_server, demo_data, login, screenshot, tmp_path):
    call_command("seed_demo_review", quiet=True)
    dossier = Dossier.objects.get(campaign__number="02/KH-SCT-DEMO", unit__name=UNIT)
    assert dossier.state == DossierState.SUBMITTED

    # The office opens the dossier in the admin and asks for a supplement.
    login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/quan-tri/dossiers/dossier/{dossier.pk}/change/")
    page.get_by_role("link", name="Gửi yêu cầu bổ sung").click()
    page.get_by_label("Nội dung cần bổ sung").fill("Bổ sung biên bản họp có đủ chữ ký.")
    page.get_by_label("Hạn bổ sung (dd/mm/yyyy)").fill("31/12/2099")
    page.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã yêu cầu bổ sung 1 hồ sơ: Phòng Quản lý Công nghiệp.")
    screenshot("e2e_admin_supplement_requested")
    page.context.clear_cookies()

    # The unit reads the request, uploads a new version of the minutes and re-submits.
    login(page, live_server, "donvi.congnghiep")
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    expect(page.locator("#supplement-request")).to_contain_text("Bổ sung biên bản họp có đủ chữ ký.")
    expect(page.locator("#supplement-request")).to_contain_text("Hạn bổ sung: hết ngày 31/12/2099.")
    minutes = tmp_path / "bien-ban-du-chu-ky.pdf"
    minutes.write_bytes(PDF_BYTES)
    form = page.locator("form.upload-form[data-kind=meeting_minutes]")
    form.locator("input[type=file]").set_input_files(str(minutes))
    form.get_by_role("button", name=re.compile(r"^Tải lên")).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tải lên “bien-ban-du-chu-ky.pdf” (phiên bản 2).")
    expect(page.locator("#doc-meeting_minutes")).to_contain_text("Các phiên bản trước (1)")
    page.get_by_role("button", name="Nộp lại hồ sơ").click()
    page.get_by_label("Tôi đã kiểm tra các thành phần và tệp của hồ sơ ở trên và xác nhận nộp hồ sơ này.").check()
    page.get_by_role("button", name="Xác nhận nộp").click()
    expect(page.locator("#receipt")).to_contain_text("(nộp bổ sung)")
    page.get_by_role("link", name="Xem hồ sơ").click()
    expect(page.locator(".state-badge").first).to_have_text("Đã nộp")
    expect(page.locator("#timeline")).to_contain_text("Yêu cầu bổ sung")
    screenshot("e2e_unit_resubmitted")
    page.context.clear_cookies()

    # The office accepts.
    login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/quan-tri/dossiers/dossier/{dossier.pk}/change/")
    page.get_by_role("link", name="Tiếp nhận", exact=True).click()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Đã tiếp nhận 1 hồ sơ: Phòng Quản lý Công nghiệp.")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.ACCEPTED
    assert [e.to_state for e in dossier.timeline.filter(kind="transition").order_by("at", "pk")] == [
        "draft", "submitted", "returned", "submitted", "accepted",
    ]
    assert DossierFile.objects.filter(dossier=dossier, kind="meeting_minutes").count() == 2
