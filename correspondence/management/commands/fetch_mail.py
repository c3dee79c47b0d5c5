from django.core.management.base import BaseCommand

from correspondence.services.mailbox import mail_fetch_all, maildir_fetch


class Command(BaseCommand):
    help = (
        "Take in new mail from the monitored mailbox (IMAP over TLS, SIYALALELA_IMAP_*) and the "
        "Maildir drop (SIYALALELA_MAILDIR), or from the Maildir given: each message becomes a "
        "draft case or joins its case; bad messages are reported and skipped. Safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument("--maildir", help="read this Maildir only")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the periodic background read (database task queue)",
        )

    def handle(self, *args, **options):
        report = maildir_fetch(options["maildir"]) if options["maildir"] else mail_fetch_all()
        for message in report.taken:
            where = message.case.reference if message.case_id else "draft"
            self.stdout.write(f"{message.get_state_display()}: {message} ({where})")
        for where, reason in report.refused:
            self.stderr.write(f"refused {where}: {reason}")
        self.stdout.write(self.style.SUCCESS(str(report)))
        if options["schedule"]:
            from correspondence.tasks import mail_fetch_schedule

            if mail_fetch_schedule():
                self.stdout.write("Periodic mail read queued.")
            else:
                self.stdout.write("The task backend cannot defer: run this command from cron.")
