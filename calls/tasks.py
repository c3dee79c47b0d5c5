"""Background tasks of the calls app. Tasks are thin: they take ids and call a service."""

from __future__ import annotations

from django.tasks import task

from calls.services.transcription import call_transcribe


@task(queue_name="transcription")
def transcribe_call(call_id: int) -> str:
    """Transcribe one call; safe to run twice (the service is idempotent). Returns the state."""
    return call_transcribe(call_id=call_id).state
