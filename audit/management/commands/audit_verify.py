from django.core.management.base import BaseCommand, CommandError

from audit.verify import chain_verify


class Command(BaseCommand):
    help = (
        "Walk the audit chain (keyed hashes, links, sequence) and check it against the signed "
        "checkpoints kept outside the database; name the first broken event, if any."
    )

    def handle(self, *args, **options):
        report = chain_verify()
        if report.intact:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Audit chain intact: {report.events_checked} events verified against "
                    f"{report.checkpoints_checked} checkpoint(s)."
                )
            )
            return
        where = (
            f"at event #{report.broken_sequence}"
            if report.broken_sequence is not None
            else "in its checkpoint file"
        )
        row = f" (id {report.broken_event_id})" if report.broken_event_id else ""
        raise CommandError(
            f"Audit chain BROKEN {where}{row}: {report.reason}. "
            f"{report.events_checked} events before it verified."
        )
