"""Factories for investigation tests: cases made through the services, at chosen times."""

from __future__ import annotations

import datetime as dt

import pytest

from core import working_time


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=working_time.TZ)


@pytest.fixture
def make_case(site_data, supervisor_user):
    from investigations.services.cases import case_create

    def make(**kwargs):
        values = {
            "actor": supervisor_user,
            "source": "councillor",
            "complainant_name": "Nomvula Sithole",
            "complainant_phone": "082 123 4567",
            "description": "No water in Tembisa for three days and nobody came.",
            "received_at": at("2026-11-02 10:00"),
            "ward": 7,
        }
        values.update(kwargs)
        return case_create(**values)

    return make


@pytest.fixture
def assigned_case(make_case, supervisor_user, investigator_user):
    """A case acknowledged, assigned to the investigator and being investigated."""
    from investigations.services import workflow

    case = make_case()
    workflow.case_acknowledge(case=case, actor=supervisor_user, now=at("2026-11-02 11:00"))
    workflow.case_assign(
        case=case, actor=supervisor_user, assignee=investigator_user, now=at("2026-11-02 11:05")
    )
    return workflow.case_start(case=case, actor=investigator_user, now=at("2026-11-02 12:00"))


@pytest.fixture
def make_call(site_data):
    from django.core.files.base import ContentFile

    from calls.models import Call, Recording, Transcript

    counter = {"n": 0}

    def make(caller_number="0821234567", ims_reference="", account_number="", transcript=True):
        counter["n"] += 1
        n = counter["n"]
        recording = Recording(
            sha256=f"{n:064d}", size_bytes=4, content_type="audio/wav", original_name=f"call{n}.wav"
        )
        recording.file.save(f"test-call-{n}.wav", ContentFile(b"RIFF"), save=False)
        recording.save()
        call = Call.objects.create(
            recording=recording,
            started_at=at("2026-10-30 09:00"),
            caller_number=caller_number,
            ims_reference=ims_reference,
            account_number=account_number,
            state="transcribed",
        )
        if transcript:
            Transcript.objects.create(
                call=call,
                segments=[
                    {
                        "speaker": "agent",
                        "start": 0.0,
                        "end": 3.0,
                        "text": "Good morning, City of Ekurhuleni, Thabo speaking.",
                    },
                    {
                        "speaker": "caller",
                        "start": 3.2,
                        "end": 6.0,
                        "text": "There is no water in Tembisa, my number is 082 123 4567.",
                    },
                ],
                redacted_segments=[
                    {
                        "speaker": "agent",
                        "start": 0.0,
                        "end": 3.0,
                        "text": "Good morning, City of Ekurhuleni, Thabo speaking.",
                    },
                    {
                        "speaker": "caller",
                        "start": 3.2,
                        "end": 6.0,
                        "text": "There is no water in Tembisa, my number is [PHONE].",
                    },
                ],
            )
        return call

    return make
