"""Putting a call on the transcription queue: the one place that decides its priority."""

from __future__ import annotations

from django.db import transaction

from calls.models import Call
from calls.tasks import transcribe_call

# A call that is evidence in a complaint case is transcribed before the others.
URGENT_PRIORITY = 50


def enqueue_transcription(call: Call) -> None:
    """Queue the call's transcription when the transaction commits, ahead of the others if it
    is linked to a complaint case. A second task for the same call is harmless (the lease)."""
    priority = URGENT_PRIORITY if call.complaint_links.active().exists() else 0
    call_id = call.pk
    transaction.on_commit(lambda: transcribe_call.using(priority=priority).enqueue(call_id))
