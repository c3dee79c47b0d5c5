"""Deadline monitoring with a frozen clock: warnings at 50 % and 75 %, breach at 100 %, each
recorded once, shown in the trail and told (inbox and e-mail) to assignee and supervisor."""

import pytest
from django.core import mail
from django.core.management import call_command

from audit.models import AuditEvent
from investigations.models import DeadlineAlert
from investigations.selectors import case_deadline_views
from investigations.services import workflow
from investigations.services.clocks import deadlines_check_all
from investigations.tasks import deadlines_check
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db


def _levels(case, deadline="acknowledge"):
    return sorted(case.alerts.filter(deadline=deadline).values_list("level", flat=True))


def test_frozen_clock_records_each_warning_and_the_breach_once(
    make_case, supervisor_user, django_capture_on_commit_callbacks
):
    # Councillor case received Mon 2 Nov 2026 10:00: acknowledge by Thu 5 Nov 23:59:59.
    case = make_case()
    assert deadlines_check_all(now=at("2026-11-03 10:00")) == []
    assert _levels(case) == []

    with django_capture_on_commit_callbacks(execute=True):
        first = deadlines_check_all(
            now=at("2026-11-04 12:00")
        )  # 50 %: Tue 3 Nov used, 4th a holiday
    assert [(a.deadline, a.level) for a in first] == [("acknowledge", 50)]
    assert deadlines_check_all(now=at("2026-11-04 12:00")) == []  # same moment again: nothing
    assert deadlines_check_all(now=at("2026-11-04 18:00")) == []  # later, still below 75 %

    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_check_all(now=at("2026-11-05 11:59")) == []  # 74.97 % of working time
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_check_all(now=at("2026-11-05 12:00"))  # 75 %: 1.5 of the 2 working days
    assert _levels(case) == [50, 75]
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_check_all(now=at("2026-11-06 09:00"))  # past the deadline
    assert _levels(case) == [50, 75, 100]
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert deadlines_check_all(now=at("2026-11-09 09:00")) == []
    assert _levels(case) == [50, 75, 100]
    assert DeadlineAlert.objects.filter(case=case).count() == 3

    # Recorded in the trail, once each.
    trail = AuditEvent.objects.for_object(case)
    assert trail.filter(action="case.deadline_warning").count() == 2
    assert trail.filter(action="case.deadline_breach").count() == 1

    # Told once each to the supervisors (nobody is assigned yet), in the inbox and by e-mail
    # with an HTML part (who exactly: test_notifications).
    assert len(mail.outbox) == 3
    breach = mail.outbox[-1]
    assert breach.subject.startswith(f"Siyalalela: Case {case.reference} (Councillor) BREACHED")
    assert breach.to == [supervisor_user.email]
    assert "BREACHED its acknowledgement deadline (Thu 5 Nov 2026, 23:59)" in breach.body
    html, mimetype = breach.alternatives[0]
    assert mimetype == "text/html" and case.reference in html


def test_a_breach_is_never_cleared_by_acknowledging_late(make_case, supervisor_user):
    case = make_case()
    deadlines_check_all(now=at("2026-11-06 09:00"))
    workflow.case_acknowledge(case=case, actor=supervisor_user, now=at("2026-11-06 10:00"))
    deadlines_check_all(now=at("2026-11-06 11:00"))
    assert _levels(case) == [50, 75, 100]
    case.refresh_from_db()
    ack = case_deadline_views(case, now=at("2026-11-06 11:00"))[0]
    assert ack.status == "met_late"


def test_a_late_acknowledgement_is_a_breach_even_if_the_monitor_never_ran(
    make_case, supervisor_user
):
    case = make_case()
    workflow.case_acknowledge(case=case, actor=supervisor_user, now=at("2026-11-10 10:00"))
    deadlines_check_all(now=at("2026-11-10 11:00"))
    assert _levels(case) == [100]  # warnings are only raised while a deadline is pending


def test_response_warnings_go_to_the_assignee_and_the_supervisor(
    assigned_case, investigator_user, supervisor_user, django_capture_on_commit_callbacks
):
    # Final response due Tue 17 Nov 2026.
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_check_all(now=at("2026-11-18 09:00"))
    assert _levels(assigned_case, "response") == [50, 75, 100]
    assert _levels(assigned_case) == []  # acknowledged in time
    assert len(mail.outbox) == 6  # one e-mail per person told, three alerts
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [investigator_user.email, supervisor_user.email] * 3
    )


