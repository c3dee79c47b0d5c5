"""Auto-scoring of stored calls: the Django side of :mod:`scoring.autoscore`.

Writes :func:`call_autoscore` (suggestions for one call). Also the reads that the commands,
views and training share: :func:`version_for`, :func:`autoscore_transcript`,
:func:`stored_transcript`, :func:`models_for`. Training is in
:mod:`autoscoring.services.training`; the agreement dashboard reads
:func:`autoscoring.selectors.agreement_report`.

Where the rest of the product joins in:

- a transcribed call is queued for auto-scoring through the ``calls.hooks.on_transcribed`` hook,
  connected in ``AutoscoringConfig.ready()`` to ``autoscoring.tasks.queue_autoscore``;
- the QA workspace (qa, the layer above) reads the suggestions through
  :func:`autoscoring.selectors.suggestions_for` to pre-fill an evaluation and keeps each one
  beside the officer's answer (``qa.Answer.suggested_answer`` / ``answer``);
- training and the agreement dashboard read those confirmed answers back through
  ``autoscoring.hooks.checked_answers``, which qa fills (autoscoring never imports qa).
"""

from __future__ import annotations

from pathlib import Path
from threading import Lock

from django.conf import settings
from django.db import transaction

from audit.services import audit_record
from autoscoring.models import AutoAnswer, AutoScore
from calls.models import Call
from calls.models import Transcript as StoredTranscript
from scorecards.models import Scorecard, ScorecardVersion
from scoring.autoscore import AutoCriterion, AutoScoreResult, autoscore
from scoring.learning import load_models
from scoring.scorecard import score_decimal
from scoring.transcript import Transcript, TranscriptFormatError


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
    """Score a transcript against a version: the shipped calibrated answerers (models/calibrated:
    calibrated confidence, ``check`` below a criterion's threshold), else its rules, plus the
    version's own models that beat them. ``settings.AUTOSCORE_CALIBRATED = False`` keeps the
    rules alone."""
    from scoring.calibrated import default_scorers

    calibrated = default_scorers() if getattr(settings, "AUTOSCORE_CALIBRATED", True) else None
    return autoscore(
        transcript,
        criteria_for(version),
        pass_mark=float(version.pass_mark),
        models=models_for(version),
        hold_seconds=settings.TRANSCRIPTION_HOLD_SECONDS,
        calibrated=calibrated,
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
                # A "check" (the machine abstained) is stored unanswered: the officer is asked,
                # nothing is pre-filled; the note says what it would have said and how sure.
                answer=item.scored_answer or "",
                source=item.source if item.scored_answer else "human",
                confidence=item.confidence,
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
