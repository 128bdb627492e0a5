"""Calendar days of the plan as instants (DESIGN.md R1).

A plan's "đến hết ngày 31/10/2023" means until 31/10/2023 23:59:59.999999 in Asia/Ho_Chi_Minh,
whatever time zone the server runs in. Every deadline comparison goes through these helpers.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

PLAN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def start_of_day(day: date) -> datetime:
    """The first instant of a calendar day in Vietnam."""
    return datetime.combine(day, time.min, tzinfo=PLAN_TZ)


def end_of_day(day: date) -> datetime:
    """The last instant of a calendar day in Vietnam (inclusive deadlines)."""
    return datetime.combine(day, time.max, tzinfo=PLAN_TZ)


def local_today(now: datetime | None = None) -> date:
    """Today's calendar date in Vietnam."""
    return (now or timezone.now()).astimezone(PLAN_TZ).date()


def is_on_or_before(day: date, now: datetime | None = None) -> bool:
    """True while `now` is not past the end of `day` (Vietnam time)."""
    return (now or timezone.now()) <= end_of_day(day)


def vn_date(day: date) -> str:
    """dd/mm/yyyy, the form every message uses."""
    return day.strftime("%d/%m/%Y")
