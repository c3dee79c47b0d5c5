"""Learned models: one text classifier per criterion, trained on confirmed human answers.

    outcome = train_criterion(examples, criterion_key="empathy", detector_key="inbound.empathy")
    outcome.card["used"]        # True only when the model beat the rule on the same held-out calls
    save_outcome(outcome, folder)                    # <key>.skops + <key>.card.json
    models = load_models(folder)     # {criterion key: CriterionModel}, the used ones only

Features: the call's normalised words tagged by speaker (``a:`` agent, ``c:`` caller, ``u:``
unknown), the detector concepts found per speaker (``K:empathy:a``), and speech metrics
(duration, silences, holds, talk share). Classifier: TF-IDF (words and word pairs) plus scaled
metrics into a logistic regression (scikit-learn), with sigmoid calibration of its
confidence when every answer has enough training examples. Evaluation: a held-out split by
call (no call in both train and test); accuracy, Cohen's kappa against the human answers,
and per-class precision/recall, for the model and for the rule detector on the same test
calls. Persistence: skops (not pickle), loaded only with the types in :data:`TRUSTED_TYPES`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scoring.detectors import analyse, get_detector
from scoring.detectors.base import CallView
from scoring.detectors.text import SEPARATOR
from scoring.metrics import HOLD_SECONDS
from scoring.transcript import Transcript

FEATURE_VERSION = "features-1"
MIN_EXAMPLES = 12  # fewer confirmed answers than this and no model is trained
CALIBRATION_FOLDS = 3
TEST_SIZE = 0.3
SEED = 7
METRIC_NAMES = (
    "duration_s",
    "segments",
    "agent_word_share",
    "longest_silence_s",
    "holds",
    "dead_air",
    "mono",
)
TRUSTED_TYPES = [
    "builtins.dict",
    "builtins.float",
    "builtins.int",
    "builtins.list",
    "builtins.str",
    "builtins.tuple",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._data.StandardScaler",
]


@dataclass(frozen=True, slots=True)
class Example:
    """One confirmed human answer for one criterion of one call."""

    call_id: str
    transcript: Transcript
    criterion_key: str
    answer: str  # yes/no/na as finally confirmed
    weight: float = 1.0  # an answer a dispute corrected counts more


def feature_text(view: CallView) -> str:
    parts: list[str] = []
    for i, words in enumerate(view.words):
        tag = view.segments[i].speaker[0]
        parts.extend(f"{tag}:{w}" for w in words if w != SEPARATOR)
    for label, hits in view.hits.items():
        for hit in hits:
            parts.append(f"K:{label}:{view.segments[hit.segment].speaker[0]}")
    return " ".join(parts)


def feature_metrics(view: CallView) -> list[float]:
    segments = view.segments
    duration = max((s.end for s in segments), default=0.0)
    agent_words = sum(len(w) for i, w in enumerate(view.words) if segments[i].speaker == "agent")
    all_words = sum(len(w) for w in view.words) or 1
    longest = max((g.seconds for g in view.gaps), default=0.0)
    holds = sum(1 for g in view.gaps if g.seconds >= view.hold_seconds)
    return [
        float(duration),
        float(len(segments)),
        agent_words / all_words,
        float(longest),
        float(holds),
        float(len(view.gaps) - holds),
        1.0 if view.mono else 0.0,
    ]


def feature_row(view: CallView) -> list[Any]:
    return [feature_text(view), *feature_metrics(view)]


def _matrix(rows: Sequence[list[Any]]):
    import numpy as np

    data = np.empty((len(rows), 1 + len(METRIC_NAMES)), dtype=object)
    for i, row in enumerate(rows):
        data[i, :] = row
    return data


def features_of(views: Sequence[CallView]):
    """The feature matrix of some calls; build it once and give it to every criterion's model."""
    return _matrix([feature_row(v) for v in views])


