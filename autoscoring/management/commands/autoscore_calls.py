"""Auto-score stored calls that have no suggestions yet (or all of them)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from autoscoring.tasks import autoscore_backfill


class Command(BaseCommand):
    help = (
        "Queue the auto-scoring task for transcribed calls without suggestions (e.g. calls "
        "transcribed before auto-scoring was installed, or demo data). Flagged calls are left "
        "to people."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="re-score every transcribed call (new rules/models)"
        )
        parser.add_argument(
            "--now", action="store_true", help="score here instead of queueing tasks"
        )

    def handle(self, *args, **options):
        count = autoscore_backfill(rescore=options["all"], queue=not options["now"])
        verb = "Auto-scored" if options["now"] else "Queued auto-scoring for"
        self.stdout.write(f"{verb} {count} call{'s' if count != 1 else ''}.")
