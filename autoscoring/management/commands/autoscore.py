"""Auto-score a transcript file (standards.md section 2) and print the section 4 output."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from autoscoring.services.suggestions import AutoscoreError, autoscore_transcript, version_for
from scoring.transcript import Transcript, TranscriptFormatError


class Command(BaseCommand):
    help = (
        "Auto-score TRANSCRIPT.json against a scorecard and print every criterion's answer, "
        "confidence, source and evidence, plus score, critical_fail and passed."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version means the scorecard version here, not Django's own version flag.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("transcript", type=Path, help="transcript JSON (standards.md §2)")
        parser.add_argument("--scorecard", required=True, help="scorecard slug, e.g. inbound")
        parser.add_argument("--version", type=int, help="version number (default: published)")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, **options):
        path = Path(options["transcript"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            transcript = Transcript.from_json(text)
        except TranscriptFormatError as exc:
            raise CommandError(f"{path} is not a transcript (standards.md §2): {exc}") from exc
        try:
            version = version_for(options["scorecard"], options["version"])
        except AutoscoreError as exc:
            raise CommandError(str(exc)) from exc
        result = autoscore_transcript(transcript, version)
        if options["format"] == "json":
            data = {"scorecard": version.scorecard.slug, "version": version.number}
            data.update(result.to_dict())
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(self._text(result, version))

    def _text(self, result, version) -> str:
        lines = [
            f"Auto-score of {result.call_id or 'transcript'} on {version.scorecard.slug} "
            f"v{version.number} ({result.engine})",
            "",
        ]
        for item in result.criteria:
            answer = item.answer or "-"
            lines.append(
                f"{item.key:<22} {answer:<4} {item.confidence:>4.2f}  {item.source:<6} {item.note}"
            )
            for e in item.evidence:
                lines.append(f"{'':<24}[{e.segment_index}] {e.start:.1f}-{e.end:.1f}s: {e.text}")
        score = "-" if result.score is None else f"{result.score:.1f}"
        lines += [
            "",
            f"score: {score}  critical_fail: {str(result.critical_fail).lower()}  "
            f"passed: {str(result.passed).lower()}",
        ]
        if result.unanswered:
            lines.append(f"left to the QA officer: {', '.join(result.unanswered)}")
        return "\n".join(lines)
