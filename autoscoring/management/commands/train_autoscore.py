"""Train per-criterion models for a scorecard on confirmed human answers."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from autoscoring.services.suggestions import AutoscoreError, version_for
from autoscoring.services.training import autoscore_train
from scoring.evaluate import load_labelled
from scoring.learning import examples_from_labelled


class Command(BaseCommand):
    help = (
        "Train a text classifier per criterion on confirmed human answers, evaluate it on "
        "held-out calls against the rule detector, and keep it only where it beats the rule. "
        "Models and model cards go to models/autoscore/<slug>/v<N>/."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version means the scorecard version here, not Django's own version flag.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--scorecard", required=True, help="scorecard slug")
        parser.add_argument("--version", type=int, help="version number (default: published)")
        parser.add_argument(
            "--labelled",
            type=Path,
            help="train on a folder of labelled transcripts (tests/data/transcripts format) "
            "instead of the evaluations in the database",
        )
        parser.add_argument("--output", type=Path, help="model folder (default: settings)")

    def handle(self, *args, **options):
        try:
            version = version_for(options["scorecard"], options["version"])
        except AutoscoreError as exc:
            raise CommandError(str(exc)) from exc
        examples = None
        if options["labelled"]:
            folder = Path(options["labelled"])
            if not folder.is_dir():
                raise CommandError(f"{folder} is not a folder of labelled transcripts.")
            calls = load_labelled(folder)
            examples = [
                e
                for c in version.criteria.all()
                for e in examples_from_labelled(calls, c.key, version.scorecard.slug)
            ]
        output = Path(options["output"]) if options["output"] else None
        outcomes = autoscore_train(version=version, examples=examples, folder=output)
        total = len({e.call_id for e in examples}) if examples is not None else None
        self.stdout.write(
            f"Trained {version.scorecard.slug} v{version.number}"
            + (f" on {total} labelled calls" if total is not None else "")
        )
        self.stdout.write(
            f"{'criterion':<22} {'answers':>7} {'model acc':>9} {'kappa':>6} "
            f"{'rule acc':>8} {'kappa':>6}  decision"
        )
        for o in outcomes:
            card = o.card
            model = card.get("model") or {}
            rule = card.get("rule") or {}
            self.stdout.write(
                f"{o.criterion_key:<22} {card['n_examples']:>7} {_f(model.get('accuracy')):>9} "
                f"{_f(model.get('kappa')):>6} {_f(rule.get('accuracy')):>8} "
                f"{_f(rule.get('kappa')):>6}  {card.get('reason', '')}"
            )


def _f(value) -> str:
    return "-" if value is None else f"{value:.2f}"
