"""Background tasks of auto-scoring and how calls get onto their queue. Tasks are thin: they take
ids and call a service."""

from __future__ import annotations

from django.tasks import task

from autoscoring.models import AutoScore
from autoscoring.services.suggestions import call_autoscore, skip_reason
from calls.models import Call


@task()
def autoscore_call(call_id: int) -> str:
    """Auto-score one call; safe to run twice (the service is idempotent).

    Returns what happened: "scored", or why not ("flagged", "not transcribed", "no scorecard").
    """
    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        return "no such call"
    reason = skip_reason(call)
    if reason:
        return reason
    return "scored" if call_autoscore(call=call) is not None else "no scorecard applies"


def queue_autoscore(call_id: int) -> None:
    """Receiver of ``calls.hooks.on_transcribed`` (connected in
    ``AutoscoringConfig.ready()``): queue auto-scoring of a call whose transcription has just
    committed. A call flagged for listening is skipped by the task itself."""
    autoscore_call.enqueue(call_id)


def autoscore_backfill(*, rescore: bool = False, queue: bool = True) -> int:
    """Auto-score transcribed, unflagged calls that have no suggestions (all with ``rescore``).

    ``queue`` puts one task per call on the queue; without it the calls are scored here and now
    (demo data, so a fresh ``make run`` shows suggestions at once). Returns the number of calls.
    """
    calls = Call.objects.filter(state=Call.State.TRANSCRIBED, needs_listening=False)
    if not rescore:
        calls = calls.exclude(pk__in=AutoScore.objects.values("call_id"))
    ids = list(calls.values_list("pk", flat=True))
    for call_id in ids:
        if queue:
            autoscore_call.enqueue(call_id)
        else:
            call_autoscore(call=Call(pk=call_id))
    return len(ids)
