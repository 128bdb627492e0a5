"""R5 under real concurrency: threads approving at once on PostgreSQL never exceed the quota."""

import threading

import pytest
from django.db import connection, connections

from awards.models import Approval
from awards.review import services as review
from core.errors import DomainError
from dossiers.models import Nomination
from tests.awards.conftest import make_accepted_dossier

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 24
ROUNDS = 3


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL=postgres://...; CI does)")


def _approve_all_at_once(nominations, office):
    barrier = threading.Barrier(len(nominations))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(nomination):
        try:
            connection.ensure_connection()  # connect first, so every thread starts its work together
            barrier.wait()
            review.approve_nomination(nomination=nomination, by=office)
            result = "ok"
        except DomainError as error:
            result = error.message
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in nominations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_approvals_never_exceed_the_individual_quota(campaign, office, council, meeting, make_pdf):
    nominations = []
    for _ in range(THREADS // 4):
        _, batch = make_accepted_dossier(campaign, office, individuals=4, files=make_pdf)
        nominations.extend(batch)
    for nomination in nominations:
        review.record_votes(
            meeting=meeting, nomination=nomination, votes={m.pk: "agree" for m in council[:6]}, by=office
        )
    assert len(nominations) == THREADS
    for _ in range(ROUNDS):
        Approval.objects.all().delete()
        outcomes = _approve_all_at_once(nominations, office)
        assert len(outcomes) == THREADS
        assert outcomes.count("ok") == 5
        refusals = [o for o in outcomes if o != "ok"]
        assert all(o.startswith("Vượt chỉ tiêu: chỉ tiêu khen thưởng là 05 cá nhân") for o in refusals), refusals
        assert Approval.objects.filter(campaign=campaign, kind="individual").count() == 5


def test_concurrent_approvals_of_one_nomination_make_one_approval(campaign, office, council, meeting, make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    review.record_votes(
        meeting=meeting, nomination=nomination, votes={m.pk: "agree" for m in council[:6]}, by=office
    )
    same = [Nomination.objects.get(pk=nomination.pk) for _ in range(20)]
    outcomes = _approve_all_at_once(same, office)
    assert outcomes.count("ok") == 1
    assert Approval.objects.count() == 1
