"""The default DOCX forms (docxtpl templates) bundled with the portal, generated with python-docx.

`manage.py build_docx_forms` writes dossiers/docx_forms/<regime code>/<kind>.docx; the generated files are
committed, so a deployment never needs to run it. An office replaces any of them with its own template
(dossiers.models.FormTemplate); both are filled by dossiers/forms_docx.py with the same variables.

The forms follow the structure of the law of each regime:
- 2023 (Law on Emulation and Commendation 2003, Decree 91/2017/NĐ-CP): the achievement reports of the
  decree's appendix (Mẫu số 01 for a collective, Mẫu số 02 for an individual: I. Sơ lược đặc điểm, tình
  hình / Sơ lược lý lịch; II. Thành tích đạt được; III. Các hình thức đã được khen thưởng);
- 2024 (Law 06/2022/QH15, Decree 98/2023/NĐ-CP, Appendix I): the same three parts, the collective's first
  part as "Khái quát đặc điểm, tình hình" and the individual's as "Thông tin chung".
The letter and the minutes follow Decree 30/2020/NĐ-CP (header, number and date line, Kính gửi, Nơi
nhận, signature block). The form number and its source are printed from the regime's data
(legal.ReportForm), not from these files.
"""

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FORMS_DIR = Path(__file__).resolve().parent / "docx_forms"
FONT = "Times New Roman"


@dataclass(frozen=True)
class RegimeWords:
    """What differs between the regimes' forms."""

    code: str
    collective_part_one: str
    individual_part_one: str
    law: str


REGIMES = (
    RegimeWords(
        code="2023",
        collective_part_one="I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        individual_part_one="I. SƠ LƯỢC LÝ LỊCH",
        law="Luật Thi đua, Khen thưởng năm 2003 (sửa đổi, bổ sung năm 2013) và Nghị định số 91/2017/NĐ-CP",
    ),
    RegimeWords(
        code="2024",
        collective_part_one="I. KHÁI QUÁT ĐẶC ĐIỂM, TÌNH HÌNH",
        individual_part_one="I. THÔNG TIN CHUNG",
        law="Luật Thi đua, khen thưởng số 06/2022/QH15 và Nghị định số 98/2023/NĐ-CP",
    ),
)


# Building blocks -------------------------------------------------------------------------------------


def _document() -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    # Decree 30/2020: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.15
    return document


def _para(container, text: str = "", *, bold=False, italic=False, size=None, align=None, underline=False,
          indent=True, space_after=None):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    if indent and align is None:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _center(container, text: str, **kwargs):
    kwargs.setdefault("space_after", 0)
    return _para(container, text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, **kwargs)


def _rule(container, width_mm: float):
    """A short centred line under a heading (Decree 30/2020: under the agency's name, the motto, the subject)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run("\u2500" * max(1, int(width_mm / 3.2)))
    run.font.size = Pt(8)
    return paragraph


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _header(document, *, left_top: str, left_bold: str, number: bool, subject: str = "", date_line: bool = True):
    """Decree 30/2020 header: the issuing body on the left, the national title and motto on the right."""
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0].text = ""
    _center(left, left_top, size=13).paragraph_format.space_before = Pt(0)
    _center(left, left_bold, bold=True, size=13)
    _rule(left, 25)
    if number:
        _center(left, "Số: {{ number }}", size=13)
    if subject:
        _center(left, subject, size=12)
    right.paragraphs[0].text = ""
    _center(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _center(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    _rule(right, 52)
    if date_line:
        _center(right, "{{ place_date }}", italic=True, size=13)
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)
    _para(document, "", space_after=0)


def _form_mark(document):
    """The form number and its source, from the regime's data, above the header."""
    paragraph = _para(document, "{{ form.code }}{% if form.source %} – {{ form.source }}{% endif %}", italic=True,
                      size=11, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, space_after=2)
    return paragraph


def _signatures(document, left_title: str, left_note: str, right_title: str, right_note: str, right_name: str):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    for cell, title, note, name in ((left, left_title, left_note, ""), (right, right_title, right_note, right_name)):
        cell.paragraphs[0].text = ""
        _center(cell, title, bold=True, size=13)
        _center(cell, note, italic=True, size=13)
        for _ in range(4):
            _center(cell, "")
        _center(cell, name, bold=True, size=14)
        cell._tc.remove(cell.paragraphs[0]._p)


