"""Who the QA events tell, and who they don't (qa/services/notices.py through the services)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from inbox.models import Notification
from qa.models import SamplingPlan
from qa.services import coaching as coaching_svc
from qa.services import evaluations as ev
from qa.services import sampling as sampling_svc
from scorecards.models import Criterion
from tests.conftest import _person
from tests.qa.factories import at, make_call, make_evaluation

pytestmark = pytest.mark.django_db


def told(kind):
    """Usernames told about ``kind``."""
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def cast(
    agent_user,
    agent2_user,
    other_team_agent_user,
    team_leader_user,
    qa_officer_user,
    qa_officer2_user,
    qa_manager_user,
    investigator_user,
):
    manager2 = _person("q.manager2", "Naledi", "Sithole", ["qa_manager"])
    return {
        "agent": agent_user,
        "manager2": manager2,
        "everyone": {
            "a.agent",
            "a.agent2",
            "a.other",
            "t.leader",
            "q.officer",
            "q.officer2",
            "q.manager",
            "q.manager2",
            "i.investigator",
        },
    }


def _dispute(evaluation, agent):
    return ev.evaluation_dispute(
        actor=agent, evaluation=evaluation, reasons={"empathy": "I did show empathy."}
    )


def test_a_submitted_evaluation_tells_only_its_agent_with_the_dispute_deadline(
    cast, agent_user, qa_officer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    assert told("evaluation.submitted") == {"a.agent"}
    note = Notification.objects.get(kind="evaluation.submitted")
    deadline = timezone.localtime(evaluation.submitted_at + timedelta(days=7))
    assert f"dispute it by {deadline:%a %-d %b %Y, %H:%M}" in note.words
    assert note.link == f"/qa/evaluations/{evaluation.pk}/"
    # E-mailed, in text and HTML, to the agent alone.
    assert [m.to for m in mail.outbox] == [["a.agent@ekurhuleni.invalid"]]
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"
    assert note.words in mail.outbox[0].body


def test_a_saved_draft_tells_nobody(cast, agent_user, qa_officer_user):
    make_evaluation(make_call(agent_user), qa_officer_user, submit=False)
    assert Notification.objects.count() == 0


def test_a_dispute_tells_the_qa_managers_but_not_the_one_who_scored_it(
    cast, agent_user, qa_manager_user
):
    # The manager scored the call: only the other manager may resolve, so only they are told.
    evaluation = make_evaluation(
        make_call(agent_user), qa_manager_user, overrides={"empathy": "no"}
    )
    dispute = _dispute(evaluation, agent_user)
    assert told("dispute.raised") == {"q.manager2"}
    note = Notification.objects.get(kind="dispute.raised")
    empathy = Criterion.objects.get(version=evaluation.version, key="empathy")
    assert empathy.text in note.details and "empathy" not in note.details.replace(empathy.text, "")
    assert note.link == f"/qa/disputes/{dispute.pk}/"


def test_a_dispute_scored_by_an_officer_tells_every_qa_manager(cast, agent_user, qa_officer_user):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    _dispute(evaluation, agent_user)
    assert told("dispute.raised") == {"q.manager", "q.manager2"}


def test_a_resolution_tells_the_agent_and_the_officer_not_the_resolver_or_others(
    cast, agent_user, qa_officer_user, qa_manager_user
):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    dispute = _dispute(evaluation, agent_user)
    ev.dispute_resolve(
        actor=qa_manager_user,
        dispute=dispute,
        decisions={"empathy": {"decision": "changed", "answer": "yes", "reason": "Heard it."}},
    )
    assert told("dispute.resolved") == {"a.agent", "q.officer"}
    assert "→" in Notification.objects.filter(kind="dispute.resolved").first().words


def test_coaching_tells_the_coached_agent_only(cast, agent_user, team_leader_user, qa_officer_user):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    empathy = Criterion.objects.get(version=evaluation.version, key="empathy")
    coaching_svc.coaching_record(
        actor=team_leader_user,
        evaluation=evaluation,
        criteria=[empathy],
        notes="Name the caller's problem back to them.",
        follow_up_on=timezone.localdate() + timedelta(days=7),
    )
    assert told("coaching.recorded") == {"a.agent"}
    note = Notification.objects.get(kind="coaching.recorded")
    assert empathy.text in note.words and "Nomsa Khumalo" in note.words


def test_a_sample_tells_each_officer_given_calls_once_with_the_count(
    cast, agent_user, qa_manager_user, qa_officer_user, qa_officer2_user
):
    for d in range(7):
        make_call(agent_user, started_at=at(2026, 11, 2 + d, 10))
    plan = sampling_svc.sampling_plan_save(
        actor=qa_manager_user,
        name="Weekly",
        period="week",
        mode="per_agent",
        calls_per_agent=4,
        risk_pulls=False,
    )
    assert isinstance(plan, SamplingPlan)
    sample = sampling_svc.sample_draw(
        actor=qa_manager_user,
        plan=plan,
        day=date(2026, 11, 2),
        officers=[qa_officer_user, qa_officer2_user],
    )
    assert told("calls.assigned") == {"q.officer", "q.officer2"}
    assert sorted(n.words for n in Notification.objects.filter(kind="calls.assigned")) == [
        f"2 calls assigned to you to score ({sample}).",
        f"2 calls assigned to you to score ({sample}).",
    ]
    # Reassigning one call tells the officer who now has it, and nobody else.
    Notification.objects.all().delete()
    item = sample.items.filter(assigned_to=qa_officer_user).first()
    sampling_svc.sample_item_reassign(actor=qa_manager_user, item=item, officer=qa_officer2_user)
    assert told("calls.assigned") == {"q.officer2"}


def test_nobody_outside_an_event_is_ever_told(
    cast, agent_user, qa_officer_user, qa_manager_user, team_leader_user
):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    dispute = _dispute(evaluation, agent_user)
    ev.dispute_resolve(
        actor=qa_manager_user,
        dispute=dispute,
        decisions={"empathy": {"decision": "upheld", "reason": "Not heard."}},
    )
    everyone_told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert everyone_told == {"a.agent", "q.officer", "q.manager", "q.manager2"}
    assert not everyone_told & {"a.agent2", "a.other", "q.officer2", "i.investigator"}
    assert everyone_told <= cast["everyone"]
