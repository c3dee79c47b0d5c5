"""The audit chain's key: outside the database, so that someone who can write the database
cannot compute a valid hash for a forged or altered event."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Used only when DEBUG is on (make run) and no key is configured: a development chain.
DEVELOPMENT_KEY = b"siyalalela-development-audit-key-not-for-production"

_cache: dict[tuple, bytes] = {}


class AuditKeyMissing(ImproperlyConfigured):
    pass


def configured_key() -> bytes | None:
    """The configured key, or None when neither SIYALALELA_AUDIT_KEY nor a key file is set.
    Raises AuditKeyMissing for a key file that cannot be read or a key that is too short."""
    ident = (settings.AUDIT_KEY, settings.AUDIT_KEY_FILE)
    if ident in _cache:
        return _cache[ident]
    key: bytes | None = None
    if settings.AUDIT_KEY_FILE:
        path = Path(settings.AUDIT_KEY_FILE)
        try:
            key = path.read_bytes().strip()
        except OSError as exc:
            raise AuditKeyMissing(
                f"The audit key file {path} cannot be read ({exc.strerror})."
            ) from exc
    elif settings.AUDIT_KEY:
        key = settings.AUDIT_KEY.encode("utf-8")
    if key is not None and len(key) < 32:
        raise AuditKeyMissing(
            "The audit key is shorter than 32 characters; generate one with "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    if key is not None:
        _cache[ident] = key
    return key


def audit_key() -> bytes:
    """The HMAC key for the chain and its checkpoints."""
    key = configured_key()
    if key is not None:
        return key
    if settings.DEBUG:
        return DEVELOPMENT_KEY
    raise AuditKeyMissing(
        "No audit key: set SIYALALELA_AUDIT_KEY_FILE (a file readable only by the application) "
        "or SIYALALELA_AUDIT_KEY. See docs/operations.md, Security."
    )
