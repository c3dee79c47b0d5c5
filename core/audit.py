"""The audit port: how the org app writes the audit trail without importing the audit app.

org and audit are peers in the layers (neither imports the other; docs/architecture.md), yet a
change to people or roles is an audit event. The audit app registers its writer here in
``AuditConfig.ready()``; org calls :func:`audit_record` with the same keyword arguments as
``audit.services.audit_record``. Apps above org import ``audit.services`` directly.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_writer: Callable | None = None


def audit_writer_register(writer: Callable) -> None:
    global _writer
    _writer = writer


def audit_record(**kwargs):
    """Append one event through the registered writer (inside the caller's transaction)."""
    if _writer is None:
        raise ImproperlyConfigured("No audit writer is registered: is the audit app installed?")
    return _writer(**kwargs)
