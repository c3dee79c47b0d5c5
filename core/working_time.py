"""Working time and the service-level deadlines of standards.md section 5, as plain Python (no
Django); ``investigations.services.clocks`` applies them to a case's history.

Inputs are aware datetimes and plain numbers; outputs are aware datetimes in Africa/Johannesburg.
Public holidays come from the maintained ``holidays`` library (never a hand-kept list), so
one-off days such as the 2026-11-04 local government elections are known.

Rules, as the standard states them:
- a working day is Monday to Friday and not a South African public holiday (including a Monday
  that replaces a holiday falling on a Sunday);
- a complaint received on a non-working day, or at or after 16:00 on a working day, counts as
  received on the next working day; day N is the N-th working day after that day and the
  deadline is the end of day N (23:59:59 local);
- each working day that begins and ends on hold moves the final-response deadline one working
  day later; the acknowledgement deadline never moves;
- a reopened case gets a new final-response deadline counted from the reopening.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

TZ = ZoneInfo("Africa/Johannesburg")
CUT_OFF = dt.time(16, 0)
END_OF_DAY = dt.time(23, 59, 59)


@lru_cache(maxsize=64)
def _za_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ZA", years=[year])


def holiday_name(day: dt.date) -> str | None:
    """The public holiday on ``day`` (observed Mondays included), or None."""
    return _za_holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after ``day`` (n >= 0; n == 0 gives ``day`` itself)."""
    if n < 0:
        raise ValueError("n must not be negative")
    for _ in range(n):
        day = next_working_day(day)
    return day


def local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("the clock needs aware datetimes")
    return moment.astimezone(TZ)


def counted_received_day(received_at: dt.datetime) -> dt.date:
    """The working day a complaint counts as received on (the cut-off and weekend rule)."""
    moment = local(received_at)
    day = moment.date()
    if is_working_day(day) and moment.time() < CUT_OFF:
        return day
    return next_working_day(day)


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=TZ)


def working_days_fully_on_hold(
    start: dt.datetime, end: dt.datetime, *, after: dt.date | None = None
) -> list[dt.date]:
    """Working days that begin and end inside the hold [start, end).

    A day D counts when start <= D 00:00 and end >= D+1 00:00 (local). ``after`` ignores days on
    or before it (holds before a reopening do not move the reopened deadline).
    """
    start_l, end_l = local(start), local(end)
    first = start_l.date()
    if start_l.timetz().replace(tzinfo=None) != dt.time(0, 0):
        first += dt.timedelta(days=1)
    days = []
    day = first
    while dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=TZ) <= end_l:
        if is_working_day(day) and (after is None or day > after):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@dataclass(frozen=True)
class Hold:
    start: dt.datetime
    end: dt.datetime | None = None  # None: still on hold


@dataclass(frozen=True)
class Deadlines:
    counted_received_day: dt.date
    acknowledge_due: dt.datetime
    response_due: dt.datetime
    response_clock_start: dt.datetime  # received, or the last reopening
    response_paused: bool  # on hold now: the response deadline moves while the hold lasts
    hold_days: tuple[dt.date, ...] = field(default=())


def compute_deadlines(
    *,
    received_at: dt.datetime,
    acknowledge_days: int,
    response_days: int,
    holds: list[Hold] | tuple[Hold, ...] = (),
    reopened_at: dt.datetime | None = None,
) -> Deadlines:
    """Both deadlines of a case from its history. Pure: same inputs, same answer.

    Holds still open add nothing yet (their days are only known when the hold ends) and set
    ``response_paused``. Holds that ended before the last reopening are ignored for the response
    deadline, which is counted afresh from the reopening.
    """
    received_day = counted_received_day(received_at)
    acknowledge_due = end_of_day(add_working_days(received_day, acknowledge_days))
    clock_start = reopened_at or received_at
    start_day = counted_received_day(clock_start)
    base = add_working_days(start_day, response_days)
    hold_days: list[dt.date] = []
    paused = False
    for hold in holds:
        if hold.end is None:
            paused = True
            continue
        if hold.end <= clock_start:
            continue
        begin = max(hold.start, clock_start)
        hold_days.extend(working_days_fully_on_hold(begin, hold.end, after=start_day))
    unique_days = tuple(sorted(set(hold_days)))
    due_day = add_working_days(base, len(unique_days))
    return Deadlines(
        counted_received_day=received_day,
        acknowledge_due=acknowledge_due,
        response_due=end_of_day(due_day),
        response_clock_start=clock_start,
        response_paused=paused,
        hold_days=unique_days,
    )


