"""Reading the monitored mailbox (IMAP over TLS) and a Maildir drop. Each message goes through
``mail_receive``; a message taken in, or refused, is marked seen (Maildir: moved to ``cur``
with the S flag; IMAP: ``\\Seen``, and moved to the done folder when one is set) so it is never
read twice. A bad message is reported and skipped: it never stops the run."""

from __future__ import annotations

import contextlib
import imaplib
import logging
import mailbox
import ssl
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from audit.services import audit_record
from correspondence.models import MailMessage
from correspondence.parsing import MailError
from correspondence.services.intake import mail_receive

log = logging.getLogger(__name__)


@dataclass
class FetchReport:
    taken: list[MailMessage] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)

    def __str__(self) -> str:
        return f"{len(self.taken)} message(s) taken in, {len(self.refused)} refused"


def _take(report: FetchReport, raw: bytes, *, via: str, where: str) -> None:
    """Take one message in; a refusal is logged, audited and reported, never raised."""
    try:
        report.taken.append(mail_receive(raw=raw, via=via))
    except MailError as exc:
        reason = " ".join(exc.messages)
    except Exception as exc:  # a message must never stop the run: report it and go on
        log.exception("mail %s: could not be taken in", where)
        reason = f"could not be read ({type(exc).__name__}: {exc})"
    else:
        return
    log.warning("mail %s refused: %s", where, reason)
    report.refused.append((where, reason))
    with transaction.atomic():
        audit_record(
            actor=None,
            action="mail.refuse",
            object_type="correspondence.mailmessage",
            object_repr=where[:300],
            changes={"via": via, "where": where, "reason": reason},
        )


def maildir_fetch(path: str | Path) -> FetchReport:
    """Take in every message of the Maildir not yet seen, then mark it seen."""
    report = FetchReport()
    box = mailbox.Maildir(str(path), create=False)
    for key in sorted(box.keys()):
        message = box.get_message(key)
        if "S" in message.get_flags():
            continue
        _take(report, box.get_bytes(key), via=MailMessage.Via.MAILDIR, where=f"maildir {key}")
        message.set_subdir("cur")
        message.add_flag("S")
        box[key] = message
    return report


def _imap_connect(config: dict) -> imaplib.IMAP4_SSL:
    context = ssl.create_default_context(cafile=config.get("cafile") or None)
    imap = imaplib.IMAP4_SSL(
        config["host"], int(config.get("port") or 993), ssl_context=context, timeout=60
    )
    imap.login(config["user"], config["password"])
    # Servers announce more after log-in (MOVE, say); imaplib keeps the greeting's list.
    status, data = imap.capability()
    if status == "OK" and data and data[-1]:
        imap.capabilities = tuple(data[-1].decode().upper().split())
    return imap


def _imap_ok(result: tuple, what: str):
    status, data = result
    if status != "OK":
        raise imaplib.IMAP4.error(f"{what}: {status} {data!r}")
    return data


def imap_fetch(config: dict | None = None) -> FetchReport:
    """Take in every unseen message of the monitored folder over IMAP with TLS (the server's
    certificate checked), marking each seen (and moving it to the done folder when set)."""
    config = config or settings.CORRESPONDENCE_IMAP
    report = FetchReport()
    imap = _imap_connect(config)
    try:
        _imap_ok(imap.select(_quoted(config.get("folder") or "INBOX")), "select")
        uids = _imap_ok(imap.uid("SEARCH", None, "UNSEEN"), "search")[0].split()
        done = config.get("done_folder") or ""
        for uid in uids:
            where = f"imap {config['host']} {config.get('folder') or 'INBOX'} uid {uid.decode()}"
            data = _imap_ok(imap.uid("FETCH", uid, "(BODY.PEEK[])"), "fetch")
            raw = next((part[1] for part in data if isinstance(part, tuple)), b"")
            _take(report, raw, via=MailMessage.Via.IMAP, where=where)
            _imap_ok(imap.uid("STORE", uid, "+FLAGS", "(\\Seen)"), "mark seen")
            if done:
                _imap_move(imap, uid, done)
        if done and uids and "MOVE" not in imap.capabilities:
            imap.expunge()
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            imap.logout()
    return report


def _imap_move(imap: imaplib.IMAP4_SSL, uid: bytes, folder: str) -> None:
    """Move one message (RFC 6851 MOVE where the server has it, else copy and mark deleted)."""
    if "MOVE" in imap.capabilities:
        _imap_ok(imap.uid("MOVE", uid, _quoted(folder)), "move to the done folder")
        return
    _imap_ok(imap.uid("COPY", uid, _quoted(folder)), "copy to the done folder")
    _imap_ok(imap.uid("STORE", uid, "+FLAGS", "(\\Deleted)"), "mark moved")


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mail_fetch_all() -> FetchReport:
    """Read every configured source (the Maildir, the IMAP mailbox). A source that cannot be
    reached is reported and the others still read."""
    report = FetchReport()
    sources = []
    if settings.CORRESPONDENCE_MAILDIR:
        sources.append(("maildir", lambda: maildir_fetch(settings.CORRESPONDENCE_MAILDIR)))
    if settings.CORRESPONDENCE_IMAP.get("host"):
        sources.append(("imap", imap_fetch))
    for name, fetch in sources:
        try:
            part = fetch()
        except (OSError, imaplib.IMAP4.error, ssl.SSLError, mailbox.Error) as exc:
            log.error("mail source %s could not be read: %s", name, exc)
            report.refused.append((name, f"could not be read: {exc}"))
            continue
        report.taken.extend(part.taken)
        report.refused.extend(part.refused)
    return report
