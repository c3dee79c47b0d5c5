"""qa/demo.py: the `make run` demo step is idempotent."""

import pytest

from qa.demo import DEMO_PLAN, qa_demo_ensure
from qa.models import Sample, SamplingPlan
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
