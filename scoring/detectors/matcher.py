"""The lexicon's phrase matcher: every wording of every phrase in a trie, walked once per call.

    lexicon = get_lexicon()                      # built once per process from CONCEPTS
    lexicon.match(words, sentence)               # [(label, start, end), ...] for one call

    trie = WordTrie(); trie.add("thanks", [["thank", "you"]])
    trie.find(words)                             # [("thanks", start, end), ...]
    numbers = PhraseTrie(); numbers.add(3, [["r", NUM], ["rand", NUM]])  # NUM: a number word
    numbers.find(words, numeric_flags(words))

Plain Python on the normalised words (no spaCy ``Doc``): a call of 400 words costs one dict look
up per word plus one per word of every phrase that actually continues there. It replaced
spaCy's ``PhraseMatcher`` and ``Matcher`` with the same matches: every (key, start, end) where a
wording's words equal the call's words, ``NUM`` standing for any word spaCy's English
``LIKE_NUM`` accepts (:func:`like_num` is that function, copied from spaCy 3.8, MIT; tests check
both against spaCy). Phrases with wildcards are cut into chunks (trie keys are ints, concept
labels strings) and joined by :meth:`Lexicon.match`, exactly as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from functools import lru_cache
from itertools import chain, compress
from operator import itemgetter, not_, or_

from .lexicon import CONCEPTS
from .text import compile_phrase, thaw

NUM = "\x00NUM"  # the trie edge for "any number-like word"; no normalised word contains \x00
_END = None  # the key under which a trie node keeps the keys of wordings that end there

# spaCy 3.8, spacy/lang/en/lex_attrs.py (MIT): what LIKE_NUM means for an English vocabulary.
_NUM_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion trillion quadrillion quintillion sextillion
    septillion octillion nonillion decillion gajillion bazillion""".split()  # noqa: SIM905
)
_ORDINAL_WORDS = frozenset(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth
    millionth billionth trillionth quadrillionth quintillionth sextillionth septillionth
    octillionth nonillionth decillionth gajillionth bazillionth""".split()  # noqa: SIM905
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
    flags = list(map(cache.get, words))
    if None in flags:
        for i, flag in enumerate(flags):
            if flag is None:
                word = words[i]
                flags[i] = flag = like_num(word)
                if len(cache) < 200_000:
                    cache[word] = flag
    return flags


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

    def find(
        self, words: Sequence[str], numeric: Sequence[bool]
    ) -> list[tuple[Hashable, int, int]]:
        """Every (key, start, end) where a wording matches, by start then end (then the order
        the keys were added)."""
        root = self.root
        num_root = root.get(NUM) if self.has_num else None
        size = len(words)
        out: list[tuple[Hashable, int, int]] = []
        append = out.append
        # Only the starts where a wording can begin, picked out in C.
        begins = map(root.__contains__, words)
        if num_root is not None:
            begins = map(or_, begins, numeric)
        for start in compress(range(size), begins):
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


class WordTrie:
    """Wordings of plain words only (no ``NUM``): the fast walk most of the lexicon takes.

    Built as nested dicts, then frozen into ``(children, keys)`` pairs so a step of the walk is
    one dict look-up and one tuple unpacking."""

    _SENTINEL = "\x00end"  # put after the call's last word: no wording continues with it

    def __init__(self) -> None:
        self._building: dict = {}
        self._root: dict | None = None

    def add(self, key: Hashable, wordings: Iterable[Sequence[str]]) -> None:
        self._root = None
        for wording in wordings:
            if not wording:
                continue
            node = self._building
            for word in wording:
                node = node.setdefault(word, {})
            ends = node.get(_END)
            if ends is None:
                node[_END] = (key,)
            elif key not in ends:  # a wording listed twice under one key matches once
                node[_END] = (*ends, key)

    @staticmethod
    def _freeze(node: dict) -> dict:
        return {
            word: (WordTrie._freeze(child), child.get(_END))
            for word, child in node.items()
            if word is not _END
        }

    def find(self, words: list[str]) -> list[tuple[Hashable, int, int]]:
        """Every (key, start, end) where a wording matches, by start then end (then the order
        the keys were added)."""
        root = self._root
        if root is None:
            root = self._root = self._freeze(self._building)
        padded = [*words, self._SENTINEL]
        out: list[tuple[Hashable, int, int]] = []
        append = out.append
        # Only the starts where a wording begins, picked out in C.
        for start in compress(range(len(words)), map(root.__contains__, words)):
            entry = root[words[start]]
            end = start
            while entry is not None:
                end += 1
                children, keys = entry
                if keys is not None:
                    for key in keys:
                        append((key, start, end))
                entry = children.get(padded[end])
        return out


class Lexicon:
    """The compiled phrases of :data:`CONCEPTS` (built once per process by :func:`get_lexicon`).

    Phrases without wildcards, and the chunks of phrases cut at their wildcards, go into a
    :class:`WordTrie` (every wording of optional words and word lists spelt out), chunks with
    ``NUM`` into a :class:`PhraseTrie`; one-word chunks are not matched at all: the join looks
    the word up where the chunk would have to be. Chunk keys are ints, concept labels strings."""

    def __init__(self, concepts: dict[str, list[str]]) -> None:
        self.trie = WordTrie()  # plain phrases and chunks of words
        self.numbers = PhraseTrie()  # chunks with NUM
        chunk_keys: dict = {}
        # (label, chunk keys, gaps between chunks, any-words before, any-words after)
        self.joined: list[tuple[str, tuple[int, ...], tuple[tuple[int, int], ...], int, int]] = []
        self.word_sets: dict[int, frozenset[str]] = {}

        def key_of(chunk) -> int:
            key = chunk_keys.get(chunk)
            if key is None:
                key = chunk_keys[chunk] = len(chunk_keys)
                specs = thaw(chunk)
                wordings = _expand(specs)
                if len(specs) == 1 and "OP" not in specs[0] and NUM not in wordings[0]:
                    self.word_sets[key] = frozenset(w[0] for w in wordings)
                elif any(NUM in w for w in wordings):
                    self.numbers.add(key, wordings)
                else:
                    self.trie.add(key, wordings)
            return key

        for label, phrases in concepts.items():
            for phrase in phrases:
                compiled = compile_phrase(phrase)
                if compiled.plain is not None:
                    self.trie.add(label, [list(compiled.plain)])
                    continue
                keys = tuple(key_of(chunk) for chunk in compiled.chunks)
                self.joined.append((label, keys, compiled.gaps, compiled.lead, compiled.trail))
        # word -> the one-word chunks it belongs to, so one pass over a call finds them all
        self.sets_of_word: dict[str, tuple[int, ...]] = {}
        for key, words in self.word_sets.items():
            for word in words:
                self.sets_of_word[word] = (*self.sets_of_word.get(word, ()), key)
        self.needs = [frozenset(keys) for _, keys, _, _, _ in self.joined]
        # first chunk key -> the phrases that start with it
        self.needed_by: dict[int, list[int]] = {}
        for phrase, (_, keys, _, _, _) in enumerate(self.joined):
            self.needed_by.setdefault(keys[0], []).append(phrase)

    def match(self, words: list[str], sentence: list[int]) -> list[tuple[str, int, int]]:
        """(label, start, end) of every concept found in the call's ``words``; ``sentence``
        gives each word's sentence (breaks are -1)."""
        found: list[tuple[str, int, int]] = []
        starts: dict[int, dict[int, int]] = {}  # chunk key -> {start: shortest end}
        ends: dict[int, dict[int, int]] = {}  # chunk key -> {end: latest start}
        trie_found = self.trie.find(words)
        # Concept labels are strings, chunk keys ints: the labels picked out in C.
        is_label = list(map(str.__instancecheck__, map(itemgetter(0), trie_found)))
        found += compress(trie_found, is_label)
        chunks = list(compress(trie_found, map(not_, is_label)))
        # A chunk's wordings are all in one of the two tries, so each chunk's matches still come
        # by start (the order the join tries them in), and for one start by end.
        chunks += self.numbers.find(words, numeric_flags(words))
        for key, s, e in chunks:
            by_start = starts.get(key)
            if by_start is None:
                starts[key] = {s: e}
                ends[key] = {e: s}
                continue
            if s not in by_start:  # the first end found from a start is its shortest
                by_start[s] = e
            ends[key][e] = s  # starts come in order: the last one is the latest
        # How many places each chunk is found (one-word chunks: its words' counts); a phrase is
        # joined from its rarest chunk.
        count = {key: len(by_start) for key, by_start in starts.items()}
        sets_of_word = self.sets_of_word
        # Only words of one-word chunks are counted (picked out in C).
        occurrences = Counter(compress(words, map(sets_of_word.__contains__, words)))
        for word, times in occurrences.items():
            for key in sets_of_word[word]:
                count[key] = count.get(key, 0) + times
        present = count.keys()
        word_sets = self.word_sets
        plan: list[tuple[int, int]] = []  # (phrase, anchor chunk) for the phrases found here
        anchored_on_words: set[int] = set()
        # Only phrases whose first chunk was found can be complete (in phrase order, as before).
        needed_by = self.needed_by
        candidates = sorted(
            chain.from_iterable(needed_by[key] for key in present if key in needed_by)
        )
        needs_of = self.needs
        for phrase in candidates:
            needs = needs_of[phrase]
            if not present >= needs:
                continue
            keys = self.joined[phrase][1]
            if len(keys) == 1:
                anchor = 0
            else:
                counts = [count[k] for k in keys]
                anchor = counts.index(min(counts))
            plan.append((phrase, anchor))
            if keys[anchor] in word_sets:
                anchored_on_words.add(keys[anchor])
        at = _positions(words, occurrences, anchored_on_words, word_sets)
        joined = self.joined
        for phrase, anchor in plan:
            label, keys, gaps, lead, trail = joined[phrase]
            by_start = starts.get(keys[anchor])
            if by_start is None:
                spans = [(i, i + 1) for i in at[keys[anchor]]]
            elif len(keys) == 1 and not lead and not trail:
                found.extend([(label, s, e) for s, e in by_start.items()])
                continue
            else:
                spans = by_start.items()
            _join(found, label, keys, gaps, lead, trail, anchor, spans, words, sentence,
                  word_sets, starts, ends)  # fmt: skip
        return found


def _positions(
    words: list[str], occurrences: Counter, keys: set[int], word_sets: dict[int, frozenset[str]]
) -> dict[int, list[int]]:
    """Where the one-word chunks ``keys`` occur in ``words``, in call order (one pass)."""
    if not keys:
        return {}
    index: dict[str, list[int]] = {}
    for key in keys:
        for word in word_sets[key]:
            if word in occurrences:
                index[word] = []
    for i in compress(range(len(words)), map(index.__contains__, words)):
        index[words[i]].append(i)
    out = {}
    for key in keys:
        lists = [index[word] for word in word_sets[key] if word in index]
        out[key] = lists[0] if len(lists) == 1 else sorted(chain.from_iterable(lists))
    return out


def _join(found, label, keys, gaps, lead, trail, anchor, spans, words, sentence, word_sets,
          starts, ends) -> None:  # fmt: skip
    """Grow each anchor span into a match of the whole phrase: the nearest next chunk within
    each gap after it, the nearest previous chunk before it, all in the anchor's sentence."""
    size = len(words)
    last = len(keys)
    for start, end in spans:
        here = sentence[start]
        for i in range(anchor + 1, last):
            low, high = gaps[i - 1]
            key = keys[i]
            allowed = word_sets.get(key)
            by_start = starts.get(key)
            nxt = -1
            for s in range(end + low, min(end + high, size - 1) + 1):
                if sentence[s] != here:
                    break
                if allowed is not None:
                    if words[s] in allowed:
                        nxt = s + 1
                        break
                elif s in by_start:
                    nxt = by_start[s]
                    break
            end = nxt
            if end < 0:
                break
        if end < 0:
            continue
        for i in range(anchor - 1, -1, -1):
            low, high = gaps[i]
            key = keys[i]
            allowed = word_sets.get(key)
            by_end = ends.get(key)
            previous = -1
            for e in range(start - low, max(start - high, 1) - 1, -1):
                if sentence[e - 1] != here:
                    break
                if allowed is not None:
                    if words[e - 1] in allowed:
                        previous = e - 1
                        break
                elif e in by_end:
                    previous = by_end[e]
                    break
            start = previous
            if start < 0:
                break
        if start < 0:
            continue
        begin = start - lead
        if begin < 0 or (lead and sentence[begin] != here):
            continue
        if trail and (end + trail > size or sentence[end + trail - 1] != here):
            continue
        found.append((label, begin, end + trail))


def _expand(specs: list[dict]) -> list[list[str]]:
    """Every wording of a chunk of words, word lists, optional words and ``NUM``."""
    wordings: list[list[str]] = [[]]
    for spec in specs:
        if "LIKE_NUM" in spec:
            options = [NUM]
        elif isinstance(spec["LOWER"], dict):
            options = list(spec["LOWER"]["IN"])
        else:
            options = [spec["LOWER"]]
        if spec.get("OP") == "?":
            options.append("")
        wordings = [w + [o] if o else w for w in wordings for o in options]
    return [w for w in wordings if w]


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    return Lexicon(CONCEPTS)
