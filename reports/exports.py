"""Exports the office files and reports upward: nominations, results per unit, statistics.

XLSX through openpyxl, CSV through defusedcsv. A cell that begins with "=", "+", "-" or "@" is what a
spreadsheet runs as a formula: XLSX cells are written as text explicitly, and defusedcsv escapes them in
CSV, so a name typed as "=HYPERLINK(...)" stays a name.
"""

import io
from dataclasses import dataclass
from datetime import datetime

from defusedcsv import csv
from django.http import HttpResponse
from django.utils import timezone

from campaign.imports import XLSX_TYPE
from campaign.models import AwardLevel, Campaign, Gender
from core.time import PLAN_TZ
from dossiers.models import Dossier, DossierState, NomineeKind

from .selectors import RECEIVED_STATES, campaign_dashboard, nomination_statistics, nominations_for_export

LEVELS = dict(AwardLevel.choices)
STATES = dict(DossierState.choices)
LEVEL_SHORT = {AwardLevel.GRASSROOTS: "Cấp cơ sở", AwardLevel.PROVINCIAL: "Cấp tỉnh"}


@dataclass
class Table:
    sheet: str  # the worksheet's name (at most 31 characters)
    title: str  # the heading printed above the table
    columns: list[tuple[str, int]]  # (header, width in characters)
    rows: list[list]
    note: str = ""


def _local(moment: datetime | None) -> str:
    return moment.astimezone(PLAN_TZ).strftime("%H:%M %d/%m/%Y") if moment else ""


def _yes(flag: bool) -> str:
    return "x" if flag else ""


# What is exported ---------------------------------------------------------------------------------------


def nominations_table(campaign: Campaign) -> Table:
    rows = []
    for index, nomination in enumerate(nominations_for_export(campaign), start=1):
        dossier = nomination.dossier
        individual = nomination.kind == NomineeKind.INDIVIDUAL
        staff = nomination.staff if individual else None
        rows.append(
            [
                index,
                dossier.unit.name,
                LEVEL_SHORT.get(nomination.level, nomination.level),
                "Cá nhân" if individual else "Tập thể",
                nomination.nominee_name,
                ("Nữ" if staff.gender == Gender.FEMALE else "Nam") if staff else "",
                nomination.position if individual else "",
                _yes(bool(staff and staff.is_leader)),
                _yes(bool(staff and staff.is_direct_worker)),
                str(STATES.get(dossier.state, dossier.state)),
                "Còn hiệu lực" if nomination.is_live else "Không còn xét",
                _local(dossier.submitted_at),
                nomination.achievement_summary,
            ]
        )
    return Table(
        sheet="Danh sách đề nghị",
        title="DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC ĐỀ NGHỊ KHEN THƯỞNG",
        columns=[
            ("STT", 6),
            ("Đơn vị", 34),
            ("Cấp khen thưởng", 14),
            ("Tập thể/Cá nhân", 14),
            ("Họ và tên / Tên tập thể", 32),
            ("Giới tính", 10),
            ("Chức vụ", 22),
            ("Lãnh đạo", 10),
            ("Trực tiếp lao động", 12),
            ("Trạng thái hồ sơ", 20),
            ("Đề nghị", 14),
            ("Nộp lúc", 17),
            ("Tóm tắt thành tích", 60),
        ],
        rows=rows,
    )


