"""Importing a unit's personal pledges from a spreadsheet, in two steps like campaign/imports.py.

`read_pledges` + `check_pledges` give a preview with every error tied to its row number and write
nothing; `import_pledges` checks everything again against the database as it is now and writes every
row through `services.save_pledge` in one transaction, or none. The file is bounded and scanned by
the same code as the staff import (size, unzipped size, rows, cells, XML elements, no DTD).
"""

import io
import re
import secrets
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from campaign.imports import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_ROWS_READ,
    PREVIEW_INVALID,
    PREVIEW_USED,
    TOO_MANY_ROWS,
    XLSX_TYPE,  # noqa: F401 (the views' content type)
    ImportRefused,
    Problem,
    normalise,
    opened_workbook,
)
from campaign.models import Campaign, ContentItem, StaffMember, Unit, UsedImportPreview
from campaign.rules import can

from . import services
from .models import Pledge, PledgeTitle

SHEET = "Đăng ký cá nhân"
NAME, TITLE, COMMITMENT = "Họ và tên", "Danh hiệu đăng ký", "Cam kết"
# The titles as an office writes them; anything else is kept as a title written in.
TITLE_NAMES = {
    "chiến sĩ thi đua cơ sở": PledgeTitle.GRASSROOTS_FIGHTER,
    "lao động tiên tiến": PledgeTitle.ADVANCED_WORKER,
    "giấy khen của giám đốc sở": PledgeTitle.DIRECTOR_CERTIFICATE,
    "giấy khen": PledgeTitle.DIRECTOR_CERTIFICATE,
}
TITLE_CHOICES = ("Chiến sĩ thi đua cơ sở", "Lao động tiên tiến", "Giấy khen của Giám đốc Sở")


def item_header(item: ContentItem) -> str:
    return f"Nội dung {item.number}"


@dataclass
class PledgeRow:
    row: int
    full_name: str
    title: str
    commitment: str
    targets: dict[str, str]  # "Nội dung n" -> the cell as written
    action: str = ""  # "create" or "update", set by check_pledges
    errors: list[str] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[PledgeRow]
    problems: list[Problem]
    headers: list[str]

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {
            "new": sum(1 for r in self.rows if r.action == "create"),
            "updated": sum(1 for r in self.rows if r.action == "update"),
        }

    def payload(self) -> dict:
        keep = ("row", "full_name", "title", "commitment", "targets")
        return {"nonce": secrets.token_urlsafe(24),
                "rows": [{k: v for k, v in asdict(r).items() if k in keep} for r in self.rows]}


def _key(text) -> str:
    return normalise(text).casefold()


# Reading ------------------------------------------------------------------------------------------------


def read_pledges(upload, campaign: Campaign) -> tuple[list[PledgeRow], list[Problem]]:
    """The pledges of the sheet, or the problems that stop reading; within campaign.imports' limits."""
    items = list(ContentItem.objects.filter(campaign=campaign).order_by("number"))
    problems: list[Problem] = []
    rows: list[PledgeRow] = []
    with opened_workbook(upload) as workbook:
        sheets = {_key(name): name for name in workbook.sheetnames}
        name = sheets.get(_key(SHEET))
        if name is None:
            problems.append(Problem(SHEET, 0, f"Thiếu trang “{SHEET}” trong tệp. Hãy dùng tệp mẫu."))
        else:
            rows = _rows(workbook[name], items, problems)
    return rows, problems


def _rows(sheet, items: list[ContentItem], problems: list[Problem]) -> list[PledgeRow]:
    cells = sheet.iter_rows(min_row=1, max_row=MAX_ROWS_READ + 1, max_col=MAX_COLUMNS, values_only=True)
    header = next(cells, None) or ()
    positions = {_key(cell): index for index, cell in enumerate(header) if normalise(cell)}
    missing = [column for column in (NAME, TITLE) if _key(column) not in positions]
    for column in missing:
        problems.append(Problem(SHEET, 1, f"Thiếu cột “{column}” ở dòng tiêu đề."))
    if missing:
        return []
    item_columns = [item_header(item) for item in items]
    unknown = [normalise(cell) for cell in header if normalise(cell) and re.match(r"(?i)nội dung\s*\d", normalise(cell))
               and _key(cell) not in {_key(c) for c in item_columns}]
    for column in unknown:
        problems.append(Problem(SHEET, 1, f"Cột “{column}”: Kế hoạch không có nội dung số này."))

    def value(values, column):
        index = positions.get(_key(column))
        return normalise(values[index]) if index is not None and index < len(values) else ""

    result = []
    for number, values in enumerate(cells, start=2):
        if number > MAX_ROWS_READ:
            problems.append(Problem(SHEET, number, TOO_MANY_ROWS))
            break
        row = PledgeRow(
            row=number, full_name=value(values, NAME), title=value(values, TITLE),
            commitment=value(values, COMMITMENT),
            targets={column: value(values, column) for column in item_columns if value(values, column)},
        )
        if not (row.full_name or row.title or row.commitment or row.targets):
            continue
        result.append(row)
    return result


