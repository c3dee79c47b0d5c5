"""Reads of auto-score suggestions: the suggestions an evaluation starts from, and how far they
agree with the QA officers' final answers, per criterion (the decision to automate a criterion
is a person's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from autoscoring.hooks import agreement_answers
from autoscoring.models import AutoScore
from calls.models import Call
from scorecards.models import ScorecardVersion
from scoring.detectors import DETECTORS
from scoring.learning import cohen_kappa


def suggestions_for(call: Call, version: ScorecardVersion) -> dict[str, dict]:
    """Auto-score suggestions for ``call`` on ``version``: ``{criterion_key: {"answer",
    "confidence", "evidence", "source", "note"}}``; ``{}`` when there are none. The one join point
    between auto-scoring and human QA.

    Reads ``AutoScore`` (one per call and version) and its ``answers`` (``AutoAnswer``:
    ``criterion_key``, ``answer`` -- blank when left to a person --, ``confidence``,
    ``evidence``, ``source``). Two queries."""
    auto = AutoScore.objects.filter(call=call, version=version).order_by("-pk").first()
    if auto is None:
        return {}
    return {
        item.criterion_key: {
            "answer": item.answer,
            "confidence": item.confidence,
            "evidence": list(item.evidence or []),
            "source": item.source,
            "note": item.note,
        }
        for item in auto.answers.all()
    }


def scored_call_ids(call_ids: list[int]) -> set[int]:
    """Which of ``call_ids`` have auto-score suggestions (one query); the upload page's
    progress step "scored" (registered with ``calls.hooks.call_scored_checks``)."""
    return set(AutoScore.objects.filter(call_id__in=call_ids).values_list("call_id", flat=True))


def autoscore_signals(call_ids: list[int]) -> dict[int, dict]:
    """Score and critical fail of each call's auto-score, for sampling's risk pulls:
    ``{call_id: {"call_id", "score", "critical_fail"}}``. One query per 900 calls (SQLite's
    parameter limit)."""
    signals: dict[int, dict] = {}
    for start in range(0, len(call_ids), 900):
        rows = AutoScore.objects.filter(call_id__in=call_ids[start : start + 900]).order_by("pk")
        for row in rows.values("call_id", "score", "critical_fail"):
            signals[row["call_id"]] = row
    return signals


SAFE_KAPPA = 0.8
SAFE_MIN_ANSWERS = 30
DRIFT_POINTS = 10.0


@dataclass
class CriterionAgreement:
    key: str
    text: str
    critical: bool
    detector_key: str = ""  # empty: the criterion is left to people
    n: int = 0
    agree: int = 0
    kappa: float | None = None
    weeks: list[dict] = field(default_factory=list)
    verdict: str = "no data"

    @property
    def rate(self) -> float | None:
        return 100.0 * self.agree / self.n if self.n else None


def agreement_report(*, version: ScorecardVersion, weeks: int = 12, today: date | None = None):
    """Per criterion: how often the suggestion matched the officer's final answer, Cohen's
    kappa, and the agreement rate per week for the last ``weeks`` weeks.

    Verdicts: "safe to automate" (kappa >= 0.8 on at least 30 answers, no drift), "drifting"
    (the last four weeks agree 10+ points less than before), "needs people" otherwise. Reads
    the answers of submitted regular evaluations through ``autoscoring.hooks.agreement_answers``
    (qa's); two queries whatever the number of rows.
    """
    today = today or timezone.localdate()
    since = today - timedelta(weeks=weeks)
    report = [
        CriterionAgreement(
            key=c.key,
            text=c.text,
            critical=c.critical,
            # A key the registry does not know answers nothing: the criterion is left to people.
            detector_key=c.detector_key if c.detector_key in DETECTORS else "",
        )
        for c in version.criteria.order_by("order", "id")
    ]
    pairs: dict[str, list[tuple[str, str, date]]] = {}
    for a in agreement_answers(version, since=since):
        pairs.setdefault(a.criterion_key, []).append((a.suggested, a.answer, a.submitted_on))
    week_starts = [since + timedelta(weeks=i) for i in range(weeks + 1)]
    for item in report:
        found = pairs.get(item.key, [])
        item.n = len(found)
        item.agree = sum(1 for s, f, _ in found if s == f)
        kappa = cohen_kappa([f for _, f, _ in found], [s for s, _, _ in found])
        item.kappa = round(kappa, 2) if kappa is not None else None
        for start in week_starts:
            end = start + timedelta(weeks=1)
            in_week = [(s, f) for s, f, d in found if d and start <= d < end]
            rate = 100.0 * sum(1 for s, f in in_week if s == f) / len(in_week) if in_week else None
            item.weeks.append({"start": start, "n": len(in_week), "rate": rate})
        item.verdict = _verdict(item, found, today)
    return report


def _verdict(item: CriterionAgreement, found: list, today: date) -> str:
    if not item.n:
        return "no data"
    recent_from = today - timedelta(weeks=4)
    recent = [(s, f) for s, f, d in found if d and d >= recent_from]
    earlier = [(s, f) for s, f, d in found if d and d < recent_from]
    if recent and earlier:
        recent_rate = 100.0 * sum(1 for s, f in recent if s == f) / len(recent)
        earlier_rate = 100.0 * sum(1 for s, f in earlier if s == f) / len(earlier)
        if earlier_rate - recent_rate >= DRIFT_POINTS:
            return "drifting"
    if item.n >= SAFE_MIN_ANSWERS and (item.kappa or 0) >= SAFE_KAPPA:
        return "safe to automate"
    return "needs people"
