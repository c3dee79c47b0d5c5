from django.core.management.base import BaseCommand

from audit.checkpoint import checkpoint_path, checkpoint_write
from audit.tasks import audit_checkpoint_schedule


class Command(BaseCommand):
    help = (
        "Append a signed checkpoint of the audit chain head to the checkpoint file (and the "
        "audit.checkpoint log). --schedule also queues the periodic checkpoint task."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule", action="store_true", help="queue the periodic checkpoint task too"
        )

    def handle(self, *args, schedule=False, **options):
        point = checkpoint_write()
        if point is None:
            self.stdout.write("The audit chain is empty: nothing to anchor yet.")
        else:
            self.stdout.write(
                f"Checkpoint of event #{point.sequence} written to {checkpoint_path()}."
            )
        if schedule:
            queued = audit_checkpoint_schedule()
            self.stdout.write(
                "Periodic checkpoint queued."
                if queued
                else "The task backend cannot defer: run this command from cron instead."
            )