# Checking -----------------------------------------------------------------------------------------------


def parse_target(text: str) -> services.TargetInput:
    """"12" or "12,5" is a number; anything else is a target in words."""
    candidate = text.replace(" ", "").replace(",", ".")
    if re.fullmatch(r"-?\d{1,10}(\.\d{1,2})?", candidate):
        try:
            return services.TargetInput(number=Decimal(candidate))
        except InvalidOperation:
            pass
    return services.TargetInput(text=text)


def title_of(text: str) -> tuple[str, str]:
    known = TITLE_NAMES.get(_key(text))
    return (known, "") if known else (PledgeTitle.OTHER, text)


def check_pledges(campaign: Campaign, unit: Unit, rows: list[PledgeRow],
                  problems: list[Problem] | None = None) -> Preview:
    """Check every row against the others and the database; nothing is written."""
    problems = list(problems or [])
    headers = [item_header(item) for item in ContentItem.objects.filter(campaign=campaign).order_by("number")]
    if not services.settings_for(campaign).persons_pledge:
        problems.append(Problem(SHEET, 0, "Kế hoạch này không yêu cầu cá nhân đăng ký thi đua."))
    people: dict[str, list[StaffMember]] = {}
    for person in StaffMember.objects.filter(unit=unit, is_active=True).only("pk", "full_name", "unit_id"):
        people.setdefault(_key(person.full_name), []).append(person)
    pledged = set(Pledge.objects.filter(campaign=campaign, unit=unit, staff__isnull=False)
                  .values_list("staff_id", flat=True))
    seen: dict[str, int] = {}
    for row in rows:
        key = _key(row.full_name)
        if not row.full_name:
            row.errors.append("Thiếu họ và tên.")
        elif key in seen:
            row.errors.append(f"Trùng người: “{row.full_name}” đã có ở dòng {seen[key]}.")
        else:
            seen[key] = row.row
            matches = people.get(key, [])
            if not matches:
                row.errors.append(f"Đơn vị không có cán bộ đang công tác tên “{row.full_name}”.")
            elif len(matches) > 1:
                row.errors.append(f"Đơn vị có {len(matches)} cán bộ cùng họ tên “{row.full_name}”; hãy đăng ký trên cổng.")
            else:
                row.action = "update" if matches[0].pk in pledged else "create"
        if not row.title:
            row.errors.append("Thiếu danh hiệu đăng ký.")
        elif len(row.title) > 200:
            row.errors.append("Danh hiệu đăng ký dài quá 200 ký tự.")
        if len(row.commitment) > services.MAX_EVIDENCE_TEXT:
            row.errors.append(f"Cam kết dài quá {services.MAX_EVIDENCE_TEXT} ký tự.")
        for column, text in row.targets.items():
            if len(text) > 500:
                row.errors.append(f"Chỉ tiêu ở cột “{column}” dài quá 500 ký tự.")
    problems += [Problem(SHEET, r.row, e) for r in rows for e in r.errors]
    if not problems and not rows:
        problems.append(Problem(SHEET, 0, "Tệp không có dòng dữ liệu nào."))
    return Preview(rows=rows, problems=problems, headers=headers)


def preview_from_payload(campaign: Campaign, unit: Unit, payload: dict) -> Preview:
    rows = []
    for r in payload.get("rows", [])[:MAX_ROWS]:
        targets = r.get("targets") if isinstance(r.get("targets"), dict) else {}
        rows.append(PledgeRow(row=int(r.get("row", 0)), full_name=str(r.get("full_name", "")),
                              title=str(r.get("title", "")), commitment=str(r.get("commitment", "")),
                              targets={str(k): str(v) for k, v in targets.items()}))
    return check_pledges(campaign, unit, rows)


