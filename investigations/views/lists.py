from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from core.access import Role, role_required
from investigations.selectors import alert_level, board_lists, case_deadline_views, queue_for


def _rows(cases, now):
    rows = []
    for case in cases:
        views = case_deadline_views(case, now=now)
        current = views[0] if case.state == "received" else views[1]
        level = alert_level(case)
        css = (
            "bad"
            if level == 100 or current.status == "breach"
            else ("warn" if level >= 50 or current.status == "warning" else "ok")
        )
        breached = any(a.level == 100 for a in case.alerts.all())
        rows.append(
            {"case": case, "deadline": current, "level": level, "css": css, "breached": breached}
        )
    return rows


# A list page shows the cases with the least time left, up to this many per list, and says how
# many there are in all: the page stays the same size (and speed) at 50,000 cases. The board's
# four lists are an overview of what needs a supervisor first, so each shows fewer.
LIST_LIMIT = 100
BOARD_LIST_LIMIT = 30


def _section(cases, now, total: int | None = None, limit: int = LIST_LIMIT) -> dict:
    rows = _rows(cases[:limit], now)
    if total is None:
        total = len(rows) if len(rows) < limit else cases.count()
    return {"rows": rows, "total": total, "more": total - len(rows)}


@role_required(Role.INVESTIGATOR, Role.INVESTIGATIONS_SUPERVISOR)
def queue(request):
    """The investigator's open cases, the least time left first."""
    now = timezone.now()
    mine, others = queue_for(request.user)
    return render(
        request,
        "investigations/queue.html",
        {
            "mine": _section(mine, now),
            # Open cases they may see but are not assigned: ones they opened (awaiting the
            # supervisor) or worked on before a reassignment. Otherwise only the URL found them.
            "others": _section(others, now),
            "now": now,
        },
    )


@role_required(Role.INVESTIGATIONS_SUPERVISOR)
def board(request):
    now = timezone.now()
    sections = {
        name: _section(cases, now, total, BOARD_LIST_LIMIT)
        for name, (cases, total) in board_lists(request.user).items()
    }
    return render(request, "investigations/board.html", sections)
