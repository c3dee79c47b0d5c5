"""qa/services/sampling.py: reproducible, spread, stratified samples; risk pulls; balanced
assignment."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from qa.models import SampleItem, SamplingPlan
from qa.selectors.sampling import officer_workloads
from qa.services import sampling as svc
from tests.qa.factories import at, make_call, make_evaluation

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 2)


def _week_of_calls(agent, *, per_day=6, **kwargs):
    calls = []
    for d in range(7):
        for h in (7, 9, 11, 15, 17, 23)[:per_day]:
            calls.append(make_call(agent, started_at=at(2026, 11, 2 + d, h), **kwargs))
    return calls


def _plan(actor, **fields):
    defaults = {
        "name": "Weekly",
        "period": "week",
        "mode": "per_agent",
        "calls_per_agent": 4,
        "risk_pulls": False,
    }
    defaults.update(fields)
    return svc.sampling_plan_save(actor=actor, **defaults)


def test_period_bounds():
    assert svc.period_bounds("week", date(2026, 11, 5)) == (MONDAY, date(2026, 11, 8))
    assert svc.period_bounds("month", date(2026, 2, 14)) == (date(2026, 2, 1), date(2026, 2, 28))


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_n_per_agent_spread_over_the_week_and_shifts(
    agent_user, agent2_user, qa_manager_user, qa_officer_user, qa_officer2_user, seed
):
    calls = {agent_user: _week_of_calls(agent_user), agent2_user: _week_of_calls(agent2_user)}
    plan = _plan(qa_manager_user)
    sample = svc.sample_draw(
        actor=qa_manager_user,
        plan=plan,
        day=MONDAY + timedelta(days=3),
        seed=seed,
        officers=[qa_officer_user, qa_officer2_user],
    )
    items = list(sample.items.select_related("call__agent"))
    per_agent = Counter(i.call.agent.user for i in items)
    assert per_agent == {agent_user: 4, agent2_user: 4}
    for agent, agent_calls in calls.items():
        picked = {i.call_id for i in items if i.call.agent.user == agent}
        # Exactly one pick in each quarter of the agent's week (spread over the period)...
        ordered = [c.pk for c in sorted(agent_calls, key=lambda c: c.started_at)]
        quarters = [
            set(ordered[len(ordered) * q // 4 : len(ordered) * (q + 1) // 4]) for q in range(4)
        ]
        assert [len(picked & quarter) for quarter in quarters] == [1, 1, 1, 1]
        # ...and across the three shifts.
        shifts = {i.shift for i in items if i.call.agent.user == agent}
        assert shifts == {"morning", "afternoon", "night"}
    assert {i.stratum for i in items} == {
        "Inbound / inbound",
        "Outbound Revenue Collection / outbound",
    }
    # Balanced assignment: 4 each.
    assert Counter(i.assigned_to for i in items) == {qa_officer_user: 4, qa_officer2_user: 4}
    assert sample.period_start == MONDAY and sample.period_end == date(2026, 11, 8)
    event = AuditEvent.objects.get(action="sample.draw")
    assert event.changes["seed"] == sample.seed
    assert sorted(event.changes["calls"]) == sorted(i.call_id for i in items)


def test_same_seed_same_calls(agent_user, qa_manager_user):
    _week_of_calls(agent_user)
    plan = _plan(qa_manager_user)
    sample = svc.sample_draw(actor=qa_manager_user, plan=plan, day=MONDAY, seed=1234, officers=[])
    first = sorted(sample.items.values_list("call_id", flat=True))
    # Replaying the stored draw: same parameters, same seed, same candidate calls.
    sample.items.all().delete()
    replay = svc.draw_calls(sample.parameters, sample.period_start, sample.period_end, sample.seed)
    assert sorted(p["call"].pk for p in replay) == first
    other = svc.draw_calls(sample.parameters, sample.period_start, sample.period_end, 99)
    assert sorted(p["call"].pk for p in other) != first


def test_percentage_with_a_minimum(agent_user, agent2_user, qa_manager_user):
    _week_of_calls(agent_user)  # 42 calls
    for d in range(3):
        make_call(agent2_user, started_at=at(2026, 11, 2 + d, 10))  # 3 calls
    plan = _plan(qa_manager_user, mode="percentage", percentage=10, minimum_per_agent=2)
    sample = svc.sample_draw(actor=qa_manager_user, plan=plan, day=MONDAY, officers=[])
    per_agent = Counter(sample.items.values_list("call__agent__user", flat=True))
    assert per_agent[agent_user.pk] == 5  # ceil(4.2)
    assert per_agent[agent2_user.pk] == 2  # the minimum


def test_risk_pulls_are_separate_and_explained(agent_user, qa_manager_user):
    _week_of_calls(agent_user, per_day=2)
    short = make_call(agent_user, started_at=at(2026, 11, 4, 12), duration_s=8)
    for d in range(3):
        make_call(agent_user, started_at=at(2026, 11, 2 + d, 13), caller_number="0821234567")
    complaint = make_call(
        agent_user, started_at=at(2026, 11, 6, 12), complaint_references=["INV-2026-000123"]
    )
    flagged = make_call(
        agent_user,
        started_at=at(2026, 11, 5, 12),
        flags=[{"code": "language", "message": "not English"}],
    )
    flagged.needs_listening = True
    flagged.save(update_fields=["needs_listening"])
    plan = _plan(qa_manager_user, risk_pulls=True, calls_per_agent=2, max_risk_per_agent=10)
    sample = svc.sample_draw(actor=qa_manager_user, plan=plan, day=MONDAY, officers=[], seed=5)
    risk = {i.call_id: i.risk_reasons for i in sample.items.filter(reason=SampleItem.Reason.RISK)}
    random_ids = set(sample.items.filter(reason="random").values_list("call_id", flat=True))
    assert len(random_ids) == 2
    # A risky call is pulled unless the random draw already took it; never both.
    assert not random_ids & set(risk)
    expected = {
        short.pk: ["very short call"],
        complaint.pk: ["linked to a complaint"],
        flagged.pk: ["needs listening (not auto-scored)"],
    }
    for call_id, reasons in expected.items():
        assert call_id in random_ids or risk[call_id] == reasons
    assert sum(1 for r in risk.values() if r == ["repeat caller"]) >= 2
    assert sample.summary["risk"] == len(risk)


def test_already_evaluated_or_untranscribed_calls_are_not_sampled(
    agent_user, qa_manager_user, qa_officer_user
):
    done = make_call(agent_user, started_at=at(2026, 11, 3, 10))
    make_evaluation(done, qa_officer_user)
    make_call(agent_user, started_at=at(2026, 11, 3, 11), state="received")
    fresh = make_call(agent_user, started_at=at(2026, 11, 3, 12))
    sample = svc.sample_draw(
        actor=qa_manager_user, plan=_plan(qa_manager_user), day=MONDAY, officers=[]
    )
    assert list(sample.items.values_list("call_id", flat=True)) == [fresh.pk]


def test_one_sample_per_period(agent_user, qa_manager_user):
    _week_of_calls(agent_user, per_day=1)
    plan = _plan(qa_manager_user)
    svc.sample_draw(actor=qa_manager_user, plan=plan, day=MONDAY, officers=[])
    with pytest.raises(ValidationError, match="already has a sample"):
        svc.sample_draw(
            actor=qa_manager_user, plan=plan, day=MONDAY + timedelta(days=2), officers=[]
        )


def test_assignment_balances_existing_workload(
    agent_user, agent2_user, qa_manager_user, qa_officer_user, qa_officer2_user
):
    _week_of_calls(agent_user, per_day=2)
    plan = _plan(qa_manager_user, calls_per_agent=4)
    svc.sample_draw(actor=qa_manager_user, plan=plan, day=MONDAY, officers=[qa_officer_user])
    # Officer 1 already has 4 open calls; the next 4 all go to officer 2.
    for d in range(7):
        make_call(agent2_user, started_at=at(2026, 11, 9 + d, 10))
    sample = svc.sample_draw(
        actor=qa_manager_user,
        plan=plan,
        day=date(2026, 11, 10),
        officers=[qa_officer_user, qa_officer2_user],
    )
    assert set(sample.items.values_list("assigned_to", flat=True)) == {qa_officer2_user.pk}
    officers = [qa_officer_user, qa_officer2_user]
    loads = {row["officer"]: row["open"] for row in officer_workloads(officers)}
    assert loads == {qa_officer_user: 4, qa_officer2_user: 4}


def test_plan_validation(qa_manager_user):
    with pytest.raises(ValidationError):
        _plan(qa_manager_user, mode="percentage", percentage=0)
    assert not SamplingPlan.objects.exists()


def test_a_draw_defaults_to_the_last_complete_period():
    # Monday 7 December 2026: the last complete week is 30 Nov - 6 Dec, the month November.
    today = date(2026, 12, 7)
    assert svc.last_complete_period("week", today) == (date(2026, 11, 30), date(2026, 12, 6))
    assert svc.last_complete_period("month", today) == (date(2026, 11, 1), date(2026, 11, 30))
    assert svc.last_complete_period("month", date(2026, 1, 15)) == (
        date(2025, 12, 1),
        date(2025, 12, 31),
    )


def test_preview_shows_the_draw_and_stores_nothing_then_assign_draws_the_same_calls(
    agent_user, agent2_user, qa_manager_user, qa_officer_user
):
    _week_of_calls(agent_user, per_day=2)
    _week_of_calls(agent2_user, per_day=1)
    make_call(agent_user, started_at=at(2026, 11, 3, 8), state="received")
    plan = _plan(qa_manager_user, calls_per_agent=3)
    preview = svc.sample_preview(plan=plan, day=MONDAY, seed=7)
    assert (preview["random"], preview["risk"]) == (6, 0)
    assert [r["random"] for r in preview["per_agent"]] == [3, 3]
    assert ("not transcribed yet (or transcription failed)", 1) in preview["exclusions"]
    assert not preview["empty_reason"]
    assert not plan.samples.exists() and not SampleItem.objects.exists()
    sample = svc.sample_draw(
        actor=qa_manager_user, plan=plan, day=MONDAY, seed=preview["seed"], officers=[]
    )
    assert sorted(sample.items.values_list("call_id", flat=True)) == sorted(
        p["call"].pk for p in preview["picks"]
    )


def test_a_preview_of_nothing_says_why(agent_user, qa_manager_user, qa_officer_user):
    plan = _plan(qa_manager_user)
    assert "No calls were received" in svc.sample_preview(plan=plan, day=MONDAY)["empty_reason"]
    done = make_call(agent_user, started_at=at(2026, 11, 3, 10))
    make_evaluation(done, qa_officer_user)
    reason = svc.sample_preview(plan=plan, day=MONDAY)["empty_reason"]
    assert "can be drawn: 1 already evaluated" in reason


def test_a_draw_can_be_withdrawn_until_its_first_evaluation_starts(
    agent_user, qa_manager_user, qa_officer_user
):
    from qa.services import evaluations as ev

    _week_of_calls(agent_user, per_day=1)
    plan = _plan(qa_manager_user)
    sample = svc.sample_draw(actor=qa_manager_user, plan=plan, day=MONDAY, officers=[])
    calls = sorted(sample.items.values_list("call_id", flat=True))
    svc.sample_withdraw(actor=qa_manager_user, sample=sample, reason="wrong week")
    assert not plan.samples.exists()
    event = AuditEvent.objects.get(action="sample.withdraw")
    assert event.changes["calls"] == calls and event.changes["reason"] == "wrong week"
    # The period can be drawn again; once an evaluation starts, the draw stays.
    again = svc.sample_draw(
        actor=qa_manager_user, plan=plan, day=MONDAY, officers=[qa_officer_user]
    )
    item = again.items.first()
    ev.evaluation_start(actor=qa_officer_user, call=item.call, sample_item=item)
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        svc.sample_withdraw(actor=qa_manager_user, sample=again)
    assert plan.samples.count() == 1
