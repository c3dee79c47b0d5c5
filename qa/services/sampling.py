"""Drawing samples for human QA.

A draw is reproducible: the random seed and the plan's parameters are stored with the sample,
so drawing again with the same seed over the same calls picks the same calls (tested). Random
picks are spread over the period and across shifts and stratified by section and direction;
risk pulls are extra and reported separately.
"""

from __future__ import annotations

import calendar
import math
import random
import secrets
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from autoscoring.selectors import autoscore_signals
from calls.models import Call
from core.access import Role
from core.people import person_name
from qa.models import Evaluation, Sample, SampleItem, SamplingPlan
from qa.selectors.sampling import officer_open_loads, qa_officers
from qa.selectors.versions import versions_in_use
from qa.services.notices import calls_assigned_notify

SHIFTS = (("night", 0, 6), ("morning", 6, 14), ("afternoon", 14, 22), ("night", 22, 24))


def shift_of(moment: datetime) -> str:
    hour = timezone.localtime(moment).hour
    for name, start, end in SHIFTS:
        if start <= hour < end:
            return name
    return "night"


def period_bounds(plan_period: str, day: date) -> tuple[date, date]:
    """The week (Monday to Sunday) or calendar month containing ``day``; end inclusive."""
    if plan_period == SamplingPlan.Period.WEEK:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    start = day.replace(day=1)
    return start, start.replace(day=calendar.monthrange(day.year, day.month)[1])


def last_complete_period(plan_period: str, today: date) -> tuple[date, date]:
    """The last week or month that has ended before ``today``: the period a draw defaults to,
    so one click never draws a period that is still filling up."""
    start, _ = period_bounds(plan_period, today)
    return period_bounds(plan_period, start - timedelta(days=1))


@transaction.atomic
def sampling_plan_save(
    *, actor, plan: SamplingPlan | None = None, sections=(), **fields
) -> SamplingPlan:
    plan = plan or SamplingPlan(created_by=actor)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    plan.sections.set(sections)
    audit_record(
        actor=actor,
        action="sampling_plan.save",
        obj=plan,
        changes={k: str(v) for k, v in fields.items()},
    )
    return plan


def plan_parameters(plan: SamplingPlan) -> dict:
    return {
        "period": plan.period,
        "mode": plan.mode,
        "calls_per_agent": plan.calls_per_agent,
        "percentage": str(plan.percentage),
        "minimum_per_agent": plan.minimum_per_agent,
        "sections": sorted(plan.sections.values_list("slug", flat=True)),
        "risk_pulls": plan.risk_pulls,
        "short_call_s": plan.short_call_s,
        "long_call_s": plan.long_call_s,
        "low_autoscore": plan.low_autoscore,
        "repeat_caller_calls": plan.repeat_caller_calls,
        "max_risk_per_agent": plan.max_risk_per_agent,
        # Flagged calls are not auto-scored and must reach people (DESIGN "How a call flows").
        # A key of its own so that samples drawn before it existed still repeat exactly.
        "needs_listening": True,
    }


def _target(params: dict, available: int) -> int:
    if params["mode"] == SamplingPlan.Mode.PER_AGENT:
        wanted = params["calls_per_agent"]
    else:
        share = Decimal(params["percentage"]) / 100
        wanted = max(params["minimum_per_agent"], math.ceil(share * available))
    return min(wanted, available)


def _allocate(counts: dict[str, int], total: int) -> dict[str, int]:
    """Split ``total`` picks over strata in proportion to their size (largest remainder),
    never more than a stratum holds."""
    size = sum(counts.values())
    if size == 0 or total == 0:
        return dict.fromkeys(counts, 0)
    exact = {k: total * v / size for k, v in counts.items()}
    alloc = {k: min(counts[k], math.floor(x)) for k, x in exact.items()}
    order = sorted(counts, key=lambda k: (-(exact[k] - math.floor(exact[k])), k))
    while sum(alloc.values()) < total:
        progressed = False
        for key in order:
            if sum(alloc.values()) >= total:
                break
            if alloc[key] < counts[key]:
                alloc[key] += 1
                progressed = True
        if not progressed:
            break
    return alloc


