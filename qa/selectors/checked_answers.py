"""The officers' final answers beside the machine's suggestions, for auto-scoring to learn from
and be measured against. Registered with ``autoscoring.hooks`` in ``QaConfig.ready()``
(autoscoring sits below qa and never imports it)."""

from __future__ import annotations

from datetime import date

from autoscoring.hooks import CheckedAnswer
from qa.models import Answer, DisputeItem, Evaluation
from scorecards.models import ScorecardVersion
from scoring.scorecard import ANSWERS


def training_answers(version: ScorecardVersion) -> list[CheckedAnswer]:
    """Answers fit to learn from: regular evaluations submitted and not under an open dispute,
    of calls with a transcript not flagged for listening; the final answer (after any dispute),
    marked when a dispute changed it away from the machine's suggestion. Two queries."""
    answers = Answer.objects.filter(
        evaluation__version=version,
        evaluation__kind=Evaluation.Kind.REGULAR,
        evaluation__state__in=["submitted", "acknowledged", "resolved"],
        evaluation__call__needs_listening=False,
        evaluation__call__transcript__isnull=False,
        answer__in=ANSWERS,
    ).order_by("evaluation_id", "criterion__order")
    corrected = DisputeItem.objects.filter(
        answer__evaluation__version=version, decision="changed"
    ).values_list("answer_id", "original_answer", "answer__suggested_answer")
    against_machine = {answer_id for answer_id, old, suggested in corrected if old == suggested}
    rows = answers.values_list(
        "pk",
        "evaluation__call_id",
        "criterion__key",
        "answer",
        "suggested_answer",
        "evaluation__submitted_on",
    )
    return [
        CheckedAnswer(call_id, key, final, suggested, day, pk in against_machine)
        for pk, call_id, key, final, suggested, day in rows
    ]


def agreement_answers(version: ScorecardVersion, *, since: date) -> list[CheckedAnswer]:
    """Answers of regular evaluations submitted on or after ``since`` that had a suggestion to
    agree or disagree with (calibration evaluations never count). One query."""
    rows = Answer.objects.filter(
        evaluation__version=version,
        evaluation__kind=Evaluation.Kind.REGULAR,
        evaluation__submitted_at__isnull=False,
        evaluation__submitted_on__gte=since,
        answer__in=ANSWERS,
        suggested_answer__in=ANSWERS,
    ).values_list(
        "evaluation__call_id",
        "criterion__key",
        "answer",
        "suggested_answer",
        "evaluation__submitted_on",
    )
    return [CheckedAnswer(*row) for row in rows]
