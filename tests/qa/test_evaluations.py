"""qa/services/evaluations.py: start, save, submit, acknowledge, dispute, resolve."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from autoscoring.models import AutoAnswer, AutoScore
from autoscoring.selectors import suggestions_for
from qa.models import Answer, Evaluation
from qa.services import evaluations as ev
from qa.services.evaluation_workflow import allowed_actions
from tests.qa.factories import all_yes, inbound_version, make_call, make_evaluation

pytestmark = pytest.mark.django_db


def test_start_creates_one_blank_answer_per_criterion_of_the_published_version(
    agent_user, qa_officer_user
):
    call = make_call(agent_user)
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=call)
    assert evaluation.version.scorecard.slug == "inbound"
    assert evaluation.version.status == "published"
    assert evaluation.answers.count() == 12
    assert set(evaluation.answers.values_list("answer", flat=True)) == {""}
    assert evaluation.agent.user == agent_user
    # Starting again reopens the same draft.
    assert ev.evaluation_start(actor=qa_officer_user, call=call) == evaluation


def test_an_agent_cannot_start_an_evaluation(agent_user):
    with pytest.raises(PermissionDenied):
        ev.evaluation_start(actor=agent_user, call=make_call(agent_user))


def test_submit_computes_the_score_with_the_one_rule_and_audits(agent_user, qa_officer_user):
    call = make_call(agent_user)
    evaluation = make_evaluation(
        call, qa_officer_user, overrides={"empathy": "no", "hold_etiquette": "na"}
    )
    # 100 points, hold_etiquette (5) is N/A -> 95 possible, empathy (10) failed -> 85/95.
    assert evaluation.state == Evaluation.State.SUBMITTED
    assert evaluation.score == Decimal("89.5")
    assert (evaluation.earned, evaluation.possible) == (85, 95)
    assert evaluation.passed and not evaluation.critical_fail
    event = AuditEvent.objects.for_object(evaluation).get(action="evaluation.submit")
    assert event.changes["score"] == 89.5
    assert event.changes["answers"]["empathy"] == "no"


def test_a_critical_no_zeroes_the_score(agent_user, qa_officer_user):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"reference_number": "no"}
    )
    assert evaluation.score == Decimal("0.0")
    assert evaluation.critical_fail and not evaluation.passed


def test_submit_refuses_an_incomplete_evaluation_and_changes_nothing(agent_user, qa_officer_user):
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=make_call(agent_user))
    ev.evaluation_save(
        actor=qa_officer_user, evaluation=evaluation, answers={"greeting": {"answer": "yes"}}
    )
    with pytest.raises(ValidationError, match="Not answered"):
        ev.evaluation_submit(actor=qa_officer_user, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.state == "draft"
    assert not AuditEvent.objects.filter(action="evaluation.submit").exists()


def test_save_rejects_bad_answers_and_evidence_outside_the_transcript(agent_user, qa_officer_user):
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=make_call(agent_user))
    with pytest.raises(ValidationError, match="not yes, no or N/A"):
        ev.evaluation_save(
            actor=qa_officer_user, evaluation=evaluation, answers={"greeting": {"answer": "maybe"}}
        )
    with pytest.raises(ValidationError, match="no segment 99"):
        ev.evaluation_save(
            actor=qa_officer_user,
            evaluation=evaluation,
            answers={"greeting": {"answer": "yes", "evidence": ["99"]}},
        )
    assert Answer.objects.get(evaluation=evaluation, criterion__key="greeting").answer == ""
    ev.evaluation_save(
        actor=qa_officer_user,
        evaluation=evaluation,
        answers={"greeting": {"answer": "yes", "evidence": ["0"], "comment": "clear"}},
    )
    row = Answer.objects.get(evaluation=evaluation, criterion__key="greeting")
    assert (row.answer, row.evidence, row.comment) == ("yes", [0], "clear")


def test_another_officer_cannot_edit_a_draft(agent_user, qa_officer_user, qa_officer2_user):
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=make_call(agent_user))
    with pytest.raises(PermissionDenied):
        ev.evaluation_save(actor=qa_officer2_user, evaluation=evaluation, answers={})


def test_submitted_evaluation_cannot_be_saved_again(agent_user, qa_officer_user):
    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    with pytest.raises(ValidationError, match="submitted"):
        ev.evaluation_save(
            actor=qa_officer_user, evaluation=evaluation, answers=all_yes(evaluation.version)
        )


def test_agent_acknowledges_own_evaluation_only(agent_user, agent2_user, qa_officer_user):
    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    with pytest.raises(PermissionDenied):
        ev.evaluation_acknowledge(actor=agent2_user, evaluation=evaluation)
    ev.evaluation_acknowledge(actor=agent_user, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.state == "acknowledged" and evaluation.acknowledged_at
    assert (
        AuditEvent.objects.for_object(evaluation).filter(action="evaluation.acknowledge").exists()
    )


def test_dispute_then_resolution_changes_answer_recomputes_score_and_keeps_history(
    agent_user, qa_officer_user, qa_manager_user
):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no", "closing": "no"}
    )
    assert evaluation.score == Decimal("85.0")
    dispute = ev.evaluation_dispute(
        actor=agent_user,
        evaluation=evaluation,
        reasons={"empathy": "I said I'm sorry to hear that at 9s."},
    )
    evaluation.refresh_from_db()
    assert evaluation.state == "disputed"
    ev.dispute_resolve(
        actor=qa_manager_user,
        dispute=dispute,
        decisions={
            "empathy": {
                "decision": "changed",
                "answer": "yes",
                "reason": "Segment 2 shows empathy.",
            },
        },
    )
    evaluation.refresh_from_db()
    dispute.refresh_from_db()
    assert evaluation.state == "resolved"
    assert evaluation.score == Decimal("95.0")
    assert (dispute.score_before, dispute.score_after) == (Decimal("85.0"), Decimal("95.0"))
    item = dispute.items.get()
    assert (item.original_answer, item.new_answer, item.decision) == ("no", "yes", "changed")
    actions = list(AuditEvent.objects.for_object(evaluation).values_list("action", flat=True))
    assert actions == [
        "evaluation.submit",
        "evaluation.dispute",
        "dispute.resolve",
        "evaluation.change",
    ]
    change = AuditEvent.objects.for_object(evaluation).get(action="evaluation.change")
    assert change.changes["answers"] == {"empathy": {"old": "no", "new": "yes"}}


def test_upholding_keeps_the_score(agent_user, qa_officer_user, qa_manager_user):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    dispute = ev.evaluation_dispute(
        actor=agent_user, evaluation=evaluation, reasons={"empathy": "unfair"}
    )
    ev.dispute_resolve(
        actor=qa_manager_user,
        dispute=dispute,
        decisions={"empathy": {"decision": "upheld", "reason": "No empathy heard."}},
    )
    evaluation.refresh_from_db()
    assert evaluation.score == Decimal("90.0") and evaluation.state == "resolved"
    assert not AuditEvent.objects.filter(action="evaluation.change").exists()


def test_dispute_needs_a_reason_and_the_window(agent_user, qa_officer_user, settings):
    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    with pytest.raises(ValidationError, match="reason"):
        ev.evaluation_dispute(actor=agent_user, evaluation=evaluation, reasons={"empathy": "  "})
    Evaluation.objects.filter(pk=evaluation.pk).update(
        submitted_at=timezone.now() - timedelta(days=settings.QA_DISPUTE_WINDOW_DAYS + 1)
    )
    evaluation.refresh_from_db()
    assert "dispute" not in allowed_actions(evaluation, agent_user)
    with pytest.raises(ValidationError, match="window"):
        ev.evaluation_dispute(actor=agent_user, evaluation=evaluation, reasons={"empathy": "late"})


def test_the_evaluator_cannot_resolve_and_every_item_needs_a_decision(
    agent_user, qa_manager_user, qa_officer_user
):
    from org.services import user_set_roles

    # A manager who also scored the call.
    user_set_roles(user=qa_manager_user, roles=["qa_manager"])
    evaluation = make_evaluation(
        make_call(agent_user), qa_manager_user, overrides={"empathy": "no"}
    )
    dispute = ev.evaluation_dispute(
        actor=agent_user, evaluation=evaluation, reasons={"empathy": "x", "closing": "y"}
    )
    with pytest.raises(PermissionDenied):
        ev.dispute_resolve(actor=qa_manager_user, dispute=dispute, decisions={})
    with pytest.raises(PermissionDenied):
        ev.dispute_resolve(actor=qa_officer_user, dispute=dispute, decisions={})


def test_resolution_requires_every_criterion(agent_user, qa_officer_user, qa_manager_user):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    dispute = ev.evaluation_dispute(
        actor=agent_user, evaluation=evaluation, reasons={"empathy": "x", "closing": "y"}
    )
    with pytest.raises(ValidationError, match="Not decided: Agent closes politely"):
        ev.dispute_resolve(
            actor=qa_manager_user,
            dispute=dispute,
            decisions={"empathy": {"decision": "changed", "answer": "yes", "reason": "ok"}},
        )
    evaluation.refresh_from_db()
    assert evaluation.score == Decimal("90.0")
    assert Answer.objects.get(evaluation=evaluation, criterion__key="empathy").answer == "no"


def test_visible_to_scopes_by_role(
    agent_user,
    agent2_user,
    team_leader_user,
    qa_officer_user,
    qa_officer2_user,
    qa_manager_user,
    investigator_user,
):
    mine = make_evaluation(make_call(agent_user), qa_officer_user)
    other = make_evaluation(make_call(agent2_user), qa_officer2_user)
    draft = make_evaluation(make_call(agent_user), qa_officer_user, submit=False)
    visible = lambda user: set(Evaluation.objects.visible_to(user))  # noqa: E731
    assert visible(agent_user) == {mine}
    assert visible(agent2_user) == {other}
    assert visible(team_leader_user) == {mine, other}  # leads Inbound A and Collections A
    assert visible(qa_officer_user) == {mine, draft}
    assert visible(qa_officer2_user) == {other}
    assert visible(qa_manager_user) == {mine, other, draft}
    assert visible(investigator_user) == set()


def test_suggestions_prefill_answers_and_both_are_kept(agent_user, qa_officer_user):
    call = make_call(agent_user)
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=call)
    greeting = evaluation.version.criteria.get(key="greeting")
    evidence = [{"segment_index": 0, "start": 0.0, "end": 4.1, "text": "Good morning"}]
    row = ev.prefilled_answer(
        evaluation,
        greeting,
        {"answer": "yes", "confidence": 0.93, "evidence": evidence, "source": "rule"},
    )
    assert (row.answer, row.suggested_answer, row.suggestion_source) == ("yes", "yes", "rule")
    assert row.suggestion_confidence == 0.93 and row.evidence == [0]
    assert row.suggestion_evidence == evidence
    blank = ev.prefilled_answer(evaluation, greeting, {"answer": "maybe"})
    assert (blank.answer, blank.suggested_answer) == ("", "")
    # The officer overrides: the final answer changes, the suggestion stays.
    Answer.objects.filter(evaluation=evaluation, criterion=greeting).delete()
    row.save()
    ev.evaluation_save(
        actor=qa_officer_user, evaluation=evaluation, answers={"greeting": {"answer": "no"}}
    )
    row.refresh_from_db()
    assert (row.answer, row.suggested_answer) == ("no", "yes") and row.overrides_suggestion


def test_evaluation_start_prefills_from_stored_auto_scores(agent_user, qa_officer_user):
    call = make_call(agent_user)
    version = inbound_version()
    auto = AutoScore.objects.create(call=call, version=version, engine="test rules 1")
    greeting = version.criteria.get(key="greeting")
    evidence = [{"segment_index": 0, "start": 0.0, "end": 4.1, "text": "Good morning"}]
    AutoAnswer.objects.create(
        auto_score=auto, criterion=greeting, criterion_key="greeting", answer="yes",
        confidence=0.9, source="rule", evidence=evidence,
    )  # fmt: skip
    empathy = version.criteria.get(key="empathy")
    AutoAnswer.objects.create(
        auto_score=auto, criterion=empathy, criterion_key="empathy", answer="", source="human"
    )
    assert suggestions_for(call, version)["greeting"]["answer"] == "yes"
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=call)
    row = evaluation.answers.get(criterion=greeting)
    assert (row.answer, row.suggested_answer, row.suggestion_source) == ("yes", "yes", "rule")
    assert row.evidence == [0]
    assert evaluation.answers.get(criterion=empathy).suggested_answer == ""


def test_an_officer_sees_evaluations_on_calls_assigned_to_them(
    agent_user, qa_officer_user, qa_officer2_user, qa_manager_user
):
    from qa.models import SampleItem
    from qa.services.sampling import sample_draw, sample_item_reassign, sampling_plan_save
    from tests.qa.factories import at

    call = make_call(agent_user, started_at=at(2026, 11, 3))
    plan = sampling_plan_save(
        actor=qa_manager_user, name="W", period="week", calls_per_agent=1, risk_pulls=False
    )
    sample = sample_draw(
        actor=qa_manager_user, plan=plan, day=call.started_at.date(), officers=[qa_officer_user]
    )
    item = sample.items.get()
    evaluation = make_evaluation(call, qa_officer_user, sample_item=item)
    assert evaluation not in Evaluation.objects.visible_to(qa_officer2_user)
    SampleItem.objects.filter(pk=item.pk).update(assigned_to=qa_officer2_user)
    assert evaluation in Evaluation.objects.visible_to(qa_officer2_user)
    # The service refuses to move a call whose evaluation is submitted.
    with pytest.raises(ValidationError, match="cannot be reassigned"):
        sample_item_reassign(
            actor=qa_manager_user, item=SampleItem.objects.get(pk=item.pk), officer=qa_officer_user
        )


@pytest.mark.parametrize(
    "hint",
    [
        {"answer": "yes", "confidence": 0.54, "source": "model"},
        {"answer": "check", "confidence": 0.9, "source": "model"},
        {"answer": "no", "confidence": None, "source": "rule"},
    ],
    ids=["low confidence", "check", "no confidence"],
)
def test_an_unsure_suggestion_is_a_question_and_is_not_prefilled(agent_user, qa_officer_user, hint):
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=make_call(agent_user))
    greeting = evaluation.version.criteria.get(key="greeting")
    evidence = [{"segment_index": 0, "start": 0.0, "end": 4.1, "text": "Good morning"}]
    row = ev.prefilled_answer(evaluation, greeting, dict(hint, evidence=evidence))
    assert row.answer == "" and row.evidence == []
    # The suggestion is still kept beside the answer, for agreement figures.
    assert row.suggestion_evidence == evidence and row.suggestion_source == hint["source"]
    assert ev.is_question(hint)


def test_a_confident_suggestion_is_not_a_question():
    assert not ev.is_question({"answer": "yes", "confidence": 0.7})


def test_submit_refuses_a_failed_criterion_without_a_comment(agent_user, qa_officer_user):
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=make_call(agent_user))
    answers = all_yes(evaluation.version)
    answers["empathy"] = {"answer": "no", "comment": "  "}
    ev.evaluation_save(actor=qa_officer_user, evaluation=evaluation, answers=answers)
    with pytest.raises(ValidationError, match="Say why each failed criterion"):
        ev.evaluation_submit(actor=qa_officer_user, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.state == "draft"
    answers["empathy"]["comment"] = "No acknowledgement of the burst pipe."
    ev.evaluation_save(actor=qa_officer_user, evaluation=evaluation, answers=answers)
    ev.evaluation_submit(actor=qa_officer_user, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.state == "submitted"