def test_no_response_alert_while_on_hold(assigned_case, investigator_user):
    case = workflow.case_hold(
        case=assigned_case,
        actor=investigator_user,
        reason="Waiting for Eskom",
        now=at("2026-11-03 09:00"),
    )
    deadlines_check_all(now=at("2026-11-30 09:00"))
    assert _levels(case, "response") == []
    views = case_deadline_views(case, now=at("2026-11-30 09:00"))
    assert views[1].status == "paused"


def test_a_reopened_case_gets_a_new_cycle_of_alerts(
    assigned_case, investigator_user, supervisor_user
):
    from investigations.services.findings import case_findings_update

    deadlines_check_all(now=at("2026-11-18 09:00"))  # breached first cycle
    case = case_findings_update(
        case=assigned_case,
        actor=investigator_user,
        outcome="referred",
        root_cause="process",
        findings="f",
        response_text="r",
    )
    workflow.case_submit_findings(case=case, actor=investigator_user, now=at("2026-11-18 10:00"))
    workflow.case_approve(case=case, actor=supervisor_user, now=at("2026-11-18 11:00"))
    workflow.case_respond(case=case, actor=investigator_user, now=at("2026-11-18 12:00"))
    workflow.case_close(case=case, actor=supervisor_user, now=at("2026-11-18 13:00"))
    workflow.case_reopen(
        case=case, actor=supervisor_user, reason="Again", now=at("2026-11-20 10:00")
    )
    deadlines_check_all(now=at("2026-11-23 10:00"))
    cycles = sorted(case.alerts.filter(deadline="response").values_list("cycle", "level"))
    assert cycles == [(0, 50), (0, 75), (0, 100)]  # the new cycle has not reached 50 % yet
    deadlines_check_all(now=at("2026-12-10 10:00"))
    assert (1, 100) in set(case.alerts.filter(deadline="response").values_list("cycle", "level"))


def test_the_command_records_once_however_often_it_runs(make_case):
    case = make_case()
    call_command("check_case_deadlines", "--at", "2026-11-06 09:00", verbosity=0)
    call_command("check_case_deadlines", "--at", "2026-11-06 09:00", verbosity=0)
    call_command("check_case_deadlines", "--at", "2026-11-07 09:00", verbosity=0)
    assert _levels(case) == [50, 75, 100]


def test_the_periodic_task_records_once(make_case):
    case = make_case()
    deadlines_check.enqueue(reschedule=False)
    deadlines_check.enqueue(reschedule=False)
    assert _levels(case) == [50, 75, 100]
    assert case.alerts.count() == 6  # acknowledgement and (now long past) final response


def test_response_warnings_fall_at_working_time_fractions_after_a_hold(
    assigned_case, investigator_user
):
    # Received Mon 2 Nov 10:00, 10 working days; Wed 4 Nov is a public holiday (elections).
    # On hold Tue 3 Nov 09:00 to Fri 6 Nov 00:00: Thu 5 Nov is a whole working day on hold.
    case = workflow.case_hold(
        case=assigned_case,
        actor=investigator_user,
        reason="Waiting for Eskom",
        now=at("2026-11-03 09:00"),
    )
    case = workflow.case_resume(case=case, actor=investigator_user, now=at("2026-11-06 00:00"))
    case.refresh_from_db()
    assert case.response_due == at("2026-11-18 23:59:59")  # moved one working day
    # Counted days: 3, 6, 9, 10, 11, 12, 13, 16, 17, 18 Nov. 50 % at the end of the fifth.
    deadlines_check_all(now=at("2026-11-11 23:59"))
    assert _levels(case, "response") == []  # wall-clock 50 % was already past on 10 Nov
    deadlines_check_all(now=at("2026-11-12 00:00"))
    assert _levels(case, "response") == [50]
    deadlines_check_all(now=at("2026-11-16 11:59"))
    assert _levels(case, "response") == [50]
    deadlines_check_all(now=at("2026-11-16 12:00"))  # 7.5 of the 10 counted days
    deadlines_check_all(now=at("2026-11-16 12:00"))
    assert _levels(case, "response") == [50, 75]
    assert case.alerts.filter(deadline="response").count() == 2  # once each
