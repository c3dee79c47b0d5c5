from django.core.management.base import BaseCommand

from investigations.models import Case
from investigations.services.clocks import case_deadlines, case_deadlines_repair


class Command(BaseCommand):
    help = (
        "Recompute every case's deadlines from its received time, policy version and event "
        "history, and report (with --fix, repair) any stored deadline that differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true")

    def handle(self, *args, **options):
        differing = 0
        for case in Case.objects.select_related("policy").order_by("pk").iterator():
            derived = case_deadlines(case)
            if (derived.acknowledge_due, derived.response_due) != (
                case.acknowledge_due,
                case.response_due,
            ):
                differing += 1
                self.stdout.write(
                    f"{case.reference}: stored {case.response_due}, derived {derived.response_due}"
                )
                if options["fix"]:
                    case_deadlines_repair(case=case)
        self.stdout.write(self.style.SUCCESS(f"{differing} case(s) differ from their history."))
