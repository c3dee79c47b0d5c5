"""The progress page of a background spreadsheet import (core.imports)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.imports import STALLED_AFTER, import_kind, spreadsheet_import_resume
from core.models import SpreadsheetImport


@login_required
def import_progress(request, pk: int):
    """How far the import has got; reloads itself until it ends. Only its starter sees it."""
    job = get_object_or_404(SpreadsheetImport.objects.of(request.user), pk=pk)
    kind = import_kind(job.kind)
    stalled = not job.finished and timezone.now() - job.updated_at >= STALLED_AFTER
    return render(
        request,
        "core/import_progress.html",
        {
            "job": job,
            "kind": kind,
            "back": reverse(kind.back_url),
            "stalled": stalled,
            "chunk": settings.SPREADSHEET_IMPORT_CHUNK,
            "errors": job.error.splitlines(),
        },
    )


@login_required
@require_POST
def import_resume(request, pk: int):
    job = get_object_or_404(SpreadsheetImport.objects.of(request.user), pk=pk)
    if spreadsheet_import_resume(job=job, actor=request.user, request=request):
        messages.success(request, "The import was queued again; it goes on from the last chunk.")
    else:
        messages.error(request, "This import is not stalled: it is still running or has ended.")
    return redirect("core:import_progress", pk=job.pk)
