"""Training learned auto-score models on the answers QA officers confirmed.

:func:`autoscore_train` writes the models of a scorecard version (and audits it);
:func:`load_training_examples` turns the confirmed answers, read through
``autoscoring.hooks.training_answers`` (filled by qa), into :class:`scoring.learning.Example`.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from autoscoring.hooks import training_answers
from autoscoring.services.suggestions import criteria_for, model_folder, stored_transcript
from calls.models import Call
from scorecards.models import ScorecardVersion
from scoring.learning import Example, TrainingOutcome, train_scorecard
from scoring.transcript import Transcript

# An answer the agent's dispute changed, where the machine had suggested the old answer: the
# machine was wrong in a way a person checked twice, so it teaches more.
DISPUTE_WEIGHT = 2.0


def load_training_examples(scorecard_version: ScorecardVersion) -> list[Example]:
    """Confirmed human answers for a version: one :class:`Example` per criterion per call.

    Source: ``autoscoring.hooks.training_answers``, which qa fills with its evaluations: regular
    (not calibration) evaluations that were submitted and are not under an open dispute, of calls
    whose transcript was not flagged. The answer is the final one (after any dispute). An answer
    a dispute changed away from the machine's suggestion weighs ``DISPUTE_WEIGHT``.
    Cost: the source's queries, one for the calls, plus one per call for its transcript.
    """
    answers = training_answers(scorecard_version)
    calls = Call.objects.in_bulk({a.call_id for a in answers})
    transcripts: dict[int, Transcript | None] = {}
    examples = []
    for answer in answers:
        if answer.call_id not in transcripts:
            transcripts[answer.call_id] = stored_transcript(calls[answer.call_id])
        transcript = transcripts[answer.call_id]
        if transcript is None:
            continue
        examples.append(
            Example(
                call_id=str(answer.call_id),
                transcript=transcript,
                criterion_key=answer.criterion_key,
                answer=answer.answer,
                weight=DISPUTE_WEIGHT if answer.corrected_against_machine else 1.0,
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
