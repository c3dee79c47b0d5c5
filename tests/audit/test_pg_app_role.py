"""PostgreSQL: the application role, which does not own the audit table, can append and read
audit events but cannot change, delete, truncate, re-configure or bypass them."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.models import AuditEvent
from audit.services import audit_record
from audit.verify import chain_verify

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ROLE = "siyalalela_test_app"


@pytest.fixture
def app_role(admin_user):
    audit_record(actor=admin_user, action="thing.create")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN")  # rolled back with the test
    call_command("db_app_role", ROLE, "--apply")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_maintenance")
        cursor.execute(f"SET ROLE {ROLE}")
    yield ROLE
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


ATTACKS = {
    "update": "UPDATE audit_auditevent SET object_repr = 'x'",
    "delete": "DELETE FROM audit_auditevent",
    "truncate": "TRUNCATE audit_auditevent",
    "disable triggers": "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "disable one trigger": (
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete"
    ),
    "drop a trigger": "DROP TRIGGER audit_event_no_update_delete ON audit_auditevent",
    "drop the insert check": "DROP TRIGGER audit_event_insert_next_link ON audit_auditevent",
    "replace the trigger function": (
        "CREATE OR REPLACE FUNCTION audit_event_refuse_row_change() RETURNS trigger AS "
        "$$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql"
    ),
    "switch on maintenance": "INSERT INTO audit_maintenance (reason) VALUES ('x')",
    "drop the table": "DROP TABLE audit_auditevent",
    "take ownership": f"ALTER TABLE audit_auditevent OWNER TO {ROLE}",
    # A GRANT without the right to grant is only a warning; the UPDATE after it still fails.
    "grant itself update, then update": (
        f"GRANT UPDATE ON audit_auditevent TO {ROLE}; UPDATE audit_auditevent SET object_repr = 'x'"
    ),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_application_role_is_refused(app_role, name):
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(ATTACKS[name])
    assert AuditEvent.objects.count() == count


def test_application_role_appends_and_verifies(app_role, admin_user):
    event = audit_record(actor=admin_user, action="thing.update")
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert chain_verify().intact


def test_command_refuses_a_role_that_does_not_exist(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with pytest.raises(CommandError, match="no role"):
        call_command("db_app_role", "nobody_here", "--apply")
