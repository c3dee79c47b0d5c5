"""System checks for configuration that would otherwise only fail when the first call arrives."""

from __future__ import annotations

from django.core.checks import Error, register

from calls.engines import engine_settings
from scoring.transcription import check_settings


@register()
def transcription_model_check(app_configs, **kwargs):
    try:
        problems = check_settings(engine_settings())
    except ValueError as exc:  # an invalid setting value, e.g. an unknown engine
        problems = [str(exc)]
    return [
        Error(
            f"Transcription is not usable: {problem}",
            hint="Check SIYALALELA_WHISPER_ENGINE and SIYALALELA_WHISPER_MODEL "
            "(docs/operations.md, section Configuration).",
            id="calls.E001",
        )
        for problem in problems
    ]
