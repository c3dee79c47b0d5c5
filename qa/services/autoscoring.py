"""Auto-scoring of stored calls: the Django side of :mod:`scoring.autoscore`.

Writes: :func:`call_autoscore` (suggestions for one call), :func:`autoscore_train` (models for a
scorecard version). Reads used by the commands, views and training:
:func:`autoscore_transcript`, :func:`load_training_examples`; the agreement dashboard reads
:func:`qa.selectors.autoscore.agreement_report`.

Where the rest of the product joins in:

- a transcribed call is queued for auto-scoring through the ``calls.hooks.on_transcribed`` hook,
  connected in ``QaConfig.ready()`` to ``qa.tasks.queue_autoscore``;
- the QA workspace reads ``qa.AutoScore``/``qa.AutoAnswer`` to pre-fill an evaluation and keeps
  the suggestion beside the officer's answer (``qa.Answer.suggested_answer`` / ``answer``);
- training and the agreement dashboard read those confirmed answers back.
"""

from __future__ import annotations

import json
from pathlib import Path
from threading import Lock

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from calls.models import Call
from calls.models import Transcript as StoredTranscript
from qa.models import Answer, AutoAnswer, AutoScore, DisputeItem, Scorecard, ScorecardVersion
from scoring.autoscore import AutoCriterion, AutoScoreResult, autoscore
from scoring.learning import Example, TrainingOutcome, load_models, train_scorecard
from scoring.scorecard import ANSWERS, score_decimal
from scoring.transcript import Transcript, TranscriptFormatError

# An answer the agent's dispute changed, where the machine had suggested the old answer: the
# machine was wrong in a way a person checked twice, so it teaches more.
DISPUTE_WEIGHT = 2.0


class AutoscoreError(ValueError):
    """Bad input to auto-scoring: an unknown scorecard or version, an unreadable transcript."""


# --- scorecard data ------------------------------------------------------------------------------


def criteria_for(version: ScorecardVersion) -> list[AutoCriterion]:
    """The version's criteria as the scorer needs them (one query)."""
    return [
        AutoCriterion(key=c.key, points=c.points, critical=c.critical, detector_key=c.detector_key)
        for c in version.criteria.order_by("order", "id")
    ]


def version_for(slug: str, number: int | None = None) -> ScorecardVersion:
    """A scorecard version by slug and number, or the current published one."""
    scorecard = Scorecard.objects.filter(slug=slug).first()
    if scorecard is None:
        known = ", ".join(Scorecard.objects.order_by("slug").values_list("slug", flat=True))
        raise AutoscoreError(f"Unknown scorecard {slug!r} (known: {known or 'none'}).")
    if number is None:
        version = scorecard.current_version()
        if version is None:
            raise AutoscoreError(f"Scorecard {slug!r} has no published version.")
        return version
    version = scorecard.versions.filter(number=number).first()
    if version is None:
        numbers = ", ".join(str(n) for n in scorecard.versions.values_list("number", flat=True))
        raise AutoscoreError(f"Scorecard {slug!r} has no version {number} (has: {numbers}).")
    return version


# --- learned models ------------------------------------------------------------------------------


def models_dir() -> Path:
    return Path(settings.AUTOSCORE_MODELS_DIR)


def model_folder(version: ScorecardVersion) -> Path:
    return models_dir() / version.scorecard.slug / f"v{version.number}"


_models_lock = Lock()
_models_cache: dict[str, tuple[tuple, dict]] = {}


def models_for(version: ScorecardVersion) -> dict:
    """The trained models that beat their rule for this version (reloaded when files change)."""
    folder = model_folder(version)
    cards = sorted(folder.glob("*.card.json")) if folder.is_dir() else []
    signature = tuple((p.name, p.stat().st_mtime_ns) for p in cards)
    with _models_lock:
        cached = _models_cache.get(str(folder))
        if cached is not None and cached[0] == signature:
            return cached[1]
        models = load_models(folder) if cards else {}
        _models_cache[str(folder)] = (signature, models)
        return models


