"""Queue auto-scoring for stored calls that have no suggestions yet (or all of them)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from qa.models import AutoScore, Call
from qa.tasks import autoscore_call


class Command(BaseCommand):
    help = (
        "Queue the auto-scoring task for transcribed calls without suggestions (e.g. calls "
        "transcribed before auto-scoring was installed, or demo data). Flagged calls are skipped "
        "by the task itself."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="re-score every transcribed call (new rules/models)"
        )

    def handle(self, *args, **options):
        calls = Call.objects.filter(state=Call.State.TRANSCRIBED, needs_listening=False)
        if not options["all"]:
            calls = calls.exclude(pk__in=AutoScore.objects.values("call_id"))
        ids = list(calls.values_list("pk", flat=True))
        for call_id in ids:
            autoscore_call.enqueue(call_id)
        self.stdout.write(f"Queued auto-scoring for {len(ids)} call{'s' if len(ids) != 1 else ''}.")