def _awards_table(document):
    """III. Các hình thức đã được khen thưởng: two tables to fill (Năm, danh hiệu/hình thức, số và ngày
    của quyết định, cơ quan ban hành)."""
    for title, column in (("1. Danh hiệu thi đua:", "Danh hiệu thi đua"), ("2. Hình thức khen thưởng:", "Hình thức khen thưởng")):
        _para(document, title, bold=True, indent=False)
        table = document.add_table(rows=3, cols=3)
        table.style = "Table Grid"
        heads = ("Năm", column, "Số, ngày, tháng, năm của quyết định công nhận; cơ quan ban hành quyết định")
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            cell.paragraphs[0].text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.size = Pt(12)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _para(document, "", space_after=0)


# The forms --------------------------------------------------------------------------------------------


def proposal_letter(words: RegimeWords) -> Document:
    """Công văn đề nghị khen thưởng of a unit to the agency's council (R6)."""
    document = _document()
    _header(document, left_top="{{ agency.name_upper }}", left_bold="{{ unit.name_upper }}", number=True,
            subject="V/v đề nghị khen thưởng {{ campaign.short_title }}")
    _center(document, "Kính gửi: Hội đồng Thi đua - Khen thưởng {{ agency.name }} (qua {{ agency.office_name }}).",
            space_after=12)
    _para(document, "Căn cứ Kế hoạch số {{ campaign.number }}{% if campaign.date %} ngày {{ campaign.date }}{% endif %} "
                    "của {{ agency.name }} về {{ campaign.title_lower }};")
    _para(document, "Căn cứ kết quả họp xét đề nghị khen thưởng của {{ unit.name }} "
                    "ngày {{ meeting_date }},")
    _para(document, "{{ unit.name }} kính đề nghị {{ agency.head_title }} {{ agency.name }} xét, tặng {{ award }} cho "
                    "{{ counts }} đã có thành tích {{ campaign.award_reason_lower }}, cụ thể như sau:")
    _para(document, "{%p if collectives %}", indent=False)
    _para(document, "1. Tập thể ({{ collectives|length }}):", bold=True, indent=False)
    _para(document, "{%p for n in collectives %}", indent=False)
    _para(document, "- {{ n.name }}.")
    _para(document, "{%p endfor %}", indent=False)
    _para(document, "{%p endif %}", indent=False)
    _para(document, "{%p if individuals %}", indent=False)
    _para(document, "{{ '2' if collectives else '1' }}. Cá nhân ({{ individuals|length }}):", bold=True, indent=False)
    _para(document, "{%p for n in individuals %}", indent=False)
    _para(document, "- {{ n.honorific }} {{ n.name }}{% if n.position %}, {{ n.position }}{% endif %}, {{ n.unit }}.")
    _para(document, "{%p endfor %}", indent=False)
    _para(document, "{%p endif %}", indent=False)
    _para(document, "(Kèm theo biên bản họp xét đề nghị khen thưởng và {{ report_label_lower }} của từng tập thể, "
                    "cá nhân.)")
    _para(document, "Kính đề nghị Hội đồng Thi đua - Khen thưởng {{ agency.name }} xem xét./.")
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _para(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, space_after=0)
    _para(left, "- Như trên;", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, space_after=0)
    _para(left, "- Lưu: VT.", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, space_after=0)
    left._tc.remove(left.paragraphs[0]._p)
    right.paragraphs[0].text = ""
    _center(right, "{{ signer_title_upper }}", bold=True, size=13)
    for _ in range(4):
        _center(right, "")
    _center(right, "{{ signer_name }}", bold=True)
    right._tc.remove(right.paragraphs[0]._p)
    return document


