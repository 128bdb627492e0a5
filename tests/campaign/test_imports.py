"""Import of units and staff from the office's spreadsheet: preview with row-by-row errors, all or nothing."""

import io
import zipfile

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from campaign import imports
from campaign.models import Gender, Membership, Role, StaffMember, Unit, UnitKind
from tests.campaign.conftest import xlsx_upload
from tests.factories import AgencyFactory, StaffMemberFactory, UnitFactory, staff_user

pytestmark = pytest.mark.django_db

UNIT_HEADER = ["Tên đơn vị", "Loại đơn vị", "Thứ tự", "Email"]
STAFF_HEADER = ["Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Lãnh đạo", "Trực tiếp lao động"]


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def existing_unit(agency):
    return UnitFactory(agency=agency, name="Văn phòng Sở", display_order=2)


@pytest.fixture
def office(existing_unit):
    return staff_user(existing_unit, username="vanphong", full_name="Lê Quốc Cường")


@pytest.fixture
def office_client(client, office):
    Membership.objects.create(user=office, agency=office.staff_member.unit.agency, role=Role.OFFICE)
    client.force_login(office)
    return client


def good_file():
    return xlsx_upload(
        {
            "Đơn vị": [UNIT_HEADER, ["Phòng Quản lý Năng lượng", "Phòng chuyên môn", 7, "nangluong@sct.example.vn"]],
            "Cán bộ": [
                STAFF_HEADER,
                ["Hồ Văn Nghĩa", "Nam", "Trưởng phòng", "Phòng Quản lý Năng lượng", "x", ""],
                ["Dương Thị Kiều Oanh", "Nữ", "Phó Trưởng phòng", "Phòng Quản lý Năng lượng", "x", None],
                ["Huỳnh Văn Tài", "nam", "Lái xe", "Văn phòng Sở", None, "x"],
            ],
        }
    )


def preview_of(agency, upload):
    units, staff, problems = imports.read_workbook(upload)
    return imports.check_rows(agency, units, staff, problems)


def test_a_valid_file_previews_every_row_and_writes_nothing(agency, existing_unit):
    preview = preview_of(agency, good_file())

    assert preview.is_valid
    assert preview.counts() == {"units_new": 1, "units_updated": 0, "staff_new": 3, "staff_updated": 0}
    assert [(s.row, s.full_name, s.action) for s in preview.staff] == [
        (2, "Hồ Văn Nghĩa", "create"),
        (3, "Dương Thị Kiều Oanh", "create"),
        (4, "Huỳnh Văn Tài", "create"),
    ]
    assert Unit.objects.count() == 1 and not StaffMember.objects.exists()


def test_importing_writes_units_and_staff(agency, existing_unit, office):
    Membership.objects.create(user=office, agency=agency, role=Role.OFFICE)
    preview = preview_of(agency, good_file())

    counts = imports.import_rows(agency=agency, payload=preview.payload(), by=office)

    assert counts == {"units_new": 1, "units_updated": 0, "staff_new": 3, "staff_updated": 0}
    energy = Unit.objects.get(name="Phòng Quản lý Năng lượng")
    assert (energy.kind, energy.display_order, energy.email) == (UnitKind.DIVISION, 7, "nangluong@sct.example.vn")
    oanh = StaffMember.objects.get(full_name="Dương Thị Kiều Oanh")
    assert (oanh.unit, oanh.gender, oanh.is_leader, oanh.is_direct_worker) == (energy, Gender.FEMALE, True, False)
    tai = StaffMember.objects.get(full_name="Huỳnh Văn Tài")
    assert (tai.unit, tai.gender, tai.is_direct_worker) == (existing_unit, Gender.MALE, True)


def test_a_person_on_record_is_updated_not_duplicated(agency, existing_unit, office):
    Membership.objects.create(user=office, agency=agency, role=Role.OFFICE)
    StaffMemberFactory(unit=existing_unit, full_name="Huỳnh Văn Tài", position="Bảo vệ")
    preview = preview_of(agency, good_file())

    imports.import_rows(agency=agency, payload=preview.payload(), by=office)

    assert [s.action for s in preview.staff] == ["create", "create", "update"]
    assert StaffMember.objects.filter(full_name="Huỳnh Văn Tài").get().position == "Lái xe"


def test_a_missing_column_is_reported_on_the_header_row(agency, existing_unit):
    upload = xlsx_upload(
        {
            "Đơn vị": [UNIT_HEADER],
            "Cán bộ": [
                ["Họ và tên", "Chức vụ", "Đơn vị", "Lãnh đạo", "Trực tiếp lao động"],
                ["Hồ Văn Nghĩa", "Trưởng phòng", "Văn phòng Sở", "x", ""],
            ],
        }
    )

    preview = preview_of(agency, upload)

    assert [(p.sheet, p.row, p.message) for p in preview.problems] == [
        ("Cán bộ", 1, "Thiếu cột “Giới tính” ở dòng tiêu đề.")
    ]


