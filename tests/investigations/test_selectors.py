"""History in plain words (the report figures are tested in tests/casereports)."""

import pytest

from audit.models import AuditEvent
from investigations.selectors import case_history
from investigations.services import workflow
from investigations.services.clocks import deadlines_check_all
from investigations.services.evidence import evidence_add_note, evidence_remove
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db


def test_history_reads_as_plain_words(assigned_case, investigator_user, supervisor_user):
    note = evidence_add_note(case=assigned_case, actor=investigator_user, text="Called")
    evidence_remove(item=note, actor=investigator_user, reason="Wrong case")
    workflow.case_hold(case=assigned_case, actor=investigator_user, reason="Waiting for Eskom")
    deadlines_check_all(now=at("2026-11-30 09:00"))
    lines = [f"{line.who} {line.words}" for line in case_history(assigned_case)]
    text = "\n".join(lines)
    assert (
        "Johan Botha (i.supervisor) opened the case (via form, received 2026-11-02 10:00)" in text
    )
    assert "moved the case from received to acknowledged" in text
    assert "assigned the case to Bongani Zulu" in text
    assert "Bongani Zulu (i.investigator) added an internal note" in text
    assert "removed note" in text and "Reason: Wrong case" in text
    assert "moved the case from investigating to on hold. Reason: Waiting for Eskom" in text
    # The acknowledgement was on time, so no alerts; the response clock is paused on hold.
    assert "BREACH" not in text


def test_history_dates_a_backdated_step_by_when_it_took_effect(assigned_case, investigator_user):
    """Steps entered later with an earlier time (the received time at intake, an acknowledgement
    or a hold from an import) show when they took effect, and apart when and by whom they were
    recorded; the lines are in the order the steps took effect."""
    workflow.case_hold(
        case=assigned_case,
        actor=investigator_user,
        reason="Waiting for Eskom",
        now=at("2026-11-03 08:30"),
    )
    lines = case_history(assigned_case)
    assert [line.when for line in lines] == sorted(line.when for line in lines)
    opened, hold = lines[0], lines[-1]
    assert opened.words.startswith("opened the case") and opened.when == at("2026-11-02 10:00")
    assert hold.when == at("2026-11-03 08:30")
    assert hold.words == "moved the case from investigating to on hold. Reason: Waiting for Eskom"
    assert hold.who == "Bongani Zulu (i.investigator)"
    recorded = (
        AuditEvent.objects.for_object(assigned_case).order_by("-sequence").first().occurred_at
    )
    assert hold.recorded == recorded  # today, not 3 Nov


def test_breaches_appear_in_the_history(make_case):
    case = make_case()
    deadlines_check_all(now=at("2026-11-06 09:00"))
    words = [line.words for line in case_history(case)]
    assert "recorded a BREACH of the acknowledgement deadline (due 2026-11-05 23:59)" in words
    assert any(w.startswith("recorded a warning: 50%") for w in words)
    assert AuditEvent.objects.filter(action="case.deadline_breach", actor=None).count() == 1


def test_findings_steps_are_told_in_words_with_their_detail(assigned_case, investigator_user):
    from investigations.services.findings import case_findings_update

    case_findings_update(
        case=assigned_case,
        actor=investigator_user,
        outcome="substantiated",
        root_cause="agent_conduct",
        findings="The agent hung up.",
    )
    case_findings_update(
        case=assigned_case, actor=investigator_user, outcome="partly_substantiated"
    )
    words = [line.words for line in case_history(assigned_case)]
    first = next(w for w in words if w.startswith("recorded findings") and "root cause" in w)
    assert "outcome none → substantiated" in first
    assert "findings text 0 chars → 18 chars" in first
    assert "recorded findings: outcome substantiated → partly substantiated" in words
