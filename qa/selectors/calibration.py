"""Calibration results: answers side by side, the spread of scores, agreement with the
manager's reference answers and Krippendorff's alpha."""

from __future__ import annotations

import statistics
from collections import Counter

from core.stats import krippendorff_alpha
from qa.models import Answer, CalibrationSession, Evaluation


def calibration_results(session: CalibrationSession) -> dict:
    """Everything the results page shows. The manager's own evaluation (if any) is the
    reference; officers are compared with it. Two queries."""
    evaluations = list(
        session.evaluations.submitted().select_related("evaluator").order_by("evaluator_name")
    )
    criteria = list(session.version.criteria.order_by("order", "id"))
    answers = {
        (a.evaluation_id, a.criterion_id): a.answer
        for a in Answer.objects.filter(evaluation__in=evaluations)
    }
    reference = next((e for e in evaluations if e.evaluator_id == session.opened_by_id), None)
    raters = [e for e in evaluations if e is not reference]
    rows = []
    for c in criteria:
        values = [answers.get((e.pk, c.pk), "") for e in evaluations]
        counts = Counter(v for v in values if v)
        modal, modal_n = counts.most_common(1)[0] if counts else ("", 0)
        ref = answers.get((reference.pk, c.pk)) if reference else None
        rows.append(
            {
                "criterion": c,
                "answers": values,
                "reference": ref,
                "agreement": modal_n / len(values) if values else None,
                "modal": modal,
                "with_reference": (
                    sum(1 for e in raters if answers.get((e.pk, c.pk)) == ref) / len(raters)
                    if reference and raters
                    else None
                ),
                "alpha": None,  # per criterion alpha needs several calls: see criterion_alphas()
            }
        )
    scores = [float(e.score) for e in evaluations if e.score is not None]
    matrix = [[answers.get((e.pk, c.pk)) or None for c in criteria] for e in evaluations]
    per_rater_ref = []
    if reference:
        for e in raters:
            same = sum(
                1
                for c in criteria
                if answers.get((e.pk, c.pk)) == answers.get((reference.pk, c.pk))
            )
            per_rater_ref.append(
                {"evaluation": e, "agreement": same / len(criteria) if criteria else None}
            )
    return {
        "evaluations": evaluations,
        "reference": reference,
        "rows": rows,
        "scores": scores,
        "spread": {
            "min": min(scores) if scores else None,
            "max": max(scores) if scores else None,
            "range": (max(scores) - min(scores)) if scores else None,
            "sd": statistics.stdev(scores) if len(scores) > 1 else None,
        },
        "alpha": krippendorff_alpha(matrix),
        "per_rater_reference": per_rater_ref,
        "criterion_alphas": criterion_alphas(session.version),
    }


def criterion_alphas(version) -> dict[str, float | None]:
    """Per-criterion alpha over every closed calibration session on ``version``: the units are
    the sessions' calls, the coders the officers. Undefined (None) with fewer than two sessions
    or no variation."""
    rows = (
        Answer.objects.filter(
            evaluation__kind=Evaluation.Kind.CALIBRATION,
            evaluation__calibration_session__version=version,
            evaluation__calibration_session__state=CalibrationSession.State.CLOSED,
        )
        .exclude(evaluation__state=Evaluation.State.DRAFT)
        .values_list(
            "criterion__key",
            "evaluation__calibration_session_id",
            "evaluation__evaluator_id",
            "answer",
        )
    )
    by_key: dict[str, dict] = {}
    for key, session_id, evaluator_id, answer in rows:
        by_key.setdefault(key, {}).setdefault(evaluator_id, {})[session_id] = answer
    result = {}
    for key, coders in by_key.items():
        sessions = sorted({s for per in coders.values() for s in per})
        matrix = [[per.get(s) for s in sessions] for per in coders.values()]
        result[key] = krippendorff_alpha(matrix) if len(sessions) >= 2 else None
    return result
