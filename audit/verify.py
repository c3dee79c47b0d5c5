"""Walk the chain and report the first event that does not fit."""

from __future__ import annotations

from dataclasses import dataclass

from audit.chain import GENESIS_HASH
from audit.models import AuditEvent


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    intact: bool
    broken_sequence: int | None = None
    broken_event_id: int | None = None
    reason: str = ""


def chain_verify(batch_size: int = 2000) -> ChainReport:
    """Check sequence continuity, links and hashes. Reads the chain in batches (constant memory)."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(sequence__gt=last_seq).order_by("sequence")[:batch_size]
        )
        if not batch:
            return ChainReport(events_checked=checked, intact=True)
        for event in batch:
            problem = ""
            if event.sequence != expected_seq:
                problem = (
                    f"sequence jumps from {expected_seq - 1} to {event.sequence} (events missing)"
                )
            elif event.prev_hash != expected_prev:
                problem = "its previous-hash link does not match the event before it"
            elif event.compute_hash() != event.hash:
                problem = "its content does not match its hash (the row was altered)"
            if problem:
                return ChainReport(
                    events_checked=checked,
                    intact=False,
                    broken_sequence=event.sequence,
                    broken_event_id=event.pk,
                    reason=problem,
                )
            checked += 1
            expected_prev = event.hash
            expected_seq += 1
            last_seq = event.sequence