def threshold_at(start: dt.datetime, due: dt.datetime, fraction: float) -> dt.datetime:
    """The moment ``fraction`` of the time from ``start`` to ``due`` has passed (wall clock)."""
    return start + (due - start) * fraction


# ---- working time used (for the 50 % and 75 % warnings) ----
#
# The standard counts day 1 as the first working day after the day a complaint counts as
# received, and the deadline is the end of day N. So the working time of a deadline runs from
# the start of day 1 to the end of the due day, counting only whole working days that are not
# on hold (weekends, public holidays and the days that moved the deadline are skipped), each
# day 24 hours of working time. The response deadline therefore always spans exactly N working
# days, however many holidays and holds lie in between, and 50 % of a 10-day deadline is reached
# at the end of the fifth such day, 75 % at noon of the eighth.

DAY = dt.timedelta(days=1)


def _counted_days(start_day: dt.date, skip: frozenset[dt.date]):
    """Working days after ``start_day`` that are not in ``skip``, in order."""
    day = start_day
    while True:
        day = next_working_day(day)
        if day not in skip:
            yield day


def working_time_total(
    start_day: dt.date, due: dt.datetime, skip: tuple[dt.date, ...] | frozenset = ()
) -> int:
    """Counted working days from after ``start_day`` up to and including the due day."""
    due_day, skip = local(due).date(), frozenset(skip)
    for total, day in enumerate(_counted_days(start_day, skip)):
        if day > due_day:
            return total
    raise AssertionError("unreachable")  # pragma: no cover


def working_threshold_at(
    start_day: dt.date,
    due: dt.datetime,
    fraction: float,
    skip: tuple[dt.date, ...] | frozenset = (),
) -> dt.datetime:
    """The moment ``fraction`` (0 < fraction < 1) of the deadline's working time has been used:
    the working time runs only on counted days (see above). Exact for whole and half days."""
    if not 0 < fraction < 1:
        raise ValueError("fraction must be between 0 and 1 (the breach is the due moment)")
    skip = frozenset(skip)
    target = working_time_total(start_day, due, skip) * fraction
    used = 0.0
    for day in _counted_days(start_day, skip):
        if used + 1 >= target:
            begin = dt.datetime.combine(day, dt.time(0, 0), tzinfo=TZ)
            return begin + DAY * (target - used)
        used += 1
    raise AssertionError("unreachable")  # pragma: no cover


def working_fraction_used(
    start_day: dt.date,
    due: dt.datetime,
    now: dt.datetime,
    skip: tuple[dt.date, ...] | frozenset = (),
) -> float:
    """The fraction of the deadline's working time used by ``now`` (may exceed 1 when late)."""
    skip = frozenset(skip)
    total = working_time_total(start_day, due, skip)
    if total == 0:
        return 1.0
    now_l = local(now)
    used = 0.0
    for day in _counted_days(start_day, skip):
        begin = dt.datetime.combine(day, dt.time(0, 0), tzinfo=TZ)
        if begin >= now_l:
            break
        used += min(1.0, (now_l - begin) / DAY)
    return used / total


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days d with start < d <= end (0 when end <= start), by arithmetic on whole weeks
    and the holiday calendar, not a walk over every day (a list of old cases asks this often)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5
    count += sum((start.weekday() + i) % 7 < 5 for i in range(1, rest + 1))
    for year in range(start.year, end.year + 1):
        count -= sum(1 for day in _za_holidays(year) if start < day <= end and day.weekday() < 5)
    return count


def working_days_left(now: dt.datetime, due: dt.datetime) -> int:
    """Working days from today (exclusive) to the due day (inclusive); negative when overdue."""
    today, due_day = local(now).date(), local(due).date()
    if due_day >= today:
        return working_days_between(today, due_day)
    return -working_days_between(due_day, today)
