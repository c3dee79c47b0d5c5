"""A speaker-embedding model that ships its weights: Resemblyzer's voice encoder, run in numpy.

The PyPI package ``resemblyzer`` (0.1.4, Apache-2.0, Resemble AI) holds ``pretrained.pt``
(17 MB): a GE2E speaker encoder (a 3-layer LSTM of 256 units over 40 mel bands of 16 kHz
audio, 1.6-s windows, then a 256-unit linear layer; embeddings are ReLU'd and L2-normed).
The package itself runs it on PyTorch; here only its weights are used, so the product needs
neither PyTorch (2-3 GB installed, ~300 MB in memory) nor librosa: the package is installed
with ``--no-deps`` (requirements/voice.lock) and never imported.

``pretrained.pt`` is in PyTorch's legacy serialisation (a pickle followed by raw storages).
``_read_legacy_torch`` reads it with a restricted unpickler that builds nothing but ordered
dicts and tensor descriptions, after the file's SHA-256 has been checked, so no code in the
file can run. The mel spectrogram reproduces librosa's ``melspectrogram`` defaults as the
package calls it (Hann window of 400 samples, hop 160, power spectrum, 40 Slaney mel bands,
centred frames padded with zeros): not a log-mel spectrogram.

Cost: the weights are 1.4 M parameters (5.6 MB as float32); embedding one 1.6-s window is a
160-step LSTM, done for a batch of windows at once.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
PACKAGE = "resemblyzer"
WEIGHTS_FILE = "pretrained.pt"
# SHA-256 of resemblyzer 0.1.4's pretrained.pt (wheel sha256 8f12eb2f..., requirements/voice.lock).
WEIGHTS_SHA256 = "39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e"
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
WINDOW_FRAMES = 160  # 1.6 s, what the encoder was trained on
HIDDEN = 256
LAYERS = 3
TARGET_DBFS = -30.0  # the package's volume normalisation target
_DTYPES = {"FloatStorage": np.float32, "DoubleStorage": np.float64, "LongStorage": np.int64}


class SpeakerModelError(RuntimeError):
    """The speaker-embedding model is missing, damaged or cannot load."""


def weights_path() -> Path:
    """Where the installed package keeps its weights (found without importing the package,
    which would import PyTorch)."""
    import importlib.util

    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SpeakerModelError(
            "speaker separation needs the package resemblyzer (requirements/voice.lock, "
            "installed with --no-deps)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / WEIGHTS_FILE
    if not path.is_file():
        raise SpeakerModelError(f"{path} is missing: reinstall resemblyzer==0.1.4")
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class _Storage:
    dtype: type
    numel: int
    data: np.ndarray | None = None


@dataclass
class _TensorRef:
    storage: _Storage
    offset: int
    size: tuple
    stride: tuple

    def array(self) -> np.ndarray:
        data = self.storage.data
        if data is None:
            raise SpeakerModelError("a tensor's storage was never read")
        item = data.itemsize
        return np.lib.stride_tricks.as_strided(
            data[self.offset :],
            shape=self.size,
            strides=tuple(s * item for s in self.stride),
        ).copy()


def _rebuild_tensor(storage, offset, size, stride, *_rest):
    return _TensorRef(storage, int(offset), tuple(size), tuple(stride))


class _RestrictedUnpickler(pickle.Unpickler):
    """Builds ordered dicts and tensor descriptions; refuses every other global."""

    def __init__(self, f, storages: dict):
        super().__init__(f)
        self.storages = storages

    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"):
            return OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild_tensor
        if module == "torch" and name in _DTYPES:
            return name
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a weights file")

    def persistent_load(self, pid):
        kind, storage_type, key, _location, numel, *_ = pid
        if kind != "storage" or storage_type not in _DTYPES:
            raise pickle.UnpicklingError(f"unexpected storage {kind} {storage_type}")
        return self.storages.setdefault(key, _Storage(_DTYPES[storage_type], int(numel)))


def _read_legacy_torch(raw: bytes) -> dict:
    """The object saved by ``torch.save`` in the legacy (non-zip) format, tensors as numpy."""
    f = io.BytesIO(raw)
    storages: dict[str, _Storage] = {}
    for _ in range(3):  # magic number, protocol version, system info: plain values
        _RestrictedUnpickler(f, {}).load()
    obj = _RestrictedUnpickler(f, storages).load()
    keys = _RestrictedUnpickler(f, {}).load()
    for key in keys:
        storage = storages[key]
        (numel,) = struct.unpack("<q", f.read(8))
        nbytes = numel * np.dtype(storage.dtype).itemsize
        storage.data = np.frombuffer(f.read(nbytes), dtype=storage.dtype)
        if len(storage.data) != numel:
            raise SpeakerModelError("the weights file is truncated")

    def convert(value):
        if isinstance(value, _TensorRef):
            return value.array()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        return value

    return convert(obj)


def _hz_to_mel(hz):
    hz = np.asarray(hz, dtype=np.float64)
    linear = hz / (200.0 / 3)
    logstep = np.log(6.4) / 27.0
    return np.where(hz >= 1000.0, 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / logstep, linear)


def _mel_to_hz(mel):
    mel = np.asarray(mel, dtype=np.float64)
    linear = mel * (200.0 / 3)
    logstep = np.log(6.4) / 27.0
    return np.where(mel >= 15.0, 1000.0 * np.exp(logstep * (mel - 15.0)), linear)


def mel_filters(sr: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS) -> np.ndarray:
    """librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels): Slaney scale and area norm."""
    fft_freqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(sr / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights.astype(np.float32)


_MEL = mel_filters()
_HANN = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)


def mel_spectrogram(samples: np.ndarray) -> np.ndarray:
    """(frames, 40) power mel spectrogram of 16 kHz audio, frame i centred on sample i*160."""
    x = np.pad(np.asarray(samples, dtype=np.float32), N_FFT // 2)
    n = 1 + (len(x) - N_FFT) // HOP
    if n <= 0:
        return np.zeros((0, N_MELS), dtype=np.float32)
    out = np.empty((n, N_MELS), dtype=np.float32)
    step = 4096  # frames per block: bounded memory whatever the length
    for first in range(0, n, step):
        count = min(step, n - first)
        frames = np.lib.stride_tricks.as_strided(
            x[first * HOP :], shape=(count, N_FFT), strides=(HOP * 4, 4)
        )
        power = np.abs(np.fft.rfft(frames * _HANN, axis=1)) ** 2
        out[first : first + count] = power.astype(np.float32) @ _MEL.T
    return out


def normalise_volume(samples: np.ndarray, target_dbfs: float = TARGET_DBFS) -> np.ndarray:
    """Scaled so its RMS is ``target_dbfs`` (the package raises quiet audio to -30 dBFS; here
    loud audio is lowered too, so one party's level cannot tell the parties apart)."""
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0
    if rms < 1e-6:
        return samples
    return samples * np.float32(10 ** (target_dbfs / 20) / rms)


class VoiceEncoder:
    """Speaker embeddings of 1.6-s windows (256 values, L2-normed)."""

    def __init__(self, path: Path | None = None, *, check: bool = True) -> None:
        path = path or weights_path()
        raw = path.read_bytes()
        if check and hashlib.sha256(raw).hexdigest() != WEIGHTS_SHA256:
            raise SpeakerModelError(
                f"{path} does not have the SHA-256 this product was tested with "
                f"({WEIGHTS_SHA256[:12]}...): reinstall resemblyzer==0.1.4"
            )
        try:
            state = _read_legacy_torch(raw)["model_state"]
            # PyTorch orders the gates i, f, g, o; reordered to i, f, o, g so that the three
            # sigmoid gates are one contiguous block.
            order = np.r_[0 : 2 * HIDDEN, 3 * HIDDEN : 4 * HIDDEN, 2 * HIDDEN : 3 * HIDDEN]
            self.layers = [
                (
                    np.ascontiguousarray(state[f"lstm.weight_ih_l{k}"][order].T, dtype=np.float32),
                    np.ascontiguousarray(state[f"lstm.weight_hh_l{k}"][order].T, dtype=np.float32),
                    (state[f"lstm.bias_ih_l{k}"] + state[f"lstm.bias_hh_l{k}"])[order].astype(
                        np.float32
                    ),
                )
                for k in range(LAYERS)
            ]
            self.linear_w = np.ascontiguousarray(state["linear.weight"].T, dtype=np.float32)
            self.linear_b = state["linear.bias"].astype(np.float32)
        except (KeyError, pickle.UnpicklingError, EOFError, ValueError, struct.error) as exc:
            raise SpeakerModelError(f"could not read the speaker model {path}: {exc}") from exc

    def embed_mels(self, mels: np.ndarray) -> np.ndarray:
        """(batch, frames, 40) mel windows -> (batch, 256) embeddings.

        BLAS is held to one thread: these are many small products, and on a busy two-core
        worker two BLAS threads made them up to ten times slower (measured)."""
        from threadpoolctl import threadpool_limits  # deferred: only speaker separation needs it

        with threadpool_limits(limits=1, user_api="blas"):
            return self._embed_mels(np.asarray(mels, dtype=np.float32))

    def _embed_mels(self, x: np.ndarray) -> np.ndarray:
        batch, steps, _ = x.shape
        h = np.zeros((batch, HIDDEN), dtype=np.float32)
        for w_ih, w_hh, bias in self.layers:
            # The bias added in place: an out-of-place sum was a second (batch, frames, 1024)
            # float32 array, 42 MB for a batch of 64 windows.
            projected = x.reshape(batch * steps, -1) @ w_ih
            projected += bias
            projected = projected.reshape(batch, steps, -1)
            h = np.zeros((batch, HIDDEN), dtype=np.float32)
            c = np.zeros((batch, HIDDEN), dtype=np.float32)
            outputs = np.empty((batch, steps, HIDDEN), dtype=np.float32)
            gates = np.empty((batch, 4 * HIDDEN), dtype=np.float32)
            for t in range(steps):
                np.matmul(h, w_hh, out=gates)
                gates += projected[:, t]
                sig = gates[:, : 3 * HIDDEN]
                np.multiply(sig, 0.5, out=sig)
                np.tanh(gates, out=gates)  # tanh(x/2) for the sigmoid gates, tanh(x) for g
                sig += 1.0
                sig *= 0.5  # sigmoid(x) = (1 + tanh(x/2)) / 2
                c *= gates[:, HIDDEN : 2 * HIDDEN]
                c += gates[:, :HIDDEN] * gates[:, 3 * HIDDEN :]
                np.multiply(gates[:, 2 * HIDDEN : 3 * HIDDEN], np.tanh(c), out=h)
                outputs[:, t] = h
            x = outputs
        embeds = np.maximum(h @ self.linear_w + self.linear_b, 0.0)
        norms = np.linalg.norm(embeds, axis=1, keepdims=True)
        return embeds / np.maximum(norms, 1e-9)

    def embed_windows(self, samples: np.ndarray, starts: list[int], batch: int = 32) -> np.ndarray:
        """Embeddings of the 1.6-s windows of ``samples`` (16 kHz) starting at these sample
        offsets; each window's volume is normalised first.

        ``batch`` windows go through the network at once; its temporaries grow with the batch
        (about 1.6 MB a window). Measured on 129 windows of a 33-s mono call: the peak rose
        143 MB over the resident size with batches of 64 and the bias added out of place,
        103 MB with it in place, 51 MB with batches of 32 (at the same CPU time; the
        embeddings differ from batch 64's in the 7th decimal)."""
        length = WINDOW_FRAMES * HOP
        out = np.zeros((len(starts), HIDDEN), dtype=np.float32)
        for first in range(0, len(starts), batch):
            mels = []
            for start in starts[first : first + batch]:
                piece = samples[start : start + length]
                if len(piece) < length:
                    piece = np.pad(piece, (0, length - len(piece)))
                mels.append(mel_spectrogram(normalise_volume(piece))[:WINDOW_FRAMES])
            out[first : first + len(mels)] = self.embed_mels(np.stack(mels))
        return out


_ENCODER: VoiceEncoder | None = None
_LOCK = threading.Lock()


def get_encoder() -> VoiceEncoder:
    """The process-wide encoder (weights checked and loaded on first use, ~10 MB)."""
    global _ENCODER
    with _LOCK:
        if _ENCODER is None:
            _ENCODER = VoiceEncoder()
        return _ENCODER
