"""Auto-score a transcript against a scorecard's criteria (standards.md section 4).

    result = autoscore(transcript, criteria, pass_mark=80.0, models=None)
    result.to_dict()   # the section 4 output

Each criterion names its detector by ``detector_key``. A criterion whose key has no detector
(or no key at all) is left to humans: its answer is ``None`` with source ``"human"``.

How unanswered criteria count: they are left out of the score, exactly as if they were ``na``,
and are listed in ``unanswered`` with ``complete`` false. The score is then the score of what the
machine could judge, a provisional figure the QA officer completes; it is never padded with
guessed answers. ``passed`` follows the same rule (a critical ``no`` still fails the call).

Calibrated answerers (the default the product uses, :mod:`scoring.calibrated`): ``calibrated``
maps detector keys to answerers trained on labelled calls. Each gives the rule's or its model's
answer with a calibrated confidence (the probability a person agrees); below the criterion's
threshold the answer is ``check``: a question for the QA officer, never pre-filled, left out of
the score like an unanswered criterion and listed in ``checks`` (standards.md section 4).

Models: ``models`` maps a criterion key to a trained model that beat the rule on held-out data
(see :mod:`scoring.learning`); for those criteria the model's answer and confidence are used,
with the rule's evidence (the segments the rule found relevant) so the answer stays traceable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from scoring.detectors import RULES_VERSION, Detection, analyse, get_detector
from scoring.detectors.base import CallView, Evidence
from scoring.metrics import HOLD_SECONDS
from scoring.scorecard import DEFAULT_PASS_MARK, CriterionRule, compute_score
from scoring.transcript import Transcript

CHECK = "check"


class CriterionLike(Protocol):
    key: str
    points: int
    critical: bool
    detector_key: str


@dataclass(frozen=True, slots=True)
class AutoCriterion:
    """A scorecard criterion as the scorer needs it (Django's ``Criterion`` fits too)."""

    key: str
    points: int
    critical: bool = False
    detector_key: str = ""


class CriterionModel(Protocol):
    """A learned model for one criterion (implemented in :mod:`scoring.learning`)."""

    version: str

    def predict_features(self, features: Any) -> list[tuple[str, float]]: ...


@dataclass(frozen=True, slots=True)
class CriterionAutoScore:
    key: str
    answer: str | None  # yes/no/na, "check" (abstained), or None when left to humans
    confidence: float
    source: str  # rule, metric, model, or human (not answered)
    evidence: tuple[Evidence, ...] = ()
    note: str = ""
    detector_key: str = ""
    version: str = ""
    abstained_answer: str = ""  # with "check": what the machine would have said

    @property
    def is_check(self) -> bool:
        return self.answer == CHECK

    @property
    def scored_answer(self) -> str | None:
        """The answer that counts towards the score (None for check and human criteria)."""
        return None if self.answer in (None, CHECK) else self.answer

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "answer": self.answer,
            "abstained_answer": self.abstained_answer,
            "confidence": self.confidence,
            "source": self.source,
            "evidence": [e.to_dict() for e in self.evidence],
            "note": self.note,
            "detector_key": self.detector_key,
            "version": self.version,
        }


@dataclass(frozen=True, slots=True)
class AutoScoreResult:
    criteria: tuple[CriterionAutoScore, ...]
    score: float | None
    critical_fail: bool
    passed: bool
    earned: int
    possible: int
    pass_mark: float
    unanswered: tuple[str, ...] = ()
    failed_critical: tuple[str, ...] = ()
    call_id: str = ""
    engine: str = RULES_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.unanswered

    @property
    def checks(self) -> tuple[str, ...]:
        """Criteria the machine abstained on: questions for the QA officer."""
        return tuple(c.key for c in self.criteria if c.answer == CHECK)

    def answers(self) -> dict[str, str]:
        """Criterion key -> yes/no/na for what the machine answered (no checks, no humans)."""
        return {c.key: c.answer for c in self.criteria if c.scored_answer is not None}

    def by_key(self) -> dict[str, CriterionAutoScore]:
        return {c.key: c for c in self.criteria}

    def to_dict(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "engine": self.engine,
            "criteria": [c.to_dict() for c in self.criteria],
            "score": self.score,
            "critical_fail": self.critical_fail,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "earned": self.earned,
            "possible": self.possible,
            "complete": self.complete,
            "unanswered": list(self.unanswered),
            "checks": list(self.checks),
            "failed_critical": list(self.failed_critical),
        }


def _detect(view: CallView, detector_key: str) -> tuple[Detection | None, str]:
    found = get_detector(detector_key) if detector_key else None
    if found is None:
        return None, ""
    return found(view), found.version


def autoscore(
    transcript: Transcript,
    criteria: Iterable[CriterionLike],
    *,
    pass_mark: float = DEFAULT_PASS_MARK,
    models: Mapping[str, CriterionModel] | None = None,
    view: CallView | None = None,
    hold_seconds: float = HOLD_SECONDS,
    calibrated: Any = None,
) -> AutoScoreResult:
    """Answer every criterion that has a detector (or a model) and score the answers; a silence
    of ``hold_seconds`` or more is a hold (the product passes its one setting).

    ``calibrated``: a :class:`scoring.calibrated.ScorerSet` (``default_scorers()`` for the
    shipped one); criteria it knows get calibrated confidence and may be ``check``.

    Cost: one analysis of the transcript (normalise + match) shared by all criteria; with
    ``calibrated``, one feature pass (and one parse when its answerers use language features).
    """
    view = view if view is not None else analyse(transcript, hold_seconds=hold_seconds)
    predictions = {}
    if models:
        from scoring.learning import features_of

        features = features_of([view])
        predictions = {key: model.predict_features(features)[0] for key, model in models.items()}
    return _score(
        transcript, list(criteria), view, models or {}, predictions, pass_mark, calibrated
    )


