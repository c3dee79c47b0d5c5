from __future__ import annotations

from django.core.management.base import BaseCommand

from calls.services.leases import transcriptions_reclaim
from core.task_leases import heartbeats_prune, tasks_reclaim


class Command(BaseCommand):
    help = (
        "Take back calls whose transcription worker died (its lease ran out): queue them again, "
        "or mark them failed after too many attempts; and, on the database queue, every other "
        "task whose worker is gone (core.task_leases), and delete old heartbeats of workers "
        "that stopped. Safe at any time; --schedule also starts "
        "the periodic reclaim on the database queue (Celery beat runs it in Celery mode)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule", action="store_true", help="queue the periodic reclaim as well"
        )

    def handle(self, *args, schedule=False, **options):
        report = transcriptions_reclaim()
        for call_id in report.queued_again:
            self.stdout.write(f"call {call_id}: its worker stopped; queued again")
        for call_id in report.failed:
            self.stdout.write(f"call {call_id}: its worker stopped too often; marked failed")
        if not (report.queued_again or report.failed):
            self.stdout.write("No transcription was stuck.")
        tasks = tasks_reclaim()
        for row_id in tasks.queued_again:
            self.stdout.write(f"task {row_id}: its worker is gone; queued again")
        for row_id in tasks.failed:
            self.stdout.write(f"task {row_id}: its workers stopped too often; marked failed")
        pruned = heartbeats_prune()
        if pruned:
            self.stdout.write(f"{pruned} old heartbeat(s) of stopped workers deleted")
        if schedule:
            from calls.tasks import transcriptions_reclaim_schedule

            if transcriptions_reclaim_schedule():
                self.stdout.write("The periodic reclaim is queued.")
            else:
                self.stdout.write("This task backend cannot defer: Celery beat runs the reclaim.")
