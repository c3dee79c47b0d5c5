from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Prepare a database for use: role groups and permissions, the organisation and default "
        "data fixtures (only into an empty database, so an administrator's edits survive), and "
        "with --demo one login per role and the apps' demo data. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="create the demo logins and the demo data"
        )
        parser.add_argument(
            "--demo-data",
            action="store_true",
            help=(
                "only (re)run the apps' demo data, e.g. once the sample calls are transcribed "
                "(`make run` does, so the demo QA sample is drawn from them)"
            ),
        )

    def handle(self, *args, **options):
        call_command("sync_roles", verbosity=0)
        self.stdout.write("Roles and permissions synchronised.")
        for label, model, fixture in self._fixtures():
            if model.objects.exists():
                self.stdout.write(f"{label}: data present, fixture '{fixture}' not reloaded.")
            else:
                call_command("loaddata", fixture, verbosity=0)
                self.stdout.write(f"{label}: loaded fixture '{fixture}'.")
        if options["demo"]:
            from org.demo import DEMO_PASSWORD, demo_people_ensure

            people = demo_people_ensure()
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            )
            for person in people:
                roles = ", ".join(person.roles)
                name = f"{person.first_name} {person.last_name}"
                self.stdout.write(f"  {person.username:<14} {name:<22} {roles}")
        if options["demo"] or options["demo_data"]:
            self._demo_data()

    def _demo_data(self):
        for config in apps.get_app_configs():
            # AppConfig.demo_data: dotted path of an idempotent function adding demo records. It
            # may return lines saying what it did (shown); other results are not printed.
            if getattr(config, "demo_data", None):
                result = import_string(config.demo_data)()
                lines = [r for r in result or () if isinstance(r, str)]
                for line in lines:
                    self.stdout.write(f"  {line}")
                self.stdout.write(f"{config.label}: demo data ready.")

    def _fixtures(self):
        """Each app's AppConfig.default_fixtures: [(fixture, "app.Model" that marks it loaded)]."""
        for config in apps.get_app_configs():
            for fixture, model_label in getattr(config, "default_fixtures", ()):
                yield config.label, apps.get_model(model_label), fixture
