"""The database refuses UPDATE and DELETE of audit events.

A maintenance switch exists only for test-database teardown and documented archival: a row in
the unmanaged table ``audit_maintenance`` (which Django never writes or flushes) lets deletes
through. Anyone who can insert that row can also drop the trigger; what makes tampering
evident is the hash chain, which `manage.py audit_verify` checks.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE TABLE IF NOT EXISTS audit_maintenance (reason TEXT NOT NULL)",
    """
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END
    """,
    """
    CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM audit_maintenance)
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TABLE IF EXISTS audit_maintenance",
]

PG_FORWARD = [
    "CREATE TABLE IF NOT EXISTS audit_maintenance (reason TEXT NOT NULL)",
    """
    CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit events are append-only: UPDATE refused';
      END IF;
      IF EXISTS (SELECT 1 FROM audit_maintenance) THEN
        RETURN NULL;
      END IF;
      RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION audit_event_refuse_row_change() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_maintenance) THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_row_change()
    """,
    """
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()
    """,
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_no_update_delete ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_refuse_row_change()",
    "DROP FUNCTION IF EXISTS audit_event_refuse_change()",
    "DROP TABLE IF EXISTS audit_maintenance",
]


def forward(apps, schema_editor):
    statements = PG_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        # params=None: the PL/pgSQL bodies use % placeholders of their own (RAISE ... %).
        schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):
    statements = PG_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
