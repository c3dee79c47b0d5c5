from django.core.management.base import BaseCommand

from org.sweep import orphan_files_sweep


class Command(BaseCommand):
    help = (
        "Delete upload temp files and media files no record points to (left by an interrupted "
        "upload or a crash), when older than SIYALALELA_ORPHAN_GRACE_HOURS. Safe to run as often "
        "as you like (cron, or the periodic task started with --schedule)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, delete nothing")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the periodic background sweep (database task queue)",
        )

    def handle(self, *args, dry_run=False, schedule=False, **options):
        result = orphan_files_sweep(dry_run=dry_run)
        for name in result.temp_files:
            self.stdout.write(f"upload temp file: {name}")
        for name in result.media_files:
            self.stdout.write(f"orphan media file: {name}")
        verb = "would free" if dry_run else "freed"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.count} orphan file(s); {verb} {result.freed_bytes / 1e6:.1f} MB."
            )
        )
        if schedule:
            from org.tasks import orphans_sweep_schedule

            if orphans_sweep_schedule():
                self.stdout.write("Periodic sweep queued.")
            else:
                self.stdout.write("The task backend cannot defer: run this command from cron.")
