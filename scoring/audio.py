"""Decode call recordings into 16 kHz float channels with PyAV (no system ffmpeg needed).

Telephone audio arrives as 8 kHz mu-law/A-law WAV, GSM WAV, MP3, OGG/Opus, FLAC or 16 kHz PCM,
mono or stereo (one channel per party). ``decode_audio`` returns every channel separately,
resampled to 16 kHz, plus the facts a reviewer needs to judge the audio quality.

Every failure is an ``AudioError`` subclass whose message is fit to show a user: the file is not
audio, cannot be decoded, holds no sound, or is longer than allowed.
"""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np

SAMPLE_RATE = 16000
# Codecs whose bit rate tells us something about quality (PCM, A-law and GSM are fixed-rate).
LOSSY_CODECS = {"mp3", "mp3float", "aac", "vorbis", "opus", "libopus", "wmav2", "amrnb"}
# Below this per channel, lossy codecs smear telephone speech badly (16 kbit/s MP3 gave ~60% WER).
POOR_BITRATE_PER_CHANNEL = 24_000
QUIET_DBFS = -45.0
CLIPPED_FRACTION = 0.01
# FFmpeg's own words ("[Errno 1094995529] Invalid data found...") go to the log, for whoever
# looks after the system; people read what happened and what to do.
logger = logging.getLogger(__name__)


class AudioError(ValueError):
    """A recording that cannot be transcribed; the message says why in plain words."""

    code = "audio_error"


class NotAudioError(AudioError):
    code = "not_audio"


class UnreadableAudioError(AudioError):
    code = "unreadable"


class EmptyAudioError(AudioError):
    code = "empty"


class TooLongAudioError(AudioError):
    code = "too_long"


@dataclass(slots=True)
class AudioQuality:
    source_sample_rate: int
    codec: str
    bit_rate: int | None
    rms_dbfs: list[float]
    clipped_fraction: list[float]
    problems: list[str] = field(default_factory=list)

    @property
    def poor(self) -> bool:
        return bool(self.problems)

    def to_dict(self) -> dict:
        return {
            "source_sample_rate": self.source_sample_rate,
            "codec": self.codec,
            "bit_rate": self.bit_rate,
            "rms_dbfs": [round(v, 1) for v in self.rms_dbfs],
            "clipped_fraction": [round(v, 4) for v in self.clipped_fraction],
            "problems": list(self.problems),
        }


@dataclass(slots=True)
class DecodedAudio:
    """Channels as float32 arrays in [-1, 1] at ``sample_rate``; ``channels[0]`` is the left one."""

    channels: list[np.ndarray]
    sample_rate: int
    source_channels: int
    quality: AudioQuality

    @property
    def duration_s(self) -> float:
        return len(self.channels[0]) / self.sample_rate if self.channels else 0.0

    @property
    def is_stereo(self) -> bool:
        return len(self.channels) == 2

    def mono(self) -> np.ndarray:
        if len(self.channels) == 1:
            return self.channels[0]
        return np.mean(np.stack(self.channels), axis=0).astype(np.float32)


def _dbfs(x: np.ndarray) -> float:
    rms = float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if len(x) else 0.0
    return 20 * math.log10(rms) if rms > 0 else -120.0


def _active_dbfs(x: np.ndarray, sample_rate: int) -> float:
    """Level of the loudest 30% of 50 ms frames: speech level, not diluted by silence or holds."""
    frame = sample_rate // 20
    n = len(x) // frame
    if n == 0:
        return _dbfs(x)
    energies = np.mean(np.square(x[: n * frame].reshape(n, frame), dtype=np.float64), axis=1)
    top = np.sort(energies)[-max(1, int(n * 0.3)) :]
    rms = math.sqrt(float(np.mean(top)))
    return 20 * math.log10(rms) if rms > 0 else -120.0


def _open_audio(source: str | Path | bytes | BinaryIO):
    """Open ``source`` with PyAV: (container, its first audio stream, the name messages use).
    Raises the AudioError that says what is wrong with a missing, empty or non-audio file."""
    import av  # imported here so that importing scoring never loads FFmpeg

    if isinstance(source, bytes):
        source = io.BytesIO(source)
    name = "the upload"
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = path.name
        if not path.is_file():
            raise UnreadableAudioError(f"{name}: file not found")
        if path.stat().st_size == 0:
            raise EmptyAudioError(f"{name}: the file is empty (0 bytes)")
        source = str(path)
    try:
        container = av.open(source, mode="r")
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, ValueError) as exc:
        logger.warning("%s: not opened as audio: %s", name, exc)
        raise NotAudioError(
            f"{name}: not an audio file this system can read. Upload the call recording itself "
            "(WAV, MP3, OGG, Opus or FLAC)."
        ) from exc
    if not container.streams.audio:
        container.close()
        raise NotAudioError(f"{name}: the file has no audio stream")
    return container, container.streams.audio[0], name


