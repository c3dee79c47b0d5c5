"""A call in a language the product cannot score, end to end: ingested, transcribed with the
real engines (tiny.en + the multilingual base), flagged for listening in words, not auto-scored,
and shown with its language on the call page."""

from pathlib import Path

import pytest
from django.urls import reverse

from autoscoring.models import AutoScore
from autoscoring.services.suggestions import call_autoscore
from calls.models import Call
from calls.services.ingest import call_ingest

OTHER = Path(__file__).resolve().parent.parent / "data" / "speech" / "other"
MUNICIPAL_WORDS = ("ekurhuleni", "tembisa", "germiston", "boksburg", "benoni", "siyakhokha")

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.mark.parametrize(
    ("name", "flag", "shown"),
    [
        ("fr-asterisk", "not_english", "French"),
        ("tn-espeak", "unknown_language", "an African language this model does not know"),
    ],
)
def test_non_english_call_is_flagged_not_auto_scored_and_shows_its_language(
    name,
    flag,
    shown,
    client,
    qa_officer_user,
    agent_user,
    site_data,
    django_capture_on_commit_callbacks,
):
    path = OTHER / f"{name}.wav"
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as fh:
        call = call_ingest(
            file=fh,
            original_name=path.name,
            source=Call.Source.FOLDER,
            metadata={"agent": "a.agent", "direction": "inbound"},
        ).call
    call.refresh_from_db()
    assert call.state == Call.State.TRANSCRIBED, call.failure_reason
    assert call.needs_listening
    assert flag in {f["code"] for f in call.flags}
    assert call.language != "en"
    text = " ".join(s["text"] for s in call.transcript.segments).lower()
    assert not any(word in text for word in MUNICIPAL_WORDS)
    assert call_autoscore(call=call) is None
    assert not AutoScore.objects.filter(call=call).exists()

    client.force_login(qa_officer_user)
    page = client.get(reverse("calls:call_detail", args=[call.pk])).content.decode()
    assert shown in page
    assert "Not transcribed." in page
