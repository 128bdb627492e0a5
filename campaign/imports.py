"""Importing units and staff from the office's spreadsheet.

Two steps, nothing written in the first: `read_workbook` + `check_rows` give a preview with every
error tied to its sheet and row number; `import_rows` checks everything again against the database
as it is now and writes all rows in one transaction, or none.

A person is known by their full name within the agency (as in the demo data): a name already on record
updates that person (unit, position, gender, roles), a new name adds one. The same name twice in a
file is refused as a duplicate.
"""

import io
import re
import secrets
import unicodedata
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from xml.etree.ElementTree import ParseError
from xml.parsers import expat
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from core import batching

from .models import Agency, Gender, StaffMember, Unit, UnitKind, UsedImportPreview

UNIT_SHEET = "Đơn vị"
STAFF_SHEET = "Cán bộ"
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# Limits on what the file holds once unzipped, counted as it is read (blank rows and cells included).
MAX_ROWS_READ = MAX_ROWS + 1  # the header row, then at most MAX_ROWS rows, blank or not
MAX_COLUMNS = 50  # columns read per row; the template has six
MAX_CELLS = MAX_ROWS_READ * 20  # cells written in one XML part, empty ones included
MAX_ELEMENTS = 4 * MAX_CELLS  # XML elements in one part (workbook, styles, shared strings, a sheet)
MAX_PARTS = 200
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_SECONDS = 3  # the time bound those limits give (bench/import_limits.py measures about 1.5 s at worst)

UNREADABLE = "Không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc không đầy đủ. Hãy lưu lại tệp đúng định dạng rồi thử lại."
UNSAFE_XML = (
    "Tệp Excel chứa khai báo DTD hoặc thực thể XML (có thể là tệp độc hại), cổng không đọc tệp này. "
    "Hãy mở tệp bằng Excel, lưu lại thành tệp .xlsx mới rồi thử lại."
)
TOO_BIG_UNZIPPED = "Tệp Excel khi giải nén quá lớn (tối đa 50 MB). Hãy chỉ giữ lại các trang của tệp mẫu rồi thử lại."
TOO_MANY_ROWS = (
    f"Mỗi trang nhận tối đa {MAX_ROWS} dòng, tính cả dòng trống. Hãy xóa các dòng thừa ở cuối trang "
    "(hoặc chia tệp) rồi thử lại."
)
TOO_MANY_CELLS = f"Tệp có quá nhiều ô (tối đa {MAX_CELLS} ô mỗi trang, tính cả ô trống). Hãy xóa các cột, dòng thừa rồi thử lại."
PREVIEW_INVALID = "Bản xem trước không hợp lệ; hãy tải tệp lên lại."
PREVIEW_USED = (
    "Bản xem trước này đã được xác nhận nhập một lần; mỗi bản xem trước chỉ dùng được một lần. "
    "Hãy tải tệp lên lại để xem dữ liệu theo danh sách hiện tại."
)
TOO_MANY_ELEMENTS = "Tệp Excel có cấu trúc quá lớn so với một danh sách đơn vị, cán bộ. Hãy dùng tệp mẫu rồi thử lại."

