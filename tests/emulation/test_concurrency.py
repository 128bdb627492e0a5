"""One pledge per unit and one score per unit and criterion, under real concurrency on PostgreSQL:
threads registering at once end with one row each and no server error."""

import threading

import pytest
from django.db import connection, connections

from emulation import services
from emulation.models import Pledge, PledgeTitle, Score
from tests.helpers import vn

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL=postgres://...; CI does)")


def _all_at_once(work) -> list[str]:
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(index):
        try:
            connection.ensure_connection()
            barrier.wait()
            work(index)
            result = "ok"
        except services.DomainError as error:
            result = error.message
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_registrations_keep_one_pledge_per_unit(plan, unit_a, clerk_a):
    titles = [PledgeTitle.EXCELLENT_COLLECTIVE, PledgeTitle.ADVANCED_COLLECTIVE]
    outcomes = _all_at_once(lambda i: services.save_pledge(campaign=plan, unit=unit_a, by=clerk_a, title=titles[i % 2],
                                                           now=vn(2023, 6, 1, 9)))
    assert outcomes == ["ok"] * THREADS  # each waits for the unit's lock, then updates
    assert Pledge.objects.filter(campaign=plan, unit=unit_a).count() == 1


def test_concurrent_self_scores_keep_one_score_per_criterion(criteria, unit_a, clerk_a):
    outcomes = _all_at_once(lambda i: services.save_score(criterion=criteria[0], unit=unit_a, by=clerk_a,
                                                          points=str(i % 5), evidence_text="x", now=vn(2023, 11, 5, 9)))
    assert set(outcomes) <= {"ok", "Điểm tiêu chí này vừa được lưu bởi người khác; hãy tải lại trang."}
    assert Score.objects.filter(criterion=criteria[0], unit=unit_a).count() == 1
