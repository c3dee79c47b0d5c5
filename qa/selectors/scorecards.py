"""Reads of scorecards: the open JSON document a version is exported as."""

from __future__ import annotations

from qa.models import ScorecardVersion

EXPORT_FORMAT = "siyalalela.scorecard/1"


def scorecard_document(version: ScorecardVersion) -> dict:
    """One self-describing JSON document for a scorecard version (open format), the one
    ``scorecard_import`` reads back. Three queries."""
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
