"""System checks of the audit trail's configuration."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def check_audit_key(app_configs=None, **kwargs):
    """Without a key outside the database, anyone who can write the database can forge the
    chain; a production start must not go ahead without one."""
    from audit.keys import AuditKeyMissing, configured_key

    try:
        key = configured_key()
    except AuditKeyMissing as exc:
        return [checks.Error(str(exc), id="audit.E002")]
    if key is None and not settings.DEBUG:
        return [
            checks.Error(
                "No audit key is configured: the audit chain cannot be written.",
                hint=(
                    "Create a key file readable only by the application's account "
                    "(python -c 'import secrets; print(secrets.token_hex(32))' > /etc/siyalalela"
                    "/audit.key) and set SIYALALELA_AUDIT_KEY_FILE to it (or set "
                    "SIYALALELA_AUDIT_KEY). Keep a copy with the backups: without it the chain "
                    "cannot be verified."
                ),
                id="audit.E001",
            )
        ]
    return []
