"""The workflow: allowed transitions only, reasons, separation of duties, reopen, merge."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from audit.models import AuditEvent
from audit.verify import chain_verify
from investigations.models import Case, CaseEvent, State
from investigations.services import CaseError, workflow
from investigations.services.findings import case_findings_update
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db


def _findings(case, user):
    return case_findings_update(
        case=case,
        actor=user,
        outcome="substantiated",
        root_cause="agent_conduct",
        batho_pele_breached="courtesy",
        findings="The agent was rude.",
        response_text="Dear Sir/Madam, the complaint was substantiated.",
    )


def test_a_case_walks_from_received_to_closed(assigned_case, investigator_user, supervisor_user):
    case = _findings(assigned_case, investigator_user)
    case = workflow.case_submit_findings(
        case=case, actor=investigator_user, now=at("2026-11-03 09:00")
    )
    case = workflow.case_approve(case=case, actor=supervisor_user, now=at("2026-11-03 10:00"))
    case = workflow.case_respond(case=case, actor=investigator_user, now=at("2026-11-03 11:00"))
    case = workflow.case_close(case=case, actor=supervisor_user, now=at("2026-11-03 12:00"))
    assert case.state == State.CLOSED
    assert case.responded_at == at("2026-11-03 11:00")
    states = list(
        case.events.exclude(to_state="").order_by("pk").values_list("to_state", flat=True)
    )
    assert states == [
        "received",
        "acknowledged",
        "assigned",
        "investigating",
        "findings_submitted",
        "approved",
        "responded",
        "closed",
    ]
    assert chain_verify().intact


def test_an_illegal_transition_is_refused_with_a_clear_message_and_changes_nothing(
    make_case, supervisor_user
):
    case = make_case()
    events_before = AuditEvent.objects.count()
    with pytest.raises(CaseError) as excinfo:
        workflow.case_approve(case=case, actor=supervisor_user)
    message = excinfo.value.messages[0]
    assert "Cannot approve findings and response" in message
    assert "it is received" in message
    assert "acknowledge" in message  # what is allowed now
    case.refresh_from_db()
    assert case.state == State.RECEIVED
    assert AuditEvent.objects.count() == events_before
    assert case.events.count() == 1


def test_assigning_needs_an_acknowledged_case(make_case, supervisor_user, investigator_user):
    case = make_case()
    with pytest.raises(CaseError):
        workflow.case_assign(case=case, actor=supervisor_user, assignee=investigator_user)
    assert Case.objects.get(pk=case.pk).assignee is None


def test_hold_and_return_need_a_reason(assigned_case, investigator_user, supervisor_user):
    with pytest.raises(CaseError, match="reason is required"):
        workflow.case_hold(case=assigned_case, actor=investigator_user, reason="  ")
    assert Case.objects.get(pk=assigned_case.pk).state == State.INVESTIGATING
    case = _findings(assigned_case, investigator_user)
    case = workflow.case_submit_findings(case=case, actor=investigator_user)
    with pytest.raises(CaseError, match="reason is required"):
        workflow.case_return(case=case, actor=supervisor_user, reason="")
    case = workflow.case_return(case=case, actor=supervisor_user, reason="Interview the agent.")
    assert case.state == State.INVESTIGATING
    assert case.events.filter(kind=CaseEvent.Kind.RETURNED, reason="Interview the agent.").exists()


def test_findings_must_be_recorded_before_submitting(assigned_case, investigator_user):
    with pytest.raises(CaseError, match="outcome, root cause, findings"):
        workflow.case_submit_findings(case=assigned_case, actor=investigator_user)


def test_the_investigator_cannot_approve_their_own_findings(make_case, supervisor_user, site_data):
    """Separation of duties: a supervisor who investigated a case cannot sign it off."""
    from tests.conftest import _person

    other_supervisor = _person("i.super2", "Thandi", "Ndlovu", ["investigations_supervisor"])
    case = make_case()
    workflow.case_acknowledge(case=case, actor=supervisor_user)
    workflow.case_assign(case=case, actor=other_supervisor, assignee=supervisor_user)
    workflow.case_start(case=case, actor=supervisor_user)
    _findings(case, supervisor_user)
    workflow.case_submit_findings(case=case, actor=supervisor_user)
    with pytest.raises(CaseError, match="cannot approve"):
        workflow.case_approve(case=case, actor=supervisor_user)
    assert Case.objects.get(pk=case.pk).state == State.FINDINGS_SUBMITTED
    case = workflow.case_approve(case=case, actor=other_supervisor)
    assert case.state == State.APPROVED


def test_an_investigator_cannot_approve(assigned_case, investigator_user, investigator2_user):
    case = _findings(assigned_case, investigator_user)
    workflow.case_submit_findings(case=case, actor=investigator_user)
    with pytest.raises(CaseError, match="Only an investigations supervisor"):
        workflow.case_approve(case=case, actor=investigator2_user)


def test_hold_moves_only_the_final_deadline(assigned_case, investigator_user):
    before = Case.objects.get(pk=assigned_case.pk)
    # Councillor case received Mon 2 Nov 2026 10:00: ack Wed 4 is election day -> Thu 5;
    # final 10 working days -> Tue 17 Nov.
    assert before.acknowledge_due == at("2026-11-05 23:59:59")
    assert before.response_due == at("2026-11-17 23:59:59")
    workflow.case_hold(
        case=before,
        actor=investigator_user,
        reason="Waiting for the complainant",
        now=at("2026-11-09 12:00"),
    )
    case = workflow.case_resume(case=before, actor=investigator_user, now=at("2026-11-12 08:00"))
    # Tue 10 and Wed 11 wholly on hold: two working days later.
    assert case.response_due == at("2026-11-19 23:59:59")
    assert case.acknowledge_due == before.acknowledge_due


def test_deadlines_are_recomputable_from_the_event_history(assigned_case, investigator_user):
    workflow.case_hold(
        case=assigned_case, actor=investigator_user, reason="Waiting", now=at("2026-11-09 12:00")
    )
    workflow.case_resume(case=assigned_case, actor=investigator_user, now=at("2026-11-12 08:00"))
    # Tamper with the cached deadline; the command derives the right one back from the events.
    Case.objects.filter(pk=assigned_case.pk).update(response_due=at("2026-12-31 23:59:59"))
    call_command("recompute_case_deadlines", "--fix", verbosity=0)
    assert Case.objects.get(pk=assigned_case.pk).response_due == at("2026-11-19 23:59:59")


def test_the_working_days_to_respond_are_stored_and_recomputable(
    assigned_case, investigator_user, supervisor_user
):
    workflow.case_hold(
        case=assigned_case, actor=investigator_user, reason="Waiting", now=at("2026-11-09 12:00")
    )
    workflow.case_resume(case=assigned_case, actor=investigator_user, now=at("2026-11-12 08:00"))
    assert Case.objects.get(pk=assigned_case.pk).response_working_days is None  # still owed
    _findings(assigned_case, investigator_user)
    workflow.case_submit_findings(
        case=assigned_case, actor=investigator_user, now=at("2026-11-13 09:00")
    )
    workflow.case_approve(case=assigned_case, actor=supervisor_user, now=at("2026-11-13 10:00"))
    workflow.case_respond(case=assigned_case, actor=investigator_user, now=at("2026-11-16 09:00"))
    # Received Mon 2 Nov 10:00 (day 0); Wed 4 Nov was election day, so Mon 16 Nov is working
    # day 9; Tue 10 and Wed 11 were wholly on hold: 7 working days.
    assert Case.objects.get(pk=assigned_case.pk).response_working_days == 7
    Case.objects.filter(pk=assigned_case.pk).update(response_working_days=30)
    call_command("recompute_case_deadlines", "--fix", verbosity=0)
    assert Case.objects.get(pk=assigned_case.pk).response_working_days == 7


def test_repairing_a_stored_deadline_is_an_audit_event(assigned_case):
    Case.objects.filter(pk=assigned_case.pk).update(response_due=at("2026-12-31 23:59:59"))
    call_command("recompute_case_deadlines", "--fix", verbosity=0)
    event = AuditEvent.objects.get(action="case.clock_repair", object_id=str(assigned_case.pk))
    assert event.actor_name == "system"
    assert set(event.changes) == {"response_due"}
    call_command("recompute_case_deadlines", "--fix", verbosity=0)  # nothing left to repair
    assert AuditEvent.objects.filter(action="case.clock_repair").count() == 1
    assert chain_verify().intact


def _closed_case(assigned_case, investigator_user, supervisor_user, closed="2026-11-04 12:00"):
    case = _findings(assigned_case, investigator_user)
    workflow.case_submit_findings(case=case, actor=investigator_user, now=at("2026-11-03 09:00"))
    workflow.case_approve(case=case, actor=supervisor_user, now=at("2026-11-03 10:00"))
    workflow.case_respond(case=case, actor=investigator_user, now=at("2026-11-03 11:00"))
    return workflow.case_close(case=case, actor=supervisor_user, now=at(closed))


def test_reopening_within_the_window_counts_a_new_final_deadline(
    assigned_case, investigator_user, supervisor_user
):
    case = _closed_case(assigned_case, investigator_user, supervisor_user)
    case = workflow.case_reopen(
        case=case, actor=supervisor_user, reason="Water still off", now=at("2026-11-20 17:00")
    )
    assert case.state == State.INVESTIGATING
    assert case.reopen_count == 1 and case.responded_at is None
    # Reopened Fri 20 Nov after 16:00: counts Mon 23; 10 working days -> Mon 7 Dec.
    assert case.response_due == at("2026-12-07 23:59:59")
    assert case.acknowledge_due == at("2026-11-05 23:59:59")


@override_settings(INVESTIGATIONS_REOPEN_WINDOW_DAYS=30)
def test_after_the_window_a_case_is_not_reopened_but_followed_up(
    assigned_case, investigator_user, supervisor_user
):
    from investigations.services.cases import case_follow_up_create

    case = _closed_case(assigned_case, investigator_user, supervisor_user)
    with pytest.raises(CaseError, match="follow-up case"):
        workflow.case_reopen(
            case=case, actor=supervisor_user, reason="Again", now=at("2026-12-10 09:00")
        )
    assert Case.objects.get(pk=case.pk).state == State.CLOSED
    follow_up = case_follow_up_create(case=case, actor=supervisor_user, reason="Water off again")
    assert follow_up.follow_up_of == case
    assert follow_up.reference != case.reference
    assert follow_up.complainant_name == case.complainant_name


def test_withdraw_from_an_open_state(make_case, supervisor_user):
    case = make_case()
    case = workflow.case_withdraw(case=case, actor=supervisor_user, reason="Complainant withdrew")
    assert case.state == State.WITHDRAWN and case.outcome == "withdrawn"
    with pytest.raises(CaseError):
        workflow.case_acknowledge(case=case, actor=supervisor_user)


def test_merge_as_duplicate_is_reversible(assigned_case, make_case, supervisor_user):
    duplicate = make_case(description="Same water complaint again")
    case = workflow.case_merge(
        case=assigned_case, actor=supervisor_user, into=duplicate, reason="Same complaint"
    )
    assert case.state == State.MERGED and case.merged_into == duplicate
    with pytest.raises(CaseError, match="merged into itself"):
        workflow.case_merge(case=duplicate, actor=supervisor_user, into=duplicate, reason="x")
    case = workflow.case_unmerge(case=case, actor=supervisor_user, reason="Not the same")
    assert case.state == State.INVESTIGATING and case.merged_into is None


def test_every_state_change_is_in_the_audit_trail(assigned_case):
    actions = list(AuditEvent.objects.for_object(assigned_case).values_list("action", flat=True))
    assert actions == [
        "case.create",
        "case.transition",
        "case.transition",
        "case.assign",
        "case.transition",
    ]


def test_closing_is_refused_while_a_corrective_action_is_open_unless_overridden(
    assigned_case, investigator_user, supervisor_user
):
    import datetime as dt

    from investigations.models import Case, State
    from investigations.selectors import case_history
    from investigations.services import CaseError
    from investigations.services.findings import corrective_action_add, corrective_action_done

    action = corrective_action_add(
        case=assigned_case,
        actor=investigator_user,
        description="Coach the depot crew",
        owner="Depot manager",
        due_date=dt.date(2099, 1, 1),
    )
    corrective_action_add(
        case=assigned_case,
        actor=investigator_user,
        description="Fix the logging screen",
        owner="ICT",
        due_date=dt.date(2099, 1, 1),
    )
    case = Case.objects.get(pk=assigned_case.pk)
    case.findings, case.outcome, case.root_cause = (
        "Logged, not sent.",
        "substantiated",
        "agent_conduct",
    )
    case.response_text = "Dear Sir/Madam"
    case.save()
    case = workflow.case_submit_findings(case=case, actor=investigator_user)
    case = workflow.case_approve(case=case, actor=supervisor_user, comment="Fine.")
    case = workflow.case_respond(case=case, actor=investigator_user)
    with pytest.raises(CaseError, match="2 corrective actions are still open"):
        workflow.case_close(case=case, actor=investigator_user)
    assert Case.objects.get(pk=case.pk).state == State.RESPONDED
    corrective_action_done(action=action, actor=investigator_user)
    with pytest.raises(CaseError, match="1 corrective action is still open: Fix the logging"):
        workflow.case_close(case=case, actor=investigator_user)
    case = workflow.case_close(
        case=case, actor=investigator_user, override="ICT has its own ticket, ICT-4411"
    )
    assert case.state == State.CLOSED
    words = " ".join(line.words for line in case_history(case))
    assert "Closed with corrective actions open: 1. Reason: ICT has its own ticket" in words
    assert "Comment: Fine." in words


def test_the_migration_fills_the_working_days_of_cases_responded_before_it(
    assigned_case, investigator_user, supervisor_user
):
    import importlib

    from django.apps import apps

    fill = importlib.import_module(
        "investigations.migrations.0005_case_response_working_days"
    ).fill_response_working_days
    workflow.case_hold(
        case=assigned_case, actor=investigator_user, reason="Waiting", now=at("2026-11-09 12:00")
    )
    workflow.case_resume(case=assigned_case, actor=investigator_user, now=at("2026-11-12 08:00"))
    _findings(assigned_case, investigator_user)
    workflow.case_submit_findings(
        case=assigned_case, actor=investigator_user, now=at("2026-11-13 09:00")
    )
    workflow.case_approve(case=assigned_case, actor=supervisor_user, now=at("2026-11-13 10:00"))
    workflow.case_respond(case=assigned_case, actor=investigator_user, now=at("2026-11-16 09:00"))
    Case.objects.update(response_working_days=None)  # as before the field existed
    fill(apps, None)
    assert Case.objects.get(pk=assigned_case.pk).response_working_days == 7
