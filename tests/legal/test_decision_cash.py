"""Cash of a Giấy khen from the law on the decision's date (R11): the amounts stored with each award and
printed in Điều 2 follow the base salary in force on the decision's date, not the plan."""

import datetime as dt

import pytest
import time_machine

from awards.issuing import services as issuing
from awards.issuing.pdf import decision_context
from campaign.models import Board, BoardKind, BoardMembership
from tests.awards.conftest import AFTER_EMULATION, build_approved_list
from tests.factories import CampaignFactory, StaffMemberFactory, UnitFactory, director_user, office_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(make_pdf):
    with time_machine.travel(AFTER_EMULATION, tick=True):
        campaign = CampaignFactory()
        office = office_user(username="vanphong")
        board = Board.objects.create(agency=campaign.agency, kind=BoardKind.COUNCIL, name="Hội đồng")
        unit = UnitFactory(agency=campaign.agency, name="Ban Giám đốc Sở", display_order=0)
        council = [StaffMemberFactory(unit=unit, full_name=f"Thành viên {i}") for i in range(1, 8)]
        for member in council:
            BoardMembership.objects.create(board=board, staff=member)
        build_approved_list(campaign, office, council, make_pdf)
        return issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")


def _amounts(decision, day):
    decision.signing_date = day
    awards = issuing.build_awards(decision)
    return sorted({(award.kind, award.amount) for award in awards})


@pytest.mark.parametrize(
    ("day", "collective", "individual"),
    [
        (dt.date(2023, 11, 24), 1_080_000, 540_000),
        (dt.date(2024, 6, 30), 1_080_000, 540_000),
        (dt.date(2024, 7, 1), 1_410_000, 710_000),
    ],
)
def test_each_award_takes_the_cash_of_the_decisions_date(decision, day, collective, individual):
    assert _amounts(decision, day) == [("collective", collective), ("individual", individual)]
    context = decision_context(decision, issuing.build_awards(decision))
    assert (context["collective_amount"], context["individual_amount"]) == (
        f"{collective:,}".replace(",", "."), f"{individual:,}".replace(",", ".")
    )


def test_a_signed_decision_keeps_the_amounts_of_its_date(decision):
    signed = issuing.sign_decision(
        decision=decision, by=director_user(username="giamdoc"), now=dt.datetime(2023, 11, 24, 2, tzinfo=dt.UTC)
    )
    assert sorted(set(signed.awards.values_list("kind", "amount"))) == [
        ("collective", 1_080_000), ("individual", 540_000),
    ]
