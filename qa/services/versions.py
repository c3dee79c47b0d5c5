"""Moving open work to a newer scorecard version.

A call is scored on the version in use when it was sampled (``SampleItem.version``), so
publishing a new version never leaves a queued call on a version it has no suggestions for.
A QA manager may choose to move the open work (queued calls and draft evaluations) of a
scorecard's earlier versions onto the published one: the calls are auto-scored again on it
and the drafts are rebuilt on its criteria, keeping the officer's answers where a criterion
with the same key still exists.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_record
from autoscoring.selectors import suggestions_for
from autoscoring.services.suggestions import call_autoscore
from qa.models import Answer, Evaluation, SampleItem
from qa.selectors.versions import open_work_on_earlier_versions
from qa.services.evaluations import prefilled_answer
from scorecards.models import ScorecardVersion


def _rebuild_answers(evaluation: Evaluation, version: ScorecardVersion) -> None:
    """Answer rows on ``version``'s criteria: the officer's answer, comment and evidence kept
    where the criterion key is unchanged, otherwise the new suggestion pre-filled."""
    kept = {a.criterion.key: a for a in evaluation.answers.select_related("criterion")}
    evaluation.answers.all().delete()
    suggestions = suggestions_for(evaluation.call, version)
    rows = []
    for criterion in version.criteria.all():
        row = prefilled_answer(evaluation, criterion, suggestions.get(criterion.key))
        old = kept.get(criterion.key)
        if old is not None and old.answer:
            row.answer, row.comment, row.evidence = old.answer, old.comment, old.evidence
        rows.append(row)
    Answer.objects.bulk_create(rows)


@transaction.atomic
def open_work_move(*, actor, version: ScorecardVersion, request=None) -> dict:
    """Move the queued calls and draft evaluations of the scorecard's earlier versions onto
    ``version`` (the published one). Each call is auto-scored again on it. Submitted
    evaluations never move. Returns the counts moved; one audit event on the version."""
    if version.status != ScorecardVersion.Status.PUBLISHED:
        raise ValidationError(
            f"{version} is {version.get_status_display().lower()}: open work can only move to "
            "the published version."
        )
    work = open_work_on_earlier_versions(version)
    items = list(work["items"].select_related("call", "version"))
    drafts = list(work["drafts"].select_related("call", "version"))
    moved = {
        "queued": len(items),
        "drafts": len(drafts),
        "from_versions": sorted(
            {i.version.number for i in items} | {e.version.number for e in drafts}
        ),
    }
    calls = {item.call_id: item.call for item in items} | {e.call_id: e.call for e in drafts}
    for call in calls.values():
        call_autoscore(call=call, version=version, actor=actor)
    item_ids = [item.pk for item in items] + [e.sample_item_id for e in drafts if e.sample_item_id]
    SampleItem.objects.filter(pk__in=item_ids).update(version=version)
    for evaluation in drafts:
        evaluation.version = version
        evaluation.save(update_fields=["version"])
        _rebuild_answers(evaluation, version)
    audit_record(
        actor=actor,
        action="scorecard.move_open_work",
        obj=version,
        request=request,
        changes=moved,
    )
    return moved
