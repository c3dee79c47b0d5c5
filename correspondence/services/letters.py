"""The response letter as a PDF on the City letterhead (WeasyPrint), and "record sent": the exact
PDF sent is kept in the evidence locker under its SHA-256 and the step points at it."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.people import person_name
from investigations.models import Case, CaseEvent, State
from investigations.services import CaseError, workflow
from investigations.services.evidence import evidence_add_document


def _no_fetch(url: str, *args, **kwargs):
    """The letter uses no outside resources: nothing is fetched while rendering."""
    raise ValueError(f"the letter template may not load {url}")


def letter_html(case: Case, *, now=None) -> str:
    """The letter's HTML on the letterhead (what the PDF is rendered from)."""
    if not case.response_text.strip():
        raise CaseError("No response has been written for this case yet.")
    approval = (
        case.events.filter(kind=CaseEvent.Kind.APPROVED).select_related("actor").order_by("-at")
    ).first()
    return render_to_string(
        "correspondence/response_pdf.html",
        {
            "case": case,
            "today": now or timezone.now(),
            "actions": list(case.corrective_actions.all()),
            "approved": case.state in (State.APPROVED, State.RESPONDED, State.CLOSED),
            "approved_at": approval.at if approval else None,
            "signed_by": person_name(approval.actor) if approval and approval.actor else "",
        },
    )


def letter_document(case: Case, *, now=None):
    """The laid-out letter (a WeasyPrint document: its pages can be inspected or written)."""
    from weasyprint import HTML

    return HTML(string=letter_html(case, now=now), url_fetcher=_no_fetch).render()


def letter_pdf(case: Case, *, now=None) -> bytes:
    """The response letter, rendered to PDF from the case as it stands."""
    return letter_document(case, now=now).write_pdf()


@transaction.atomic
def case_record_sent(*, case: Case, actor, comment: str = "", now=None, request=None) -> Case:
    """Record the response sent: render the approved letter to PDF, keep that exact file in the
    evidence locker (hashed) and move the case to responded, the step naming the file's
    SHA-256. All or nothing."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.state != State.APPROVED:
        # The workflow gives the full refusal (state and what is allowed).
        return workflow.case_respond(
            case=case, actor=actor, comment=comment, now=now, request=request
        )
    pdf = letter_pdf(case, now=now)
    name = f"{case.reference}-response-{timezone.localdate():%Y%m%d}.pdf"
    item = evidence_add_document(
        case=case,
        actor=actor,
        uploaded=SimpleUploadedFile(name, pdf, content_type="application/pdf"),
        request=request,
    )
    return workflow.case_respond(
        case=case,
        actor=actor,
        comment=comment,
        now=now,
        request=request,
        letter={
            "letter": name,
            "letter_sha256": hashlib.sha256(pdf).hexdigest(),
            "letter_evidence_id": item.pk,
        },
    )
