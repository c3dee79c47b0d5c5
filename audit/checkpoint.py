"""Anchors of the chain head outside the database.

A checkpoint is one JSON line: the head's sequence and hash, when it was taken, and an HMAC of
those under the audit key. Lines are appended to ``settings.AUDIT_CHECKPOINT_FILE`` and also
logged on the ``audit.checkpoint`` logger, so a deployment can ship them to a log host nobody
with database access can rewrite. ``chain_verify`` checks the chain against every checkpoint:
a deleted tail (which leaves an internally consistent chain) or history rewritten by someone
holding the key is caught at the first checkpoint it contradicts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from audit.chain import canonical_json
from audit.keys import audit_key
from audit.models import AuditEvent

logger = logging.getLogger("audit.checkpoint")


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    taken_at: str
    line: int  # 1-based line in the checkpoint file


class CheckpointFileError(ValueError):
    """A checkpoint line that is not valid JSON or whose signature does not match."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"checkpoint line {line}: {reason}")
        self.line = line


def _sign(body: dict) -> str:
    return hmac.new(audit_key(), canonical_json(body).encode(), hashlib.sha256).hexdigest()


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def checkpoint_write() -> Checkpoint | None:
    """Append a signed checkpoint of the current chain head (None when the chain is empty).
    The line is flushed and fsynced before returning. Safe to run twice: a second line for the
    same head is harmless."""
    head = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
    if head is None:
        return None
    body = {
        "sequence": head["sequence"],
        "hash": head["hash"],
        "taken_at": timezone.now().isoformat(),
    }
    line = canonical_json({**body, "mac": _sign(body)})
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    logger.info("audit checkpoint %s", line)
    count = sum(1 for _ in path.open(encoding="utf-8"))
    return Checkpoint(head["sequence"], head["hash"], body["taken_at"], count)


def checkpoints_read() -> list[Checkpoint]:
    """Every checkpoint in the file, in order; [] when there is no file yet. Raises
    CheckpointFileError at the first line that is damaged or not signed with the key."""
    path = checkpoint_path()
    if not path.exists():
        return []
    found = []
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
                body = {k: data[k] for k in ("sequence", "hash", "taken_at")}
                mac = data["mac"]
            except (ValueError, KeyError, TypeError) as exc:
                raise CheckpointFileError(number, "not a checkpoint record") from exc
            if not isinstance(mac, str) or not hmac.compare_digest(mac, _sign(body)):
                raise CheckpointFileError(
                    number, "its signature does not match (altered or forged)"
                )
            found.append(
                Checkpoint(int(body["sequence"]), str(body["hash"]), body["taken_at"], number)
            )
    return found
