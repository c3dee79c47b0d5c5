"""The cases spreadsheet import (the case reports moved to ``casereports``)."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render

from core.access import Role, role_required
from core.spreadsheets import ImportRejected, read_spreadsheet, sheet_sign, sheet_unsign
from investigations.forms import ImportForm
from investigations.models import Source
from investigations.resources import (
    IMPORT_COLUMNS,
    cases_import,
    cases_rows_check,
)


@role_required(Role.INVESTIGATIONS_SUPERVISOR, Role.ADMINISTRATOR)
def case_import(request):
    """Upload -> every row checked and previewed (or every bad row listed) -> confirm."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "errors": [], "columns": IMPORT_COLUMNS}
    salt = f"investigations.case_import:{request.user.pk}"
    try:
        if request.method == "POST" and "payload" in request.POST:
            sheet, _ = sheet_unsign(request.POST["payload"], salt=salt)
            created = cases_import(actor=request.user, sheet=sheet, request=request)
            messages.success(
                request,
                f"Imported {len(created)} case(s): "
                + ", ".join(c.reference for c in created[:20])
                + ("…" if len(created) > 20 else ""),
            )
            return redirect("investigations:case_import")
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            sheet = read_spreadsheet(upload.name, upload.read())
            context["preview"] = [
                (number, case, Source(case["source"]).label)
                for number, case in cases_rows_check(sheet)
            ]
            context["source"] = upload.name
            context["payload"] = sheet_sign(sheet, salt=salt)
    except ImportRejected as exc:
        context["errors"] = exc.errors
    except signing.BadSignature:
        messages.error(request, "The preview has expired or was altered: upload the file again.")
        return redirect("investigations:case_import")
    return render(request, "investigations/import.html", context)
