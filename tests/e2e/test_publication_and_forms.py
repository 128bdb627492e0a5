"""After the Director signs, a unit's staff member finds the decision under “Công khai”, opens it and is
recorded as a reader, which the office sees; the unit downloads its pre-filled minutes from the dossier page."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from docx import Document

from awards.issuing import services as issuing
from awards.models import AwardDecision
from dossiers.models import Dossier

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e


@pytest.fixture
def signed(demo_data):
    call_command("seed_demo_awards", quiet=True)
    decision = AwardDecision.objects.get(number="125/QĐ-SCT")
    return issuing.sign_decision(decision=decision, by=User.objects.get(username="giamdoc"))


def test_staff_open_the_published_decision_and_the_office_sees_who_did(page, live_server, signed, login, screenshot):
    login(page, live_server, "donvi.khuyencong")
    page.locator("#nav").get_by_role("link", name="Công khai").click()
    notices = page.locator("#notices")
    expect(notices).to_contain_text("Quyết định số 125/QĐ-SCT ngày 24/11/2023")
    expect(notices).to_contain_text("Đang công khai")
    notices.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định số 125/QĐ-SCT ngày 24/11/2023")
    expect(page.locator("body")).to_contain_text("Ông Nguyễn Thành Đạt, Chuyên viên, Phòng Quản lý Công nghiệp")
    expect(page.locator("#readers")).to_have_count(0)
    screenshot("e2e_notice_staff")

    page.get_by_role("button", name="Đăng xuất").click()
    login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/cong-khai/quyet-dinh/{signed.notice.pk}/")
    readers = page.locator("#readers tbody tr")
    expect(readers).to_have_count(2)  # the unit's staff member, then the office itself
    expect(readers.first).to_contain_text("Trung tâm Khuyến công và Xúc tiến thương mại")
    screenshot("e2e_notice_readers")


def test_the_unit_downloads_its_pre_filled_minutes(page, live_server, signed, login, tmp_path):
    login(page, live_server, "donvi.congnghiep")
    dossier = Dossier.objects.get(unit__name="Phòng Quản lý Công nghiệp", campaign=signed.campaign, level="grassroots")
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    block = page.locator("#docx-forms")
    with page.expect_download() as info:
        block.get_by_role("link", name="Biên bản họp xét đề nghị khen thưởng").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(str(target))
    assert target.name == "bien-ban-hop-xet-Phong-Quan-ly-Cong-nghiep.docx"
    document = Document(io.BytesIO(target.read_bytes()))
    rows = [" | ".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows]
    assert "2 | Ông Nguyễn Thành Đạt, Chuyên viên, Phòng Quản lý Công nghiệp |  |  | " in rows
