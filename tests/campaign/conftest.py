"""Fixtures for the pages that run a campaign (acknowledgements, progress, dashboard, supervision).

Nothing here is autouse: the other campaign tests keep their own clock and data.
"""

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from campaign.models import ContentItem
from tests.factories import (
    CampaignFactory,
    UnitFactory,
    director_user,
    inspector_user,
    office_user,
    staff_user,
)
from tests.helpers import vn


@pytest.fixture
def during_emulation():
    """09:00 on 20/10/2023: inside the 2023 plan's emulation period (until 31/10/2023)."""
    with time_machine.travel(vn(2023, 10, 20, 9), tick=False):
        yield


@pytest.fixture
def plan(db):
    """The 2023 plan with its nine content items."""
    campaign = CampaignFactory(number="57/KH-SCT")
    ContentItem.objects.bulk_create(
        ContentItem(campaign=campaign, number=n, text=f"Nội dung số {n} của Kế hoạch") for n in range(1, 10)
    )
    return campaign


@pytest.fixture
def items(plan):
    return {item.number: item for item in plan.content_items.all()}


@pytest.fixture
def unit(plan):
    return UnitFactory(agency=plan.agency, name="Phòng Quản lý Công nghiệp")


@pytest.fixture
def other_unit(plan):
    return UnitFactory(agency=plan.agency, name="Phòng Quản lý Thương mại")


@pytest.fixture
def leader(unit):
    return staff_user(unit, username="khoa", full_name="Trần Văn Khoa", position="Trưởng phòng", is_leader=True)


@pytest.fixture
def member(unit):
    return staff_user(unit, username="dat", full_name="Nguyễn Thành Đạt", position="Chuyên viên")


@pytest.fixture
def outsider(other_unit):
    return staff_user(other_unit, username="han", full_name="Bùi Thị Ngọc Hân", position="Trưởng phòng", is_leader=True)


@pytest.fixture
def office(db):
    return office_user(username="vanphong")


@pytest.fixture
def director(db):
    return director_user(username="giamdoc")


@pytest.fixture
def inspector(db):
    return inspector_user(username="thanhtra")


def xlsx_upload(sheets: dict[str, list[list]], name: str = "can-bo.xlsx") -> SimpleUploadedFile:
    """A spreadsheet with the given sheets (first row: headers), as the office would upload it."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
