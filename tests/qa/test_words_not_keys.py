"""People read a criterion's words, never its key: the dispute form, refusals, the dispute and
coaching on the evaluation page, calibration results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from qa.services import calibration as cal
from qa.services import coaching as coaching_svc
from qa.services import evaluations as ev
from scorecards.models import Criterion
from tests.qa.factories import all_yes, inbound_version, make_call, make_evaluation

pytestmark = pytest.mark.django_db


def _text(version, key):
    return Criterion.objects.get(version=version, key=key).text


def test_the_dispute_form_names_criteria_in_words(client, agent_user, qa_officer_user):
    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    client.force_login(agent_user)
    page = client.get(f"/qa/evaluations/{evaluation.pk}/dispute/").content.decode()
    assert f"Dispute “{escape(_text(evaluation.version, 'agent_name'))}”" in page
    assert "Dispute agent_name" not in page and "Reason for agent_name" not in page


def test_an_incomplete_submission_lists_the_criteria_in_words(agent_user, qa_officer_user):
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=make_call(agent_user))
    ev.evaluation_save(
        actor=qa_officer_user, evaluation=evaluation, answers={"greeting": {"answer": "yes"}}
    )
    with pytest.raises(ValidationError) as refused:
        ev.evaluation_submit(actor=qa_officer_user, evaluation=evaluation)
    message = refused.value.messages[0]
    assert _text(evaluation.version, "agent_name") in message
    assert "agent_name" not in message and "greeting" not in message


def test_a_dispute_without_a_reason_names_the_criterion_in_words(agent_user, qa_officer_user):
    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    with pytest.raises(ValidationError) as refused:
        ev.evaluation_dispute(actor=agent_user, evaluation=evaluation, reasons={"empathy": " "})
    assert _text(evaluation.version, "empathy") in refused.value.messages[0]
    assert "empathy:" not in refused.value.messages[0]


def test_the_evaluation_page_shows_dispute_and_coaching_in_words(
    client, agent_user, qa_officer_user, qa_manager_user, team_leader_user
):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    empathy = Criterion.objects.get(version=evaluation.version, key="empathy")
    dispute = ev.evaluation_dispute(
        actor=agent_user, evaluation=evaluation, reasons={"empathy": "I was kind."}
    )
    ev.dispute_resolve(
        actor=qa_manager_user,
        dispute=dispute,
        decisions={"empathy": {"decision": "changed", "answer": "na", "reason": "Not needed."}},
    )
    client.force_login(agent_user)
    page = client.get(f"/qa/evaluations/{evaluation.pk}/").content.decode()
    assert f"<strong>{escape(empathy.text)}</strong> (was No)" in page
    assert "to N/A:" in page
    assert "<strong>empathy</strong>" not in page


def test_coaching_is_listed_by_criterion_words(
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
        notes="Say it back.",
        follow_up_on=timezone.localdate() + timedelta(days=3),
    )
    client.force_login(agent_user)
    page = client.get(f"/qa/evaluations/{evaluation.pk}/").content.decode()
    assert f"· on {escape(empathy.text)} ·" in page


def test_calibration_results_are_rows_of_criterion_words(
    client, agent_user, qa_manager_user, qa_officer_user, qa_officer2_user
):
    session = cal.calibration_open(
        actor=qa_manager_user,
        call=make_call(agent_user),
        title="Week 45",
        participants=[qa_officer_user, qa_officer2_user],
    )
    for officer, overrides in ((qa_officer_user, {}), (qa_officer2_user, {"empathy": "na"})):
        evaluation = ev.evaluation_start(
            actor=officer, call=session.call, calibration_session=session
        )
        ev.evaluation_save(
            actor=officer, evaluation=evaluation, answers=all_yes(session.version, **overrides)
        )
        ev.evaluation_submit(actor=officer, evaluation=evaluation)
    cal.calibration_close(actor=qa_manager_user, session=session)
    client.force_login(qa_manager_user)
    page = client.get(f"/qa/calibration/{session.pk}/").content.decode()
    version = inbound_version()
    assert f'<th scope="row">{escape(_text(version, "empathy"))}</th>' in page
    assert "<td>empathy</td>" not in page
    assert ">N/A</td>" in page and ">na</td>" not in page
