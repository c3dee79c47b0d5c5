from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from audit.chain import content_hash
from audit.describe import describe_event


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        """An object's history, oldest first. A model that moved between apps lists its former
        labels in ``audit_former_labels`` (events are never rewritten), and they are found too."""
        labels = [obj._meta.label_lower, *getattr(obj, "audit_former_labels", ())]
        return self.filter(object_type__in=labels, object_id=str(obj.pk)).order_by("sequence")

    def in_chain_order(self):
        return self.order_by("sequence")


class AuditEvent(models.Model):
    """One append-only, hash-chained event.

    The database refuses UPDATE and DELETE of these rows (triggers in migration 0002). ``actor``
    has no database constraint and ``actor_name`` snapshots the name, so deleting a user never
    touches history.
    """

    sequence = models.BigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=200)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        indexes = [
            # serves AuditEvent.objects.for_object(obj): a case's or call's history
            models.Index(fields=["object_type", "object_id", "sequence"], name="audit_object_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="audit_sequence_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_repr}"

    def content(self) -> dict:
        """The hashed content: everything but the hashes themselves."""
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.astimezone(datetime.UTC).isoformat(),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "request_id": self.request_id,
            "ip_address": self.ip_address,
        }

    def compute_hash(self) -> str:
        return content_hash(self.prev_hash, self.content())

    def describe(self) -> str:
        """The event in plain words, for history screens."""
        return describe_event(self)
