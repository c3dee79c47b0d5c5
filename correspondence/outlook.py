"""Outlook's ``.msg`` (an OLE compound file holding MAPI properties, [MS-OXMSG]) read into
plain data. No Django here: bytes in, ``OutlookMessage`` out; ``correspondence.parsing`` turns
it into the same ``ParsedMail`` an ``.eml`` gives.

The compound file itself is read by ``olefile`` (BSD-2-Clause); this module knows which
properties carry what. Only the properties intake needs are read:

- strings live in streams ``__substg1.0_IIIITTTT`` (property id, type ``001F`` UTF-16 or
  ``001E`` 8-bit in the message's code page, ``0102`` binary);
- times (client submit, delivery) live in the fixed-size ``__properties_version1.0`` stream;
- each attachment is a storage ``__attach_version1.0_#N``: by value (its bytes in ``3701``), an
  attached Outlook item (a storage ``3701000D``, read as a message in its own right) or an OLE
  object (refused: nothing here can read it).

Raises ``OutlookError`` for a file that is not a readable Outlook message.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import struct
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import olefile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

SUBJECT = 0x0037
CLIENT_SUBMIT_TIME = 0x0039
SENT_REPRESENTING_EMAIL = 0x0065
TRANSPORT_HEADERS = 0x007D
SENDER_NAME = 0x0C1A
SENDER_EMAIL = 0x0C1F
DELIVERY_TIME = 0x0E06
BODY = 0x1000
HTML = 0x1013
INTERNET_MESSAGE_ID = 0x1035
REFERENCES = 0x1039
IN_REPLY_TO = 0x1042
ATTACH_DATA = 0x3701
ATTACH_FILENAME = 0x3704
ATTACH_METHOD = 0x3705
ATTACH_LONG_FILENAME = 0x3707
ATTACH_MIME_TAG = 0x370E
DISPLAY_NAME = 0x3001
INTERNET_CPID = 0x3FDE
MESSAGE_CODEPAGE = 0x3FFD
SENDER_SMTP = 0x5D01
SENT_REPRESENTING_SMTP = 0x5D02

ATTACH_BY_VALUE = 1
ATTACH_EMBEDDED_MESSAGE = 5
ATTACH_OLE = 6
STGTY_STREAM = 2  # olefile.STGTY_STREAM: a directory entry that is a stream
# Bytes before the first 16-byte property entry of __properties_version1.0: the top-level
# message, an attached message, an attachment or recipient.
HEADER_TOP, HEADER_EMBEDDED, HEADER_OTHER = 32, 24, 8
MAX_DEPTH = 3  # an item attached to an item attached to an item; deeper is refused
DAMAGED = "This .msg file is damaged or cut short: it cannot be read."
_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)


class OutlookError(ValueError):
    """Not a readable Outlook message; the text says why."""


@dataclass(frozen=True)
class OutlookAttachment:
    name: str
    mime_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class OutlookMessage:
    subject: str
    sender: str  # an SMTP address, or "" (an Exchange-only address is not one)
    sender_name: str
    submitted_at: dt.datetime | None  # when it was sent (UTC), or None for a draft never sent
    delivered_at: dt.datetime | None
    message_id: str
    in_reply_to: str
    references: str
    transport_headers: str  # the internet headers as received, or "" for a message never sent
    body: str
    html: str
    attachments: list[OutlookAttachment]
    attached_messages: list[OutlookMessage]


def _read(ole: olefile.OleFileIO, name: list[str]) -> bytes:
    """A whole stream; olefile gives a file cut short as a short stream, so the length it
    declares is checked."""
    data = ole.openstream(name).read()
    if len(data) != ole.get_size(name):
        raise OutlookError(DAMAGED)
    return data


def _codec(codepage: int | None) -> str:
    named = {65001: "utf-8", 20127: "ascii", 28591: "latin-1", 1200: "utf-16-le"}
    if codepage in named:
        return named[codepage]
    if codepage:
        try:
            return codecs.lookup(f"cp{codepage}").name
        except LookupError:
            pass
    return "cp1252"


class _Item:
    """One message storage (the root, or an attached item) of the compound file."""

    def __init__(self, ole: olefile.OleFileIO, path: list[str], header: int):
        self.ole = ole
        self.path = path
        self.fixed = self._fixed(header)
        self.codec = _codec(self.fixed.get(MESSAGE_CODEPAGE) or self.fixed.get(INTERNET_CPID))

    def _fixed(self, header: int) -> dict[int, int]:
        """Fixed-size property values by id (the raw 8 bytes as an integer)."""
        name = [*self.path, "__properties_version1.0"]
        if not self.ole.exists("/".join(name)):
            return {}
        data = _read(self.ole, name)
        values = {}
        for offset in range(header, len(data) - 15, 16):
            tag, _flags, value = struct.unpack_from("<IIQ", data, offset)
            values[tag >> 16] = value
        return values

    def stream(self, prop: int, kind: str) -> bytes | None:
        name = [*self.path, f"__substg1.0_{prop:04X}{kind}"]
        if self.ole.exists("/".join(name)) and self.ole.get_type(name) == STGTY_STREAM:
            return _read(self.ole, name)
        return None

    def text(self, prop: int) -> str:
        data = self.stream(prop, "001F")
        if data is not None:
            return data.decode("utf-16-le", "replace").rstrip("\x00")
        data = self.stream(prop, "001E")
        if data is not None:
            return data.decode(self.codec, "replace").rstrip("\x00")
        return ""

    def time(self, prop: int) -> dt.datetime | None:
        value = self.fixed.get(prop)
        if not value:
            return None
        return _FILETIME_EPOCH + dt.timedelta(microseconds=value // 10)

    def html(self) -> str:
        data = self.stream(HTML, "0102")
        if data is not None:
            return data.decode(_codec(self.fixed.get(INTERNET_CPID)), "replace")
        return self.text(HTML)

    def sender(self) -> str:
        for prop in (SENDER_SMTP, SENT_REPRESENTING_SMTP, SENDER_EMAIL, SENT_REPRESENTING_EMAIL):
            value = self.text(prop).strip()
            if "@" in value:
                return value
        return ""


def _attachment_storages(item: _Item) -> list[list[str]]:
    depth = len(item.path)
    return sorted(
        entry
        for entry in item.ole.listdir(streams=False, storages=True)
        if len(entry) == depth + 1
        and entry[:depth] == item.path
        and entry[-1].startswith("__attach_version1.0_#")
    )


def _attachments(item: _Item, depth: int) -> tuple[list[OutlookAttachment], list[OutlookMessage]]:
    files, messages = [], []
    for number, path in enumerate(_attachment_storages(item), start=1):
        part = _Item(item.ole, path, HEADER_OTHER)
        name = part.text(ATTACH_LONG_FILENAME) or part.text(ATTACH_FILENAME)
        name = name.strip() or part.text(DISPLAY_NAME).strip() or f"attachment-{number}"
        method = part.fixed.get(ATTACH_METHOD, ATTACH_BY_VALUE) & 0xFFFFFFFF
        embedded = [*path, f"__substg1.0_{ATTACH_DATA:04X}000D"]
        if item.ole.exists("/".join(embedded)) and method == ATTACH_EMBEDDED_MESSAGE:
            if depth >= MAX_DEPTH:
                raise OutlookError(f"The attached item {name} is nested too deep to be read.")
            messages.append(_message(_Item(item.ole, embedded, HEADER_EMBEDDED), depth + 1))
        elif method == ATTACH_OLE or item.ole.exists("/".join(embedded)):
            raise OutlookError(
                f"The attachment {name} is an embedded Office object, which cannot be read here."
            )
        else:
            data = part.stream(ATTACH_DATA, "0102") or b""
            files.append(OutlookAttachment(name, part.text(ATTACH_MIME_TAG), data))
    return files, messages


def _message(item: _Item, depth: int) -> OutlookMessage:
    files, messages = _attachments(item, depth)
    return OutlookMessage(
        subject=item.text(SUBJECT),
        sender=item.sender(),
        sender_name=item.text(SENDER_NAME).strip(),
        submitted_at=item.time(CLIENT_SUBMIT_TIME),
        delivered_at=item.time(DELIVERY_TIME),
        message_id=item.text(INTERNET_MESSAGE_ID).strip(),
        in_reply_to=item.text(IN_REPLY_TO).strip(),
        references=item.text(REFERENCES).strip(),
        transport_headers=item.text(TRANSPORT_HEADERS),
        body=item.text(BODY),
        html=item.html(),
        attachments=files,
        attached_messages=messages,
    )


def outlook_read(raw: bytes) -> OutlookMessage:
    """Read an Outlook ``.msg``. Raises ``OutlookError`` for anything else, damaged or not."""
    if not raw.startswith(OLE_MAGIC):
        raise OutlookError("This file is not an Outlook message (.msg).")
    import olefile  # only when a .msg comes in: starting the site does not need it

    try:
        ole = olefile.OleFileIO(io.BytesIO(raw))
    except (OSError, ValueError, struct.error, IndexError) as exc:
        raise OutlookError(DAMAGED) from exc
    with ole:
        if not ole.exists("__properties_version1.0") or not any(
            entry[0].startswith("__substg1.0_") for entry in ole.listdir()
        ):
            raise OutlookError(
                "This file is an Office document, not an Outlook message (.msg): it holds no "
                "message properties."
            )
        try:
            return _message(_Item(ole, [], HEADER_TOP), depth=0)
        except OutlookError:
            raise
        except (OSError, ValueError, struct.error, IndexError, KeyError) as exc:
            raise OutlookError(DAMAGED) from exc
