"""A person recording an acknowledgement or a hold after it happened: the time it took effect,
checked against the case (not in the future, not before the previous step, a reason when it is
earlier), and the clock, next deadline, monitor and history counting from it."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from investigations.models import Case, State
from investigations.selectors import case_history
from investigations.services import CaseError, workflow
from investigations.services.clocks import deadlines_check_all
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db


def _snapshot(case):
    case = Case.objects.get(pk=case.pk)
    return (
        case.state,
        case.acknowledged_at,
        case.next_due,
        case.events.count(),
        AuditEvent.objects.count(),
    )


def test_an_acknowledgement_recorded_late_counts_from_when_it_took_effect(
    make_case, supervisor_user
):
    case = make_case()  # received Mon 2 Nov 2026 10:00 from a councillor: acknowledge by Thu 5
    case = workflow.case_acknowledge(
        case=case,
        actor=supervisor_user,
        now=at("2026-11-04 09:15"),
        late_reason="Acknowledged by phone to the councillor's office; the system was down.",
    )
    assert case.state == State.ACKNOWLEDGED
    assert case.acknowledged_at == at("2026-11-04 09:15")
    assert case.next_due == case.response_due  # the acknowledgement is no longer owed
    event = AuditEvent.objects.for_object(case).filter(action="case.transition").get()
    assert event.changes["effective_at"] == "2026-11-04 09:15"
    assert event.changes["late_reason"].startswith("Acknowledged by phone")
    line = next(line for line in case_history(case) if "to acknowledged" in line.words)
    assert line.when == at("2026-11-04 09:15") and line.recorded == event.occurred_at
    assert "Recorded later than it took effect because: Acknowledged by phone" in line.words
    # The monitor counts from the effect time too: acknowledged before its deadline, no breach.
    deadlines_check_all(now=at("2026-11-06 09:00"))
    assert not case.alerts.filter(deadline="acknowledge", level=100).exists()
    assert case.alerts.filter(deadline="response").count() == 0  # 50% of 10 days: not yet


def test_a_hold_recorded_late_moves_the_final_deadline_from_its_effect_time(
    assigned_case, investigator_user
):
    assert assigned_case.response_due == at("2026-11-17 23:59:59")
    workflow.case_hold(
        case=assigned_case,
        actor=investigator_user,
        reason="Waiting for the complainant's meter number",
        now=at("2026-11-09 12:00"),
        late_reason="Asked by e-mail on Monday; recorded today.",
    )
    case = workflow.case_resume(
        case=assigned_case,
        actor=investigator_user,
        now=at("2026-11-12 08:00"),
        late_reason="The meter number came by phone on Thursday morning.",
    )
    # Tue 10 and Wed 11 wholly on hold: two working days later, as if recorded at the time.
    assert case.response_due == at("2026-11-19 23:59:59")


@pytest.mark.parametrize(
    ("when", "late_reason", "words"),
    [
        (timezone.now() + dt.timedelta(hours=2), "typed ahead", "is in the future"),
        (
            at("2026-11-02 09:00"),
            "before it came",
            r"before the case's previous step \(received at 2026-11-02 10:00\)",
        ),
        (at("2026-11-03 09:00"), "  ", "a reason is required for an earlier time"),
    ],
)
def test_a_time_the_case_cannot_have_is_refused_and_changes_nothing(
    make_case, supervisor_user, when, late_reason, words
):
    case = make_case()
    before = _snapshot(case)
    with pytest.raises(CaseError, match=words):
        workflow.case_acknowledge(
            case=case, actor=supervisor_user, now=when, late_reason=late_reason
        )
    assert _snapshot(case) == before


def test_a_hold_cannot_take_effect_before_the_investigation_started(
    assigned_case, investigator_user
):
    before = _snapshot(assigned_case)
    with pytest.raises(CaseError, match="before the case's previous step"):
        workflow.case_hold(
            case=assigned_case,
            actor=investigator_user,
            reason="Waiting",
            now=at("2026-11-02 11:30"),  # started at 12:00
            late_reason="Forgot",
        )
    assert _snapshot(assigned_case) == before


def test_a_step_recorded_now_needs_no_reason_and_is_not_back_dated(make_case, supervisor_user):
    case = workflow.case_acknowledge(
        case=make_case(), actor=supervisor_user, now=timezone.now(), late_reason=""
    )
    event = AuditEvent.objects.for_object(case).filter(action="case.transition").get()
    assert "effective_at" not in event.changes and "late_reason" not in event.changes


def test_only_the_steps_the_workflow_marks_may_be_back_dated(assigned_case, investigator_user):
    with pytest.raises(CaseError, match="cannot be given to"):
        workflow._apply(
            case=assigned_case,
            action="withdraw",
            actor=investigator_user,
            reason="Withdrawn by phone",
            now=at("2026-11-03 09:00"),
            late_reason="Recorded late",
        )
    assert [t.action for t in workflow.TRANSITIONS.values() if t.back_datable] == [
        "acknowledge",
        "hold",
        "resume",
    ]
