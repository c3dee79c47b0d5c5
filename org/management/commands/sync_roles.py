from django.core.management.base import BaseCommand

from org.services import roles_sync


class Command(BaseCommand):
    help = "Create the role groups and set their permissions exactly as the apps declare them."

    def handle(self, *args, **options):
        for role, count in roles_sync().items():
            self.stdout.write(f"{role}: {count} permissions")
