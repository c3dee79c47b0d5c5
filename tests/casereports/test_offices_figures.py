"""The Reports for the Offices against the hand-computed figures of ``office_world``."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereports.selectors.offices import (
    OfficeFilter,
    case_figures,
    office_cases,
    office_report,
    office_report_of,
)
from core.workdays import days_to_respond, working_days_after
from investigations import working_time
from investigations.models import Case
from tests.casereports.conftest import NOW, at

pytestmark = pytest.mark.django_db


def figures(f):
    return (f.received, f.closed, f.closed_on_time, f.breached, f.open_now, f.median_days)


def _all_figures(result):
    return (
        [(m, figures(f)) for m, f in result.monthly],
        [(g, figures(f)) for g, f in result.groups],
        [(m, g, figures(f)) for m, g, f in result.month_groups],
        figures(result.total),
    )


def report(user, dimension="source", **flt):
    """The report as the page adds it up (in the database), checked against the same figures
    added up case by case."""
    cases = office_cases(user, OfficeFilter(**flt))
    by_case = office_report(case_figures(cases, now=NOW), dimension=dimension)
    added_up = office_report_of(
        office_cases(user, OfficeFilter(**flt)), dimension=dimension, now=NOW
    )
    assert _all_figures(added_up) == _all_figures(by_case)
    return added_up


def test_deadlines_of_the_seeded_set_are_as_worked_out_by_hand(office_world):
    """The premises of the figures below (the clock's own answers)."""
    due = {k: Case.objects.get(pk=office_world[k].pk).response_due for k in "ABCDF"}
    assert due["A"] == at("2026-11-12 23:59:59")
    assert due["B"] == at("2026-11-26 23:59:59")
    assert due["C"] == at("2026-11-19 23:59:59")
    assert Case.objects.get(pk=office_world["E"].pk).acknowledge_due == at("2026-12-02 23:59:59")


def test_per_case_figures(office_world, supervisor_user):
    rows = {
        r.reference: r for r in case_figures(office_cases(supervisor_user, OfficeFilter()), now=NOW)
    }
    got = {k: rows[office_world[k].reference] for k in "ABCDEFG"}
    assert {k: r.response_days for k, r in got.items()} == {
        "A": 5, "B": 9, "C": 8, "D": 4, "E": None, "F": 3, "G": None,
    }  # fmt: skip
    assert {k for k, r in got.items() if r.breached} == {"C", "E"}
    assert {k for k, r in got.items() if r.closed_on_time} == {"A", "B"}
    assert got["E"].month == "2026-11"  # received 30 Nov 16:30 local, counted from 1 Dec


def test_per_month_and_total(office_world, supervisor_user):
    result = report(supervisor_user)
    months = dict(result.monthly)
    # received, closed, closed on time, breached, open now, median working days
    assert figures(months["2026-11"]) == (6, 3, 2, 2, 1, 6.5)
    assert figures(months["2026-12"]) == (1, 0, 0, 0, 0, 3)
    assert figures(result.total) == (7, 3, 2, 2, 1, 5)
    assert months["2026-11"].on_time_rate == 66.7


def test_per_source_department_and_ward(office_world, supervisor_user):
    by_source = dict(report(supervisor_user).groups)
    assert figures(by_source["City Manager's Office"]) == (3, 2, 1, 1, 0, 6.5)
    assert figures(by_source["Councillor"]) == (3, 1, 1, 0, 0, 4)
    assert figures(by_source["Presidential Hotline"]) == (1, 0, 0, 1, 1, None)
    by_ward = dict(report(supervisor_user, "ward").groups)
    assert figures(by_ward["Ward 7"]) == (3, 2, 1, 1, 0, 6.5)
    assert figures(by_ward["Ward 12"]) == (2, 1, 1, 1, 1, 9)
    assert figures(by_ward["no ward"]) == (1, 0, 0, 0, 0, 4)
    by_department = dict(report(supervisor_user, "department").groups)
    dept1, dept2 = office_world["dept1"].name, office_world["dept2"].name
    assert figures(by_department[dept1]) == (2, 2, 1, 1, 0, 6.5)
    assert figures(by_department[dept2]) == (1, 1, 1, 0, 0, 9)
    assert by_department["not set"].received == 4
    month_groups = {(m, g): f for m, g, f in report(supervisor_user).month_groups}
    assert figures(month_groups[("2026-12", "Councillor")]) == (1, 0, 0, 0, 0, 3)


def test_filters(office_world, supervisor_user):
    assert report(supervisor_user, source="councillor").total.received == 3
    assert report(supervisor_user, ward=12).total.received == 2
    assert report(supervisor_user, department=office_world["dept1"].pk).total.received == 2
    # The period is in local dates: E (30 Nov 16:30) is November's, not December's.
    assert report(supervisor_user, start=dt.date(2026, 12, 1)).total.received == 1
    november = report(supervisor_user, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert figures(november.total) == (6, 3, 2, 2, 1, 6.5)


def test_other_roles_count_nothing(office_world, investigator_user, admin_user, qa_manager_user):
    assert report(investigator_user).total.received == 0
    assert report(admin_user).total.received == 0
    assert report(qa_manager_user).total.received == 7


def test_a_recorded_breach_counts_even_after_a_reopening(office_world, supervisor_user):
    """The monitor recorded C's breaches; a reopening clears the response time but the case
    stays breached."""
    from investigations.services import workflow
    from investigations.services.clocks import deadlines_check_all

    deadlines_check_all(now=at("2026-11-30 09:00"))
    workflow.case_reopen(
        case=office_world["C"],
        actor=supervisor_user,
        reason="More to do",
        now=at("2026-12-04 09:00"),
    )
    rows = {r.reference: r for r in case_figures(Case.objects.all(), now=NOW)}
    assert rows[office_world["C"].reference].breached
    # Reopened, its response is owed again: its working days are no longer counted.
    assert rows[office_world["C"].reference].response_days is None
    assert Case.objects.get(pk=office_world["C"].pk).response_working_days is None


def test_the_query_count_does_not_grow_with_the_cases(office_world, supervisor_user, make_case):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            office_report_of(office_cases(supervisor_user, OfficeFilter()), now=NOW)
        return len(ctx.captured_queries)

    before = count()
    for day in (16, 17, 18, 19):
        make_case(received_at=at(f"2026-11-{day:02} 09:00"))
    assert count() == before <= 3


def test_working_days_match_the_clock():
    """The cached count agrees with investigations.working_time day by day."""
    rng = random.Random(15)
    for _ in range(300):
        start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(800))
        end = start + dt.timedelta(days=rng.randrange(70))
        assert working_days_after(start, end) == working_time.working_time_total(
            start, working_time.end_of_day(end)
        ), (start, end)


def test_days_to_respond_skip_whole_days_on_hold_only():
    hold = working_time.Hold(at("2026-11-11 15:00"), at("2026-11-17 10:00"))
    assert days_to_respond(at("2026-11-06 17:00"), at("2026-11-25 10:00"), [hold]) == 9
    assert days_to_respond(at("2026-11-06 17:00"), at("2026-11-25 10:00")) == 12
    # Responded before the complaint counts as received (after 16:00 on a Friday): 0.
    assert days_to_respond(at("2026-11-06 17:00"), at("2026-11-07 09:00")) == 0
