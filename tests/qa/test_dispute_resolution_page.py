"""The dispute resolution page gives the manager what they need to decide: the recording (a
player whose playback is the audited listen), the transcript, the officer's comments and cited
evidence beside the agent's reasons."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from qa.services import evaluations as ev
from tests.qa.factories import all_yes, make_call

pytestmark = pytest.mark.django_db


def test_the_resolver_sees_the_audio_and_the_officers_comments(
    client, agent_user, qa_officer_user, qa_manager_user
):
    call = make_call(agent_user)
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=call)
    answers = all_yes(evaluation.version, empathy="no")
    answers["empathy"].update(
        {"comment": "No acknowledgement of the outage at all.", "evidence": ["2"]}
    )
    ev.evaluation_save(
        actor=qa_officer_user,
        evaluation=evaluation,
        answers=answers,
        comment="Efficient call, but cold.",
    )
    ev.evaluation_submit(actor=qa_officer_user, evaluation=evaluation)
    dispute = ev.evaluation_dispute(
        actor=agent_user, evaluation=evaluation, reasons={"empathy": "I said sorry."}
    )
    client.force_login(qa_manager_user)
    page = client.get(f"/qa/disputes/{dispute.pk}/").content.decode()
    assert f'src="/qa/calls/{call.pk}/recording/"' in page
    assert f'data-listen-url="/qa/calls/{call.pk}/listened/"' in page
    assert "Efficient call, but cold." in page
    assert "“No acknowledgement of the outage at all.”" in page
    assert escape("I'm sorry to hear that. What is the street address?") in page
    assert "“I said sorry.”" in page
