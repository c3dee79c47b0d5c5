"""Agreement of auto-scoring with a labelled transcript set.

    python -m scoring.evaluate DIR [--rules] [--errors] [--json] [--bins 10]

Each labelled file is a standards.md section 2 transcript plus ``scorecard`` (slug),
``labels`` (criterion key -> yes/no/na) and optionally ``clean`` (hand-written clean text, not
noised). By default the shipped calibrated answerers are used (models/calibrated; ``check``
answers are abstentions); ``--rules`` scores with the rule detectors alone.

Reports per criterion: agreement on answered criteria, coverage (share not abstained), Cohen's
kappa on answered, "critical yes-for-no" (a critical criterion answered yes where the label is
no: the error that must never happen), and calibration: expected calibration error and a
reliability table (does a confidence of 0.8 mean right 8 times in 10?).

Figures on the folder the answerers were trained on are in-sample; the honest, cross-validated
figures come from ``python -m scoring.train_autoscore DIR --no-save``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring.autoscore import CHECK, autoscore
from scoring.calibration import expected_calibration_error, reliability_table
from scoring.default_scorecards import DEFAULT_SCORECARDS
from scoring.transcript import Transcript


@dataclass(frozen=True, slots=True)
class LabelledCall:
    transcript: Transcript
    scorecard: str
    labels: dict[str, str]
    clean: bool
    mono: bool
    path: Path


def load_labelled(folder: Path) -> list[LabelledCall]:
    calls = []
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text())
        calls.append(
            LabelledCall(
                transcript=Transcript.from_dict(data),
                scorecard=data["scorecard"],
                labels=data["labels"],
                clean=bool(data.get("clean")),
                mono=bool(data.get("mono")),
                path=path,
            )
        )
    return calls


@dataclass
class CriterionReport:
    scorecard: str
    key: str
    critical: bool
    total: int = 0
    agree: int = 0
    critical_false_yes: int = 0  # on clean transcripts (the older sets' measure)
    critical_false_yes_any: int = 0  # on any transcript, among answered
    errors: list[dict[str, Any]] = field(default_factory=list)
    # per call: (label, answer given, shown answer or "check", confidence)
    answers: list[tuple[str, str, str, float]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Agreement over every call, counting an abstention as the answer it held back."""
        return self.agree / self.total if self.total else 0.0

    @property
    def answered(self) -> int:
        return sum(1 for _, _, shown, _ in self.answers if shown != CHECK)

    @property
    def coverage(self) -> float:
        return self.answered / self.total if self.total else 0.0

    @property
    def answered_accuracy(self) -> float | None:
        kept = [(label, shown) for label, _, shown, _ in self.answers if shown != CHECK]
        return sum(1 for a, b in kept if a == b) / len(kept) if kept else None

    @property
    def kappa(self) -> float | None:
        from scoring.learning import cohen_kappa

        kept = [(label, shown) for label, _, shown, _ in self.answers if shown != CHECK]
        return cohen_kappa([a for a, _ in kept], [b for _, b in kept]) if kept else None

    def calibration(self, bins: int = 10) -> tuple[float | None, list]:
        confidence = [c for *_, c in self.answers]
        correct = [label == given for label, given, _, _ in self.answers]
        return (
            expected_calibration_error(confidence, correct, bins),
            reliability_table(confidence, correct, bins),
        )


def evaluate(calls: list[LabelledCall], *, calibrated: Any = None) -> list[CriterionReport]:
    """Score every call (rules alone, or with ``calibrated`` answerers) against its labels."""
    reports: dict[tuple[str, str], CriterionReport] = {}
    for scorecard, criteria in DEFAULT_SCORECARDS.items():
        for c in criteria:
            reports[(scorecard, c.key)] = CriterionReport(scorecard, c.key, c.critical)
    for call in calls:
        criteria = DEFAULT_SCORECARDS[call.scorecard]
        result = autoscore(call.transcript, criteria, calibrated=calibrated).by_key()
        for c in criteria:
            report = reports[(call.scorecard, c.key)]
            label = call.labels[c.key]
            got = result[c.key]
            given = got.abstained_answer if got.answer == CHECK else got.answer
            report.answers.append((label, given or "", got.answer or "", got.confidence))
            report.total += 1
            if given == label:
                report.agree += 1
                continue
            if c.critical and label == "no" and got.answer == "yes":
                report.critical_false_yes_any += 1
                if call.clean:
                    report.critical_false_yes += 1
            report.errors.append(
                {
                    "call": call.transcript.call_id,
                    "clean": call.clean,
                    "label": label,
                    "answer": got.answer,
                    "would_say": given,
                    "confidence": got.confidence,
                    "note": got.note,
                }
            )
    return list(reports.values())


