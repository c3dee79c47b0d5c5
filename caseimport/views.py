"""The cases spreadsheet import: upload, preview, then a background import (core.imports)."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render

from caseimport.forms import ImportForm
from caseimport.sheets import (
    IMPORT_COLUMNS,
    cases_rows_check,
)
from core.access import Role, role_required
from core.imports import spreadsheet_import_start
from core.models import SpreadsheetImport
from core.spreadsheets import ImportRejected, read_spreadsheet, sheet_sign, sheet_unsign
from investigations.models import Source


@role_required(Role.INVESTIGATIONS_SUPERVISOR, Role.ADMINISTRATOR)
def case_import(request):
    """Upload -> every row checked and previewed (or every bad row listed) -> confirm."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "errors": [],
        "columns": IMPORT_COLUMNS,
        "imports": SpreadsheetImport.objects.of(request.user).filter(kind="cases")[:5],
        # Administrators run imports but may not read complainants' details.
        "personal": request.user.has_perm("investigations.view_complainant"),
    }
    salt = f"investigations.case_import:{request.user.pk}"
    try:
        if request.method == "POST" and "payload" in request.POST:
            sheet, _ = sheet_unsign(request.POST["payload"], salt=salt)
            job = spreadsheet_import_start(
                kind="cases", sheet=sheet, actor=request.user, request=request
            )
            return redirect("core:import_progress", pk=job.pk)
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
        return redirect("caseimport:case_import")
    return render(request, "caseimport/import.html", context)
