"""An e-mail message, as bytes, read into plain data: sender, Date, subject, the text of the
body, the attachments, the Message-ID and the ids it replies to. Nothing is stored here.

``.eml`` files are read with the standard library's ``email`` package (``policy.default``);
Outlook's ``.msg`` files by ``correspondence.outlook`` and then the same rules (``outlook_parse``).
The HTML of a message is never rendered: an HTML-only body is turned into plain text here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser, HeaderParser
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from correspondence.outlook import OLE_MAGIC, OutlookError, OutlookMessage, outlook_read
from investigations.services.evidence import document_type

MESSAGE_ID = re.compile(r"<[^<>\s]+>")
KNOWN_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version")


class MailError(ValidationError):
    """A message refused at the door: the text says why; nothing was stored."""


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def summary(self) -> dict:
        return {
            "name": self.name,
            "content_type": self.content_type,
            "size_bytes": len(self.data),
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    sender: str
    sender_name: str
    subject: str
    sent_at: dt.datetime
    body_text: str
    body_was_html: bool
    attachments: list[Attachment]


class _TextFromHtml(HTMLParser):
    """The visible text of an HTML body: tags dropped, scripts and styles skipped, entities
    decoded, line breaks at block ends. Nothing is fetched or run."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr"}
    SKIP = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextFromHtml()
    parser.feed(html)
    parser.close()
    lines = [
        re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    ]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _ids(value) -> list[str]:
    return MESSAGE_ID.findall(str(value or ""))


def _sender(message: EmailMessage) -> tuple[str, str]:
    try:
        header = message["From"]
        addresses: tuple[Address, ...] = header.addresses if header is not None else ()
    except (IndexError, ValueError, AttributeError):  # a From header the parser gave up on
        addresses = ()
    for address in addresses:
        if address.username and address.domain:
            return address.addr_spec.lower(), address.display_name.strip()[:200]
    raise MailError("The message has no sender: its From header is missing or is not an address.")


def _sent_at(message: EmailMessage) -> dt.datetime:
    try:
        header = message["Date"]
        when = header.datetime if header is not None else None
    except (ValueError, TypeError, AttributeError):
        when = None
    if when is None:
        raise MailError("The message has no date: its Date header is missing or unreadable.")
    if timezone.is_naive(when):  # "-0000": the time zone is not known; take it as UTC
        when = when.replace(tzinfo=dt.UTC)
    return when


def _body(message: EmailMessage) -> tuple[str, bool]:
    """The plain-text body; failing that, the text of the HTML body; else ""."""
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        return str(plain.get_content()).strip(), False
    html = message.get_body(preferencelist=("html",))
    if html is not None:
        return html_to_text(str(html.get_content())), True
    return "", False


def _accepted(name: str, data: bytes, number: int) -> Attachment | None:
    """One attachment as the evidence locker will take it, or None for an empty one. Raises
    ``MailError`` for one too big or of a refused type (the whole message is refused)."""
    name = re.sub(r"[\\/\x00-\x1f]", "_", name).strip()[:200] or f"attachment-{number}"
    limit = settings.INVESTIGATIONS_MAX_DOCUMENT_MB * 1024 * 1024
    if len(data) > limit:
        raise MailError(
            f"The attachment {name} is {len(data) / 1048576:.1f} MB; the largest accepted is "
            f"{settings.INVESTIGATIONS_MAX_DOCUMENT_MB} MB. Nothing was taken in."
        )
    if not data:
        return None
    content_type = document_type(name, data[:2048])
    if content_type is None:
        raise MailError(
            f"The attachment {name} is not an accepted document type (PDF, PNG, JPEG, Word "
            ".docx, Excel .xlsx, plain text, .eml, .msg). Nothing was taken in."
        )
    return Attachment(name=name, content_type=content_type, data=data)


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for number, part in enumerate(message.iter_attachments(), start=1):
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            data = inner[0].as_bytes() if isinstance(inner, list) else bytes(inner)
            name = part.get_filename() or f"attached-message-{number}.eml"
        else:
            data = part.get_payload(decode=True) or b""
            name = part.get_filename() or f"attachment-{number}"
        attachment = _accepted(name, data, number)
        if attachment is not None:
            found.append(attachment)
    return found


def _attached_item_text(item: OutlookMessage) -> str:
    when = item.submitted_at or item.delivered_at
    lines = ["An Outlook item attached to the message (its text; the item itself is in the .msg)."]
    if item.sender:
        lines.append(f"From: {item.sender_name} <{item.sender}>")
    if when:
        lines.append(f"Sent: {timezone.localtime(when):%Y-%m-%d %H:%M}")
    lines += [
        f"Subject: {item.subject}",
        "",
        item.body.replace("\r\n", "\n").strip() or html_to_text(item.html),
    ]
    return "\n".join(lines)