def summary(reports: list[CriterionReport], bins: int = 10) -> dict[str, Any]:
    by_card: dict[str, list] = defaultdict(list)
    for r in reports:
        if not r.total:
            continue
        ece, rows = r.calibration(bins)
        answered = r.answered_accuracy
        kappa = r.kappa
        by_card[r.scorecard].append(
            {
                "criterion": r.key,
                "critical": r.critical,
                "calls": r.total,
                "agree": r.agree,
                "accuracy": round(r.accuracy, 3),
                "answered": r.answered,
                "coverage": round(r.coverage, 3),
                "accuracy_answered": None if answered is None else round(answered, 3),
                "kappa_answered": None if kappa is None else round(kappa, 3),
                "critical_false_yes_clean": r.critical_false_yes,
                "critical_false_yes": r.critical_false_yes_any,
                "ece": None if ece is None else round(ece, 4),
                "reliability": [row.to_dict() for row in rows],
            }
        )
    return dict(by_card)


def overall(reports: list[CriterionReport], bins: int = 10) -> dict[str, Any]:
    """Pooled over every criterion: coverage, answered agreement, critical figures, ECE."""
    answers = [a for r in reports for a in r.answers]
    critical = [a for r in reports if r.critical for a in r.answers]

    def answered_agreement(items):
        kept = [(label, shown) for label, _, shown, _ in items if shown != CHECK]
        return sum(1 for a, b in kept if a == b) / len(kept) if kept else None

    confidence = [c for *_, c in answers]
    correct = [label == given for label, given, _, _ in answers]
    return {
        "answers": len(answers),
        "coverage": sum(1 for a in answers if a[2] != CHECK) / len(answers) if answers else None,
        "agreement_answered": answered_agreement(answers),
        "agreement_answered_critical": answered_agreement(critical),
        "critical_false_yes": sum(r.critical_false_yes_any for r in reports),
        "ece": expected_calibration_error(confidence, correct, bins),
        "reliability": [row.to_dict() for row in reliability_table(confidence, correct, bins)],
    }


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def table(reports: list[CriterionReport], bins: int = 10) -> str:
    lines = [
        "| scorecard | criterion | critical | calls | agreement (answered) | coverage | "
        "kappa (answered) | critical yes-for-no | ECE |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        if not r.total:
            continue
        ece, _ = r.calibration(bins)
        kappa = r.kappa
        lines.append(
            f"| {r.scorecard} | {r.key} | {'yes' if r.critical else ''} | {r.total} | "
            f"{_pct(r.answered_accuracy)} | {_pct(r.coverage)} | "
            f"{'-' if kappa is None else f'{kappa:.2f}'} | "
            f"{r.critical_false_yes_any if r.critical else ''} | "
            f"{'-' if ece is None else f'{ece:.3f}'} |"
        )
    return "\n".join(lines)


def reliability_text(rows: list[dict[str, Any]]) -> str:
    lines = ["| confidence bin | answers | mean confidence | agreement |", "|---|---|---|---|"]
    for row in rows:
        lines.append(
            f"| {row['bin']} | {row['n']} | {row['confidence']:.2f} | {row['accuracy']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None, out=None) -> int:
    out = out if out is not None else sys.stdout

    def print(*parts: object) -> None:  # noqa: A001  (to ``out``, so a wrapper can capture it)
        out.write(" ".join(str(p) for p in parts) + "\n")

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rules", action="store_true", help="rule detectors only")
    parser.add_argument("--models", type=Path, help="calibrated answerers folder to use")
    parser.add_argument("--bins", type=int, default=10, help="reliability table bins")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder of labelled transcripts")
    calls = load_labelled(args.folder)
    if not calls:
        parser.error(f"{args.folder} holds no labelled transcripts (*.json)")
    calibrated = None
    if not args.rules:
        from scoring.calibrated import default_scorers, load_scorers

        calibrated = load_scorers(args.models) if args.models else default_scorers()
    reports = evaluate(calls, calibrated=calibrated)
    pooled = overall(reports, args.bins)
    engine = "rules only" if calibrated is None else f"calibrated ({calibrated.version})"
    if args.json:
        print(
            json.dumps(
                {
                    "calls": len(calls),
                    "engine": engine,
                    "overall": pooled,
                    "criteria": summary(reports, args.bins),
                },
                indent=2,
            )
        )
    else:
        print(f"{len(calls)} labelled calls, {engine}\n")
        print(table(reports, args.bins))
        print(
            f"\nall criteria: agreement on answered {_pct(pooled['agreement_answered'])}, "
            f"critical {_pct(pooled['agreement_answered_critical'])}, "
            f"coverage {_pct(pooled['coverage'])}, "
            f"critical yes-for-no {pooled['critical_false_yes']}, "
            f"ECE {pooled['ece']:.3f}\n"
        )
        print(reliability_text(pooled["reliability"]))
    if args.errors:
        for r in reports:
            for e in r.errors:
                print(f"{r.scorecard}.{r.key}: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
