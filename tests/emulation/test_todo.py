""""Việc cần làm" from emulation: the unit's pledge while the plan takes pledges, its criteria not yet scored
while self-scoring is open, with the windows of emulation/services.py (the office's dates, or the defaults);
nobody else's work; one query whatever the number of plans and criteria."""

import datetime as dt

import pytest
from django.urls import reverse

from campaign import todo
from emulation import services
from emulation.models import EmulationSettings
from emulation.todo import unit_tasks
from tests.factories import CampaignFactory
from tests.helpers import vn

pytestmark = pytest.mark.django_db

PLEDGING = vn(2023, 6, 1, 9)  # launch 15/05/2023, pledges lock after 30/06/2023
SCORING = vn(2023, 11, 5, 9)  # emulation ends 31/10/2023, self-scoring until 15/11/2023


def lines(user, now) -> dict[str, todo.Todo]:
    return {item.key: item for item in todo.compute(user, now) if item.key.startswith("emulation.")}


def test_the_unit_is_asked_for_its_pledge_until_it_registers_it_or_the_window_closes(plan, unit_a, clerk_a):
    line = lines(clerk_a, PLEDGING)[f"emulation.pledge.{plan.pk}"]
    assert line.label == "Đăng ký thi đua của đơn vị theo Kế hoạch số 57/KH-SCT"
    assert line.count == 1
    assert line.url == reverse("emulation:pledges", args=[plan.pk])
    assert line.note == "hạn đăng ký 30/06/2023 (còn 29 ngày)"
    assert not line.urgent
    assert lines(clerk_a, vn(2023, 6, 29, 9))[f"emulation.pledge.{plan.pk}"].urgent
    assert lines(clerk_a, vn(2023, 5, 14, 9)) == {}  # not launched yet
    assert lines(clerk_a, vn(2023, 7, 1, 9)) == {}  # locked

    services.save_pledge(campaign=plan, unit=unit_a, by=clerk_a, title="excellent_collective", now=PLEDGING)

    assert lines(clerk_a, PLEDGING) == {}


def test_criteria_not_yet_scored_are_counted_while_self_scoring_is_open(plan, unit_a, clerk_a, criteria):
    key = f"emulation.scores.{plan.pk}"
    assert key not in lines(clerk_a, PLEDGING)  # not before the emulation period ends
    line = lines(clerk_a, SCORING)[key]
    assert line.label == "Tiêu chí thi đua của Kế hoạch số 57/KH-SCT đơn vị chưa tự chấm điểm"
    assert line.count == 2
    assert line.url == reverse("emulation:scores", args=[plan.pk])
    assert line.note == "hạn tự chấm điểm 15/11/2023 (còn 10 ngày)"

    services.save_score(criterion=criteria[0], unit=unit_a, by=clerk_a, points="3", evidence_text="Kế hoạch số 12",
                        now=SCORING)

    assert lines(clerk_a, SCORING)[key].count == 1
    assert key not in lines(clerk_a, vn(2023, 11, 16, 9))  # the deadline has passed


def test_without_the_offices_dates_the_defaults_apply(unit_a, clerk_a):
    plan = CampaignFactory(number="58/KH-SCT", agency=unit_a.agency)
    EmulationSettings.objects.filter(campaign=plan).delete()
    # Pledges lock with the emulation period (31/10/2023).
    assert lines(clerk_a, vn(2023, 10, 31, 9))[f"emulation.pledge.{plan.pk}"].note == \
        "hạn đăng ký 31/10/2023 (hết hạn hôm nay)"
    assert f"emulation.pledge.{plan.pk}" not in lines(clerk_a, vn(2023, 11, 1, 9))


def test_another_units_pledge_is_not_this_units_and_others_are_not_asked(
    plan, unit_a, unit_b, clerk_a, clerk_b, office, inspector, other_agency_clerk, criteria
):
    services.save_pledge(campaign=plan, unit=unit_b, by=clerk_b, title="excellent_collective", now=PLEDGING)

    assert f"emulation.pledge.{plan.pk}" in lines(clerk_a, PLEDGING)
    assert lines(clerk_b, PLEDGING) == {}
    for person in (office, inspector, other_agency_clerk):
        assert lines(person, PLEDGING) == {} and lines(person, SCORING) == {}, person.username


def test_one_query_whatever_the_number_of_plans(plan, unit_a, clerk_a, criteria, django_assert_num_queries):
    unit_tasks(clerk_a, SCORING)  # who the person is (campaign/rules.py's standing) is read once per request
    with django_assert_num_queries(1):
        assert len(unit_tasks(clerk_a, SCORING)) == 1
    for number in range(3):
        CampaignFactory(number=f"{60 + number}/KH-SCT", agency=unit_a.agency, launch_date=dt.date(2023, 5, 15))
    with django_assert_num_queries(1):
        assert len(unit_tasks(clerk_a, SCORING)) == 1  # the new plans' pledge windows closed with their period


@pytest.mark.parametrize("submission_deadline", [dt.date(2023, 11, 10), dt.date(2023, 11, 1), dt.date(2023, 10, 31)])
def test_the_sql_windows_are_the_services_windows(plan, submission_deadline):
    """One rule in two forms: settings_for() for one plan, pledge_lock_sql()/scoring_deadline_sql() for many."""
    from campaign.models import Campaign

    default = CampaignFactory(number="59/KH-SCT", agency=plan.agency, submission_deadline=submission_deadline)
    EmulationSettings.objects.filter(campaign=default).delete()

    read = Campaign.objects.annotate(lock=services.pledge_lock_sql(), deadline=services.scoring_deadline_sql())
    for campaign in (plan, default):
        row = read.get(pk=campaign.pk)
        expected = services.settings_for(Campaign.objects.get(pk=campaign.pk))
        assert (row.lock, row.deadline) == (expected.pledge_lock_date, expected.scoring_deadline)
