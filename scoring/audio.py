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

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
# Codecs whose bit rate tells us something about quality (PCM, A-law and GSM are fixed-rate).
LOSSY_CODECS = {"mp3", "mp3float", "aac", "vorbis", "opus", "libopus", "wmav2", "amrnb"}
# Below this per channel, lossy codecs smear telephone speech badly (16 kbit/s MP3 gave ~60% WER).
POOR_BITRATE_PER_CHANNEL = 24_000
QUIET_DBFS = -45.0
CLIPPED_FRACTION = 0.01
# FFmpeg's own words ("[Errno 1094995529] Invalid data found...") go to the log, for whoever
# looks after the system; people read what happened and what to do.


_SPLIT_HINT = (
    "; split the recording into shorter parts, or ask the administrator about the limit "
    "(SIYALALELA_MAX_CALL_MINUTES)"
)


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
    """Channels as float32 arrays in [-1, 1] at ``sample_rate`` (stereo 8 kHz calls: each a
    ``TelephoneChannel``, read like one); ``channels[0]`` is the left one."""

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
    step = max(1, _BLOCK // frame)  # a minute of frames at a time: no full float64 copy
    energies = np.concatenate(
        [
            np.mean(
                np.square(
                    np.asarray(x[i * frame : min(n, i + step) * frame]).reshape(-1, frame),
                    dtype=np.float64,
                ),
                axis=1,
            )
            for i in range(0, n, step)
        ]
    )
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
        log.warning("%s: not opened as audio: %s", name, exc)
        raise NotAudioError(
            f"{name}: not an audio file this system can read. Upload the call recording itself "
            "(WAV, MP3, OGG, Opus or FLAC)."
        ) from exc
    if not container.streams.audio:
        container.close()
        raise NotAudioError(f"{name}: the file has no audio stream")
    stream = container.streams.audio[0]
    if stream.codec_context is None:
        # FFmpeg recognised the container but has no decoder for its audio coding (a WAV with
        # an unknown format tag, for example).
        container.close()
        raise NotAudioError(
            f"{name}: the audio is coded in a format this system cannot decode; "
            "export it as WAV (PCM, mu-law or A-law), MP3, OGG/Opus or FLAC"
        )
    return container, stream, name


# Bytes one second of decoded audio takes per channel (float32 at SAMPLE_RATE): 64 kB, 3.84 MB
# a minute (a quarter of that for stereo 8 kHz calls, see TelephoneChannel). The decoded call is
# held whole because Whisper and the speech metrics need it.
BYTES_PER_CHANNEL_SECOND = SAMPLE_RATE * 4
# Statistics are computed over blocks of this many samples, so no full-length temporary is made.
_BLOCK = SAMPLE_RATE * 60


def decoded_size_bytes(duration_s: float, channels: int, sample_rate: int = SAMPLE_RATE) -> int:
    """What decoding ``duration_s`` seconds of ``channels`` channels costs in memory (float32)."""
    return int(duration_s * sample_rate * 4 * max(1, min(channels, 2)))


class _Buffer:
    """Decoded samples written into one preallocated float32 array (channels x samples), sized
    from the declared duration and never past ``limit`` samples: no list of chunks and no
    concatenated copy, so the peak is the decoded size itself."""

    def __init__(
        self,
        channels: int,
        expected: int,
        limit: int | None,
        *,
        rate: int = SAMPLE_RATE,
        dtype=np.float32,
    ):
        self.limit = limit
        self.rate = rate
        capacity = max(expected, rate)
        if limit is not None:
            capacity = min(capacity, limit)
        self.data = np.empty((channels, capacity), dtype=dtype)
        self.size = 0

    def append(self, block: np.ndarray) -> bool:
        """Add ``block``; False (and nothing added) when it would pass the limit."""
        n = block.shape[1]
        if self.limit is not None and self.size + n > self.limit:
            return False
        if self.size + n > self.data.shape[1]:
            # The container under-declared its duration: grow by half (bounded by the limit).
            grown = max(self.size + n, int(self.data.shape[1] * 1.5))
            if self.limit is not None:
                grown = min(grown, self.limit)
            data = np.empty((self.data.shape[0], grown), dtype=self.data.dtype)
            data[:, : self.size] = self.data[:, : self.size]
            self.data = data
        self.data[:, self.size : self.size + n] = block
        self.size += n
        return True

    def channels(self) -> list[np.ndarray]:
        # Rows of a C-ordered array are contiguous: views, not copies. A buffer much larger than
        # what was decoded is trimmed once (a copy of the decoded part only).
        data = self.data[:, : self.size]
        if self.size < self.data.shape[1] * 0.9:
            data = data.copy()
        self.data = None
        return [data[i] for i in range(data.shape[0])]


class _Samples:
    def __init__(self, data: np.ndarray) -> None:
        self.data = data

    def to_ndarray(self) -> np.ndarray:
        return self.data


class _SplitChannels:
    """In place of a resampler: a decoded stereo 16-bit frame as two rows (left, right)."""

    def resample(self, frame) -> list[_Samples]:
        if frame is None:
            return []
        data = frame.to_ndarray()
        if not frame.format.is_planar:
            data = data.reshape(-1, 2).T
        return [_Samples(data)]


class TelephoneChannel:
    """One channel of an 8 kHz 16-bit call, held as it came (int16, 2 bytes a sample at 8 kHz:
    0.96 MB a minute instead of 3.84 MB as 16 kHz float32), read as the 16 kHz float32 array
    ``decode_audio`` used to return: a slice ``channel[a:b]`` resamples only that stretch (with
    ``_MARGIN`` source samples either side, so the filter sees the same neighbours), and gives
    the very numbers resampling the whole call gives (the resampler is a fixed FIR filter; a
    test compares them bit for bit). Anything else numpy asks of it (``np.asarray``, ``.max()``)
    makes the whole channel, once per request."""

    SOURCE_RATE = 8000
    RATE = SAMPLE_RATE
    _MARGIN = 256
    # 2 s of source a frame: a whole-channel read costs 13.6 ms of CPU per 86 s of call against
    # 20.2 ms with frames of 4096 samples (fewer frames made and converted), same numbers.
    _FRAME = 16384
    dtype = np.dtype(np.float32)
    ndim = 1

    def __init__(self, pcm: np.ndarray) -> None:
        self.pcm = pcm

    def __len__(self) -> int:
        return 2 * len(self.pcm)

    @property
    def shape(self) -> tuple[int]:
        return (len(self),)

    @property
    def size(self) -> int:
        return len(self)

    @property
    def nbytes(self) -> int:
        return self.pcm.nbytes

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if step != 1:
                return self._resampled(0, len(self))[key]
            return self._resampled(start, max(start, stop))
        if isinstance(key, (int, np.integer)):
            i = int(key) + (len(self) if key < 0 else 0)
            if not 0 <= i < len(self):
                raise IndexError(key)
            return self._resampled(i, i + 1)[0]
        return self._resampled(0, len(self))[key]

    def _resampled(self, start: int, stop: int) -> np.ndarray:
        if stop <= start:
            return np.empty(0, dtype=np.float32)
        import av

        first = max(0, start // 2 - self._MARGIN)
        last = min(len(self.pcm), -(-stop // 2) + self._MARGIN)
        # Fed to the resampler in frames of _FRAME samples, as a decoder does: one frame of a
        # minute made the resampler's own buffers ten times the output's size (2 s: a few 100 KB).
        out = np.empty(2 * (last - first), dtype=np.float32)
        resampler = av.AudioResampler(format="flt", layout="mono", rate=self.RATE)
        filled = 0
        for begin in [*range(first, last, self._FRAME), None]:
            if begin is None:
                frame = None
            else:
                chunk = self.pcm[begin : min(last, begin + self._FRAME)]
                frame = av.AudioFrame.from_ndarray(
                    np.ascontiguousarray(chunk).reshape(1, -1), format="s16", layout="mono"
                )
                frame.sample_rate = self.SOURCE_RATE
            for f in resampler.resample(frame):
                data = f.to_ndarray().reshape(-1)[: len(out) - filled]
                out[filled : filled + len(data)] = data
                filled += len(data)
        offset = start - 2 * first
        return out[offset : offset + (stop - start)]

    def __array__(self, dtype=None, copy=None):
        data = self._resampled(0, len(self))
        return data if dtype is None else data.astype(dtype)

    def copy(self) -> np.ndarray:
        return np.asarray(self)

    def __getattr__(self, name):
        if name.startswith("_") or name == "pcm":
            raise AttributeError(name)
        return getattr(np.asarray(self), name)


def _blocks(x: np.ndarray):
    for begin in range(0, len(x), _BLOCK):
        yield x[begin : begin + _BLOCK]


def _peak(x: np.ndarray) -> float:
    return max((float(np.max(np.abs(b))) for b in _blocks(x)), default=0.0)


def _same_channels(a: np.ndarray, b: np.ndarray) -> bool:
    return all(np.allclose(x, y, atol=1e-4) for x, y in zip(_blocks(a), _blocks(b), strict=True))


def _clipped_fraction(x: np.ndarray) -> float:
    if not len(x):
        return 0.0
    return sum(int(np.count_nonzero(np.abs(b) >= 0.999)) for b in _blocks(x)) / len(x)


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

    Cost: the decoded call is held in memory as float32, 3.84 MB per channel-minute at 16 kHz
    (``decoded_size_bytes``), except a stereo 8 kHz 16-bit call (mu-law, A-law, PCM: the
    telephone recorders'), held as it came in int16, 0.96 MB per channel-minute, each channel a
    ``TelephoneChannel`` that makes 16 kHz float32 only of the slice read.
    With ``max_duration_s`` that is also the bound: the output buffer
    is sized before decoding from the declared duration x sample rate x channels, a file
    declaring more than the limit is refused before any decoding, and decoding stops at the
    limit whatever the header claimed (a bounded, preallocated buffer: no chunk list and no
    concatenated copy, so the peak is about the decoded size, not twice it).
    """
    import av  # imported here so that importing scoring never loads FFmpeg

    container, stream, name = _open_audio(source)
    with container:
        ctx = stream.codec_context
        source_channels = ctx.channels or 1
        source_rate = ctx.sample_rate or 0
        bit_rate = ctx.bit_rate or container.bit_rate or None
        codec = ctx.name or "unknown"
        declared = container.duration / 1_000_000 if container.duration else None
        if max_duration_s is not None and declared is not None and declared > max_duration_s + 1:
            raise TooLongAudioError(
                f"{name}: {declared / 60:.1f} minutes is longer than the limit of "
                f"{max_duration_s / 60:.0f} minutes{_SPLIT_HINT}"
            )
        stereo = source_channels == 2
        out_channels = 2 if stereo else 1
        # Stereo telephone audio (8 kHz, 16-bit samples: mu-law, A-law, PCM) is held as it came,
        # 8 kHz int16, a quarter of the 16 kHz float32 size; each slice is made 16 kHz float32
        # when read (TelephoneChannel), the same numbers the resampler gives for the whole call.
        compact = (
            stereo
            and source_rate == TelephoneChannel.SOURCE_RATE
            and sample_rate == TelephoneChannel.RATE
            and getattr(ctx.format, "name", "") in ("s16", "s16p")
        )
        rate = source_rate if compact else sample_rate
        limit = int((max_duration_s + 1) * rate) if max_duration_s is not None else None
        expected = int(((declared or 600) * 1.02 + 1) * rate)
        if compact:
            buffer = _Buffer(out_channels, expected, limit, rate=rate, dtype=np.int16)
            converter = _SplitChannels()
        else:
            buffer = _Buffer(out_channels, expected, limit)
            converter = av.AudioResampler(
                format="fltp", layout="stereo" if stereo else "mono", rate=sample_rate
            )
        truncated_at = _decode_into(
            buffer, container.decode(stream), converter, name, max_duration_s, rate
        )
    channels = _audible_channels(buffer, name, sample_rate)
    quality = _quality(
        channels,
        sample_rate=sample_rate,
        source_rate=source_rate,
        source_channels=source_channels,
        codec=codec,
        bit_rate=bit_rate,
        truncated_at=truncated_at,
    )
    return DecodedAudio(
        channels=channels,
        sample_rate=sample_rate,
        source_channels=source_channels,
        quality=quality,
    )


def _decode_into(buffer: _Buffer, frames, resampler, name, max_duration_s, sample_rate):
    """Resample every frame into ``buffer``. Returns None, or the second at which the file
    stopped being audio: files from some recorders end in data that is not audio (a tag block,
    padding, a half-written frame), and the audio decoded up to there is kept. A file that
    breaks before a second of audio is refused, and so is one that runs past the limit."""
    import av

    try:
        for frame in frames:
            frame.pts = None
            for out in resampler.resample(frame):
                if not buffer.append(out.to_ndarray()):
                    raise TooLongAudioError(
                        f"{name}: longer than the limit of {max_duration_s / 60:.0f} minutes"
                        + _SPLIT_HINT
                    )
        for out in resampler.resample(None):
            buffer.append(out.to_ndarray())  # the resampler's tail: a few ms
        return None
    except av.error.FFmpegError as exc:
        if buffer.size < sample_rate:
            raise UnreadableAudioError(
                f"{name}: the file is damaged: its audio could not be decoded"
                + (f" after {buffer.size / sample_rate:.1f} s" if buffer.size else "")
            ) from exc
        truncated_at = buffer.size / sample_rate
    try:
        for out in resampler.resample(None):
            buffer.append(out.to_ndarray())
    except av.error.FFmpegError:
        pass  # the resampler's tail is a few milliseconds: nothing is lost without it
    return truncated_at


def _audible_channels(buffer: _Buffer, name: str, sample_rate: int) -> list[np.ndarray]:
    """The decoded channels, refused when empty, shorter than a tenth of a second or silent; a
    "stereo" file whose channels are identical becomes mono."""
    if buffer.size == 0:
        raise EmptyAudioError(f"{name}: the recording contains no audio")
    if buffer.size < buffer.rate // 10:
        raise EmptyAudioError(f"{name}: the recording is shorter than a tenth of a second")
    channels = buffer.channels()
    if channels and channels[0].dtype == np.int16:
        channels = [TelephoneChannel(np.ascontiguousarray(c)) for c in channels]
    if max(_peak(c) for c in channels) < 1e-4:
        raise EmptyAudioError(f"{name}: the recording is silent")
    if len(channels) == 2 and _same_channels(channels[0], channels[1]):
        channels = [channels[0].copy()]
    return channels


def _quality(
    channels: list[np.ndarray],
    *,
    sample_rate: int,
    source_rate: int,
    source_channels: int,
    codec: str,
    bit_rate: int | None,
    truncated_at: float | None,
) -> AudioQuality:
    """Levels and clipping per channel, and the problems a listener should know of."""
    rms = [_active_dbfs(c, sample_rate) for c in channels]
    clipped = [_clipped_fraction(c) for c in channels]
    problems = []
    if truncated_at is not None:
        problems.append(
            f"the file ends in data that is not audio: decoded up to {truncated_at:.1f} s"
        )
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
    return AudioQuality(
        source_sample_rate=source_rate,
        codec=codec,
        bit_rate=bit_rate,
        rms_dbfs=rms,
        clipped_fraction=clipped,
        problems=problems,
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
    container: str = ""  # FFmpeg's demuxer name ("wav", "mp3", "matroska,webm"...)


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
                f"{max_duration_s / 60:.0f} minutes{_SPLIT_HINT}"
            )
        try:
            got_frame = False
            for _frame in container.decode(stream):
                got_frame = True
                break
        except av.error.FFmpegError as exc:
            log.warning("%s: first packets not decoded: %s", name, exc)
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
            container=container.format.name or "",
        )
