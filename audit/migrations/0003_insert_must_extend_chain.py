"""The database refuses an INSERT that is not the next link of the chain.

The sequence must be the head's plus one and the previous hash the head's hash; on SQLite the
row may not reuse an existing id or hash either, which is what ``INSERT OR REPLACE`` needs to
overwrite a row (REPLACE deletes the old row without firing DELETE triggers). The hashes
themselves are keyed (audit/chain.py), so a row that passes this check but was written without
the key is still caught by ``audit_verify``.
"""

from django.db import migrations

MESSAGE = "audit events are append-only: an INSERT must be the next link of the chain"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER audit_event_insert_next_link BEFORE INSERT ON audit_auditevent
    WHEN NEW.sequence IS NOT COALESCE((SELECT MAX(sequence) FROM audit_auditevent), 0) + 1
      OR NEW.prev_hash IS NOT COALESCE(
           (SELECT hash FROM audit_auditevent ORDER BY sequence DESC LIMIT 1), '{"0" * 64}')
      OR EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id OR hash = NEW.hash)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS audit_event_insert_next_link"]

PG_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION audit_event_insert_next_link() RETURNS trigger AS $$
    DECLARE
      head_sequence bigint;
      head_hash text;
    BEGIN
      SELECT sequence, hash INTO head_sequence, head_hash
        FROM audit_auditevent ORDER BY sequence DESC LIMIT 1;
      IF head_sequence IS NULL THEN
        head_sequence := 0;
        head_hash := repeat('0', 64);
      END IF;
      IF NEW.sequence IS DISTINCT FROM head_sequence + 1
         OR NEW.prev_hash IS DISTINCT FROM head_hash THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_event_insert_next_link BEFORE INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_insert_next_link()
    """,
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_insert_next_link ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_insert_next_link()",
]


def forward(apps, schema_editor):
    statements = PG_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):
    statements = PG_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forward, backward)]
