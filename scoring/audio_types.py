"""Which files may be recordings, and the one media type each is served with.

A recording is served to browsers, so its type must never come from what the uploader claimed
(a name such as ``evil.html``) or from sniffing: it comes from the container FFmpeg detected.
Plain Python, no Django: the ingest service and the recording view both ask here.
"""

from __future__ import annotations

from pathlib import PurePath

# File name endings accepted as recordings (browser upload, API, folder and spreadsheet import).
AUDIO_EXTENSIONS = frozenset(
    {".wav", ".mp3", ".ogg", ".opus", ".oga", ".flac", ".gsm", ".m4a", ".webm"}
)

# Content types a client may declare for an upload. Browsers send audio/* for most audio,
# video/webm or video/ogg for those containers, application/octet-stream when they do not know.
_ACCEPTED_DECLARED = frozenset(
    {"application/octet-stream", "application/ogg", "video/webm", "video/ogg", "video/mp4"}
)

# FFmpeg container (demuxer) names, as PyAV reports them, to the type a recording is served with.
_CONTAINER_TYPES = {
    "wav": "audio/wav",
    "w64": "audio/wav",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "flac": "audio/flac",
    "gsm": "audio/x-gsm",
    "mov,mp4,m4a,3gp,3g2,mj2": "audio/mp4",
    "matroska,webm": "audio/webm",
    "aac": "audio/aac",
}

# Every type a recording can be served with; anything else stored earlier is not trusted.
SERVED_AUDIO_TYPES = frozenset(_CONTAINER_TYPES.values())

# Served when the container is not one of the above: a browser will not render it as a page.
FALLBACK_TYPE = "application/octet-stream"


class NotAudioNameError(ValueError):
    """The file's name or declared type is not one of a recording's."""


def check_upload_name(name: str, declared_type: str | None = None) -> None:
    """Refuse a name whose ending is not a recording's, or a declared content type that is not
    audio. Raises NotAudioNameError with a message for the person uploading."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in AUDIO_EXTENSIONS:
        allowed = ", ".join(sorted(AUDIO_EXTENSIONS))
        shown = suffix or "no ending"
        raise NotAudioNameError(
            f"{name or 'the file'}: only audio files are accepted ({shown} is not one of {allowed})"
        )
    declared = (declared_type or "").split(";")[0].strip().lower()
    if declared and not (declared.startswith("audio/") or declared in _ACCEPTED_DECLARED):
        raise NotAudioNameError(
            f"{name}: the file was sent as {declared}, not as audio; only audio files are accepted"
        )


def served_type(container: str) -> str:
    """The media type for a recording in the FFmpeg container ``container``."""
    return _CONTAINER_TYPES.get(container, FALLBACK_TYPE)


def served_extension(media_type: str) -> str:
    """The file ending used in Content-Disposition for a served type."""
    return {
        "audio/wav": ".wav",
        "audio/mpeg": ".mp3",
        "audio/ogg": ".ogg",
        "audio/flac": ".flac",
        "audio/x-gsm": ".gsm",
        "audio/mp4": ".m4a",
        "audio/webm": ".webm",
        "audio/aac": ".aac",
    }.get(media_type, ".bin")