def _outlook_attachments(item: OutlookMessage) -> list[Attachment]:
    found = []
    for number, part in enumerate(item.attachments, start=1):
        attachment = _accepted(part.name, part.data, number)
        if attachment is not None:
            found.append(attachment)
    for number, attached in enumerate(item.attached_messages, start=len(found) + 1):
        words = re.sub(r"[^\w\- ]+", "", attached.subject).strip()[:60] or f"item {number}"
        text = _attached_item_text(attached).encode("utf-8")
        found.append(_accepted(f"attached e-mail {words}.txt", text, number))
    return found


def outlook_parse(raw: bytes) -> ParsedMail:
    """Read an Outlook ``.msg`` under the rules of ``mail_parse``. The internet headers it kept
    (a message that came by mail has them) fill what the MAPI properties lack; the Date header
    wins over the submit time, as it carries the sender's time zone."""
    try:
        item = outlook_read(raw)
    except OutlookError as exc:
        raise MailError(str(exc)) from exc
    headers = HeaderParser(policy=policy.default).parsestr(item.transport_headers)
    if item.sender:
        sender, sender_name = item.sender.lower(), item.sender_name[:200]
    elif not item.transport_headers:
        raise MailError(
            "The Outlook message has no sender: it was saved before it was sent (a draft)."
        )
    else:
        sender, sender_name = _sender(headers)  # raises: no sender (a draft never sent)
    if sender_name.lower() == sender:
        sender_name = ""
    sent_at = item.submitted_at or item.delivered_at
    if headers.get("Date") is not None or sent_at is None:
        sent_at = _sent_at(headers)
    body_text, was_html = item.body.replace("\r\n", "\n").strip(), False
    if not body_text and item.html:
        body_text, was_html = html_to_text(item.html), True
    message_ids = _ids(item.message_id) or _ids(headers.get("Message-ID"))
    digest = hashlib.sha256(raw).hexdigest()
    return ParsedMail(
        message_id=message_ids[0] if message_ids else f"<{digest}@no-message-id.invalid>",
        in_reply_to=_ids(item.in_reply_to) or _ids(headers.get("In-Reply-To")),
        references=_ids(item.references) or _ids(headers.get("References")),
        sender=sender,
        sender_name=sender_name,
        subject=" ".join(item.subject.split())[:500],
        sent_at=sent_at,
        body_text=body_text,
        body_was_html=was_html,
        attachments=_outlook_attachments(item),
    )


def mail_parse(raw: bytes, *, name: str = "") -> ParsedMail:
    """Read one message, ``.eml`` or Outlook ``.msg``. Raises ``MailError`` (with the reason)
    for anything that is not a readable e-mail: a damaged .msg, a file of another kind, a
    message without sender or date, one too big, an attachment too big or of a type the
    evidence locker refuses."""
    if not raw.strip():
        raise MailError("The file is empty.")
    limit = settings.CORRESPONDENCE_MAX_MESSAGE_MB * 1024 * 1024
    if len(raw) > limit:
        raise MailError(
            f"The message is {len(raw) / 1048576:.1f} MB; the largest accepted is "
            f"{settings.CORRESPONDENCE_MAX_MESSAGE_MB} MB."
        )
    if raw.startswith(OLE_MAGIC):
        return outlook_parse(raw)
    if name.lower().endswith(".msg"):
        raise MailError("This file is named .msg but is not an Outlook message.")
    if b"\x00" in raw[:4096]:
        raise MailError("This file is not an e-mail message (.eml): it holds binary data.")
    message = BytesParser(policy=policy.default).parsebytes(raw)
    if not any(message.get(header) is not None for header in KNOWN_HEADERS):
        raise MailError("This file is not an e-mail message (.eml): it has no mail headers.")
    sender, sender_name = _sender(message)
    sent_at = _sent_at(message)
    body_text, was_html = _body(message)
    message_ids = _ids(message.get("Message-ID"))
    digest = hashlib.sha256(raw).hexdigest()
    return ParsedMail(
        message_id=message_ids[0] if message_ids else f"<{digest}@no-message-id.invalid>",
        in_reply_to=_ids(message.get("In-Reply-To")),
        references=_ids(message.get("References")),
        sender=sender,
        sender_name=sender_name,
        subject=" ".join(str(message.get("Subject") or "").split())[:500],
        sent_at=sent_at,
        body_text=body_text,
        body_was_html=was_html,
        attachments=_attachments(message),
    )


# "IMS 4471203, 4471388", "IMS reference: 4468810", "IMS nos. 4471203 and 4471388": the numbers
# of the City's incident system that a message quotes after the word IMS.
_IMS_RUN = re.compile(
    r"\bIMS\b[^\d\n]{0,30}(\d{5,10}(?:\s*(?:,|;|/|&|and)\s*\d{5,10})*)", re.IGNORECASE
)


def ims_numbers(text: str) -> list[str]:
    """IMS reference numbers quoted in ``text``, in order, each once."""
    found: list[str] = []
    for run in _IMS_RUN.findall(text or ""):
        for number in re.findall(r"\d{5,10}", run):
            if number not in found:
                found.append(number)
    return found
