"""Write the monthly pack for the Head of Department (a one-page PDF) to a file:

    manage.py case_reports_monthly [--month 2026-11] [--department SLUG] [--source CODE]
        [--ward N] --as USERNAME --output pack.pdf

The month defaults to the previous one. The pack is read as USERNAME (an investigations
supervisor or QA manager, so a scheduled run is someone's read) and the read is audited like
the download button's."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.services import audit_bulk_read
from casereports.forms import MonthlyPackForm
from casereports.pack import pack_pdf
from casereports.selectors.monthly import monthly_pack, previous_month
from casereports.selectors.offices import REPORT_ROLES
from core.access import user_has_role
from org.models import Department


class Command(BaseCommand):
    help = "Write the one-page monthly PDF pack of escalated complaints for the Head of Department."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: the previous month)")
        parser.add_argument("--department", help="department slug or name")
        parser.add_argument("--source", help="source code, e.g. city_manager")
        parser.add_argument("--ward", type=int)
        parser.add_argument("--as", dest="username", required=True)
        parser.add_argument("--output", required=True, help="the PDF file to write")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_active or not user_has_role(user, *REPORT_ROLES):
            raise CommandError(
                f"{options['username']!r} is not an active investigations supervisor or QA manager."
            )
        department = None
        if options["department"]:
            department = Department.objects.filter(slug=options["department"]).first() or (
                Department.objects.filter(name__iexact=options["department"]).first()
            )
            if department is None:
                raise CommandError(f"No department {options['department']!r}.")
        form = MonthlyPackForm(
            {
                "month": options["month"] or "",
                "department": department.pk if department else "",
                "source": options["source"] or "",
                "ward": options["ward"] or "",
            }
        )
        if not form.is_valid():
            raise CommandError("; ".join(f"{k}: {m}" for k, ms in form.errors.items() for m in ms))
        month = form.cleaned_data.get("month")
        year, number = (month.year, month.month) if month else previous_month(timezone.localdate())
        pack = monthly_pack(user, form.office_filter(), year, number)
        pdf = pack_pdf(pack, filter_words=form.filter_words())
        output = Path(options["output"])
        audit_bulk_read(
            actor=user,
            action="case.report_export",
            object_type="investigations.case",
            what=f"monthly pack {year}-{number:02} (PDF, manage.py case_reports_monthly)",
            filters=pack.filter.as_params(),
            rows=pack.by_source.total.received + len(pack.breaches),
            format="pdf",
            cases=pack.by_source.total.received,
            breaches=len(pack.breaches),
        )
        output.write_bytes(pdf)
        self.stdout.write(
            f"Wrote {output} ({len(pdf):,} bytes): {pack.label}, "
            f"{pack.by_source.total.received} complaints, {len(pack.breaches)} missed deadlines."
        )
