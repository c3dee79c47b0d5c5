"""E-mail intake: a message becomes a draft case, or joins the case it belongs to.

``mail_receive`` is the one way in (upload, IMAP, Maildir). A new message becomes a draft that
the intake officer confirms (``mail_draft_confirm``, which opens the case through
``case_create`` and puts the message and its attachments in the evidence locker) or discards
(``mail_draft_discard``); nothing is opened silently. A reply (In-Reply-To / References, or our
case reference in the subject) or a second copy of a message already on a case joins that case
as evidence instead. Every step is audited; a refused message writes nothing.
"""

from __future__ import annotations

import hashlib
import re

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from core.files import file_store_once
from core.people import person_name
from correspondence.models import MailMessage
from correspondence.outlook import OLE_MAGIC
from correspondence.parsing import MailError, ParsedMail, mail_parse
from correspondence.services.offices import office_for
from investigations.models import Case, Source
from investigations.services.cases import case_create
from investigations.services.evidence import evidence_add_document, evidence_add_note

CASE_REFERENCE = re.compile(r"\bINV-\d{4}-\d{6}\b", re.IGNORECASE)


def _extension(raw: bytes) -> str:
    return ".msg" if raw.startswith(OLE_MAGIC) else ".eml"


def _message_file_name(mail: ParsedMail | MailMessage, raw: bytes) -> str:
    words = re.sub(r"[^\w\- ]+", "", mail.subject or "message").strip()[:60] or "message"
    return f"e-mail {words}{_extension(raw)}"


def _case_of(mail: ParsedMail) -> tuple[Case | None, str]:
    """The case this message belongs to and why, or (None, "")."""
    earlier = (
        MailMessage.objects.filter(message_id=mail.message_id, case__isnull=False)
        .select_related("case")
        .first()
    )
    if earlier is not None:
        return earlier.case, f"the same message (Message-ID {mail.message_id}) is on this case"
    ids = [*mail.in_reply_to, *mail.references]
    if ids:
        earlier = (
            MailMessage.objects.filter(message_id__in=ids, case__isnull=False)
            .select_related("case")
            .order_by("-received_at", "-pk")
            .first()
        )
        if earlier is not None:
            return earlier.case, f"a reply to {earlier.message_id}, which is on this case"
    match = CASE_REFERENCE.search(mail.subject)
    if match:
        case = Case.objects.filter(reference__iexact=match.group(0)).first()
        if case is not None:
            return case, f"the subject names {case.reference}"
    return None, ""


def _store(message: MailMessage, raw: bytes) -> None:
    file_store_once(
        message.raw,
        filename=f"{message.sha256}{_extension(raw)}",
        size=len(raw),
        content=ContentFile(raw),
    )


def _on_case_text(mail: ParsedMail | MailMessage, via_label: str) -> str:
    when = timezone.localtime(mail.sent_at).strftime("%Y-%m-%d %H:%M")
    sender = f"{mail.sender_name} <{mail.sender}>" if mail.sender_name else mail.sender
    return f"E-mail from {sender}, {when} ({via_label}): {mail.subject}\n\n{mail.body_text}".strip()


def _evidence_from_message(*, case, actor, raw: bytes, mail, request=None, body_note=True):
    """The message itself (.eml), each attachment, and its text as a note, into the locker."""
    evidence_add_document(
        case=case,
        actor=actor,
        uploaded=SimpleUploadedFile(_message_file_name(mail, raw), raw),
        request=request,
    )
    parsed = mail if isinstance(mail, ParsedMail) else mail_parse(raw)
    for attachment in parsed.attachments:
        evidence_add_document(
            case=case,
            actor=actor,
            uploaded=SimpleUploadedFile(attachment.name, attachment.data, attachment.content_type),
            request=request,
        )
    if body_note:
        evidence_add_note(
            case=case, actor=actor, text=_on_case_text(parsed, "e-mail"), request=request
        )


def _join(*, case, mail, raw, message, actor, why, request) -> MailMessage:
    message.state = MailMessage.State.JOINED
    message.case = case
    message.note = why
    message.decided_at = timezone.now()
    message.decided_by = actor
    message.decided_by_name = person_name(actor)
    message.full_clean()
    message.save()
    if "same message" in why:
        # A second copy: the message is already in the locker; say that it came again.
        evidence_add_note(
            case=case,
            actor=actor,
            text=f"The same e-mail arrived again ({message.get_via_display()}): {mail.subject}. "
            f"Message-ID {mail.message_id}.",
            request=request,
        )
    else:
        _evidence_from_message(case=case, actor=actor, raw=raw, mail=mail, request=request)
    return message