def build_pipeline(*, calibrate: bool = False):
    """TF-IDF + scaled metrics into a logistic regression. With ``calibrate`` the regression is
    wrapped in 3-fold sigmoid calibration, so a confidence of 0.8 means right about 8 times in
    10 (class weighting alone skews the raw probabilities)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    features = ColumnTransformer(
        [
            (
                "text",
                TfidfVectorizer(
                    token_pattern=r"\S+",  # noqa: S106 (a regex, not a password)
                    lowercase=False,
                    ngram_range=(1, 2),
                    min_df=1,
                ),
                0,
            ),
            ("metrics", StandardScaler(), list(range(1, 1 + len(METRIC_NAMES)))),
        ]
    )
    classifier = LogisticRegression(max_iter=2000, C=4.0, class_weight="balanced")
    if calibrate:
        classifier = CalibratedClassifierCV(classifier, method="sigmoid", cv=CALIBRATION_FOLDS)
    return Pipeline([("features", features), ("classifier", classifier)])


@dataclass
class CriterionModel:
    """A trained classifier for one criterion; answers from an analysed call."""

    criterion_key: str
    pipeline: Any
    version: str
    card: dict[str, Any] = field(default_factory=dict)

    def predict_views(self, views: Sequence[CallView]) -> list[tuple[str, float]]:
        if not views:
            return []
        return self.predict_features(features_of(views))

    def predict_features(self, features) -> list[tuple[str, float]]:
        """Answers for a feature matrix from :func:`features_of` (shared by all criteria)."""
        probabilities = self.pipeline.predict_proba(features)
        classes = list(self.pipeline.classes_)
        out = []
        for row in probabilities:
            best = int(row.argmax())
            out.append((str(classes[best]), float(row[best])))
        return out


def cohen_kappa(truth: Sequence[str], predicted: Sequence[str]) -> float | None:
    """Cohen's kappa of two raters over the same items; None for no items.

    1.0 when both agree on everything (even on a single answer), 0.0 when agreement is what
    chance gives. Plain Python so a web page can show it without importing scikit-learn.
    """
    n = len(truth)
    if n == 0:
        return None
    observed = sum(1 for a, b in zip(truth, predicted, strict=True) if a == b) / n
    left, right = Counter(truth), Counter(predicted)
    expected = sum(left[k] * right.get(k, 0) for k in left) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


def agreement(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy, Cohen's kappa and per-class precision/recall/support."""
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    labels = sorted(set(truth) | set(predicted))
    if not truth:
        return {"accuracy": None, "kappa": None, "per_class": {}, "n": 0}
    precision, recall, _, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    kappa = cohen_kappa(truth, predicted)
    return {
        "n": len(truth),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "kappa": round(kappa, 4) if kappa is not None else None,
        "per_class": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "support": int(s),
            }
            for label, p, r, s in zip(labels, precision, recall, support, strict=True)
        },
    }


@dataclass
class TrainingOutcome:
    criterion_key: str
    model: CriterionModel | None
    card: dict[str, Any]

    @property
    def used(self) -> bool:
        return bool(self.card.get("used"))


def _split(examples: Sequence[Example], test_size: float, seed: int) -> tuple[list[int], list[int]]:
    from sklearn.model_selection import GroupShuffleSplit

    groups = [e.call_id for e in examples]
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train, test = next(splitter.split(list(range(len(examples))), groups=groups))
    return sorted(int(i) for i in train), sorted(int(i) for i in test)


def train_criterion(
    examples: Sequence[Example],
    *,
    criterion_key: str,
    detector_key: str = "",
    scorecard: str = "",
    scorecard_version: int | None = None,
    test_size: float = TEST_SIZE,
    seed: int = SEED,
    views: dict[str, CallView] | None = None,
    hold_seconds: float = HOLD_SECONDS,
) -> TrainingOutcome:
    """Train, evaluate against the rule on held-out calls, and decide whether to use the model.

    The model is used only when its held-out accuracy is strictly higher than the rule
    detector's on the same calls (a criterion without a detector counts the rule as 0).

    About 100 lines, kept together because the model card is filled in as training goes
    (split, class counts, calibration, both accuracies, the decision): one place writes the
    record a reviewer reads.
    """
    import sklearn
    import skops

    now = datetime.now(UTC)
    version = f"sklearn-lr-{now:%Y%m%dT%H%M%S}"
    views = views if views is not None else {}
    card: dict[str, Any] = {
        "criterion": criterion_key,
        "detector_key": detector_key,
        "scorecard": scorecard,
        "scorecard_version": scorecard_version,
        "model_version": version,
        "created_at": now.isoformat(timespec="seconds"),
        "feature_version": FEATURE_VERSION,
        "features": "speaker-tagged words and word pairs (TF-IDF), detector concepts per "
        "speaker, speech metrics: " + ", ".join(METRIC_NAMES),
        "classifier": "LogisticRegression(C=4, class_weight=balanced), sigmoid-calibrated when "
        f"every answer has {CALIBRATION_FOLDS}+ training examples",
        "split": f"GroupShuffleSplit by call, test_size={test_size}, seed={seed}",
        "n_examples": len(examples),
        "n_calls": len({e.call_id for e in examples}),
        "class_counts": dict(Counter(e.answer for e in examples)),
        "sklearn_version": sklearn.__version__,
        "skops_version": skops.__version__,
        "used": False,
    }

    def view_of(example: Example) -> CallView:
        found = views.get(example.call_id)
        if found is None:
            found = views[example.call_id] = analyse(example.transcript, hold_seconds=hold_seconds)
        return found

    if len(examples) < MIN_EXAMPLES or len({e.call_id for e in examples}) < 4:
        card["reason"] = f"not trained: fewer than {MIN_EXAMPLES} confirmed answers"
        return TrainingOutcome(criterion_key, None, card)
    train, test = _split(examples, test_size, seed)
    train_classes = {examples[i].answer for i in train}
    if len(train_classes) < 2 or not test:
        card["reason"] = "not trained: the training split holds a single answer"
        return TrainingOutcome(criterion_key, None, card)

    smallest_class = min(Counter(examples[i].answer for i in train).values())
    calibrate = smallest_class >= CALIBRATION_FOLDS
    card["calibration"] = (
        f"sigmoid, {CALIBRATION_FOLDS}-fold"
        if calibrate
        else f"none: an answer has fewer than {CALIBRATION_FOLDS} training examples"
    )
    pipeline = build_pipeline(calibrate=calibrate)
    rows = [feature_row(view_of(examples[i])) for i in train]
    pipeline.fit(
        _matrix(rows),
        [examples[i].answer for i in train],
        classifier__sample_weight=[examples[i].weight for i in train],
    )
    model = CriterionModel(criterion_key=criterion_key, pipeline=pipeline, version=version)
    test_views = [view_of(examples[i]) for i in test]
    truth = [examples[i].answer for i in test]
    model_answers = [answer for answer, _ in model.predict_views(test_views)]
    detector = get_detector(detector_key) if detector_key else None
    rule_answers = [detector(v).answer if detector else "" for v in test_views]
    card.update(
        {
            "n_train": len(train),
            "n_test": len(test),
            "model": agreement(truth, model_answers),
            "rule": agreement(truth, rule_answers),
        }
    )
    model_accuracy = card["model"]["accuracy"]
    rule_accuracy = card["rule"]["accuracy"] if detector else 0.0
    card["used"] = model_accuracy > rule_accuracy
    card["reason"] = (
        f"model {model_accuracy:.3f} beats rule {rule_accuracy:.3f} on held-out calls"
        if card["used"]
        else f"rule kept: model {model_accuracy:.3f} vs rule {rule_accuracy:.3f} on held-out calls"
    )
    model.card = card
    return TrainingOutcome(criterion_key, model, card)


