from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from org.services import api_token_create


class Command(BaseCommand):
    help = "Make an API key for a login and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what uses the key, e.g. 'PBX'")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no login {username!r}.")
        token, key = api_token_create(user=user, name=name)
        self.stdout.write(f"API key for {token.name} ({username}), shown only this once:")
        self.stdout.write(key)
