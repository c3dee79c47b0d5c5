from __future__ import annotations

from django.conf import settings
from django.db import models

from investigations.models.cases import Case


def _document_path(instance, filename):
    # Stored under its SHA-256: the same file arriving twice is stored once.
    return f"investigations/documents/{instance.sha256[:2]}/{instance.sha256}"


class Document(models.Model):
    sha256 = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to=_document_path, max_length=300)
    size_bytes = models.BigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha256[:12]


class EvidenceQuerySet(models.QuerySet):
    def present(self):
        return self.filter(removed_at__isnull=True)


class Evidence(models.Model):
    """One item in a case's evidence locker. Removal is a recorded event with a reason; the row
    stays."""

    class Kind(models.TextChoices):
        CALL = "call", "Linked call"
        DOCUMENT = "document", "Document"
        NOTE = "note", "Internal note"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    call = models.ForeignKey(
        "calls.Call", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="uses"
    )
    original_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_by_name = models.CharField(max_length=200)
    added_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removed_by_name = models.CharField(max_length=200, blank=True)
    removal_reason = models.TextField(blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="call", call__isnull=False, document__isnull=True)
                    | models.Q(kind="document", document__isnull=False, call__isnull=True)
                    | models.Q(kind="note", call__isnull=True, document__isnull=True)
                ),
                name="inv_evidence_kind_matches",
            ),
            models.UniqueConstraint(
                fields=["case", "call"],
                condition=models.Q(removed_at__isnull=True, call__isnull=False),
                name="inv_evidence_call_once",
            ),
            models.CheckConstraint(
                condition=models.Q(removed_at__isnull=True) | ~models.Q(removal_reason=""),
                name="inv_evidence_removal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.CALL:
            return f"call {self.call_id}"
        if self.kind == self.Kind.DOCUMENT:
            return f"document {self.original_name}"
        return f"note {self.pk}"
