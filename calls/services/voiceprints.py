"""Agents' voiceprints: enrolled from the agent's own channel of their stereo calls, used to
tell the agent apart on their mono calls (scoring.diarisation)."""

from __future__ import annotations

import numpy as np

from audit.services import audit_record
from calls.models import AgentVoiceprint, Call, VoiceSample

# The voiceprint is the mean of this many of the agent's latest stereo calls: enough to even out
# one call's line and mood, recent enough to follow a voice that changes.
VOICEPRINT_SAMPLES = 20
EMBEDDING_SIZE = 256


def voiceprint_enrol(*, call: Call, embedding: np.ndarray, speech_s: float) -> AgentVoiceprint:
    """Keep the agent's voice as heard on ``call`` (a stereo call of theirs) and recompute their
    voiceprint. Run inside the transaction that stores the call's transcript; a call transcribed
    again replaces its own sample; only the latest ``VOICEPRINT_SAMPLES`` are kept. Audited
    (``agent.voiceprint_update``): a voiceprint is biometric personal data."""
    vector = np.asarray(embedding, dtype=np.float64).reshape(-1)
    if call.agent_id is None:
        raise ValueError("a voice sample needs the call's agent")
    if vector.shape != (EMBEDDING_SIZE,) or not np.all(np.isfinite(vector)) or speech_s <= 0:
        raise ValueError(f"a voice sample is {EMBEDDING_SIZE} finite numbers over some speech")
    VoiceSample.objects.update_or_create(
        call=call,
        defaults={
            "agent_id": call.agent_id,
            "embedding": [round(float(x), 5) for x in vector],
            "speech_s": round(float(speech_s), 1),
        },
    )
    samples = list(
        VoiceSample.objects.filter(agent_id=call.agent_id).order_by("-created_at", "-pk")[
            :VOICEPRINT_SAMPLES
        ]
    )
    # Older samples are deleted: biometric data is kept no longer than it is used.
    VoiceSample.objects.filter(agent_id=call.agent_id).exclude(
        pk__in=[s.pk for s in samples]
    ).delete()
    weights = np.array([s.speech_s for s in samples])
    mean = np.average(np.array([s.embedding for s in samples]), axis=0, weights=weights)
    mean /= max(float(np.linalg.norm(mean)), 1e-9)
    voiceprint, created = AgentVoiceprint.objects.update_or_create(
        agent_id=call.agent_id,
        defaults={
            "embedding": [round(float(x), 5) for x in mean],
            "calls": len(samples),
            "speech_s": round(float(weights.sum()), 1),
        },
    )
    audit_record(
        actor=None,
        action="agent.voiceprint_update",
        obj=voiceprint,
        changes={
            "call": call.pk,
            "created": created,
            "calls": voiceprint.calls,
            "speech_s": voiceprint.speech_s,
        },
    )
    return voiceprint
