"""The ranking and every score of a plan as an XLSX workbook (numbers as numbers, for the office's sums)."""

import io

from campaign.models import Campaign
from core.time import local_today, vn_date

from . import selectors

RANKING_SHEET = "Xếp hạng"
SCORES_SHEET = "Điểm chi tiết"


def _header(ws, row: int, columns) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor="DDE7F5")
    for index, (title, width) in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index, value=title)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = width


def _number(value):
    return float(value) if value is not None else None


def scores_workbook(campaign: Campaign) -> bytes:
    # openpyxl (and the numpy it pulls in) is imported by the export, not by every web worker (issue 17).
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    ws = workbook.active
    ws.title = RANKING_SHEET
    ws.cell(row=1, column=1, value=f"BẢNG XẾP HẠNG THI ĐUA – Kế hoạch số {campaign.number}").font = Font(bold=True, size=13)
    ws.cell(row=2, column=1, value=f"Tổng điểm tối đa: {selectors.max_total(campaign):f}".replace(".", ",")
            + f". Xuất ngày {vn_date(local_today())}.")
    _header(ws, 4, [("Hạng", 8), ("Đơn vị", 46), ("Điểm tự chấm", 14), ("Điểm sau thẩm định", 16),
                    ("Số tiêu chí đã chấm", 12), ("Số tiêu chí điều chỉnh", 12)])
    for number, row in enumerate(selectors.ranking(campaign), start=5):
        values = (row.rank, row.unit.name, _number(row.self_total), _number(row.final_total), row.scored, row.adjusted)
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=number, column=column, value=value)
            if column in (3, 4):
                cell.number_format = "0.0"
    ws.freeze_panes = "A5"

    detail = workbook.create_sheet(SCORES_SHEET)
    _header(detail, 1, [("Đơn vị", 40), ("Nội dung", 9), ("Tiêu chí", 50), ("Điểm tối đa", 10), ("Tự chấm", 10),
                        ("Điều chỉnh", 10), ("Điểm tính", 10), ("Minh chứng", 50), ("Lý do điều chỉnh", 40)])
    for number, score in enumerate(selectors.scores_for_export(campaign), start=2):
        values = (score.unit.name, score.criterion.content_item.number, f"{score.criterion.order}. {score.criterion.text}",
                  _number(score.criterion.max_points), _number(score.self_points), _number(score.adjusted_points),
                  _number(score.final_points), score.evidence_text, score.adjust_reason)
        for column, value in enumerate(values, start=1):
            cell = detail.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text typed by users is never a formula
    detail.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
