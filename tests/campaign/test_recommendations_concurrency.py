"""Numbers of the board's recommendations under real concurrency on PostgreSQL: board members filing at
the same moment get consecutive numbers, none twice, none skipped; two answers at once leave one answer."""

import threading

import pytest
from django.db import connection, connections

from campaign.models import Recommendation, RecommendationAnswer
from campaign.recommendations import services
from core.errors import DomainError
from tests.factories import AgencyFactory, director_user, inspector_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; CI does)")


def _all_at_once(calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(call):
        try:
            connection.ensure_connection()
            barrier.wait()
            call()
            result = "ok"
        except DomainError as error:
            result = error.message
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_board_members_filing_at_once_get_consecutive_numbers():
    agency = AgencyFactory()
    members = [inspector_user(username=f"thanhtra{i}", agency=agency) for i in range(THREADS)]
    outcomes = _all_at_once([
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
    outcomes = _all_at_once([
        lambda: services.answer_recommendation(recommendation=recommendation, by=director, decision="accepted",
                                               text="Đồng ý.")
    ] * 4)
    assert outcomes.count("ok") == 1
    assert RecommendationAnswer.objects.count() == 1
