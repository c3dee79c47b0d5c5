from django.core.management.base import BaseCommand

from investigations.models import Case
from investigations.services.clocks import case_deadlines_repair, case_deadlines_stale


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
            stale = case_deadlines_stale(case)
            if stale:
                differing += 1
                self.stdout.write(
                    f"{case.reference}: "
                    + "; ".join(
                        f"{name} stored {old}, derived {new}" for name, (old, new) in stale.items()
                    )
                )
                if options["fix"]:
                    case_deadlines_repair(case=case)
        self.stdout.write(self.style.SUCCESS(f"{differing} case(s) differ from their history."))
