"""qa/services/versions.py and qa/selectors/versions.py: calls are scored on the version they
were sampled under; a manager may move open work to the published version (re-auto-scored);
the agreement dashboard shows any version."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from autoscoring.models import AutoScore
from autoscoring.selectors import suggestions_for
from autoscoring.services.suggestions import call_autoscore
from qa.models import Evaluation, SampleItem
from qa.selectors.versions import open_work_summary
from qa.services import evaluations as ev
from qa.services import sampling
from qa.services.versions import open_work_move
from scorecards.models import Criterion, Scorecard
from scorecards.services.designer import criterion_save, scorecard_version_new_draft
from scorecards.services.publish import scorecard_version_publish
from tests.qa.factories import at, make_call, make_evaluation

pytestmark = pytest.mark.django_db


def _v1():
    return Scorecard.objects.get(slug="inbound").current_version()


def _publish_v2(manager, *, greeting_points=10):
    v1 = _v1()
    draft = scorecard_version_new_draft(actor=manager, scorecard=v1.scorecard)
    greeting = draft.criteria.get(key="greeting")
    Criterion.objects.filter(pk=greeting.pk).update(points=greeting_points)
    criterion_save(
        actor=manager, version=draft, key="callback", text="Offers a call back", points=5
    )
    return scorecard_version_publish(actor=manager, version=draft)


@pytest.fixture
def sampled(agent_user, qa_officer_user, qa_manager_user):
    """Two calls sampled (and auto-scored) under version 1, assigned to the officer."""
    calls = [make_call(agent_user, started_at=at(2026, 11, 3, h)) for h in (9, 11)]
    for call in calls:
        call_autoscore(call=call)
    plan = sampling.sampling_plan_save(
        actor=qa_manager_user,
        name="Weekly",
        period="week",
        mode="per_agent",
        calls_per_agent=2,
        risk_pulls=False,
    )
    sample = sampling.sample_draw(
        actor=qa_manager_user, plan=plan, day=date(2026, 11, 3), officers=[qa_officer_user]
    )
    return list(sample.items.order_by("pk"))


def test_a_call_sampled_under_v1_is_scored_on_v1_after_v2_is_published(
    sampled, qa_officer_user, qa_manager_user
):
    v1 = _v1()
    assert {item.version for item in sampled} == {v1}
    _publish_v2(qa_manager_user)
    item = sampled[0]
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=item.call, sample_item=item)
    assert evaluation.version == v1
    # The suggestions made for v1 pre-fill the form: none is lost.
    assert evaluation.answers.exclude(suggested_answer="").count() == 12
    assert not AutoScore.objects.filter(call=item.call).exclude(version=v1).exists()


def test_moving_open_work_rescored_the_calls_and_keeps_the_officers_answers(
    sampled, qa_officer_user, qa_manager_user
):
    v1 = _v1()
    queued, started = sampled
    draft = ev.evaluation_start(actor=qa_officer_user, call=started.call, sample_item=started)
    ev.evaluation_save(
        actor=qa_officer_user,
        evaluation=draft,
        answers={"empathy": {"answer": "no", "comment": "Cold"}},
    )
    submitted = make_evaluation(make_call(sampled[0].call.agent.user), qa_officer_user)
    v2 = _publish_v2(qa_manager_user)
    assert open_work_summary(v2) == [{"number": 1, "queued": 1, "drafts": 1}]

    moved = open_work_move(actor=qa_manager_user, version=v2)

    assert moved == {"queued": 1, "drafts": 1, "from_versions": [1]}
    queued.refresh_from_db()
    started.refresh_from_db()
    assert queued.version == v2 and started.version == v2
    draft.refresh_from_db()
    assert draft.version == v2
    answers = {a.criterion.key: a for a in draft.answers.select_related("criterion")}
    assert set(answers) == set(v2.criteria.values_list("key", flat=True))
    assert all(a.criterion.version_id == v2.pk for a in answers.values())
    assert (answers["empathy"].answer, answers["empathy"].comment) == ("no", "Cold")
    # Both calls were auto-scored again on v2, so the new version has suggestions.
    for item in (queued, started):
        assert suggestions_for(item.call, v2)
    # The queued call, started now, is on v2 with v2's suggestions.
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=queued.call, sample_item=queued)
    assert evaluation.version == v2
    assert evaluation.answers.exclude(suggested_answer="").count() >= 12
    # Submitted work never moves.
    submitted.refresh_from_db()
    assert submitted.version == v1
    event = AuditEvent.objects.get(action="scorecard.move_open_work")
    assert event.changes["queued"] == 1
    assert open_work_summary(v2) == []


def test_open_work_moves_only_to_the_published_version(sampled, qa_manager_user):
    v1 = _v1()
    draft = scorecard_version_new_draft(actor=qa_manager_user, scorecard=v1.scorecard)
    with pytest.raises(ValidationError, match="only move to the published version"):
        open_work_move(actor=qa_manager_user, version=draft)
    assert set(SampleItem.objects.values_list("version", flat=True)) == {v1.pk}


def test_the_open_work_page_asks_for_confirmation(
    client, sampled, qa_manager_user, qa_officer_user
):
    v2 = _publish_v2(qa_manager_user)
    client.force_login(qa_manager_user)
    url = reverse("qa:open_work", args=[v2.pk])
    page = client.get(url).content.decode()
    assert "Version 1" in page and "Move to version 2" in page
    response = client.post(url, {})
    assert "Tick the confirmation" in response.content.decode()
    assert set(SampleItem.objects.values_list("version__number", flat=True)) == {1}
    client.post(url, {"confirm": "on"})
    assert set(SampleItem.objects.values_list("version__number", flat=True)) == {2}
    client.force_login(qa_officer_user)
    assert client.get(url).status_code == 403


def test_the_agreement_dashboard_shows_every_version(
    client, agent_user, qa_officer_user, qa_manager_user
):
    call = make_call(agent_user)
    call_autoscore(call=call)
    make_evaluation(call, qa_officer_user)  # suggestions confirmed on v1
    v2 = _publish_v2(qa_manager_user)
    client.force_login(qa_manager_user)
    url = reverse("autoscoring:autoscore_agreement")
    current = client.get(url, {"scorecard": "inbound"}).content.decode()
    assert "Version 1 (retired" in current and "Version 2 (published" in current
    assert f"{v2}:" in current
    old = client.get(url, {"scorecard": "inbound", "version": "1"})
    rows = {row.key: row for row in old.context["rows"]}
    assert old.context["version"].number == 1 and rows["greeting"].n == 1
    by_address = client.get(reverse("autoscoring:autoscore_agreement_version", args=[_v1_pk()]))
    assert by_address.context["version"].number == 1
    missing = client.get(url, {"scorecard": "inbound", "version": "9"}).content.decode()
    assert "has no published or retired version 9" in missing
    # A criterion without a detector reads as left to people, not as a rule.
    assert "people (no detector)" in client.get(url, {"scorecard": "inbound"}).content.decode()


def _v1_pk():
    return Scorecard.objects.get(slug="inbound").versions.get(number=1).pk


def test_a_draft_evaluation_started_before_publishing_stays_on_its_version(
    agent_user, qa_officer_user, qa_manager_user
):
    call = make_call(agent_user)
    draft = make_evaluation(call, qa_officer_user, submit=False)
    _publish_v2(qa_manager_user)
    again = ev.evaluation_start(actor=qa_officer_user, call=call)
    assert again == draft and Evaluation.objects.get(pk=draft.pk).version.number == 1
