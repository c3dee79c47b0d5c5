"""Reads of calls that more than one screen (or a benchmark) shares."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from calls.models import Call

PER_PAGE = 25


def call_list_page(calls, number, per_page: int = PER_PAGE) -> Page:
    """One page of ``calls`` (newest first) with what the calls list shows.

    Two steps, so a search matching tens of thousands of calls sorts bare ids, not rows joined
    to five tables: the count, the page's ids, then those rows with their related objects --
    three queries, whatever the number of matches."""
    ids = calls.order_by("-started_at", "-pk").values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    wanted = list(page.object_list)
    rows = Call.objects.for_list().in_bulk(wanted)
    page.object_list = [rows[pk] for pk in wanted if pk in rows]
    return page


def agent_voiceprint(agent_id: int | None):
    """The agent's voiceprint as a numpy vector, or None (no agent, or none enrolled yet)."""
    import numpy as np  # deferred: only transcription workers ask

    from calls.models import AgentVoiceprint

    if agent_id is None:
        return None
    row = AgentVoiceprint.objects.filter(agent_id=agent_id).only("embedding").first()
    return np.asarray(row.embedding, dtype=np.float32) if row else None
