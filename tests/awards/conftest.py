import datetime as dt

import pytest
import time_machine

from campaign.models import Board, BoardKind, BoardMembership, Gender
from dossiers import services as dossier_services
from dossiers.models import DocumentKind, NomineeKind
from tests.factories import CampaignFactory, StaffMemberFactory, UnitFactory, office_user, staff_user
from tests.helpers import vn

AFTER_EMULATION = vn(2023, 11, 13, 9)


@pytest.fixture(autouse=True)
def _after_the_cutoff():
    """Review happens after the emulation period: 13/11/2023 09:00, after the 10/11 cutoff too."""
    with time_machine.travel(AFTER_EMULATION, tick=True):
        yield


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def office(db):
    return office_user(username="vanphong")


@pytest.fixture
def council(campaign):
    """Seven council members."""
    board = Board.objects.create(agency=campaign.agency, kind=BoardKind.COUNCIL, name="Hội đồng Thi đua - Khen thưởng")
    unit = UnitFactory(agency=campaign.agency, name="Ban Giám đốc Sở", display_order=0)
    members = [StaffMemberFactory(unit=unit, full_name=f"Thành viên {i}") for i in range(1, 8)]
    for member in members:
        BoardMembership.objects.create(board=board, staff=member)
    return members


def make_accepted_dossier(campaign, office, *, unit=None, level="grassroots", individuals=1, collective=False, files):
    """A unit's dossier, submitted before the cutoff and accepted by the office."""
    unit = unit or UnitFactory(agency=campaign.agency)
    clerk = staff_user(unit)
    with time_machine.travel(vn(2023, 11, 2, 9), tick=True):
        dossier = dossier_services.create_dossier(campaign=campaign, unit=unit, level=level, by=clerk)
        dossier_services.upload_document(dossier=dossier, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=files())
        dossier_services.upload_document(dossier=dossier, by=clerk, kind=DocumentKind.MEETING_MINUTES, upload=files())
        nominations = []
        if collective:
            nominations.append(dossier_services.add_nomination(
                dossier=dossier, by=clerk, kind=NomineeKind.COLLECTIVE, achievement_summary="Tập thể tiêu biểu",
                report=files(),
            ))
        for index in range(individuals):
            person = StaffMemberFactory(unit=unit, full_name=f"Cá nhân {unit.pk}-{index}",
                                        gender=Gender.FEMALE if index % 2 else Gender.MALE)
            nominations.append(dossier_services.add_nomination(
                dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=person,
                achievement_summary="Hoàn thành xuất sắc", report=files(),
            ))
        dossier_services.submit_dossier(dossier=dossier, by=clerk)
    dossier_services.accept_dossier(dossier=dossier, by=office)
    return dossier, nominations


@pytest.fixture
def accepted(campaign, office, make_pdf):
    return make_accepted_dossier


@pytest.fixture
def meeting(campaign, council, office):
    from awards import services

    return services.create_meeting(
        campaign=campaign, level="grassroots", held_on=dt.date(2023, 11, 13), present=council[:6], by=office
    )
