"""The monitored mailbox, read from a real IMAP server (Dovecot, TLS) started by the test, and
the Maildir drop: each message taken in once, bad ones reported and skipped, never a crash."""

import imaplib
import io
import mailbox
import ssl

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from correspondence.models import MailMessage
from correspondence.services.mailbox import (
    _imap_connect,
    imap_fetch,
    mail_fetch_all,
    maildir_fetch,
)
from correspondence.tasks import mail_fetch

pytestmark = pytest.mark.django_db

GOOD = ("councillor_with_attachment.eml", "speaker_html_only.eml")
BAD = ("malformed_no_sender.eml",)


def _client(server):
    imap = imaplib.IMAP4_SSL(
        server.host, server.port, ssl_context=ssl.create_default_context(cafile=server.cafile)
    )
    imap.login(server.user, server.password)
    return imap


def _deliver(server, raws):
    imap = _client(server)
    for raw in raws:
        assert imap.append("INBOX", None, None, raw)[0] == "OK"
    imap.logout()


def _count(server, folder, criterion):
    imap = _client(server)
    imap.select(folder)
    found = imap.uid("SEARCH", None, criterion)[1][0].split()
    imap.logout()
    return len(found)


def test_the_mailbox_is_read_over_tls_once_and_a_bad_message_is_skipped(
    site_data, imap_server, eml
):
    not_mail = b"%PDF-1.4\nthis is a scanned letter, not an e-mail\n"
    _deliver(imap_server, [eml(n) for n in (*GOOD, *BAD)] + [not_mail])
    report = imap_fetch(imap_server.config())
    assert sorted(m.subject for m in report.taken) == [
        "Complaint referred: streetlights out on Voortrekker Road – Ward 40",
        "Ward 12: no water in Rabie Ridge for four days",
    ]
    assert all(m.via == "imap" and m.state == "draft" for m in report.taken)
    reasons = sorted(reason for _where, reason in report.refused)
    assert len(reasons) == 2 and "no sender" in reasons[0] and "not an e-mail" in reasons[1]
    assert AuditEvent.objects.filter(action="mail.refuse").count() == 2
    assert _count(imap_server, "INBOX", "UNSEEN") == 0  # all four marked seen
    again = imap_fetch(imap_server.config())
    assert again.taken == [] and again.refused == []
    assert MailMessage.objects.count() == 2


def test_messages_taken_in_move_to_the_done_folder(site_data, imap_server, eml):
    _deliver(imap_server, [eml(GOOD[0])])
    report = imap_fetch(imap_server.config(done_folder="Done"))
    assert len(report.taken) == 1
    # The reader saw the server's MOVE (announced after log-in), so the move was one command.
    imap = _imap_connect(imap_server.config())
    assert "MOVE" in imap.capabilities
    imap.logout()
    assert _count(imap_server, "INBOX", "ALL") == 0
    assert _count(imap_server, "Done", "SEEN") == 1


def test_a_mailbox_that_cannot_be_reached_is_reported_not_raised(site_data, imap_server, settings):
    settings.CORRESPONDENCE_MAILDIR = ""
    settings.CORRESPONDENCE_IMAP = imap_server.config(password="wrong")
    report = mail_fetch_all()
    assert report.taken == [] and "could not be read" in report.refused[0][1]
    # A server whose certificate is not trusted is refused: the TLS check is on.
    settings.CORRESPONDENCE_IMAP = imap_server.config(cafile="")
    report = mail_fetch_all()
    assert "CERTIFICATE_VERIFY_FAILED" in report.refused[0][1]
    assert MailMessage.objects.count() == 0


def test_the_maildir_drop_is_read_once(site_data, tmp_path, eml):
    box = mailbox.Maildir(tmp_path / "drop", create=True)
    for name in (*GOOD, *BAD):
        box.add(eml(name))
    report = maildir_fetch(tmp_path / "drop")
    assert len(report.taken) == 2 and len(report.refused) == 1
    assert all("S" in box.get_message(key).get_flags() for key in box.iterkeys())
    assert all(box.get_message(key).get_subdir() == "cur" for key in box.iterkeys())
    assert maildir_fetch(tmp_path / "drop").taken == []


def test_the_periodic_task_and_the_command_read_the_maildir(site_data, tmp_path, eml, settings):
    settings.CORRESPONDENCE_MAILDIR = str(tmp_path / "drop")
    settings.CORRESPONDENCE_IMAP = {**settings.CORRESPONDENCE_IMAP, "host": ""}
    box = mailbox.Maildir(tmp_path / "drop", create=True)
    box.add(eml(GOOD[0]))
    result = mail_fetch.enqueue(reschedule=False)
    assert result.return_value == {"taken": 1, "refused": 0}
    box.add(eml("councillor_reply.eml"))
    out = io.StringIO()
    call_command("fetch_mail", maildir=str(tmp_path / "drop"), stdout=out)
    assert "1 message(s) taken in, 0 refused" in out.getvalue()
    assert MailMessage.objects.count() == 2