def decode_audio(
    source: str | Path | bytes | BinaryIO,
    *,
    max_duration_s: float | None = None,
    sample_rate: int = SAMPLE_RATE,
) -> DecodedAudio:
    """Decode ``source`` (a path, bytes or a binary file) into separate channels.

    Mono stays one channel. Two channels stay two (checked from the stream, because asking PyAV
    for left/right of a mono file silently returns the same audio twice); a "stereo" file whose
    channels are identical is treated as mono. More than two channels are mixed down to mono.
    Cost: the whole file is held in memory as float32 (about 230 kB per channel-minute).
    """
    import av  # imported here so that importing scoring never loads FFmpeg

    container, stream, name = _open_audio(source)
    with container:
        ctx = stream.codec_context
        source_channels = ctx.channels or 1
        source_rate = ctx.sample_rate or 0
        bit_rate = ctx.bit_rate or container.bit_rate or None
        codec = ctx.name or "unknown"
        if max_duration_s is not None and container.duration:
            declared = container.duration / 1_000_000
            if declared > max_duration_s + 1:
                raise TooLongAudioError(
                    f"{name}: {declared / 60:.1f} minutes is longer than the limit of "
                    f"{max_duration_s / 60:.0f} minutes"
                )
        stereo = source_channels == 2
        resampler = av.AudioResampler(
            format="fltp", layout="stereo" if stereo else "mono", rate=sample_rate
        )
        chunks: list[np.ndarray] = []
        total = 0
        limit = int((max_duration_s + 1) * sample_rate) if max_duration_s is not None else None
        try:
            for frame in container.decode(stream):
                frame.pts = None
                for out in resampler.resample(frame):
                    arr = out.to_ndarray()
                    chunks.append(arr)
                    total += arr.shape[1]
                if limit is not None and total > limit:
                    raise TooLongAudioError(
                        f"{name}: longer than the limit of {max_duration_s / 60:.0f} minutes"
                    )
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray())
        except av.error.FFmpegError as exc:
            logger.warning("%s: decoding stopped after %d samples: %s", name, total, exc)
            raise UnreadableAudioError(
                f"{name}: the audio could not be decoded after {total / sample_rate:.1f} s; the "
                "file looks damaged. Export the recording again from the recorder and upload it."
            ) from exc
    if not chunks:
        raise EmptyAudioError(f"{name}: the recording contains no audio")
    data = np.concatenate(chunks, axis=1).astype(np.float32, copy=False)
    if data.shape[1] < sample_rate // 10:
        raise EmptyAudioError(f"{name}: the recording is shorter than a tenth of a second")
    if float(np.max(np.abs(data))) < 1e-4:
        raise EmptyAudioError(f"{name}: the recording is silent")
    channels = [np.ascontiguousarray(data[i]) for i in range(data.shape[0])]
    if len(channels) == 2 and np.allclose(channels[0], channels[1], atol=1e-4):
        channels = [channels[0]]

    rms = [_active_dbfs(c, sample_rate) for c in channels]
    clipped = [float(np.mean(np.abs(c) >= 0.999)) for c in channels]
    problems = []
    if codec in LOSSY_CODECS and bit_rate and bit_rate / source_channels < POOR_BITRATE_PER_CHANNEL:
        problems.append(
            f"low bit rate ({bit_rate / source_channels / 1000:.0f} kbit/s per channel, {codec})"
        )
    if source_rate and source_rate < 8000:
        problems.append(f"sample rate {source_rate} Hz is below telephone quality")
    for i, level in enumerate(rms):
        if level < QUIET_DBFS:
            problems.append(f"channel {i + 1} is very quiet ({level:.0f} dBFS)")
    for i, frac in enumerate(clipped):
        if frac > CLIPPED_FRACTION:
            problems.append(f"channel {i + 1} is clipped ({frac:.1%} of samples)")
    quality = AudioQuality(
        source_sample_rate=source_rate,
        codec=codec,
        bit_rate=bit_rate,
        rms_dbfs=rms,
        clipped_fraction=clipped,
        problems=problems,
    )
    return DecodedAudio(
        channels=channels,
        sample_rate=sample_rate,
        source_channels=source_channels,
        quality=quality,
    )


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Band-limited resampling through PyAV (used to make 8 kHz telephone copies of clips)."""
    import av

    if from_rate == to_rate:
        return samples.astype(np.float32)
    frame = av.AudioFrame.from_ndarray(
        samples.astype(np.float32).reshape(1, -1), format="flt", layout="mono"
    )
    frame.sample_rate = from_rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=to_rate)
    out = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    out += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(out).astype(np.float32)


@dataclass(frozen=True, slots=True)
class AudioInfo:
    codec: str
    channels: int
    sample_rate: int
    duration_s: float | None


def probe_audio(
    source: str | Path | bytes | BinaryIO, *, max_duration_s: float | None = None
) -> AudioInfo:
    """Cheap check at ingest: is this an audio file, with sound, not too long? Reads the header
    and the first packets only; a file damaged further in fails later, in ``decode_audio``."""
    import av

    container, stream, name = _open_audio(source)
    with container:
        ctx = stream.codec_context
        duration = container.duration / 1_000_000 if container.duration else None
        if duration is not None and duration <= 0.05:
            raise EmptyAudioError(f"{name}: the recording contains no audio")
        if max_duration_s is not None and duration is not None and duration > max_duration_s + 1:
            raise TooLongAudioError(
                f"{name}: {duration / 60:.1f} minutes is longer than the limit of "
                f"{max_duration_s / 60:.0f} minutes"
            )
        try:
            got_frame = False
            for _frame in container.decode(stream):
                got_frame = True
                break
        except av.error.FFmpegError as exc:
            logger.warning("%s: first packets not decoded: %s", name, exc)
            raise UnreadableAudioError(
                f"{name}: the audio could not be decoded; the file looks damaged. Export the "
                "recording again from the recorder and upload it."
            ) from exc
        if not got_frame:
            raise EmptyAudioError(f"{name}: the recording contains no audio")
        return AudioInfo(
            codec=ctx.name or "unknown",
            channels=ctx.channels or 1,
            sample_rate=ctx.sample_rate or 0,
            duration_s=duration,
        )