def save_outcome(outcome: TrainingOutcome, folder: Path) -> Path:
    """Write ``<key>.card.json`` (always) and ``<key>.skops`` (when a model was trained)."""
    from skops.io import dump

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    card = dict(outcome.card)
    if outcome.model is not None:
        path = folder / f"{outcome.criterion_key}.skops"
        dump(outcome.model.pipeline, path)
        card["file"] = path.name
        card["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    card_path = folder / f"{outcome.criterion_key}.card.json"
    card_path.write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    return card_path


class UntrustedModelError(ValueError):
    """A model file holds types outside TRUSTED_TYPES, or does not match its card."""


def load_model(card_path: Path) -> CriterionModel:
    from skops.io import get_untrusted_types, load

    card_path = Path(card_path)
    card = json.loads(card_path.read_text())
    path = card_path.parent / card["file"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != card.get("sha256"):
        raise UntrustedModelError(f"{path.name} does not match the sha256 in its model card")
    unknown = set(get_untrusted_types(file=path)) - set(TRUSTED_TYPES)
    if unknown:
        raise UntrustedModelError(f"{path.name} holds untrusted types: {sorted(unknown)}")
    pipeline = load(path, trusted=TRUSTED_TYPES)
    return CriterionModel(
        criterion_key=card["criterion"], pipeline=pipeline, version=card["model_version"], card=card
    )


def load_models(folder: Path) -> dict[str, CriterionModel]:
    """The models in ``folder`` whose card says they beat their rule ({criterion key: model})."""
    folder = Path(folder)
    models: dict[str, CriterionModel] = {}
    if not folder.is_dir():
        return models
    for card_path in sorted(folder.glob("*.card.json")):
        card = json.loads(card_path.read_text())
        if card.get("used") and card.get("file"):
            models[card["criterion"]] = load_model(card_path)
    return models


def examples_from_labelled(
    calls: Iterable[Any], criterion_key: str, scorecard: str
) -> list[Example]:
    """Examples from :func:`scoring.evaluate.load_labelled` calls (tests and the benchmark)."""
    return [
        Example(
            call_id=c.transcript.call_id,
            transcript=c.transcript,
            criterion_key=criterion_key,
            answer=c.labels[criterion_key],
        )
        for c in calls
        if c.scorecard == scorecard and criterion_key in c.labels
    ]


def train_scorecard(
    examples: Sequence[Example],
    criteria: Iterable[Any],
    *,
    scorecard: str = "",
    scorecard_version: int | None = None,
    folder: Path | None = None,
    hold_seconds: float = HOLD_SECONDS,
) -> list[TrainingOutcome]:
    """Train every criterion that has examples; with ``folder``, replace its model files.

    ``criteria`` carry ``key`` and ``detector_key``. Old cards and model files in ``folder``
    are removed first, so a model that no longer beats its rule cannot linger.
    """
    by_key: dict[str, list[Example]] = {}
    for example in examples:
        by_key.setdefault(example.criterion_key, []).append(example)
    views: dict[str, CallView] = {}
    outcomes = []
    for criterion in criteria:
        outcomes.append(
            train_criterion(
                by_key.get(criterion.key, []),
                criterion_key=criterion.key,
                detector_key=getattr(criterion, "detector_key", "") or "",
                scorecard=scorecard,
                scorecard_version=scorecard_version,
                views=views,
                hold_seconds=hold_seconds,
            )
        )
    if folder is not None:
        folder = Path(folder)
        if folder.is_dir():
            for old in [*folder.glob("*.card.json"), *folder.glob("*.skops")]:
                old.unlink()
        for outcome in outcomes:
            save_outcome(outcome, folder)
    return outcomes