@transaction.atomic
def mail_receive(*, raw: bytes, via: str, actor=None, name: str = "", request=None) -> MailMessage:
    """Take one message in: a draft case, or joined to the case it belongs to (the returned
    message's ``state`` says which). Raises ``MailError`` with the reason, writing nothing,
    for a message that cannot be read or whose attachments the locker refuses, and for a
    second copy of a message still waiting as a draft."""
    mail = mail_parse(raw, name=name)
    waiting = MailMessage.objects.drafts().filter(message_id=mail.message_id).first()
    if waiting is not None:
        taken = timezone.localtime(waiting.received_at)
        raise MailError(
            f"This message (Message-ID {mail.message_id}) is already waiting as a draft case "
            f"from {waiting.sender}, taken in {taken:%Y-%m-%d %H:%M}."
        )
    office = office_for(mail.sender)
    message = MailMessage(
        via=via,
        message_id=mail.message_id,
        in_reply_to=" ".join(mail.in_reply_to)[:998],
        references=" ".join(mail.references),
        sender=mail.sender,
        sender_name=mail.sender_name,
        subject=mail.subject,
        sent_at=mail.sent_at,
        body_text=mail.body_text,
        body_was_html=mail.body_was_html,
        attachments=[a.summary() for a in mail.attachments],
        office=office,
        source_guess=office.source if office else Source.EMAIL,
        sha256=hashlib.sha256(raw).hexdigest(),
        size_bytes=len(raw),
        received_at=timezone.now(),
        received_by=actor,
    )
    _store(message, raw)
    case, why = _case_of(mail)
    if case is not None and not case.is_open:
        message.note = (
            f"Belongs to {case.reference} ({why}), which is {case.get_state_display().lower()}: "
            "confirm to open a new case, or discard."
        )
        case = None
    joined = case is not None and actor is not None
    if joined:
        message = _join(
            case=case, mail=mail, raw=raw, message=message, actor=actor, why=why, request=request
        )
    else:
        if case is not None:
            # Read from a mailbox, nobody to act: the officer joins it with one click.
            message.case = case
            message.note = f"Belongs to {case.reference}: {why}. Join it to the case, or discard."
        message.full_clean()
        message.save()
    audit_record(
        actor=actor,
        action="mail.join" if joined else "mail.receive",
        obj=message,
        request=request,
        changes={
            "via": via,
            "message_id": mail.message_id,
            "sender": mail.sender,
            "sha256": message.sha256,
            "attachments": len(mail.attachments),
            **({"case": case.reference, "why": why} if case is not None else {}),
            "state": message.state,
        },
    )
    return message


def _locked_draft(message: MailMessage) -> MailMessage:
    message = MailMessage.objects.select_for_update().get(pk=message.pk)
    if message.state != MailMessage.State.DRAFT:
        raise MailError(
            f"This message is no longer a draft: {message.get_state_display().lower()}."
        )
    return message


@transaction.atomic
def mail_draft_confirm(
    *,
    message: MailMessage,
    actor,
    source: str,
    complainant_name: str,
    description: str,
    complainant_email: str = "",
    complainant_phone: str = "",
    ward: int | None = None,
    source_reference: str = "",
    ims_references: str = "",
    request=None,
) -> Case:
    """Open the case the draft describes (received when the message was sent), with the
    message and its attachments in the evidence locker. All or nothing."""
    message = _locked_draft(message)
    raw = message.raw.open("rb").read()
    message.raw.close()
    received_at = min(message.sent_at, timezone.now())
    case = case_create(
        actor=actor,
        source=source,
        complainant_name=complainant_name,
        complainant_email=complainant_email,
        complainant_phone=complainant_phone,
        description=description,
        ward=ward,
        source_reference=source_reference,
        ims_references=ims_references,
        received_at=received_at,
        request=request,
        via="email",
    )
    _evidence_from_message(
        case=case, actor=actor, raw=raw, mail=message, request=request, body_note=False
    )
    message.state = MailMessage.State.OPENED
    message.case = case
    message.decided_at = timezone.now()
    message.decided_by = actor
    message.decided_by_name = person_name(actor)
    message.save()
    audit_record(
        actor=actor,
        action="mail.confirm",
        obj=message,
        request=request,
        changes={"case": case.reference, "source": source, "source_guess": message.source_guess},
    )
    return case


@transaction.atomic
def mail_draft_join(*, message: MailMessage, actor, request=None) -> MailMessage:
    """Join a draft that belongs to a case (a reply read from the mailbox) to that case."""
    message = _locked_draft(message)
    if message.case_id is None:
        raise MailError("This draft belongs to no case: confirm it as a new case or discard it.")
    case = Case.objects.get(pk=message.case_id)
    if not case.is_open:
        raise MailError(
            f"{case.reference} is {case.get_state_display().lower()}: open a new case instead."
        )
    raw = message.raw.open("rb").read()
    message.raw.close()
    mail = mail_parse(raw)
    why = message.note.removesuffix(". Join it to the case, or discard.")
    message = _join(
        case=case, mail=mail, raw=raw, message=message, actor=actor, why=why, request=request
    )
    audit_record(
        actor=actor,
        action="mail.join",
        obj=message,
        request=request,
        changes={"case": case.reference, "message_id": message.message_id},
    )
    return message


@transaction.atomic
def mail_draft_discard(*, message: MailMessage, actor, reason: str, request=None) -> MailMessage:
    """Discard a draft (spam, not a complaint, sent to the wrong office); the reason is kept."""
    if not reason.strip():
        raise MailError("Give a reason to discard the draft.")
    message = _locked_draft(message)
    message.state = MailMessage.State.DISCARDED
    message.note = reason.strip()
    message.decided_at = timezone.now()
    message.decided_by = actor
    message.decided_by_name = person_name(actor)
    message.save()
    audit_record(
        actor=actor,
        action="mail.discard",
        obj=message,
        request=request,
        changes={"reason": message.note},
    )
    return message