# --- scoring -------------------------------------------------------------------------------------


def autoscore_transcript(transcript: Transcript, version: ScorecardVersion) -> AutoScoreResult:
    """Score a transcript against a version: its rules, plus its models that beat them."""
    return autoscore(
        transcript,
        criteria_for(version),
        pass_mark=float(version.pass_mark),
        models=models_for(version),
        hold_seconds=settings.TRANSCRIPTION_HOLD_SECONDS,
    )


def stored_transcript(call: Call) -> Transcript | None:
    row = StoredTranscript.objects.filter(call=call).first()
    if row is None:
        return None
    try:
        return Transcript.from_dict(
            {
                "call_id": str(call.pk),
                "language": row.language or None,
                "duration_s": call.duration_s,
                "segments": row.segments,
            }
        )
    except TranscriptFormatError as exc:
        raise AutoscoreError(f"The stored transcript of {call} is malformed: {exc}") from exc


def _redacted_texts(call: Call) -> list[str] | None:
    row = StoredTranscript.objects.filter(call=call).only("segments", "redacted_segments").first()
    if row is None or len(row.redacted_segments or []) != len(row.segments or []):
        return None
    return [str(s.get("text", "")) for s in row.redacted_segments]


def skip_reason(call: Call) -> str:
    """Why a call is not auto-scored ("" when it is)."""
    if call.state != Call.State.TRANSCRIBED:
        return f"not transcribed (state {call.state})"
    if call.needs_listening:
        return "transcript flagged for listening (language or low confidence): left to people"
    return ""


@transaction.atomic
def call_autoscore(
    *, call: Call, version: ScorecardVersion | None = None, actor=None
) -> AutoScore | None:
    """Auto-score a transcribed call against the scorecard version that applies to it.

    Returns the stored suggestions, or None when the call is not to be auto-scored (not
    transcribed; flagged ``needs_listening``; no scorecard applies). Idempotent: a rerun that
    gives the same answers changes nothing and writes no audit event; one that gives different
    answers (new rules or models) replaces them. Evidence text is taken from the redacted
    transcript, so a suggestion never shows more than the transcript a role may read.

    One function of a little over 80 lines on purpose: the comparison with the stored
    suggestions and the replacing write read as one step, and splitting them would pass half a
    dozen values between the halves.
    """
    call = Call.objects.select_related("section").get(pk=call.pk)
    if skip_reason(call):
        return None
    if version is None:
        scorecard = Scorecard.objects.for_call(call)
        version = scorecard.current_version() if scorecard else None
        if version is None:
            return None
    transcript = stored_transcript(call)
    if transcript is None:
        return None
    result = autoscore_transcript(transcript, version)
    redacted = _redacted_texts(call)
    criteria = {c.key: c for c in version.criteria.all()}
    rows = []
    for item in result.criteria:
        evidence = [e.to_dict() for e in item.evidence]
        if redacted is not None:
            for e in evidence:
                e["text"] = redacted[e["segment_index"]]
        rows.append(
            AutoAnswer(
                criterion=criteria[item.key],
                criterion_key=item.key,
                answer=item.answer or "",
                confidence=item.confidence,
                source=item.source,
                evidence=evidence,
                note=item.note[:300],
                detector_key=item.detector_key,
                engine_version=item.version,
            )
        )
    auto = AutoScore.objects.filter(call=call, version=version).first()
    fields = {
        "engine": result.engine,
        "score": score_decimal(result.score),
        "earned": result.earned,
        "possible": result.possible,
        "critical_fail": result.critical_fail,
        "passed": result.passed,
        "complete": result.complete,
    }
    if auto is not None and _same(auto, fields, rows):
        return auto
    previous = float(auto.score) if auto is not None and auto.score is not None else None
    created = auto is None
    if created:
        auto = AutoScore(call=call, version=version)
    for name, value in fields.items():
        setattr(auto, name, value)
    auto.full_clean()
    auto.save()
    auto.answers.all().delete()
    for row in rows:
        row.auto_score = auto
        row.full_clean()
    AutoAnswer.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="autoscore.run",
        obj=call,
        changes={
            "scorecard": {"old": None, "new": str(version)},
            "score": {"old": previous, "new": result.score},
            "engine": {"old": None, "new": result.engine},
            "critical_fail": {"old": None, "new": result.critical_fail},
        },
    )
    return auto