# Writing ------------------------------------------------------------------------------------------------


def import_pledges(*, campaign: Campaign, unit: Unit, payload: dict, by: User) -> dict[str, int]:
    """Check again against the database as it is now, then register every row, or nothing."""
    if not can(by, "emulation.import_pledges", Pledge(campaign=campaign, unit=unit)):
        raise ImportRefused("Chỉ cán bộ của đơn vị mới nhập được danh sách đăng ký thi đua của đơn vị.")
    nonce = payload.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise ImportRefused(PREVIEW_INVALID)
    items = {item_header(item): item.pk for item in ContentItem.objects.filter(campaign=campaign)}
    try:
        with transaction.atomic():
            Unit.objects.select_for_update().get(pk=unit.pk)
            try:
                with transaction.atomic():
                    UsedImportPreview.objects.create(nonce=f"pledges:{nonce}"[:64], agency_id=campaign.agency_id,
                                                     used_by=by)
            except IntegrityError:
                raise ImportRefused(PREVIEW_USED) from None
            preview = preview_from_payload(campaign, unit, payload)
            if not preview.is_valid:
                raise ImportRefused("Dữ liệu có lỗi, chưa nhập dòng nào.", preview.problems)
            people = {normalise(p.full_name).casefold(): p for p in StaffMember.objects.filter(unit=unit, is_active=True)}
            for row in preview.rows:
                title, other = title_of(row.title)
                services.save_pledge(
                    campaign=campaign, unit=unit, by=by, staff=people[_key(row.full_name)], title=title,
                    title_other=other, commitment=row.commitment,
                    targets={items[c]: parse_target(t) for c, t in row.targets.items() if c in items},
                )
    except services.DomainError as error:
        raise ImportRefused(f"Chưa nhập dòng nào: {error.message}") from None
    return preview.counts()


# The template -------------------------------------------------------------------------------------------


def template_bytes(campaign: Campaign, unit: Unit) -> bytes:
    """The sheet to fill in: the unit's active people already listed, one column per content item."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    items = list(ContentItem.objects.filter(campaign=campaign).order_by("number"))
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Hướng dẫn"
    lines = [
        f"MẪU NHẬP ĐĂNG KÝ THI ĐUA CÁ NHÂN – {unit.name}",
        f"Kế hoạch số {campaign.number}",
        "",
        f"1. Trang “{SHEET}”: mỗi dòng một người của đơn vị (họ tên đúng như trên cổng).",
        "2. Danh hiệu đăng ký: " + ", ".join(TITLE_CHOICES) + "; hoặc ghi danh hiệu khác.",
        "3. Cột “Nội dung n”: chỉ tiêu của nội dung số n của Kế hoạch, ghi bằng lời hoặc bằng số (để trống nếu không).",
    ]
    lines += [f"   Nội dung {item.number}: {item.text[:150]}" for item in items]
    lines += ["4. Người đã đăng ký được cập nhật theo tệp. Cổng hiển thị trước từng dòng và lỗi kèm số dòng;",
              "   chỉ khi không còn lỗi và bạn bấm “Xác nhận nhập” thì dữ liệu mới được ghi (tất cả hoặc không dòng nào)."]
    for number, line in enumerate(lines, start=1):
        guide.cell(row=number, column=1, value=line).font = Font(bold=number == 1, size=13 if number == 1 else 11)
    guide.column_dimensions["A"].width = 120
    ws = workbook.create_sheet(SHEET)
    columns = [(NAME, 28), (TITLE, 28), (COMMITMENT, 40)] + [(item_header(i), 18) for i in items]
    fill = PatternFill("solid", fgColor="DDE7F5")
    for index, (title, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=title)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "B2"
    for number, person in enumerate(StaffMember.objects.filter(unit=unit, is_active=True).order_by("full_name"), start=2):
        ws.cell(row=number, column=1, value=person.full_name).data_type = "s"
    titles = DataValidation(type="list", formula1='"' + ",".join(TITLE_CHOICES) + '"', allow_blank=True,
                            showErrorMessage=False)
    ws.add_data_validation(titles)
    titles.add(f"B2:B{MAX_ROWS}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
