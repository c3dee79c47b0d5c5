"""Agreement of the two independent labellers of a labelled transcript folder (the human ceiling).

    python scripts/labeller_agreement.py tests/data/transcripts/blind/dev [more folders...]

Each file carries ``labellers``: ``{"writer": {criterion: answer}, "second": {"id", "labels"}}``
as written blind from standards.md, and ``labels``: the adjudicated answers. Prints Cohen's kappa
and raw agreement per scorecard criterion, and how many labels adjudication settled.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.learning import cohen_kappa  # noqa: E402


def main(folders: list[str]) -> None:
    pairs: dict[tuple[str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    adjudicated = files = 0
    for folder in folders:
        for path in sorted(Path(folder).glob("*.json")):
            data = json.loads(path.read_text())
            first = data["labellers"]["writer"]
            second = data["labellers"]["second"]["labels"]
            files += 1
            adjudicated += len(data.get("adjudicated", {}))
            for key in data["labels"]:
                pairs[(data["scorecard"], key)][0].append(first[key])
                pairs[(data["scorecard"], key)][1].append(second[key])
    print(f"{files} transcripts, two labellers each; {adjudicated} disagreements adjudicated\n")
    print("| scorecard | criterion | n | agreement | Cohen's kappa |")
    print("|---|---|---|---|---|")
    for (scorecard, key), (a, b) in pairs.items():
        agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
        print(f"| {scorecard} | {key} | {len(a)} | {agree:.1%} | {cohen_kappa(a, b):.2f} |")


if __name__ == "__main__":
    blind = "tests/data/transcripts/blind"
    main(sys.argv[1:] or [f"{blind}/dev", f"{blind}/sealed"])
