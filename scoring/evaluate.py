"""Agreement of the rule detectors with a labelled transcript set.

    python -m scoring.evaluate tests/data/transcripts [--errors] [--json]

Each labelled file is a standards.md section 2 transcript plus ``scorecard`` (slug),
``labels`` (criterion key -> yes/no/na) and ``clean`` (hand-written clean text, not noised).
Reports per criterion: agreement, the number of calls, and "critical false yes" (a critical
criterion answered yes where the label is no, on a clean transcript: the error that must never
happen).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring.autoscore import autoscore
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
    critical_false_yes: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.agree / self.total if self.total else 0.0


def evaluate(calls: list[LabelledCall]) -> list[CriterionReport]:
    reports: dict[tuple[str, str], CriterionReport] = {}
    for scorecard, criteria in DEFAULT_SCORECARDS.items():
        for c in criteria:
            reports[(scorecard, c.key)] = CriterionReport(scorecard, c.key, c.critical)
    for call in calls:
        criteria = DEFAULT_SCORECARDS[call.scorecard]
        result = autoscore(call.transcript, criteria).by_key()
        for c in criteria:
            report = reports[(call.scorecard, c.key)]
            label = call.labels[c.key]
            got = result[c.key]
            report.total += 1
            if got.answer == label:
                report.agree += 1
                continue
            if c.critical and call.clean and label == "no" and got.answer == "yes":
                report.critical_false_yes += 1
            report.errors.append(
                {
                    "call": call.transcript.call_id,
                    "clean": call.clean,
                    "label": label,
                    "answer": got.answer,
                    "confidence": got.confidence,
                    "note": got.note,
                }
            )
    return list(reports.values())


def summary(reports: list[CriterionReport]) -> dict[str, Any]:
    by_card: dict[str, list] = defaultdict(list)
    for r in reports:
        by_card[r.scorecard].append(
            {
                "criterion": r.key,
                "critical": r.critical,
                "calls": r.total,
                "agree": r.agree,
                "accuracy": round(r.accuracy, 3),
                "critical_false_yes_clean": r.critical_false_yes,
            }
        )
    return dict(by_card)


def table(reports: list[CriterionReport]) -> str:
    lines = [
        "| scorecard | criterion | critical | calls | agreement | critical yes-for-no (clean) |",
        "|---|---|---|---|---|---|",
    ]
    for r in reports:
        lines.append(
            f"| {r.scorecard} | {r.key} | {'yes' if r.critical else ''} | {r.total} | "
            f"{100 * r.accuracy:.1f}% | {r.critical_false_yes if r.critical else ''} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    calls = load_labelled(args.folder)
    reports = evaluate(calls)
    if args.json:
        print(json.dumps({"calls": len(calls), "criteria": summary(reports)}, indent=2))
    else:
        print(f"{len(calls)} labelled calls\n")
        print(table(reports))
    if args.errors:
        for r in reports:
            for e in r.errors:
                print(f"{r.scorecard}.{r.key}: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
