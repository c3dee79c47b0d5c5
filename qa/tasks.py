"""Background tasks of the qa app. Tasks are thin: they take ids and call a service."""

from __future__ import annotations

from django.tasks import task


# ---- Transcription (issue 3) ----
@task(queue_name="transcription")
def transcribe_call(call_id: int) -> str:
    """Transcribe one call; safe to run twice (the service is idempotent). Returns the state."""
    from qa.services.calls import call_transcribe

    return call_transcribe(call_id=call_id).state
