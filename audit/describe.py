"""Plain words for audit events. Events are stored as codes; words are only for display."""

from __future__ import annotations

VERBS = {
    "create": "created",
    "update": "changed",
    "change": "changed",
    "delete": "deleted",
    "view": "viewed",
    "listen": "listened to",
    "transition": "moved",
    "submit": "submitted",
    "ingest": "ingested",
    "permissions_set": "set permissions of",
    "roles_set": "set roles of",
    "login": "logged in",
    "import": "imported",
    "export": "exported",
    "list": "listed",
    "sweep": "swept",
    "acknowledge": "acknowledged",
    "dispute": "disputed",
    "resolve": "resolved the dispute on",
    "record": "recorded",
    "draw": "drew",
    "reassign": "reassigned",
    "publish": "published",
    "draft": "started a new draft of",
    "save": "saved",
    "open": "opened",
    "close": "closed",
    "transcribe": "transcribed",
    "transcription_fail": "could not transcribe",
    "retry": "retried the transcription of",
    "view_original": "viewed the original (unredacted) text of",
    "run": "auto-scored",
    "train": "trained models for",
    "verify": "verified",
    "reopen": "re-opened",
    "request": "used the emergency account for a request as",
    "revoke": "revoked",
    # e-mail intake (correspondence)
    "receive": "took in",
    "join": "joined to its case",
    "refuse": "refused",
    "confirm": "confirmed as a case",
    "discard": "discarded",
    "add": "added",
    "remove": "removed",
}


def _words(value) -> str:
    """A stored JSON value in words: no Python reprs (braces, quotes, True/None) on screen."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        if not value:
            return "none"
        if "new" in value and set(value) <= {"old", "new"}:
            old, new = value.get("old"), value.get("new")
            return f"{_words(old)} → {_words(new)}" if old not in (None, "") else _words(new)
        return ", ".join(f"{key.replace('_', ' ')} {_words(v)}" for key, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_words(v) for v in value) if value else "none"
    return str(value)


def describe_event(event) -> str:
    thing, _, verb = event.action.partition(".")
    words = VERBS.get(verb, verb.replace("_", " "))
    subject = event.object_repr or thing.replace("_", " ")
    text = f"{event.actor_name} {words} {subject}"
    details = [
        f"{field.replace('_', ' ')}: {_words(change)}"
        for field, change in (event.changes or {}).items()
    ]
    if details:
        text += " (" + "; ".join(details) + ")"
    return text
