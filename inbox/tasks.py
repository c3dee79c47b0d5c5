"""Background e-mail for notifications. Thin: they take ids and call the service."""

from __future__ import annotations

from django.tasks import task

from inbox.mail import digests_send, notifications_email_send


@task
def notifications_email(notification_ids: list[int]) -> int:
    return notifications_email_send(notification_ids=notification_ids)


@task
def digests() -> int:
    """The daily digest; queue it daily (cron runs ``manage.py send_digests`` instead)."""
    return digests_send()
