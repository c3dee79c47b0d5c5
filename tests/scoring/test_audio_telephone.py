"""Stereo 8 kHz calls are held as they came (int16) and made 16 kHz float32 a slice at a time:
the slices must be the very numbers resampling the whole call gives, or transcripts change."""

from pathlib import Path

import av
import numpy as np
import pytest

from scoring.audio import TelephoneChannel, decode_audio

RECORDINGS = Path(__file__).resolve().parents[2] / "fixtures" / "recordings"


def _whole_call_resampled(path: Path) -> np.ndarray:
    """What decode_audio returned before: the whole call through one stereo resampler."""
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=16000)
    chunks = []
    with av.open(str(path)) as container:
        for frame in container.decode(container.streams.audio[0]):
            frame.pts = None
            chunks += [f.to_ndarray() for f in resampler.resample(frame)]
    chunks += [f.to_ndarray() for f in resampler.resample(None)]
    return np.concatenate(chunks, axis=1)


@pytest.mark.parametrize("name", ["inbound-water-tembisa.wav", "outbound-collection-naidoo.wav"])
def test_telephone_channels_are_bitwise_the_whole_call_resampled(name):
    path = RECORDINGS / name
    audio = decode_audio(path)
    whole = _whole_call_resampled(path)
    assert all(isinstance(c, TelephoneChannel) for c in audio.channels)
    # two channels of int16 at half the rate: a quarter of 16 kHz float32
    assert sum(c.nbytes for c in audio.channels) == whole.nbytes // 4
    for i, channel in enumerate(audio.channels):
        n = len(channel)
        assert n == whole.shape[1]
        assert np.array_equal(np.asarray(channel), whole[i])
        for a, b in [(0, 1), (0, 4000), (1, 2), (12345, 12345 + 160_000), (n - 7, n), (n // 3, n)]:
            assert np.array_equal(channel[a:b], whole[i][a:b]), (i, a, b)
        assert channel[-1] == whole[i][-1]
        assert channel[5:3].size == 0
