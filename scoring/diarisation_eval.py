"""How well mono calls are separated: two-speaker conversations made from real speech, and the
diarisation error rate (DER) against the truth.

A mix is built as a stereo call would be: the agent's utterances on one track, the caller's on
the other, taking turns with pauses and some overlaps; the truth is each track's own speech
(so "the truth is the channel"). The mono call is the two tracks summed, band-limited to the
telephone band, 8 kHz G.711 mu-law WAV, and decoded by the product's own decoder.

Speakers (real recorded speech in tests/data/speech; never the acceptance set):
``austen`` (LibriVox reader of Sense and Sensibility, 5 clips), ``sonnets`` (LibriVox reader of
Shakespeare's sonnets 1-3, dev-01), ``mfa`` (the Montreal Forced Aligner test speaker, dev-02's
three corpora) and ``jfk`` (the inaugural address quote, dev-04; short). Each speaker's first
utterances are kept for enrolling a voiceprint and never appear in a conversation.

DER is computed on 10-ms frames with a 0.25-s collar around every reference turn boundary left
unscored, overlapped speech scored (a one-label hypothesis misses one of two speakers there):
(missed + false alarm + confusion) / reference speech. ``der`` takes the better of the two ways
to map clusters to speakers (the usual DER); ``der_as_named`` keeps the product's agent/caller
names, so a wrong agent pick shows there.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scoring.audio import SAMPLE_RATE, decode_audio, resample

SPEECH = Path(__file__).resolve().parent.parent / "tests" / "data" / "speech"
FRAME_S = 0.01
COLLAR_S = 0.25


@dataclass(frozen=True)
class Utterance:
    speaker: str
    samples: np.ndarray  # 16 kHz
    spans: tuple[tuple[float, float], ...]  # speech inside, seconds from its start


@dataclass
class Mix:
    name: str
    agent: str
    caller: str
    mono_wav: bytes  # 8 kHz mu-law WAV
    truth: list[tuple[str, float, float]]  # (agent|caller, start, end)
    agent_enrolment: list[Utterance]
    duration_s: float


def _dev_clips(call: str) -> list[tuple[str, float, float]]:
    manifest = json.loads((SPEECH / "dev" / "manifest.json").read_text())
    return [(c["source_file"], c["start_s"], c["end_s"]) for c in manifest["calls"][call]["clips"]]


def _speaker_audio() -> dict[str, list[np.ndarray]]:
    """Each speaker's recordings (16 kHz), clip by clip."""
    out: dict[str, list[np.ndarray]] = {"austen": [], "sonnets": [], "mfa": [], "jfk": []}
    for wav in sorted((SPEECH / "librivox").glob("*.wav")):
        out["austen"].append(decode_audio(wav).mono())
    calls = ("dev-01-read-librivox", "dev-02-spontaneous-mfa", "dev-04-phone-and-misc")
    dev = {name: decode_audio(SPEECH / "dev" / f"{name}.wav").mono() for name in calls}
    wanted = {
        "dev-01-read-librivox": ("sonnets", ("p001.mp3", "p002.mp3", "p003.mp3")),
        "dev-02-spontaneous-mfa": (
            "mfa",
            ("acoustic_corpus.wav", "cold_corpus.wav", "cold_corpus3.wav"),
        ),
        "dev-04-phone-and-misc": ("jfk", ("jfk.wav",)),
    }
    for call, (speaker, files) in wanted.items():
        for source, start, end in _dev_clips(call):
            if source in files:
                a, b = int(start * SAMPLE_RATE), int(end * SAMPLE_RATE)
                out[speaker].append(dev[call][a:b])
    return out


def _spans(samples: np.ndarray) -> list[tuple[float, float]]:
    from scoring.diarisation import speech_spans

    return speech_spans(samples)


