import pytest
import time_machine

from campaign.models import Role
from tests.factories import AgencyFactory, CampaignFactory, UnitFactory, inspector_user, role_user, staff_user
from tests.helpers import vn


@pytest.fixture(autouse=True)
def _frozen():
    """09:00 on 01/11/2023 in Vietnam, the clock standing still (back-off times compared exactly)."""
    with time_machine.travel(vn(2023, 11, 1, 9), tick=False) as traveller:
        yield traveller


@pytest.fixture
def clock(_frozen):
    return _frozen


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="SYT", name="Sở Y tế")


@pytest.fixture
def campaign(agency):
    return CampaignFactory(agency=agency)


@pytest.fixture
def unit(campaign):
    return UnitFactory(agency=campaign.agency, name="Phòng Quản lý Công nghiệp")


@pytest.fixture
def clerk(unit):
    return staff_user(unit, username="donvi.congnghiep")


@pytest.fixture
def office(agency):
    return role_user(Role.OFFICE, username="vanphong", agency=agency)


@pytest.fixture
def inspector(agency):
    return inspector_user(username="thanhtra", agency=agency)


@pytest.fixture
def other_office(other_agency):
    return role_user(Role.OFFICE, username="vanphong.syt", agency=other_agency)
