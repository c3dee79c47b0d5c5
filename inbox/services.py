"""Telling people things: ``notify`` writes one inbox row per recipient and e-mails those who
want it (text and HTML), after the caller's transaction commits. Any app may call it with its
own kinds (declared in ``<app>/notifications.py``); it knows nothing of evaluations or cases."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.access import Role, user_has_role
from inbox.kinds import all_kinds, kinds_for
from inbox.models import InboxSettings, Notification
from inbox.tasks import notifications_email

# Roles offered the daily digest: people told about many things a day.
DIGEST_ROLES = (Role.QA_MANAGER, Role.TEAM_LEADER, Role.INVESTIGATIONS_SUPERVISOR)


def _email_state(user, kind: str, prefs: InboxSettings | None) -> str:
    if not user.email:
        return Notification.Email.OFF
    prefs = prefs or InboxSettings(user=user)
    if not prefs.wants_email(kind):
        return Notification.Email.OFF
    return Notification.Email.DIGEST if prefs.digest else Notification.Email.QUEUED


def notify(
    *, recipients: Iterable, kind: str, words: str, link: str = "", details: str = ""
) -> list[Notification]:
    """Tell each recipient (users; ``None`` and repeats skipped, inactive users skipped) one
    thing: ``words`` is the sentence they read, ``link`` a site path to act on it. E-mails
    (immediate ones) are sent once the surrounding transaction commits, by a task, so a rolled
    back action tells nobody and a slow mail server holds no request. One query for the
    recipients' e-mail choices and one insert, whatever the number of recipients."""
    if kind not in all_kinds():
        raise ValueError(f"Unknown notification kind {kind!r}: declare it in NOTIFICATION_KINDS.")
    users = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk not in users:
            users[user.pk] = user
    if not users:
        return []
    prefs = {p.user_id: p for p in InboxSettings.objects.filter(user_id__in=users)}
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            words=words[:300],
            details=details,
            link=link,
            email=_email_state(user, kind, prefs.get(pk)),
        )
        for pk, user in users.items()
    ]
    for row in rows:
        row.full_clean(exclude=["recipient"])
    created = Notification.objects.bulk_create(rows)
    queued = [n.pk for n in created if n.email == Notification.Email.QUEUED]
    if queued:
        transaction.on_commit(lambda: notifications_email.enqueue(queued))
    return created


def notification_read(*, actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied("This is someone else's notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, actor) -> int:
    return Notification.objects.for_user(actor).unread().update(read_at=timezone.now())


@transaction.atomic
def inbox_settings_save(
    *, actor, email: bool, emailed_kinds: Iterable[str], digest: bool
) -> InboxSettings:
    """Save a person's own e-mail choices. ``emailed_kinds`` are the kinds they still want by
    e-mail; the others of their roles are muted. The digest is for managers only."""
    offered = [k.code for k in kinds_for(actor)]
    emailed = set(emailed_kinds)
    unknown = sorted(emailed - set(offered))
    if unknown:
        raise ValidationError("Choose among the kinds of message listed.")
    if digest and not user_has_role(actor, *DIGEST_ROLES):
        raise ValidationError("The daily digest is offered to managers and team leaders.")
    prefs, _created = InboxSettings.objects.get_or_create(user=actor)
    prefs.email = email
    prefs.muted_kinds = [code for code in offered if code not in emailed]
    prefs.digest = digest
    prefs.full_clean()
    prefs.save()
    return prefs
