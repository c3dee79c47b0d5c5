"""The evidence locker: linked calls, documents stored under SHA-256, internal notes.
Nothing is deleted: removal is an event with a reason and the item stays on record."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_record
from calls.models import Call
from calls.services.links import call_link_complaint, call_unlink_complaint
from core.files import file_store_once
from core.people import person_name
from investigations.models import Case, Document, Evidence
from investigations.services import CaseError
from investigations.services.common import case_audit

# Accepted document types, recognised by their first bytes (the browser's claim is not trusted).
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),  # .docx / .xlsx are zip containers
)
ZIP_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TEXT_EXTENSIONS = (".txt", ".csv", ".eml")
# An OLE compound file is accepted only as an Outlook message: Word .doc / Excel .xls share the
# container (and its macros), so the name must say .msg.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OUTLOOK_TYPE = "application/vnd.ms-outlook"


def is_outlook_message(data: bytes) -> bool:
    """An OLE compound file that is an Outlook item (it has the MAPI property stream), not a
    Word .doc or Excel .xls renamed to .msg."""
    import olefile  # only when an OLE file arrives

    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError):
        return False
    try:
        return ole.exists("__properties_version1.0")
    finally:
        ole.close()


def document_type(name: str, head: bytes) -> str | None:
    """The content type of an accepted document, or None when the type is not accepted."""
    lower = name.lower()
    if head.startswith(OLE_MAGIC):
        return OUTLOOK_TYPE if lower.endswith(".msg") else None
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            if content_type == "application/zip":
                ext = lower[lower.rfind(".") :] if "." in lower else ""
                return ZIP_TYPES.get(ext)
            return content_type
    if lower.endswith(TEXT_EXTENSIONS) and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None


def _open_case(case: Case) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise CaseError(
            f"{case.reference} is {case.get_state_display().lower()}: evidence can only be added "
            "to an open case."
        )
    return case


def calls_search(*, user, query: str, limit: int = 25):
    """The caller's calls by number, account number or IMS reference (exact or suffix for
    numbers)."""
    query = query.strip()
    if len(query) < 4:
        return Call.objects.none()
    digits = "".join(ch for ch in query if ch.isdigit())
    scope = Q(ims_reference__iexact=query) | Q(account_number__iexact=query)
    if len(digits) >= 6:
        scope |= Q(caller_number__endswith=digits[-9:]) | Q(account_number__iexact=digits)
    return (
        Call.objects.visible_to(user)
        .filter(scope)
        .select_related("agent__user", "section")
        .order_by("-started_at")[:limit]
    )


def _evidence_add(*, case: Case, actor, action: str, request, changes=None, **fields) -> Evidence:
    """Add one item to the (locked, open) case's locker and audit it as ``action``."""
    item = Evidence(
        case=case,
        added_by=actor,
        added_by_name=person_name(actor),
        added_at=timezone.now(),
        **fields,
    )
    item.full_clean()
    item.save()
    case_audit(
        case=case,
        actor=actor,
        action=action,
        request=request,
        changes={"evidence_id": item.pk, **(changes or {})},
    )
    return item


@transaction.atomic
def evidence_link_call(*, case: Case, actor, call: Call, request=None) -> Evidence:
    case = _open_case(case)
    if case.evidence.present().filter(call=call).exists():
        raise CaseError(f"Call {call.pk} is already linked to {case.reference}.")
    call_link_complaint(call=call, reference=case.reference, actor=actor, request=request)
    return _evidence_add(
        case=case,
        actor=actor,
        action="evidence.link_call",
        request=request,
        changes={"call_id": call.pk},
        kind=Evidence.Kind.CALL,
        call=call,
    )


@transaction.atomic
def evidence_add_document(*, case: Case, actor, uploaded, request=None) -> Evidence:
    """Store an uploaded file once under its SHA-256 and add it to the case."""
    case = _open_case(case)
    limit = settings.INVESTIGATIONS_MAX_DOCUMENT_MB * 1024 * 1024
    if uploaded.size == 0:
        raise CaseError("The file is empty.")
    if uploaded.size > limit:
        raise CaseError(
            f"The file is {uploaded.size / 1048576:.1f} MB; the largest accepted is "
            f"{settings.INVESTIGATIONS_MAX_DOCUMENT_MB} MB."
        )
    data = uploaded.read()
    content_type = document_type(uploaded.name, data[:2048])
    if content_type == OUTLOOK_TYPE and not is_outlook_message(data):
        content_type = None
    if content_type is None:
        raise CaseError(
            f"{uploaded.name}: not an accepted document type (PDF, PNG, JPEG, Word .docx, "
            "Excel .xlsx, plain text, e-mail .eml or Outlook .msg)."
        )
    digest = hashlib.sha256(data).hexdigest()
    document = Document.objects.filter(sha256=digest).first()
    if document is None:
        document = Document(sha256=digest, size_bytes=len(data), content_type=content_type)
        file_store_once(document.file, filename=digest, size=len(data), content=ContentFile(data))
        document.full_clean()
        document.save()
    original_name = uploaded.name[:255]
    return _evidence_add(
        case=case,
        actor=actor,
        action="evidence.add_document",
        request=request,
        changes={
            "name": original_name,
            "sha256": digest,
            "size_bytes": len(data),
            "content_type": content_type,
        },
        kind=Evidence.Kind.DOCUMENT,
        document=document,
        original_name=original_name,
    )


@transaction.atomic
def evidence_add_note(*, case: Case, actor, text: str, request=None) -> Evidence:
    case = _open_case(case)
    if not text.strip():
        raise CaseError("The note is empty.")
    return _evidence_add(
        case=case,
        actor=actor,
        action="evidence.add_note",
        request=request,
        kind=Evidence.Kind.NOTE,
        note=text.strip(),
    )


@transaction.atomic
def evidence_remove(*, item: Evidence, actor, reason: str, request=None) -> Evidence:
    item = Evidence.objects.select_for_update().get(pk=item.pk)
    if item.removed_at is not None:
        raise CaseError("That evidence was already removed.")
    if not reason.strip():
        raise CaseError("A reason is required to remove evidence.")
    item.removed_at = timezone.now()
    item.removed_by = actor
    item.removed_by_name = person_name(actor)
    item.removal_reason = reason.strip()
    item.full_clean()
    item.save()
    if item.kind == Evidence.Kind.CALL:
        call_unlink_complaint(
            call=item.call,
            reference=item.case.reference,
            actor=actor,
            reason=item.removal_reason,
            request=request,
        )
    case_audit(
        case=item.case,
        actor=actor,
        action="evidence.remove",
        request=request,
        changes={"evidence_id": item.pk, "item": str(item), "reason": item.removal_reason},
    )
    return item


def evidence_call_open(*, item: Evidence, user, what: str, request=None) -> None:
    """Record that ``user`` opened a linked call's transcript or recording from the case."""
    verb = {"transcript": "view_transcript", "recording": "listen"}[what]
    with transaction.atomic():
        audit_record(
            actor=user,
            action=f"call.{verb}",
            obj=item.call,
            request=request,
            changes={"case": item.case.reference, "evidence_id": item.pk},
        )
        case_audit(
            case=item.case,
            actor=user,
            action=f"evidence.open_{what}",
            request=request,
            changes={"call_id": item.call_id},
        )


def evidence_document_open(*, item: Evidence, user, request=None) -> None:
    with transaction.atomic():
        case_audit(
            case=item.case,
            actor=user,
            action="evidence.open_document",
            request=request,
            changes={"evidence_id": item.pk, "sha256": item.document.sha256},
        )