def _same(auto: AutoScore, fields: dict, rows: list[AutoAnswer]) -> bool:
    for name, value in fields.items():
        if getattr(auto, name) != value:
            return False
    old = {
        a.criterion_key: (a.answer, a.confidence, a.source, a.evidence, a.engine_version)
        for a in auto.answers.all()
    }
    new = {
        r.criterion_key: (r.answer, r.confidence, r.source, r.evidence, r.engine_version)
        for r in rows
    }
    return old == new


# --- training ------------------------------------------------------------------------------------


def load_training_examples(scorecard_version: ScorecardVersion) -> list[Example]:
    """Confirmed human answers for a version: one :class:`Example` per criterion per call.

    Source: the QA workspace's evaluations (``qa.Evaluation`` / ``qa.Answer``): regular (not
    calibration) evaluations that were submitted and are not under an open dispute, of calls
    whose transcript was not flagged. The answer is the final one (after any dispute). An answer
    a dispute changed away from the machine's suggestion weighs ``DISPUTE_WEIGHT``.
    Cost: two queries plus one per call for its transcript.
    """
    answers = (
        Answer.objects.filter(
            evaluation__version=scorecard_version,
            evaluation__kind="regular",
            evaluation__state__in=["submitted", "acknowledged", "resolved"],
            evaluation__call__needs_listening=False,
            evaluation__call__transcript__isnull=False,
            answer__in=ANSWERS,
        )
        .select_related("criterion", "evaluation__call__transcript")
        .order_by("evaluation_id", "criterion__order")
    )
    corrected = set(
        DisputeItem.objects.filter(
            answer__evaluation__version=scorecard_version, decision="changed"
        ).values_list("answer_id", "original_answer", "answer__suggested_answer")
    )
    against_machine = {answer_id for answer_id, old, suggested in corrected if old == suggested}
    transcripts: dict[int, Transcript] = {}
    examples = []
    for answer in answers:
        call = answer.evaluation.call
        transcript = transcripts.get(call.pk)
        if transcript is None:
            transcript = transcripts[call.pk] = stored_transcript(call)
        examples.append(
            Example(
                call_id=str(call.pk),
                transcript=transcript,
                criterion_key=answer.criterion.key,
                answer=answer.answer,
                weight=DISPUTE_WEIGHT if answer.pk in against_machine else 1.0,
            )
        )
    return examples


def autoscore_train(
    *,
    version: ScorecardVersion,
    examples: list[Example] | None = None,
    actor=None,
    folder: Path | None = None,
) -> list[TrainingOutcome]:
    """Train a model per criterion of ``version`` and keep those that beat their rule.

    Examples default to :func:`load_training_examples`. Model files and cards go to
    ``models/autoscore/<slug>/v<N>/`` (replacing what was there). An audit event records the
    outcome per criterion.
    """
    if examples is None:
        examples = load_training_examples(version)
    folder = folder or model_folder(version)
    outcomes = train_scorecard(
        examples,
        criteria_for(version),
        scorecard=version.scorecard.slug,
        scorecard_version=version.number,
        folder=folder,
        hold_seconds=settings.TRANSCRIPTION_HOLD_SECONDS,
    )
    (folder / "index.json").write_text(
        json.dumps(
            {
                "scorecard": version.scorecard.slug,
                "version": version.number,
                "trained_at": timezone.now().isoformat(timespec="seconds"),
                "examples": len(examples),
                "criteria": {o.criterion_key: o.card for o in outcomes},
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="autoscore.train",
            obj=version,
            changes={
                o.criterion_key: {"old": None, "new": "model" if o.used else "rule"}
                for o in outcomes
            },
        )
    return outcomes
