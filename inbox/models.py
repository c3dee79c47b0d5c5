"""One row per thing a person is told about, and each person's e-mail preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person's own notifications: nobody reads another's inbox."""
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Email(models.TextChoices):
        QUEUED = "queued", "E-mail queued"
        SENT = "sent", "E-mailed"
        DIGEST = "digest", "Waiting for the daily digest"
        OFF = "off", "Not e-mailed"
        FAILED = "failed", "E-mail failed"

    # A notification is the recipient's own message, not a record of what happened (the audit
    # trail is): it goes with the person.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    words = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.OFF)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            # The unread count in the navigation, on every page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            # The inbox page: a person's notifications, newest first.
            models.Index(fields=["recipient", "-created"], name="notification_inbox_idx"),
            # The daily digest: rows waiting for it.
            models.Index(
                fields=["recipient"],
                condition=Q(email="digest"),
                name="notification_digest_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.words


class InboxSettings(models.Model):
    """A person's e-mail choices. No row means the defaults: every kind e-mailed at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_settings"
    )
    email = models.BooleanField("E-mail me", default=True)
    muted_kinds = models.JSONField(default=list, blank=True)
    digest = models.BooleanField("One daily digest instead of one e-mail per event", default=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "inbox settings"

    def __str__(self) -> str:
        return f"Inbox settings of {self.user}"

    def wants_email(self, kind: str) -> bool:
        return self.email and kind not in self.muted_kinds
