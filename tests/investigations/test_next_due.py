"""The stored next deadline (``Case.next_due``, what the queue and the board sort by) and the
breach flag: right after every step that changes a case's state or clock, compared with the
clock computed afresh from the case's history; filled for existing cases by the migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import working_time
from investigations.models import Case, State
from investigations.selectors import board_lists, queue_for
from investigations.services import workflow
from investigations.services.clocks import case_deadlines_check, case_deadlines_stale
from investigations.services.findings import case_findings_update
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db


def _computed_next_due(case: Case):
    """The deadline owed next, from the clock recomputed from the events (not the stored
    fields): the acknowledgement while received, the response while open, none after."""
    case = Case.objects.select_related("policy").get(pk=case.pk)
    holds, start = [], None
    for event in case.events.order_by("at", "pk"):
        if event.kind == "hold_started":
            start = event.at
        elif event.kind == "hold_ended":
            holds.append(working_time.Hold(start, event.at))
            start = None
    if start is not None:
        holds.append(working_time.Hold(start, None))
    reopened = case.events.filter(kind="reopened").order_by("-at").first()
    deadlines = working_time.compute_deadlines(
        received_at=case.received_at,
        acknowledge_days=case.policy.acknowledge_days,
        response_days=case.policy.response_days,
        holds=holds,
        reopened_at=reopened.at if reopened else None,
    )
    if case.state == State.RECEIVED:
        return deadlines.acknowledge_due
    if case.state in (State.WITHDRAWN, State.MERGED, State.RESPONDED, State.CLOSED):
        return None
    return deadlines.response_due


def _check(case: Case) -> Case:
    case = Case.objects.select_related("policy").get(pk=case.pk)
    assert case.next_due == _computed_next_due(case), case.state
    assert case_deadlines_stale(case) == {}
    return case


def test_next_due_is_right_after_every_step(
    make_case, supervisor_user, investigator_user, investigator2_user
):
    case = _check(make_case(received_at=at("2026-11-02 10:00")))
    assert (
        case.next_due == case.acknowledge_due == at("2026-11-05 23:59:59")
    )  # Wed 4 Nov: election day
    steps = [
        lambda c: workflow.case_acknowledge(
            case=c, actor=supervisor_user, now=at("2026-11-02 11:00")
        ),
        lambda c: workflow.case_assign(
            case=c, actor=supervisor_user, assignee=investigator_user, now=at("2026-11-02 11:05")
        ),
        lambda c: workflow.case_start(case=c, actor=investigator_user, now=at("2026-11-02 12:00")),
        lambda c: workflow.case_hold(
            case=c, actor=investigator_user, reason="Waiting", now=at("2026-11-09 12:00")
        ),
        lambda c: workflow.case_resume(case=c, actor=investigator_user, now=at("2026-11-12 08:00")),
        lambda c: workflow.case_assign(
            case=c, actor=supervisor_user, assignee=investigator2_user, now=at("2026-11-12 09:00")
        ),
        lambda c: case_findings_update(
            case=c,
            actor=investigator2_user,
            outcome="substantiated",
            root_cause="agent_conduct",
            findings="Not attended.",
            response_text="Dear Sir/Madam",
        ),
        lambda c: workflow.case_submit_findings(
            case=c, actor=investigator2_user, now=at("2026-11-13 09:00")
        ),
        lambda c: workflow.case_return(
            case=c, actor=supervisor_user, reason="Add the date.", now=at("2026-11-13 10:00")
        ),
        lambda c: workflow.case_submit_findings(
            case=c, actor=investigator2_user, now=at("2026-11-13 11:00")
        ),
        lambda c: workflow.case_approve(case=c, actor=supervisor_user, now=at("2026-11-13 12:00")),
        lambda c: workflow.case_respond(
            case=c, actor=investigator2_user, now=at("2026-11-13 13:00")
        ),
        lambda c: workflow.case_close(case=c, actor=supervisor_user, now=at("2026-11-13 14:00")),
        lambda c: workflow.case_reopen(
            case=c, actor=supervisor_user, reason="New facts", now=at("2026-11-16 09:00")
        ),
        lambda c: workflow.case_withdraw(
            case=c, actor=supervisor_user, reason="Withdrawn by the office", now=at("2026-11-17")
        ),
    ]
    seen = {case.state: case.next_due}
    for step in steps:
        case = _check(step(case))
        seen[case.state] = case.next_due
    # The hold moved the response deadline (Tue 10 and Wed 11 wholly on hold), the reopening
    # counted it afresh, and a finished case owes nothing.
    assert seen[State.INVESTIGATING] == at("2026-11-30 23:59:59")  # 10 days from the reopening
    assert seen[State.APPROVED] == at("2026-11-19 23:59:59")
    assert seen[State.CLOSED] is None and seen[State.WITHDRAWN] is None


def test_merge_and_unmerge_keep_next_due_right(make_case, supervisor_user):
    case, other = make_case(), make_case()
    case = _check(workflow.case_merge(case=case, actor=supervisor_user, into=other, reason="Dup"))
    assert case.next_due is None
    case = _check(workflow.case_unmerge(case=case, actor=supervisor_user, reason="Not a dup"))
    assert case.state == State.RECEIVED and case.next_due == case.acknowledge_due


def test_the_queue_and_the_board_sort_by_the_owed_deadline(
    make_case, supervisor_user, investigator_user
):
    # Received first but already acknowledged: it now owes the (later) final response.
    early = make_case(received_at=at("2026-11-02 09:00"))
    workflow.case_acknowledge(case=early, actor=supervisor_user, now=at("2026-11-02 09:30"))
    late = make_case(received_at=at("2026-11-03 09:00"))  # owes its acknowledgement, Fri 6th
    done = make_case(received_at=at("2026-11-01 09:00"))
    workflow.case_withdraw(case=done, actor=supervisor_user, reason="Withdrawn")
    unassigned, count = board_lists(supervisor_user)["unassigned"]
    assert [c.pk for c in unassigned] == [late.pk, early.pk]
    assert count == 2
    mine, others = queue_for(supervisor_user)
    assert [c.pk for c in others] == [late.pk, early.pk] and list(mine) == []


def test_a_recorded_breach_marks_the_case_for_the_board(assigned_case, supervisor_user):
    assert not assigned_case.breach_recorded
    assert board_lists(supervisor_user)["breached"][1] == 0
    case_deadlines_check(case=assigned_case, now=at("2026-11-20 09:00"))  # due Tue 17 Nov
    case = Case.objects.get(pk=assigned_case.pk)
    assert case.breach_recorded
    breached, count = board_lists(supervisor_user)["breached"]
    assert [c.pk for c in breached] == [case.pk] and count == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_next_due_and_the_breach_flag(
    make_case, supervisor_user, investigator_user
):
    received = make_case(received_at=at("2026-11-02 10:00"))
    working = make_case(received_at=at("2026-11-02 10:00"))
    workflow.case_acknowledge(case=working, actor=supervisor_user, now=at("2026-11-02 11:00"))
    case_deadlines_check(case=working, now=at("2026-11-30 09:00"))
    finished = make_case(received_at=at("2026-11-02 10:00"))
    workflow.case_withdraw(case=finished, actor=supervisor_user, reason="Withdrawn")
    expected = {
        c.pk: (c.next_due, c.breach_recorded)
        for c in Case.objects.filter(pk__in=[received.pk, working.pk, finished.pk])
    }
    assert expected[working.pk][1] and expected[received.pk] == (received.acknowledge_due, False)

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    MigrationExecutor(connection).migrate([("investigations", "0003_corrective_action_done")])
    MigrationExecutor(connection).migrate(latest)
    after = {c.pk: (c.next_due, c.breach_recorded) for c in Case.objects.filter(pk__in=expected)}
    assert after == expected
    assert after[finished.pk] == (None, False)
