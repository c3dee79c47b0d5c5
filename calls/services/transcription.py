"""Transcripts out: transcribe a stored call and keep its transcript, redacted text, speech
metrics and flags. Run by the ``calls.tasks.transcribe_call`` task, never in a page view."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from audit.services import audit_record
from calls.engines import agent_channel_for, engine_settings, transcriber
from calls.hooks import on_transcribed
from calls.models import Call, CallMetrics, Transcript
from calls.selectors import agent_voiceprint
from calls.services.leases import (
    TranscriptionLease,
    holds_lease,
    transcription_claim,
    worker_name,
)
from calls.services.voiceprints import voiceprint_enrol
from scoring.audio import AudioError, decode_audio
from scoring.diarisation import CALL_SAMPLE_MAX_WINDOWS, voiceprint
from scoring.metrics import speech_metrics
from scoring.quality import assess_transcript
from scoring.redaction import redact_segments
from scoring.speaker_model import SpeakerModelError
from scoring.transcription import TranscriptionError

logger = logging.getLogger(__name__)


def _fail(call: Call, reason: str, previous: str, worker: str) -> Call:
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if not holds_lease(call, worker):  # taken over meanwhile: the new holder decides
            return call
        Transcript.objects.filter(call=call).delete()
        CallMetrics.objects.filter(call=call).delete()
        call.state = Call.State.FAILED
        call.failure_reason = reason
        call.needs_listening = False
        call.flags = []
        call.transcription_worker = ""
        call.transcription_lease_until = None
        call.full_clean()
        call.save(
            update_fields=[
                "state",
                "failure_reason",
                "needs_listening",
                "flags",
                "transcription_worker",
                "transcription_lease_until",
            ]
        )
        audit_record(
            actor=None,
            action="call.transcription_fail",
            obj=call,
            changes={"state": {"old": previous, "new": Call.State.FAILED}, "reason": reason},
        )
    return call


def call_transcribe(*, call_id: int) -> Call:
    """Transcribe a call, store transcript, redacted text, metrics and flags in one transaction.

    Idempotent: a call already transcribed is returned unchanged, and a rerun after a crash
    replaces whatever was there. A failure leaves the call ``failed`` with the reason and no
    transcript. Cost: the Whisper run (seconds per call minute), outside any transaction.

    Crash-safe (calls.services.leases): the call is claimed under a lease renewed while Whisper
    runs, so a second worker handed the same call returns at once, and the result is stored
    only by the worker still holding the lease; a worker killed mid-call leaves a lease that
    runs out, and the periodic reclaim queues the call again."""
    call = Call.objects.select_related("recording").get(pk=call_id)
    if call.state == Call.State.TRANSCRIBED and Transcript.objects.filter(call=call).exists():
        return call
    previous = call.state
    worker = worker_name()
    if not transcription_claim(call_id=call.pk, worker=worker):
        call.refresh_from_db()
        logger.info(
            "call %s not claimed: %s, lease held by %s",
            call.pk,
            call.state,
            call.transcription_worker or "nobody",
        )
        return call
    engine = engine_settings()
    agent_channel = agent_channel_for(call.source)
    with TranscriptionLease(call.pk, worker) as lease:
        try:
            with call.recording.file.open("rb") as fh:
                audio = decode_audio(fh, max_duration_s=engine.max_duration_s)
            result = transcriber().transcribe(
                audio,
                channel_layout=call.channel_layout,
                agent_channel=agent_channel,
                call_id=str(call.pk),
                # Mono calls: the agent told apart by their voiceprint, else by the opening.
                agent_voiceprint=agent_voiceprint(call.agent_id),
                agent_opens=call.direction != Call.Direction.OUTBOUND,
            )
            voice = _agent_voice(call, audio, result, agent_channel)
        except (AudioError, TranscriptionError, OSError) as exc:
            name = call.recording.original_name or "recording"
            return _fail(call, str(exc).replace("the upload", name, 1), previous, worker)
        except Exception as exc:  # an engine crash must not leave the call "transcribing"
            logger.exception("transcription of call %s crashed", call.pk)
            return _fail(call, f"the transcription engine failed: {exc}", previous, worker)
    if lease.lost:
        logger.warning("call %s: the lease was lost while transcribing", call.pk)
    return _transcription_store(
        call,
        audio=audio,
        result=result,
        engine=engine,
        previous=previous,
        worker=worker,
        voice=voice,
    )


def _transcription_store(
    call: Call, *, audio, result, engine, previous: str, worker: str, voice
) -> Call:
    """Store a finished transcription in one transaction, if this worker still holds the lease:
    transcript and redacted text, metrics, flags, the agent's voice sample (stereo calls), the
    call's new state, the audit event, and the hand-over to auto-scoring after the commit."""
    flags = assess_transcript(result, min_avg_logprob=settings.TRANSCRIPTION_MIN_AVG_LOGPROB)
    redacted, findings = redact_segments(
        result.segments, account_pattern=settings.ACCOUNT_NUMBER_PATTERN
    )
    asr = result.extra["asr"]
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if not holds_lease(locked, worker):
            # Another worker took the call over (this one was paused past its lease): its
            # result, not this one, becomes the call's transcript.
            return locked
        call.transcription_attempts = locked.transcription_attempts
        call.transcription_started_at = locked.transcription_started_at
        call.transcription_worker = ""
        call.transcription_lease_until = None
        Transcript.objects.filter(call=call).delete()
        CallMetrics.objects.filter(call=call).delete()
        Transcript.objects.create(
            call=call,
            segments=[s.to_dict() for s in result.segments],
            redacted_segments=[s.to_dict() for s in redacted],
            redactions=findings,
            language=result.language or "",
            language_probability=asr["language_probability"],
            avg_logprob=asr["avg_logprob"],
            no_speech_prob=asr["no_speech_prob"],
            speakers=asr.get("diarisation"),
        )
        if voice is not None:
            voiceprint_enrol(call=call, embedding=voice[0], speech_s=voice[1])
        _store_metrics(call, result)
        call.state = Call.State.TRANSCRIBED
        call.failure_reason = ""
        call.duration_s = round(audio.duration_s, 2)
        call.channel_layout = asr["channel_layout"]
        call.language = result.language or ""
        call.transcript_engine = engine.engine
        call.transcript_model = engine.model[:200]
        call.transcript_engine_version = asr["engine_version"][:40]
        call.flags = [f.to_dict() for f in flags]
        call.needs_listening = bool(flags)
        call.full_clean()
        call.save()
        audit_record(
            actor=None,
            action="call.transcribe",
            obj=call,
            changes={
                "state": {"old": previous, "new": Call.State.TRANSCRIBED},
                "engine": engine.engine,
                "model": engine.model,
                "flags": [f.code for f in flags],
                "redactions": len(findings),
            },
        )
        # The one hand-over out of calls (auto-scoring registers here): after the commit.
        on_transcribed.send_on_commit(call.pk)
    return call


