"""Sending notification e-mails (text and HTML): one per notification, or one daily digest.
Called by the tasks in ``inbox.tasks`` and by ``manage.py send_digests``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from inbox.models import InboxSettings, Notification

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def _send(user, subject: str, context: dict, template: str) -> bool:
    context = {
        **context,
        "user": user,
        "settings_url": _absolute(reverse("inbox:settings")),
        "inbox_url": _absolute(reverse("inbox:list")),
    }
    text = render_to_string(f"inbox/email/{template}.txt", context)
    html = render_to_string(f"inbox/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, None, [user.email])
    message.attach_alternative(html, "text/html")
    try:
        return bool(message.send())
    except OSError:
        logger.exception("Could not e-mail %s to user %s", template, user.pk)
        return False


def notifications_email_send(*, notification_ids: list[int]) -> int:
    """E-mail each queued notification of ``notification_ids`` to its recipient; rows already
    sent are skipped, so running twice sends nothing twice. Returns e-mails sent."""
    sent = 0
    rows = Notification.objects.filter(
        pk__in=notification_ids, email=Notification.Email.QUEUED
    ).select_related("recipient")
    for row in rows:
        ok = _send(
            row.recipient,
            f"Siyalalela: {row.words}"[:150],
            {"notification": row, "link": _absolute(row.link)},
            "notification",
        )
        row.email = Notification.Email.SENT if ok else Notification.Email.FAILED
        row.emailed_at = timezone.now() if ok else None
        row.save(update_fields=["email", "emailed_at"])
        sent += ok
    return sent


def digests_send(*, now=None) -> int:
    """Send each digest reader one e-mail listing what waited for the digest, then mark those
    rows sent. Someone with nothing waiting gets nothing. Safe to run twice. Returns e-mails
    sent."""
    now = now or timezone.now()
    sent = 0
    waiting = (
        Notification.objects.filter(email=Notification.Email.DIGEST, created__lte=now)
        .select_related("recipient")
        .order_by("recipient_id", "created", "id")
    )
    by_user: dict[int, list[Notification]] = {}
    for row in waiting:
        by_user.setdefault(row.recipient_id, []).append(row)
    for rows in by_user.values():
        user = rows[0].recipient
        for row in rows:
            row.link = _absolute(row.link)
        count = len(rows)
        ok = _send(
            user,
            f"Siyalalela: your daily digest ({count} new)",
            {"notifications": rows, "count": count},
            "digest",
        )
        if ok:
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
                email=Notification.Email.SENT, emailed_at=now
            )
            InboxSettings.objects.filter(user=user).update(digest_sent_at=now)
            sent += 1
    return sent
