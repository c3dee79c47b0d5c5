"""The lexicon's phrase matcher: every wording of every phrase in one trie, walked once per call.

    trie = PhraseTrie()
    trie.add(("label", "thank you"), [["thank", "you"]])
    trie.add(("chunk", "chunk3"), [["r", NUM], ["rand", NUM]])   # NUM: any number-like word
    for (kind, key), start, end in trie.find(words, numeric_flags(words)): ...

Plain Python on the normalised words (no spaCy ``Doc``): a call of 400 words costs one dict look
up per word plus one per word of every phrase that actually continues there. It replaces
spaCy's ``PhraseMatcher`` and ``Matcher`` with the same matches: every (key, start, end) where a
wording's words equal the call's words, ``NUM`` standing for any word spaCy's English
``LIKE_NUM`` accepts (:func:`like_num` is that function, copied from spaCy 3.8, MIT; a test
checks they agree).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

NUM = "\x00NUM"  # the trie edge for "any number-like word"; no normalised word contains \x00
_END = None  # the key under which a trie node keeps the keys of wordings that end there

# spaCy 3.8, spacy/lang/en/lex_attrs.py (MIT): what LIKE_NUM means for an English vocabulary.
_NUM_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion trillion quadrillion quintillion sextillion
    septillion octillion nonillion decillion gajillion bazillion""".split()
)
_ORDINAL_WORDS = frozenset(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth
    millionth billionth trillionth quadrillionth quintillionth sextillionth septillionth
    octillionth nonillionth decillionth gajillionth bazillionth""".split()
)


def like_num(text: str) -> bool:
    """spaCy's English ``like_num``: digits (with , or .), a fraction, a number word, an
    ordinal word or digits with st/nd/rd/th."""
    if text.startswith(("+", "-", "\u00b1", "~")):
        text = text[1:]
    text = text.replace(",", "").replace(".", "")
    if text.isdigit():
        return True
    if text.count("/") == 1:
        num, denom = text.split("/")
        if num.isdigit() and denom.isdigit():
            return True
    text_lower = text.lower()
    if text_lower in _NUM_WORDS or text_lower in _ORDINAL_WORDS:
        return True
    return text_lower.endswith(("st", "nd", "rd", "th")) and text_lower[:-2].isdigit()


_numeric_cache: dict[str, bool] = {}


def numeric_flags(words: Sequence[str]) -> list[bool]:
    """``like_num`` of every word (memoised per distinct word, for the life of the process;
    the cache is bounded by the vocabulary a speech recogniser writes)."""
    cache = _numeric_cache
    out = []
    for word in words:
        flag = cache.get(word)
        if flag is None:
            flag = like_num(word)
            if len(cache) < 200_000:
                cache[word] = flag
        out.append(flag)
    return out


class PhraseTrie:
    """Wordings (lists of words, ``NUM`` for any number-like word) under hashable keys."""

    def __init__(self) -> None:
        self.root: dict = {}
        self.has_num = False

    def add(self, key: Hashable, wordings: Iterable[Sequence[str]]) -> None:
        for wording in wordings:
            if not wording:
                continue
            node = self.root
            for word in wording:
                if word == NUM:
                    self.has_num = True
                node = node.setdefault(word, {})
            ends = node.get(_END)
            if ends is None:
                node[_END] = (key,)
            elif key not in ends:  # a wording listed twice under one key matches once
                node[_END] = (*ends, key)

    def find(self, words: Sequence[str], numeric: Sequence[bool]) -> list[tuple[Hashable, int, int]]:
        """Every (key, start, end) where a wording matches, by start then end (then the order
        the keys were added)."""
        root = self.root
        num_root = root.get(NUM) if self.has_num else None
        size = len(words)
        out: list[tuple[Hashable, int, int]] = []
        append = out.append
        for start in range(size):
            node = root.get(words[start])
            if num_root is not None and numeric[start]:
                if node is None:
                    node = num_root
                else:
                    self._branching(num_root, node, words, numeric, start, out)
                    continue
            if node is None:
                continue
            end = start + 1
            while True:
                keys = node.get(_END)
                if keys is not None:
                    for key in keys:
                        append((key, start, end))
                if end >= size:
                    break
                nxt = node.get(words[end])
                if num_root is not None and numeric[end] and NUM in node:
                    if nxt is None:
                        nxt = node[NUM]
                    else:
                        self._branching(node[NUM], nxt, words, numeric, start, out, end + 1)
                        break
                if nxt is None:
                    break
                node = nxt
                end += 1
        return out

    def _branching(self, a: dict, b: dict, words, numeric, start: int, out, end: int | None = None):
        """A number word that is also a listed word (e.g. "one"): follow both paths, then put
        this start's matches in (end, key order) like the single path does."""
        end = start + 1 if end is None else end
        found: list[tuple[int, int, Hashable]] = []
        stack = [(a, end), (b, end)]
        size = len(words)
        order = 0
        while stack:
            node, at = stack.pop()
            keys = node.get(_END)
            if keys is not None:
                for key in keys:
                    found.append((at, order, key))
                    order += 1
            if at >= size:
                continue
            nxt = node.get(words[at])
            if nxt is not None:
                stack.append((nxt, at + 1))
            if numeric[at]:
                nxt = node.get(NUM)
                if nxt is not None:
                    stack.append((nxt, at + 1))
        # Matches already emitted for this start (before the branch) stay first.
        found.sort(key=lambda f: (f[0], f[1]))
        seen = set()
        for at, _, key in found:
            if (key, at) not in seen:
                seen.add((key, at))
                out.append((key, start, at))
