from django.core.management.base import BaseCommand

from org.services import roles_sync


class Command(BaseCommand):
    help = "Create the role groups and set their permissions exactly as the apps declare them."

    def handle(self, *args, **options):
        counts = roles_sync()
        if options["verbosity"] >= 1:  # setup_site calls it with verbosity=0 and says it once
            for role, count in counts.items():
                self.stdout.write(f"{role}: {count} permissions")
