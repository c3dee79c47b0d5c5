"""Concurrent writers never fork the audit chain (PostgreSQL: real parallel sessions)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from audit.models import AuditEvent
from audit.services import audit_record
from audit.verify import chain_verify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 8
EVENTS_EACH = 25


def _writer(number: int, start: threading.Barrier, failures: list) -> None:
    try:
        start.wait(timeout=30)
        for i in range(EVENTS_EACH):
            with transaction.atomic():
                audit_record(
                    actor=None,
                    action="thing.update",
                    object_type="test.thing",
                    object_id=f"{number}-{i}",
                    changes={"writer": number, "i": i},
                )
                # Hold the transaction open a moment so appends really overlap in time.
                time.sleep(0.002)
    except Exception as exc:  # reported by the test, which must see every writer succeed
        failures.append(exc)
    finally:
        connection.close()


def test_concurrent_appends_keep_one_unbroken_chain():
    assert connection.vendor == "postgresql"
    before = AuditEvent.objects.count()
    start = threading.Barrier(WRITERS)
    failures: list = []
    threads = [threading.Thread(target=_writer, args=(n, start, failures)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    events = list(AuditEvent.objects.in_chain_order().values("sequence", "prev_hash", "hash"))
    assert len(events) == before + WRITERS * EVENTS_EACH
    sequences = [e["sequence"] for e in events]
    assert sequences == list(range(1, len(events) + 1))  # unique, no gaps
    for previous, event in zip(events, events[1:], strict=False):
        assert event["prev_hash"] == previous["hash"]  # no two events share a parent
    report = chain_verify()
    assert report.intact and report.events_checked == len(events)
    # Every writer's events are all there, interleaved.
    writers = AuditEvent.objects.filter(object_type="test.thing").values_list(
        "changes__writer", flat=True
    )
    assert sorted(set(writers)) == list(range(WRITERS))
