"""Peak memory of one worker transcribing a long call, and what the limits do with longer ones.

    python bench/long_call_memory.py [--minutes 30] [--decode-only] [--mp3-170] [--trim BYTES]

Builds a stereo 8 kHz mu-law call of MINUTES by repeating fixtures/recordings/
inbound-water-tembisa.wav (a real stereo call: agent left, caller right), then, in a fresh
process as the worker would, decodes it and transcribes it with the configured engine (settings
as deployed: faster-whisper tiny.en int8, VAD, batched), and prints the peak resident memory
(ru_maxrss) of that process. ``--mp3-170`` builds the 10 MB, 170-minute 8 kbit/s mono MP3 of
the security review and shows that the limits refuse it (and what decoding it would cost).
``--trim`` overrides the transcriber's glibc trim threshold (``TRIM_THRESHOLD_BYTES``) in the
worker process, to compare thresholds on the same call.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "recordings" / "inbound-water-tembisa.wav"


def build_call(
    path: Path, minutes: float, *, codec="pcm_mulaw", layout="stereo", rate=8000, bit_rate=None
) -> None:
    """Repeat the fixture call until it lasts ``minutes``, encoded with ``codec``."""
    import av
    import numpy as np

    with av.open(str(SOURCE)) as src:
        stream = src.streams.audio[0]
        resampler = av.AudioResampler(format="s16p", layout="stereo", rate=rate)
        chunks = [f.to_ndarray() for frame in src.decode(stream) for f in resampler.resample(frame)]
    one = np.concatenate(chunks, axis=1)
    if layout == "mono":
        one = one.mean(axis=0, keepdims=True).astype(np.int16)
    need = int(minutes * 60 * rate)
    out = av.open(str(path), "w")
    ostream = out.add_stream(codec, rate=rate, layout=layout)
    if bit_rate:
        ostream.bit_rate = bit_rate
    written, block = 0, rate * 10
    position = 0
    while written < need:
        take = min(block, need - written, one.shape[1] - position)
        piece = np.ascontiguousarray(one[:, position : position + take])
        position = (position + take) % one.shape[1]
        frame = av.AudioFrame.from_ndarray(piece, format="s16p", layout=layout)
        frame.sample_rate = rate
        for packet in ostream.encode(frame):
            out.mux(packet)
        written += take
    for packet in ostream.encode(None):
        out.mux(packet)
    out.close()


CHILD = r"""
import os, resource, sys, time, json
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
import django
django.setup()
from django.conf import settings
from scoring.audio import decode_audio, AudioError
path, decode_only = sys.argv[1], sys.argv[2] == "1"
if sys.argv[3]:
    import scoring.transcription
    scoring.transcription.TRIM_THRESHOLD_BYTES = int(sys.argv[3])
start = time.time()
out = {{"limit_minutes": settings.TRANSCRIPTION["max_duration_s"] / 60}}
try:
    audio = decode_audio(path, max_duration_s=settings.TRANSCRIPTION["max_duration_s"])
    out["decoded_s"] = round(audio.duration_s, 1)
    out["channels"] = len(audio.channels)
    out["decode_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if not decode_only:
        from calls.engines import transcriber
        result = transcriber().transcribe(audio, call_id="long")
        out["segments"] = len(result.segments)
except AudioError as exc:
    out["refused"] = str(exc)
out["seconds"] = round(time.time() - start, 1)
out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(out))
"""


def measure(path: Path, decode_only: bool, trim: int | None = None) -> str:
    code = CHILD.format(root=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code, str(path), "1" if decode_only else "0", str(trim or "")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    if result.returncode:
        return f"failed: {result.stderr[-2000:]}"
    return result.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--decode-only", action="store_true")
    parser.add_argument("--mp3-170", action="store_true")
    parser.add_argument("--trim", type=int, help="glibc M_TRIM_THRESHOLD in bytes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.mp3_170:
            path = Path(tmp) / "long-170min-8kbps.mp3"
            build_call(path, 170, codec="libmp3lame", layout="mono", bit_rate=8000)
            print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")
        else:
            path = Path(tmp) / f"long-{args.minutes:g}min.wav"
            build_call(path, args.minutes)
            print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, stereo 8 kHz mu-law")
        started = time.time()
        print(measure(path, args.decode_only or args.mp3_170, args.trim))
        print(
            f"wall {time.time() - started:.0f} s; parent peak "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )


if __name__ == "__main__":
    main()
