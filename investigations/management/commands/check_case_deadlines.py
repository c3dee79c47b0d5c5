import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from core import working_time
from investigations.services.clocks import deadlines_check_all


class Command(BaseCommand):
    help = (
        "Record every service-level warning (50%, 75%) and breach (100%) that is due and not yet "
        "recorded, and e-mail each new one to the assignee and supervisor. Safe to run as often "
        "as you like (cron, or the periodic task started with --schedule)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            help="judge deadlines at this local time (YYYY-MM-DD HH:MM) instead of now",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the periodic background check (database task queue)",
        )

    def handle(self, *args, **options):
        now = None
        if options["at"]:
            try:
                now = dt.datetime.fromisoformat(options["at"]).replace(tzinfo=working_time.TZ)
            except ValueError:
                raise CommandError(f"--at {options['at']!r} is not YYYY-MM-DD HH:MM") from None
        created = deadlines_check_all(now=now)
        for alert in created:
            self.stdout.write(
                f"{alert.case.reference}: {alert.get_deadline_display()} "
                f"{alert.get_level_display()}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(created)} new warning(s) or breach(es)."))
        if options["schedule"]:
            from investigations.tasks import deadlines_check_schedule

            if deadlines_check_schedule():
                self.stdout.write("Periodic deadline check queued.")
            else:
                self.stdout.write("The task backend cannot defer: run this command from cron.")
