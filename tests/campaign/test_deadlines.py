import datetime as dt

import pytest

from core.time import end_of_day, is_on_or_before, local_today, start_of_day
from tests.factories import CampaignFactory
from tests.helpers import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return CampaignFactory.build()


def test_end_of_day_is_the_last_instant_in_vietnam():
    assert end_of_day(dt.date(2023, 10, 31)) == vn(2023, 10, 31, 23, 59, 59, 999999)
    assert end_of_day(dt.date(2023, 10, 31)).utcoffset() == dt.timedelta(hours=7)


def test_start_of_day():
    assert start_of_day(dt.date(2023, 5, 15)) == vn(2023, 5, 15)


def test_emulation_period_includes_the_last_second_of_31_october(campaign):
    assert campaign.is_emulation_open(vn(2023, 10, 31, 23, 59, 59)) is True
    assert campaign.is_emulation_open(vn(2023, 11, 1, 0, 0, 0)) is False
    assert campaign.is_emulation_over(vn(2023, 11, 1, 0, 0, 0)) is True


def test_emulation_period_starts_on_the_launch_day(campaign):
    assert campaign.is_emulation_open(vn(2023, 5, 14, 23, 59, 59)) is False
    assert campaign.is_emulation_open(vn(2023, 5, 15, 0, 0, 0)) is True


def test_submission_cutoff_boundary(campaign):
    assert campaign.is_submission_open(vn(2023, 11, 10, 23, 59, 59)) is True
    assert campaign.is_submission_open(vn(2023, 11, 11, 0, 0, 0)) is False


@pytest.mark.parametrize("server_zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_deadlines_do_not_depend_on_the_server_time_zone(settings, campaign, server_zone):
    settings.TIME_ZONE = server_zone
    # 31/10/2023 16:59:59 UTC is 23:59:59 in Vietnam; one second later it is 01/11.
    assert campaign.is_emulation_open(dt.datetime(2023, 10, 31, 16, 59, 59, tzinfo=dt.UTC)) is True
    assert campaign.is_emulation_open(dt.datetime(2023, 10, 31, 17, 0, 0, tzinfo=dt.UTC)) is False
    assert is_on_or_before(dt.date(2023, 11, 10), dt.datetime(2023, 11, 10, 17, 0, 0, tzinfo=dt.UTC)) is False


def test_local_today_is_the_vietnamese_calendar_day():
    assert local_today(dt.datetime(2023, 10, 31, 18, 0, tzinfo=dt.UTC)) == dt.date(2023, 11, 1)
