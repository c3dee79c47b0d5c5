"""Agreement of auto-scoring with a folder of labelled transcripts (scoring.evaluate)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scoring import evaluate


class Command(BaseCommand):
    help = (
        "Per-criterion agreement on answered criteria, Cohen's kappa, coverage (share not left "
        "to the officer) and calibration (ECE, reliability table) for a labelled folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="folder of labelled transcripts (*.json)")
        parser.add_argument("--rules", action="store_true", help="rule detectors only")
        parser.add_argument("--errors", action="store_true", help="list every disagreement")
        parser.add_argument("--json", action="store_true", help="JSON instead of tables")

    def handle(self, *args, **options):
        argv = [options["folder"]]
        argv += [f"--{flag}" for flag in ("rules", "errors", "json") if options[flag]]
        folder = Path(options["folder"])
        if not folder.is_dir() or not any(folder.glob("*.json")):
            raise CommandError(f"{folder} is not a folder of labelled transcripts (*.json).")
        evaluate.main(argv, out=self.stdout)
