from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.access import Role

QA_STAFF = (Role.QA_OFFICER, Role.QA_MANAGER)
REVIEWERS = (Role.AGENT, Role.TEAM_LEADER, Role.QA_OFFICER, Role.QA_MANAGER)


def report_error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def audio_url(call) -> str:
    """The permission-checked recording URL (the view answers Range requests, so the player can
    seek)."""
    return reverse("calls:call_recording", args=[call.pk])


def transcript_segments(call, user) -> list[dict]:
    """Segments as most roles should read them: redacted when redaction has run; the original
    only for users allowed to read it or when no redacted text exists yet."""
    transcript = getattr(call, "transcript", None)
    if transcript is None:
        return []
    segments = transcript.segments or []
    redacted = transcript.redacted_segments or []
    if (
        redacted
        and len(redacted) == len(segments)
        and not user.has_perm("calls.view_original_transcript")
    ):
        segments = redacted
    return [dict(seg, index=i) for i, seg in enumerate(segments)]
