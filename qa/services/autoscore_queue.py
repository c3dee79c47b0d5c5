"""Putting calls on the auto-scoring queue: after each transcription (the ``calls`` hook) and
in bulk (``manage.py autoscore_calls``). The scoring itself is ``qa.services.autoscoring``."""

from __future__ import annotations

from calls.models import Call
from qa.models import AutoScore
from qa.services.autoscoring import call_autoscore
from qa.tasks import autoscore_call


def queue_autoscore(call_id: int) -> None:
    """Receiver of ``calls.hooks.on_transcribed`` (connected in ``QaConfig.ready()``): queue
    auto-scoring of a call whose transcription has just committed. A call flagged for listening
    is skipped by the task itself."""
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
