"""The Director signs the 2023 award decision in the browser and downloads the decision and the certificates;
a unit's staff then download their own unit's certificate."""

import base64
import io
import re
import unicodedata

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from pypdf import PdfReader

from awards.models import Award, AwardDecision, IssuedDocument
from awards.verify.qr import shown_url

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e


def pdf_lines(path) -> list[list[str]]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [
        [re.sub(r"\s+", " ", unicodedata.normalize("NFC", line)).strip()
         for line in page.extract_text().splitlines() if line.strip()]
        for page in reader.pages
    ]


def download(page, link, folder):
    with page.expect_download() as info:
        link.click()
    target = folder / info.value.suggested_filename
    info.value.save_as(str(target))
    return target


@pytest.fixture
def demo_awards(demo_data):
    call_command("seed_demo_awards", quiet=True)


def test_the_director_signs_the_decision_and_downloads_the_certificates(
    page, live_server, demo_awards, login, screenshot, tmp_path
):
    login(page, live_server, "giamdoc")
    page.locator("#nav").get_by_role("link", name="Khen thưởng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định khen thưởng")
    page.locator("#decisions").get_by_role("link", name="Mở quyết định").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quyết định số 125/QĐ-SCT")
    expect(page.locator("#awards tbody tr")).to_have_count(2 + 7)  # two section rows, seven awards

    # The Director reads the draft first: it carries the “DỰ THẢO” mark.
    draft = download(page, page.locator("#print").get_by_role("link", name="In Quyết định"), tmp_path)
    assert draft.name == "DU-THAO-Quyet-dinh-125-QD-SCT.pdf"
    assert "DỰ THẢO" in pdf_lines(draft)[0]
    screenshot("e2e_decision_draft")

    # Signing needs the signer's second factor (issue 14): the Director enrols an authenticator app and comes back.
    page.locator("#second-factor-needed").get_by_role("link", name="Đăng ký xác thực hai lớp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác thực hai lớp")
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Mã xác thực (6 chữ số)").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quyết định số 125/QĐ-SCT")

    signing = page.locator("#signing")
    signing.get_by_role("button", name="Ký quyết định").click()
    expect(signing.locator(".invalid-feedback")).to_contain_text("Hãy xác nhận đã đọc bản dự thảo trước khi ký.")
    page.get_by_label("Tôi đã đọc bản dự thảo; sau khi ký, văn bản và danh sách kèm theo không thể sửa.").check()
    page.locator("#signing").get_by_role("button", name="Ký quyết định").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Đã ký Quyết định số 125/QĐ-SCT ngày 24/11/2023: 7 Giấy khen đã vào sổ khen thưởng."
    )
    expect(page.locator("#signing")).to_have_count(0)
    screenshot("e2e_decision_signed")

    certificates = download(page, page.locator("#print").get_by_role("link", name="In Giấy khen", exact=True),
                            tmp_path)
    assert certificates.name == "Giay-khen-125-QD-SCT-A4.pdf"
    pages = pdf_lines(certificates)
    assert len(pages) == 7
    assert pages[2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP",
        "TẶNG",
        "GIẤY KHEN",
        "Ông Nguyễn Thành Đạt",
        "Chuyên viên, Phòng Quản lý Công nghiệp",
        "Đã có thành tích xuất sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm 2023",
        "Quyết định số 125/QĐ-SCT, ngày 24/11/2023",
        "Số sổ: 03",
        # The verification QR code's caption (issue 14): the public link of this very certificate.
        "Xác minh Giấy khen (quét mã QR hoặc truy cập):",
        shown_url(Award.objects.get(decision__number="125/QĐ-SCT", register_number=3).verify_token),
        "Đồng Tháp, ngày 24 tháng 11 năm 2023",
        "GIÁM ĐỐC",
        "Nguyễn Hữu Dũng",
    ]
    decision = download(page, page.locator("#print").get_by_role("link", name="In Quyết định"), tmp_path)
    assert decision.name == "Quyet-dinh-125-QD-SCT.pdf"
    first = pdf_lines(decision)[0]
    assert first[:6] == [
        "UBND TỈNH ĐỒNG THÁP", "SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Số: 125/QĐ-SCT Đồng Tháp, ngày 24 tháng 11 năm 2023", "QUYẾT ĐỊNH",
    ]
    # A second print is the same document, and the page lists both issued PDFs with their SHA-256.
    (tmp_path / "again").mkdir()
    again = download(page, page.locator("#print").get_by_role("link", name="In Giấy khen", exact=True),
                     tmp_path / "again")
    assert again.read_bytes() == certificates.read_bytes()
    page.reload()
    expect(page.locator("#issued li")).to_have_count(2)
    assert AwardDecision.objects.get().is_signed and IssuedDocument.objects.count() == 2

    page.locator("#nav").get_by_role("link", name="Khen thưởng").click()
    page.get_by_role("link", name="Sổ khen thưởng").click()
    expect(page.locator("#register tbody tr")).to_have_count(7)
    screenshot("e2e_award_register")


def test_a_unit_downloads_its_certificates_once_signed(page, live_server, demo_awards, login, tmp_path):
    from django.contrib.auth.models import User

    from awards.issuing import services as issuing

    decision = AwardDecision.objects.get()
    login(page, live_server, "donvi.khuyencong")
    page.locator("#nav").get_by_role("link", name="Giấy khen").click()
    expect(page.locator("#certificates")).to_contain_text("Chưa có Giấy khen nào của đơn vị theo quyết định đã ký.")

    issuing.sign_decision(decision=decision, by=User.objects.get(username="giamdoc"))
    page.reload()
    rows = page.locator("#certificates tbody tr")
    expect(rows).to_have_count(3)  # the Trung tâm itself, Phạm Thị Thúy Vy, Võ Hoàng Nam
    own = rows.filter(has_text="Bà Phạm Thị Thúy Vy")
    certificate = download(page, own.get_by_role("link", name="Tải Giấy khen"), tmp_path)
    (lines,) = pdf_lines(certificate)
    assert lines[5:7] == ["Bà Phạm Thị Thúy Vy", "Viên chức, Trung tâm Khuyến công và Xúc tiến thương mại"]
    other = Award.objects.get(recipient_name="Nguyễn Thành Đạt")
    response = page.request.get(f"{live_server.url}/khen-thuong/giay-khen/{other.pk}.pdf")
    assert response.status == 404
