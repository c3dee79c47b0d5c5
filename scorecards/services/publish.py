"""Publishing a draft: it is frozen and becomes the version new calls are scored on; the
version in use is retired. Evaluations, queued calls and their suggestions keep the version
they were sampled under (qa offers the manager a move of that open work)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from scorecards.models import ScorecardVersion
from scorecards.selectors import version_diff
from scorecards.services.designer import check_detector_key, check_points, require_draft


def publish_problems(version: ScorecardVersion) -> list[str]:
    """What stops a draft from being published, in words; empty when it may be."""
    criteria = list(version.criteria.all())
    if not criteria:
        return ["A scorecard version needs at least one criterion to be published."]
    problems = []
    for criterion in criteria:
        for check, value in (
            (check_points, criterion.points),
            (check_detector_key, criterion.detector_key),
        ):
            try:
                check(value)
            except ValidationError as exc:
                problems.extend(f"“{criterion.text}”: {m}" for m in exc.messages)
    if not 0 <= version.pass_mark <= 100:
        problems.append(f"The pass mark must be from 0 to 100 (it is {version.pass_mark}).")
    return problems


@transaction.atomic
def scorecard_version_publish(
    *, actor, version: ScorecardVersion, request=None
) -> ScorecardVersion:
    """Freeze a draft. The previously published version of the scorecard is retired; evaluations
    keep pointing at the version they were scored on. The audit event carries the differences
    from the previous version."""
    require_draft(version)
    problems = publish_problems(version)
    if problems:
        raise ValidationError(problems)
    criteria = list(version.criteria.all())
    diff = version_diff(version)
    published = version.scorecard.versions.filter(status=ScorecardVersion.Status.PUBLISHED)
    retired = list(published.values_list("number", flat=True))
    published.update(status=ScorecardVersion.Status.RETIRED)
    version.status = ScorecardVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    version.full_clean()
    version.save()
    audit_record(
        actor=actor,
        action="scorecard.publish",
        obj=version,
        request=request,
        changes={
            "status": {"old": "draft", "new": "published"},
            "retired_versions": retired,
            "criteria": len(criteria),
            "points": sum(c.points for c in criteria),
            "compared_with": diff.previous.number if diff.previous else None,
            "added": [c.key for c in diff.added],
            "removed": [c.key for c in diff.removed],
            "changed": [change.key for change in diff.changed],
        },
    )
    return version
