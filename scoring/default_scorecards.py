"""The default scorecards of standards.md section 3, as plain data for the scorer.

One source: ``fixtures/scorecards.json`` (what ``setup_site`` loads into the database) is read
here, so the labelled-set evaluation and the benchmark run without Django on exactly the
criteria the product ships. Plain JSON, no Django: each criterion's key, points, critical flag
and detector key, in the scorecard's order.
"""

from __future__ import annotations

import json
from pathlib import Path

from scoring.autoscore import AutoCriterion

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "scorecards.json"


def load_default_scorecards(path: Path = FIXTURE) -> tuple[dict[str, tuple], float]:
    """``({slug: (AutoCriterion, ...)}, pass mark)`` from the fixture's latest version of each
    scorecard. One file read."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    slugs = {r["pk"]: r["fields"]["slug"] for r in rows if r["model"] == "qa.scorecard"}
    latest: dict[str, dict] = {}
    for row in rows:
        if row["model"] == "qa.scorecardversion":
            slug = slugs[row["fields"]["scorecard"]]
            if slug not in latest or row["fields"]["number"] > latest[slug]["fields"]["number"]:
                latest[slug] = row
    version_slug = {row["pk"]: slug for slug, row in latest.items()}
    criteria: dict[str, list[tuple]] = {slug: [] for slug in latest}
    for row in rows:
        fields = row["fields"]
        if row["model"] == "qa.criterion" and fields["version"] in version_slug:
            criteria[version_slug[fields["version"]]].append(
                (
                    (fields["order"], row["pk"]),
                    AutoCriterion(
                        fields["key"], fields["points"], fields["critical"], fields["detector_key"]
                    ),
                )
            )
    cards = {slug: tuple(c for _, c in sorted(found)) for slug, found in criteria.items()}
    pass_marks = {float(row["fields"]["pass_mark"]) for row in latest.values()}
    if len(pass_marks) != 1:
        raise ValueError(f"the default scorecards disagree on the pass mark: {pass_marks}")
    return cards, pass_marks.pop()


DEFAULT_SCORECARDS, PASS_MARK = load_default_scorecards()
INBOUND = DEFAULT_SCORECARDS["inbound"]
OUTBOUND_COLLECTION = DEFAULT_SCORECARDS["outbound_collection"]
