"""The staff import is bounded whatever the file holds (every row and cell read counts, blank or not),
and a preview can be confirmed once only."""

import io
import time
import zipfile

import openpyxl  # noqa: F401 - campaign.imports loads it on first use: the timings below measure reading only
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaign import imports
from campaign.models import Membership, Role, StaffMember, UsedImportPreview
from tests.campaign.conftest import xlsx_upload
from tests.factories import AgencyFactory, UnitFactory, staff_user

pytestmark = pytest.mark.django_db

UNIT_HEADER = ["Tên đơn vị", "Loại đơn vị", "Thứ tự", "Email"]
STAFF_HEADER = ["Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Lãnh đạo", "Trực tiếp lao động"]
STAFF_PART = "xl/worksheets/sheet2.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def existing_unit(agency):
    return UnitFactory(agency=agency, name="Văn phòng Sở")


@pytest.fixture
def office_client(client, agency, existing_unit):
    office = staff_user(existing_unit, username="vanphong", full_name="Lê Quốc Cường")
    Membership.objects.create(user=office, agency=agency, role=Role.OFFICE)
    client.force_login(office)
    return client


def staff_sheet(*body: bytes, dimension: str = "A1:F1") -> SimpleUploadedFile:
    """A file whose staff sheet is the header row then `body`, written as XML straight into the zip."""
    base = xlsx_upload({"Đơn vị": [UNIT_HEADER], "Cán bộ": [STAFF_HEADER]}).read()
    header = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{t}</t></is></c>' for i, t in enumerate(STAFF_HEADER))
    xml = (
        f'<worksheet xmlns="{NS}"><dimension ref="{dimension}"/><sheetData><row r="1">{header}</row>'.encode()
        + b"".join(body)
        + b"</sheetData></worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, xml if info.filename == STAFF_PART else source.read(info.filename))
    return SimpleUploadedFile("can-bo.xlsx", out.getvalue())


def person(n: int) -> bytes:
    cells = (f"Nguyễn Văn {n}", "Nam", "Chuyên viên", "Văn phòng Sở")
    return (
        f'<row r="{n}">'
        + "".join(f'<c r="{chr(65 + i)}{n}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(cells))
        + "</row>"
    ).encode()


def test_three_million_blank_rows_are_refused_within_the_bound(office_client):
    upload = staff_sheet(b"<row/>" * 3_000_000)
    assert upload.size < 100_000

    started = time.perf_counter()
    response = office_client.post("/nhap-don-vi-can-bo/", {"file": upload})
    elapsed = time.perf_counter() - started

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [imports.TOO_MANY_ROWS]
    assert elapsed < imports.MAX_SECONDS


def test_blank_rows_count_towards_the_row_limit():
    upload = staff_sheet(person(2), *(b'<row r="%d"/>' % n for n in range(3, imports.MAX_ROWS + 3)))

    with pytest.raises(imports.ImportRefused) as refused:
        imports.read_workbook(upload)

    assert refused.value.message == imports.TOO_MANY_ROWS


def test_a_full_sheet_of_rows_is_still_read(agency):
    upload = staff_sheet(*(person(n) for n in range(2, imports.MAX_ROWS + 2)))

    units, staff, problems = imports.read_workbook(upload)

    assert (len(staff), problems) == (imports.MAX_ROWS, [])


def test_a_row_numbered_far_below_is_stopped_at_the_limit_without_reading_the_gap():
    upload = staff_sheet(person(1_048_576), dimension="A1:XFD1048576")

    started = time.perf_counter()
    units, staff, problems = imports.read_workbook(upload)

    assert time.perf_counter() - started < imports.MAX_SECONDS
    assert (staff, problems) == ([], [imports.Problem(imports.STAFF_SHEET, imports.MAX_ROWS_READ + 1, imports.TOO_MANY_ROWS)])


def test_a_row_of_two_million_empty_cells_is_refused():
    upload = staff_sheet(b'<row r="2">' + b"<c/>" * 2_000_000 + b"</row>")

    with pytest.raises(imports.ImportRefused) as refused:
        imports.read_workbook(upload)

    assert refused.value.message == imports.TOO_MANY_CELLS


def test_a_part_with_too_many_elements_is_refused():
    upload = staff_sheet(b"<x/>" * (imports.MAX_ELEMENTS + 1))

    with pytest.raises(imports.ImportRefused) as refused:
        imports.read_workbook(upload)

    assert refused.value.message == imports.TOO_MANY_ELEMENTS


# Single-use preview ------------------------------------------------------------------------------------------


def preview_payload(client) -> str:
    upload = xlsx_upload(
        {"Đơn vị": [UNIT_HEADER], "Cán bộ": [STAFF_HEADER, ["Hồ Văn Nghĩa", "Nam", "Chuyên viên", "Văn phòng Sở", "", ""]]}
    )
    return client.post("/nhap-don-vi-can-bo/", {"file": upload}).context["confirm"].initial["payload"]


def test_a_replayed_confirmation_does_not_reactivate_staff_deactivated_since(office_client):
    payload = preview_payload(office_client)
    office_client.post("/nhap-don-vi-can-bo/xac-nhan/", {"payload": payload})
    StaffMember.objects.filter(full_name="Hồ Văn Nghĩa").update(is_active=False)

    replay = office_client.post("/nhap-don-vi-can-bo/xac-nhan/", {"payload": payload})

    assert replay.status_code == 400
    assert imports.PREVIEW_USED in [str(m) for m in replay.context["messages"]]
    assert StaffMember.objects.get(full_name="Hồ Văn Nghĩa").is_active is False


def test_a_confirmed_preview_is_recorded_with_the_import(office_client, agency):
    payload = preview_payload(office_client)

    office_client.post("/nhap-don-vi-can-bo/xac-nhan/", {"payload": payload})

    used = UsedImportPreview.objects.get()
    assert (used.agency, used.used_by.username) == (agency, "vanphong")



def test_a_sheet_part_not_named_xml_is_counted_too():
    upload = staff_sheet(b"<row/>" * 10_000)
    source = zipfile.ZipFile(io.BytesIO(upload.read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"/xl/worksheets/sheet2.xml", b"/xl/worksheets/sheet2.dat")
            archive.writestr("xl/worksheets/sheet2.dat" if info.filename == STAFF_PART else info.filename, data)

    with pytest.raises(imports.ImportRefused) as refused:
        imports.read_workbook(SimpleUploadedFile("can-bo.xlsx", out.getvalue()))

    assert refused.value.message == imports.TOO_MANY_ROWS
