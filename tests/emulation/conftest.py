"""A 2023 plan with three content items, two units with a clerk each, the office, the inspection board,
settings (persons pledge; pledges lock after 30/06/2023; self-scoring until 15/11/2023) and two criteria."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from campaign.models import ContentItem
from emulation.models import Criterion, EmulationSettings
from tests.factories import (
    AgencyFactory,
    CampaignFactory,
    StaffMemberFactory,
    UnitFactory,
    director_user,
    inspector_user,
    office_user,
    staff_user,
)
from tests.helpers import vn


@pytest.fixture
def plan(db):
    campaign = CampaignFactory(number="57/KH-SCT")
    ContentItem.objects.bulk_create(
        ContentItem(campaign=campaign, number=n, text=f"Nội dung số {n} của Kế hoạch") for n in range(1, 4)
    )
    EmulationSettings.objects.create(campaign=campaign, persons_pledge=True, pledge_lock_date=dt.date(2023, 6, 30),
                                     scoring_deadline=dt.date(2023, 11, 15))
    return campaign


@pytest.fixture
def items(plan):
    return list(ContentItem.objects.filter(campaign=plan).order_by("number"))


@pytest.fixture
def unit_a(plan):
    return UnitFactory(agency=plan.agency, name="Phòng Quản lý Công nghiệp", display_order=1)


@pytest.fixture
def unit_b(plan):
    return UnitFactory(agency=plan.agency, name="Phòng Quản lý Thương mại", display_order=2)


@pytest.fixture
def clerk_a(unit_a):
    return staff_user(unit_a, username="vanthu.a", full_name="Văn thư A")


@pytest.fixture
def clerk_b(unit_b):
    return staff_user(unit_b, username="vanthu.b", full_name="Văn thư B")


@pytest.fixture
def person_a(unit_a):
    return StaffMemberFactory(unit=unit_a, full_name="Nguyễn Thành Đạt")


@pytest.fixture
def office(plan):
    return office_user(username="vanphong", agency=plan.agency)


@pytest.fixture
def director(plan):
    return director_user(username="giamdoc", agency=plan.agency)


@pytest.fixture
def inspector(plan):
    return inspector_user(username="thanhtra", agency=plan.agency)


@pytest.fixture
def other_agency_clerk(db):
    agency = AgencyFactory(code="SYT", name="Sở Y tế")
    return staff_user(UnitFactory(agency=agency, name="Văn phòng Sở Y tế"), username="syt.vanthu")


@pytest.fixture
def criteria(plan, items):
    return [
        Criterion.objects.create(campaign=plan, content_item=items[0], order=1, text="Ban hành kế hoạch",
                                 max_points=Decimal("4")),
        Criterion.objects.create(campaign=plan, content_item=items[1], order=1, text="Có kết quả, minh chứng",
                                 max_points=Decimal("6")),
    ]


@pytest.fixture
def pledging():
    """Inside the pledge window (launch 15/05/2023, lock after 30/06/2023)."""
    with time_machine.travel(vn(2023, 6, 1, 9), tick=False):
        yield


@pytest.fixture
def scoring():
    """Inside the scoring window (after 31/10/2023, until 15/11/2023)."""
    with time_machine.travel(vn(2023, 11, 5, 9), tick=False):
        yield
