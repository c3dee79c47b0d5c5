from django.core.management.base import BaseCommand, CommandError

from audit.verify import chain_verify


class Command(BaseCommand):
    help = "Walk the audit hash chain and name the first broken event, if any."

    def handle(self, *args, **options):
        report = chain_verify()
        if report.intact:
            self.stdout.write(
                self.style.SUCCESS(f"Audit chain intact: {report.events_checked} events verified.")
            )
            return
        raise CommandError(
            f"Audit chain BROKEN at event #{report.broken_sequence} (id {report.broken_event_id}): "
            f"{report.reason}. {report.events_checked} events before it verified."
        )
