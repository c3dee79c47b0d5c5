"""qa/selectors/reports.py: figures, intervals, links, and a flat query count."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qa.models import Evaluation
from qa.selectors.reports import ReportFilter, report
from tests.qa.factories import at, make_call, make_evaluation

pytestmark = pytest.mark.django_db


def _evaluate(agent, officer, when, **overrides):
    evaluation = make_evaluation(make_call(agent, started_at=when), officer, overrides=overrides)
    Evaluation.objects.filter(pk=evaluation.pk).update(submitted_at=when, submitted_on=when.date())
    return evaluation


def test_report_figures_hand_computed(agent_user, agent2_user, qa_officer_user, qa_manager_user):
    _evaluate(agent_user, qa_officer_user, at(2026, 10, 5), empathy="no")  # 90.0 pass
    _evaluate(agent_user, qa_officer_user, at(2026, 10, 12), empathy="no", expectation="no")  # 80.0
    _evaluate(agent_user, qa_officer_user, at(2026, 11, 3), reference_number="no")  # 0.0 critical
    _evaluate(agent2_user, qa_officer_user, at(2026, 11, 4), closing="no")  # 90.0
    data = report(qa_manager_user, ReportFilter())
    overall = data["overall"]
    assert overall.n == 4
    assert overall.mean.estimate == pytest.approx((90 + 80 + 0 + 90) / 4)
    assert overall.pass_rate.estimate == 0.75 and overall.critical_rate.estimate == 0.25
    assert overall.few  # 4 < 10
    agents = {f.label: f for f in data["groups"]}
    thabo = agents["Thabo Nkosi"]
    assert thabo.n == 3 and thabo.mean.estimate == pytest.approx(170 / 3)
    assert thabo.mean.low is not None and thabo.mean.low < thabo.mean.estimate < thabo.mean.high
    assert f"agent={thabo.key}" in thabo.query
    failed = {c["key"]: c for c in data["failed_criteria"]}
    assert failed["empathy"]["failed"] == 2 and failed["empathy"]["answered"] == 3
    assert [p["n"] for p in data["trend"]] == [2, 2]
    assert data["trend"][0]["start"] == date(2026, 10, 1)
    assert len(data["chart"]["marks"]) == 2


def test_period_filter(agent_user, qa_officer_user, qa_manager_user):
    _evaluate(agent_user, qa_officer_user, at(2026, 10, 5))
    _evaluate(agent_user, qa_officer_user, at(2026, 11, 5))
    data = report(
        qa_manager_user, ReportFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
    )
    assert data["overall"].n == 1


def test_team_leader_report_covers_only_their_team(
    agent_user, other_team_agent_user, team_leader_user, qa_officer_user
):
    _evaluate(agent_user, qa_officer_user, at(2026, 10, 5))
    _evaluate(other_team_agent_user, qa_officer_user, at(2026, 10, 5))
    assert report(team_leader_user, ReportFilter())["overall"].n == 1


def test_report_query_count_is_flat(agent_user, agent2_user, qa_officer_user, qa_manager_user):
    _evaluate(agent_user, qa_officer_user, at(2026, 10, 5), closing="no")
    report(qa_manager_user, ReportFilter())  # the user's roles are cached from here on
    with CaptureQueriesContext(connection) as small:
        report(qa_manager_user, ReportFilter())
    for month in (6, 7, 8, 9):
        _evaluate(agent_user, qa_officer_user, at(2026, month, 5), empathy="no")
        _evaluate(agent2_user, qa_officer_user, at(2026, month, 7), closing="no")
    with CaptureQueriesContext(connection) as large:
        report(qa_manager_user, ReportFilter())
    assert len(large) == len(small) == 7
