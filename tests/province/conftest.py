import datetime as dt

import pytest
import time_machine

from awards.issuing import services as issuing
from campaign.models import Gender
from tests.awards.conftest import (  # noqa: F401 (fixtures)
    AFTER_PUBLICATION,
    UNIT_A,
    UNIT_B,
    _after_the_cutoff,
    build_approved_list,
    campaign,
    council,
    director,
    office,
)
from tests.factories import allocate, committee_user

PEOPLE = (
    (UNIT_A, "Nguyễn Thành Đạt", Gender.MALE, "Chuyên viên"),
    (UNIT_B, "Phạm Thị Thúy Vy", Gender.FEMALE, "Viên chức"),
)


@pytest.fixture
def committee(db):
    return committee_user(username="bcd.tinh")


@pytest.fixture
def provincial(campaign, office, council, make_pdf):  # noqa: F811 (fixtures from tests.awards.conftest)
    """Two collectives and two individuals approved at provincial level within an allocation of 2 + 2."""
    allocation = allocate(campaign, collectives=2, individuals=2)
    units, staff, _ = build_approved_list(campaign, office, council, make_pdf, people=PEOPLE, level="provincial")
    return allocation, units, staff


@pytest.fixture
def signed_proposal(provincial, campaign, office, director):  # noqa: F811
    proposal = issuing.create_proposal(campaign=campaign, by=office, number="45/TTr-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    with time_machine.travel(AFTER_PUBLICATION, tick=True):
        return issuing.sign_proposal(proposal=proposal, by=director, now=AFTER_PUBLICATION)
