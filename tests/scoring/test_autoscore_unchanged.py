"""Auto-scoring gives exactly the answers it gave before, on every labelled transcript.

Speed work (a faster matcher, a shared analysis, vectorised features) must not change a single
answer, confidence, note or piece of evidence, nor the calibrated path's features and unrounded
confidences beyond 1e-6 (float32 embeddings differ by about 1e-7 from one CPU to another). The
snapshot in tests/data/autoscore_snapshot.json was taken over every labelled transcript in
tests/data/transcripts (all splits, the old sealed one included, training data itself since
2026-12-07: it is read here only to compare outputs).

A deliberate change of judgement regenerates it (see tests/scoring/autoscore_snapshot.py);
review the diff: every changed line is a call whose suggestions change.
"""

from __future__ import annotations

import json
import math
import os

import pytest

from scoring.calibrated import default_scorers
from scoring.transcript import Transcript

from .autoscore_snapshot import DATA, SNAPSHOT, TOLERANCE, labelled_files, snapshot

WRITE = os.environ.get("SIYALALELA_WRITE_AUTOSCORE_SNAPSHOT") == "1"


def _current() -> dict[str, dict]:
    scorers = default_scorers()
    assert scorers is not None, "models/calibrated is missing: the product's default path"
    out = {}
    for path in labelled_files():
        data = json.loads(path.read_text())
        transcript = Transcript.from_dict(data)
        out[str(path.relative_to(DATA))] = snapshot(transcript, data["scorecard"], scorers)
    return out


def _differences(before, after, where: str = "") -> list[str]:
    """Where two snapshots differ: exact for strings and integers, within TOLERANCE for floats."""
    if isinstance(before, float) or isinstance(after, float):
        both = isinstance(before, int | float) and isinstance(after, int | float)
        if (
            both
            and not isinstance(before, bool)
            and math.isclose(before, after, rel_tol=0.0, abs_tol=TOLERANCE)
        ):
            return []
        return [f"{where}: {before!r} -> {after!r}"]
    if isinstance(before, dict) and isinstance(after, dict):
        out = [f"{where}.{k}: only in one" for k in sorted(set(before) ^ set(after))]
        for key in sorted(set(before) & set(after)):
            out += _differences(before[key], after[key], f"{where}.{key}")
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        out = []
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            out += _differences(b, a, f"{where}[{i}]")
        return out
    return [] if before == after else [f"{where}: {before!r} -> {after!r}"]


def _write(current: dict[str, dict]) -> None:
    lines = [
        f"{json.dumps(key)}: {json.dumps(value, separators=(',', ':'), ensure_ascii=False)}"
        for key, value in sorted(current.items())
    ]
    SNAPSHOT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def test_the_snapshot_covers_every_labelled_transcript():
    snapped = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    names = {str(p.relative_to(DATA)) for p in labelled_files()}
    assert set(snapped) == names
    assert len(names) >= 400
    assert any(n.startswith("blind/sealed/") for n in names)
    assert any(n.startswith("blind/dev/") for n in names)


def test_every_answer_confidence_and_evidence_is_unchanged():
    current = _current()
    if WRITE:
        _write(current)
        pytest.skip(f"snapshot written to {SNAPSHOT}")
    snapped = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    differences = _differences(snapped, current)
    assert differences == [], f"{len(differences)} differences:\n" + "\n".join(differences[:40])


def test_the_comparison_sees_a_changed_answer_and_a_drifted_confidence():
    before = {"a.json": {"rules": {"x": ["yes", 0.85]}, "semantic": {"s": 0.5}}}
    assert _differences(before, before) == []
    assert _differences(before, {"a.json": {"rules": {"x": ["no", 0.85]}, "semantic": {"s": 0.5}}})
    drifted = {"a.json": {"rules": {"x": ["yes", 0.85]}, "semantic": {"s": 0.5 + 1e-5}}}
    assert _differences(before, drifted)
    close = {"a.json": {"rules": {"x": ["yes", 0.85]}, "semantic": {"s": 0.5 + 2e-7}}}
    assert _differences(before, close) == []
