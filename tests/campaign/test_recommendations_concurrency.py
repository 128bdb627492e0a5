"""Numbers of the board's recommendations under real concurrency on PostgreSQL: board members filing at
the same moment get consecutive numbers, none twice, none skipped; two answers at once leave one answer."""


import pytest
from django.db import connection

from campaign.models import Recommendation, RecommendationAnswer
from campaign.recommendations import services
from tests.factories import AgencyFactory, director_user, inspector_user
from tests.helpers import all_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; CI does)")


def test_board_members_filing_at_once_get_consecutive_numbers():
    agency = AgencyFactory()
    members = [inspector_user(username=f"thanhtra{i}", agency=agency) for i in range(THREADS)]
    outcomes = all_at_once([
        lambda user=user: services.file_recommendation(agency=agency, by=user, title="Kiến nghị", content="Nội dung")
        for user in members
    ])
    assert outcomes == ["ok"] * THREADS
    assert sorted(Recommendation.objects.values_list("number", flat=True)) == list(range(1, THREADS + 1))


def test_two_answers_at_once_leave_one_answer():
    agency = AgencyFactory()
    recommendation = services.file_recommendation(agency=agency, by=inspector_user(agency=agency), title="Kiến nghị",
                                                  content="Nội dung")
    director = director_user(agency=agency)
    outcomes = all_at_once([
        lambda: services.answer_recommendation(recommendation=recommendation, by=director, decision="accepted",
                                               text="Đồng ý.")
    ] * 4)
    assert outcomes.count("ok") == 1
    assert RecommendationAnswer.objects.count() == 1
