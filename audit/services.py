"""The one way to write the audit trail."""

from __future__ import annotations

import ipaddress
import json
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from audit.chain import GENESIS_HASH
from audit.models import AuditEvent

# Any constant works; it only has to be the same for every writer of the chain.
_PG_CHAIN_LOCK = 0x5159414C  # "SIYAL"


def _normalise(changes: dict | None) -> dict:
    # Round-trip through JSON so what is hashed is exactly what the database gives back.
    return json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder))


def _lock_chain() -> None:
    """Serialise appends until the caller's transaction ends, so the chain never forks.

    PostgreSQL: a transaction-level advisory lock. SQLite: writers are already serialised
    (transactions start IMMEDIATE, see settings).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])


def client_ip(request) -> str | None:
    """The client's address. Behind the reverse proxy (DJANGO_BEHIND_PROXY) it is the address
    the proxy appended last to X-Forwarded-For (earlier entries are the client's own claim).
    Also the login throttle's notion of the address (AXES_CLIENT_IP_CALLABLE)."""
    candidates = []
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            candidates.append(forwarded.split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def _actor_name(actor) -> str:
    if actor is None:
        return "system"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    username = actor.get_username()
    return f"{full} ({username})" if full else username


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict | None = None,
    request=None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    ``actor`` is a user or None for the system; ``action`` a machine code ``thing.verb``;
    ``changes`` JSON such as ``{"state": {"old": "a", "new": "b"}}``. Cost: one lock, one read of
    the chain head, one insert.
    """
    if not action or "." not in action:
        raise ValueError(f"audit action {action!r} must look like 'thing.verb'")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    request_id = ""
    ip_address = None
    if request is not None:
        request_id = getattr(request, "request_id", "") or ""
        ip_address = client_ip(request)
    with transaction.atomic():
        _lock_chain()
        head = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
        event = AuditEvent(
            sequence=(head["sequence"] + 1) if head else 1,
            occurred_at=timezone.now(),
            actor=actor,
            actor_name=_actor_name(actor),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:300],
            changes=_normalise(changes),
            request_id=request_id,
            ip_address=ip_address,
            prev_hash=head["hash"] if head else GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


def new_request_id() -> str:
    return uuid.uuid4().hex


def audit_bulk_read(
    *,
    actor,
    action: str,
    object_type: str,
    what: str,
    filters: dict,
    rows: int,
    request=None,
    **details,
) -> AuditEvent:
    """Record that personal data left the system in bulk (an export, a page of an API list):
    who, which filter (the one applied, as codes and ISO dates), and how many rows were read.

    ``action`` is ``thing.export`` or ``thing.list``; ``what`` names the data for the history
    screen ("evaluations export (CSV)"); ``details`` adds other facts (format, page). One event
    per read, written in its own transaction before the data is sent."""
    return audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_repr=what,
        changes={"filter": dict(filters), "rows": rows, **details},
        request=request,
    )
