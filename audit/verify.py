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
    checkpoints_checked: int = 0


def chain_verify(batch_size: int = 2000) -> ChainReport:
    """Check sequence continuity, links and keyed hashes, then the chain against the signed
    checkpoints kept outside the database (audit/checkpoint.py). Reads the chain in batches
    (constant memory) and the checkpoint file once."""
    from audit.checkpoint import CheckpointFileError, checkpoints_read

    try:
        checkpoints = checkpoints_read()
    except CheckpointFileError as exc:
        return ChainReport(events_checked=0, intact=False, reason=f"the {exc}")
    anchors: dict[int, list] = {}
    for point in checkpoints:
        anchors.setdefault(point.sequence, []).append(point)
    previous_anchor = 0
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(sequence__gt=last_seq).order_by("sequence")[:batch_size]
        )
        if not batch:
            break
        for event in batch:
            problem = ""
            if event.sequence != expected_seq:
                problem = (
                    f"events #{expected_seq} to #{event.sequence - 1} are missing (the sequence "
                    f"jumps from {expected_seq - 1} to {event.sequence})"
                    if event.sequence > expected_seq
                    else f"sequence {event.sequence} is out of order after {expected_seq - 1}"
                )
            elif event.prev_hash != expected_prev:
                problem = "its previous-hash link does not match the event before it"
            elif event.compute_hash() != event.hash:
                problem = (
                    "its content does not match its keyed hash (the row was altered, or "
                    "written without the audit key)"
                )
            elif any(p.hash != event.hash for p in anchors.get(event.sequence, [])):
                point = next(p for p in anchors[event.sequence] if p.hash != event.hash)
                problem = (
                    f"its hash differs from checkpoint line {point.line} taken "
                    f"{point.taken_at}: history between #{previous_anchor + 1} and "
                    f"#{event.sequence} was rewritten"
                )
            if problem:
                return ChainReport(
                    events_checked=checked,
                    intact=False,
                    broken_sequence=min(event.sequence, expected_seq),
                    broken_event_id=event.pk,
                    reason=problem,
                    checkpoints_checked=len(checkpoints),
                )
            if event.sequence in anchors:
                previous_anchor = event.sequence
            checked += 1
            expected_prev = event.hash
            expected_seq += 1
            last_seq = event.sequence
    beyond = [p for p in checkpoints if p.sequence > last_seq]
    if beyond:
        point = max(beyond, key=lambda p: p.sequence)
        return ChainReport(
            events_checked=checked,
            intact=False,
            broken_sequence=last_seq + 1,
            reason=(
                f"events from #{last_seq + 1} are missing: checkpoint line {point.line} taken "
                f"{point.taken_at} shows the chain reached #{point.sequence}"
            ),
            checkpoints_checked=len(checkpoints),
        )
    return ChainReport(events_checked=checked, intact=True, checkpoints_checked=len(checkpoints))
