"""Working days of an agency (Law 10/2022 on grassroots democracy counts its deadlines in working days).

A working day is a day that is none of:
- a Saturday or a Sunday, unless the government made it a working day in exchange for a day off
  (e.g. Saturday 04/05/2024 worked for Monday 29/04/2024);
- a public holiday of Vietnam as the `holidays` package knows it (Tết and its official days off,
  30/04, 01/05, 02/09, Giỗ Tổ Hùng Vương, New Year and their compensatory days);
- a day the agency's office added (`NonWorkingDay`): a day off the government or the province decided
  that the package does not know yet, or a local closure.

Every deadline counted in working days goes through these functions: the comment window of the proposed
list before signing and the publication of a signed decision.
"""

from datetime import date, timedelta
from functools import lru_cache

from .models import Agency, NonWorkingDay

# Beyond this many calendar days a count of working days is a mistake, not a calendar.
_MAX_SPAN_DAYS = 3660


@lru_cache(maxsize=64)
def _national(year: int):
    """The package's holidays of Vietnam in `year` (imported here, when a date is first counted)."""
    import holidays

    return holidays.country_holidays("VN", years=year)


def public_holiday(day: date) -> str:
    """The name of the public holiday on `day` (English, as the package gives it), or ""."""
    return _national(day.year).get(day) or ""


def is_national_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday, or a weekend day the government made a working day."""
    calendar = _national(day.year)
    if day in calendar.weekend_workdays:
        return True
    return day.weekday() < 5 and day not in calendar


def _agency_id(agency: Agency | int | None) -> int | None:
    return agency.pk if isinstance(agency, Agency) else agency


def added_days(agency: Agency | int | None, start: date, end: date) -> set[date]:
    """The days the agency's office added as non-working between `start` and `end` inclusive (one query)."""
    agency_id = _agency_id(agency)
    if agency_id is None:
        return set()
    return set(
        NonWorkingDay.objects.filter(agency_id=agency_id, date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def add_working_days(agency: Agency | int | None, start: date, n: int) -> date:
    """The `n`-th working day after `start` (`start` itself not counted); `n` = 0 gives `start`."""
    if n < 0:
        raise ValueError("n must not be negative")
    # Enough calendar days for n working days even around Tết (a week off) and added days, in one query.
    horizon = start + timedelta(days=min(_MAX_SPAN_DAYS, n * 2 + 30))
    closed = added_days(agency, start, horizon)
    current = start
    remaining = n
    while remaining > 0:
        current += timedelta(days=1)
        if current > horizon:
            horizon = current + timedelta(days=n * 2 + 30)
            closed |= added_days(agency, current, horizon)
        if is_national_working_day(current) and current not in closed:
            remaining -= 1
    return current


def working_days_between(agency: Agency | int | None, start: date, end: date) -> int:
    """How many working days fall after `start` up to and including `end` (0 when `end` <= `start`):
    the count that `add_working_days(agency, start, n)` walks, so `working_days_between(a, s,
    add_working_days(a, s, n)) == n`."""
    if end <= start:
        return 0
    if (end - start).days > _MAX_SPAN_DAYS:
        raise ValueError("span too long")
    closed = added_days(agency, start + timedelta(days=1), end)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_national_working_day(current) and current not in closed:
            count += 1
    return count


def is_working_day(agency: Agency | int | None, day: date) -> bool:
    return is_national_working_day(day) and day not in added_days(agency, day, day)
