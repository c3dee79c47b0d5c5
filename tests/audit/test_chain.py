import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.models import AuditEvent
from audit.services import audit_record
from audit.verify import chain_verify

pytestmark = pytest.mark.django_db


def _switch_maintenance_off():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_maintenance")


def test_events_form_a_chain_that_verifies(admin_user):
    first = audit_record(actor=admin_user, action="thing.create", object_type="x", object_id="1")
    second = audit_record(actor=None, action="thing.update", changes={"a": {"old": 1, "new": 2}})
    assert second.sequence == first.sequence + 1
    assert second.prev_hash == first.hash
    assert second.actor_name == "system"
    report = chain_verify()
    assert report.intact and report.events_checked >= 2


def test_database_refuses_update_of_an_audit_event(admin_user):
    event = audit_record(actor=admin_user, action="thing.create")
    _switch_maintenance_off()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="thing.delete")
    assert AuditEvent.objects.get(pk=event.pk).action == "thing.create"


def test_database_refuses_delete_of_an_audit_event(admin_user):
    event = audit_record(actor=admin_user, action="thing.create")
    _switch_maintenance_off()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def _drop_update_trigger():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_event_no_update_delete ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")


def test_verify_names_the_first_tampered_event(admin_user):
    events = [
        audit_record(actor=admin_user, action="thing.create", object_id=str(i)) for i in range(5)
    ]
    victim = events[2]
    _drop_update_trigger()  # inside the test transaction: rolled back afterwards
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["forged", victim.pk]
        )
    report = chain_verify()
    assert not report.intact
    assert report.broken_sequence == victim.sequence
    with pytest.raises(CommandError, match=f"#{victim.sequence}"):
        call_command("audit_verify")


def test_verify_notices_a_missing_event(admin_user):
    events = [
        audit_record(actor=admin_user, action="thing.create", object_id=str(i)) for i in range(3)
    ]
    with connection.cursor() as cursor:  # maintenance switch is on in the test database
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    report = chain_verify()
    assert not report.intact and report.broken_sequence == events[1].sequence
    assert report.broken_event_id == events[2].pk and "are missing" in report.reason


def test_deleting_a_user_keeps_their_history(admin_user, qa_manager_user):
    event = audit_record(actor=qa_manager_user, action="scorecard.publish")
    name = event.actor_name
    qa_manager_user.groups.clear()
    qa_manager_user.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor_name == name == "Ayesha Patel (q.manager)"
    assert chain_verify().intact


def test_audit_verify_command_reports_intact_chain(admin_user, capsys):
    audit_record(actor=admin_user, action="thing.create")
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out
