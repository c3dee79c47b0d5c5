"""Which scorecard version a call is scored on, and the open work still on earlier versions."""

from __future__ import annotations

from calls.models import Call
from qa.models import Evaluation, SampleItem
from scorecards.models import Scorecard, ScorecardVersion


def version_in_use(call: Call) -> ScorecardVersion | None:
    """The published version of the scorecard that applies to the call, or None."""
    scorecard = Scorecard.objects.for_call(call)
    return scorecard.current_version() if scorecard else None


def versions_in_use(calls) -> dict[int, ScorecardVersion | None]:
    """``version_in_use`` for many calls: one lookup per section and direction, not per call."""
    found: dict[tuple, ScorecardVersion | None] = {}
    result = {}
    for call in calls:
        key = (call.section_id, call.direction)
        if key not in found:
            found[key] = version_in_use(call)
        result[call.pk] = found[key]
    return result


def open_work_on_earlier_versions(version: ScorecardVersion) -> dict:
    """The work not yet submitted on the scorecard's versions numbered below ``version``:
    ``items``, sampled calls whose evaluation has not been started, and ``drafts``, regular
    evaluations still in draft. Both are querysets."""
    earlier = ScorecardVersion.objects.filter(
        scorecard_id=version.scorecard_id, number__lt=version.number
    )
    return {
        "items": SampleItem.objects.filter(version__in=earlier, evaluation__isnull=True),
        "drafts": Evaluation.objects.filter(
            version__in=earlier, state=Evaluation.State.DRAFT, kind=Evaluation.Kind.REGULAR
        ),
    }


def open_work_summary(version: ScorecardVersion) -> list[dict]:
    """Per earlier version with open work: its number, queued calls and draft evaluations."""
    work = open_work_on_earlier_versions(version)
    rows: dict[int, dict] = {}
    for number in work["items"].values_list("version__number", flat=True):
        rows.setdefault(number, {"number": number, "queued": 0, "drafts": 0})["queued"] += 1
    for number in work["drafts"].values_list("version__number", flat=True):
        rows.setdefault(number, {"number": number, "queued": 0, "drafts": 0})["drafts"] += 1
    return [rows[n] for n in sorted(rows, reverse=True)]