def statistics_table(campaign: Campaign) -> Table:
    figures = nomination_statistics(campaign)
    grassroots, provincial, total = (
        figures[AwardLevel.GRASSROOTS.value],
        figures[AwardLevel.PROVINCIAL.value],
        figures["total"],
    )
    lines = [
        ("Tập thể", "collectives"),
        ("Cá nhân", "individuals"),
        ("   trong đó: nữ", "women"),
        ("   trong đó: lãnh đạo, quản lý", "leaders"),
        ("   trong đó: người trực tiếp lao động", "direct_workers"),
        ("Tổng số tập thể, cá nhân", "total"),
    ]
    rows = [
        [label, getattr(grassroots, name), getattr(provincial, name), getattr(total, name)] for label, name in lines
    ]
    received = ", ".join(str(STATES[s]).lower() for s in RECEIVED_STATES)
    return Table(
        sheet="Thống kê",
        title="THỐNG KÊ ĐỀ NGHỊ KHEN THƯỞNG",
        columns=[("Chỉ tiêu", 40), ("Cấp cơ sở", 14), ("Cấp tỉnh", 14), ("Tổng cộng", 14)],
        rows=rows,
        note=f"Tính trên các đề nghị còn hiệu lực trong hồ sơ Văn phòng Sở đã nhận ({received}).",
    )


def results_table(campaign: Campaign) -> Table:
    """Per unit: acknowledgement, progress, and the state of its dossier at each level."""
    dashboard = campaign_dashboard(campaign)
    latest: dict[tuple[int, str], Dossier] = {}
    for dossier in Dossier.objects.filter(campaign=campaign).order_by("unit_id", "level", "pk"):
        current = latest.get((dossier.unit_id, dossier.level))
        # The live dossier counts; among dead ones (withdrawn, rejected), the latest.
        if current is None or dossier.is_live or not current.is_live:
            latest[(dossier.unit_id, dossier.level)] = dossier
    rows = []
    for index, row in enumerate(dashboard.rows, start=1):
        cells = [
            index,
            row.unit.name,
            row.staff_total,
            row.staff_with_login,
            row.acknowledged,
            f"{row.ack_percent}%" if row.staff_with_login else "",
            f"{row.items_reported}/{row.items_total}",
        ]
        for level in (AwardLevel.GRASSROOTS, AwardLevel.PROVINCIAL):
            dossier = latest.get((row.unit.pk, level.value))
            cells.append(str(STATES[dossier.state]) if dossier else "Chưa có hồ sơ")
            cells.append(_local(dossier.submitted_at) if dossier else "")
        cells += [row.collectives, row.individuals]
        rows.append(cells)
    totals = dashboard.totals
    rows.append(
        [
            "",
            "Tổng cộng",
            totals.staff_total,
            totals.staff_with_login,
            totals.acknowledged,
            f"{totals.ack_percent}%" if totals.staff_with_login else "",
            f"{totals.items_reported}/{totals.items_total}",
            "",
            "",
            "",
            "",
            totals.collectives,
            totals.individuals,
        ]
    )
    return Table(
        sheet="Kết quả theo đơn vị",
        title="KẾT QUẢ THỰC HIỆN KẾ HOẠCH THEO ĐƠN VỊ",
        columns=[
            ("STT", 6),
            ("Đơn vị", 38),
            ("Số cán bộ", 10),
            ("Có tài khoản", 11),
            ("Đã xác nhận nắm Kế hoạch", 14),
            ("Tỷ lệ xác nhận", 10),
            ("Nội dung đã báo cáo", 12),
            ("Hồ sơ cấp cơ sở", 20),
            ("Nộp lúc (cơ sở)", 17),
            ("Hồ sơ cấp tỉnh", 20),
            ("Nộp lúc (tỉnh)", 17),
            ("Đề nghị tập thể", 10),
            ("Đề nghị cá nhân", 10),
        ],
        rows=rows,
        note="Tỷ lệ xác nhận tính trên cán bộ đang công tác có tài khoản; đề nghị tính các đề nghị còn hiệu lực.",
    )


def dossiers_table(campaign: Campaign) -> Table:
    dossiers = (
        Dossier.objects.filter(campaign=campaign)
        .select_related("unit")
        .order_by("unit__display_order", "unit__name", "level", "pk")
    )
    rows = []
    for index, dossier in enumerate(dossiers, start=1):
        note = dossier.decision_note or dossier.supplement_note
        rows.append(
            [
                index,
                dossier.unit.name,
                LEVEL_SHORT.get(dossier.level, dossier.level),
                str(STATES[dossier.state]),
                _local(dossier.submitted_at),
                note,
            ]
        )
    return Table(
        sheet="Hồ sơ",
        title="DANH SÁCH HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG",
        columns=[("STT", 6), ("Đơn vị", 38), ("Cấp khen thưởng", 14), ("Trạng thái", 20), ("Nộp lúc", 17), ("Ghi chú", 50)],
        rows=rows,
    )


