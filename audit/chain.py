"""The hash chain: each event's hash is SHA-256 over the previous hash and a canonical JSON of
its content (sorted keys, no spaces, UTF-8)."""

from __future__ import annotations

import hashlib
import json

GENESIS_HASH = "0" * 64


def canonical_json(content: dict) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(prev_hash: str, content: dict) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical_json(content).encode("utf-8"))
    return digest.hexdigest()
