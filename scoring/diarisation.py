"""Who spoke when on a mono call: two speakers separated, and which of them is the agent.

A stereo call has the agent and the caller on their own channels; a mono recording has both on
one, and without this every segment would be spoken by ``unknown``. Steps:

1. Speech is found by frame energy against the recording's noise floor.
2. Each stretch of speech is cut into 1.6-s windows every ``STEP_S`` and each window embedded
   with Resemblyzer's speaker encoder (``scoring.speaker_model``: weights from the package,
   checksum checked, run in numpy).
3. The windows are clustered into two speakers (k-means on the unit vectors, then each window
   reassigned to the nearer centroid); every 10-ms frame of speech takes the side its covering
   windows lean to, smoothed over ``SMOOTH_S``; turns shorter than ``MIN_TURN_S`` join their
   neighbours.
4. Two clusters as alike as one voice split in two (``ONE_VOICE_SIMILARITY``) leave the
   speakers unknown. Otherwise the agent is the cluster nearer the agent's **voiceprint**
   (their mean embedding, enrolled from the agent channel of their stereo calls) when there is
   one and it tells the clusters apart; otherwise the cluster that speaks the **opening** (the
   greeting: the first turn of an inbound call; on an outbound call the callee usually answers
   first, so the agent is the one who speaks after that). The method and a confidence are kept
   with the result.
5. Each transcript word takes the speaker of the frames under it, and a segment whose words
   change speaker is split there (``label_transcript``).

Plain Python, no Django. Costs, 2 cores: about 8 ms of CPU per window (bench/diarisation.py
prints the time per call and the diarisation error rate on mixes of real speakers).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from scoring.speaker_model import HOP, SAMPLE_RATE, WINDOW_FRAMES, get_encoder
from scoring.transcript import Segment, Transcript

WINDOW_S = WINDOW_FRAMES * HOP / SAMPLE_RATE  # 1.6 s
# Seconds between windows. On 24 mixes of real speakers 0.75 s gave the DER of 0.5 s (5.9% and
# 5.8% mean) at 57% of the time (bench/diarisation.py --step).
STEP_S = 0.75
FRAME_S = 0.01
SMOOTH_S = 0.5
MIN_TURN_S = 0.4
VAD_ABOVE_FLOOR_DB = 12.0
VAD_BELOW_PEAK_DB = 35.0
# Voiceprint decision: the agent's cluster must be at least this much nearer (cosine) to the
# voiceprint than the other one, else the opening decides (chosen on the mixes, bench/diarisation).
MIN_VOICEPRINT_MARGIN = 0.03
# Clusters this alike (cosine of their centroids) are one voice split in two, not two people:
# one reader measured 0.95, two real speakers 0.62-0.78; the synthetic espeak voices of the
# sample calls 0.93 (so their speakers stay unknown). The segments then stay "unknown".
ONE_VOICE_SIMILARITY = 0.9
# Enrolment takes at most this much of an agent's speech from one stereo call.
ENROL_MAX_WINDOWS = 60
# ... and a voice sample taken from every stereo call of a known agent (calls.services), whose
# voiceprint is the mean of their latest 20 such samples, this much: 20 windows (32 s of
# speech) per call is 400 windows per voiceprint, a third of the CPU of 60 (bench/stages.py
# "agent voice"); one enrolment of 20 windows still picked the agent on 24 of 24 mixes
# (bench/diarisation.py with the cap at 20).
CALL_SAMPLE_MAX_WINDOWS = 20


@dataclass(frozen=True, slots=True)
class Turn:
    speaker: int  # cluster 0 or 1, or after naming, see Diarisation.names
    start: float
    end: float


@dataclass(slots=True)
class Diarisation:
    """Turns of two clusters and which cluster is the agent."""

    turns: list[Turn]
    agent_cluster: int
    method: str  # "voiceprint", "opening" or "one-voice" (speakers left unknown)
    confidence: float
    voiceprint_similarity: list[float] | None = None  # cluster 0, cluster 1
    centroid_similarity: float | None = None
    separation: float | None = None  # mean cosine to own centroid minus to the other's
    windows: int = 0
    seconds: float = 0.0
    frame_labels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    frame_margin: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    def speaker_of(self, cluster: int) -> str:
        return "agent" if cluster == self.agent_cluster else "caller"

    def named_turns(self) -> list[tuple[str, float, float]]:
        return [(self.speaker_of(t.speaker), t.start, t.end) for t in self.turns]

    def to_dict(self) -> dict:
        talk = {"agent": 0.0, "caller": 0.0}
        for name, start, end in self.named_turns():
            talk[name] += end - start
        return {
            "method": self.method,
            "confidence": round(self.confidence, 2),
            "voiceprint_similarity": (
                [round(s, 3) for s in self.voiceprint_similarity]
                if self.voiceprint_similarity
                else None
            ),
            "centroid_similarity": (
                round(self.centroid_similarity, 3) if self.centroid_similarity is not None else None
            ),
            "talk_s": {k: round(v, 1) for k, v in talk.items()},
            "windows": self.windows,
            "model": "resemblyzer 0.1.4 voice encoder",
        }


def speech_spans(samples: np.ndarray) -> list[tuple[float, float]]:
    """Stretches of speech (seconds) by frame energy: 20-ms frames, smoothed over 100 ms, more
    than ``VAD_ABOVE_FLOOR_DB`` above the recording's noise floor (its 10th percentile) and
    within ``VAD_BELOW_PEAK_DB`` of its loud speech; gaps under 0.3 s bridged, stretches under
    0.2 s dropped. (Silero's VAD, which faster-whisper ships, found only a quarter of a clear
    female reader's speech once band-limited to the telephone band.)"""
    frame = SAMPLE_RATE // 50
    n = len(samples) // frame
    if n == 0:
        return []
    power = np.mean(np.square(samples[: n * frame].reshape(n, frame), dtype=np.float64), axis=1)
    level = 10 * np.log10(np.convolve(power, np.ones(5) / 5, mode="same") + 1e-10)
    floor, loud = np.percentile(level, 10), np.percentile(level, 95)
    threshold = max(floor + VAD_ABOVE_FLOOR_DB, loud - VAD_BELOW_PEAK_DB)
    voiced = level > threshold
    spans: list[list[float]] = []
    for i in np.flatnonzero(voiced):
        t = i * 0.02
        if spans and t - spans[-1][1] <= 0.3:
            spans[-1][1] = t + 0.02
        else:
            spans.append([t, t + 0.02])
    return [(round(a, 2), round(b, 2)) for a, b in spans if b - a >= 0.2]


def window_starts(spans: list[tuple[float, float]], total_s: float) -> list[float]:
    """Start times of the 1.6-s windows over ``spans``: every ``STEP_S`` inside a stretch long
    enough, one centred window on a shorter one."""
    starts: list[float] = []
    latest = max(0.0, total_s - WINDOW_S)
    for start, end in spans:
        if end - start <= WINDOW_S:
            starts.append(min(latest, max(0.0, (start + end - WINDOW_S) / 2)))
            continue
        t = start
        while t + WINDOW_S < end:
            starts.append(t)
            t += STEP_S
        starts.append(end - WINDOW_S)
    return starts


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)


