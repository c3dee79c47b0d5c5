"""qa/demo.py: the `make run` demo step is idempotent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from qa.demo import DEMO_PLAN, qa_demo_ensure
from qa.models import Sample, SamplingPlan
from qa.services.sampling import period_bounds
from tests.qa.factories import make_call

pytestmark = pytest.mark.django_db


def test_demo_creates_a_plan_and_this_weeks_sample_once(
    agent_user, qa_officer_user, qa_manager_user
):
    make_call(agent_user)
    lines = qa_demo_ensure()
    assert len(lines) == 2
    assert SamplingPlan.objects.filter(name=DEMO_PLAN).count() == 1
    sample = Sample.objects.get()
    assert sample.items.filter(assigned_to=qa_officer_user).count() == 1
    assert qa_demo_ensure() == []
    assert Sample.objects.count() == 1


def test_demo_draws_the_sample_of_the_latest_calls_week_even_when_that_week_is_past(
    agent_user, qa_officer_user
):
    # The sample recordings carry fixed dates: a demo run weeks later must still fill the queue.
    latest = timezone.now() - timedelta(days=23)
    make_call(agent_user, started_at=latest - timedelta(days=1))
    make_call(agent_user, started_at=latest)
    qa_demo_ensure()
    sample = Sample.objects.get()
    assert sample.period_start == period_bounds("week", timezone.localdate(latest))[0]
    assert sample.items.filter(assigned_to=qa_officer_user).count() == 2


def test_demo_without_transcribed_calls_makes_the_plan_and_draws_nothing_yet(
    agent_user, qa_officer_user
):
    make_call(agent_user, state="received")
    qa_demo_ensure()
    assert SamplingPlan.objects.filter(name=DEMO_PLAN).exists()
    assert not Sample.objects.exists()
    make_call(agent_user)  # transcribed later: the next run (setup_site --demo-data) draws
    qa_demo_ensure()
    assert Sample.objects.count() == 1