def _agent_voice(call: Call, audio, result, agent_channel: int):
    """(embedding, seconds) of the agent's voice on a stereo call with a known agent, from
    their own channel where the transcript says they spoke; None otherwise. A failure here
    costs the voice sample, never the transcript."""
    if call.agent_id is None or result.extra["asr"]["channel_layout"] != "stereo":
        return None
    spans = [(s.start, s.end) for s in result.segments if s.speaker == "agent" and s.text]
    try:
        return voiceprint(audio.channels[agent_channel], spans, max_windows=CALL_SAMPLE_MAX_WINDOWS)
    except SpeakerModelError as exc:
        logger.warning("call %s: no voice sample of the agent: %s", call.pk, exc)
        return None


def _store_metrics(call: Call, result) -> CallMetrics:
    """The speech metrics of a transcription result (scoring.metrics), as the call's row."""
    metrics = speech_metrics(
        result.segments, result.duration_s, hold_threshold_s=settings.TRANSCRIPTION_HOLD_SECONDS
    )
    return CallMetrics.objects.create(
        call=call,
        agent_talk_s=metrics.talk_s.get("agent", 0.0),
        caller_talk_s=metrics.talk_s.get("caller", 0.0),
        unknown_talk_s=metrics.talk_s.get("unknown", 0.0),
        talk_listen_ratio=metrics.talk_listen_ratio,
        silence_s=metrics.silence_s,
        longest_silence_s=metrics.longest_silence_s,
        overtalk_s=metrics.overtalk_s,
        hold_count=metrics.hold_count,
        hold_s=metrics.hold_s,
        agent_words_per_minute=metrics.words_per_minute.get("agent"),
        caller_words_per_minute=metrics.words_per_minute.get("caller"),
        holds=metrics.to_dict()["holds"],
    )
