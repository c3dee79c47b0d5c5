"""Finding calls: the transcript full-text index (FTS5 kept by triggers), the list's filters,
highlighted hits that link to the moment in the audio, and one human name for a call."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from calls.models import Call, Transcript
from tests.qa.factories import at, make_call

pytestmark = pytest.mark.django_db

PIPE = [
    {"speaker": "agent", "start": 0.0, "end": 3.0, "text": "Good morning, City of Ekurhuleni."},
    {"speaker": "caller", "start": 3.5, "end": 8.0, "text": "There is a burst pipe in Tembisa."},
]
METER = [
    {"speaker": "agent", "start": 0.0, "end": 3.0, "text": "Good afternoon, how can I help?"},
    {"speaker": "caller", "start": 3.2, "end": 7.0, "text": "My prepaid meter shows an error."},
]


def test_transcript_words_are_searchable_as_soon_as_the_transcript_is_written(agent_user):
    pipe = make_call(agent_user, segments=PIPE)
    meter = make_call(agent_user, segments=METER)
    assert list(Call.objects.matching_words("burst PIPE")) == [pipe]
    assert set(Call.objects.matching_words("good")) == {pipe, meter}
    assert not Call.objects.matching_words("burst meter").exists()  # every word must be there
    # An update (redaction writing its text) re-indexes; a delete removes the call.
    Transcript.objects.filter(call=meter).update(
        redacted_segments=[dict(METER[1], text="My number is [PHONE], the meter is broken.")]
    )
    assert list(Call.objects.matching_words("broken")) == [meter]
    assert not Call.objects.matching_words("prepaid").exists()  # redacted text replaces it
    Transcript.objects.filter(call=pipe).delete()
    assert not Call.objects.matching_words("pipe").exists()


def test_search_syntax_in_the_box_cannot_break_the_query(agent_user):
    make_call(agent_user, segments=PIPE)
    for text in ['"', "pipe OR", "NEAR(", "*", "pipe)", "-pipe"]:
        list(Call.objects.matching_words(text))


def test_the_list_finds_calls_by_words_and_highlights_the_moment(
    client, agent_user, qa_officer_user
):
    pipe = make_call(agent_user, segments=PIPE, started_at=at(2026, 12, 3, 9, 14))
    make_call(agent_user, segments=METER)
    client.force_login(qa_officer_user)
    page = client.get(reverse("calls:call_list"), {"q": "burst pipe"}).content.decode()
    assert "1 call with these words" in page
    assert "There is a <mark>burst</mark> <mark>pipe</mark> in Tembisa." in page
    assert f'href="/qa/calls/{pipe.pk}/#t=3.5"' in page
    name = f"Call {pipe.pk} · 2026-12-03 09:14 · {agent_user.first_name} {agent_user.last_name[0]}."
    assert pipe.display_name == name and name in page


def test_the_list_filters_by_agent_date_direction_number_and_ims_reference(
    client, agent_user, agent2_user, qa_officer_user
):
    mine = make_call(agent_user, started_at=at(2026, 12, 1), caller_number="0825551234")
    Call.objects.filter(pk=mine.pk).update(ims_reference="IMS-77")
    theirs = make_call(agent2_user, started_at=at(2026, 12, 5), caller_number="0831112222")
    client.force_login(qa_officer_user)
    url = reverse("calls:call_list")

    def found(**params):
        return {c.pk for c in client.get(url, params).context["page_obj"]}

    assert found(agent=mine.agent_id) == {mine.pk}
    assert found(team=theirs.agent.team_id) >= {theirs.pk}
    assert found(date_from="2026-12-04") == {theirs.pk}
    assert found(date_to="2026-12-01") == {mine.pk}
    assert found(direction="inbound") >= {mine.pk}
    assert found(caller_number="234") == {mine.pk}
    assert found(ims_reference="ims-77") == {mine.pk}
    assert found(date_from="not a date", agent=theirs.agent_id) == {theirs.pk}


def test_the_filtered_list_costs_the_same_queries_for_more_rows(
    client, agent_user, qa_officer_user
):
    make_call(agent_user, segments=PIPE)
    client.force_login(qa_officer_user)
    url = reverse("calls:call_list")
    client.get(url)  # the session's first request records its activity (idle timeout)
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"q": "pipe", "direction": "inbound"})
    for _ in range(5):
        make_call(agent_user, segments=PIPE)
    with CaptureQueriesContext(connection) as six:
        client.get(url, {"q": "pipe", "direction": "inbound"})
    assert len(six) == len(one)


def test_an_agent_cannot_open_the_call_list(client, agent_user):
    client.force_login(agent_user)
    assert client.get(reverse("calls:call_list"), {"q": "pipe"}).status_code == 403
