"""The hash chain: each event's hash is an HMAC-SHA-256, under a key kept outside the database,
over the previous hash and a canonical JSON of its content (sorted keys, no spaces, UTF-8).

Without the key nobody can append, alter or re-chain an event so that it verifies. Events
written before the chain was keyed (``settings.AUDIT_UNKEYED_THROUGH``) used plain SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import json

GENESIS_HASH = "0" * 64


def canonical_json(content: dict) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _message(prev_hash: str, content: dict) -> bytes:
    return prev_hash.encode("ascii") + b"\n" + canonical_json(content).encode("utf-8")


def content_hash(prev_hash: str, content: dict, key: bytes | None = None) -> str:
    """HMAC-SHA-256 under ``key``; plain SHA-256 when ``key`` is None (unkeyed legacy events)."""
    if key is None:
        return hashlib.sha256(_message(prev_hash, content)).hexdigest()
    return hmac.new(key, _message(prev_hash, content), hashlib.sha256).hexdigest()
