"""The printed documents, read back from the PDF: exact lines, page sizes and counts, embedded fonts, the
draft mark, reprints byte for byte, who may download what, and names with every Vietnamese diacritic."""

import datetime as dt
import hashlib
import io
import re
import unicodedata
from decimal import Decimal

import pytest
from pypdf import PdfReader

from awards.issuing import pdf
from awards.issuing import services as issuing
from awards.models import Award, CertificateLayout, IssuedDocument
from campaign.models import Gender
from tests.awards.conftest import AFTER_PUBLICATION, UNIT_A, UNIT_B, build_approved_list
from tests.factories import UserFactory, allocate, staff_user

pytestmark = pytest.mark.django_db

A4_PORTRAIT = (595.28, 841.89)
A4_LANDSCAPE = (841.89, 595.28)
A3_LANDSCAPE = (1190.55, 841.89)
MM = 72 / 25.4
REASON = "Đã có thành tích xuất sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm 2023"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def qr_lines(decision, order: int) -> list[str]:
    """The caption under a signed certificate's verification QR code (issue 14), as two lines."""
    from awards.verify.qr import shown_url

    award = decision.awards.get(order=order)
    return ["Xác minh Giấy khen (quét mã QR hoặc truy cập):", shown_url(award.verify_token)]


def lines(page) -> list[str]:
    """The page's text lines as a reader sees them (NFC, whitespace collapsed)."""
    return [_clean(line) for line in page.extract_text().splitlines() if line.strip()]


def text(content: bytes) -> str:
    return _clean(" ".join(page.extract_text() for page in reader(content).pages))


def fragments(page) -> list[dict]:
    """Each piece of text with its position (pt, from the bottom left) and font."""
    found = []

    def visit(piece, cm, tm, font, size):
        if piece.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            font_name = str(font.get("/BaseFont", "")) if font else ""
            found.append({"text": _clean(piece), "x": x, "y": y, "font": font_name})

    page.extract_text(visitor_text=visit)
    return found


def fragment(page, wanted: str) -> dict:
    matches = [f for f in fragments(page) if f["text"] == wanted]
    assert len(matches) == 1, (wanted, [f["text"] for f in fragments(page)])
    return matches[0]


def size_of(page) -> tuple[float, float]:
    return round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)


def unembedded_fonts(content: bytes) -> list[str]:
    """Fonts used on any page without a font program in the file (FontFile, FontFile2 or FontFile3)."""
    missing = []
    for page in reader(content).pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptor_owner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor_owner.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def font_names(content: bytes) -> set[str]:
    names = set()
    for page in reader(content).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


# Words and dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2023, 11, 5), "ngày 05 tháng 11 năm 2023"),
    (dt.date(2024, 1, 9), "ngày 09 tháng 01 năm 2024"),
    (dt.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
    (dt.date(2024, 3, 1), "ngày 01 tháng 3 năm 2024"),
    (dt.date(2023, 11, 24), "ngày 24 tháng 11 năm 2023"),
])
def test_dates_have_leading_zeros_for_days_under_10_and_months_1_and_2(day, expected):
    assert pdf.long_date(day) == expected


