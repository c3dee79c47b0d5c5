"""Real speech for tests: the LibriVox and "cards" clips from PyPI's pocketsphinx 5.1.1 source
(tests/data/speech, see its README), re-encoded on the fly into telephone formats with PyAV."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
SPEECH = DATA / "speech"
LIBRIVOX = sorted((SPEECH / "librivox").glob("*.wav"))


def librivox(n: int) -> tuple[Path, str]:
    """The n-th LibriVox clip and its reference text."""
    wav = LIBRIVOX[n]
    return wav, wav.with_suffix(".txt").read_text().strip()


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1
        data = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    return data.astype(np.float32) / 32768.0


def write_wav(path: Path, channels: list[np.ndarray], rate: int = 16000) -> Path:
    n = max(len(c) for c in channels)
    data = np.zeros((len(channels), n), dtype=np.float32)
    for i, c in enumerate(channels):
        data[i, : len(c)] = c
    pcm = (np.clip(data, -1, 1) * 32767).astype(np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(len(channels))
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.T.tobytes())
    return path


def encode(
    src: Path,
    dst: Path,
    *,
    codec: str,
    rate: int,
    layout: str = "mono",
    bit_rate: int | None = None,
) -> Path:
    """Re-encode a WAV with PyAV (codec e.g. pcm_mulaw, pcm_alaw, libmp3lame, libopus, flac)."""
    import av

    container_format = {
        "pcm_mulaw": "wav",
        "pcm_alaw": "wav",
        "pcm_s16le": "wav",
        "libmp3lame": "mp3",
        "libopus": "ogg",
        "flac": "flac",
    }[codec]
    with av.open(str(src)) as inp, av.open(str(dst), "w", format=container_format) as out:
        stream = out.add_stream(codec, rate=rate, layout=layout)
        if bit_rate:
            stream.bit_rate = bit_rate
        fmt = stream.codec_context.codec.audio_formats[0].name
        resampler = av.AudioResampler(format=fmt, layout=layout, rate=rate)
        for frame in inp.decode(audio=0):
            frame.pts = None
            for f in resampler.resample(frame):
                for packet in stream.encode(f):
                    out.mux(packet)
        for f in resampler.resample(None):
            for packet in stream.encode(f):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return dst


def stereo_call(path: Path, *, crosstalk_db: float = -20.0) -> tuple[Path, str, str]:
    """A two-party call from two real clips: the agent (left) reads clip 0, then the caller
    (right) reads clip 4 after a pause; each channel also hears the other at ``crosstalk_db``."""
    agent_wav, agent_text = librivox(0)
    caller_wav, caller_text = librivox(4)
    agent, caller = read_wav(agent_wav), read_wav(caller_wav)
    gap = np.zeros(16000, dtype=np.float32)
    left = np.concatenate([agent, gap, np.zeros_like(caller)])
    right = np.concatenate([np.zeros_like(agent), gap, caller])
    bleed = 10 ** (crosstalk_db / 20)
    write_wav(path, [left + bleed * right, right + bleed * left])
    return path, agent_text, caller_text


def normalise(text: str) -> str:
    text = re.sub(r"[^a-z' ]+", " ", text.lower().replace("mr.", "mister"))
    return " ".join(text.split())


# ---- a batch of varied telephone calls (bench/pipeline.py, tests/calls/test_pipeline.py) --------

FIXTURE_CALLS = Path(__file__).resolve().parents[1] / "fixtures" / "recordings"
FIXTURE_METADATA = Path(__file__).resolve().parents[1] / "fixtures" / "recordings-metadata.csv"
# (codec, layout) in turn: the formats telephone recorders write.
CALL_FORMATS = (
    ("pcm_mulaw", "stereo"),
    ("pcm_alaw", "stereo"),
    ("libmp3lame", "mono"),
    ("pcm_mulaw", "mono"),
)


def varied_calls(folder: Path, count: int) -> tuple[list[Path], Path]:
    """``count`` distinct 8 kHz calls in ``folder`` and a metadata CSV for them: the four sample
    calls of fixtures/recordings, then variants of them with one to three real LibriVox readings
    added to the caller's side, in mu-law or A-law WAV (stereo, agent left) or MP3 (mono).
    Every file has different bytes, so none is taken for a duplicate."""
    import csv
    import shutil

    from scoring.audio import decode_audio

    folder.mkdir(parents=True, exist_ok=True)
    with FIXTURE_METADATA.open() as fh:
        rows = list(csv.DictReader(fh))
    bases = [(row, decode_audio(FIXTURE_CALLS / row["file_name"])) for row in rows]
    out_rows, paths = [], []
    for i in range(count):
        row, audio = bases[i % len(bases)]
        if i < len(bases):
            path = folder / row["file_name"]
            shutil.copy(FIXTURE_CALLS / row["file_name"], path)
            meta = dict(row)
        else:
            codec, layout = CALL_FORMATS[i % len(CALL_FORMATS)]
            channels = [c.copy() for c in audio.channels]
            if len(channels) == 1:
                channels = [channels[0], np.zeros_like(channels[0])]
            pause = np.zeros(audio.sample_rate // 2, dtype=np.float32)
            for k in range(1 + i % 3):
                clip = read_wav(LIBRIVOX[(i + k) % len(LIBRIVOX)]) * (0.6 + 0.05 * (i % 5))
                channels[0] = np.concatenate([channels[0], pause, np.zeros_like(clip)])
                channels[1] = np.concatenate([channels[1], pause, clip])
            if layout == "mono":
                channels = [channels[0] + channels[1]]
            wav = write_wav(folder / f"call-{i:03d}-pcm.wav", channels, rate=audio.sample_rate)
            suffix = "mp3" if codec == "libmp3lame" else "wav"
            path = encode(
                wav, folder / f"call-{i:03d}.{suffix}", codec=codec, rate=8000, layout=layout
            )
            wav.unlink()
            meta = dict(row, file_name=path.name, channel_layout=layout)
            minute = i % 60
            meta["started_at"] = f"2026-11-{23 + i % 5:02d}T{8 + i % 9:02d}:{minute:02d}:00+02:00"
            meta["ims_reference"] = f"IMS-2026-{1000 + i}" if meta.get("ims_reference") else ""
        paths.append(path)
        out_rows.append(meta)
    metadata = folder.parent / f"{folder.name}-metadata.csv"
    with metadata.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(out_rows)
    return paths, metadata
