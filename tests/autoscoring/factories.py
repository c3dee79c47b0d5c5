"""Calls with stored transcripts, for the auto-scoring tests."""

from __future__ import annotations

import hashlib
import itertools

from django.utils import timezone

_counter = itertools.count(1)

INBOUND_SEGMENTS = [
    {"speaker": "agent", "start": 0.0, "end": 4.0,
     "text": "Good morning, City of Ekurhuleni, you're speaking to Thabo. How can I help?"},
    {"speaker": "caller", "start": 4.3, "end": 8.0,
     "text": "There's no water at 14 Mpho Street in Tembisa, my number is 082 555 1234."},
    {"speaker": "agent", "start": 8.4, "end": 12.0,
     "text": "I'm sorry to hear that. Is the street address 14 Mpho Street?"},
    {"speaker": "caller", "start": 12.3, "end": 14.0, "text": "14 Mpho Street, Tembisa."},
    {"speaker": "agent", "start": 14.5, "end": 19.0,
     "text": "I've logged it, your reference number is 4 4 7 1 9. A team will be out within "
             "24 hours."},
    {"speaker": "agent", "start": 19.3, "end": 21.0, "text": "Is there anything else?"},
    {"speaker": "caller", "start": 21.3, "end": 22.0, "text": "No."},
    {"speaker": "agent", "start": 22.3, "end": 24.0,
     "text": "Thank you for calling the City, goodbye."},
]  # fmt: skip


def redact(segments: list[dict]) -> list[dict]:
    out = []
    for s in segments:
        text = s["text"].replace("082 555 1234", "[phone]").replace("14 Mpho Street", "[address]")
        out.append({**s, "text": text})
    return out


def make_call(*, section="inbound", direction="inbound", segments=None, state="transcribed",
              needs_listening=False, agent=None):  # fmt: skip
    from calls.models import Call, Recording, Transcript
    from org.models import Section

    n = next(_counter)
    recording = Recording.objects.create(
        sha256=hashlib.sha256(f"autoscore-test-{n}".encode()).hexdigest(),
        file=f"recordings/test-{n}.wav",
        size_bytes=1000,
        original_name=f"test-{n}.wav",
    )
    call = Call.objects.create(
        recording=recording,
        started_at=timezone.now(),
        duration_s=24.0,
        direction=direction,
        section=Section.objects.get(slug=section),
        agent=agent,
        state=state,
        needs_listening=needs_listening,
    )
    if state == "transcribed":
        segments = INBOUND_SEGMENTS if segments is None else segments
        Transcript.objects.create(
            call=call, segments=segments, redacted_segments=redact(segments), language="en"
        )
    return call
