"""Train the calibrated auto-score answerers on labelled folders and report honest figures.

    python -m scoring.train_autoscore DIR [DIR ...] [--out models/autoscore] [--report FILE]

Each labelled file is a standards.md section 2 transcript plus ``scorecard`` and ``labels``
(and ``writer``, else the file name's prefix before ``_``). Figures are cross-validated by
writer (see :mod:`scoring.calibrated`); the saved answerers are fitted on every call.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scoring.calibrated import (
    CRITICAL_MARGIN,
    CRITICAL_YES_MIN,
    MODELS_DIR,
    criterion_data,
    save_scorers,
    summarise,
    train_scorers,
)
from scoring.default_scorecards import DEFAULT_SCORECARDS
from scoring.detectors import analyse
from scoring.evaluate import load_labelled
from scoring.features import call_features


def writer_of(call) -> str:
    """Who wrote a labelled call: ``w1_012.json`` -> ``w1``; files named otherwise (the house
    sets in tests/data/transcripts, written by one hand) count as one writer, ``house``."""
    prefix = call.path.name.split("_")[0]
    return prefix if re.fullmatch(r"w\d+", prefix) else "house"


def train(
    folders: list[Path],
    out: Path | None,
    *,
    validate: bool = True,
    language: bool = False,
    semantic: bool = True,
) -> dict[str, Any]:
    calls = [c for folder in folders for c in load_labelled(folder)]
    nlp = None
    if language:
        from scoring.nlp import get_nlp

        nlp = get_nlp()
    embeddings = None
    if semantic:
        from scoring.semantic import get_semantic

        embeddings = get_semantic()
    version = f"autoscore-{datetime.now(UTC):%Y%m%dT%H%M%S}"
    scorers: dict[str, Any] = {}
    report: dict[str, Any] = {
        "version": version,
        "calls": len(calls),
        "language_features": nlp is not None,
        "semantic_features": embeddings is not None,
        "scorecards": {},
    }
    for scorecard, criteria in DEFAULT_SCORECARDS.items():
        chosen = [c for c in calls if c.scorecard == scorecard]
        if not chosen:
            continue
        views = [analyse(c.transcript) for c in chosen]
        features = [call_features(v, nlp=nlp, semantic=embeddings) for v in views]
        data = criterion_data(
            views, features, criteria, [c.labels for c in chosen], [writer_of(c) for c in chosen]
        )
        scorers[scorecard] = train_scorers(scorecard, data, version=version, validate=validate)
        report["scorecards"][scorecard] = {
            key: s.card.get("cross_validated", {})
            | {
                "use": s.use,
                "critical": s.critical,
                "threshold": s.threshold,
                "threshold_yes": s.threshold_yes,
            }
            for key, s in scorers[scorecard].items()
        }
    if out is not None:
        save_scorers(
            scorers,
            out,
            language_features=nlp is not None,
            semantic_features=embeddings is not None,
        )
    return report


def pooled(report: dict[str, Any], critical_keys: set[tuple[str, str]] | None = None):
    """Answered agreement, coverage and ECE over every answer of every criterion, and the
    answered agreement and confident wrong passes of the critical criteria."""
    rows = [
        (card, key, fig)
        for card, figs in report["scorecards"].items()
        for key, fig in figs.items()
        if fig.get("n")
    ]
    n = sum(f["n"] for _, _, f in rows)
    answered = sum(f["answered"] for _, _, f in rows)
    right = sum((f["agreement_answered"] or 0) * f["answered"] for _, _, f in rows)
    ece = sum((f["ece"] or 0) * f["n"] for _, _, f in rows) / n if n else None
    critical = [f for _, _, f in rows if f.get("critical")]
    c_answered = sum(f["answered"] for f in critical)
    c_right = sum((f["agreement_answered"] or 0) * f["answered"] for f in critical)
    return {
        "answers": n,
        "coverage": answered / n if n else None,
        "agreement_answered": right / answered if answered else None,
        "ece_mean": ece,
        "critical_agreement_answered": c_right / c_answered if c_answered else None,
        "critical_coverage": c_answered / sum(f["n"] for f in critical) if critical else None,
        "critical_false_yes": sum(f["critical_false_yes"] for f in critical),
    }


def table(report: dict[str, Any]) -> str:
    lines = [
        "| scorecard | criterion | by | calls | agreement (all) | answered | agreement (answered) "
        "| kappa (answered) | critical yes-for-no | ECE |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for card, figs in report["scorecards"].items():
        for key, f in figs.items():
            if not f.get("n"):
                continue
            kappa = f["kappa_answered"]
            answered = f"{100 * f['agreement_answered']:.1f}%" if f["answered"] else "-"
            lines.append(
                f"| {card} | {key} | {f['use']} | {f['n']} | {100 * f['agreement_all']:.1f}% | "
                f"{100 * f['coverage']:.0f}% | {answered} | "
                f"{'-' if kappa is None else f'{kappa:.2f}'} | {f['critical_false_yes']} | "
                f"{f['ece']:.3f} |"
            )
    return "\n".join(lines)


def model_card(report: dict[str, Any], folders: list[Path]) -> str:
    """The model card of the shipped answerers (models/calibrated/MODEL_CARD.md)."""
    p = report["pooled"]
    return f"""# Calibrated auto-score answerers ({report["version"]})

