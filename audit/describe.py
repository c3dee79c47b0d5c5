"""Plain words for audit events. Events are stored as codes; words are only for display."""

from __future__ import annotations

VERBS = {
    "create": "created",
    "update": "changed",
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
}


def describe_event(event) -> str:
    thing, _, verb = event.action.partition(".")
    words = VERBS.get(verb, verb.replace("_", " "))
    subject = event.object_repr or thing.replace("_", " ")
    text = f"{event.actor_name} {words} {subject}"
    details = []
    for field, change in (event.changes or {}).items():
        if isinstance(change, dict) and "new" in change:
            old, new = change.get("old"), change.get("new")
            label = field.replace("_", " ")
            shown = f"{old} → {new}" if old not in (None, "") else f"{new}"
            details.append(f"{label}: {shown}")
        else:
            details.append(f"{field.replace('_', ' ')}: {change}")
    if details:
        text += " (" + "; ".join(details) + ")"
    return text
