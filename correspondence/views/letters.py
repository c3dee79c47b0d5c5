"""The response letter pages (moved from investigations): printable HTML and the PDF."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from audit.services import audit_record
from core.access import role_required
from correspondence.services.letters import letter_pdf
from investigations.views.common import CASE_ROLES, case_for


@role_required(*CASE_ROLES)
def case_letter(request, pk):
    """The response to the originating office as a printable letter."""
    case = case_for(request, pk)
    if not case.response_text.strip():
        raise Http404("No response has been drafted for this case yet.")
    with transaction.atomic():
        audit_record(actor=request.user, action="case.letter_view", obj=case, request=request)
    return render(request, "correspondence/letter.html", {"case": case, "today": timezone.now()})


@role_required(*CASE_ROLES)
def case_letter_pdf(request, pk):
    """The response letter as a PDF (a draft until approved; what "record sent" stores)."""
    case = case_for(request, pk)
    if not case.response_text.strip():
        raise Http404("No response has been drafted for this case yet.")
    pdf = letter_pdf(case)
    with transaction.atomic():
        audit_record(actor=request.user, action="case.letter_pdf", obj=case, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.reference}-response.pdf"'
    return response
