"""The case reports of the investigations supervisor: counts by source, department, state and
age, and on-time rates per month (moved from ``investigations.selectors``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.utils import timezone

from investigations import working_time
from investigations.models import OPEN_STATES, Case, Source, State

STATE_LABELS = dict(State.choices)

AGE_BUCKETS = ((7, "0–7 days"), (14, "8–14 days"), (30, "15–30 days"), (None, "over 30 days"))


def _age_bucket(days: int) -> str:
    for limit, label in AGE_BUCKETS:
        if limit is None or days <= limit:
            return label
    return AGE_BUCKETS[-1][1]


def report_cases(user, *, start: dt.date | None = None, end: dt.date | None = None):
    cases = Case.objects.visible_to(user).select_related("department")
    if start:
        cases = cases.filter(received_at__date__gte=start)
    if end:
        cases = cases.filter(received_at__date__lte=end)
    return cases


def report_summary(cases, *, now: dt.datetime | None = None) -> dict:
    """Counts by source, department, state and age (open cases), and on-time rates per month.

    One query: the cases are read once and counted in Python."""
    now = now or timezone.now()
    rows = list(
        cases.values(
            "source",
            "department__name",
            "state",
            "received_at",
            "acknowledged_at",
            "acknowledge_due",
            "responded_at",
            "response_due",
        )
    )
    by_source = Counter(dict(Source.choices).get(r["source"], r["source"]) for r in rows)
    by_department = Counter(r["department__name"] or "not set" for r in rows)
    by_state = Counter(STATE_LABELS.get(r["state"], r["state"]) for r in rows)
    by_age = Counter(
        _age_bucket((now - r["received_at"]).days) for r in rows if r["state"] in OPEN_STATES
    )
    months: dict[str, dict] = defaultdict(
        lambda: {"ack_total": 0, "ack_on_time": 0, "resp_total": 0, "resp_on_time": 0}
    )
    by_group: dict[tuple, dict] = defaultdict(
        lambda: {"ack_total": 0, "ack_on_time": 0, "resp_total": 0, "resp_on_time": 0}
    )
    for r in rows:
        month = working_time.local(r["received_at"]).strftime("%Y-%m")
        source = dict(Source.choices).get(r["source"], r["source"])
        targets = (months[month], by_group[(month, source, r["department__name"] or "not set")])
        # A deadline counts once it is decided: met (on time or late) or passed unmet.
        ack_at = r["acknowledged_at"]
        if ack_at is not None or now > r["acknowledge_due"]:
            for t in targets:
                t["ack_total"] += 1
                t["ack_on_time"] += int(ack_at is not None and ack_at <= r["acknowledge_due"])
        resp_at = r["responded_at"]
        decided = resp_at is not None or (now > r["response_due"] and r["state"] in OPEN_STATES)
        if decided:
            for t in targets:
                t["resp_total"] += 1
                t["resp_on_time"] += int(resp_at is not None and resp_at <= r["response_due"])

    def rate(on_time, total):
        return round(100 * on_time / total, 1) if total else None

    monthly = [
        {
            "month": m,
            **v,
            "ack_rate": rate(v["ack_on_time"], v["ack_total"]),
            "resp_rate": rate(v["resp_on_time"], v["resp_total"]),
        }
        for m, v in sorted(months.items())
    ]
    groups = [
        {
            "month": k[0],
            "source": k[1],
            "department": k[2],
            **v,
            "ack_rate": rate(v["ack_on_time"], v["ack_total"]),
            "resp_rate": rate(v["resp_on_time"], v["resp_total"]),
        }
        for k, v in sorted(by_group.items())
    ]
    return {
        "total": len(rows),
        "by_source": sorted(by_source.items(), key=lambda kv: -kv[1]),
        "by_department": sorted(by_department.items(), key=lambda kv: -kv[1]),
        "by_state": sorted(by_state.items(), key=lambda kv: -kv[1]),
        "by_age": [(label, by_age.get(label, 0)) for _, label in AGE_BUCKETS],
        "monthly": monthly,
        "groups": groups,
    }
