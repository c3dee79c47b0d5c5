"""Background tasks of the qa app. Tasks are thin: they take ids and call a service."""

from __future__ import annotations

from django.tasks import task

from calls.models import Call
from qa.services.autoscoring import call_autoscore, skip_reason


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
