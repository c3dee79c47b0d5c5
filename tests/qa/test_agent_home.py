"""The agent's home (qa/views/agent_home.py): what needs me and by when, my last scores with the
criteria I missed and the coaching, my trend only once there are enough evaluations, no
manager filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from qa.models import Evaluation
from qa.services import coaching as coaching_svc
from qa.services import evaluations as ev
from scorecards.models import Criterion
from tests.qa.factories import make_call, make_evaluation

pytestmark = pytest.mark.django_db

URL = "/qa/evaluations/mine/"


def test_what_needs_me_lists_evaluations_to_acknowledge_with_the_deadline(
    client, agent_user, agent2_user, qa_officer_user
):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    make_evaluation(make_call(agent2_user), qa_officer_user)
    # Submitted five days ago: two days left of the seven-day window.
    Evaluation.objects.filter(pk=evaluation.pk).update(
        submitted_at=timezone.now() - timedelta(days=5, minutes=1)
    )
    client.force_login(agent_user)
    page = client.get(URL).content.decode()
    needs = page[page.index('id="needs-me"') : page.index('id="my-scores"')]
    assert f"Evaluation {evaluation.pk}</a>" in needs
    assert "Acknowledge or dispute by" in needs
    deadline = timezone.localtime(timezone.now() + timedelta(days=2) - timedelta(minutes=1))
    assert deadline.strftime("%a %-d %b, %H:%M") in needs
    assert "1 day left" in needs
    scores = page[page.index('id="my-scores"') :]
    assert f"Evaluation {evaluation.pk}</a>" in scores  # and among my last scores
    assert 'name="team"' not in page and 'name="section"' not in page


def test_acknowledged_evaluations_show_the_dispute_window_closing(
    client, agent_user, qa_officer_user
):
    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    ev.evaluation_acknowledge(actor=agent_user, evaluation=evaluation)
    client.force_login(agent_user)
    page = client.get(URL).content.decode()
    assert "Nothing needs you now." in page
    assert "You can still dispute" in page and "the dispute window closes" in page
    Evaluation.objects.filter(pk=evaluation.pk).update(
        submitted_at=timezone.now() - timedelta(days=8)
    )
    assert "You can still dispute" not in client.get(URL).content.decode()


def test_my_last_scores_name_the_criteria_i_missed_and_the_coaching(
    client, agent_user, qa_officer_user, team_leader_user
):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    empathy = Criterion.objects.get(version=evaluation.version, key="empathy")
    coaching_svc.coaching_record(
        actor=team_leader_user,
        evaluation=evaluation,
        criteria=[empathy],
        notes="Say it back to them.",
        follow_up_on=timezone.localdate() + timedelta(days=7),
    )
    client.force_login(agent_user)
    page = client.get(URL).content.decode()
    scores = page[page.index('id="my-scores"') : page.index('id="my-trend"')]
    assert "<dt>Criteria missed</dt>" in scores and escape(empathy.text) in scores
    assert "<dt>Coaching</dt>" in scores and "Nomsa Khumalo on" in scores
    needs = page[page.index('id="needs-me"') : page.index('id="my-scores"')]
    assert "Coaching from Nomsa Khumalo" in needs and "Acknowledge coaching" in needs


def test_the_trend_appears_only_with_enough_evaluations(
    client, agent_user, qa_officer_user, settings
):
    settings.QA_MIN_EVALUATIONS = 3
    for _ in range(2):
        make_evaluation(make_call(agent_user), qa_officer_user)
    client.force_login(agent_user)
    page = client.get(URL).content.decode()
    assert "95% CI" not in page and '<svg class="trend"' not in page
    assert "(so far 2)" in page
    make_evaluation(make_call(agent_user), qa_officer_user, overrides={"empathy": "no"})
    page = client.get(URL).content.decode()
    assert "95% CI" in page and '<svg class="trend"' in page


def test_the_home_costs_the_same_queries_for_three_or_ten_evaluations(
    client, agent_user, qa_officer_user, settings
):
    settings.QA_MIN_EVALUATIONS = 50  # the trend (one more query) stays off in both

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    client.force_login(agent_user)
    client.get(URL)  # the session's first request records its activity (idle timeout)
    for _ in range(3):
        make_evaluation(make_call(agent_user), qa_officer_user, overrides={"empathy": "no"})
    few = queries()
    for _ in range(7):
        make_evaluation(make_call(agent_user), qa_officer_user, overrides={"empathy": "no"})
    assert queries() == few


def test_only_agents_have_this_home(client, qa_officer_user):
    client.force_login(qa_officer_user)
    assert client.get(URL).status_code == 403
