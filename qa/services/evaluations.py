"""Writes to evaluations: start (pre-filled with auto-score suggestions), save a draft, submit,
acknowledge, dispute, resolve. Each step is checked against the one transition table
(:mod:`qa.services.evaluation_workflow`) before anything is written. Every change after
submission is an audit event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from autoscoring.selectors import suggestions_for
from calls.models import Call
from core.access import Role, user_has_role
from core.people import person_name
from qa.models import Answer, CalibrationSession, Dispute, DisputeItem, Evaluation, SampleItem
from qa.selectors.versions import version_in_use
from qa.services.evaluation_workflow import transition_check
from qa.services.notices import (
    dispute_raised_notify,
    dispute_resolved_notify,
    evaluation_submitted_notify,
)
from scorecards.models import ScorecardVersion
from scoring.scorecard import ANSWERS, compute_score


def _version_for(call: Call, sample_item: SampleItem | None = None) -> ScorecardVersion:
    """The version the call was sampled under, else the one in use now."""
    version = sample_item.version if sample_item and sample_item.version_id else None
    version = version or version_in_use(call)
    if version is None:
        raise ValidationError(f"No published scorecard applies to {call} (section {call.section}).")
    return version


@transaction.atomic
def evaluation_start(
    *,
    actor,
    call: Call,
    sample_item: SampleItem | None = None,
    calibration_session: CalibrationSession | None = None,
) -> Evaluation:
    """Open (or reopen) the actor's draft evaluation of a call, with one answer row per
    criterion, pre-filled from auto-score suggestions where they exist."""
    if not user_has_role(actor, Role.QA_OFFICER, Role.QA_MANAGER):
        raise PermissionDenied("Only QA officers and managers score calls.")
    if calibration_session is not None:
        if calibration_session.state != CalibrationSession.State.OPEN:
            raise ValidationError("This calibration session is closed.")
        existing = calibration_session.evaluations.filter(evaluator=actor).first()
        if existing:
            return existing
        version = calibration_session.version
        kind = Evaluation.Kind.CALIBRATION
    else:
        if sample_item is not None:
            if sample_item.assigned_to_id not in (None, actor.pk) and not user_has_role(
                actor, Role.QA_MANAGER
            ):
                raise PermissionDenied("This call is assigned to another QA officer.")
            existing = Evaluation.objects.filter(sample_item=sample_item).first()
            if existing:
                if existing.evaluator_id != actor.pk:
                    raise ValidationError("Another officer has already started this evaluation.")
                return existing
        else:
            existing = Evaluation.objects.filter(
                call=call,
                evaluator=actor,
                state=Evaluation.State.DRAFT,
                kind=Evaluation.Kind.REGULAR,
            ).first()
            if existing:
                return existing
        version = _version_for(call, sample_item)
        kind = Evaluation.Kind.REGULAR
    evaluation = Evaluation(
        call=call,
        version=version,
        agent=call.agent,
        evaluator=actor,
        evaluator_name=person_name(actor),
        kind=kind,
        sample_item=sample_item,
        calibration_session=calibration_session,
    )
    evaluation.full_clean()
    evaluation.save()
    # Calibration is blind: no suggestions, so officers score from the call alone.
    suggestions = {} if calibration_session else suggestions_for(call, version)
    rows = [prefilled_answer(evaluation, c, suggestions.get(c.key)) for c in version.criteria.all()]
    Answer.objects.bulk_create(rows)
    return evaluation


# A suggestion below this confidence, or one the auto-scorer marks ``check``, is put to the
# officer as a question: shown with its reason and evidence, never pre-filled as an answer.
PREFILL_MIN_CONFIDENCE = 0.7


def is_question(hint: dict) -> bool:
    """True when a suggestion is too unsure to pre-fill (answer ``check`` or low confidence)."""
    if hint.get("answer") == "check":
        return True
    confidence = hint.get("confidence")
    return confidence is None or confidence < PREFILL_MIN_CONFIDENCE


def prefilled_answer(evaluation: Evaluation, criterion, hint: dict | None) -> Answer:
    """An unsaved answer row: pre-filled with the suggestion when there is a confident one
    (marked as such by ``suggested_answer``/``suggestion_source``), blank otherwise. A question
    (see :func:`is_question`) keeps the suggestion beside the row but leaves ``answer`` and
    ``evidence`` blank for the officer. The officer's final answer overwrites ``answer``; the
    suggestion fields never change."""
    hint = hint or {}
    suggested = hint.get("answer") if hint.get("answer") in ANSWERS else ""
    if not suggested and hint.get("answer") != "check":
        return Answer(evaluation=evaluation, criterion=criterion)
    evidence = [e for e in hint.get("evidence") or [] if isinstance(e, dict)]
    question = is_question(hint)
    return Answer(
        evaluation=evaluation,
        criterion=criterion,
        answer="" if question else suggested,
        suggested_answer=suggested,
        suggestion_source=(hint.get("source") or "auto")[:20],
        suggestion_confidence=hint.get("confidence"),
        suggestion_evidence=evidence,
        evidence=[]
        if question
        else sorted(
            {e["segment_index"] for e in evidence if isinstance(e.get("segment_index"), int)}
        ),
    )


def _segment_count(call: Call) -> int:
    transcript = getattr(call, "transcript", None)
    return len(transcript.segments) if transcript else 0


def _clean_evidence(raw, segment_count: int, label: str) -> list[int]:
    indexes = []
    for value in raw or []:
        try:
            index = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"{label}: evidence {value!r} is not a segment number.") from None
        if not 0 <= index < segment_count:
            raise ValidationError(f"{label}: the transcript has no segment {index}.")
        if index not in indexes:
            indexes.append(index)
    return sorted(indexes)


@transaction.atomic
def evaluation_save(
    *, actor, evaluation: Evaluation, answers: dict[str, dict], comment: str | None = None
) -> Evaluation:
    """Save answers to a draft. ``answers`` maps criterion key to ``{"answer", "comment",
    "evidence"}`` (any subset of keys). Bad input raises and changes nothing."""
    evaluation = Evaluation.objects.select_for_update(of=("self",)).get(pk=evaluation.pk)
    transition_check(evaluation, "save", actor)
    rows = {a.criterion.key: a for a in evaluation.answers.select_related("criterion")}
    unknown = set(answers) - set(rows)
    if unknown:
        raise ValidationError(f"Unknown criteria: {', '.join(sorted(unknown))}.")
    segment_count = _segment_count(evaluation.call)
    changed = []
    for key, data in answers.items():
        row = rows[key]
        label = row.criterion.text
        value = data.get("answer", row.answer) or ""
        if value not in ("", *ANSWERS):
            raise ValidationError(f"{label}: {value!r} is not yes, no or N/A.")
        row.answer = value
        if "comment" in data:
            row.comment = (data.get("comment") or "").strip()
        if "evidence" in data:
            row.evidence = _clean_evidence(data.get("evidence"), segment_count, label)
        row.full_clean(exclude=["evaluation", "criterion"])
        changed.append(row)
    Answer.objects.bulk_update(changed, ["answer", "comment", "evidence"])
    if comment is not None:
        evaluation.comment = comment.strip()
    _apply_score(evaluation, partial=True)
    evaluation.save()
    return evaluation


def _apply_score(evaluation: Evaluation, *, partial: bool = False):
    """Recompute the stored score from the answers with the one scoring rule."""
    answers = {a.criterion.key: a.answer for a in evaluation.answers.select_related("criterion")}
    if partial and any(v == "" for v in answers.values()):
        evaluation.score = None
        evaluation.earned = evaluation.possible = 0
        evaluation.critical_fail = evaluation.passed = False
        return None
    result = compute_score(
        evaluation.version.rules(), answers, pass_mark=float(evaluation.version.pass_mark)
    )
    evaluation.score = result.score_decimal
    evaluation.earned = result.earned
    evaluation.possible = result.possible
    evaluation.critical_fail = result.critical_fail
    evaluation.passed = result.passed
    return result


@transaction.atomic
def evaluation_submit(*, actor, evaluation: Evaluation, request=None) -> Evaluation:
    evaluation = Evaluation.objects.select_for_update(of=("self",)).get(pk=evaluation.pk)
    transition = transition_check(evaluation, "submit", actor)
    missing = list(evaluation.answers.filter(answer="").values_list("criterion__text", flat=True))
    if missing:
        raise ValidationError(
            f"Answer every criterion before submitting. Not answered: {'; '.join(missing)}."
        )
    uncommented = [
        a.criterion.text
        for a in evaluation.answers.select_related("criterion")
        if a.answer == "no" and not a.comment.strip()
    ]
    if uncommented:
        raise ValidationError(
            "Say why each failed criterion was not met (a comment is needed on: "
            + "; ".join(uncommented)
            + ")."
        )
    result = _apply_score(evaluation)
    evaluation.state = transition.target
    evaluation.submitted_at = timezone.now()
    evaluation.submitted_on = timezone.localdate(evaluation.submitted_at)
    evaluation.full_clean()
    evaluation.save()
    overridden = [
        a.criterion.key
        for a in evaluation.answers.select_related("criterion")
        if a.overrides_suggestion
    ]
    audit_record(
        actor=actor,
        action="evaluation.submit",
        obj=evaluation,
        request=request,
        changes={
            "state": {"old": "draft", "new": "submitted"},
            "score": result.score,
            "critical_fail": result.critical_fail,
            "passed": result.passed,
            "version": str(evaluation.version),
            "answers": {
                a.criterion.key: a.answer for a in evaluation.answers.select_related("criterion")
            },
            "overrode_suggestions": overridden,
        },
    )
    evaluation_submitted_notify(evaluation)
    return evaluation


@transaction.atomic
def evaluation_acknowledge(*, actor, evaluation: Evaluation, request=None) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("agent")
        .get(pk=evaluation.pk)
    )
    transition = transition_check(evaluation, "acknowledge", actor)
    evaluation.state = transition.target
    evaluation.acknowledged_at = timezone.now()
    evaluation.full_clean()
    evaluation.save()
    audit_record(
        actor=actor,
        action="evaluation.acknowledge",
        obj=evaluation,
        request=request,
        changes={"state": {"old": "submitted", "new": "acknowledged"}},
    )
    return evaluation


@transaction.atomic
def evaluation_dispute(
    *, actor, evaluation: Evaluation, reasons: dict[str, str], request=None
) -> Dispute:
    """The agent disputes specific criteria (key -> reason) within the dispute window."""
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("agent")
        .get(pk=evaluation.pk)
    )
    transition = transition_check(evaluation, "dispute", actor)
    reasons = {k: (v or "").strip() for k, v in reasons.items()}
    if not reasons:
        raise ValidationError("Choose at least one criterion to dispute.")
    rows = {a.criterion.key: a for a in evaluation.answers.select_related("criterion")}
    unknown = set(reasons) - set(rows)
    if unknown:
        raise ValidationError("Choose among the criteria of this evaluation.")
    empty = [rows[k].criterion.text for k, v in reasons.items() if not v]
    if empty:
        raise ValidationError(
            f"Give a reason for each disputed criterion. No reason for: {'; '.join(empty)}."
        )
    dispute = Dispute(
        evaluation=evaluation,
        raised_by=actor,
        raised_by_name=person_name(actor),
        score_before=evaluation.score,
    )
    dispute.full_clean()
    dispute.save()
    for key, reason in reasons.items():
        DisputeItem.objects.create(
            dispute=dispute, answer=rows[key], reason=reason, original_answer=rows[key].answer
        )
    old_state = evaluation.state
    evaluation.state = transition.target
    evaluation.save()
    audit_record(
        actor=actor,
        action="evaluation.dispute",
        obj=evaluation,
        request=request,
        changes={"state": {"old": old_state, "new": "disputed"}, "criteria": reasons},
    )
    dispute_raised_notify(dispute)
    return dispute


def _dispute_item_decide(item: DisputeItem, decision: dict) -> dict | None:
    """Record the decision on one disputed criterion (inside ``dispute_resolve``'s
    transaction); returns ``{"old", "new"}`` when the answer changed."""
    label = item.answer.criterion.text
    choice = decision.get("decision")
    reason = (decision.get("reason") or "").strip()
    if not reason:
        raise ValidationError(f"{label}: give a reason for the decision.")
    change = None
    if choice == DisputeItem.Decision.UPHELD:
        item.new_answer = item.answer.answer
    elif choice == DisputeItem.Decision.CHANGED:
        new = decision.get("answer")
        if new not in ANSWERS:
            raise ValidationError(f"{label}: choose the new answer (yes, no or N/A).")
        if new == item.answer.answer:
            raise ValidationError(f"{label}: the new answer equals the old one; uphold it instead.")
        item.new_answer = new
        change = {"old": item.answer.answer, "new": new}
        item.answer.answer = new
        item.answer.save(update_fields=["answer"])
    else:
        raise ValidationError(f"{label}: choose uphold or change.")
    item.decision = choice
    item.resolution_reason = reason
    item.full_clean()
    item.save()
    return change


@transaction.atomic
def dispute_resolve(
    *, actor, dispute: Dispute, decisions: dict[str, dict], request=None
) -> Dispute:
    """A QA manager who did not score the call decides every disputed criterion:
    ``{key: {"decision": "upheld"|"changed", "answer": new answer if changed, "reason": str}}``.
    Changed answers are written, the score recomputed, and each change audited."""
    dispute = (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("evaluation")
        .get(pk=dispute.pk)
    )
    evaluation = dispute.evaluation
    transition = transition_check(evaluation, "resolve", actor)
    items = {i.answer.criterion.key: i for i in dispute.items.select_related("answer__criterion")}
    missing = [i.answer.criterion.text for k, i in items.items() if k not in decisions]
    if missing:
        raise ValidationError(
            f"Decide every disputed criterion. Not decided: {'; '.join(missing)}."
        )
    if set(decisions) - set(items):
        raise ValidationError("Decide only the criteria the agent disputed.")
    answer_changes = {}
    for key, item in items.items():
        change = _dispute_item_decide(item, decisions[key])
        if change:
            answer_changes[key] = change
    old_score = evaluation.score
    result = _apply_score(evaluation)
    evaluation.state = transition.target
    evaluation.save()
    dispute.state = Dispute.State.RESOLVED
    dispute.resolved_by = actor
    dispute.resolved_by_name = person_name(actor)
    dispute.resolved_at = timezone.now()
    dispute.score_after = evaluation.score
    dispute.full_clean()
    dispute.save()
    audit_record(
        actor=actor,
        action="dispute.resolve",
        obj=evaluation,
        request=request,
        changes={
            "decisions": {
                k: {"decision": d.get("decision"), "reason": d.get("reason")}
                for k, d in decisions.items()
            },
        },
    )
    if answer_changes:
        audit_record(
            actor=actor,
            action="evaluation.change",
            obj=evaluation,
            request=request,
            changes={
                "answers": answer_changes,
                "score": {
                    "old": None if old_score is None else str(old_score),
                    "new": result.score,
                },
                "passed": result.passed,
                "critical_fail": result.critical_fail,
                "via": f"dispute {dispute.pk}",
            },
        )
    dispute_resolved_notify(dispute, resolver=actor)
    return dispute