def test_a_duplicate_person_is_reported_with_both_rows(agency, existing_unit):
    upload = xlsx_upload(
        {
            "Đơn vị": [UNIT_HEADER],
            "Cán bộ": [
                STAFF_HEADER,
                ["Trần Văn Khoa", "Nam", "Trưởng phòng", "Văn phòng Sở", "x", ""],
                ["Lê Văn Hùng", "Nam", "Chuyên viên", "Văn phòng Sở", "", ""],
                ["Trần  Văn Khoa ", "Nam", "Chuyên viên", "Văn phòng Sở", "", ""],
            ],
        }
    )

    preview = preview_of(agency, upload)

    assert [(p.sheet, p.row, p.message) for p in preview.problems] == [
        ("Cán bộ", 4, "Trùng người: “Trần Văn Khoa” đã có ở dòng 2.")
    ]


def test_an_unknown_unit_is_reported_with_its_row(agency, existing_unit):
    upload = xlsx_upload(
        {"Đơn vị": [UNIT_HEADER], "Cán bộ": [STAFF_HEADER, ["Mai Văn Thành", "Nam", "Chuyên viên", "Phòng Không Có", "", ""]]}
    )

    preview = preview_of(agency, upload)

    assert [(p.row, p.message) for p in preview.problems] == [
        (
            2,
            "Không có đơn vị “Phòng Không Có”: đơn vị phải có trong trang “Đơn vị” hoặc đã có trong danh sách đơn vị "
            "của cơ quan.",
        )
    ]


def test_a_bad_gender_value_is_reported_with_its_row(agency, existing_unit):
    upload = xlsx_upload(
        {"Đơn vị": [UNIT_HEADER], "Cán bộ": [STAFF_HEADER, ["", None], ["Ngô Thị Diễm My", "F", "Chuyên viên", "Văn phòng Sở", "", ""]]}
    )

    preview = preview_of(agency, upload)

    # The blank line 2 is skipped; the numbers stay those the office sees in Excel.
    assert [(p.row, p.message) for p in preview.problems] == [
        (3, "Giới tính “F” không hợp lệ: chỉ nhận “Nam” hoặc “Nữ”.")
    ]


def test_errors_anywhere_mean_nothing_is_imported(office_client, agency, existing_unit):
    upload = xlsx_upload(
        {
            "Đơn vị": [UNIT_HEADER, ["Phòng Mới", "Phòng chuyên môn", "", ""]],
            "Cán bộ": [
                STAFF_HEADER,
                ["Người Hợp Lệ", "Nam", "Chuyên viên", "Phòng Mới", "", ""],
                ["Người Sai Giới Tính", "Khác", "Chuyên viên", "Văn phòng Sở", "", ""],
                ["Người Hợp Lệ", "Nam", "Chuyên viên", "Văn phòng Sở", "", ""],
                ["Người Lạ", "Nữ", "Chuyên viên", "Phòng Ma", "có", "không"],
            ],
        }
    )

    response = office_client.post("/nhap-don-vi-can-bo/", {"file": upload})

    html = response.content.decode()
    assert response.status_code == 400
    assert "3 lỗi – chưa nhập dòng nào" in html
    assert "Trang “Cán bộ”, dòng 3: Giới tính “Khác” không hợp lệ" in html
    assert "Trang “Cán bộ”, dòng 4: Trùng người: “Người Hợp Lệ” đã có ở dòng 2." in html
    assert "Trang “Cán bộ”, dòng 5: Không có đơn vị “Phòng Ma”" in html
    assert "import-confirm" not in html
    assert list(Unit.objects.values_list("name", flat=True)) == ["Văn phòng Sở"]
    assert list(StaffMember.objects.values_list("full_name", flat=True)) == ["Lê Quốc Cường"]


def test_preview_then_confirm_in_the_browser(office_client, agency, existing_unit):
    preview = office_client.post("/nhap-don-vi-can-bo/", {"file": good_file()})
    html = preview.content.decode()
    assert preview.status_code == 200 and "1 đơn vị mới · 0 đơn vị cập nhật · 3 cán bộ mới · 0 cán bộ cập nhật" in html
    assert StaffMember.objects.count() == 1
    payload = preview.context["confirm"].initial["payload"]

    done = office_client.post("/nhap-don-vi-can-bo/xac-nhan/", {"payload": payload}, follow=True)

    assert "Đã nhập xong: 1 đơn vị mới, 0 đơn vị cập nhật; 3 cán bộ mới, 0 cán bộ cập nhật." in done.content.decode()
    assert StaffMember.objects.count() == 4


def test_a_tampered_preview_is_refused(office_client, agency, existing_unit):
    payload = signing.dumps({"units": [], "staff": []}, salt="another")

    response = office_client.post("/nhap-don-vi-can-bo/xac-nhan/", {"payload": payload}, follow=True)

    assert "Bản xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại." in response.content.decode()


