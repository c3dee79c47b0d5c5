"""core/working_time.py, the service-level clock, against standards.md section 5: the
worked example and a table of hand-checked deadlines (each row was counted on a calendar by
hand; see the comments)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import working_time

TZ = working_time.TZ


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_worked_example_of_the_standard():
    # Received Friday 2026-12-11 10:00 from a councillor (2 and 10 working days).
    result = working_time.compute_deadlines(
        received_at=at("2026-12-11 10:00"), acknowledge_days=2, response_days=10
    )
    assert result.acknowledge_due == at("2026-12-15 23:59:59")
    assert result.response_due == at("2026-12-29 23:59:59")
    assert not result.response_paused


def test_the_holiday_library_knows_the_2026_election_day():
    assert working_time.is_working_day(d("2026-11-04")) is False
    assert "Election" in working_time.holiday_name(d("2026-11-04"))


def test_a_saturday_holiday_moves_nothing_and_a_sunday_one_moves_monday():
    assert working_time.holiday_name(d("2026-12-26"))  # Day of Goodwill, Saturday
    assert working_time.is_working_day(d("2026-12-28"))  # not replaced on Monday
    assert working_time.is_working_day(d("2026-08-10")) is False  # Women's Day (Sun 9th) observed


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2026-12-11 15:59", "2026-12-11"),  # before the cut-off counts that day
        ("2026-12-11 16:00", "2026-12-14"),  # at the cut-off: the next working day
        ("2026-12-12 09:00", "2026-12-14"),  # Saturday
        ("2026-12-15 23:30", "2026-12-17"),  # after cut-off, next day is a holiday (16th)
        ("2026-12-16 08:00", "2026-12-17"),  # on a holiday
    ],
)
def test_counted_received_day(received, expected):
    assert working_time.counted_received_day(at(received)) == d(expected)


def test_received_time_in_utc_is_judged_in_johannesburg_time():
    # 14:30 UTC is 16:30 in Johannesburg: after the cut-off.
    received = dt.datetime(2026, 12, 11, 14, 30, tzinfo=dt.UTC)
    assert working_time.counted_received_day(received) == d("2026-12-14")


HOLD = working_time.Hold
# received, acknowledge days, response days, holds, reopened, acknowledge due, response due
TABLE = [
    # 1 the worked example
    ("2026-12-11 10:00", 2, 10, [], None, "2026-12-15", "2026-12-29"),
    # 2 at 16:00: counts Mon 14; ack Tue 15, Thu 17 (16th holiday); final +10 past Christmas
    ("2026-12-11 16:00", 2, 10, [], None, "2026-12-17", "2026-12-30"),
    # 3 one minute before the cut-off is the same as the example
    ("2026-12-11 15:59", 2, 10, [], None, "2026-12-15", "2026-12-29"),
    # 4 Saturday counts as Monday 14
    ("2026-12-12 09:00", 2, 10, [], None, "2026-12-17", "2026-12-30"),
    # 5 Sunday counts as Monday 14
    ("2026-12-13 22:00", 2, 10, [], None, "2026-12-17", "2026-12-30"),
    # 6 the day before election day: day 1 skips Wed 4 Nov 2026
    ("2026-11-03 10:00", 1, 7, [], None, "2026-11-05", "2026-11-13"),
    # 7 received on election day counts Thu 5
    ("2026-11-04 10:00", 1, 7, [], None, "2026-11-06", "2026-11-16"),
    # 8 New Year's Day 2026 (Thu 1 Jan), received Wed 31 Dec 2025
    ("2025-12-31 10:00", 1, 7, [], None, "2026-01-02", "2026-01-12"),
    # 9 Human Rights Day 2026 is a Saturday: moves nothing
    ("2026-03-20 10:00", 1, 7, [], None, "2026-03-23", "2026-03-31"),
    # 10 Good Friday 3 Apr and Family Day 6 Apr 2026
    ("2026-04-02 10:00", 1, 7, [], None, "2026-04-07", "2026-04-15"),
    # 11 after cut-off before Freedom Day (Mon 27 Apr) counts Tue 28; Workers' Day Fri 1 May
    ("2026-04-24 16:30", 2, 10, [], None, "2026-04-30", "2026-05-13"),
    # 12 Youth Day Tue 16 Jun 2026, hotline 1/14
    ("2026-06-15 09:00", 1, 14, [], None, "2026-06-17", "2026-07-06"),
    # 13 Women's Day on Sunday 9 Aug 2026, observed Monday 10
    ("2026-08-07 12:00", 1, 7, [], None, "2026-08-11", "2026-08-19"),
    # 14 Heritage Day Thu 24 Sep 2026
    ("2026-09-23 15:00", 1, 7, [], None, "2026-09-25", "2026-10-05"),
    # 15 New Year's Day 2027 (Fri), received Thu 31 Dec 2026
    ("2026-12-31 11:00", 1, 7, [], None, "2027-01-04", "2027-01-12"),
    # 16 Human Rights Day Sun 21 Mar 2027 observed Mon 22; Good Friday 26; Family Day 29
    ("2027-03-19 10:00", 2, 10, [], None, "2027-03-24", "2027-04-07"),
    # 17 Freedom Day Tue 27 Apr 2027; Workers' Day on Saturday 1 May moves nothing
    ("2027-04-26 10:00", 1, 7, [], None, "2027-04-28", "2027-05-06"),
    # 18 after cut-off the evening before Youth Day (Wed 16 Jun 2027) counts Thu 17
    ("2027-06-15 17:00", 1, 7, [], None, "2027-06-18", "2027-06-28"),
    # 19 Women's Day Mon 9 Aug 2027
    ("2027-08-06 10:00", 2, 10, [], None, "2027-08-11", "2027-08-23"),
    # 20 Heritage Day Fri 24 Sep 2027
    ("2027-09-23 10:00", 1, 7, [], None, "2027-09-27", "2027-10-05"),
    # 21 Reconciliation Thu 16 Dec 2027; Christmas Sat; Goodwill Sun 26 observed Mon 27
    ("2027-12-15 10:00", 2, 10, [], None, "2027-12-20", "2027-12-31"),
    # 22 into 2028: New Year's Day 2028 is a Saturday and moves nothing
    ("2027-12-20 09:00", 2, 14, [], None, "2027-12-22", "2028-01-10"),
    # 23 a hold within one day moves nothing
    (
        "2026-12-11 10:00",
        2,
        10,
        [HOLD(at("2026-12-14 09:00"), at("2026-12-14 15:00"))],
        None,
        "2026-12-15",
        "2026-12-29",
    ),
    # 24 Tue 15 wholly on hold: +1 working day; the acknowledgement does not move
    (
        "2026-12-11 10:00",
        2,
        10,
        [HOLD(at("2026-12-14 09:00"), at("2026-12-16 10:00"))],
        None,
        "2026-12-15",
        "2026-12-30",
    ),
    # 25 Thu 17 and Fri 18 wholly on hold (from midnight to midnight): +2
    (
        "2026-12-11 10:00",
        2,
        10,
        [HOLD(at("2026-12-17 00:00"), at("2026-12-19 00:00"))],
        None,
        "2026-12-15",
        "2026-12-31",
    ),
    # 26 a hold over Christmas and the weekend covers no working day: nothing moves
    (
        "2026-12-11 10:00",
        2,
        10,
        [HOLD(at("2026-12-25 00:00"), at("2026-12-28 00:00"))],
        None,
        "2026-12-15",
        "2026-12-29",
    ),
    # 27 two holds, each covering one working day: +2
    (
        "2026-12-11 10:00",
        2,
        10,
        [
            HOLD(at("2026-12-14 08:00"), at("2026-12-16 08:00")),
            HOLD(at("2026-12-21 12:00"), at("2026-12-23 17:00")),
        ],
        None,
        "2026-12-15",
        "2026-12-31",
    ),
    # 28 a hold still open adds nothing yet (and pauses the clock)
    (
        "2026-12-11 10:00",
        2,
        10,
        [HOLD(at("2026-12-14 12:00"), None)],
        None,
        "2026-12-15",
        "2026-12-29",
    ),
    # 29 reopened after 16:00 on Mon 11 Jan 2027: counts Tue 12, +10
    ("2026-12-11 10:00", 2, 10, [], at("2027-01-11 17:00"), "2026-12-15", "2027-01-26"),
    # 30 reopened Mon 11 Jan 10:00: a hold before the reopening is ignored
    (
        "2026-12-11 10:00",
        2,
        10,
        [HOLD(at("2026-12-14 09:00"), at("2026-12-16 10:00"))],
        at("2027-01-11 10:00"),
        "2026-12-15",
        "2027-01-25",
    ),
    # 31 ...but a hold after the reopening counts (Wed 13 Jan wholly on hold: +1)
    (
        "2026-12-11 10:00",
        2,
        10,
        [HOLD(at("2027-01-13 00:00"), at("2027-01-14 00:00"))],
        at("2027-01-11 10:00"),
        "2026-12-15",
        "2027-01-26",
    ),
]


@pytest.mark.parametrize(
    ("received", "ack_days", "response_days", "holds", "reopened", "ack_due", "response_due"),
    TABLE,
    ids=[f"row{i + 1}" for i in range(len(TABLE))],
)
def test_hand_checked_deadlines(
    received, ack_days, response_days, holds, reopened, ack_due, response_due
):
    result = working_time.compute_deadlines(
        received_at=at(received),
        acknowledge_days=ack_days,
        response_days=response_days,
        holds=holds,
        reopened_at=reopened,
    )
    assert result.acknowledge_due == at(f"{ack_due} 23:59:59")
    assert result.response_due == at(f"{response_due} 23:59:59")


def test_an_open_hold_pauses_the_response_clock():
    result = working_time.compute_deadlines(
        received_at=at("2026-12-11 10:00"),
        acknowledge_days=2,
        response_days=10,
        holds=[working_time.Hold(at("2026-12-14 12:00"), None)],
    )
    assert result.response_paused


def test_the_table_covers_every_2026_and_2027_public_holiday():
    import holidays

    covered = set()
    for received, _, _, _, reopened, _, response_due in TABLE:
        start = (reopened or at(received)).date()
        day = start
        while day <= d(response_due):
            covered.add(day)
            day += dt.timedelta(days=1)
    expected = set(holidays.country_holidays("ZA", years=[2026, 2027]))
    assert expected - covered == set()


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        working_time.counted_received_day(dt.datetime(2026, 12, 11, 10, 0))


def test_threshold_and_working_days_left():
    start, due = at("2026-12-14 00:00"), at("2026-12-16 00:00")
    assert working_time.threshold_at(start, due, 0.5) == at("2026-12-15 00:00")
    assert working_time.working_days_left(at("2026-12-11 10:00"), at("2026-12-15 23:59:59")) == 2
    assert working_time.working_days_left(at("2026-12-17 10:00"), at("2026-12-15 23:59:59")) == -1


# ---- properties over many received times (hypothesis) ----

moments = st.datetimes(min_value=dt.datetime(2025, 12, 1), max_value=dt.datetime(2027, 12, 31)).map(
    lambda m: m.replace(tzinfo=TZ)
)


@settings(max_examples=300, deadline=None)
@given(received=moments, ack=st.integers(1, 5), extra=st.integers(0, 15))
def test_deadlines_fall_at_the_end_of_a_working_day_in_order(received, ack, extra):
    result = working_time.compute_deadlines(
        received_at=received, acknowledge_days=ack, response_days=ack + extra
    )
    for due in (result.acknowledge_due, result.response_due):
        assert working_time.is_working_day(due.date()) and due.timetz() == dt.time(
            23, 59, 59, tzinfo=TZ
        )
    assert received < result.acknowledge_due <= result.response_due
    assert working_time.is_working_day(result.counted_received_day)


@settings(max_examples=200, deadline=None)
@given(first=moments, gap=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=9)))
def test_a_later_complaint_never_gets_an_earlier_deadline(first, gap):
    a = working_time.compute_deadlines(received_at=first, acknowledge_days=2, response_days=10)
    b = working_time.compute_deadlines(
        received_at=first + gap, acknowledge_days=2, response_days=10
    )
    assert a.acknowledge_due <= b.acknowledge_due and a.response_due <= b.response_due


@settings(max_examples=200, deadline=None)
@given(received=moments, start=st.integers(0, 20 * 24), hours=st.integers(0, 10 * 24))
def test_a_hold_moves_the_final_deadline_by_exactly_its_whole_working_days(received, start, hours):
    hold_start = received + dt.timedelta(hours=start)
    hold = working_time.Hold(hold_start, hold_start + dt.timedelta(hours=hours))
    plain = working_time.compute_deadlines(
        received_at=received, acknowledge_days=1, response_days=7
    )
    held = working_time.compute_deadlines(
        received_at=received, acknowledge_days=1, response_days=7, holds=[hold]
    )
    assert held.acknowledge_due == plain.acknowledge_due
    expected = working_time.add_working_days(plain.response_due.date(), len(held.hold_days))
    assert held.response_due.date() == expected
    for day in held.hold_days:
        assert working_time.is_working_day(day)
        assert hold.start <= dt.datetime.combine(day, dt.time(0), tzinfo=TZ)
        assert dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=TZ) <= hold.end


# ---- warnings at fractions of the WORKING time ----


def test_working_time_warnings_skip_weekends_holidays_and_hold_days():
    # Received Mon 14 Dec 2026 10:00, 10 working days; on hold Wed 16 Dec 09:00 to Sat 19 Dec,
    # so Thu 17 and Fri 18 are whole working days on hold (the 16th is a public holiday).
    deadlines = working_time.compute_deadlines(
        received_at=at("2026-12-14 10:00"),
        acknowledge_days=2,
        response_days=10,
        holds=[working_time.Hold(at("2026-12-16 09:00"), at("2026-12-19 00:00"))],
    )
    assert deadlines.hold_days == (dt.date(2026, 12, 17), dt.date(2026, 12, 18))
    # 10 + 2 working days, skipping 16, 25 Dec and 1 Jan: due Mon 4 Jan 2027.
    assert deadlines.response_due == at("2027-01-04 23:59:59")
    start, due, skip = dt.date(2026, 12, 14), deadlines.response_due, deadlines.hold_days
    # Counted days: 15, 21, 22, 23, 24, 28, 29, 30, 31 Dec and 4 Jan: exactly 10.
    assert working_time.working_time_total(start, due, skip) == 10
    half = working_time.working_threshold_at(start, due, 0.5, skip)
    three_quarters = working_time.working_threshold_at(start, due, 0.75, skip)
    assert half == at("2026-12-25 00:00")  # the end of the fifth counted day, Thu 24 Dec
    assert three_quarters == at("2026-12-30 12:00")  # half-way through the eighth, Wed 30 Dec
    assert working_time.working_fraction_used(start, due, half, skip) == 0.5
    assert working_time.working_fraction_used(start, due, three_quarters, skip) == 0.75
    # The holiday, the weekend and the hold days use no working time.
    assert working_time.working_fraction_used(start, due, at("2026-12-18 18:00"), skip) == 0.1
    assert working_time.working_fraction_used(start, due, at("2026-12-28 00:00"), skip) == 0.5
    # Wall-clock fractions fall elsewhere (the old behaviour: 05:00 on Christmas Day).
    assert working_time.threshold_at(at("2026-12-14 10:00"), due, 0.5) != half
    # Without the hold the deadline and both warnings fall earlier, still on working time.
    assert working_time.working_threshold_at(start, at("2026-12-30 23:59:59"), 0.5) == at(
        "2026-12-23 00:00"
    )
    assert working_time.working_threshold_at(start, at("2026-12-30 23:59:59"), 0.75) == at(
        "2026-12-28 12:00"
    )


def test_working_threshold_needs_a_fraction_below_one():
    with pytest.raises(ValueError):
        working_time.working_threshold_at(dt.date(2026, 12, 14), at("2026-12-30 23:59:59"), 1.0)


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 6, 30)),
    span=st.integers(min_value=-10, max_value=800),
)
def test_working_days_between_counts_what_a_walk_over_the_calendar_counts(start, span):
    end = start + dt.timedelta(days=span)
    walked, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        walked += working_time.is_working_day(day)
    assert working_time.working_days_between(start, end) == walked


def test_working_days_between_over_the_2026_year_end():
    # Mon 14 Dec 2026 to Fri 1 Jan 2027: 15 weekdays, less the 16th, 25th and 1 January.
    assert working_time.working_days_between(d("2026-12-13"), d("2027-01-01")) == 12
