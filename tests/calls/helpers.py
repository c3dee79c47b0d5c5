from __future__ import annotations

import numpy as np

from tests.audio_helpers import librivox, read_wav, stereo_call, write_wav  # noqa: F401


def silent_wav(path):
    return write_wav(path, [np.zeros(16000 * 2, dtype=np.float32)])


def short_wav(path, n: int = 1):
    wav, _text = librivox(n)
    return write_wav(path, [read_wav(wav)])
