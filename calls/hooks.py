"""The one hand-over out of the calls app: what happens after a call is transcribed.

The calls app sits below autoscoring in the layers and must not import it, yet a transcribed call
has to be auto-scored. So the transcription service announces the fact here, and an app above
registers what to do in its ``AppConfig.ready()``::

    from calls.hooks import on_transcribed
    on_transcribed.connect(queue_autoscore)  # called as queue_autoscore(call_id)

Unlike a Django signal there is exactly one sender
(``calls.services.transcription.call_transcribe``), the receivers run only after the
transcription's transaction commits (never for a rolled-back one), and
``on_transcribed.receivers`` lists them. A receiver should only queue work (a task),
not do it: it runs in the worker that transcribed the call. See docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from core.access import user_has_role


class CommitHook:
    """A named list of callbacks, each called with a call id once the current transaction
    commits."""

    def __init__(self, name: str):
        self.name = name
        self.receivers: list[Callable[[int], object]] = []

    def connect(self, receiver: Callable[[int], object]) -> Callable[[int], object]:
        """Register ``receiver`` (idempotent: connecting the same function twice keeps one)."""
        if receiver not in self.receivers:
            self.receivers.append(receiver)
        return receiver

    def disconnect(self, receiver: Callable[[int], object]) -> None:
        if receiver in self.receivers:
            self.receivers.remove(receiver)

    def send_on_commit(self, call_id: int) -> None:
        """Call every receiver with ``call_id`` when the current transaction commits (at once
        outside a transaction)."""
        for receiver in list(self.receivers):
            transaction.on_commit(lambda receiver=receiver: receiver(call_id))

    def __repr__(self) -> str:
        return f"<CommitHook {self.name}: {len(self.receivers)} receiver(s)>"


# Sent by calls.services.transcription.call_transcribe for a call that is now transcribed.
on_transcribed = CommitHook("on_transcribed")


@dataclass(frozen=True)
class CallPageLink:
    """A link an app above adds to the call page (registered in its ``AppConfig.ready()``), so
    the call page can point at, say, the call's auto-score suggestions without importing them."""

    label: str
    url_name: str  # reversed with the call's pk
    roles: tuple[str, ...]  # who sees the link
    note_when_flagged: str = ""  # shown beside the link for a call flagged for listening


# Shown on the page of a transcribed call, in registration order.
call_page_links: list[CallPageLink] = []


def call_page_links_for(call, user) -> list[dict]:
    """The registered links the user's roles may see, reversed for ``call``."""
    if call.state != call.State.TRANSCRIBED:
        return []
    return [
        {
            "label": link.label,
            "url": reverse(link.url_name, args=[call.pk]),
            "note": link.note_when_flagged if call.needs_listening else "",
        }
        for link in call_page_links
        if user_has_role(user, *link.roles)
    ]


class CallIdsProvider:
    """One function an app above registers to answer "which call ids may this user read
    unredacted because of their own work?" (a subquery of ids), without calls importing it."""

    def __init__(self, name: str):
        self.name = name
        self.provider: Callable[[object], object] | None = None

    def register(self, provider: Callable[[object], object]) -> None:
        self.provider = provider


# Registered by investigations: the calls linked, as evidence still present, to the cases an
# investigator may see (``Call.objects.unredacted_for`` reads it).
case_linked_call_ids = CallIdsProvider("case_linked_call_ids")
# Functions apps above register (in ``AppConfig.ready()``) to say which of some transcribed
# calls they have finished with -- autoscoring: auto-scored -- so the upload page's progress can
# run received -> transcribing -> scored without calls importing it. Each takes call ids and
# returns the set of those it has finished.
call_scored_checks: list[Callable[[list[int]], set[int]]] = []


def scored_call_ids(call_ids: list[int]) -> set[int] | None:
    """The calls among ``call_ids`` every registered check has finished with; None when no
    app scores calls (then "transcribed" is the last step)."""
    if not call_scored_checks:
        return None
    done = set(call_ids)
    for check in call_scored_checks:
        done &= set(check(call_ids))
    return done