def meeting_minutes(words: RegimeWords) -> Document:
    """Biên bản họp xét đề nghị khen thưởng of the unit (R6)."""
    document = _document()
    _header(document, left_top="{{ agency.name_upper }}", left_bold="{{ unit.name_upper }}", number=False)
    _center(document, "BIÊN BẢN", bold=True)
    _center(document, "Họp xét đề nghị khen thưởng {{ campaign.short_title }}", bold=True)
    _rule(document, 40)
    _para(document, "", space_after=0)
    _para(document, "Thời gian: …… giờ …… phút, ngày {{ meeting_date }}.")
    _para(document, "Địa điểm: {{ unit.name }}.")
    _para(document, "Thành phần tham dự:", bold=True, indent=False)
    _para(document, "- Chủ trì: {{ signer_name or '……………………………' }}, {{ signer_title }};")
    _para(document, "- Thư ký: ……………………………………;")
    _para(document, "- Số người có mặt: …… /{{ unit.staff_count }} cán bộ, công chức, viên chức, người lao động của đơn vị.")
    _para(document, "Nội dung:", bold=True, indent=False)
    _para(document, "1. Quán triệt Kế hoạch số {{ campaign.number }}{% if campaign.date %} ngày {{ campaign.date }}{% endif %} "
                    "của {{ agency.name }} về {{ campaign.title_lower }}; tiêu chuẩn khen thưởng theo {{ law }}.")
    _para(document, "2. Bình xét, biểu quyết đề nghị khen thưởng ({{ award_full }}):")
    table = document.add_table(rows=3, cols=5)
    table.style = "Table Grid"
    headings = ("STT", "Tập thể, cá nhân được đề nghị", "Số phiếu đồng ý", "Tỷ lệ (%)", "Ghi chú")
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(12)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    # docxtpl row loop: one row per nominee, collectives first.
    loop, row = table.rows[1].cells, table.rows[2].cells
    loop[0].paragraphs[0].text = "{%tr for n in nominees %}"
    cells = ("{{ loop.index }}", "{{ n.display }}", "", "", "")
    for cell, text in zip(row, cells, strict=True):
        cell.paragraphs[0].text = ""
        run = cell.paragraphs[0].add_run(text)
        run.font.size = Pt(12)
    end = table.add_row().cells
    end[0].paragraphs[0].text = "{%tr endfor %}"
    _para(document, "", space_after=0)
    _para(document, "3. Kết luận: cuộc họp thống nhất đề nghị {{ agency.head_title }} {{ agency.name }} tặng {{ award }} cho "
                    "{{ counts }} có tên trên.")
    _para(document, "Cuộc họp kết thúc lúc …… giờ …… phút cùng ngày./.")
    _signatures(document, "THƯ KÝ", "(Ký, ghi rõ họ tên)", "CHỦ TRÌ", "(Ký, ghi rõ họ tên)", "{{ signer_name }}")
    return document


def _report_title(document, *, summary: bool):
    _center(document, "BÁO CÁO TÓM TẮT THÀNH TÍCH" if summary else "BÁO CÁO THÀNH TÍCH", bold=True)
    _center(document, "ĐỀ NGHỊ TẶNG {{ award_upper }}", bold=True)
    _center(document, "(Kèm theo Công văn đề nghị của {{ unit.name }})", italic=True, size=13)
    _rule(document, 40)
    _para(document, "", space_after=0)


