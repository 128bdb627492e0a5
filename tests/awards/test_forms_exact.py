"""Exact forms (issue 13 point 2), read back from the documents: text rules with pdftotext -layout, positions
from WeasyPrint's own layout boxes (where each line of each field lands, in mm)."""

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import LineBox, TextBox

from awards.issuing import pdf
from awards.issuing import services as issuing
from awards.models import CertificateLayout, DecisionState, PaperSize, ProvincialProposal
from campaign.models import Gender, LegalBasis
from core.errors import DomainError
from tests.awards.conftest import AFTER_PUBLICATION, UNIT_A, UNIT_B, build_approved_list

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]

PX_MM = 25.4 / 96
# Among the longest real position-and-unit lines of a provincial department (≥ 110 characters).
LONG_POSITION = "Phó Trưởng phòng Quản lý Thương mại, Xuất nhập khẩu và Hội nhập kinh tế quốc tế"
LONG_UNIT = "Sở Công Thương tỉnh Đồng Tháp"
LONGER_UNIT = (
    "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp, Xúc tiến thương mại và Đầu tư, "
    "Sở Công Thương tỉnh Đồng Tháp (nay là Sở Công Thương tỉnh Đồng Tháp sau hợp nhất)"
)


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def pdftotext(content: bytes, *, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    done = subprocess.run([*args, "-", "-"], input=content, capture_output=True, check=True)
    return unicodedata.normalize("NFC", done.stdout.decode("utf-8"))


def pages_text(content: bytes) -> list[str]:
    return pdftotext(content).split("\f")[:-1]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# Layout boxes ----------------------------------------------------------------------------------------


def _walk(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _walk(child)


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def field_lines(page, css_class: str) -> list[dict]:
    """Each line of the element with `css_class` (the first such element on the page): text and box in mm."""
    for box in _walk(page._page_box):
        if css_class in _classes(box) and not isinstance(box, (LineBox, TextBox)) and box.element_tag != "span":
            lines = []
            for line in _walk(box):
                if isinstance(line, LineBox):
                    texts = [t for t in _walk(line) if isinstance(t, TextBox)]
                    lines.append({
                        "text": "".join(t.text for t in texts),
                        "top": line.position_y * PX_MM,
                        "bottom": (line.position_y + line.height) * PX_MM,
                        "left": min(t.position_x for t in texts) * PX_MM,
                        "right": max(t.position_x + t.width for t in texts) * PX_MM,
                        "pt": texts[0].style["font_size"] * 0.75,
                    })
            return [{**line, "box_left": box.position_x * PX_MM, "box_right": (box.position_x + box.width) * PX_MM}
                    for line in lines]
    raise AssertionError(f"no element .{css_class} on the page")


def block(page, css_class: str, tag: str | None = None):
    for box in _walk(page._page_box):
        if css_class in _classes(box) and (tag is None or box.element_tag == tag) and not isinstance(box, LineBox):
            return box
    raise AssertionError(f"no element .{css_class}")


def laid_out(template: str, context: dict):
    return HTML(string=pdf.render_html(template, context)).render()


# Căn cứ, the attached list, the short rules -----------------------------------------------------------


def test_every_can_cu_line_ends_with_a_semicolon_and_the_last_line_with_a_full_stop(office_client, decision_123):
    campaign = decision_123.campaign
    # However the office typed them: a comma, a full stop, nothing, a semicolon with spaces.
    LegalBasis.objects.create(campaign=campaign, order=3, text="Căn cứ Thông tư số 12/2019/TT-BNV ngày 04/11/2019,")
    LegalBasis.objects.create(campaign=campaign, order=4, text="Căn cứ Kế hoạch số 157/KH-UBND ngày 27/04/2023.")
    LegalBasis.objects.create(campaign=campaign, order=5, text="Căn cứ Quyết định số 10/QĐ-UBND  ;  ")
    content = office_client.get(f"/khen-thuong/quyet-dinh/{decision_123.pk}/in/quyet-dinh.pdf").content
    text = squeeze(pages_text(content)[0])
    bases = re.findall(r"(Căn cứ .*?[;.,:])(?= Căn cứ| Xét)", text)
    assert [basis[-1] for basis in bases] == [";"] * 5
    assert bases[2:] == [
        "Căn cứ Thông tư số 12/2019/TT-BNV ngày 04/11/2019;",
        "Căn cứ Kế hoạch số 157/KH-UBND ngày 27/04/2023;",
        "Căn cứ Quyết định số 10/QĐ-UBND;",
    ]
    assert "Xét đề nghị của Chánh Văn phòng Sở. QUYẾT ĐỊNH:" in text


def test_basis_lines_punctuate_as_decree_30_2020():
    assert pdf.basis_lines(["Căn cứ A,", "Căn cứ B."], "Xét đề nghị của C,") == [
        "Căn cứ A;", "Căn cứ B;", "Xét đề nghị của C."
    ]
    assert pdf.basis_lines(["Căn cứ A;"]) == ["Căn cứ A."]


def test_the_attached_list_is_numbered_from_its_own_first_page(office_client, campaign, office, council, director,
                                                               make_pdf):
    # 5 individuals with long lines push the list over one page; the decision itself takes two.
    build_approved_list(campaign, office, council, make_pdf)
    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    campaign.legal_bases.all().delete()
    for order in range(1, 13):  # a long Căn cứ section: the decision runs over its first page
        LegalBasis.objects.create(campaign=campaign, order=order, text=(
            f"Căn cứ Văn bản số {order}/VB ngày 01 tháng 01 năm 2023 quy định chi tiết một số nội dung về công tác "
            "thi đua, khen thưởng và thực hiện dân chủ trong hoạt động của cơ quan hành chính nhà nước;"))
    awards = issuing.build_awards(decision)
    for award in awards:
        if not award.is_collective:
            award.position, award.unit_name = LONG_POSITION, LONGER_UNIT
    rendered = pdf.decision_pdf(decision, awards * 3)
    pages = pages_text(rendered.content)
    starts = [i for i, page in enumerate(pages) if "DANH SÁCH" in page]
    assert len(starts) == 1 and starts[0] >= 1 and len(pages) - starts[0] >= 2
    first_of_list = starts[0]

    def number_on_top(page: str) -> str:
        return page.strip().splitlines()[0].strip()

    assert number_on_top(pages[1]) == "2"  # the decision's second page
    # The list: its first page carries no number, the next ones 2, 3 … counted from the list's own start.
    assert not number_on_top(pages[first_of_list]).isdigit()
    assert [number_on_top(p) for p in pages[first_of_list + 1:]] == [
        str(n) for n in range(2, len(pages) - first_of_list + 1)
    ]


def test_the_short_rules_under_the_agency_and_the_subject(decision_123):
    document = laid_out("awards/pdf/decision.html", pdf.decision_context(decision_123, list(decision_123.awards.all())))
    page = document.pages[0]
    agency = block(page, "agency")
    rule = block(page, "rule")
    ratio = rule.width / max(t.width for t in _walk(agency) if isinstance(t, TextBox))
    assert 1 / 3 <= ratio <= 1 / 2
    subject_lines = [t for t in _walk(block(page, "subject")) if isinstance(t, LineBox)]
    longest = max(line.width for line in subject_lines)
    assert block(page, "subject-rule").width / longest == pytest.approx(1 / 3, abs=0.03)


# The Tờ trình ----------------------------------------------------------------------------------------


@pytest.fixture
def provincial(campaign, office, council, make_pdf):
    from tests.awards.test_decisions import allocate

    allocate(campaign, collectives=2, individuals=2)
    people = ((UNIT_A, "Nguyễn Thành Đạt", Gender.MALE, "Chuyên viên"),
              (UNIT_B, "Phạm Thị Thúy Vy", Gender.FEMALE, "Viên chức"))
    build_approved_list(campaign, office, council, make_pdf, people=people, level="provincial")
    campaign.recipients = "Ban Dân vận Tỉnh ủy;\nSở Nội vụ;\nLưu: VT, VP(Cường, 02b)."
    campaign.save()
    return issuing.create_proposal(campaign=campaign, by=office, number="45/TTr-SCT",
                                   signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")


@pytest.mark.parametrize("placeholder", ["…/KH-SCT", "..../KH-SCT", "/KH-SCT"])
def test_the_to_trinh_cannot_be_signed_citing_a_placeholder_plan_number(provincial, director, placeholder):
    campaign = provincial.campaign
    campaign.number = placeholder
    campaign.save()
    with pytest.raises(DomainError) as refused:
        issuing.sign_proposal(proposal=provincial, by=director, now=AFTER_PUBLICATION)
    assert refused.value.message == (
        f"Chưa thể ký tờ trình: tờ trình dẫn Kế hoạch số “{placeholder}”, chưa phải số đã vào sổ: Văn phòng Sở nhập "
        "số kế hoạch (ô “Số kế hoạch”) trong Trang quản trị › Kế hoạch thi đua › “Phát động phong trào thi đua "
        "thực hiện Quy chế dân chủ cơ sở năm 2023”."
    )
    assert ProvincialProposal.objects.get().state == DecisionState.DRAFT


def test_the_to_trinh_cannot_be_signed_while_the_plans_date_is_unknown(provincial, director):
    campaign = provincial.campaign
    campaign.plan_date = None
    campaign.save()
    with pytest.raises(DomainError) as refused:
        issuing.sign_proposal(proposal=provincial, by=director, now=AFTER_PUBLICATION)
    assert "chưa biết ngày của kế hoạch: Văn phòng Sở nhập ô “Ngày của kế hoạch” trong Trang quản trị" in (
        refused.value.message
    )
    assert ProvincialProposal.objects.get().state == DecisionState.DRAFT
    # Nor without naming the award it asks for.
    campaign.plan_date = dt.date(2023, 5, 12)
    campaign.save()
    issuing.update_proposal(proposal=provincial, by=provincial.created_by, requested_award="")
    with pytest.raises(DomainError) as refused:
        issuing.sign_proposal(proposal=provincial, by=director, now=AFTER_PUBLICATION)
    assert "tờ trình chưa ghi hình thức khen thưởng đề nghị" in refused.value.message


def test_the_to_trinh_prints_the_plan_the_award_the_list_and_the_filing_line(office_client, provincial, director):
    issuing.sign_proposal(proposal=provincial, by=director, now=AFTER_PUBLICATION)
    content = office_client.get(f"/khen-thuong/to-trinh/{provincial.pk}/in/to-trinh.pdf").content
    text = squeeze(pdftotext(content))
    assert (f"Thực hiện Kế hoạch số {provincial.campaign.number} ngày 12/05/2023 của Sở Công Thương về việc phát động "
            "phong trào thi đua thực hiện Quy chế dân chủ cơ sở năm 2023;") in text
    assert ("xem xét, tặng Bằng khen của Chủ tịch Ủy ban nhân dân Tỉnh Đồng Tháp cho 02 tập thể và 02 cá nhân") in text
    assert ("1. Phòng Quản lý Công nghiệp; 2. Trung tâm Khuyến công và Xúc tiến thương mại; II. CÁ NHÂN (02 cá nhân) "
            "1. Ông Nguyễn Thành Đạt, Chuyên viên, Phòng Quản lý Công nghiệp; 2. Bà Phạm Thị Thúy Vy, Viên chức, "
            "Trung tâm Khuyến công và Xúc tiến thương mại.") in text
    assert "Nơi nhận:" in text and "- Như trên; - Lưu: VT, VP(Cường, 02b)." in text  # as the plan wrote it


# Long positions and units on the Giấy khen and on blanks ---------------------------------------------


def _long_awards(decision, unit_name):
    awards = list(decision.awards.all())
    individual = next(a for a in awards if not a.is_collective)
    individual.position, individual.unit_name = LONG_POSITION, unit_name
    return individual


def _assert_fits(page):
    details, reason = field_lines(page, "details"), field_lines(page, "reason")
    name = field_lines(page, "name")
    assert name[-1]["bottom"] <= details[0]["top"] + 0.01
    assert details[-1]["bottom"] <= reason[0]["top"] + 0.01  # never runs into the next line
    for line in details:
        assert line["box_left"] - 0.01 <= line["left"] and line["right"] <= line["box_right"] + 0.01
    return details


@pytest.mark.parametrize(("template", "paper"), [
    ("awards/pdf/certificates.html", PaperSize.A4),
    ("awards/pdf/certificates.html", PaperSize.A3),
    ("awards/pdf/certificates_blank.html", PaperSize.A4),
    ("awards/pdf/certificates_blank.html", PaperSize.A3),
])
def test_a_long_position_and_unit_shrink_then_wrap_within_their_field(decision_123, template, paper):
    layout = CertificateLayout(agency=decision_123.agency, paper=paper)
    geometry = pdf.CertificateGeometry.for_layout(layout, paper=paper, with_offsets=False)
    for unit_name, wrapped in ((LONG_UNIT, False), (LONGER_UNIT, True)):
        award = _long_awards(decision_123, unit_name)
        assert len(award.details) >= 110
        context = pdf.certificate_context(decision_123, [award], geometry=geometry, layout=layout)
        (page,) = laid_out(template, context).pages
        details = _assert_fits(page)
        assert squeeze(" ".join(line["text"] for line in details)) == f"{LONG_POSITION}, {unit_name}"
        base = float(geometry.text_pt)
        if wrapped:  # past the shrink floor: two lines, still inside the box
            assert len(details) == 2 and details[0]["pt"] >= 0.6 * base
        else:  # shrunk on one line, never below the floor
            assert len(details) == 1 and 0.8 * base <= details[0]["pt"] < base


def test_a_short_line_keeps_its_size(decision_123):
    layout = CertificateLayout(agency=decision_123.agency)
    geometry = pdf.CertificateGeometry.for_layout(layout, with_offsets=False)
    award = decision_123.awards.filter(kind="individual").first()
    context = pdf.certificate_context(decision_123, [award], geometry=geometry, layout=layout)
    (page,) = laid_out("awards/pdf/certificates_blank.html", context).pages
    assert [line["pt"] for line in field_lines(page, "details")] == [pytest.approx(float(geometry.text_pt))]


# Print-on-blank: the issuer switch, the draft mark ----------------------------------------------------


def test_the_issuer_line_prints_on_generic_blanks_only_when_switched_on(office_client, decision_123):
    url = f"/khen-thuong/quyet-dinh/{decision_123.pk}/in/giay-khen-tren-phoi.pdf"
    without = pages_text(office_client.get(url).content)[0]
    assert "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP" not in without
    CertificateLayout.objects.create(agency=decision_123.agency, print_issuer=True)
    first = pages_text(office_client.get(url).content)[0]
    assert squeeze(first).startswith("GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP")


def test_a_draft_is_unmistakable_on_a_real_blank(campaign, office, council, make_pdf):
    build_approved_list(campaign, office, council, make_pdf)
    draft = issuing.create_decision(campaign=campaign, by=office, signing_date=dt.date(2023, 11, 24),
                                    signer_name="Nguyễn Hữu Dũng")
    layout = CertificateLayout(agency=campaign.agency)
    geometry = pdf.CertificateGeometry.for_layout(layout, with_offsets=True)
    awards = issuing.build_awards(draft)
    document = laid_out("awards/pdf/certificates_blank.html",
                        pdf.certificate_context(draft, awards, geometry=geometry, layout=layout))
    for page in document.pages:
        mark = block(page, "draft-big")
        (line,) = [t for t in _walk(mark) if isinstance(t, TextBox)]
        assert line.text == "DỰ THẢO" and line.style["font_size"] * 0.75 >= 100
        # Inside the printable area: at least 10 mm from every edge of the sheet.
        assert line.position_x * PX_MM >= 10 and (line.position_x + line.width) * PX_MM <= 297 - 10
        assert line.position_y * PX_MM >= 10 and (line.position_y + line.height) * PX_MM <= 210 - 10


# The calibration page -------------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "width", "height"), [(PaperSize.A4, 297, 210), (PaperSize.A3, 420, 297)])
def test_the_calibration_page_is_in_real_millimetres_with_corner_marks(db, decision_123, paper, width, height):
    layout = CertificateLayout(agency=decision_123.agency, paper=paper)
    (page,) = laid_out("awards/pdf/calibration.html", pdf.calibration_context(layout)).pages
    labels = {}
    for box in _walk(page._page_box):
        if _classes(box) & {"lx"}:
            labels[squeeze("".join(t.text for t in _walk(box) if isinstance(t, TextBox)))] = box.position_x * PX_MM
    # Every 10 mm line is labelled with its real distance from the paper's left edge (the label starts just
    # right of its line), the first as “10 mm”.
    assert labels["10 mm"] == pytest.approx(10.6, abs=0.05)
    assert labels["100"] == pytest.approx(100.6, abs=0.05)
    assert max(int(k) for k in labels if k.isdigit()) == (width - 1) // 10 * 10
    marks = [b for b in _walk(page._page_box) if "cm" in _classes(b)]
    # Both ends of each arm: each L meets at its corner, 10 mm from both edges.
    corners = {(round(b.position_x * PX_MM), round(b.position_y * PX_MM)) for b in marks} | {
        (round((b.position_x + b.width) * PX_MM), round((b.position_y + b.height) * PX_MM)) for b in marks
    }
    assert {(10, 10), (width - 10, 10), (10, height - 10), (width - 10, height - 10)} <= corners
    assert len(marks) == 8  # an L at each corner


def test_the_calibration_page_words_a_negative_offset_as_the_way_it_moves(decision_123):
    layout = CertificateLayout(agency=decision_123.agency, offset_x_mm=Decimal("-3"), offset_y_mm=Decimal("-2.5"))
    content = pdf.calibration_pdf(layout).content
    assert "độ lệch hiện tại: sang trái 3,0 mm, lên trên 2,5 mm." in squeeze(pdftotext(content))
    assert pdf.offset_words(Decimal("4"), Decimal("0")) == "sang phải 4,0 mm"
    assert pdf.offset_words(Decimal("0"), Decimal("1.5")) == "xuống dưới 1,5 mm"
    assert pdf.offset_words(Decimal("0"), Decimal("0")) == "không dịch (0 mm)"



def test_the_to_trinh_page_says_what_to_fill_in_before_signing(office_client, provincial):
    campaign = provincial.campaign
    campaign.number, campaign.plan_date = "…/KH-SCT", None
    campaign.save()
    html = office_client.get(f"/khen-thuong/to-trinh/{provincial.pk}/").content.decode()
    assert "Chưa thể ký tờ trình: tờ trình dẫn Kế hoạch số “…/KH-SCT”, chưa phải số đã vào sổ" in html
    assert "chưa biết ngày của kế hoạch: Văn phòng Sở nhập ô “Ngày của kế hoạch”" in html