def autoscore_many(
    transcripts: Iterable[Transcript],
    criteria: Iterable[CriterionLike],
    *,
    pass_mark: float = DEFAULT_PASS_MARK,
    models: Mapping[str, CriterionModel] | None = None,
    hold_seconds: float = HOLD_SECONDS,
    calibrated: Any = None,
) -> list[AutoScoreResult]:
    """:func:`autoscore` for many transcripts; each model predicts all calls in one batch."""
    transcripts = list(transcripts)
    criteria = list(criteria)
    views = [analyse(t, hold_seconds=hold_seconds) for t in transcripts]
    models = models or {}
    batched = {}
    if models:
        from scoring.learning import features_of

        features = features_of(views)
        batched = {key: model.predict_features(features) for key, model in models.items()}
    return [
        _score(t, criteria, v, models, {k: p[i] for k, p in batched.items()}, pass_mark, calibrated)
        for i, (t, v) in enumerate(zip(transcripts, views, strict=True))
    ]


def _score(
    transcript: Transcript,
    criteria: list[CriterionLike],
    view: CallView,
    models: Mapping[str, CriterionModel],
    predictions: Mapping[str, tuple[str, float]],
    pass_mark: float,
    calibrated: Any = None,
) -> AutoScoreResult:
    """Answer each criterion of one call: the calibrated answerer where one is shipped for its
    detector, else the version's own trained model, else the rule, else left to people."""
    scored: list[CriterionAutoScore] = []
    features = None
    for criterion in criteria:
        detector_key = getattr(criterion, "detector_key", "") or ""
        detection, version = _detect(view, detector_key)
        model = models.get(criterion.key)
        scorer = calibrated.get(detector_key) if calibrated is not None and detector_key else None
        if scorer is not None and detection is not None:
            if features is None:
                features = calibrated.features(view)
            scored.append(
                _calibrated_answer(criterion.key, detector_key, detection, scorer, features)
            )
        elif model is not None and criterion.key in predictions:
            scored.append(
                _model_answer(
                    criterion.key, detector_key, detection, model, predictions[criterion.key]
                )
            )
        elif detection is not None:
            scored.append(
                CriterionAutoScore(
                    key=criterion.key,
                    answer=detection.answer,
                    confidence=detection.confidence,
                    source=detection.source,
                    evidence=detection.evidence,
                    note=detection.note,
                    detector_key=detector_key,
                    version=version,
                )
            )
        else:
            scored.append(
                CriterionAutoScore(
                    key=criterion.key,
                    answer=None,
                    confidence=0.0,
                    source="human",
                    note="no detector for this criterion; left to the QA officer",
                    detector_key=detector_key,
                )
            )
    return _result(transcript, criteria, scored, pass_mark)


def _result(
    transcript: Transcript,
    criteria: list[CriterionLike],
    scored: list[CriterionAutoScore],
    pass_mark: float,
) -> AutoScoreResult:
    """The call's score from the criteria the machine answered (one rule, compute_score); the
    criteria left to people are listed, never guessed."""
    answered = [c for c in scored if c.scored_answer is not None]
    answered_keys = {c.key for c in answered}
    rules = [
        CriterionRule(key=c.key, points=c.points, critical=c.critical)
        for c in criteria
        if c.key in answered_keys
    ]
    result = compute_score(rules, {c.key: c.answer for c in answered}, pass_mark=pass_mark)
    engines = {
        c.version for c in scored if c.source == "model" or c.version.startswith("autoscore-")
    }
    return AutoScoreResult(
        criteria=tuple(scored),
        score=result.score,
        critical_fail=result.critical_fail,
        passed=result.passed,
        earned=result.earned,
        possible=result.possible,
        pass_mark=pass_mark,
        unanswered=tuple(c.key for c in scored if c.scored_answer is None),
        failed_critical=result.failed_critical,
        call_id=transcript.call_id,
        engine="+".join([RULES_VERSION, *sorted(engines)]),
    )


def _model_answer(key, detector_key, detection, model, prediction) -> CriterionAutoScore:
    answer, confidence = prediction
    return CriterionAutoScore(
        key=key,
        answer=answer,
        confidence=round(confidence, 2),
        source="model",
        evidence=detection.evidence if detection else (),
        note=(
            f"model {model.version}; rule said {detection.answer}"
            if detection
            else f"model {model.version}"
        ),
        detector_key=detector_key,
        version=model.version,
    )


def _calibrated_answer(key, detector_key, detection, scorer, features) -> CriterionAutoScore:
    from scoring.features import criterion_row

    row = criterion_row(features, detection)
    shown, given, confidence = scorer.decide_many([row], [detection])[0]
    by = "rule" if scorer.use == "rule" else "model"
    if shown == CHECK:
        note = (
            f"check: {by} would say {given}, but only {confidence:.0%} sure "
            f"({given} answers below {min(scorer.threshold_for(given), 1.0):.0%} are left to "
            "the QA officer)"
        )
    else:
        note = detection.note if given == detection.answer else f"{by}: {given}; rule said "
        if given != detection.answer:
            note += f"{detection.answer} ({detection.note})"
    return CriterionAutoScore(
        key=key,
        answer=shown,
        confidence=round(confidence, 2),
        source=detection.source if scorer.use == "rule" else "model",
        evidence=detection.evidence,
        note=note,
        detector_key=detector_key,
        version=scorer.version or RULES_VERSION,
        abstained_answer=given if shown == CHECK else "",
    )