def collective_report(words: RegimeWords, *, summary: bool) -> Document:
    document = _document()
    _form_mark(document)
    _header(document, left_top="{{ agency.name_upper }}", left_bold="{{ unit.name_upper }}", number=False)
    _report_title(document, summary=summary)
    _center(document, "Tên tập thể đề nghị: {{ nominee.name }}", bold=True, space_after=8)
    _para(document, words.collective_part_one, bold=True, indent=False)
    if summary:
        _para(document, "- Tên đơn vị: {{ nominee.name }}; trực thuộc {{ agency.name }}.")
        _para(document, "- Chức năng, nhiệm vụ được giao: ……………………………………………………")
    else:
        _para(document, "1. Đặc điểm, tình hình:", bold=True, indent=False)
        _para(document, "- Địa điểm trụ sở chính, điện thoại, địa chỉ thư điện tử: ……………………………………")
        _para(document, "- Quá trình thành lập và phát triển: ……………………………………")
        _para(document, "- Cơ cấu tổ chức, tổng số cán bộ, công chức, viên chức, người lao động: {{ nominee.staff_count }} người; "
                        "tổ chức đảng, đoàn thể: ……………………………………")
        _para(document, "2. Chức năng, nhiệm vụ được giao: ……………………………………", bold=False)
    _para(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, indent=False)
    lead = "Thành tích" if summary else "1. Kết quả thực hiện nhiệm vụ được giao và thành tích"
    _para(document, lead + " trong {{ campaign.title_lower }} (từ {{ campaign.launch_date }} đến "
                           "{{ campaign.emulation_end }}):")
    _para(document, "{{ nominee.summary }}")
    if not summary:
        _para(document, "2. Những biện pháp hoặc nguyên nhân đạt được thành tích; các phong trào thi đua đã được áp "
                        "dụng trong thực tiễn: ……………………………………")
        _para(document, "3. Việc thực hiện chủ trương, chính sách của Đảng, pháp luật của Nhà nước; công tác xây "
                        "dựng Đảng và đoàn thể: ……………………………………")
    _para(document, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, indent=False)
    _awards_table(document)
    _signatures(document, "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", "(Ký, đóng dấu)", "THỦ TRƯỞNG ĐƠN VỊ",
                "(Ký, đóng dấu)", "{{ signer_name }}")
    return document


def individual_report(words: RegimeWords, *, summary: bool) -> Document:
    document = _document()
    _form_mark(document)
    _header(document, left_top="{{ agency.name_upper }}", left_bold="{{ unit.name_upper }}", number=False)
    _report_title(document, summary=summary)
    _para(document, words.individual_part_one, bold=True, indent=False)
    _para(document, "- Họ tên: {{ nominee.name }}", indent=False)
    _para(document, "- Sinh ngày, tháng, năm: ……………………… Giới tính: {{ nominee.gender }}", indent=False)
    if not summary:
        _para(document, "- Quê quán: ……………………………………", indent=False)
        _para(document, "- Trú quán: ……………………………………", indent=False)
    _para(document, "- Đơn vị công tác: {{ nominee.unit }}, {{ agency.name }}", indent=False)
    _para(document, "- Chức vụ (Đảng, chính quyền, đoàn thể): {{ nominee.position or '……………………' }}", indent=False)
    if not summary:
        _para(document, "- Trình độ chuyên môn, nghiệp vụ: ……………………………………", indent=False)
        _para(document, "- Học hàm, học vị, danh hiệu, giải thưởng: ……………………………………", indent=False)
    _para(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, indent=False)
    if not summary:
        _para(document, "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận: ……………………………………")
        _para(document, "2. Thành tích đạt được của cá nhân trong {{ campaign.title_lower }} "
                        "(từ {{ campaign.launch_date }} đến {{ campaign.emulation_end }}):")
    else:
        _para(document, "Thành tích trong {{ campaign.title_lower }} (từ {{ campaign.launch_date }} đến "
                        "{{ campaign.emulation_end }}):")
    _para(document, "{{ nominee.summary }}")
    _para(document, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, indent=False)
    _awards_table(document)
    _signatures(document, "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", "(Ký, đóng dấu)", "NGƯỜI BÁO CÁO THÀNH TÍCH",
                "(Ký, ghi rõ họ và tên)", "{{ nominee.name }}")
    return document


BUILDERS = {
    "proposal_letter": proposal_letter,
    "meeting_minutes": meeting_minutes,
    "collective_full": lambda words: collective_report(words, summary=False),
    "collective_summary": lambda words: collective_report(words, summary=True),
    "individual_full": lambda words: individual_report(words, summary=False),
    "individual_summary": lambda words: individual_report(words, summary=True),
}


def build_all(target: Path = FORMS_DIR) -> list[Path]:
    written = []
    for words in REGIMES:
        folder = target / words.code
        folder.mkdir(parents=True, exist_ok=True)
        for kind, builder in BUILDERS.items():
            path = folder / f"{kind}.docx"
            document = builder(words)
            document.core_properties.title = kind
            document.core_properties.author = "Cổng thi đua - khen thưởng"
            document.save(path)
            written.append(path)
    return written