# (header, required in the header row, width)
UNIT_COLUMNS = (("Tên đơn vị", True, 46), ("Loại đơn vị", True, 22), ("Thứ tự", False, 8), ("Email", False, 30))
STAFF_COLUMNS = (
    ("Họ và tên", True, 28),
    ("Giới tính", True, 10),
    ("Chức vụ", True, 24),
    ("Đơn vị", True, 46),
    ("Lãnh đạo", True, 10),
    ("Trực tiếp lao động", True, 12),
)
UNIT_KINDS = {
    "phòng chuyên môn": UnitKind.DIVISION,
    "phòng": UnitKind.DIVISION,
    "đơn vị trực thuộc": UnitKind.AFFILIATED,
    "tổ chức đoàn thể": UnitKind.MASS_ORGANISATION,
    "đoàn thể": UnitKind.MASS_ORGANISATION,
}
UNIT_KIND_LABELS = ("Phòng chuyên môn", "Đơn vị trực thuộc", "Tổ chức đoàn thể")
GENDERS = {"nam": Gender.MALE, "nữ": Gender.FEMALE}
YES = {"x", "có", "co"}
NO = {"", "không", "khong"}


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportRefused(Exception):
    def __init__(self, message: str, problems: list["Problem"] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    message: str


@dataclass
class UnitRow:
    row: int
    name: str
    kind: str
    display_order: str
    email: str
    action: str = ""  # "create" or "update", set by check_rows
    errors: list[str] = field(default_factory=list)


@dataclass
class StaffRow:
    row: int
    full_name: str
    gender: str
    position: str
    unit: str
    leader: str
    direct_worker: str
    action: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class Preview:
    units: list[UnitRow]
    staff: list[StaffRow]
    problems: list[Problem]  # file-level problems (sheet or column missing), then row problems

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {
            "units_new": sum(1 for u in self.units if u.action == "create"),
            "units_updated": sum(1 for u in self.units if u.action == "update"),
            "staff_new": sum(1 for s in self.staff if s.action == "create"),
            "staff_updated": sum(1 for s in self.staff if s.action == "update"),
        }

    def payload(self) -> dict:
        """The rows as read, to check again and write on confirmation, with a nonce that makes the
        preview single-use (import_rows records it with the import)."""
        keep = ("row", "name", "kind", "display_order", "email")
        staff_keep = ("row", "full_name", "gender", "position", "unit", "leader", "direct_worker")
        return {
            "nonce": secrets.token_urlsafe(24),
            "units": [{k: v for k, v in asdict(u).items() if k in keep} for u in self.units],
            "staff": [{k: v for k, v in asdict(s).items() if k in staff_keep} for s in self.staff],
        }


def normalise(text) -> str:
    """NFC, no surrounding or doubled spaces: "Nguyễn  Văn An " and its decomposed form are one name."""
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    text = unicodedata.normalize("NFC", str(text))
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> str:
    return normalise(text).casefold()


# Reading the file -------------------------------------------------------------------------------------


@contextmanager
def opened_workbook(upload):
    """The uploaded .xlsx, opened read-only for the block and closed after it. Bounded whatever the file holds:
    at most MAX_BYTES uploaded, MAX_UNCOMPRESSED_BYTES of XML once unzipped, MAX_ROWS_READ rows and MAX_CELLS
    cells per sheet (blank ones included) and MAX_ELEMENTS XML elements per part, no DTD or entity, so reading
    any file takes under MAX_SECONDS (3 s; bench/import_limits.py: 3 million blank rows are refused in
    milliseconds, the worst file the limits let through is read in about 1.5 s). A file that is too big, not
    a workbook, unsafe or unreadable, here or while the block reads it, is refused with ImportRefused."""
    # openpyxl (and the numpy it pulls in) is imported where a sheet is read, not in every web worker.
    from openpyxl import load_workbook

    if upload.size > MAX_BYTES:
        raise ImportRefused("Tệp quá lớn (tối đa 5 MB). Hãy kiểm tra lại tệp Excel.")
    upload.seek(0)
    data = upload.read()
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRefused("Tệp không phải là tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ trang này.")
    try:
        _scan_archive(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            yield workbook
        finally:
            workbook.close()
    except DefusedXmlException:
        raise ImportRefused(UNSAFE_XML) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ParseError, ExpatError):
        raise ImportRefused(UNREADABLE) from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, RuntimeError, NotImplementedError):
        # openpyxl's answers to well-formed XML that is not a workbook (a part or attribute missing)
        raise ImportRefused(UNREADABLE) from None


def read_workbook(upload) -> tuple[list[UnitRow], list[StaffRow], list[Problem]]:
    """The rows of both sheets, or the problems that stop reading (missing sheet or column); within the
    limits of opened_workbook."""
    problems: list[Problem] = []
    with opened_workbook(upload) as workbook:
        sheets = {normalise(name).casefold(): name for name in workbook.sheetnames}
        unit_rows = _sheet_rows(workbook, sheets, UNIT_SHEET, UNIT_COLUMNS, problems)
        staff_rows = _sheet_rows(workbook, sheets, STAFF_SHEET, STAFF_COLUMNS, problems)
    units = [
        UnitRow(row=n, name=v["Tên đơn vị"], kind=v["Loại đơn vị"], display_order=v.get("Thứ tự", ""), email=v.get("Email", ""))
        for n, v in unit_rows
    ]
    staff = [
        StaffRow(
            row=n,
            full_name=v["Họ và tên"],
            gender=v["Giới tính"],
            position=v["Chức vụ"],
            unit=v["Đơn vị"],
            leader=v["Lãnh đạo"],
            direct_worker=v["Trực tiếp lao động"],
        )
        for n, v in staff_rows
    ]
    return units, staff, problems


class _TooMuch(Exception):
    pass


