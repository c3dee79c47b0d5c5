"""Reads of scorecards: the open JSON document a version is exported as, the detectors a
criterion may name, the form a version gives officers, and what changed from the version
before."""

from __future__ import annotations

from dataclasses import dataclass, field

from scorecards.models import Criterion, ScorecardVersion
from scoring.detectors import DETECTORS

NO_DETECTOR = "No detector: left to people"
_DIRECTIONS = {"inbound": "Inbound calls", "outbound": "Outbound calls"}


def detector_choices() -> list:
    """The registry as a pick list of words, grouped by the calls they are written for:
    ``[("", NO_DETECTOR), ("Inbound calls", [(key, what it checks), ...]), ...]``."""
    groups: dict[str, list] = {}
    for key, found in sorted(DETECTORS.items()):
        family = _DIRECTIONS.get(key.split(".", 1)[0], "Other")
        groups.setdefault(family, []).append((key, found.description))
    return [("", NO_DETECTOR), *groups.items()]


def detector_label(key: str) -> str:
    """What a detector checks, in words; says so when the key names no detector."""
    if not key:
        return NO_DETECTOR
    found = DETECTORS.get(key)
    return found.description if found else f"Unknown detector “{key}”: pick one from the list"


def previous_version(version: ScorecardVersion) -> ScorecardVersion | None:
    """The version numbered just below this one, if any."""
    return version.scorecard.versions.filter(number__lt=version.number).order_by("-number").first()


def form_preview(version: ScorecardVersion) -> list[dict]:
    """The criteria as the scoring form shows them: each group once, in the groups' order, its
    criteria in their order; criteria without a group last. Two queries."""
    groups = {g.pk: {"title": g.title, "criteria": []} for g in version.groups.order_by("order")}
    ungrouped = {"title": "Other criteria", "criteria": []}
    for criterion in version.criteria.order_by("order", "id"):
        criterion.detector_label = detector_label(criterion.detector_key)
        groups.get(criterion.group_id, ungrouped)["criteria"].append(criterion)
    return [g for g in [*groups.values(), ungrouped] if g["criteria"]]


_COMPARED = (
    ("text", "Text"),
    ("guidance", "Guidance"),
    ("points", "Points"),
    ("critical", "Critical"),
    ("na_when", "N/A when"),
    ("detector", "Detector"),
    ("group", "Group"),
)


@dataclass
class CriterionChange:
    key: str
    text: str
    fields: list[tuple[str, object, object]]  # (label, before, after)


@dataclass
class VersionDiff:
    previous: ScorecardVersion | None
    pass_mark: tuple | None = None  # (before, after) when it changed
    added: list[Criterion] = field(default_factory=list)
    removed: list[Criterion] = field(default_factory=list)
    changed: list[CriterionChange] = field(default_factory=list)
    reordered: bool = False  # the criteria both versions have come in another order

    @property
    def is_empty(self) -> bool:
        return not (self.pass_mark or self.added or self.removed or self.changed or self.reordered)


def _described(version: ScorecardVersion) -> dict[str, tuple[Criterion, dict]]:
    rows = {}
    criteria = version.criteria.select_related("group").order_by("order", "id")
    for c in criteria:
        rows[c.key] = (
            c,
            {
                "text": c.text,
                "guidance": c.guidance,
                "points": c.points,
                "critical": "yes" if c.critical else "no",
                "na_when": c.na_when or "never",
                "detector": detector_label(c.detector_key),
                "group": c.group.title if c.group else "(no group)",
            },
        )
    return rows


def version_diff(
    version: ScorecardVersion, previous: ScorecardVersion | None = None
) -> VersionDiff:
    """What changed from ``previous`` (by default the version numbered just below) to
    ``version``, criterion by criterion (matched by key). Four queries."""
    previous = previous or previous_version(version)
    diff = VersionDiff(previous=previous)
    after = _described(version)
    if previous is None:
        diff.added = [c for c, _ in after.values()]
        return diff
    before = _described(previous)
    if previous.pass_mark != version.pass_mark:
        diff.pass_mark = (previous.pass_mark, version.pass_mark)
    diff.added = [c for key, (c, _) in after.items() if key not in before]
    diff.removed = [c for key, (c, _) in before.items() if key not in after]
    common = [key for key in after if key in before]
    diff.reordered = common != [key for key in before if key in after]
    for key, (criterion, now) in after.items():
        if key in before:
            then = before[key][1]
            fields = [
                (label, then[name], now[name])
                for name, label in _COMPARED
                if then[name] != now[name]
            ]
            if fields:
                diff.changed.append(CriterionChange(key=key, text=criterion.text, fields=fields))
    return diff


EXPORT_FORMAT = "siyalalela.scorecard/1"


def scorecard_document(version: ScorecardVersion) -> dict:
    """One self-describing JSON document for a scorecard version (open format), the one
    ``scorecards.services.documents.scorecard_import`` reads back. Three queries."""
    scorecard = version.scorecard
    groups = {g.pk: g.title for g in version.groups.all()}
    return {
        "format": EXPORT_FORMAT,
        "scorecard": {
            "slug": scorecard.slug,
            "name": scorecard.name,
            "description": scorecard.description,
            "direction": scorecard.direction,
            "sections": sorted(scorecard.sections.values_list("slug", flat=True)),
        },
        "version": {
            "number": version.number,
            "status": version.status,
            "pass_mark": str(version.pass_mark),
            "published_at": version.published_at.isoformat() if version.published_at else None,
            "change_note": version.change_note,
        },
        "scoring_rule": (
            "score = 100 * points(yes) / points(not na), one decimal, half up; "
            "any critical 'no' makes the score 0.0; pass when score >= pass_mark and no "
            "critical failed"
        ),
        "criteria": [
            {
                "key": c.key,
                "group": groups.get(c.group_id, ""),
                "text": c.text,
                "guidance": c.guidance,
                "points": c.points,
                "critical": c.critical,
                "na_when": c.na_when,
                "answer_type": c.answer_type,
                "detector_key": c.detector_key,
                "order": c.order,
            }
            for c in version.criteria.order_by("order", "id")
        ],
    }
