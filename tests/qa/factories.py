"""Test data for QA: real Call, Transcript and Evaluation rows written straight to the database
(calls with transcripts normally come from the transcription pipeline)."""

from __future__ import annotations

import hashlib
import itertools
from datetime import datetime

from django.utils import timezone

from calls.models import Call, CallLink, Recording, Transcript
from qa.services import evaluations as ev
from scorecards.models import Scorecard

_counter = itertools.count(1)

INBOUND_SEGMENTS = [
    {
        "speaker": "agent",
        "start": 0.0,
        "end": 4.1,
        "text": "Good morning, City of Ekurhuleni, you are speaking to Thabo, how may I help you?",
    },
    {
        "speaker": "caller",
        "start": 4.3,
        "end": 9.0,
        "text": "Hi Thabo, there's no water in Tembisa since yesterday.",
    },
    {
        "speaker": "agent",
        "start": 9.2,
        "end": 14.0,
        "text": "I'm sorry to hear that. What is the street address?",
    },
    {"speaker": "caller", "start": 14.2, "end": 17.5, "text": "12 Mvelase Street, Tembisa."},
    {
        "speaker": "agent",
        "start": 17.7,
        "end": 24.0,
        "text": "Your reference number is 4471, a team will be out within 48 hours.",
    },
    {
        "speaker": "agent",
        "start": 24.2,
        "end": 28.0,
        "text": "Is there anything else I can help with? Thank you for calling the City.",
    },
]


def make_call(
    agent_user=None,
    *,
    section_slug=None,
    started_at=None,
    duration_s=180.0,
    direction=None,
    caller_number="",
    segments=None,
    flags=None,
    complaint_references=None,
    state="transcribed",
):
    from org.models import Agent, Section

    n = next(_counter)
    digest = hashlib.sha256(f"call-{n}-{timezone.now().isoformat()}".encode()).hexdigest()
    recording = Recording.objects.create(
        sha256=digest,
        file=f"recordings/test-{n}.wav",
        size_bytes=1000,
        content_type="audio/wav",
        original_name=f"test-{n}.wav",
    )
    agent = Agent.objects.get(user=agent_user) if agent_user is not None else None
    section = (
        Section.objects.get(slug=section_slug)
        if section_slug
        else (agent.section if agent else Section.objects.get(slug="inbound"))
    )
    if direction is None:
        direction = "outbound" if section.slug == "outbound_collection" else "inbound"
    call = Call.objects.create(
        recording=recording,
        started_at=started_at or timezone.now(),
        duration_s=duration_s,
        direction=direction,
        section=section,
        agent=agent,
        caller_number=caller_number,
        state=state,
        flags=flags or [],
        language="en",
    )
    for reference in complaint_references or []:
        CallLink.objects.create(call=call, case_reference=reference)
    if state == "transcribed":
        Transcript.objects.create(
            call=call,
            segments=segments if segments is not None else INBOUND_SEGMENTS,
            language="en",
        )
    return call


def at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def all_yes(version, **overrides):
    answers = {c.key: {"answer": "yes"} for c in version.criteria.all()}
    for key, value in overrides.items():
        # A failed criterion needs the officer's reason before submission.
        answers[key] = {
            "answer": value,
            "comment": "Not heard on the call." if value == "no" else "",
        }
    return answers


def make_evaluation(call, officer, *, submit=True, overrides=None, sample_item=None):
    """An evaluation by ``officer`` through the real services: all ``yes`` except
    ``overrides`` (criterion key -> answer)."""
    evaluation = ev.evaluation_start(actor=officer, call=call, sample_item=sample_item)
    ev.evaluation_save(
        actor=officer,
        evaluation=evaluation,
        answers=all_yes(evaluation.version, **(overrides or {})),
    )
    if submit:
        ev.evaluation_submit(actor=officer, evaluation=evaluation)
    evaluation.refresh_from_db()
    return evaluation


def inbound_version():
    return Scorecard.objects.get(slug="inbound").current_version()
