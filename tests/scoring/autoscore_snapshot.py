"""What auto-scoring says about a labelled transcript, in a form two code versions can compare.

    snapshot(transcript, scorecard)   # {"words", "hits", "rules", "calibrated", "features"}

Used by ``test_autoscore_unchanged``: a change made for speed must leave every answer,
confidence, note and piece of evidence as it was, and the calibrated path's features and
unrounded confidences within 1e-9. Words and concept hits are integers and strings, so they are
compared through a SHA-256 (exact); floats are kept as numbers and compared with a tolerance.

Regenerate the committed snapshot after a deliberate change of judgement (new concepts,
detectors or retrained answerers), and review the diff::

    SIYALALELA_WRITE_AUTOSCORE_SNAPSHOT=1 .venv/bin/python -m pytest \
        tests/scoring/test_autoscore_unchanged.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from scoring.autoscore import autoscore
from scoring.default_scorecards import DEFAULT_SCORECARDS
from scoring.detectors import analyse, get_detector
from scoring.features import criterion_row

DATA = Path(__file__).resolve().parent.parent / "data" / "transcripts"
SNAPSHOT = Path(__file__).resolve().parent.parent / "data" / "autoscore_snapshot.json"
# Floats agree to 1e-6, not bit for bit: the static embeddings are float32, and the same code on
# another CPU (an AMD EPYC here, not the machine the snapshot was taken on) sums them in another
# order, moving similarities and the confidences built on them by about 1e-7. Answers, notes and
# evidence stay exact.
TOLERANCE = 1e-6


def labelled_files() -> list[Path]:
    """Every labelled transcript under tests/data/transcripts (all splits)."""
    return sorted(p for p in DATA.rglob("*.json"))


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _score(result) -> list[Any]:
    return [result.score, result.passed, result.critical_fail, result.earned, result.possible,
            list(result.unanswered), list(result.failed_critical)]  # fmt: skip


def _rules(result, transcript) -> dict[str, Any]:
    criteria = {}
    for c in result.criteria:
        for e in c.evidence:
            seg = transcript.segments[e.segment_index]
            assert (e.start, e.end, e.text) == (seg.start, seg.end, seg.text)
        evidence = [e.segment_index for e in c.evidence]
        criteria[c.key] = [c.answer, c.confidence, c.source, evidence, c.note]
    return {"criteria": criteria, "score": _score(result)}


def _calibrated(result, rules: dict[str, Any], unrounded: dict[str, float]) -> dict[str, Any]:
    """Evidence is the rule's (checked equal); a note only where it differs from the rule's."""
    criteria = {}
    for c in result.criteria:
        rule = rules["criteria"][c.key]
        assert [e.segment_index for e in c.evidence] == rule[3]
        note = None if c.note == rule[4] else c.note
        criteria[c.key] = [
            c.answer, c.abstained_answer, c.confidence, c.source, note, unrounded.get(c.key)
        ]  # fmt: skip
    return {"criteria": criteria, "score": _score(result)}


def snapshot(transcript, scorecard: str, scorers) -> dict[str, Any]:
    criteria = DEFAULT_SCORECARDS[scorecard]
    view = analyse(transcript)
    hits = {
        label: [[h.segment, h.start, h.end] for h in found] for label, found in view.hits.items()
    }
    out: dict[str, Any] = {
        "words": _digest(view.words),
        "hits": _digest(hits),
        "offsets": _digest(view.offsets),
    }
    out["rules"] = _rules(autoscore(transcript, criteria), transcript)
    if scorers is None:
        return out
    features = scorers.features(view)
    # Counts, positions and metrics are exact; embedding similarities are compared within 1e-9.
    out["features"] = _digest({k: round(v, 9) for k, v in features.items() if k[:4] != "sem:"})
    out["semantic"] = {k: features[k] for k in sorted(features) if k[:4] == "sem:"}
    unrounded = {}
    for criterion in criteria:
        scorer = scorers.get(criterion.detector_key)
        detector = get_detector(criterion.detector_key)
        if scorer is not None and detector is not None:
            detection = detector(view)
            row = criterion_row(features, detection)
            unrounded[criterion.key] = scorer.decide_many([row], [detection])[0][2]
    result = autoscore(transcript, criteria, calibrated=scorers)
    out["calibrated"] = _calibrated(result, out["rules"], unrounded)
    return out
