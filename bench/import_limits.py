"""Times how fast the staff import refuses hostile spreadsheets (issue 12, point 7).

    .venv/bin/python bench/import_limits.py

Each file is built in a second by writing the sheet XML straight into the zip (openpyxl would take
minutes to write 3 million rows), then handed to `campaign.imports.read_workbook` as an upload. Before
the fix, the 3-million-blank-row file held a worker 212 s (blank rows were skipped before the row limit
counted). Prints, per file: its size, what the import answered and the wall time. No database is used
and nothing is written: every file lives in memory, so an interrupted run leaves nothing behind.
"""

import io
import os
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

UNIT_HEADER = ["Tên đơn vị", "Loại đơn vị", "Thứ tự", "Email"]
STAFF_HEADER = ["Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Lãnh đạo", "Trực tiếp lao động"]
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def base_workbook() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.create_sheet("Đơn vị").append(UNIT_HEADER)
    workbook.create_sheet("Cán bộ").append(STAFF_HEADER)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def header_row() -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{title}</t></is></c>' for i, title in enumerate(STAFF_HEADER)
    )
    return f'<row r="1">{cells}</row>'.encode()


def with_part(base: bytes, name: str, chunks) -> bytes:
    """`base` with the part `name` replaced by the concatenated `chunks`, streamed into the zip."""
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename == name:
                with archive.open(name, "w", force_zip64=True) as part:
                    for chunk in chunks:
                        part.write(chunk)
            else:
                archive.writestr(info, source.read(info.filename))
    return out.getvalue()


def sheet(body, dimension="A1:F1"):
    yield f'<worksheet xmlns="{NS}"><dimension ref="{dimension}"/><sheetData>'.encode()
    yield header_row()
    yield from body
    yield b"</sheetData></worksheet>"


def bare_blank_rows(count: int):
    """`<row/>`: openpyxl numbers them itself; 6 bytes a row, which zips to almost nothing."""
    batch = 100_000
    for first in range(0, count, batch):
        yield b"<row/>" * min(batch, count - first)


def blank_rows(count: int, start: int = 2):
    batch = 100_000
    for first in range(start, start + count, batch):
        yield b"".join(b'<row r="%d"/>' % n for n in range(first, min(first + batch, start + count)))


def staff_rows(count: int):
    for n in range(2, count + 2):
        yield (
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Nguyễn Văn {n}</t></is></c>'
            f'<c r="B{n}" t="inlineStr"><is><t>Nam</t></is></c><c r="C{n}" t="inlineStr"><is><t>Chuyên viên</t></is></c>'
            f'<c r="D{n}" t="inlineStr"><is><t>Văn phòng Sở</t></is></c></row>'
        ).encode()


def files(base: bytes, staff_part: str):
    from campaign import imports

    yield "3 000 000 blank rows <row/> (the issue's file)", with_part(base, staff_part, sheet(bare_blank_rows(3_000_000)))
    yield "1 000 000 numbered blank rows <row r=\"n\"/>", with_part(base, staff_part, sheet(blank_rows(1_000_000)))
    yield "one row of 2 000 000 empty cells", with_part(
        base, staff_part, sheet([b'<row r="2">' + b"<c/>" * 2_000_000 + b"</row>"])
    )
    yield "one row numbered 1 048 576, dimension A1:XFD1048576", with_part(
        base, staff_part, sheet([b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'], "A1:XFD1048576")
    )
    yield "5 001 blank rows (one past the limit)", with_part(base, staff_part, sheet(blank_rows(5_001)))
    yield "5 000 staff rows (the largest file accepted)", with_part(base, staff_part, sheet(staff_rows(5_000)))
    room = imports.MAX_ELEMENTS - 100
    yield f"{room} extra elements in the sheet (just under the limit)", with_part(
        base, staff_part, sheet([b'<row r="2">' + b"<c><v>1</v></c>" * 20 + b"</row>", b"<x/>" * room])
    )
    styles = zipfile.ZipFile(io.BytesIO(base)).read("xl/styles.xml")
    yield f"{room} extra elements in styles.xml (parsed whole by openpyxl)", with_part(
        base, "xl/styles.xml", [styles.replace(b"</styleSheet>", b"<x/>" * room + b"</styleSheet>")]
    )
    yield f"{room + 200} elements in styles.xml (just over the limit)", with_part(
        base, "xl/styles.xml", [styles.replace(b"</styleSheet>", b"<x/>" * (room + 200) + b"</styleSheet>")]
    )


def main() -> None:
    import django

    django.setup()
    import openpyxl.xml
    from django.core.files.uploadedfile import SimpleUploadedFile

    from campaign import imports

    print(f"openpyxl.xml.DEFUSEDXML = {openpyxl.xml.DEFUSEDXML}; stated bound: {imports.MAX_SECONDS} s per file")
    base = base_workbook()
    staff_part = "xl/worksheets/sheet2.xml"
    worst = 0.0
    for label, data in files(base, staff_part):
        unzipped = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
        upload = SimpleUploadedFile("can-bo.xlsx", data)
        started = time.perf_counter()
        try:
            units, staff, problems = imports.read_workbook(upload)
        except imports.ImportRefused as refused:
            answer = f"refused: {refused.message[:70]}…"
        else:
            answer = f"read {len(staff)} staff rows, {len(problems)} problem(s)" + (
                f": {problems[0].message[:50]}…" if problems else ""
            )
        elapsed = time.perf_counter() - started
        worst = max(worst, elapsed)
        print(f"{label:<62} {len(data) / 1024:8.0f} kB zipped {unzipped / 2**20:6.1f} MB unzipped {elapsed:7.3f} s  {answer}")
    print(f"slowest: {worst:.3f} s (bound {imports.MAX_SECONDS} s)")


if __name__ == "__main__":
    main()
