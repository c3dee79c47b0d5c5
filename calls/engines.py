"""Adapter between Django settings and the plain-Python transcription engines in scoring/.

Importing this module does not load Whisper; ``transcriber()`` does, once per process."""

from __future__ import annotations

from django.conf import settings

from scoring.transcription import EngineSettings, Transcriber, get_transcriber


def engine_settings(**overrides) -> EngineSettings:
    values = {**settings.TRANSCRIPTION, **overrides}
    return EngineSettings(**values)


def transcriber(**overrides) -> Transcriber:
    return get_transcriber(engine_settings(**overrides))


def agent_channel_for(source: str) -> int:
    return 0 if settings.TRANSCRIPTION_AGENT_CHANNEL.get(source, "left") == "left" else 1
