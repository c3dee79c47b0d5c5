"""A refused recording is explained in a person's words; FFmpeg's own error goes to the log."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from calls.models import Call

pytestmark = pytest.mark.django_db


def test_a_refused_upload_says_what_to_do_and_logs_the_raw_error(client, qa_manager_user, caplog):
    bad = SimpleUploadedFile("minutes.wav", b"meeting minutes, not audio " * 40, "audio/wav")
    client.force_login(qa_manager_user)
    with caplog.at_level(logging.WARNING, logger="scoring.audio"):
        response = client.post(reverse("calls:call_upload"), {"recordings": [bad]}, follow=True)
    page = response.text
    assert "minutes.wav: not an audio file this system can read" in page
    assert "Upload the call recording itself" in page
    assert "Errno" not in page and "Invalid data" not in page
    assert any("Invalid data" in r.getMessage() for r in caplog.records)
    assert not Call.objects.exists()
