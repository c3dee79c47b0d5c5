from django.core.management.base import BaseCommand, CommandError

from org.breakglass import BreakGlassError, breakglass_close


class Command(BaseCommand):
    help = "Close the emergency superuser: inactive, no usable password (history kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="")

    def handle(self, *args, username, reason, **options):
        try:
            breakglass_close(username=username, reason=reason)
        except BreakGlassError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Emergency account {username} closed.")
