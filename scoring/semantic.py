"""Semantic matching of a call's turns against exemplars, with static sentence embeddings.

    semantic = get_semantic()        # None when models/static-minilm is absent
    semantic.features(view)          # {"sem:<group>:<speaker>": best cosine} for call_features

Paraphrases count: "shouting at me won't bring the lights back" is near the exemplar
"there is nothing I can do, stop shouting" although no phrase of the lexicon matches it.

Embeddings: all-MiniLM-L6-v2 distilled into one vector per WordPiece token
(scripts/distil_static_embeddings.py, the model2vec recipe); a turn's vector is the mean of its
tokens' vectors. That costs a tokenizer pass and a matrix row sum per turn (microseconds), not a
transformer pass, which is what keeps the full path at 100+ calls/s on one core.

Exemplars are written from the criterion definitions of standards.md, not from any call.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from scoring.detectors.base import CallView

FOLDER = Path(__file__).resolve().parent.parent / "models" / "static-minilm"

# Text the fast tokenizing path handles: printable ASCII, tab, newline and carriage return, and
# no "[" (the special tokens are all "[...]"); and the BERT pre-tokenizer's words in such text.
_PLAIN_ASCII = re.compile(r"[\t\n\r\x20-\x5a\x5c-\x7e]*")
_BERT_WORD = re.compile(r"[a-z0-9]+|[!-/:-@\[-`{-~]")

# group -> (whose turns, exemplars)
EXEMPLARS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dismissive": ("agent", (
        "that is not my problem",
        "you should have read the letter, it is not difficult",
        "there is nothing I can do about it, stop shouting at me",
        "I don't have time for this, call back another day",
        "that is just how it is, take it or leave it",
        "everybody has the same problem, you are not special",
    )),
    "blame": ("agent", (
        "it is the other department's fault, not ours",
        "those guys at the depot never do their job",
        "the technicians are lazy, they sit on the jobs",
        "finance messed it up, blame them",
    )),
    "threat": ("agent", (
        "if you don't pay today we will cut you off and you will be blacklisted",
        "we will take your house and your furniture",
        "pay now or the police will come for you",
        "if you pay today I will make sure they write off all the interest",
        "the cut off team is in your street, pay and they will skip your house",
    )),
    "empathy": ("agent", (
        "I am so sorry to hear that",
        "that must be really frustrating for you",
        "I understand how difficult this is",
        "I can imagine how stressful that must be",
    )),
    "expectation": ("agent", (
        "a team will be out within forty eight hours",
        "you should hear from the department within three working days",
        "it will be fixed by tomorrow afternoon",
    )),
    "vague_timeframe": ("agent", (
        "someone will come when they are in the area",
        "they will attend to it as soon as possible",
        "the team will sort it out at some point",
    )),
    "readback": ("agent", (
        "so to confirm, you will pay five hundred rand on Friday the fifteenth",
        "the arrangement is one thousand rand on the thirtieth, noted",
    )),
    "vague_promise": ("caller", (
        "maybe at the end of the month, probably",
        "I will try to pay something soon",
        "I don't know when I can pay",
    )),
    "reference": ("agent", (
        "your reference number is",
        "please write down your complaint number",
        "I have logged it, your job number is",
    )),
    "third_party": ("caller", (
        "this is his wife, he is not home",
        "I am the tenant, the owner lives somewhere else",
        "it is my mother's account, she passed away",
    )),
    "rp_ask": ("agent", (
        "am I speaking to the account holder",
        "can you confirm that you are Mr Dlamini",
    )),
    "location": ("agent", (
        "can you confirm the address of the fault",
        "what is the street name and house number",
        "which suburb and is there a landmark nearby",
    )),
}  # fmt: skip


class StaticEmbeddings:
    def __init__(self, folder: Path = FOLDER) -> None:
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        self.card = json.loads((self.folder / "card.json").read_text())
        self.vectors = np.load(self.folder / "vectors.npy").astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self._word_ids: dict[str, list[int]] = {}
        self.groups = list(EXEMPLARS)
        self.speakers = [EXEMPLARS[g][0] for g in self.groups]
        self.exemplars = [self.embed(list(EXEMPLARS[g][1])) for g in self.groups]

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (zeros for a text without known tokens).

        The same numbers as the mean of each text's token vectors (``vectors[ids].mean(0)``):
        one gather for the whole call, each text's rows summed by the same ``np.add.reduce``
        the mean uses, then divided by its count. Token ids come from :meth:`token_ids`."""
        ids_per_text = self.token_ids(texts)
        counts = np.fromiter(map(len, ids_per_text), dtype=np.intp, count=len(texts))
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        total = int(counts.sum())
        if total:
            gathered = self.vectors[np.fromiter(chain.from_iterable(ids_per_text), np.intp, total)]
            reduce = np.add.reduce
            start = 0
            for i, count in enumerate(counts.tolist()):
                if count:
                    out[i] = reduce(gathered[start : start + count], axis=0)
                    start += count
            nonzero = counts > 0
            out[nonzero] /= counts[nonzero, None].astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """The tokenizer's ids of each text (no special tokens), as ``encode_batch`` gives them.

        A text of printable ASCII without ``[`` (so no special token such as ``[SEP]`` can be in
        it) is cut into the BERT pre-tokenizer's words here (lowercase runs of letters and digits,
        and single punctuation marks: what ``BertNormalizer`` + ``BertPreTokenizer`` make of such
        text), and each word's WordPiece ids are looked up in a per-process cache; any other
        text goes to the tokenizer. ``tests/scoring/test_semantic.py`` checks both agree."""
        cache = self._word_ids
        out: list[list[int]] = []
        for text in texts:
            if not _PLAIN_ASCII.fullmatch(text):
                out.append(self.tokenizer.encode(text, add_special_tokens=False).ids)
                continue
            ids: list[int] = []
            for word in _BERT_WORD.findall(text.lower()):
                known = cache.get(word)
                if known is None:
                    known = self.tokenizer.encode(word, add_special_tokens=False).ids
                    if len(cache) < 200_000:
                        cache[word] = known
                ids += known
            out.append(ids)
        return out

    def features(self, view: CallView) -> dict[str, float]:
        segments = view.segments
        if not segments:
            return {}
        vectors = self.embed([s.text for s in segments])
        agent = [i for i, s in enumerate(segments) if s.speaker != "caller"]
        caller = [i for i, s in enumerate(segments) if s.speaker != "agent"]
        by_speaker = {"agent": vectors[agent], "caller": vectors[caller]}
        out: dict[str, float] = {}
        groups = zip(self.groups, self.speakers, self.exemplars, strict=True)
        for group, speaker, exemplars in groups:
            rows = agent if speaker == "agent" else caller
            if not rows:
                continue
            similarity = by_speaker[speaker] @ exemplars.T
            out[f"sem:{group}:{speaker}"] = float(similarity.max())
        return out


@lru_cache(maxsize=1)
def get_semantic() -> StaticEmbeddings | None:
    """The shipped static embeddings (loaded once), or None when they are not there."""
    if not (FOLDER / "vectors.npy").is_file():
        return None
    return StaticEmbeddings(FOLDER)
