import pytest
import time_machine

from campaign.models import Gender
from dossiers import services
from dossiers.models import DocumentKind, NomineeKind
from tests.factories import CampaignFactory, StaffMemberFactory, UnitFactory, staff_user
from tests.helpers import vn


@pytest.fixture(autouse=True)
def _during_the_campaign():
    """Unless a test says otherwise, it runs at 09:00 on 01/11/2023: the emulation period is over, submissions are open."""
    with time_machine.travel(vn(2023, 11, 1, 9), tick=True):
        yield


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def unit(campaign):
    return UnitFactory(agency=campaign.agency, name="Phòng Quản lý Công nghiệp")


@pytest.fixture
def other_unit(campaign):
    return UnitFactory(agency=campaign.agency, name="Phòng Quản lý Thương mại")


@pytest.fixture
def clerk(unit):
    return staff_user(unit, username="vanthu.cn", full_name="Trần Thị Thu", gender=Gender.FEMALE)


@pytest.fixture
def colleague(unit):
    return StaffMemberFactory(unit=unit, full_name="Lê Văn Hùng", position="Chuyên viên")


@pytest.fixture
def draft(campaign, unit, clerk):
    return services.create_dossier(campaign=campaign, unit=unit, level="grassroots", by=clerk)


@pytest.fixture
def complete_draft(draft, clerk, colleague, make_pdf):
    """A grassroots draft with everything the plan requires."""
    services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf("cv.pdf"))
    services.upload_document(
        dossier=draft, by=clerk, kind=DocumentKind.MEETING_MINUTES, upload=make_pdf("bien-ban.pdf")
    )
    services.add_nomination(
        dossier=draft,
        by=clerk,
        kind=NomineeKind.INDIVIDUAL,
        staff=colleague,
        achievement_summary="Hoàn thành xuất sắc nhiệm vụ.",
        report=make_pdf("bao-cao.pdf"),
    )
    return draft
