from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
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


METRIC_FIELDS = (
    ("talk_listen_ratio", "Talk/listen ratio", ""),
    ("silence_s", "Silence", " s"),
    ("longest_silence_s", "Longest silence", " s"),
    ("overtalk_s", "Overtalk", " s"),
    ("hold_count", "Holds", ""),
    ("hold_s", "Time on hold", " s"),
    ("agent_words_per_minute", "Agent words per minute", ""),
)


def _metrics(call) -> list[tuple[str, str]]:
    """Call facts and any speech metrics the transcription step stored on the call."""
    rows = [("Duration", f"{call.duration_s:.0f} s" if call.duration_s else "unknown")]
    rows.append(("Direction", call.get_direction_display()))
    rows.append(("Section", str(call.section or "—")))
    rows.append(("Language", call.language or "—"))
    try:
        metrics = call.metrics  # speech metrics, when the transcription step stored them
    except (AttributeError, ObjectDoesNotExist):
        metrics = None
    if metrics is not None:
        for field, label, unit in METRIC_FIELDS:
            value = getattr(metrics, field, None)
            if value is not None:
                rows.append(
                    (label, f"{value:.1f}{unit}" if isinstance(value, float) else str(value))
                )
    if call.needs_listening:
        rows.append(("Note", "Transcript unreliable: listen to the audio"))
    return rows


def evidence_segments(segments: list[dict], evidence) -> list[dict]:
    """The transcript segments an answer cites (by index), skipping indexes that are gone."""
    return [segments[i] for i in evidence if 0 <= i < len(segments)]


def call_panel(call, user) -> dict:
    """What ``qa/_call_panel.html`` shows beside a scorecard (scoring, the evaluation page,
    dispute resolution): the call, the transcript as ``user`` may read it, the recording's
    address and the call's facts and speech metrics."""
    return {
        "call": call,
        "segments": transcript_segments(call, user),
        "audio_url": audio_url(call),
        "metrics": _metrics(call),
    }