def _spread_pick(calls: list, n: int, rng: random.Random) -> list:
    """``n`` calls spread over time: the stratum's calls in time order are cut into ``n``
    consecutive slices and one call is drawn from each, preferring a shift not yet picked."""
    if n <= 0:
        return []
    calls = sorted(calls, key=lambda c: (c.started_at, c.pk))
    picked, shifts_seen = [], set()
    for i in range(n):
        chunk = calls[len(calls) * i // n : len(calls) * (i + 1) // n]
        fresh = [c for c in chunk if shift_of(c.started_at) not in shifts_seen]
        choice = rng.choice(fresh or chunk)
        shifts_seen.add(shift_of(choice.started_at))
        picked.append(choice)
    return picked


def _risk_reasons(call, params, repeat_callers: set[str], autoscores: dict) -> list[str]:
    reasons = []
    if call.duration_s is not None and call.duration_s < params["short_call_s"]:
        reasons.append("very short call")
    if call.duration_s is not None and call.duration_s > params["long_call_s"]:
        reasons.append("very long call")
    if call.caller_number and call.caller_number in repeat_callers:
        reasons.append("repeat caller")
    if call.linked_to_complaint:
        reasons.append("linked to a complaint")
    if params.get("needs_listening") and call.needs_listening:
        reasons.append("needs listening (not auto-scored)")
    auto = autoscores.get(call.pk) or {}
    if auto.get("critical_fail"):
        reasons.append("critical suggestion")
    if auto.get("score") is not None and float(auto["score"]) < params["low_autoscore"]:
        reasons.append("low auto-score")
    return reasons


def _candidates(params: dict, start: date, end: date):
    tz = timezone.get_current_timezone()
    begin = datetime.combine(start, time.min, tzinfo=tz)
    finish = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    calls = (
        Call.objects.filter(
            started_at__gte=begin,
            started_at__lt=finish,
            agent__isnull=False,
            state=Call.State.TRANSCRIBED,
        )
        .exclude(pk__in=Evaluation.objects.filter(kind=Evaluation.Kind.REGULAR).values("call_id"))
        .exclude(pk__in=SampleItem.objects.values("call_id"))
        .select_related("section")
        .with_complaint_flag()
    )
    if params["sections"]:
        calls = calls.filter(section__slug__in=params["sections"])
    return list(calls.order_by("started_at", "pk"))


def draw_calls(params: dict, start: date, end: date, seed: int) -> list[dict]:
    """The picks for a period: ``[{"call", "reason", "risk_reasons", "stratum", "shift"}]``.
    Deterministic for a given seed and set of candidate calls."""
    rng = random.Random(seed)
    calls = _candidates(params, start, end)
    by_agent: dict[int, list] = defaultdict(list)
    for call in calls:
        by_agent[call.agent_id].append(call)
    repeat_callers = set()
    if params["risk_pulls"]:
        counts = defaultdict(int)
        for call in calls:
            if call.caller_number:
                counts[call.caller_number] += 1
        repeat_callers = {n for n, k in counts.items() if k >= params["repeat_caller_calls"]}
    autoscores = autoscore_signals([c.pk for c in calls]) if params["risk_pulls"] else {}
    picks = []
    for agent_id in sorted(by_agent):
        agent_calls = by_agent[agent_id]
        strata: dict[str, list] = defaultdict(list)
        for call in agent_calls:
            label = f"{call.section.name if call.section else 'No section'} / {call.direction}"
            strata[label].append(call)
        alloc = _allocate({k: len(v) for k, v in strata.items()}, _target(params, len(agent_calls)))
        chosen = set()
        for label in sorted(strata):
            for call in _spread_pick(strata[label], alloc[label], rng):
                chosen.add(call.pk)
                picks.append(
                    {
                        "call": call,
                        "reason": SampleItem.Reason.RANDOM,
                        "risk_reasons": [],
                        "stratum": label,
                        "shift": shift_of(call.started_at),
                    }
                )
        if params["risk_pulls"] and params["max_risk_per_agent"]:
            risky = []
            for call in agent_calls:
                if call.pk in chosen:
                    continue
                reasons = _risk_reasons(call, params, repeat_callers, autoscores)
                if reasons:
                    risky.append((len(reasons), rng.random(), call, reasons))
            risky.sort(key=lambda r: (-r[0], r[1]))
            for _, _, call, reasons in risky[: params["max_risk_per_agent"]]:
                label = f"{call.section.name if call.section else 'No section'} / {call.direction}"
                picks.append(
                    {
                        "call": call,
                        "reason": SampleItem.Reason.RISK,
                        "risk_reasons": reasons,
                        "stratum": label,
                        "shift": shift_of(call.started_at),
                    }
                )
    return picks


@transaction.atomic
def sample_draw(
    *, actor, plan: SamplingPlan, day: date, seed: int | None = None, officers=None, request=None
) -> Sample:
    """Draw the sample of the period containing ``day`` and assign it to QA officers, balancing
    each officer's open workload. One sample per plan and period."""
    start, end = period_bounds(plan.period, day)
    if Sample.objects.filter(plan=plan, period_start=start).exists():
        raise ValidationError(f"{plan} already has a sample for the period starting {start}.")
    if seed is None:
        seed = secrets.randbits(62)
    params = plan_parameters(plan)
    picks = draw_calls(params, start, end, seed)
    sample = Sample(
        plan=plan,
        period_start=start,
        period_end=end,
        seed=seed,
        parameters=params,
        drawn_by=actor,
        drawn_by_name=person_name(actor),
    )
    sample.full_clean()
    sample.save()
    versions = versions_in_use(p["call"] for p in picks)
    items = [
        SampleItem(
            sample=sample,
            call=p["call"],
            reason=p["reason"],
            risk_reasons=p["risk_reasons"],
            stratum=p["stratum"],
            shift=p["shift"],
            version=versions[p["call"].pk],
        )
        for p in picks
    ]
    SampleItem.objects.bulk_create(items)
    officers = list(officers) if officers is not None else qa_officers()
    assigned = sample_assign(sample=sample, officers=officers) if officers else {}
    random_n = sum(1 for p in picks if p["reason"] == SampleItem.Reason.RANDOM)
    sample.summary = {
        "random": random_n,
        "risk": len(picks) - random_n,
        "agents": len({p["call"].agent_id for p in picks}),
        "assigned": {str(k): v for k, v in assigned.items()},
    }
    sample.save(update_fields=["summary"])
    audit_record(
        actor=actor,
        action="sample.draw",
        obj=sample,
        request=request,
        changes={
            "seed": seed,
            "period": [str(start), str(end)],
            "parameters": params,
            "calls": [p["call"].pk for p in picks],
            "summary": sample.summary,
        },
    )
    return sample


def sample_assign(*, sample: Sample, officers) -> dict[str, int]:
    """Give each unassigned item of the sample to the officer with the least open work (ties by
    name), so loads even out across samples. Returns items given per officer username."""
    officers = list(officers)
    loads = officer_open_loads(officers)
    given: dict[str, int] = defaultdict(int)
    by_pk = {o.pk: o for o in officers}
    order = [o.pk for o in officers]
    items = list(
        sample.items.filter(assigned_to__isnull=True).order_by("reason", "call__started_at", "pk")
    )
    for item in items:
        officer_pk = min(order, key=lambda pk: (loads[pk], order.index(pk)))
        officer = by_pk[officer_pk]
        item.assigned_to = officer
        item.assigned_to_name = person_name(officer)
        loads[officer_pk] += 1
        given[officer.get_username()] += 1
    SampleItem.objects.bulk_update(items, ["assigned_to", "assigned_to_name"])
    calls_assigned_notify(items, sample_name=str(sample))
    return dict(given)


@transaction.atomic
def sample_item_reassign(*, actor, item: SampleItem, officer, request=None) -> SampleItem:
    if hasattr(item, "evaluation") and item.evaluation.is_submitted:
        raise ValidationError("This call has been evaluated; it cannot be reassigned.")
    if not officer.groups.filter(name=Role.QA_OFFICER).exists():
        raise ValidationError("Calls can only be assigned to QA officers.")
    old = item.assigned_to_name
    item.assigned_to = officer
    item.assigned_to_name = person_name(officer)
    item.save(update_fields=["assigned_to", "assigned_to_name"])
    audit_record(
        actor=actor,
        action="sample.reassign",
        obj=item.sample,
        request=request,
        changes={"call": item.call_id, "assigned_to": {"old": old, "new": item.assigned_to_name}},
    )
    calls_assigned_notify([item], sample_name=str(item.sample))
    return item


__all__ = [
    "draw_calls",
    "period_bounds",
    "sample_assign",
    "sample_draw",
    "sample_item_reassign",
    "sampling_plan_save",
    "shift_of",
]


def _exclusions(params: dict, start: date, end: date) -> list[tuple[str, int]]:
    """Why calls of the period are not candidates: ``[(reason in words, count)]``, zero counts
    left out. Five counting queries."""
    tz = timezone.get_current_timezone()
    begin = datetime.combine(start, time.min, tzinfo=tz)
    finish = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    period = Call.objects.filter(started_at__gte=begin, started_at__lt=finish)
    rows = [
        ("no agent on the call", period.filter(agent__isnull=True).count()),
        (
            "not transcribed yet (or transcription failed)",
            period.filter(agent__isnull=False).exclude(state=Call.State.TRANSCRIBED).count(),
        ),
    ]
    ready = period.filter(agent__isnull=False, state=Call.State.TRANSCRIBED)
    if params["sections"]:
        rows.append(
            (
                "in a section this plan does not cover",
                ready.exclude(section__slug__in=params["sections"]).count(),
            )
        )
        ready = ready.filter(section__slug__in=params["sections"])
    evaluated = Evaluation.objects.filter(kind=Evaluation.Kind.REGULAR).values("call_id")
    rows.append(("already evaluated", ready.filter(pk__in=evaluated).count()))
    rows.append(
        (
            "already in another sample",
            ready.exclude(pk__in=evaluated)
            .filter(pk__in=SampleItem.objects.values("call_id"))
            .count(),
        )
    )
    return [(reason, n) for reason, n in rows if n]


def sample_preview(*, plan: SamplingPlan, day: date, seed: int | None = None) -> dict:
    """What a draw for the period containing ``day`` would pick, without storing anything:
    the period, the seed (pass it to :func:`sample_draw` to assign exactly these calls), the
    picks, counts per agent, why calls were left out and, when nothing would be drawn, why."""
    start, end = period_bounds(plan.period, day)
    if seed is None:
        seed = secrets.randbits(62)
    params = plan_parameters(plan)
    picks = draw_calls(params, start, end, seed)
    per_agent: dict[str, dict] = {}
    for pick in picks:
        call = pick["call"]
        row = per_agent.setdefault(
            call.agent_id, {"agent": call.agent, "random": 0, "risk": 0, "risk_reasons": set()}
        )
        row[pick["reason"]] += 1
        row["risk_reasons"].update(pick["risk_reasons"])
    exclusions = _exclusions(params, start, end)
    existing = Sample.objects.filter(plan=plan, period_start=start).first()
    empty_reason = ""
    if existing is not None:
        empty_reason = f"This plan already has a sample for {start} – {end}; withdraw it first."
    elif not picks:
        if exclusions:
            left_out = "; ".join(f"{n} {reason}" for reason, n in exclusions)
            empty_reason = f"No call of {start} – {end} can be drawn: {left_out}."
        else:
            empty_reason = f"No calls were received between {start} and {end}."
    return {
        "plan": plan,
        "start": start,
        "end": end,
        "seed": seed,
        "picks": picks,
        "per_agent": sorted(
            (dict(r, risk_reasons=sorted(r["risk_reasons"])) for r in per_agent.values()),
            key=lambda r: r["agent"].full_name if r["agent"] else "",
        ),
        "random": sum(1 for p in picks if p["reason"] == SampleItem.Reason.RANDOM),
        "risk": sum(1 for p in picks if p["reason"] == SampleItem.Reason.RISK),
        "exclusions": exclusions,
        "empty_reason": empty_reason,
        "existing": existing,
    }


def sample_withdrawable(sample: Sample) -> bool:
    """A draw can be taken back until the first evaluation of one of its calls is started."""
    return not sample.items.filter(evaluation__isnull=False).exists()


@transaction.atomic
def sample_withdraw(*, actor, sample: Sample, reason: str = "", request=None) -> None:
    """Withdraw a draw: its calls go back to the pool and the period can be drawn again.
    Refused once any evaluation of the sample has been started. Audited with the calls."""
    sample = Sample.objects.select_for_update().get(pk=sample.pk)
    if not sample_withdrawable(sample):
        raise ValidationError(
            "This sample cannot be withdrawn: an evaluation of one of its calls has started."
        )
    calls = list(sample.items.order_by("pk").values_list("call_id", flat=True))
    audit_record(
        actor=actor,
        action="sample.withdraw",
        obj=sample,
        request=request,
        changes={
            "period": [str(sample.period_start), str(sample.period_end)],
            "seed": sample.seed,
            "calls": calls,
            "reason": reason.strip(),
        },
    )
    sample.items.all().delete()
    sample.delete()