def utterances(max_s: float = 6.0) -> dict[str, list[Utterance]]:
    """Each speaker's speech cut at pauses into utterances of at most ``max_s``."""
    out: dict[str, list[Utterance]] = {}
    for speaker, clips in _speaker_audio().items():
        cut: list[Utterance] = []
        for clip in clips:
            group: list[tuple[float, float]] = []
            for start, end in _spans(clip):
                if group and end - group[0][0] > max_s:
                    cut.append(_utterance(speaker, clip, group))
                    group = []
                group.append((start, end))
            if group:
                cut.append(_utterance(speaker, clip, group))
        out[speaker] = [u for u in cut if len(u.samples) > 0.4 * SAMPLE_RATE]
    return out


def _utterance(speaker: str, clip: np.ndarray, group: list[tuple[float, float]]) -> Utterance:
    begin, end = group[0][0], group[-1][1]
    piece = clip[int(begin * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
    return Utterance(speaker, piece, tuple((s - begin, e - begin) for s, e in group))


def _telephone_wav(samples: np.ndarray) -> bytes:
    """16 kHz float -> band-limited 8 kHz G.711 mu-law WAV bytes."""
    import av
    from scipy.signal import butter, sosfiltfilt

    x = resample(samples, SAMPLE_RATE, 8000)
    x = sosfiltfilt(butter(6, [300, 3400], btype="bandpass", fs=8000, output="sos"), x)
    pcm = (np.clip(x, -1, 1) * 32767).astype(np.int16)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="wav") as out:
        stream = out.add_stream("pcm_mulaw", rate=8000, layout="mono")
        frame = av.AudioFrame.from_ndarray(pcm[np.newaxis, :], format="s16", layout="mono")
        frame.rate = 8000
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


def make_mix(
    agent: list[Utterance],
    caller: list[Utterance],
    *,
    seed: int,
    turns: int = 16,
    name: str = "",
    enrolment: list[Utterance] | None = None,
) -> Mix:
    """A conversation: the agent opens, then turns alternate (sometimes one party goes on),
    with pauses of 0.2-1.2 s and, one time in five, an overlap of 0.2-0.7 s. Levels differ by
    up to 6 dB between the parties."""
    rng = np.random.default_rng(seed)
    a_order = list(rng.permutation(len(agent)))
    c_order = list(rng.permutation(len(caller)))
    placed: list[tuple[str, Utterance, float]] = []
    t, who = 0.5, "agent"
    for _ in range(turns):
        pool, order = (agent, a_order) if who == "agent" else (caller, c_order)
        u = pool[order.pop(0)] if order else pool[int(rng.integers(len(pool)))]
        placed.append((who, u, t))
        length = len(u.samples) / SAMPLE_RATE
        if rng.random() < 0.2 and placed[-1] is not placed[0]:
            t += length - rng.uniform(0.2, 0.7)
        else:
            t += length + rng.uniform(0.2, 1.2)
        if rng.random() > 0.15:
            who = "caller" if who == "agent" else "agent"
    total = max(start + len(u.samples) / SAMPLE_RATE for _, u, start in placed) + 0.5
    tracks = {"agent": np.zeros(int(total * SAMPLE_RATE) + 1, dtype=np.float32)}
    tracks["caller"] = np.zeros_like(tracks["agent"])
    gains = {"agent": 10 ** (rng.uniform(-3, 3) / 20), "caller": 10 ** (rng.uniform(-3, 3) / 20)}
    for who, u, start in placed:
        a = int(start * SAMPLE_RATE)
        # Each utterance at -22 dBFS of speech (as a recorder's gain control would leave it),
        # then the party's own level.
        speech = np.concatenate(
            [u.samples[int(s * SAMPLE_RATE) : int(e * SAMPLE_RATE)] for s, e in u.spans]
        )
        rms = max(float(np.sqrt(np.mean(np.square(speech)))), 1e-6)
        tracks[who][a : a + len(u.samples)] += u.samples * (10 ** (-22 / 20) / rms * gains[who])
    # The truth is each party's own track as a stereo recorder would hold it: the speech the
    # VAD finds on that channel, through the same telephone chain.
    truth = [
        (who, s, e)
        for who in ("agent", "caller")
        for s, e in _spans(decode_audio(_telephone_wav(tracks[who])).mono())
    ]
    # Line noise at -55 dBFS under both parties (a recorder hears it whoever speaks).
    mono = tracks["agent"] + tracks["caller"]
    mono += (rng.standard_normal(len(mono)) * 10 ** (-55 / 20)).astype(np.float32)
    return Mix(
        name=name or f"{agent[0].speaker}-{caller[0].speaker}-{seed}",
        agent=agent[0].speaker,
        caller=caller[0].speaker,
        mono_wav=_telephone_wav(mono),
        truth=sorted(truth, key=lambda x: x[1]),
        agent_enrolment=enrolment or [],
        duration_s=total,
    )


def _enrol_count(n: int) -> int:
    """Utterances kept back for the voiceprint: 3, or 1 for a speaker with few."""
    return 3 if n >= 8 else 1


def standard_mixes(per_pair: int = 2, turns: int = 16) -> list[Mix]:
    """Mixes of every ordered pair of speakers (agent, caller), ``per_pair`` seeds each."""
    by_speaker = utterances()
    mixes = []
    names = sorted(by_speaker)
    for agent in names:
        k = _enrol_count(len(by_speaker[agent]))
        enrol, talk = by_speaker[agent][:k], by_speaker[agent][k:]
        for caller in names:
            if caller == agent:
                continue
            caller_talk = by_speaker[caller][_enrol_count(len(by_speaker[caller])) :]
            for seed in range(per_pair):
                mixes.append(
                    make_mix(
                        talk,
                        caller_talk,
                        seed=seed,
                        turns=turns,
                        enrolment=enrol,
                        name=f"{agent}>{caller}#{seed}",
                    )  # fmt: skip
                )
    return mixes


def _frames(turns, n: int) -> dict[str, np.ndarray]:
    out = {"agent": np.zeros(n, dtype=bool), "caller": np.zeros(n, dtype=bool)}
    for who, start, end in turns:
        out[who][int(round(start / FRAME_S)) : int(round(end / FRAME_S))] = True
    return out


@dataclass(frozen=True)
class DerResult:
    der: float  # best mapping
    der_as_named: float  # agent/caller as the product named them
    missed: float
    false_alarm: float
    confusion: float
    agent_correct: bool

    def to_dict(self) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def diarisation_error(
    truth: list[tuple[str, float, float]],
    hypothesis: list[tuple[str, float, float]],
    duration_s: float,
    collar_s: float = COLLAR_S,
) -> DerResult:
    """DER of ``hypothesis`` turns against ``truth`` (both (agent|caller, start, end))."""
    n = int(np.ceil(duration_s / FRAME_S)) + 1
    ref, hyp = _frames(truth, n), _frames(hypothesis, n)
    scored = np.ones(n, dtype=bool)
    c = int(round(collar_s / FRAME_S))
    for _who, start, end in truth:
        for edge in (int(round(start / FRAME_S)), int(round(end / FRAME_S))):
            scored[max(0, edge - c) : edge + c] = False

    def error(mapping: dict[str, str]):
        n_ref = ref["agent"].astype(int) + ref["caller"].astype(int)
        n_hyp = hyp["agent"].astype(int) + hyp["caller"].astype(int)
        correct = sum((hyp[h] & ref[r]).astype(int) for h, r in mapping.items())
        missed = np.maximum(0, n_ref - n_hyp)[scored].sum()
        false_alarm = np.maximum(0, n_hyp - n_ref)[scored].sum()
        confusion = (np.minimum(n_ref, n_hyp) - correct)[scored].sum()
        total = max(1, n_ref[scored].sum())
        parts = (missed, false_alarm, confusion)
        return (sum(parts) / total, *(p / total for p in parts))

    named = error({"agent": "agent", "caller": "caller"})
    swapped = error({"agent": "caller", "caller": "agent"})
    best = min(named, swapped)
    return DerResult(
        der=float(best[0]),
        der_as_named=float(named[0]),
        missed=float(best[1]),
        false_alarm=float(best[2]),
        confusion=float(best[3]),
        agent_correct=bool(named[0] <= swapped[0]),
    )
