"""qa/selectors/sampling.py and the queue: who takes work, how much each has."""

from __future__ import annotations

import pytest

from qa.models import SampleItem
from qa.selectors.sampling import officer_workloads, qa_officers
from qa.services import sampling as svc
from tests.qa.factories import make_evaluation
from tests.qa.test_sampling import MONDAY, _plan, _week_of_calls

pytestmark = pytest.mark.django_db


def test_queue_lists_open_assigned_items_only(
    agent_user, qa_manager_user, qa_officer_user, qa_officer2_user
):
    _week_of_calls(agent_user, per_day=1)
    sample = svc.sample_draw(
        actor=qa_manager_user,
        plan=_plan(qa_manager_user, calls_per_agent=2),
        day=MONDAY,
        officers=[qa_officer_user],
    )
    queue = list(SampleItem.objects.queue_of(qa_officer_user))
    assert len(queue) == 2 and not list(SampleItem.objects.queue_of(qa_officer2_user))
    make_evaluation(queue[0].call, qa_officer_user, sample_item=queue[0])
    assert list(SampleItem.objects.queue_of(qa_officer_user)) == [queue[1]]
    assert sample.items.count() == 2


def test_workloads_count_open_and_submitted_work_per_officer(
    agent_user, qa_manager_user, qa_officer_user, qa_officer2_user
):
    _week_of_calls(agent_user, per_day=1)
    svc.sample_draw(
        actor=qa_manager_user,
        plan=_plan(qa_manager_user, calls_per_agent=3),
        day=MONDAY,
        officers=[qa_officer_user],
    )
    first = SampleItem.objects.queue_of(qa_officer_user).first()
    make_evaluation(first.call, qa_officer_user, sample_item=first)
    rows = {row["officer"]: (row["open"], row["submitted"]) for row in officer_workloads()}
    assert rows == {qa_officer_user: (2, 1), qa_officer2_user: (0, 0)}
    assert set(qa_officers()) == {qa_officer_user, qa_officer2_user}
