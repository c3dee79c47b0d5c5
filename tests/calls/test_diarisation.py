"""Speakers on mono calls, end to end with real Whisper and the real speaker model: a stereo call
of an agent enrols their voiceprint; their mono call is then ingested, transcribed, its segments
given to agent and caller by that voiceprint, auto-scored with speaker-dependent criteria
answered, and shown on the call page with the speakers marked as inferred."""

import numpy as np
import pytest
from django.urls import reverse

from audit.models import AuditEvent
from autoscoring.models import AutoAnswer
from calls.models import AgentVoiceprint, Call, VoiceSample
from calls.services.ingest import call_ingest
from calls.services.voiceprints import voiceprint_enrol
from scoring.diarisation_eval import make_mix, utterances
from tests.audio_helpers import write_wav

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def speakers():
    return utterances()


def _ingest(path, **metadata):
    with open(path, "rb") as fh:
        return call_ingest(
            file=fh, original_name=path.name, source=Call.Source.FOLDER, metadata=metadata
        ).call


def _stereo_call_of(agent_utterances, caller_utterances, path):
    """Agent left, caller right, taking turns with a second's pause."""
    left, right = [], []
    for a, c in zip(agent_utterances, caller_utterances, strict=False):
        pause = np.zeros(16000, dtype=np.float32)
        left += [a.samples, pause, np.zeros_like(c.samples), pause]
        right += [np.zeros_like(a.samples), pause, c.samples, pause]
    return write_wav(path, [np.concatenate(left) * 0.8, np.concatenate(right) * 0.8])


def test_a_mono_call_gets_agent_and_caller_from_the_voiceprint_of_the_agents_stereo_calls(
    tmp_path, speakers, agent_user, qa_officer_user, client, django_capture_on_commit_callbacks
):
    # 1. A stereo call of the agent (the sonnets reader) enrols their voiceprint.
    stereo = _stereo_call_of(
        speakers["sonnets"][:3], speakers["austen"][:3], tmp_path / "stereo.wav"
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = _ingest(stereo, agent=agent_user.username, channel_layout="stereo")
    first.refresh_from_db()
    assert first.state == Call.State.TRANSCRIBED, first.failure_reason
    assert first.transcript.speakers is None  # the channels said who spoke
    sample = VoiceSample.objects.get(call=first)
    assert sample.agent.user == agent_user and len(sample.embedding) == 256
    assert sample.speech_s > 5
    voiceprint = AgentVoiceprint.objects.get(agent__user=agent_user)
    assert voiceprint.calls == 1
    assert AuditEvent.objects.filter(action="agent.voiceprint_update").count() == 1

    # 2. A mono call of the same agent with a caller (the MFA speaker), as 8 kHz mu-law.
    mix = make_mix(speakers["sonnets"][3:], speakers["mfa"][3:], seed=1)
    mono = tmp_path / "mono.wav"
    mono.write_bytes(mix.mono_wav)
    with django_capture_on_commit_callbacks(execute=True):
        call = _ingest(mono, agent=agent_user.username, channel_layout="mono")
    call.refresh_from_db()
    assert call.state == Call.State.TRANSCRIBED, call.failure_reason
    assert call.channel_layout == "mono"
    speakers_info = call.transcript.speakers
    assert speakers_info["method"] == "voiceprint" and speakers_info["confidence"] > 0.9
    segments = call.transcript.segments
    assert {s["speaker"] for s in segments} == {"agent", "caller"}
    assert all(0 < s["speaker_confidence"] <= 1 for s in segments)
    # The words given to the agent were spoken by the agent (the truth is the agent's track).
    agent_truth = [(s, e) for who, s, e in mix.truth if who == "agent"]

    def agent_spoke(seg):
        middle = (seg["start"] + seg["end"]) / 2
        return any(s - 0.3 <= middle <= e + 0.3 for s, e in agent_truth)

    right = [agent_spoke(s) == (s["speaker"] == "agent") for s in segments]
    assert sum(right) / len(right) >= 0.85, segments
    # No voice sample from a mono call: only a known channel enrols.
    assert VoiceSample.objects.filter(call=call).count() == 0
    assert call.metrics.agent_talk_s > 0 and call.metrics.caller_talk_s > 0
    assert call.metrics.unknown_talk_s == 0

    # 3. Auto-scored with the speakers known: speaker-dependent criteria are answered, with
    # their confidence resting on the inference, not marked "speaker unknown".
    answers = list(AutoAnswer.objects.filter(auto_score__call=call))
    assert answers, "the mono call was auto-scored"
    notes = " ".join(a.note for a in answers)
    assert "speaker unknown" not in notes
    assert "speakers inferred from a mono recording" in notes

    # 4. The call page says the speakers were inferred, and how.
    client.force_login(qa_officer_user)
    page = client.get(reverse("calls:call_detail", args=[call.pk])).text
    assert "were <strong>inferred</strong> from their voices" in page
    assert "recognised by their voiceprint" in page
    assert page.count("(inferred)</span>") == len(segments)


@pytest.mark.django_db
def test_a_voice_sample_must_be_a_vector_of_an_agents_call(tmp_path, agent_user):
    from tests.calls.helpers import short_wav

    call = _ingest(short_wav(tmp_path / "c.wav"), agent=agent_user.username)
    with pytest.raises(ValueError, match="256 finite numbers"):
        voiceprint_enrol(call=call, embedding=np.zeros(10), speech_s=5.0)
    with pytest.raises(ValueError, match="256 finite numbers"):
        voiceprint_enrol(call=call, embedding=np.full(256, np.nan), speech_s=5.0)
    assert not VoiceSample.objects.exists() and not AgentVoiceprint.objects.exists()
    # Enrolling the same call twice keeps one sample (a retranscription is not a second call).
    voiceprint_enrol(call=call, embedding=np.ones(256), speech_s=5.0)
    voiceprint_enrol(call=call, embedding=np.ones(256), speech_s=6.0)
    assert VoiceSample.objects.count() == 1
    assert AgentVoiceprint.objects.get().calls == 1


@pytest.mark.django_db
def test_only_the_latest_voice_samples_are_kept(tmp_path, agent_user, monkeypatch):
    from calls.services import voiceprints
    from tests.calls.helpers import short_wav

    monkeypatch.setattr(voiceprints, "VOICEPRINT_SAMPLES", 2)
    calls = []
    for i in range(3):
        calls.append(_ingest(short_wav(tmp_path / f"c{i}.wav", n=i + 1), agent=agent_user.username))
        vector = np.zeros(256)
        vector[i] = 1.0
        voiceprint_enrol(call=calls[-1], embedding=vector, speech_s=4.0)
    assert set(VoiceSample.objects.values_list("call_id", flat=True)) == {calls[1].pk, calls[2].pk}
    kept = np.array(AgentVoiceprint.objects.get().embedding)
    assert kept[0] == 0 and kept[1] == kept[2] == pytest.approx(2**-0.5, abs=1e-4)
