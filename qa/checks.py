"""System checks for configuration that would otherwise only fail when the first call arrives."""

from __future__ import annotations

from django.core.checks import Error, register


@register()
def transcription_model_check(app_configs, **kwargs):
    from qa.engines import engine_settings
    from scoring.transcription import check_settings

    try:
        problems = check_settings(engine_settings())
    except ValueError as exc:  # an invalid setting value, e.g. an unknown engine
        problems = [str(exc)]
    return [
        Error(
            f"Transcription is not usable: {problem}",
            hint="Check SIYALALELA_WHISPER_ENGINE and SIYALALELA_WHISPER_MODEL "
            "(docs/operations.md, section Configuration).",
            id="qa.E001",
        )
        for problem in problems
    ]
