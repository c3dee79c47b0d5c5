"""The transcript format of standards.md section 2, as dataclasses.

A transcript is a list of segments, each spoken by ``agent``, ``caller`` or ``unknown`` (a mono
recording that could not be split), with start/end in seconds from the start of the call.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from scoring.safejson import JSONDocumentError, loads_bounded

SPEAKERS = ("agent", "caller", "unknown")


class TranscriptFormatError(ValueError):
    """The data is not a transcript in the standards.md section 2 format."""


@dataclass(frozen=True, slots=True)
class Segment:
    speaker: str
    start: float
    end: float
    text: str
    # Optional engine confidences; absent for hand-written transcripts.
    avg_logprob: float | None = None
    no_speech_prob: float | None = None
    # The language heard in this stretch where it was identified ("und" = a language the model
    # does not know; ``language_guess`` then holds its best guess), and the words with their
    # timing and probability: {"word", "start", "end", "probability"}.
    language: str | None = None
    language_probability: float | None = None
    language_guess: str | None = None
    words: tuple[dict[str, Any], ...] | None = None
    # Set only where the speaker was inferred (a mono call separated by scoring.diarisation):
    # how sure the agent/caller label is, 0-1. None: the channel said who spoke.
    speaker_confidence: float | None = None

    @property
    def is_english(self) -> bool:
        """English, or not identified (a hand-written transcript): what detectors may read."""
        return self.language in (None, "en")

    def to_dict(self) -> dict[str, Any]:
        data = {"speaker": self.speaker, "start": self.start, "end": self.end, "text": self.text}
        for key in (
            "avg_logprob",
            "no_speech_prob",
            "language",
            "language_probability",
            "language_guess",
            "speaker_confidence",
        ):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.words is not None:
            data["words"] = [dict(w) for w in self.words]
        return data


@dataclass(slots=True)
class Transcript:
    segments: list[Segment]
    call_id: str = ""
    language: str | None = None
    duration_s: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Wall-clock seconds spent per stage (e.g. "language_identification"); for benchmarks and
    # logs, never stored with the transcript, which must not change between two runs.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def is_mono(self) -> bool:
        """True when no segment carries an agent/caller label."""
        return all(s.speaker == "unknown" for s in self.segments)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"call_id": self.call_id}
        if self.language is not None:
            data["language"] = self.language
        if self.duration_s is not None:
            data["duration_s"] = round(self.duration_s, 2)
        data.update(self.extra)
        data["segments"] = [s.to_dict() for s in self.segments]
        return data

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: Any) -> Transcript:
        if not isinstance(data, dict):
            raise TranscriptFormatError("a transcript must be a JSON object")
        raw_segments = data.get("segments")
        if not isinstance(raw_segments, list):
            raise TranscriptFormatError("'segments' must be a list")
        segments = []
        for i, raw in enumerate(raw_segments):
            if not isinstance(raw, dict):
                raise TranscriptFormatError(f"segment {i} is not an object")
            speaker = raw.get("speaker", "unknown")
            if speaker not in SPEAKERS:
                raise TranscriptFormatError(
                    f"segment {i}: speaker {speaker!r} is not one of {', '.join(SPEAKERS)}"
                )
            try:
                start = float(raw["start"])
                end = float(raw["end"])
            except (KeyError, TypeError, ValueError) as exc:
                raise TranscriptFormatError(f"segment {i}: start and end must be numbers") from exc
            if not (math.isfinite(start) and math.isfinite(end)) or start < 0:
                raise TranscriptFormatError(
                    f"segment {i}: start and end must be seconds from the start of the call"
                )
            if end < start:
                raise TranscriptFormatError(f"segment {i}: end {end} is before start {start}")
            text = raw.get("text", "")
            if not isinstance(text, str):
                raise TranscriptFormatError(f"segment {i}: text must be a string")
            words = raw.get("words")
            if words is not None and not (
                isinstance(words, list) and all(isinstance(w, dict) for w in words)
            ):
                raise TranscriptFormatError(f"segment {i}: words must be a list of objects")
            language = raw.get("language")
            if language is not None and not isinstance(language, str):
                raise TranscriptFormatError(f"segment {i}: language must be a string")
            segments.append(
                Segment(
                    speaker=speaker,
                    start=start,
                    end=end,
                    text=text,
                    avg_logprob=raw.get("avg_logprob"),
                    no_speech_prob=raw.get("no_speech_prob"),
                    language=language,
                    language_probability=raw.get("language_probability"),
                    language_guess=raw.get("language_guess"),
                    words=tuple(words) if words is not None else None,
                    speaker_confidence=_confidence(raw.get("speaker_confidence"), i),
                )
            )
        duration = data.get("duration_s")
        if duration is not None:
            try:
                duration = float(duration)
            except (TypeError, ValueError):
                raise TranscriptFormatError("'duration_s' must be a number of seconds") from None
            if not math.isfinite(duration) or duration < 0:
                raise TranscriptFormatError("'duration_s' must be a number of seconds")
        return cls(
            segments=segments,
            call_id=str(data.get("call_id", "")),
            language=data.get("language"),
            duration_s=float(duration) if duration is not None else None,
        )

    @classmethod
    def from_json(cls, text: str) -> Transcript:
        try:
            data = loads_bounded(text)
        except JSONDocumentError as exc:
            raise TranscriptFormatError(str(exc)) from None
        return cls.from_dict(data)


def _confidence(value: Any, i: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise TranscriptFormatError(f"segment {i}: speaker_confidence must be a number 0-1")
    return float(value)


def segment_dicts(transcript: Transcript) -> list[dict[str, Any]]:
    return [asdict(s) for s in transcript.segments]
