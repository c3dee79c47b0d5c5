"""Suggestions on a call page and the agreement dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from autoscoring.models import AutoScore
from autoscoring.services.suggestions import call_autoscore
from tests.autoscoring.factories import make_call

pytestmark = pytest.mark.django_db


def test_a_qa_officer_sees_suggestions_with_redacted_evidence(client, qa_officer_user):
    call = make_call()
    call_autoscore(call=call)
    client.force_login(qa_officer_user)
    response = client.get(reverse("autoscoring:call_suggestions", args=[call.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Auto-score suggestions" in body
    assert "your reference number is 4 4 7 1 9" in body
    assert "[address]" in body and "14 Mpho Street" not in body


def test_the_suggestions_page_costs_the_same_queries_for_any_number_of_answers(
    client, qa_officer_user, django_assert_max_num_queries
):
    call = make_call()
    call_autoscore(call=call)
    client.force_login(qa_officer_user)
    with django_assert_max_num_queries(12):
        client.get(reverse("autoscoring:call_suggestions", args=[call.pk]))


def test_suggestions_are_not_for_agents_and_unknown_calls_are_404(
    client, agent_user, qa_officer_user
):
    call = make_call()
    client.force_login(agent_user)
    assert client.get(reverse("autoscoring:call_suggestions", args=[call.pk])).status_code == 403
    client.force_login(qa_officer_user)
    assert (
        client.get(reverse("autoscoring:call_suggestions", args=[call.pk + 999])).status_code == 404
    )


def test_rescore_is_a_post_and_stores_suggestions(client, qa_officer_user):
    call = make_call()
    client.force_login(qa_officer_user)
    url = reverse("autoscoring:call_rescore", args=[call.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert AutoScore.objects.filter(call=call).count() == 1


def test_rescore_of_a_flagged_call_says_why_and_changes_nothing(client, qa_officer_user):
    call = make_call(needs_listening=True)
    client.force_login(qa_officer_user)
    response = client.post(reverse("autoscoring:call_rescore", args=[call.pk]), follow=True)
    assert "Not auto-scored" in response.content.decode()
    assert not AutoScore.objects.exists()


def test_the_agreement_dashboard_is_for_qa_managers(client, qa_manager_user, qa_officer_user):
    url = reverse("autoscoring:autoscore_agreement")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(qa_officer_user)
    assert client.get(url).status_code == 403
    client.force_login(qa_manager_user)
    response = client.get(url, {"scorecard": "outbound_collection", "weeks": "8"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Agent confirms they are speaking to the account holder" in body or "right" in body
    assert "last 8 weeks" in body


def test_the_agreement_dashboard_rejects_bad_input_clearly(client, qa_manager_user):
    client.force_login(qa_manager_user)
    url = reverse("autoscoring:autoscore_agreement")
    response = client.get(url, {"scorecard": "nope", "weeks": "many"})
    assert response.status_code == 200
    assert "Unknown scorecard" in response.content.decode()


def test_qa_managers_get_the_dashboard_in_their_navigation(client, qa_manager_user, agent_user):
    client.force_login(qa_manager_user)
    assert (
        reverse("autoscoring:autoscore_agreement")
        in client.get(reverse("autoscoring:autoscore_agreement")).content.decode()
    )
    from core.navigation import items_for

    assert "Auto-score agreement" in [i["label"] for i in items_for(qa_manager_user)]
    assert "Auto-score agreement" not in [i["label"] for i in items_for(agent_user)]


def test_the_call_page_links_qa_staff_to_the_suggestions_and_back(
    client, qa_officer_user, agent_user
):
    from org.models import Agent

    call = make_call(agent=Agent.objects.get(user=agent_user))
    call_autoscore(call=call)
    suggestions = reverse("autoscoring:call_suggestions", args=[call.pk])
    client.force_login(qa_officer_user)
    call_page = client.get(reverse("calls:call_detail", args=[call.pk])).content.decode()
    assert f'href="{suggestions}"' in call_page
    back = client.get(suggestions).content.decode()
    assert f'href="{reverse("calls:call_detail", args=[call.pk])}"' in back
    # The agent may open their own call but not the suggestions: no link to a 403.
    client.force_login(agent_user)
    call_page = client.get(reverse("calls:call_detail", args=[call.pk])).content.decode()
    assert suggestions not in call_page


def test_the_suggestions_page_names_the_call_at_local_time_like_the_call_list(
    client, qa_officer_user
):
    import datetime as dt

    call = make_call()
    call.started_at = dt.datetime(2026, 11, 26, 13, 31, tzinfo=dt.UTC)  # 15:31 in Johannesburg
    call.save(update_fields=["started_at"])
    client.force_login(qa_officer_user)
    body = client.get(reverse("autoscoring:call_suggestions", args=[call.pk])).content.decode()
    assert f"Call {call.pk} (2026-11-26 15:31)" in body
    listing = client.get(reverse("calls:call_list")).content.decode()
    assert "2026-11-26 15:31" in listing
