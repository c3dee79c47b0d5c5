"""Demo data for `make run` (called from `manage.py setup_site --demo`; idempotent).

A weekly sampling plan, and — once transcribed calls exist (`make run` ingests and transcribes
the sample recordings, then runs `setup_site --demo-data` again) — the sample of the week of the
latest call drawn and assigned to the QA officers, so a new user who logs in as `qaofficer` finds
calls in the queue. The latest call's week rather than today's: the sample recordings carry fixed
dates, and a demo run a month later should still fill the queue."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from calls.models import Call
from qa.models import Sample, SamplingPlan
from qa.services.sampling import period_bounds, sample_draw, sampling_plan_save

DEMO_PLAN = "Weekly sample (demo)"
DEMO_SEED = 20261128


@transaction.atomic
def qa_demo_ensure() -> list[str]:
    """Returns lines describing what was created (empty when everything was there already)."""
    done = []
    manager = get_user_model().objects.filter(username="qamanager").first()
    plan = SamplingPlan.objects.filter(name=DEMO_PLAN).first()
    if plan is None:
        plan = sampling_plan_save(
            actor=manager,
            name=DEMO_PLAN,
            period=SamplingPlan.Period.WEEK,
            mode=SamplingPlan.Mode.PER_AGENT,
            calls_per_agent=4,
            minimum_per_agent=2,
            risk_pulls=True,
            max_risk_per_agent=2,
        )
        done.append(f"QA: sampling plan '{plan}' created.")
    latest = (
        Call.objects.filter(
            state=Call.State.TRANSCRIBED, agent__isnull=False, started_at__isnull=False
        )
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    if latest is None:
        return done
    day = timezone.localdate(latest)
    start, end = period_bounds(plan.period, day)
    if not Sample.objects.filter(plan=plan, period_start=start).exists():
        sample = sample_draw(actor=manager, plan=plan, day=day, seed=DEMO_SEED)
        done.append(
            f"QA: the sample of the week of {start:%-d %b %Y} drawn "
            f"({sample.summary['random']} random, {sample.summary['risk']} risk pulls) and "
            "assigned to the QA officers."
        )
    return done
