"""Rules-alone answers over every labelled folder, saved and compared against the labels.

    python scripts/rules_answers_diff.py dump before.json      # on the old branch
    python scripts/rules_answers_diff.py dump after.json       # on the new one
    python scripts/rules_answers_diff.py compare before.json after.json

``dump`` runs ``scoring.autoscore.autoscore`` (rules only) over every transcript with
``labels`` under tests/data/transcripts (recursive), tests/data/blind_fresh and
tests/data/blind_sealed*; ``compare`` lists each answer that changed as FIXED (now the label),
BROKEN (was the label) or other (wrong before and after), with counts per criterion.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.autoscore import autoscore  # noqa: E402
from scoring.default_scorecards import DEFAULT_SCORECARDS  # noqa: E402
from scoring.transcript import Transcript  # noqa: E402

DATA = ROOT / "tests" / "data"


def labelled_files() -> list[Path]:
    roots = [DATA / "transcripts", DATA / "blind_fresh", *sorted(DATA.glob("blind_sealed*"))]
    return [path for root in roots for path in sorted(root.rglob("*.json"))]


def dump(out: str) -> None:
    answers = {}
    for path in labelled_files():
        data = json.loads(path.read_text())
        if not isinstance(data, dict) or "labels" not in data or "scorecard" not in data:
            continue
        result = autoscore(Transcript.from_dict(data), DEFAULT_SCORECARDS[data["scorecard"]])
        answers[str(path.relative_to(ROOT))] = {
            "scorecard": data["scorecard"],
            "labels": data["labels"],
            "answers": {c.key: c.answer for c in result.criteria},
        }
    Path(out).write_text(json.dumps(answers, indent=1, sort_keys=True))
    print(f"{len(answers)} labelled transcripts -> {out}")


def compare(before_path: str, after_path: str) -> None:
    before = json.loads(Path(before_path).read_text())
    after = json.loads(Path(after_path).read_text())
    counts = {"FIXED": Counter(), "BROKEN": Counter(), "other": Counter()}
    for path, old in sorted(before.items()):
        new = after[path]["answers"]
        for key, label in old["labels"].items():
            was, now = old["answers"].get(key), new.get(key)
            if was == now:
                continue
            kind = "FIXED" if now == label else "BROKEN" if was == label else "other"
            counts[kind][f"{old['scorecard']}.{key}"] += 1
            print(f"{kind} {path} {key}: {was} -> {now} (label {label})")
    for kind, counter in counts.items():
        print(f"{kind}: {sum(counter.values())} {dict(sorted(counter.items()))}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
