"""Tamper corpus: attacks on the audit trail by someone with write access to the database (but
not the audit key, kept outside it). Each one is refused by the database or detected by
``chain_verify`` at the exact event; history rewritten by someone who also holds the key is
caught at the first signed checkpoint after it.

The same corpus runs on SQLite and on PostgreSQL (SIYALALELA_DB=postgresql); attacks that only
make sense on one engine say so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.chain import content_hash
from audit.checkpoint import checkpoint_path, checkpoint_write
from audit.models import AuditEvent
from audit.services import audit_record
from audit.verify import chain_verify

pytestmark = pytest.mark.django_db

WRONG_KEY = b"a-guess-at-the-key-0123456789abcdef0123456789"
COLUMNS = list(AuditEvent._meta.concrete_fields)


def sql(query: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, list(params))


def pg() -> bool:
    return connection.vendor == "postgresql"


def ev(sequence: int) -> AuditEvent:
    return AuditEvent.objects.get(sequence=sequence)


def real_key() -> bytes:
    from audit.keys import audit_key

    return audit_key()


def forged(
    sequence: int, prev_hash: str, *, key: bytes | None = None, repr_="forged"
) -> AuditEvent:
    """An event as an attacker would make it: plausible content, hash by the public recipe."""
    template = ev(1)
    event = AuditEvent(
        sequence=sequence,
        occurred_at=template.occurred_at,
        actor_id=None,
        actor_name="system",
        action="case.close",
        object_type="investigations.case",
        object_id="1",
        object_repr=repr_,
        changes={"state": {"old": "open", "new": "closed"}},
        prev_hash=prev_hash,
    )
    event.hash = content_hash(prev_hash, event.content(), key)
    return event


def insert_raw(event: AuditEvent, *, verb="INSERT INTO", suffix="", with_id: int | None = None):
    fields = [f for f in COLUMNS if f.attname != "id"]
    names = [f.column for f in fields]
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
    if with_id is not None:
        names.insert(0, "id")
        values.insert(0, with_id)
    placeholders = ", ".join(["%s"] * len(values))
    sql(f"{verb} audit_auditevent ({', '.join(names)}) VALUES ({placeholders}) {suffix}", values)


def drop_triggers():
    if pg():
        sql("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    else:
        sql("DROP TRIGGER audit_event_no_update")
        sql("DROP TRIGGER audit_event_no_delete")
        sql("DROP TRIGGER audit_event_insert_next_link")


def maintenance_on():
    sql("INSERT INTO audit_maintenance (reason) VALUES ('archival')")


def rehash_from(sequence: int, key: bytes | None):
    """Recompute hashes and links from ``sequence`` to the head, as a forger would."""
    prev = ev(sequence - 1).hash if sequence > 1 else "0" * 64
    for event in AuditEvent.objects.filter(sequence__gte=sequence).order_by("sequence"):
        event.prev_hash = prev
        event.hash = content_hash(prev, event.content(), key)
        sql(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [event.prev_hash, event.hash, event.pk],
        )
        prev = event.hash


# ---- the attacks ----------------------------------------------------------------------------


def a_update_repr():
    sql("UPDATE audit_auditevent SET object_repr = 'nothing happened' WHERE sequence = 4")


def a_update_head_hash():
    sql("UPDATE audit_auditevent SET hash = %s WHERE sequence = 8", ["f" * 64])


def a_update_via_orm():
    AuditEvent.objects.filter(sequence=4).update(actor_name="someone else")


def a_delete_middle():
    sql("DELETE FROM audit_auditevent WHERE sequence = 4")


def a_delete_head():
    sql("DELETE FROM audit_auditevent WHERE sequence = 8")


def a_delete_via_orm():
    AuditEvent.objects.all().delete()


def a_truncate():
    sql("TRUNCATE audit_auditevent")


def a_replace_middle_same_id():
    victim = ev(4)
    event = forged(4, victim.prev_hash)
    insert_raw(event, verb="INSERT OR REPLACE INTO", with_id=victim.pk)


def a_replace_head_same_id():
    victim = ev(8)
    insert_raw(forged(8, victim.prev_hash), verb="INSERT OR REPLACE INTO", with_id=victim.pk)


def a_replace_through_hash_collision():
    # REPLACE deletes whichever row a UNIQUE column collides with: here event 4, by its hash.
    event = forged(9, ev(8).hash)
    event.hash = ev(4).hash
    insert_raw(event, verb="REPLACE INTO")


def a_upsert_over_middle():
    event = forged(4, ev(3).hash)
    insert_raw(
        event,
        suffix="ON CONFLICT (sequence) DO UPDATE SET object_repr = excluded.object_repr",
    )


def a_insert_gap():
    insert_raw(forged(10, ev(8).hash))


def a_insert_wrong_link():
    insert_raw(forged(9, ev(7).hash))


def a_insert_duplicate_sequence():
    insert_raw(forged(8, ev(7).hash))


def a_append_plain_sha256():
    insert_raw(forged(9, ev(8).hash))
    return 9


def a_append_wrong_key():
    insert_raw(forged(9, ev(8).hash, key=WRONG_KEY))
    return 9


def a_append_via_orm():
    AuditEvent.objects.bulk_create([forged(9, ev(8).hash)])
    return 9


def a_append_dev_key():
    from audit.keys import DEVELOPMENT_KEY

    insert_raw(forged(9, ev(8).hash, key=DEVELOPMENT_KEY))
    return 9


def a_update_no_rehash():
    drop_triggers()
    a_update_repr()
    return 4


def a_update_and_rehash_without_key():
    drop_triggers()
    a_update_repr()
    rehash_from(4, None)
    return 4


def a_update_and_rehash_with_wrong_key():
    drop_triggers()
    a_update_repr()
    rehash_from(4, WRONG_KEY)
    return 4


def a_update_hash_only():
    drop_triggers()
    sql("UPDATE audit_auditevent SET hash = %s WHERE sequence = 4", ["e" * 64])
    return 4


def a_update_prev_hash():
    drop_triggers()
    sql("UPDATE audit_auditevent SET prev_hash = %s WHERE sequence = 4", ["d" * 64])
    return 4


def a_backdate():
    drop_triggers()
    sql(
        "UPDATE audit_auditevent SET occurred_at = %s WHERE sequence = 4",
        [ev(1).occurred_at.replace(year=2020)],
    )
    return 4


def a_change_actor():
    drop_triggers()
    sql("UPDATE audit_auditevent SET actor_id = NULL, actor_name = 'system' WHERE sequence = 4")
    return 4


def a_change_ip():
    drop_triggers()
    sql("UPDATE audit_auditevent SET ip_address = '10.9.9.9' WHERE sequence = 4")
    return 4


def a_change_json():
    drop_triggers()
    sql(
        "UPDATE audit_auditevent SET changes = %s WHERE sequence = 4",
        [json.dumps({"state": {"old": "open", "new": "withdrawn"}})],
    )
    return 4


def a_swap_rows():
    drop_triggers()
    three, five = ev(3), ev(5)
    sql("UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", [five.object_repr, three.pk])
    sql("UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", [three.object_repr, five.pk])
    return 3


def a_renumber_head():
    drop_triggers()
    sql("UPDATE audit_auditevent SET sequence = 9 WHERE sequence = 8")
    return 8


def a_delete_middle_renumber_relink():
    drop_triggers()
    sql("DELETE FROM audit_auditevent WHERE sequence = 4")
    for n in range(5, 9):
        sql("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", [n - 1, n])
    rehash_from(4, None)
    return 4


def a_maintenance_delete_tail():
    maintenance_on()
    sql("DELETE FROM audit_auditevent WHERE sequence >= 6")
    return 6


def a_maintenance_delete_middle():
    maintenance_on()
    sql("DELETE FROM audit_auditevent WHERE sequence = 4")
    return 4


def a_maintenance_delete_everything():
    maintenance_on()
    sql("DELETE FROM audit_auditevent")
    return 1


def a_maintenance_delete_tail_append_forged():
    maintenance_on()
    sql("DELETE FROM audit_auditevent WHERE sequence >= 6")
    insert_raw(forged(6, ev(5).hash))
    return 6


def a_drop_insert_check_then_gap():
    drop_triggers()
    insert_raw(forged(10, ev(8).hash))
    return 9


def a_drop_triggers_replace_middle():
    drop_triggers()
    victim = ev(4)
    insert_raw(forged(4, victim.prev_hash), verb="INSERT OR REPLACE INTO", with_id=victim.pk)
    return 4


def a_disable_trigger_as_owner_then_update():
    # The original PostgreSQL finding: the table's owner can switch its triggers off.
    sql("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
    a_update_repr()
    return 4


def a_rewrite_with_the_key():
    # Someone holding the key (and database write access) rewrites event 7 and re-chains:
    # every hash verifies, but the signed checkpoint of event 8 no longer matches.
    drop_triggers()
    sql("UPDATE audit_auditevent SET object_repr = 'rewritten' WHERE sequence = 7")
    rehash_from(7, real_key())
    return 8


def a_forge_checkpoint_line():
    path = checkpoint_path()
    line = {"sequence": 8, "hash": "c" * 64, "taken_at": "2026-01-01T00:00:00+00:00"}
    line["mac"] = "0" * 64
    with path.open("a") as fh:
        fh.write(json.dumps(line) + "\n")
    return "checkpoint line 3"


def a_edit_checkpoint_line():
    path = checkpoint_path()
    lines = path.read_text().splitlines()
    first = json.loads(lines[0])
    first["sequence"] = 3
    lines[0] = json.dumps(first)
    path.write_text("\n".join(lines) + "\n")
    return "checkpoint line 1"


def a_forge_checkpoint_to_cover_deleted_tail():
    # Delete the tail, then re-sign a checkpoint for the new head with a guessed key.
    maintenance_on()
    sql("DELETE FROM audit_auditevent WHERE sequence >= 7")
    path = checkpoint_path()
    import hashlib
    import hmac

    from audit.chain import canonical_json

    body = {"sequence": 6, "hash": ev(6).hash, "taken_at": "2026-01-01T00:00:00+00:00"}
    mac = hmac.new(WRONG_KEY, canonical_json(body).encode(), hashlib.sha256).hexdigest()
    path.write_text(json.dumps({**body, "mac": mac}) + "\n")
    return "checkpoint line 1"


@dataclass(frozen=True)
class Attack:
    run: Callable
    outcome: str  # "refused" or "detected"
    engines: tuple[str, ...] = ("sqlite", "postgresql")


CORPUS = {
    "update a middle event": Attack(a_update_repr, "refused"),
    "update the head's hash": Attack(a_update_head_hash, "refused"),
    "update through the ORM": Attack(a_update_via_orm, "refused"),
    "delete a middle event": Attack(a_delete_middle, "refused"),
    "delete the head": Attack(a_delete_head, "refused"),
    "delete everything through the ORM": Attack(a_delete_via_orm, "refused"),
    "truncate the table": Attack(a_truncate, "refused", ("postgresql",)),
    "INSERT OR REPLACE over a middle event": Attack(
        a_replace_middle_same_id, "refused", ("sqlite",)
    ),
    "INSERT OR REPLACE over the head": Attack(a_replace_head_same_id, "refused", ("sqlite",)),
    "REPLACE deleting an event by hash collision": Attack(
        a_replace_through_hash_collision, "refused", ("sqlite",)
    ),
    "upsert over a middle event": Attack(a_upsert_over_middle, "refused"),
    "insert with a sequence gap": Attack(a_insert_gap, "refused"),
    "insert linked to an older event": Attack(a_insert_wrong_link, "refused"),
    "insert a duplicate sequence": Attack(a_insert_duplicate_sequence, "refused"),
    "append with a recomputed SHA-256": Attack(a_append_plain_sha256, "detected"),
    "append with a guessed key": Attack(a_append_wrong_key, "detected"),
    "append with the development key": Attack(a_append_dev_key, "detected"),
    "append through the ORM": Attack(a_append_via_orm, "detected"),
    "drop triggers, update without rehash": Attack(a_update_no_rehash, "detected"),
    "drop triggers, update, rehash without key": Attack(
        a_update_and_rehash_without_key, "detected"
    ),
    "drop triggers, update, rehash with a guessed key": Attack(
        a_update_and_rehash_with_wrong_key, "detected"
    ),
    "drop triggers, overwrite a hash": Attack(a_update_hash_only, "detected"),
    "drop triggers, overwrite a link": Attack(a_update_prev_hash, "detected"),
    "drop triggers, backdate an event": Attack(a_backdate, "detected"),
    "drop triggers, change the actor": Attack(a_change_actor, "detected"),
    "drop triggers, change the address": Attack(a_change_ip, "detected"),
    "drop triggers, change the recorded values": Attack(a_change_json, "detected"),
    "drop triggers, swap two events' content": Attack(a_swap_rows, "detected"),
    "drop triggers, renumber the head": Attack(a_renumber_head, "detected"),
    "drop triggers, delete, renumber and re-link": Attack(
        a_delete_middle_renumber_relink, "detected"
    ),
    "drop the insert check, insert past a gap": Attack(a_drop_insert_check_then_gap, "detected"),
    "drop triggers, INSERT OR REPLACE a middle event": Attack(
        a_drop_triggers_replace_middle, "detected", ("sqlite",)
    ),
    "owner disables triggers, then updates": Attack(
        a_disable_trigger_as_owner_then_update, "detected", ("postgresql",)
    ),
    "maintenance switch, delete the tail": Attack(a_maintenance_delete_tail, "detected"),
    "maintenance switch, delete a middle event": Attack(a_maintenance_delete_middle, "detected"),
    "maintenance switch, delete everything": Attack(a_maintenance_delete_everything, "detected"),
    "maintenance switch, replace the tail with forgeries": Attack(
        a_maintenance_delete_tail_append_forged, "detected"
    ),
    "rewrite history holding the key": Attack(a_rewrite_with_the_key, "detected"),
    "forge a checkpoint line": Attack(a_forge_checkpoint_line, "detected"),
    "edit a checkpoint line": Attack(a_edit_checkpoint_line, "detected"),
    "delete the tail and re-sign the checkpoint with a guessed key": Attack(
        a_forge_checkpoint_to_cover_deleted_tail, "detected"
    ),
}


@pytest.fixture
def chain(admin_user):
    """Eight events, anchored by signed checkpoints after the fifth and the eighth; the
    maintenance switch off, as on a production database."""
    sql("DELETE FROM audit_auditevent")  # events of the cast's set-up: start a clean chain
    for n in range(1, 9):
        audit_record(actor=admin_user, action="case.update", object_id=str(n), object_repr=f"C{n}")
        if n in (5, 8):
            checkpoint_write()
    sql("DELETE FROM audit_maintenance")
    assert AuditEvent.objects.count() == 8 and ev(1).sequence == 1
    report = chain_verify()
    assert report.intact and report.checkpoints_checked == 2
    return list(AuditEvent.objects.order_by("sequence"))


@pytest.mark.parametrize("name", list(CORPUS))
def test_attack_is_refused_or_detected_at_the_exact_event(chain, name):
    attack = CORPUS[name]
    if connection.vendor not in attack.engines:
        pytest.skip(f"{name}: only meaningful on {', '.join(attack.engines)}")
    if attack.outcome == "refused":
        with pytest.raises(DatabaseError), transaction.atomic():
            attack.run()
        assert [e.hash for e in AuditEvent.objects.order_by("sequence")] == [e.hash for e in chain]
        assert chain_verify().intact
        return
    with transaction.atomic():
        where = attack.run()
    report = chain_verify()
    assert not report.intact, f"{name} went undetected"
    if isinstance(where, int):
        assert report.broken_sequence == where, report.reason
    else:
        assert where in report.reason and report.broken_sequence is None, report.reason


def test_corpus_has_at_least_25_attacks_on_each_engine():
    for engine in ("sqlite", "postgresql"):
        assert sum(engine in a.engines for a in CORPUS.values()) >= 25


def test_a_rewrite_with_the_key_names_the_checkpointed_range(chain):
    with transaction.atomic():
        a_rewrite_with_the_key()
    report = chain_verify()
    assert "between #6 and #8" in report.reason


def test_settings_key_is_not_the_development_key():
    from audit.keys import DEVELOPMENT_KEY

    assert real_key() != DEVELOPMENT_KEY and settings.AUDIT_KEY
