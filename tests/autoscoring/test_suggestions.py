"""The auto-scoring service and task: suggestions stored per call and version, with evidence."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from autoscoring.models import AutoAnswer, AutoScore
from autoscoring.selectors import agreement_report
from autoscoring.services.suggestions import call_autoscore
from autoscoring.tasks import autoscore_call
from calls.hooks import on_transcribed
from qa.models import Answer, Dispute, DisputeItem, Evaluation
from scorecards.models import ScorecardVersion
from scoring.detectors import RULES_VERSION
from tests.autoscoring.factories import make_call

pytestmark = pytest.mark.django_db


def test_a_transcribed_call_gets_suggestions_with_evidence(site_data):
    call = make_call()
    auto = call_autoscore(call=call)
    assert auto.version.scorecard.slug == "inbound" and auto.version.number == 1
    answers = {a.criterion_key: a for a in auto.answers.all()}
    assert len(answers) == 12
    assert answers["reference_number"].answer == "yes"
    assert answers["reference_number"].source == "rule"
    assert answers["reference_number"].engine_version == RULES_VERSION
    assert answers["reference_number"].evidence[0]["segment_index"] == 4
    assert (auto.score, auto.critical_fail, auto.passed) == (100, False, True)


def test_evidence_shows_the_redacted_text(site_data):
    call = make_call()
    auto = call_autoscore(call=call)
    location = auto.answers.get(criterion_key="capture_location")
    texts = " ".join(e["text"] for a in auto.answers.all() for e in a.evidence)
    assert "082 555 1234" not in texts and "14 Mpho Street" not in texts
    assert location.answer == "yes"


def test_scoring_twice_changes_nothing_and_audits_once(site_data):
    call = make_call()
    first = call_autoscore(call=call)
    ids = sorted(first.answers.values_list("pk", flat=True))
    again = call_autoscore(call=call)
    assert again.pk == first.pk
    assert sorted(again.answers.values_list("pk", flat=True)) == ids
    events = AuditEvent.objects.for_object(call).filter(action="autoscore.run")
    assert events.count() == 1


def test_flagged_or_untranscribed_calls_are_left_to_people(site_data):
    flagged = make_call(needs_listening=True)
    waiting = make_call(state="received")
    assert call_autoscore(call=flagged) is None
    assert call_autoscore(call=waiting) is None
    assert not AutoScore.objects.exists()
    assert "flagged" in autoscore_call.call(flagged.pk)
    assert autoscore_call.call(waiting.pk).startswith("not transcribed")


def test_a_call_is_scored_in_the_background_once_its_transcription_commits(
    site_data, django_capture_on_commit_callbacks
):
    call = make_call()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        on_transcribed.send_on_commit(call.pk)
        assert not AutoScore.objects.filter(call=call).exists()
    assert len(callbacks) == 1
    assert AutoScore.objects.filter(call=call).count() == 1


def test_outbound_calls_use_the_collection_scorecard(site_data):
    call = make_call(
        section="outbound_collection",
        direction="outbound",
        segments=[
            {"speaker": "caller", "start": 0, "end": 1, "text": "Hello?"},
            {
                "speaker": "agent",
                "start": 1.2,
                "end": 5,
                "text": "Good morning, Sizwe from the City of Ekurhuleni. Your account is R900 "
                "in arrears.",
            },
        ],  # fmt: skip
    )
    auto = call_autoscore(call=call)
    assert auto.version.scorecard.slug == "outbound_collection"
    right_party = auto.answers.get(criterion_key="right_party")
    assert right_party.answer == "no" and auto.critical_fail and auto.score == 0


def test_a_criterion_without_detector_is_stored_as_left_to_people(site_data):
    published = ScorecardVersion.objects.get(scorecard__slug="inbound", number=1)
    draft = ScorecardVersion.objects.create(scorecard=published.scorecard, number=2)
    for c in published.criteria.all():
        c.pk, c.version, c.group = None, draft, None
        if c.key == "empathy":
            c.detector_key = ""  # a new criterion wording nobody wrote a detector for yet
        c.save()
    auto = call_autoscore(call=make_call(), version=draft)
    empathy = auto.answers.get(criterion_key="empathy")
    assert (empathy.answer, empathy.source) == ("", AutoAnswer.Source.HUMAN)
    assert not auto.complete


def test_the_officers_final_answer_is_kept_apart_from_the_suggestion(site_data, qa_officer_user):
    call = make_call()
    auto = call_autoscore(call=call)
    evaluation = Evaluation.objects.create(
        call=call, version=auto.version, evaluator=qa_officer_user, evaluator_name="Pieter",
        state="submitted", submitted_at=auto.created_at, submitted_on=auto.created_at.date(),
    )  # fmt: skip
    for a in auto.answers.all():
        final = "no" if a.criterion_key == "empathy" else a.answer
        Answer.objects.create(
            evaluation=evaluation, criterion=a.criterion, answer=final,
            suggested_answer=a.answer, suggestion_source=a.source,
        )  # fmt: skip
    call_autoscore(call=call)
    assert auto.answers.get(criterion_key="empathy").answer == "yes"
    assert Answer.objects.get(evaluation=evaluation, criterion__key="empathy").answer == "no"
    report = {row.key: row for row in agreement_report(version=auto.version)}
    assert (report["empathy"].n, report["empathy"].agree) == (1, 0)
    assert (report["greeting"].n, report["greeting"].agree) == (1, 1)


def test_backfill_queues_only_calls_without_suggestions(site_data):
    from io import StringIO

    from django.core.management import call_command

    done = make_call()
    call_autoscore(call=done)
    missing = make_call()
    make_call(needs_listening=True)
    out = StringIO()
    call_command("autoscore_calls", stdout=out)  # tasks run inline in tests
    assert "Queued auto-scoring for 1 call." in out.getvalue()
    assert set(AutoScore.objects.values_list("call_id", flat=True)) == {done.pk, missing.pk}
    out = StringIO()
    call_command("autoscore_calls", "--all", "--now", stdout=out)
    assert "Auto-scored 2 calls." in out.getvalue()


def test_confirmed_answers_become_training_examples_and_upheld_disputes_weigh_more(
    site_data, qa_officer_user
):
    from autoscoring.services.training import DISPUTE_WEIGHT, load_training_examples

    call = make_call()
    auto = call_autoscore(call=call)
    evaluation = Evaluation.objects.create(
        call=call, version=auto.version, evaluator=qa_officer_user, evaluator_name="Pieter",
        state="resolved", submitted_at=auto.created_at, submitted_on=auto.created_at.date(),
    )  # fmt: skip
    answers = {}
    for a in auto.answers.all():
        answers[a.criterion_key] = Answer.objects.create(
            evaluation=evaluation, criterion=a.criterion, answer=a.answer,
            suggested_answer=a.answer, suggestion_source=a.source,
        )  # fmt: skip
    # The agent disputed "empathy: yes" (the machine's suggestion too) and won: now "no".
    changed = answers["empathy"]
    changed.answer = "no"
    changed.save()
    dispute = Dispute.objects.create(
        evaluation=evaluation, raised_by_name="Thabo", state="resolved"
    )
    DisputeItem.objects.create(
        dispute=dispute,
        answer=changed,
        reason="I did say sorry?",
        original_answer="yes",
        decision="changed",
        new_answer="no",
    )
    draft = Evaluation.objects.create(
        call=make_call(), version=auto.version, evaluator=qa_officer_user, evaluator_name="Pieter"
    )
    Answer.objects.create(evaluation=draft, criterion=changed.criterion, answer="yes")

    examples = load_training_examples(auto.version)
    assert len(examples) == 12  # the draft does not count
    by_key = {e.criterion_key: e for e in examples}
    assert (by_key["empathy"].answer, by_key["empathy"].weight) == ("no", DISPUTE_WEIGHT)
    assert by_key["greeting"].weight == 1.0
    assert by_key["greeting"].transcript.segments[0].text.startswith("Good morning")