def _scan_archive(data: bytes) -> None:
    """One streaming pass over every XML part before openpyxl reads anything: refuse a DTD or entity, and
    stop at the first row, cell, element or byte past the limits, so no part can hold a worker."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [info for info in archive.infolist() if not info.is_dir()]
        if len(parts) > MAX_PARTS or sum(info.file_size for info in parts) > MAX_UNCOMPRESSED_BYTES:
            raise ImportRefused(TOO_BIG_UNZIPPED)
        for info in parts:
            # Every part that looks like XML, whatever its name (the rels may point a sheet at any name).
            with archive.open(info) as part:
                first = part.read(64 * 1024)
                if first.lstrip()[:1] == b"<" or first.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
                    _scan_part(first, part)


def _scan_part(first: bytes, part) -> None:
    counts = {"row": 0, "c": 0, "*": 0}

    def start(name, attributes):
        local = name.rpartition(" ")[2]
        counts["*"] += 1
        if counts["*"] > MAX_ELEMENTS:
            raise _TooMuch(TOO_MANY_ELEMENTS)
        if local in ("row", "c"):
            counts[local] += 1
            if counts["row"] > MAX_ROWS_READ:
                raise _TooMuch(TOO_MANY_ROWS)
            if counts["c"] > MAX_CELLS:
                raise _TooMuch(TOO_MANY_CELLS)

    def forbidden(*args):
        raise DefusedXmlException("DTD")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = forbidden
    parser.EntityDeclHandler = forbidden
    parser.UnparsedEntityDeclHandler = forbidden
    parser.ExternalEntityRefHandler = forbidden
    try:
        chunk = first
        while chunk:
            parser.Parse(chunk, False)
            chunk = part.read(64 * 1024)
        parser.Parse(b"", True)
    except _TooMuch as too_much:
        raise ImportRefused(str(too_much)) from None


def _sheet_rows(workbook, sheets, title, columns, problems) -> list[tuple[int, dict[str, str]]]:
    name = sheets.get(title.casefold())
    if name is None:
        problems.append(Problem(title, 0, f"Thiếu trang “{title}” trong tệp. Hãy dùng tệp mẫu."))
        return []
    # Bounded on both axes: a gap in the row numbers or a huge declared dimension cannot make openpyxl
    # produce millions of padding rows or cells.
    rows = workbook[name].iter_rows(min_row=1, max_row=MAX_ROWS_READ + 1, max_col=MAX_COLUMNS, values_only=True)
    header = next(rows, None) or ()
    positions = {_key(cell): index for index, cell in enumerate(header) if normalise(cell)}
    missing = [column for column, required, _ in columns if required and _key(column) not in positions]
    for column in missing:
        problems.append(Problem(title, 1, f"Thiếu cột “{column}” ở dòng tiêu đề."))
    if missing:
        return []
    result = []
    # Every row read counts, blank or not: blank rows are cheap to send and were once free to read.
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS_READ:
            problems.append(Problem(title, number, TOO_MANY_ROWS))
            break
        values = {
            column: normalise(cells[positions[_key(column)]]) if _key(column) in positions and positions[_key(column)] < len(cells) else ""
            for column, _, _ in columns
        }
        if not any(values.values()):
            continue  # blank lines are ignored (but counted above)
        result.append((number, values))
    return result


# Checking ---------------------------------------------------------------------------------------------


def check_rows(agency: Agency, units: list[UnitRow], staff: list[StaffRow], problems: list[Problem] | None = None) -> Preview:
    """Check every row against the others and the database; nothing is written."""
    problems = list(problems or [])
    existing_units = {_key(u.name): u for u in Unit.objects.filter(agency=agency)}
    seen_units: dict[str, int] = {}
    for row in units:
        _check_unit(row, existing_units, seen_units)
    known_units = set(existing_units) | {_key(u.name) for u in units if u.name}

    by_name: dict[str, list[StaffMember]] = {}
    for person in StaffMember.objects.filter(unit__agency=agency).only("pk", "full_name"):
        by_name.setdefault(_key(person.full_name), []).append(person)
    seen_people: dict[str, int] = {}
    for row in staff:
        _check_staff(row, known_units, by_name, seen_people)

    problems += [Problem(UNIT_SHEET, r.row, e) for r in units for e in r.errors]
    problems += [Problem(STAFF_SHEET, r.row, e) for r in staff for e in r.errors]
    if not problems and not units and not staff:
        problems.append(Problem(STAFF_SHEET, 0, "Tệp không có dòng dữ liệu nào."))
    return Preview(units=units, staff=staff, problems=problems)


def _check_unit(row: UnitRow, existing: dict[str, Unit], seen: dict[str, int]) -> None:
    if not row.name:
        row.errors.append("Thiếu tên đơn vị.")
    elif len(row.name) > 200:
        row.errors.append("Tên đơn vị dài quá 200 ký tự.")
    elif _key(row.name) in seen:
        row.errors.append(f"Trùng đơn vị: “{row.name}” đã có ở dòng {seen[_key(row.name)]}.")
    else:
        seen[_key(row.name)] = row.row
    if _key(row.kind) not in UNIT_KINDS:
        shown = f"“{row.kind}”" if row.kind else "(để trống)"
        row.errors.append(
            f"Loại đơn vị {shown} không hợp lệ: chỉ nhận " + ", ".join(f"“{k}”" for k in UNIT_KIND_LABELS) + "."
        )
    if row.display_order and not re.fullmatch(r"\d{1,4}", row.display_order):
        row.errors.append(f"Thứ tự “{row.display_order}” phải là số nguyên không âm.")
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(f"Email “{row.email}” không hợp lệ.")
    row.action = "update" if _key(row.name) in existing else "create"


def _flag(value: str, column: str, errors: list[str]) -> bool:
    key = _key(value)
    if key in YES:
        return True
    if key not in NO:
        errors.append(f"Cột “{column}” chỉ nhận “x” (có) hoặc để trống, không nhận “{value}”.")
    return False


def _check_staff(row: StaffRow, known_units: set[str], by_name: dict[str, list], seen: dict[str, int]) -> None:
    key = _key(row.full_name)
    if not row.full_name:
        row.errors.append("Thiếu họ và tên.")
    elif len(row.full_name) > 120:
        row.errors.append("Họ và tên dài quá 120 ký tự.")
    elif key in seen:
        row.errors.append(f"Trùng người: “{row.full_name}” đã có ở dòng {seen[key]}.")
    else:
        seen[key] = row.row
    if _key(row.gender) not in GENDERS:
        shown = f"“{row.gender}”" if row.gender else "(để trống)"
        row.errors.append(f"Giới tính {shown} không hợp lệ: chỉ nhận “Nam” hoặc “Nữ”.")
    if len(row.position) > 150:
        row.errors.append("Chức vụ dài quá 150 ký tự.")
    if not row.unit:
        row.errors.append("Thiếu đơn vị.")
    elif _key(row.unit) not in known_units:
        row.errors.append(
            f"Không có đơn vị “{row.unit}”: đơn vị phải có trong trang “{UNIT_SHEET}” hoặc đã có trong danh "
            "sách đơn vị của cơ quan."
        )
    _flag(row.leader, "Lãnh đạo", row.errors)
    _flag(row.direct_worker, "Trực tiếp lao động", row.errors)
    matches = by_name.get(key, [])
    if len(matches) > 1:
        row.errors.append(
            f"Cơ quan đang có {len(matches)} cán bộ cùng họ tên “{row.full_name}”; hãy sửa những người này "
            "trong trang quản trị."
        )
    row.action = "update" if matches else "create"


# Writing ----------------------------------------------------------------------------------------------


def preview_from_payload(agency: Agency, payload: dict) -> Preview:
    units = [UnitRow(**{k: str(v) if k != "row" else int(v) for k, v in u.items()}) for u in payload.get("units", [])]
    staff = [StaffRow(**{k: str(v) if k != "row" else int(v) for k, v in s.items()}) for s in payload.get("staff", [])]
    return check_rows(agency, units, staff)


def import_rows(*, agency: Agency, payload: dict, by: User) -> dict[str, int]:
    """Check again against the database as it is now, then write every row, or nothing."""
    from .rules import can

    if not can(by, "campaign.import_staff", agency):
        raise ImportRefused("Chỉ Văn phòng Sở của cơ quan mới nhập được danh sách đơn vị, cán bộ.")
    nonce = payload.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise ImportRefused(PREVIEW_INVALID)
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)
        try:
            with transaction.atomic():
                UsedImportPreview.objects.create(nonce=nonce, agency=agency, used_by=by)
        except IntegrityError:
            raise ImportRefused(PREVIEW_USED) from None
        preview = preview_from_payload(agency, payload)
        if not preview.is_valid:
            raise ImportRefused("Dữ liệu có lỗi, chưa nhập dòng nào.", preview.problems)
        with batching.batch():  # what each saved row sets off (the dashboard's figures) is done once, at the end
            _write_rows(agency, preview)
    return preview.counts()


def _write_rows(agency: Agency, preview: Preview) -> None:
    units = {_key(u.name): u for u in Unit.objects.filter(agency=agency)}
    next_order = max((u.display_order for u in units.values()), default=0)
    for row in preview.units:
        unit = units.get(_key(row.name)) or Unit(agency=agency, name=row.name)
        unit.kind = UNIT_KINDS[_key(row.kind)]
        if row.display_order:
            unit.display_order = int(row.display_order)
        elif unit.pk is None:
            next_order += 1
            unit.display_order = next_order
        if row.email:
            unit.email = row.email
        unit.save()
        units[_key(row.name)] = unit
    people = {_key(p.full_name): p for p in StaffMember.objects.filter(unit__agency=agency)}
    for row in preview.staff:
        person = people.get(_key(row.full_name)) or StaffMember(full_name=row.full_name)
        person.unit = units[_key(row.unit)]
        person.gender = GENDERS[_key(row.gender)]
        person.position = row.position
        person.is_leader = _key(row.leader) in YES
        person.is_direct_worker = _key(row.direct_worker) in YES
        person.is_active = True
        person.save()


# The template -----------------------------------------------------------------------------------------


def template_bytes(agency: Agency | None) -> bytes:
    """The spreadsheet to fill in: instructions, the agency's units as they are, an empty staff sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    guide = workbook.active
    guide.title = "Hướng dẫn"
    lines = [
        "MẪU NHẬP DANH SÁCH ĐƠN VỊ VÀ CÁN BỘ",
        "",
        f"1. Trang “{UNIT_SHEET}”: mỗi dòng một phòng, đơn vị, đoàn thể. Đơn vị đã có (cùng tên) được cập nhật;",
        "   đơn vị mới được thêm. Loại đơn vị: " + ", ".join(UNIT_KIND_LABELS) + ".",
        f"2. Trang “{STAFF_SHEET}”: mỗi dòng một người. Giới tính: Nam hoặc Nữ. Cột Lãnh đạo và Trực tiếp lao động:",
        "   ghi “x” nếu đúng, để trống nếu không. Đơn vị phải có trong trang Đơn vị hoặc đã có trên cổng.",
        "3. Cán bộ đã có (cùng họ tên trong cơ quan) được cập nhật đơn vị, chức vụ, giới tính; người mới được thêm.",
        "   Mỗi người chỉ ghi một lần.",
        "4. Không đổi tên trang, không đổi dòng tiêu đề. Dòng trống được bỏ qua.",
        "5. Tải tệp lên cổng: cổng hiển thị trước từng dòng và các lỗi kèm số dòng; chỉ khi không còn lỗi nào và",
        "   bạn bấm “Xác nhận nhập” thì dữ liệu mới được ghi (ghi tất cả hoặc không ghi dòng nào).",
    ]
    for number, line in enumerate(lines, start=1):
        guide.cell(row=number, column=1, value=line).font = Font(bold=number == 1, size=13 if number == 1 else 11)
    guide.column_dimensions["A"].width = 110

    header_fill = PatternFill("solid", fgColor="DDE7F5")

    def sheet(title, columns):
        ws = workbook.create_sheet(title)
        for index, (header, _, width) in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index, value=header)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        return ws

    units_ws = sheet(UNIT_SHEET, UNIT_COLUMNS)
    kind_labels = dict(zip(UnitKind.values, UNIT_KIND_LABELS, strict=True))
    if agency is not None:
        for number, unit in enumerate(Unit.objects.filter(agency=agency).order_by("display_order", "name"), start=2):
            for column, value in enumerate((unit.name, kind_labels[unit.kind], unit.display_order, unit.email), start=1):
                cell = units_ws.cell(row=number, column=column, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
    kinds = DataValidation(type="list", formula1='"' + ",".join(UNIT_KIND_LABELS) + '"', allow_blank=False)
    kinds.error, kinds.errorTitle = "Chọn một loại đơn vị trong danh sách.", "Loại đơn vị"
    units_ws.add_data_validation(kinds)
    kinds.add(f"B2:B{MAX_ROWS}")

    staff_ws = sheet(STAFF_SHEET, STAFF_COLUMNS)
    genders = DataValidation(type="list", formula1='"Nam,Nữ"', allow_blank=False)
    genders.error, genders.errorTitle = "Giới tính: Nam hoặc Nữ.", "Giới tính"
    flags = DataValidation(type="list", formula1='"x"', allow_blank=True)
    for validation, cells in ((genders, f"B2:B{MAX_ROWS}"), (flags, f"E2:F{MAX_ROWS}")):
        staff_ws.add_data_validation(validation)
        validation.add(cells)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
