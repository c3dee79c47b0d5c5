"""User and system CPU of the product's speech-to-text alone, per audio second, on the dev set.

    python bench/asr_cpu.py LABEL '{"beam_size": 3}' [--trim BYTES] [--mmap BYTES]

One setting per process (glibc's malloc settings hold for the whole process): the product's
transcriber (``scoring.transcription``) with one thread, as a `make run` worker, language
identification and diarisation off, so that only tiny.en's decoding of the dev set
(tests/data/speech/dev) is charged; its WER is the product's on that set whenever the language
identification finds every window English (it does on the dev set). ``--trim`` and ``--mmap``
override the transcriber's glibc trim and mmap thresholds (``TRIM_THRESHOLD_BYTES``,
``MMAP_THRESHOLD_BYTES``). Prints one JSON line: WER, user and system CPU seconds per audio
second, the peak resident size and the load average. Run the rows to compare side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("label")
    parser.add_argument("overrides", nargs="?", default="{}", help="EngineSettings, as JSON")
    parser.add_argument("--trim", type=int, help="glibc M_TRIM_THRESHOLD in bytes")
    parser.add_argument("--mmap", type=int, help="glibc M_MMAP_THRESHOLD in bytes")
    args = parser.parse_args(argv)

    import devset

    import scoring.transcription as tr
    from scoring.audio import decode_audio

    if args.trim is not None:
        tr.TRIM_THRESHOLD_BYTES = args.trim
    if args.mmap is not None:
        tr.MMAP_THRESHOLD_BYTES = args.mmap
    engine = tr.get_transcriber(
        cpu_threads=1, language_model="", diarise=False, **json.loads(args.overrides)
    )
    audios = [decode_audio(path) for path, _ in devset.dev_calls()]
    before = resource.getrusage(resource.RUSAGE_SELF)
    texts = [
        " ".join(s.text for s in engine.transcribe(audio).segments if s.is_english)
        for audio in audios
    ]
    after = resource.getrusage(resource.RUSAGE_SELF)
    audio_s = sum(a.duration_s for a in audios)
    scored = devset.score(texts)
    print(
        json.dumps(
            {
                "label": args.label,
                "wer": scored["wer"],
                "user": round((after.ru_utime - before.ru_utime) / audio_s, 4),
                "sys": round((after.ru_stime - before.ru_stime) / audio_s, 4),
                "peak_mb": after.ru_maxrss // 1024,
                "audio_s": round(audio_s, 1),
                "load": round(os.getloadavg()[0], 1),
                "per_call": scored["per_call"],
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
