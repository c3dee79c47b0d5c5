from django.core.management.base import BaseCommand, CommandError

from org.breakglass import BreakGlassError, breakglass_create


class Command(BaseCommand):
    help = (
        "Create (or re-open) the emergency superuser, with a reason; prints a one-time "
        "password. Every login and request of the account is audited. Close it afterwards "
        "with breakglass_close."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="why it is needed (audited)")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, reason, email, **options):
        try:
            user, password = breakglass_create(username=username, reason=reason, email=email)
        except BreakGlassError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Emergency account {user.get_username()} is open. Password (shown once):"
        )
        self.stdout.write(password)
