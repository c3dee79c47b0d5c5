"""The links between calls and complaint cases, written by the investigations app when it adds
or removes a call as evidence. Each change is an audit event on the call."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from calls.models import Call, CallLink
from calls.services.queue import enqueue_transcription
from core.people import person_name


def call_link_complaint(*, call: Call, reference: str, actor=None, request=None) -> CallLink:
    """Record that the complaint case ``reference`` holds this call as evidence. Idempotent:
    a link that is already active is returned unchanged (no second audit event)."""
    with transaction.atomic():
        current = Call.objects.select_for_update().filter(pk=call.pk).first()
        link = CallLink.objects.active().filter(call=call, case_reference=reference).first()
        if link is not None:
            return link
        link = CallLink(
            call=call,
            case_reference=reference,
            created_by=actor,
            created_by_name=person_name(actor),
        )
        link.full_clean()
        link.save()
        audit_record(
            actor=actor,
            action="call.link_complaint",
            obj=call,
            changes={"case_reference": {"old": None, "new": reference}},
            request=request,
        )
        if current is not None and current.state == Call.State.RECEIVED:
            # Evidence in a complaint now: its transcription goes ahead of the queue (a task
            # already queued for it finds the call taken and does nothing).
            enqueue_transcription(call)
    return link


def call_unlink_complaint(
    *, call: Call, reference: str, actor=None, reason: str = "", request=None
) -> CallLink | None:
    """End the call's active link to the complaint case ``reference`` (the evidence was
    removed). Returns the ended link, or None when there was no active link (nothing changes)."""
    with transaction.atomic():
        link = (
            CallLink.objects.select_for_update()
            .active()
            .filter(call=call, case_reference=reference)
            .first()
        )
        if link is None:
            return None
        link.removed_at = timezone.now()
        link.removed_by = actor
        link.removed_by_name = person_name(actor)
        link.full_clean()
        link.save(update_fields=["removed_at", "removed_by", "removed_by_name"])
        audit_record(
            actor=actor,
            action="call.unlink_complaint",
            obj=call,
            changes={"case_reference": {"old": reference, "new": None}, "reason": reason},
            request=request,
        )
    return link
