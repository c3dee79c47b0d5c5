"""The kinds of notification. Each app lists its own in ``<app>/notifications.py`` as
``NOTIFICATION_KINDS``; the inbox collects them, so it never imports the apps above it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from core.access import user_roles
from core.discovery import app_modules


@dataclass(frozen=True)
class NotificationKind:
    code: str  # stored on each notification, e.g. "evaluation.submitted"
    label: str  # what a person reads on the settings page
    roles: tuple[str, ...]  # who may receive it (the settings page offers it to them)


@cache
def all_kinds() -> dict[str, NotificationKind]:
    kinds: dict[str, NotificationKind] = {}
    for _label, module in app_modules("notifications"):
        for kind in getattr(module, "NOTIFICATION_KINDS", ()):
            if kind.code in kinds:
                raise ValueError(f"Notification kind {kind.code!r} is declared twice.")
            kinds[kind.code] = kind
    return kinds


def kinds_for(user) -> list[NotificationKind]:
    """The kinds a user's roles may receive, in declaration order."""
    roles = user_roles(user)
    return [k for k in all_kinds().values() if roles & set(k.roles)]
