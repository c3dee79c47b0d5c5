"""System checks of the e-mail intake settings (docs/operations.md, "E-mail intake")."""

from __future__ import annotations

import os

from django.conf import settings
from django.core import checks


@checks.register()
def check_mail_intake(app_configs=None, **kwargs):
    """A mailbox named without an account, or a Maildir or CA file that is not there, would
    only show up as a refused read every few minutes: say so at start-up instead."""
    found = []
    imap = settings.CORRESPONDENCE_IMAP
    if imap.get("host") and not (imap.get("user") and imap.get("password")):
        found.append(
            checks.Warning(
                "SIYALALELA_IMAP_HOST is set without SIYALALELA_IMAP_USER and "
                "SIYALALELA_IMAP_PASSWORD: the mailbox cannot be read.",
                id="correspondence.W001",
            )
        )
    if imap.get("cafile") and not os.path.isfile(imap["cafile"]):
        found.append(
            checks.Warning(
                f"SIYALALELA_IMAP_CAFILE {imap['cafile']} is not a file.",
                id="correspondence.W002",
            )
        )
    maildir = settings.CORRESPONDENCE_MAILDIR
    if maildir and not os.path.isdir(os.path.join(maildir, "new")):
        found.append(
            checks.Warning(
                f"SIYALALELA_MAILDIR {maildir} is not a Maildir (no new/ folder in it).",
                id="correspondence.W003",
            )
        )
    return found
