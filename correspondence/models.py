"""E-mail intake: the offices the city knows by address, and every message taken in (a draft
case waiting for the intake officer, a message joined to a case, or one discarded)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from investigations.models import Case, Source


class OfficeAddress(models.Model):
    """A known sender: a full address (speaker@ekurhuleni.gov.za) or a whole domain
    (gauteng.gov.za), and the complaint source mail from it is guessed to be. A full address wins
    over its domain."""

    pattern = models.CharField(
        "address or domain",
        max_length=254,
        unique=True,
        help_text="A full address (office@example.gov.za) or a domain (example.gov.za).",
    )
    office = models.CharField("office", max_length=200)
    source = models.CharField(max_length=30, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pattern"]
        verbose_name = "known office address"
        verbose_name_plural = "known office addresses"

    def __str__(self) -> str:
        return f"{self.pattern} → {self.office}"


def _raw_path(instance, filename):
    # Stored under its SHA-256: the same message arriving twice is stored once. The extension
    # (.eml or Outlook's .msg) comes from the name the intake gives.
    extension = ".msg" if filename.lower().endswith(".msg") else ".eml"
    return f"correspondence/messages/{instance.sha256[:2]}/{instance.sha256}{extension}"


class MailQuerySet(models.QuerySet):
    def drafts(self):
        return self.filter(state=MailMessage.State.DRAFT).order_by("received_at", "pk")

    def visible_to(self, user):
        """Drafts to every intake role; a message on a case only to those who see the case."""
        return self.filter(
            models.Q(state=MailMessage.State.DRAFT)
            | models.Q(case__in=Case.objects.visible_to(user))
        )


class MailMessage(models.Model):
    """One e-mail taken in, by upload or from the monitored mailbox."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft case, waiting for the intake officer"
        OPENED = "opened", "Opened a case"
        JOINED = "joined", "Joined an existing case"
        DISCARDED = "discarded", "Discarded"

    class Via(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        IMAP = "imap", "Monitored mailbox (IMAP)"
        MAILDIR = "maildir", "Mail folder drop"

    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    via = models.CharField(max_length=10, choices=Via.choices)
    message_id = models.CharField(max_length=998, db_index=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    sender = models.EmailField(max_length=254)
    sender_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(help_text="From the message's Date header.")
    body_text = models.TextField(blank=True)
    body_was_html = models.BooleanField(default=False)
    # Each attachment: {"name", "content_type", "size_bytes", "sha256"} (the bytes stay in raw).
    attachments = models.JSONField(default=list, blank=True)
    office = models.ForeignKey(
        OfficeAddress, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_guess = models.CharField(max_length=30, choices=Source.choices)
    sha256 = models.CharField(max_length=64, db_index=True)
    raw = models.FileField(upload_to=_raw_path, max_length=300)
    size_bytes = models.BigIntegerField()
    case = models.ForeignKey(
        "investigations.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mail_messages",
    )
    received_at = models.DateTimeField(help_text="When the message was taken in.")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True, help_text="Why it joined a case, or was discarded.")

    objects = MailQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=("draft", "discarded")) | models.Q(case__isnull=False),
                name="corr_mail_opened_or_joined_has_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject[:60]}"
