"""Background tasks of the qa app. Tasks are thin: they take ids and call a service."""

from __future__ import annotations

from django.tasks import task


# ---- Auto-scoring (issue 5) ----
@task()
def autoscore_call(call_id: int) -> str:
    """Auto-score one call; safe to run twice (the service is idempotent).

    Returns what happened: "scored", or why not ("flagged", "not transcribed", "no scorecard").
    """
    from qa.models import Call
    from qa.services.autoscoring import call_autoscore, skip_reason

    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        return "no such call"
    reason = skip_reason(call)
    if reason:
        return reason
    return "scored" if call_autoscore(call=call) is not None else "no scorecard applies"


# ---- Transcription (issue 3) ----
@task(queue_name="transcription")
def transcribe_call(call_id: int) -> str:
    """Transcribe one call; safe to run twice (the service is idempotent). Returns the state."""
    from qa.services.calls import call_transcribe

    return call_transcribe(call_id=call_id).state
