"""How a recording goes out to a browser: always as audio, never as a page.

The type comes from the container FFmpeg detected at ingest (``Recording.content_type``, one of
``SERVED_AUDIO_TYPES``). A stored type outside that set (recordings stored before types were
detected were typed from their name, so ``evil.html`` was ``text/html``) is never trusted: the
file is probed again. The response also says ``nosniff``, names an audio file in
``Content-Disposition`` and carries a sandboxing Content-Security-Policy of its own, so even a
browser that ignored the type would run no script.
"""

from __future__ import annotations

from scoring import audio_types
from scoring.audio import AudioError, probe_audio

# A recording is not a document: no script, no plug-in, no frame, no form, whatever it holds;
# opened on its own, the browser's player may still load it (media-src).
RECORDING_CSP = "default-src 'none'; media-src 'self'; sandbox; frame-ancestors 'none'"


def recording_media_type(recording) -> str:
    """The media type to serve ``recording`` with. Cost: nothing for a recording typed at
    ingest; a header probe of the file for one stored before."""
    if recording.content_type in audio_types.SERVED_AUDIO_TYPES:
        return recording.content_type
    try:
        with recording.file.open("rb") as fh:
            info = probe_audio(fh)
    except (AudioError, OSError, ValueError):
        return audio_types.FALLBACK_TYPE
    return audio_types.served_type(info.container)


def protect_recording_response(response, *, call_pk: int, media_type: str) -> None:
    extension = audio_types.served_extension(media_type)
    disposition = "inline" if media_type in audio_types.SERVED_AUDIO_TYPES else "attachment"
    response["Content-Type"] = media_type
    response["Content-Disposition"] = f'{disposition}; filename="call-{call_pk}{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = RECORDING_CSP
