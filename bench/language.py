"""Language identification benchmark: windows of real English (the dev set) and of other
languages (tests/data/speech/other), a confusion table English / Afrikaans / other, and the
time it costs.

    python bench/language.py [--json OUT]

A window is "flagged" when it is not called English: such a call goes to people, not to the
auto-scorer. Targets: >= 98% of English windows called English, >= 95% of the others flagged.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEV = ROOT / "tests" / "data" / "speech" / "dev"
OTHER = ROOT / "tests" / "data" / "speech" / "other"


SAMPLE_CALLS = ROOT / "fixtures" / "recordings"


def truth_of(path: Path) -> tuple[str, str]:
    """(group, language) of a test file from its name."""
    if path.parent == DEV:
        return "English", "en"
    if path.parent == SAMPLE_CALLS:
        return "English, synthetic (sample calls)", "en"
    code = path.stem.split("-")[0]
    if code == "nl":  # reported apart: the language nearest Afrikaans
        return "other: Dutch (real)", code
    return ("Afrikaans" if code == "af" else "other"), code


def windows_of(path: Path):
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    from scoring.audio import decode_audio
    from scoring.language import get_identifier
    from scoring.transcription import EngineSettings

    settings = EngineSettings()
    identifier = get_identifier("base", cpu_threads=2)
    windows, seconds = [], 0.0
    for samples in decode_audio(path).channels:  # each party on its own, as the product does
        stamps = get_speech_timestamps(samples, VadOptions(**settings.vad_parameters()))
        t0 = time.perf_counter()
        windows += identifier.windows(samples, stamps)
        seconds += time.perf_counter() - t0
    return windows, seconds


def run() -> dict:
    files = (
        sorted(DEV.glob("dev-*.wav"))
        + sorted(OTHER.glob("*.wav"))
        + sorted(p for p in SAMPLE_CALLS.glob("*.*") if p.suffix in (".wav", ".mp3"))
    )
    columns = ("en", "af", "other language", "und")
    table: dict[str, dict[str, int]] = {}
    per_file = {}
    lid_s = speech_s = 0.0
    for path in files:
        group, code = truth_of(path)
        windows, seconds = windows_of(path)
        lid_s += seconds
        speech_s += sum(w.speech_s for w in windows)
        row = table.setdefault(group, dict.fromkeys(columns, 0))
        for w in windows:
            col = w.language if w.language in ("en", "af", "und") else "other language"
            row[col] += 1
        per_file[path.name] = [(w.language, w.guess, round(w.probability, 2)) for w in windows]
    summary = {}
    for group, row in table.items():
        n = sum(row.values())
        summary[group] = {
            "windows": n,
            "called English": row["en"] / n if n else 0.0,
            "flagged": 1 - row["en"] / n if n else 0.0,
        }
    return {
        "table": table,
        "summary": summary,
        "lid_seconds": round(lid_s, 2),
        "speech_seconds": round(speech_s, 1),
        "lid_seconds_per_speech_minute": round(60 * lid_s / speech_s, 2) if speech_s else None,
        "per_file": per_file,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = run()
    print(f"{'truth / called':36} {'en':>5} {'af':>5} {'other':>6} {'und':>5}   flagged")
    for group, row in result["table"].items():
        s = result["summary"][group]
        print(
            f"{group:36} {row['en']:5} {row['af']:5} {row['other language']:6} {row['und']:5}"
            f"   {s['flagged']:.1%} of {s['windows']}"
        )
    print(
        f"\nLID time: {result['lid_seconds']} s for {result['speech_seconds']} s of speech "
        f"({result['lid_seconds_per_speech_minute']} s per minute of speech)"
    )
    for name, ws in result["per_file"].items():
        print(f"  {name}: {ws}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