@pytest.mark.parametrize(("amount", "words"), [
    (540_000, "Năm trăm bốn mươi nghìn đồng"),
    (1_080_000, "Một triệu không trăm tám mươi nghìn đồng"),
    (4_860_000, "Bốn triệu tám trăm sáu mươi nghìn đồng"),
    (1_005_000, "Một triệu không trăm lẻ năm nghìn đồng"),
    (21_000, "Hai mươi mốt nghìn đồng"),
    (115_000, "Một trăm mười lăm nghìn đồng"),
    (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
])
def test_amounts_in_words(amount, words):
    assert pdf.amount_in_words(amount) == words
    assert pdf.vnd(1_080_000) == "1.080.000"


# The decision ----------------------------------------------------------------------------------------


def test_the_decision_follows_the_administrative_form(office_client, decision_123):
    response = office_client.get(f"/khen-thuong/quyet-dinh/{decision_123.pk}/in/quyet-dinh.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="Quyet-dinh-123-QD-SCT.pdf"'
    content = response.content
    first, attached = reader(content).pages
    assert size_of(first) == A4_PORTRAIT
    assert lines(first)[:10] == [
        "UBND TỈNH ĐỒNG THÁP",
        "SỞ CÔNG THƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 123/QĐ-SCT Đồng Tháp, ngày 05 tháng 11 năm 2023",
        "QUYẾT ĐỊNH",
        "Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích xuất",
        "sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm 2023",
        "GIÁM ĐỐC SỞ CÔNG THƯƠNG",
        "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi,",
    ]
    # The two header columns: agency and number on the left, nation and date on the right.
    number, date_line = fragment(first, "Số: 123/QĐ-SCT"), fragment(first, "Đồng Tháp, ngày 05 tháng 11 năm 2023")
    parent, nation = fragment(first, "UBND TỈNH ĐỒNG THÁP"), fragment(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert number["x"] < date_line["x"] and abs(number["y"] - date_line["y"]) < 2
    assert parent["x"] < nation["x"] and abs(parent["y"] - nation["y"]) < 2
    assert parent["font"].endswith("Liberation-Serif") and fragment(first, "SỞ CÔNG THƯƠNG")["font"].endswith("Bold")
    assert fragment(first, "Độc lập - Tự do - Hạnh phúc")["font"].endswith("Bold")
    assert date_line["font"].endswith("Italic")
    assert fragment(first, "Xét đề nghị của Chánh Văn phòng Sở.")["font"].endswith("Italic")
    # Left margin 30 mm.
    assert round(min(f["x"] for f in fragments(first)) / MM) == 30
    body = text(content)
    for sentence in (
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành "
        "một số điều của Luật Thi đua, Khen thưởng;",
        "Xét đề nghị của Chánh Văn phòng Sở. QUYẾT ĐỊNH:",
        "Điều 1. Tặng Giấy khen của Giám đốc Sở Công Thương cho 02 tập thể và 05 cá nhân (có danh sách kèm "
        "theo) đã có thành tích xuất sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm 2023.",
        "Điều 2. Mỗi tập thể được tặng Giấy khen kèm theo tiền thưởng 1.080.000 đồng (Một triệu không trăm tám "
        "mươi nghìn đồng); mỗi cá nhân được tặng Giấy khen kèm theo tiền thưởng 540.000 đồng (Năm trăm bốn mươi "
        "nghìn đồng). Tổng số tiền thưởng: 4.860.000 đồng (Bốn triệu tám trăm sáu mươi nghìn đồng), trích từ Quỹ "
        "thi đua, khen thưởng của Sở Công Thương.",
        "Điều 3. Chánh Văn phòng Sở, Thủ trưởng các phòng, đơn vị thuộc Sở và các tập thể, cá nhân có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này. Quyết định này có hiệu lực kể từ ngày ký./.",
        "Nơi nhận: - Như Điều 3; - Ban Dân vận Tỉnh ủy; - Sở Nội vụ; - Lưu: VT, VP. GIÁM ĐỐC Nguyễn Hữu Dũng",
    ):
        assert sentence in body
    assert "DỰ THẢO" not in body
    assert lines(attached)[4:] == [
        "DANH SÁCH",
        "Tập thể, cá nhân được tặng Giấy khen của Giám đốc Sở Công Thương",
        "(Kèm theo Quyết định số 123/QĐ-SCT ngày 05 tháng 11 năm 2023 của Giám đốc",
        "Sở Công Thương)",
        "I. TẬP THỂ (02 tập thể)",
        "1. Phòng Quản lý Công nghiệp;",
        "2. Trung tâm Khuyến công và Xúc tiến thương mại;",
        "II. CÁ NHÂN (05 cá nhân)",
        "1. Ông Nguyễn Thành Đạt, Chuyên viên, Phòng Quản lý Công nghiệp;",
        "2. Bà Lê Thị Hồng Nhung, Phó Trưởng phòng, Phòng Quản lý Công nghiệp;",
        "3. Ông Trần Văn Khoa, Trưởng phòng, Phòng Quản lý Công nghiệp;",
        "4. Bà Phạm Thị Thúy Vy, Viên chức, Trung tâm Khuyến công và Xúc tiến",
        "thương mại;",
        "5. Ông Võ Hoàng Nam, Viên chức, Trung tâm Khuyến công và Xúc tiến",
        "thương mại./.",
        "(Danh sách có 02 tập thể và 05 cá nhân)",
    ]  # the attached list is numbered on its own: its first page carries no number
    assert unembedded_fonts(content) == []
    assert font_names(content) == {
        "Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic", "Liberation-Serif-Bold-Italic"
    }


def test_the_closing_block_puts_recipients_left_and_the_signer_right(decision_123):
    page = reader(pdf.decision_pdf(decision_123, issuing.build_awards(decision_123)).content).pages[0]
    recipients, title, name = (fragment(page, "Nơi nhận:"), fragment(page, "GIÁM ĐỐC"),
                               fragment(page, "Nguyễn Hữu Dũng"))
    assert recipients["x"] < title["x"] and recipients["font"].endswith("Bold-Italic")
    assert title["y"] - name["y"] > 25 * MM  # room for the signature and the seal


def test_a_deputy_signs_for_the_director(approved, campaign, office):
    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Trần Thị Thu Hà",
                                       signer_title="Phó Giám đốc", is_deputy=True)
    decision = issuing.sign_decision(decision=decision, by=office, now=AFTER_PUBLICATION)
    awards = list(decision.awards.all())
    body = text(pdf.decision_pdf(decision, awards).content)
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Trần Thị Thu Hà" in body
    certificate = reader(pdf.certificates_pdf(decision, awards[:1]).content).pages[0]
    assert lines(certificate)[-3:] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Thu Hà"]


# The Giấy khen ---------------------------------------------------------------------------------------


def test_every_certificate_of_the_decision_in_one_pdf_one_page_each(office_client, decision_123):
    response = office_client.get(f"/khen-thuong/quyet-dinh/{decision_123.pk}/in/giay-khen.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="Giay-khen-123-QD-SCT-A4.pdf"'
    pages = reader(response.content).pages
    assert len(pages) == 7
    assert {size_of(page) for page in pages} == {A4_LANDSCAPE}
    assert lines(pages[0]) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP",
        "TẶNG",
        "GIẤY KHEN",
        "Phòng Quản lý Công nghiệp",
        REASON,
        "Quyết định số 123/QĐ-SCT, ngày 05/11/2023",
        "Số sổ: 01",
        *qr_lines(decision_123, 1),
        "Đồng Tháp, ngày 05 tháng 11 năm 2023",
        "GIÁM ĐỐC",
        "Nguyễn Hữu Dũng",
    ]
    assert lines(pages[3]) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP",
        "TẶNG",
        "GIẤY KHEN",
        "Bà Lê Thị Hồng Nhung",
        "Phó Trưởng phòng, Phòng Quản lý Công nghiệp",
        REASON,
        "Quyết định số 123/QĐ-SCT, ngày 05/11/2023",
        "Số sổ: 04",
        *qr_lines(decision_123, 4),
        "Đồng Tháp, ngày 05 tháng 11 năm 2023",
        "GIÁM ĐỐC",
        "Nguyễn Hữu Dũng",
    ]
    assert [lines(page)[5] for page in pages] == [
        UNIT_A, UNIT_B, "Ông Nguyễn Thành Đạt", "Bà Lê Thị Hồng Nhung", "Ông Trần Văn Khoa",
        "Bà Phạm Thị Thúy Vy", "Ông Võ Hoàng Nam",
    ]
    # Bottom left: the decision and the register number; bottom right: place, date and signer.
    page = pages[3]
    assert fragment(page, "Số sổ: 04")["x"] < fragment(page, "Nguyễn Hữu Dũng")["x"]
    assert unembedded_fonts(response.content) == []


def test_certificates_on_a3(office_client, decision_123):
    response = office_client.get(f"/khen-thuong/quyet-dinh/{decision_123.pk}/in/giay-khen.pdf?kho=A3")
    pages = reader(response.content).pages
    assert (len(pages), size_of(pages[0])) == (7, A3_LANDSCAPE)
    assert lines(pages[2])[5] == "Ông Nguyễn Thành Đạt"
    assert office_client.get(f"/khen-thuong/quyet-dinh/{decision_123.pk}/in/giay-khen.pdf?kho=B5").status_code == 404


def test_a_reprint_is_the_very_document_first_issued(office_client, decision_123):
    url = f"/khen-thuong/quyet-dinh/{decision_123.pk}/in/giay-khen.pdf"
    first = office_client.get(url).content
    # Whatever changes in the layout code's inputs later, the issued file is served again as stored.
    CertificateLayout.objects.create(agency=decision_123.agency, issuer_title="TIÊU ĐỀ KHÁC")
    second = office_client.get(url).content
    assert first == second
    issued = IssuedDocument.objects.get(decision=decision_123, key="certificates-A4")
    assert (issued.sha256, issued.size, issued.pages) == (hashlib.sha256(first).hexdigest(), len(first), 7)


def test_a_damaged_stored_pdf_is_not_served(office_client, decision_123):
    url = f"/khen-thuong/quyet-dinh/{decision_123.pk}/in/quyet-dinh.pdf"
    office_client.get(url)
    issued = IssuedDocument.objects.get()
    with issued.file.open("wb") as handle:
        handle.write(b"%PDF-1.7 altered")
    response = office_client.get(url)
    assert response.status_code == 500
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert f"Chưa tải được Quyết định {decision_123.number} và danh sách kèm theo" in html
    assert "Bản đã phát hành trong kho lưu trữ không còn khớp mã kiểm tra SHA-256; vui lòng báo Văn phòng Sở." in html
    assert f'href="/khen-thuong/quyet-dinh/{decision_123.pk}/"' in html


def test_a_store_that_fails_answers_a_page_to_try_again_and_issues_nothing(
    client, office, director, signed_decision, approved, monkeypatch
):
    from tests.helpers import full_disk

    units, _, _ = approved
    own = Award.objects.get(recipient_name="Phạm Thị Thúy Vy")
    full_disk(monkeypatch)
    for user, url, back in [
        (office, f"/khen-thuong/quyet-dinh/{signed_decision.pk}/in/quyet-dinh.pdf",
         f"/khen-thuong/quyet-dinh/{signed_decision.pk}/"),
        (director, f"/khen-thuong/giay-khen/{own.pk}.pdf", "/khen-thuong/so-khen-thuong/"),
        (staff_user(units[UNIT_B]), f"/khen-thuong/giay-khen/{own.pk}.pdf", "/khen-thuong/giay-khen/"),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 503
        html = response.content.decode()
        assert "Không lưu được bản PDF phát hành vào kho lưu trữ của máy chủ, nên chưa phát hành." in html
        assert f'href="{back}">Quay lại</a>' in html
    assert IssuedDocument.objects.count() == 0


def test_an_unsigned_decision_prints_as_a_watermarked_draft_for_the_office_and_nothing_is_stored(
    office_client, approved, campaign, office
):
    decision = issuing.create_decision(campaign=campaign, by=office, number="", signing_date=dt.date(2023, 11, 24),
                                       signer_name="Nguyễn Hữu Dũng")
    response = office_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/in/giay-khen.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="DU-THAO-Giay-khen-chua-co-so-A4.pdf"'
    assert response["Cache-Control"] == "no-store"
    pages = reader(response.content).pages
    assert len(pages) == 7
    assert "DỰ THẢO" in lines(pages[0]) and "Số sổ: ……" in lines(pages[0])
    decision_pdf = office_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/in/quyet-dinh.pdf").content
    assert "DỰ THẢO" in text(decision_pdf)
    assert "Số: /QĐ-SCT Đồng Tháp, ngày 24 tháng 11 năm 2023" in lines(reader(decision_pdf).pages[0])
    assert IssuedDocument.objects.count() == 0


def test_staff_cannot_print_an_unsigned_decisions_certificates(client, approved, campaign, office):
    units, _, _ = approved
    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    client.force_login(staff_user(units[UNIT_A]))
    assert client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/in/giay-khen.pdf").status_code == 404
    assert client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/in/quyet-dinh.pdf").status_code == 404
    html = client.get("/khen-thuong/giay-khen/").content.decode()
    assert "Chưa có Giấy khen nào của đơn vị theo quyết định đã ký." in html


def test_staff_download_their_own_units_certificate_and_not_another_units(client, signed_decision, approved):
    units, _, _ = approved
    client.force_login(staff_user(units[UNIT_B]))
    own = Award.objects.get(recipient_name="Phạm Thị Thúy Vy")
    other = Award.objects.get(recipient_name="Nguyễn Thành Đạt")
    response = client.get(f"/khen-thuong/giay-khen/{own.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Giay-khen-125-QD-SCT-so-so-06-A4.pdf"'
    (page,) = reader(response.content).pages
    assert lines(page)[5:7] == ["Bà Phạm Thị Thúy Vy", f"Viên chức, {UNIT_B}"]
    assert client.get(f"/khen-thuong/giay-khen/{other.pk}.pdf").status_code == 404
    html = client.get("/khen-thuong/giay-khen/").content.decode()
    assert f"/khen-thuong/giay-khen/{own.pk}.pdf" in html and f"/khen-thuong/giay-khen/{other.pk}.pdf" not in html
    # Someone with no unit at all sees none.
    client.force_login(UserFactory())
    assert client.get(f"/khen-thuong/giay-khen/{own.pk}.pdf").status_code == 404


VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc, huyền, hỏi, ngã, nặng


def every_vietnamese_letter() -> list[str]:
    """Every vowel with every tone, lower and upper case, and đ/Đ, composed (NFC), in four strings short
    enough for a position even when decomposed (NFD)."""
    groups = ["".join(unicodedata.normalize("NFC", vowel + tone) for tone in TONES) for vowel in VOWELS]
    halves = (groups[:6], groups[6:])
    return [" ".join(half) + " đ" for half in halves] + [" ".join(g.upper() for g in half) + " Đ" for half in halves]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_names_with_every_vietnamese_diacritic_print_exactly(form, campaign, office, council, director, make_pdf):
    letters = every_vietnamese_letter()
    names = ["Đặng Thị Ngọc Ánh", "Lữ Ưng Hoàng Yến", "Huỳnh Thị Kiều Oanh", "Bùi Văn Sỹ"]
    units = [UNIT_A, UNIT_A, UNIT_B, UNIT_B]
    people = tuple(
        (unit, unicodedata.normalize(form, name), Gender.FEMALE if "Thị" in name or "Yến" in name else Gender.MALE,
         unicodedata.normalize(form, position))
        for unit, name, position in zip(units, names, letters, strict=True)
    )
    build_approved_list(campaign, office, council, make_pdf, people=people, collectives=False)
    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24),
                                       signer_name=unicodedata.normalize(form, "Nguyễn Hữu Dũng"))
    decision = issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    content = pdf.certificates_pdf(decision, list(decision.awards.all())).content
    pages = reader(content).pages
    assert [lines(page)[5] for page in pages] == [
        "Bà Đặng Thị Ngọc Ánh", "Bà Lữ Ưng Hoàng Yến", "Bà Huỳnh Thị Kiều Oanh", "Ông Bùi Văn Sỹ"
    ]
    for page, position, unit in zip(pages, letters, units, strict=True):
        assert _clean(" ".join(lines(page)[6:-8])) == f"{position}, {unit}"  # 8: from the reason to the signer
        assert lines(page)[-1] == "Nguyễn Hữu Dũng"
    assert unembedded_fonts(content) == []


# Printing on blanks ----------------------------------------------------------------------------------


def test_print_on_blank_has_only_the_variable_fields_at_the_calibrated_place(office_client, decision_123):
    url = f"/khen-thuong/quyet-dinh/{decision_123.pk}/in/giay-khen-tren-phoi.pdf"
    content = office_client.get(url).content
    page = reader(content).pages[2]
    assert lines(page) == [
        "Ông Nguyễn Thành Đạt",
        "Chuyên viên, Phòng Quản lý Công nghiệp",
        REASON,
        "Quyết định số 123/QĐ-SCT, ngày 05/11/2023",
        "Số sổ: 03",
        *qr_lines(decision_123, 3),
        "Đồng Tháp, ngày 05 tháng 11 năm 2023",
        "GIÁM ĐỐC",
        "Nguyễn Hữu Dũng",
    ]
    before = fragment(page, "Ông Nguyễn Thành Đạt")
    CertificateLayout.objects.create(agency=decision_123.agency, offset_x_mm=Decimal("10"),
                                     offset_y_mm=Decimal("-4.5"))
    after = fragment(reader(office_client.get(url).content).pages[2], "Ông Nguyễn Thành Đạt")
    assert round((after["x"] - before["x"]) / MM, 1) == 10.0
    assert round((after["y"] - before["y"]) / MM, 1) == 4.5  # up the page: PDF y grows upwards
    assert IssuedDocument.objects.count() == 0  # blanks are printed afresh after each calibration
    assert unembedded_fonts(content) == []


def test_the_calibration_page_shows_the_grid_and_every_field(office_client, decision_123, client):
    CertificateLayout.objects.create(agency=decision_123.agency, offset_x_mm=Decimal("1.5"))
    response = office_client.get(f"/khen-thuong/in-tren-phoi/{decision_123.agency_id}/can-chinh.pdf")
    (page,) = reader(response.content).pages
    found = lines(page)
    assert "TRANG CĂN CHỈNH IN GIẤY KHEN TRÊN PHÔI – SỞ CÔNG THƯƠNG" in found
    assert "Khổ A4 ngang, thước đo theo milimét thật của tờ giấy · độ lệch hiện tại: sang phải 1,5 mm." in found
    assert found[-9:] == [
        "Ông Nguyễn Văn Mẫu", "Chức vụ, Đơn vị công tác", "Đã có thành tích xuất sắc … (lý do khen thưởng)",
        "Quyết định số 123/QĐ-SCT, ngày 05/11/2023", "Số sổ: 01", "Đồng Tháp, ngày 05 tháng 11 năm 2023",
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Họ và tên người ký",
    ]
    assert size_of(page) == A4_LANDSCAPE
    client.force_login(staff_user(decision_123.awards.first().unit))
    assert client.get(f"/khen-thuong/in-tren-phoi/{decision_123.agency_id}/can-chinh.pdf").status_code == 404


# The Tờ trình ----------------------------------------------------------------------------------------


def test_the_to_trinh_to_the_provincial_steering_committee(office_client, campaign, office, council, director,
                                                         make_pdf):
    allocate(campaign, collectives=2, individuals=3)
    people = ((UNIT_A, "Nguyễn Thành Đạt", Gender.MALE, "Chuyên viên"),
              (UNIT_B, "Phạm Thị Thúy Vy", Gender.FEMALE, "Viên chức"))
    build_approved_list(campaign, office, council, make_pdf, people=people, level="provincial")
    proposal = issuing.create_proposal(campaign=campaign, by=office, number="45/TTr-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    draft = office_client.get(f"/khen-thuong/to-trinh/{proposal.pk}/in/to-trinh.pdf")
    assert "DỰ THẢO" in text(draft.content)
    issuing.sign_proposal(proposal=proposal, by=director, now=AFTER_PUBLICATION)
    response = office_client.get(f"/khen-thuong/to-trinh/{proposal.pk}/in/to-trinh.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="To-trinh-45-TTr-SCT.pdf"'
    content = response.content
    first = reader(content).pages[0]
    assert lines(first)[:8] == [
        "UBND TỈNH ĐỒNG THÁP",
        "SỞ CÔNG THƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 45/TTr-SCT Đồng Tháp, ngày 24 tháng 11 năm 2023",
        "TỜ TRÌNH",
        "Về việc đề nghị khen thưởng tập thể, cá nhân đã có thành tích xuất",
        "sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm 2023",
    ]
    body = text(content)
    assert "Kính gửi: Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở Tỉnh Đồng Tháp." in body
    # The province's plan it carries out, from the data (issue 11).
    assert ("Thực hiện Kế hoạch số 157/KH-UBND ngày 27/04/2023 của Uỷ ban nhân dân Tỉnh Đồng Tháp về thực hiện dân "
            "chủ trong hoạt động của các cơ quan hành chính nhà nước và các đơn vị sự nghiệp công lập năm 2023;") in body
    assert ("kính trình Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở Tỉnh Đồng Tháp xem xét, tặng Bằng khen của "
            "Chủ tịch Ủy ban nhân dân Tỉnh Đồng Tháp cho 02 tập thể và 02 cá nhân (trong chỉ tiêu được phân bổ: "
            "02 tập thể, 03 cá nhân)") in body
    assert ("I. TẬP THỂ (02 tập thể) 1. Phòng Quản lý Công nghiệp; 2. Trung tâm Khuyến công và Xúc tiến thương mại; "
            "II. CÁ NHÂN (02 cá nhân) 1. Ông Nguyễn Thành Đạt, Chuyên viên, Phòng Quản lý Công nghiệp; "
            "2. Bà Phạm Thị Thúy Vy, Viên chức, Trung tâm Khuyến công và Xúc tiến thương mại.") in body
    assert "DỰ THẢO" not in body and "Nơi nhận: - Như trên; - Lưu: VT, VP. GIÁM ĐỐC Nguyễn Hữu Dũng" in body
    assert unembedded_fonts(content) == []


def test_no_document_fetches_anything_from_outside(caplog):
    rendered = pdf.html_to_pdf('<p>x</p><img src="https://example.com/logo.png">')
    assert rendered.pages == 1
    assert "Tài liệu in không được tải tài nguyên bên ngoài: https://example.com/logo.png" in caplog.text
