from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from calls.engines import engine_settings, transcriber
from scoring.audio import AudioError
from scoring.transcription import TranscriptionError


class Command(BaseCommand):
    help = (
        "Transcribe one recording and print it in the standards.md section 2 transcript format "
        "(JSON) or as text, without storing anything: `transcribe call.wav > t.json` feeds the "
        "auto-scorer."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=("json", "text"), default="json")
        parser.add_argument("--layout", choices=("auto", "stereo", "mono"), default="auto")
        parser.add_argument("--agent-channel", choices=("left", "right"), default="left")
        parser.add_argument("--call-id", default="", help="call_id written into the JSON")

    def handle(self, *args, file, format, layout, agent_channel, call_id, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} not found")
        try:
            engine_settings()  # validates the settings before the model loads
            result = transcriber().transcribe(
                path,
                channel_layout=layout,
                agent_channel=0 if agent_channel == "left" else 1,
                call_id=call_id or path.stem,
            )
        except (AudioError, TranscriptionError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if format == "json":
            self.stdout.write(result.to_json(indent=2))
            return
        for seg in result.segments:
            self.stdout.write(f"[{seg.start:7.2f}-{seg.end:7.2f}] {seg.speaker:>7}: {seg.text}")
