"""Per-call confidence: should a person listen before trusting this transcript?

A call is flagged "needs listening" when it is not (confidently) English, when Whisper's own
confidence is low, when the audio is poor, or when no speech was found. Whisper has no isiZulu,
isiXhosa, Sesotho, Setswana, Sepedi, Xitsonga, Tshivenda or isiNdebele: such calls cannot be
transcribed, and an English-only model (tiny.en) cannot even say which language it heard, so
it shows up as low confidence instead.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from scoring.language import UNDETERMINED, language_name
from scoring.transcript import Transcript
from scoring.transcription import LANGUAGES_WHISPER_LACKS

MIN_AVG_LOGPROB = -0.9
MAX_NO_SPEECH_PROB = 0.6
MIN_LANGUAGE_PROBABILITY = 0.5


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


def assess_transcript(
    transcript: Transcript,
    *,
    min_avg_logprob: float = MIN_AVG_LOGPROB,
    max_no_speech_prob: float = MAX_NO_SPEECH_PROB,
    min_language_probability: float = MIN_LANGUAGE_PROBABILITY,
) -> list[Flag]:
    """Flags for a transcript made by ``scoring.transcription`` (reads ``extra["asr"]``)."""
    asr = transcript.extra.get("asr", {})
    flags: list[Flag] = []
    language = transcript.language or "en"
    if asr.get("languages"):
        flags += language_flags(asr["languages"])
    elif language != "en":
        flags.append(
            Flag(
                "not_english",
                f"Whisper heard language {language!r}, not English; the transcript may be "
                f"wrong. Whisper cannot transcribe {LANGUAGES_WHISPER_LACKS}.",
            )
        )
    elif (asr.get("language_probability") or 1.0) < min_language_probability:
        flags.append(
            Flag(
                "language_uncertain",
                f"Whisper is unsure the call is in English (p={asr['language_probability']:.2f}).",
            )
        )
    if not transcript.segments:
        flags.append(Flag("no_speech", "No speech was found in the recording."))
    else:
        avg = asr.get("avg_logprob")
        if avg is not None and avg < min_avg_logprob:
            flags.append(
                Flag(
                    "low_confidence",
                    f"Low transcription confidence (mean log-probability {avg:.2f}); the call "
                    f"may be in a language Whisper does not know ({LANGUAGES_WHISPER_LACKS}) or "
                    "hard to hear.",
                )
            )
        no_speech = asr.get("no_speech_prob")
        if no_speech is not None and no_speech > max_no_speech_prob:
            flags.append(
                Flag(
                    "low_confidence_speech",
                    f"Whisper doubts much of this is speech (no-speech probability "
                    f"{no_speech:.2f}).",
                )
            )
    problems = asr.get("audio", {}).get("problems", [])
    if problems:
        flags.append(Flag("poor_audio", "Poor audio: " + "; ".join(problems) + "."))
    return flags


def _seconds(s: float) -> str:
    return f"{s:.0f} s" if s >= 1 else "under a second"


def language_flags(languages: dict) -> list[Flag]:
    """Flags from the per-window language identification (``asr["languages"]``): any speech
    that is not English sends the call to people, and the message says what was heard where."""
    seconds: dict[str, float] = languages.get("languages", {})
    windows = languages.get("windows", [])
    flags = []
    unknown = [w for w in windows if w["language"] == UNDETERMINED]
    if unknown:
        guesses: dict[str, float] = {}
        for w in unknown:
            guesses[w["guess"]] = guesses.get(w["guess"], 0.0) + w["speech_s"]
        guess = max(guesses, key=guesses.get)
        flags.append(
            Flag(
                "unknown_language",
                f"{_seconds(seconds.get(UNDETERMINED, 0.0))} of speech ({len(unknown)} of "
                f"{len(windows)} stretches) sound like an African language this model does not "
                f"know (its nearest guess: {language_name(guess)}). Whisper cannot transcribe "
                f"{LANGUAGES_WHISPER_LACKS}: those stretches were not transcribed, and a person "
                "must listen to the call.",
            )
        )
    if seconds.get("af"):
        flags.append(
            Flag(
                "afrikaans",
                f"Afrikaans heard ({_seconds(seconds['af'])}): transcribed in Afrikaans by the "
                "multilingual model. The scorecard's automatic checks read English only, so a "
                "person scores this call.",
            )
        )
    others = {k: v for k, v in seconds.items() if k not in ("en", "af", UNDETERMINED)}
    if others:
        heard = ", ".join(f"{language_name(k)} ({_seconds(v)})" for k, v in others.items())
        flags.append(
            Flag(
                "not_english",
                f"Heard {heard}: not transcribed (only English and Afrikaans are) and not "
                "auto-scored; a person must listen.",
            )
        )
    if seconds.get("en") and len(seconds) > 1:
        flags.append(
            Flag(
                "code_switched",
                f"The call switches language: English for {_seconds(seconds['en'])}, other "
                "languages for the rest. Only the English stretches are read by the automatic "
                "checks; the transcript marks each stretch's language.",
            )
        )
    return flags
