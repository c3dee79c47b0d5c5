"""Reads for sampling: the QA officers who take work and how much each has."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count

from core.access import Role
from qa.models import Evaluation, SampleItem


def qa_officers() -> list:
    """Active QA officers, by name: who a new sample is shared among. One query."""
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.QA_OFFICER, is_active=True)
        .order_by("last_name", "first_name", "pk")
    )


def officer_open_loads(officers) -> dict[int, int]:
    """Open (not yet submitted) sample items per officer pk; 0 for an officer with none. One
    query."""
    loads = dict.fromkeys((o.pk for o in officers), 0)
    rows = (
        SampleItem.objects.open()
        .filter(assigned_to__in=officers)
        .values("assigned_to")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        loads[row["assigned_to"]] = row["n"]
    return loads


def officer_workloads(officers=None) -> list[dict]:
    """Open and submitted work per QA officer (``{"officer", "open", "submitted"}``), for the
    plan and sample pages. Two queries (three when ``officers`` is not given)."""
    officers = officers if officers is not None else qa_officers()
    open_counts = officer_open_loads(officers)
    done = dict(
        Evaluation.objects.submitted()
        .filter(evaluator__in=officers, kind=Evaluation.Kind.REGULAR)
        .values_list("evaluator")
        .annotate(n=Count("pk"))
    )
    return [
        {"officer": o, "open": open_counts.get(o.pk, 0), "submitted": done.get(o.pk, 0)}
        for o in officers
    ]