def _two_clusters(embeds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Labels (0/1) and the two unit centroids."""
    from sklearn.cluster import KMeans  # deferred: scikit-learn is heavy to import

    labels = KMeans(n_clusters=2, n_init=10, random_state=0).fit_predict(embeds)
    for _ in range(5):  # spherical refinement: nearest centroid by cosine
        if len(set(labels.tolist())) < 2:
            break
        centroids = _unit(np.stack([embeds[labels == k].mean(axis=0) for k in (0, 1)]))
        new = np.argmax(embeds @ centroids.T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    if len(set(labels.tolist())) < 2:
        centroid = _unit(embeds.mean(axis=0))
        return np.zeros(len(embeds), dtype=int), np.stack([centroid, centroid])
    centroids = _unit(np.stack([embeds[labels == k].mean(axis=0) for k in (0, 1)]))
    return labels, centroids


def _frame_track(
    spans, starts, margins: np.ndarray, total_s: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per 10-ms frame: cluster (0, 1, or -1 outside speech) and how clearly (0-1)."""
    n = int(np.ceil(total_s / FRAME_S)) + 1
    score = np.zeros(n, dtype=np.float64)
    weight = np.zeros(n, dtype=np.float64)
    width = int(round(WINDOW_S / FRAME_S))
    taper = np.hanning(width + 2)[1:-1]  # a window speaks mostly for its middle
    for start, margin in zip(starts, margins, strict=True):
        a = int(round(start / FRAME_S))
        b = min(n, a + width)
        score[a:b] += margin * taper[: b - a]
        weight[a:b] += taper[: b - a]
    mean = np.divide(score, weight, out=np.zeros(n), where=weight > 0)
    k = max(1, int(round(SMOOTH_S / FRAME_S)))
    mean = np.convolve(mean, np.ones(k) / k, mode="same")
    speech = np.zeros(n, dtype=bool)
    for start, end in spans:
        speech[int(start / FRAME_S) : int(np.ceil(end / FRAME_S))] = True
    labels = np.where(mean >= 0, 0, 1).astype(np.int8)
    labels[~speech] = -1
    clarity = np.clip(np.abs(mean) / 0.1, 0.0, 1.0).astype(np.float32)
    return labels, clarity


def _turns(labels: np.ndarray) -> list[Turn]:
    turns: list[Turn] = []
    i, n = 0, len(labels)
    while i < n:
        if labels[i] < 0:
            i += 1
            continue
        j = i
        while j < n and labels[j] == labels[i]:
            j += 1
        turns.append(Turn(int(labels[i]), round(i * FRAME_S, 2), round(j * FRAME_S, 2)))
        i = j
    # A turn too short to be a speaker's own goes to the longer neighbour it touches.
    for _ in range(3):
        relabelled = []
        for k, t in enumerate(turns):
            if t.end - t.start < MIN_TURN_S:
                touching = [
                    u
                    for u in turns[max(0, k - 1) : k] + turns[k + 1 : k + 2]
                    if abs(u.end - t.start) < 0.02 or abs(u.start - t.end) < 0.02
                ]
                if touching:
                    t = replace(t, speaker=max(touching, key=lambda u: u.end - u.start).speaker)
            relabelled.append(t)
        merged: list[Turn] = []
        for t in relabelled:
            if merged and merged[-1].speaker == t.speaker and t.start - merged[-1].end < 0.02:
                merged[-1] = replace(merged[-1], end=t.end)
            else:
                merged.append(t)
        if len(merged) == len(turns):
            break
        turns = merged
    return turns


def _opening_cluster(turns: list[Turn], agent_opens: bool) -> tuple[int, float]:
    """The agent's cluster by the opening, and how sure (0-1): the first turn of 0.5 s or more
    on an inbound call; on an outbound call the first turn of the other cluster after the
    callee's answer, unless that answer is already long (then the caller did not open)."""
    substantial = [t for t in turns if t.end - t.start >= 0.5] or turns
    first = substantial[0]
    if agent_opens:
        return first.speaker, 0.7
    if first.end - first.start > 4.0:  # a long first turn: the agent introducing themselves
        return first.speaker, 0.55
    return 1 - first.speaker, 0.6


def diarise(
    samples: np.ndarray,
    *,
    agent_voiceprint: np.ndarray | None = None,
    agent_opens: bool = True,
    spans: list[tuple[float, float]] | None = None,
) -> Diarisation:
    """Two speakers of a mono call (16 kHz samples) and which one is the agent."""
    t0 = time.perf_counter()
    total_s = len(samples) / SAMPLE_RATE
    spans = speech_spans(samples) if spans is None else spans
    starts = window_starts(spans, total_s)
    if len(starts) < 2:
        labels = np.full(int(np.ceil(total_s / FRAME_S)) + 1, -1, dtype=np.int8)
        for start, end in spans:
            labels[int(start / FRAME_S) : int(np.ceil(end / FRAME_S))] = 0
        return Diarisation(
            turns=_turns(labels),
            agent_cluster=0,
            method="one-voice",
            confidence=0.0,
            windows=len(starts),
            seconds=time.perf_counter() - t0,
            frame_labels=labels,
            frame_margin=np.zeros(len(labels), dtype=np.float32),
        )
    embeds = get_encoder().embed_windows(samples, [int(s * SAMPLE_RATE) for s in starts])
    clusters, centroids = _two_clusters(embeds)
    margins = embeds @ centroids[0] - embeds @ centroids[1]
    separation = float(np.mean(np.where(clusters == 0, margins, -margins)))
    labels, clarity = _frame_track(spans, starts, margins, total_s)
    turns = _turns(labels)
    if not turns:
        return Diarisation(
            [], 0, "one-voice", 0.0, windows=len(starts), seconds=time.perf_counter() - t0
        )
    centroid_similarity = float(centroids[0] @ centroids[1])
    method, agent, confidence, similarity = "opening", *_opening_cluster(turns, agent_opens), None
    if agent_voiceprint is not None:
        v = _unit(np.asarray(agent_voiceprint, dtype=np.float32))
        similarity = [float(centroids[k] @ v) for k in (0, 1)]
        margin = abs(similarity[0] - similarity[1])
        if margin >= MIN_VOICEPRINT_MARGIN:
            method, agent = "voiceprint", int(np.argmax(similarity))
            confidence = float(0.5 + 0.49 * np.tanh(margin / 0.05))
    if centroid_similarity >= ONE_VOICE_SIMILARITY:
        method, confidence = "one-voice", 0.0
    return Diarisation(
        turns=turns,
        agent_cluster=agent,
        method=method,
        confidence=confidence,
        voiceprint_similarity=similarity,
        centroid_similarity=centroid_similarity,
        separation=separation,
        windows=len(starts),
        seconds=time.perf_counter() - t0,
        frame_labels=_labels_from_turns(turns, len(labels)),
        frame_margin=clarity,
    )


def _labels_from_turns(turns: list[Turn], n: int) -> np.ndarray:
    labels = np.full(n, -1, dtype=np.int8)
    for t in turns:
        labels[int(round(t.start / FRAME_S)) : int(round(t.end / FRAME_S))] = t.speaker
    return labels


def _speaker_at(d: Diarisation, start: float, end: float) -> tuple[int, float]:
    """The cluster of the frames in [start, end] (nearest speech if none) and its clarity."""
    labels = d.frame_labels
    a = max(0, int(start / FRAME_S))
    b = max(a + 1, int(np.ceil(end / FRAME_S)))
    part = labels[a:b]
    voiced = part[part >= 0]
    if len(voiced):
        votes = np.bincount(voiced, minlength=2)
        cluster = int(np.argmax(votes))
        clarity = float(np.mean(d.frame_margin[a:b][part == cluster])) if len(d.frame_margin) else 0
        return cluster, clarity
    if not d.turns:
        return d.agent_cluster, 0.0
    middle = (start + end) / 2
    nearest = min(d.turns, key=lambda t: min(abs(t.start - middle), abs(t.end - middle)))
    return nearest.speaker, 0.0


def _segment_confidence(d: Diarisation, clarity: float) -> float:
    return round(d.confidence * (0.6 + 0.4 * clarity), 2)


def label_transcript(transcript: Transcript, d: Diarisation) -> Transcript:
    """The transcript with each ``unknown`` segment given to the agent or the caller, split where
    its words change speaker. Segments of a known speaker are left alone."""
    if d.method == "one-voice":
        return transcript
    out: list[Segment] = []
    for seg in transcript.segments:
        if seg.speaker != "unknown":
            out.append(seg)
            continue
        if not seg.words:
            cluster, clarity = _speaker_at(d, seg.start, seg.end)
            out.append(
                replace(
                    seg,
                    speaker=d.speaker_of(cluster),
                    speaker_confidence=_segment_confidence(d, clarity),
                )
            )
            continue
        runs: list[tuple[int, list[dict], list[float]]] = []
        for w in seg.words:
            cluster, clarity = _speaker_at(d, float(w["start"]), float(w["end"]))
            if runs and runs[-1][0] == cluster:
                runs[-1][1].append(w)
                runs[-1][2].append(clarity)
            else:
                runs.append((cluster, [w], [clarity]))
        if len(runs) == 1:
            cluster, _, clarities = runs[0]
            out.append(
                replace(
                    seg,
                    speaker=d.speaker_of(cluster),
                    speaker_confidence=_segment_confidence(d, float(np.mean(clarities))),
                )
            )
            continue
        for cluster, words, clarities in runs:
            out.append(
                replace(
                    seg,
                    speaker=d.speaker_of(cluster),
                    start=round(float(words[0]["start"]), 2),
                    end=round(float(max(w["end"] for w in words)), 2),
                    text=" ".join(str(w["word"]) for w in words),
                    words=tuple(words),
                    speaker_confidence=_segment_confidence(d, float(np.mean(clarities))),
                )
            )
    return replace(transcript, segments=out)


def diarise_transcript(
    transcript: Transcript,
    samples: np.ndarray,
    *,
    agent_voiceprint: np.ndarray | None = None,
    agent_opens: bool = True,
) -> Transcript:
    """A mono call's transcript with its speakers separated (see the module docstring); the
    method and confidence go to ``extra["asr"]["diarisation"]``, the time to ``timings``."""
    if not transcript.segments:
        return transcript
    d = diarise(samples, agent_voiceprint=agent_voiceprint, agent_opens=agent_opens)
    labelled = label_transcript(transcript, d)
    extra = dict(transcript.extra)
    asr = dict(extra.get("asr", {}))
    asr["diarisation"] = d.to_dict()
    extra["asr"] = asr
    return replace(labelled, extra=extra, timings={**transcript.timings, "diarisation": d.seconds})


def voiceprint(
    samples: np.ndarray,
    spans: list[tuple[float, float]],
    *,
    max_windows: int = ENROL_MAX_WINDOWS,
) -> tuple[np.ndarray, float] | None:
    """One speaker's mean embedding from the stretches ``spans`` of their own channel (at most
    ``max_windows`` windows, spread over the call), with the seconds of speech it rests on;
    None with too little speech (under 3 s)."""
    spoken = sum(end - start for start, end in spans)
    if spoken < 3.0:
        return None
    starts = window_starts(spans, len(samples) / SAMPLE_RATE)
    if len(starts) > max_windows:
        keep = np.linspace(0, len(starts) - 1, max_windows).round().astype(int)
        starts = [starts[i] for i in keep]
    embeds = get_encoder().embed_windows(samples, [int(s * SAMPLE_RATE) for s in starts])
    return _unit(embeds.mean(axis=0)), round(spoken, 1)
