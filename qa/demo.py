"""Demo data for `make run` (called from `manage.py setup_site --demo`; idempotent).

A weekly sampling plan, and — when transcribed calls exist for this week (the transcription
demo loads some) — this week's sample drawn and assigned to the QA officers, so a new user who
logs in as `qaofficer` finds calls in the queue."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qa.models import Call, Sample, SamplingPlan
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
    today = timezone.localdate()
    start, end = period_bounds(plan.period, today)
    has_calls = Call.objects.filter(
        state=Call.State.TRANSCRIBED,
        agent__isnull=False,
        started_at__date__gte=start,
        started_at__date__lte=end,
    ).exists()
    if has_calls and not Sample.objects.filter(plan=plan, period_start=start).exists():
        sample = sample_draw(actor=manager, plan=plan, day=today, seed=DEMO_SEED)
        done.append(
            f"QA: this week's sample drawn ({sample.summary['random']} random, "
            f"{sample.summary['risk']} risk pulls) and assigned to the QA officers."
        )
    return done