def test_rows_made_invalid_since_the_preview_are_refused_at_confirmation(office_client, agency, existing_unit):
    payload = office_client.post("/nhap-don-vi-can-bo/", {"file": good_file()}).context["confirm"].initial["payload"]
    StaffMemberFactory(unit=existing_unit, full_name="Hồ Văn Nghĩa")
    StaffMemberFactory(unit=existing_unit, full_name="Hồ Văn Nghĩa")  # now ambiguous

    response = office_client.post("/nhap-don-vi-can-bo/xac-nhan/", {"payload": payload})

    assert response.status_code == 400
    assert "Cơ quan đang có 2 cán bộ cùng họ tên “Hồ Văn Nghĩa”" in response.content.decode()
    assert not Unit.objects.filter(name="Phòng Quản lý Năng lượng").exists()


def test_a_file_that_is_not_excel_is_refused(office_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = office_client.post("/nhap-don-vi-can-bo/", {"file": SimpleUploadedFile("ds.xlsx", b"Ho ten,Gioi tinh\n")})

    assert response.status_code == 400
    assert "Tệp không phải là tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ trang này." in response.content.decode()


def test_the_template_has_the_sheets_and_the_agencys_units(office_client, existing_unit):
    response = office_client.get("/nhap-don-vi-can-bo/mau.xlsx")

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Hướng dẫn", "Đơn vị", "Cán bộ"]
    assert [c.value for c in book["Cán bộ"][1]] == STAFF_HEADER
    assert [c.value for c in book["Đơn vị"][2]] == ["Văn phòng Sở", "Phòng chuyên môn", 2, None]


def test_the_template_round_trips_through_the_import(agency, existing_unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    template = SimpleUploadedFile("mau.xlsx", imports.template_bytes(agency))
    units, staff, problems = imports.read_workbook(template)

    assert problems == [] and [u.name for u in units] == ["Văn phòng Sở"] and staff == []


def test_only_the_office_imports(client, agency, existing_unit):
    clerk = staff_user(existing_unit, username="nhanvien")
    client.force_login(clerk)

    assert client.get("/nhap-don-vi-can-bo/").status_code == 403
    assert client.post("/nhap-don-vi-can-bo/", {"file": good_file()}).status_code == 403
    assert client.get("/nhap-don-vi-can-bo/mau.xlsx").status_code == 403
    with pytest.raises(imports.ImportRefused):
        imports.import_rows(agency=agency, payload={"units": [], "staff": []}, by=clerk)


# Hostile or broken files: a message at the upload field, never a crash -----------------------------------


def rewritten(change) -> SimpleUploadedFile:
    """The good file with each part passed through `change(name, data)`."""
    source = zipfile.ZipFile(io.BytesIO(good_file().read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return SimpleUploadedFile("can-bo.xlsx", out.getvalue())


STAFF_PART = "xl/worksheets/sheet2.xml"
XXE = b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY a "hahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)


def upload_field_errors(response) -> list[str]:
    assert response.status_code == 400
    return response.context["form"].errors["file"]


def test_openpyxl_reads_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_a_truncated_sheet_is_refused_at_the_upload_field(office_client):
    upload = rewritten(lambda name, data: data[: len(data) // 2] if name == STAFF_PART else data)

    response = office_client.post("/nhap-don-vi-can-bo/", {"file": upload})

    assert upload_field_errors(response) == [imports.UNREADABLE]
    assert StaffMember.objects.count() == 1


def test_an_external_entity_in_a_sheet_is_refused_at_the_upload_field(office_client):
    upload = rewritten(
        lambda name, data: (XXE + data).replace("<t>Huỳnh Văn Tài".encode(), b"<t>&secret;", 1) if name == STAFF_PART else data
    )

    response = office_client.post("/nhap-don-vi-can-bo/", {"file": upload})

    assert upload_field_errors(response) == [imports.UNSAFE_XML]
    assert "root:" not in response.content.decode()


def test_billion_laughs_in_the_workbook_part_is_refused_at_the_upload_field(office_client):
    upload = rewritten(lambda name, data: LAUGHS + data if name == "xl/workbook.xml" else data)

    response = office_client.post("/nhap-don-vi-can-bo/", {"file": upload})

    assert upload_field_errors(response) == [imports.UNSAFE_XML]


def test_billion_laughs_in_a_sheet_is_refused_at_the_upload_field(office_client):
    upload = rewritten(
        lambda name, data: (LAUGHS + data).replace("<t>Huỳnh Văn Tài".encode(), b"<t>&d;", 1) if name == STAFF_PART else data
    )

    response = office_client.post("/nhap-don-vi-can-bo/", {"file": upload})

    assert upload_field_errors(response) == [imports.UNSAFE_XML]
