"""Who opened a published decision is recorded once per person, under real concurrency on PostgreSQL:
the same person opening it from many tabs at once leaves one row, with the first time."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from awards.models import AwardDecision, DecisionNotice, NoticeView
from awards.notices import services as notices
from tests.factories import CampaignFactory, UnitFactory, office_user, staff_user
from tests.helpers import vn

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 16


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; CI does)")


def _notice():
    campaign = CampaignFactory()
    office = office_user(username="vanphong", agency=campaign.agency)
    decision = AwardDecision.objects.create(
        agency=campaign.agency, campaign=campaign, signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng",
        signer_title="Giám đốc", subject="Về việc tặng Giấy khen", recipients="Như Điều 3;", created_by=office,
    )
    return DecisionNotice.objects.create(
        decision=decision, due_on=dt.date(2023, 12, 1), published_at=vn(2023, 11, 24, 9),
        published_on=dt.date(2023, 11, 24), ends_on=dt.date(2023, 12, 14), published_by=office,
    ), office


def _all_at_once(calls):
    barrier = threading.Barrier(len(calls))
    failures: list[str] = []

    def attempt(call):
        try:
            connection.ensure_connection()
            barrier.wait()
            call()
        except Exception as error:  # noqa: BLE001 (any failure is the test's answer)
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures


def test_one_person_opening_from_many_tabs_is_recorded_once():
    notice, _ = _notice()
    reader = staff_user(UnitFactory(agency=notice.decision.agency, name="Phòng Quản lý Công nghiệp"), username="cb")
    failures = _all_at_once([lambda i=i: notices.record_opening(notice=notice, user=reader,
                                                                  now=vn(2023, 11, 25, 9, 0, i))
                             for i in range(THREADS)])
    assert failures == []
    assert NoticeView.objects.filter(notice=notice, user=reader).count() == 1


def test_many_people_opening_together_are_all_recorded():
    notice, _ = _notice()
    unit = UnitFactory(agency=notice.decision.agency, name="Phòng Quản lý Công nghiệp")
    readers = [staff_user(unit, username=f"cb{i}") for i in range(THREADS)]
    failures = _all_at_once([lambda r=r: notices.record_opening(notice=notice, user=r) for r in readers])
    assert failures == []
    assert NoticeView.objects.filter(notice=notice).count() == THREADS


def test_extensions_at_the_same_time_never_go_below_the_floor():
    notice, office = _notice()
    ends = [dt.date(2023, 12, 14) + dt.timedelta(days=i) for i in range(-4, THREADS - 4)]
    failures = _all_at_once([lambda d=d: notices.extend_notice(notice=notice, until=d, by=office) for d in ends])
    assert len(failures) == 4  # the four dates before 14/12/2023 are refused
    assert DecisionNotice.objects.get().ends_on >= dt.date(2023, 12, 14)