# Writers ------------------------------------------------------------------------------------------------

HEADER_FILL_COLOUR = "DDE7F5"
BORDER_COLOUR = "9AA5B1"


def _as_text(cell, value) -> None:
    """Write a string as text: never let a spreadsheet read it as a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def xlsx_bytes(campaign: Campaign, tables: list[Table], *, now: datetime | None = None) -> bytes:
    return workbook_bytes(
        f"{campaign.agency.parent_authority} – {campaign.agency.name}".upper(),
        f"{campaign.title} (Kế hoạch số {campaign.number})",
        tables,
        now=now,
    )


def workbook_bytes(issuer: str, subject: str, tables: list[Table], *, now: datetime | None = None) -> bytes:
    """One sheet per table under four heading lines: who issues it, the table's title, what it is about
    and when the figures were taken."""
    # openpyxl (and the numpy it pulls in) is imported by the export, not by every web worker (issue 17).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    header_fill = PatternFill("solid", fgColor=HEADER_FILL_COLOUR)
    thin = Side(style="thin", color=BORDER_COLOUR)
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    now = now or timezone.now()
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.sheet[:31])
        width = len(table.columns)
        heading = [
            (issuer, Font(bold=True)),
            (table.title, Font(bold=True, size=13)),
            (subject, Font(italic=True)),
            (f"Số liệu đến {_local(now)}", Font(italic=True, color="6C757D")),
        ]
        for row_number, (text, font) in enumerate(heading, start=1):
            cell = sheet.cell(row=row_number, column=1)
            _as_text(cell, text)
            cell.font = font
            sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=width)
        header_row = len(heading) + 2
        for column, (header, chars) in enumerate(table.columns, start=1):
            cell = sheet.cell(row=header_row, column=column)
            _as_text(cell, header)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            sheet.column_dimensions[get_column_letter(column)].width = chars
        for offset, values in enumerate(table.rows, start=1):
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=header_row + offset, column=column)
                _as_text(cell, value)
                cell.border = border
                cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str) and len(value) > 30)
        if table.note:
            cell = sheet.cell(row=header_row + len(table.rows) + 2, column=1)
            _as_text(cell, table.note)
            cell.font = Font(italic=True)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for header, _ in table.columns])
    for row in table.rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


def _file_name(campaign: Campaign, what: str, extension: str) -> str:
    number = "".join(ch if ch.isalnum() else "-" for ch in campaign.number.split("/")[0]).strip("-") or "kh"
    return f"{what}-{campaign.year}-{number}.{extension}"


def xlsx_response(campaign: Campaign, what: str, tables: list[Table]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(campaign, tables), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(campaign, what, "xlsx")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(campaign: Campaign, what: str, table: Table) -> HttpResponse:
    # The byte-order mark makes Excel read the Vietnamese letters as UTF-8.
    response = HttpResponse("\ufeff" + csv_text(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(campaign, what, "csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


# The province dashboard (the steering committee's) ------------------------------------------------------


def province_table(data) -> Table:
    """One line per agency of the province, in the dashboard's order, with the province's totals."""
    states = [state for state in DossierState if state != DossierState.DRAFT]
    rows = []
    for index, line in enumerate(data.lines, start=1):
        a = line.agency
        rows.append(
            [
                index,
                a.name,
                ", ".join(plan.number for plan in line.plans) or "Chưa có",
                line.plans[0].launch_date.strftime("%d/%m/%Y") if line.plans else "",
                "Đã phát động" if line.launched else ("Chưa phát động" if line.plans else "Chưa có kế hoạch"),
                a.staff_with_login,
                a.acknowledged,
                line.ack_percent,
                a.items_reported,
                line.items_total,
                line.items_percent,
                a.dossier_count,
                *[line.dossiers.get(state.value, 0) for state in states],
                a.grassroots_collectives,
                a.quota_collectives,
                a.grassroots_individuals,
                a.quota_individuals,
                a.provincial_collectives,
                "Chưa phân bổ" if a.allocation_collectives is None else a.allocation_collectives,
                a.provincial_individuals,
                "Chưa phân bổ" if a.allocation_individuals is None else a.allocation_individuals,
                line.proposal_number,
                line.proposal[0],
            ]
        )
    t = data.totals
    rows.append(
        [
            "",
            f"Toàn tỉnh ({t.agencies} cơ quan)",
            "",
            "",
            f"{t.launched}/{t.agencies} đã phát động",
            t.staff_with_login,
            t.acknowledged,
            t.ack_percent,
            t.items_reported,
            t.items_total,
            t.items_percent,
            t.dossier_count,
            *[t.dossiers.get(state.value, 0) for state in states],
            sum(line.agency.grassroots_collectives for line in data.lines),
            sum(line.agency.quota_collectives for line in data.lines),
            sum(line.agency.grassroots_individuals for line in data.lines),
            sum(line.agency.quota_individuals for line in data.lines),
            sum(line.agency.provincial_collectives for line in data.lines),
            sum(line.agency.allocation_collectives or 0 for line in data.lines),
            sum(line.agency.provincial_individuals for line in data.lines),
            sum(line.agency.allocation_individuals or 0 for line in data.lines),
            "",
            f"{t.proposals_sent} đã gửi, {t.proposals_accepted} đã tiếp nhận",
        ]
    )
    return Table(
        sheet="Theo cơ quan",
        title="TÌNH HÌNH THỰC HIỆN KẾ HOẠCH CỦA CÁC CƠ QUAN, ĐƠN VỊ",
        columns=[
            ("STT", 6),
            ("Cơ quan", 34),
            ("Kế hoạch của cơ quan", 18),
            ("Ngày phát động", 12),
            ("Tình hình phát động", 16),
            ("Cán bộ có tài khoản", 11),
            ("Đã xác nhận nắm Kế hoạch", 12),
            ("Tỷ lệ xác nhận (%)", 10),
            ("Lượt nội dung đã báo cáo", 12),
            ("Tổng lượt nội dung", 11),
            ("Tỷ lệ báo cáo (%)", 10),
            ("Tổng số hồ sơ (không tính nháp)", 12),
            *[(f"Hồ sơ: {str(STATES[state]).lower()}", 12) for state in states],
            ("Cấp cơ sở: tập thể được duyệt", 12),
            ("Cấp cơ sở: chỉ tiêu tập thể", 12),
            ("Cấp cơ sở: cá nhân được duyệt", 12),
            ("Cấp cơ sở: chỉ tiêu cá nhân", 12),
            ("Cấp tỉnh: tập thể đề nghị", 12),
            ("Cấp tỉnh: phân bổ tập thể", 12),
            ("Cấp tỉnh: cá nhân đề nghị", 12),
            ("Cấp tỉnh: phân bổ cá nhân", 12),
            ("Số Tờ trình", 16),
            ("Tờ trình", 22),
        ],
        rows=rows,
        note=(
            "Tỷ lệ xác nhận tính trên cán bộ đang công tác có tài khoản; hồ sơ tính các hồ sơ đã nộp "
            "(không tính bản nháp); khen thưởng tính các đề nghị đã được duyệt còn hiệu lực."
        ),
    )


def province_xlsx_response(plan, table: Table) -> HttpResponse:
    province = plan.province
    content = workbook_bytes(
        f"{province.committee_name} – {province.name}".upper(),
        f"Thực hiện {plan}",
        [table],
    )
    number = "".join(ch if ch.isalnum() else "-" for ch in plan.number.split("/")[0]).strip("-") or "kh"
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="theo-doi-cap-tinh-{plan.year}-{number}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