What: for every criterion of the two default scorecards, the answerer (the rule detector, a
logistic regression over every call feature, or one over the criterion's own concepts) chosen
on held-out calls, a Platt map from its raw confidence to the probability that a QA officer
agrees, and the threshold below which the answer is `check` (a question for the officer, left
out of the suggested score). Code: `scoring/calibrated.py`, `scoring/features.py`; retrain with
`python -m scoring.train_autoscore DIR [DIR ...]` (this card is rewritten by it).

Trained on: {report["calls"]} labelled calls ({", ".join(str(f) for f in folders)}): the
blind corpus's dev split (w1-w3), its old sealed split (w4, w5), the fresh blind set (w6-w9)
and the third sealed set (w10-w13), all written from standards.md only by writers who never saw
the code, and the project's older hand-written sets (one writer group, `house`). The old sealed
split, the fresh set and the third sealed set were read for tuning on 2026-12-07 (their READMEs
say so): they are training data now, not a blind measure; the blind measure is the next sealed
set, kept outside the repository.
Language features (spaCy): {"on" if report.get("language_features") else "off"}; semantic
similarities (static MiniLM embeddings, models/static-minilm):
{"on" if report.get("semantic_features") else "off"}.
Targets: agreement on answered criteria >= 95% (>= 98% on critical criteria, no critical `yes`
where the label is `no`), coverage >= 85%.

Figures below are cross-validated by writer: each writer's calls are scored by answerers chosen,
fitted, calibrated and thresholded on the other writers' calls only. They are estimates for a
new writer, from small numbers (250-380 calls per criterion, 14 writer groups): read a 95% as
"about 92-98%".

Pooled: coverage {100 * p["coverage"]:.1f}%, agreement on answered
{100 * p["agreement_answered"]:.1f}%, mean ECE {p["ece_mean"]:.3f}; critical criteria: coverage
{100 * (p["critical_coverage"] or 0):.1f}%, agreement on answered
{100 * (p["critical_agreement_answered"] or 0):.1f}%, critical `yes` where the label is `no`:
{p["critical_false_yes"]}.

{table(report)}

Files: `scorers.json` (per criterion: answerer, Platt parameters, threshold, figures, sha256 of
its model), `<scorecard>.<criterion>.skops` (scikit-learn pipelines, loaded with skops and only
the types listed in `scoring.calibrated.TRUSTED_TYPES`, after the sha256 check).

Thresholds: on a non-critical criterion, the lowest calibrated confidence at which held-out
answers reached 97% (2 points of headroom over the 95% target for a new writer). On a critical
criterion a `yes` and a `no`/`na` have thresholds of their own (`scorers.json`: `threshold_yes`,
`threshold`): a `no`/`na` needs the lowest confidence at which held-out `no`/`na` answers reached
99% (98% plus a point of headroom); a `yes` needs the lowest confidence at which held-out `yes`
answers reached 98% with the most confident `yes` labelled `no` cleared by
{CRITICAL_MARGIN}, and never less than {CRITICAL_YES_MIN} nor less than a `no` needs. A
confident wrong pass is the worst error an officer can be shown; a wrong fail shows its evidence.
A critical `yes` is also always `check` when the rule itself doubts it (no courtesy at all, no
agent speech, a doubt of `scoring/detectors/doubt.py`: deflecting, dismissing, blaming
colleagues, pressure, promises beyond authority, the caller rebuffing the agent or frightened of
a consequence), found a failure the model would overrule, or rests on who spoke on a mono call
where nobody knows (right party, identity verification: "speaker unknown").

Limits: the writers are few and wrote from the same standards; South African code-switching
and ASR noise are present but thin; calls wholly in another language are beyond the English
rules. The cues of `scoring/detectors/cues.py` (third party, blame, belittling, threats,
harassment, vague promises, due dates, read-backs, faults) and the doubts of
`scoring/detectors/doubt.py` were written after reading the dev split, and revised after
reading every critical error of the old sealed split, the fresh set and the third sealed set,
so the writer-held-out figures above are optimistic for them: the new sealed set, written
outside the repository, is the honest measure.
{_before(report)}"""


def _before(report: dict[str, Any]) -> str:
    """The figures before this training's design, when the report carries them."""
    before = report.get("before")
    return f"\n{before}\n" if before else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument(
        "--language-features",
        action="store_true",
        help="add the spaCy language features (slower to apply; no gain measured on the dev split)",
    )
    parser.add_argument(
        "--no-semantic",
        action="store_true",
        help="leave out the static-embedding similarities to each criterion's exemplars",
    )
    parser.add_argument("--report", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--before",
        type=Path,
        help="a markdown file with the previous design's figures, appended to the model card",
    )
    args = parser.parse_args(argv)
    report = train(
        args.folders,
        None if args.no_save else args.out,
        language=args.language_features,
        semantic=not args.no_semantic,
    )
    report["pooled"] = pooled(report)
    if args.before:
        report["before"] = args.before.read_text().strip()
    print(f"{report['calls']} labelled calls, cross-validated by writer\n")
    print(table(report))
    print("\npooled:", json.dumps({k: round(v or 0, 4) for k, v in report["pooled"].items()}))
    if not args.no_save:
        (args.out / "MODEL_CARD.md").write_text(model_card(report, args.folders))
    if args.report:
        args.report.write_text(json.dumps(report, indent=1, default=str) + "\n")
    return 0


__all__ = ["main", "pooled", "summarise", "table", "train"]

if __name__ == "__main__":
    sys.exit(main())
