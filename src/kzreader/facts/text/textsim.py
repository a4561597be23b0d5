"""The one text toolkit of the facts engine: stop list, stemmer, TF-IDF, similarity, word diffs.

- ``STOP``: the one stop list (function words, attribution verbs, honorifics);
- ``stem``: the one stemmer, a light suffix stripper used only for matching;
- ``stems``: a text's content words, stemmed (claim alignment, story relation, fact queries);
- ``content_terms``: the article diff's terms (numbers as digits, casualty synonyms folded);
- ``TfidfVectors`` and ``cosine``: the one TF-IDF (smooth IDF, unit-length vectors), over the
  given documents or over document frequencies counted elsewhere (every sentence of a report).

Pure Python over dicts, fast enough for a few thousand sentences.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

# a word (letters/digits, with inner apostrophes, hyphens, decimal points, thousands separators)
# or one run of other visible characters (punctuation)
WORD = re.compile(r"[^\W_]+(?:[-.,'’][^\W_]+)*|[^\w\s]+|_+")
_TERM = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")


def _words(spec: str) -> list[str]:
    return spec.split()


STOP = frozenset(
    _words(
        """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which while
    who whom whose why will with would you your yours yourself yourselves s t said says say told
    according mr mrs ms""",
    )
)
NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        _words(
            """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
        fifteen sixteen seventeen eighteen nineteen twenty"""
        )
    )
}


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word and punctuation token in ``text``."""
    return [m.span() for m in WORD.finditer(text)]


# general news lexicon: words that report the same measure fall together
_SYNONYMS = {
    w: key
    for key, words in (
        (
            "kill",
            "kill kills killed killing die dies died dying dead death deaths slain fatalities",
        ),
        ("injur", "injure injured injures injuring injury injuries wound wounded wounds hurt"),
        ("arrest", "arrest arrests arrested detain detained detains detention detentions"),
    )
    for w in words.split()
}
_QUANTIFIERS = frozenset(
    _words("dozen dozens hundred hundreds thousand thousands million millions scores")
)
NUMBER = "#"
"""The extra term every number adds, so sentences giving different counts still share one."""


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, consistent suffix stripper (not a linguistic stemmer): only for matching.

    Lowercases first: killed/killing/kills -> kill, Refugees -> refug."""
    word = word.lower()
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    else:
        for suffix, keep in (("ing", 4), ("edly", 4), ("ed", 3), ("ly", 4), ("es", 3), ("s", 3)):
            if word.endswith(suffix) and len(word) - len(suffix) >= keep:
                if suffix == "s" and word.endswith(("ss", "us", "is")):
                    break
                word = word[: -len(suffix)]
                break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


_WORD_ONLY = re.compile(r"[A-Za-z]+")


def stems(text: str) -> list[str]:
    """The stems of a text's content words (letters only, stop words and single letters out)."""
    return [stem(w) for w in _WORD_ONLY.findall(text) if len(w) > 1 and w.lower() not in STOP]


def content_terms(text: str) -> list[str]:
    """Lowercased, stemmed content words; number words as digits, plus ``NUMBER`` per number.

    A sentence that counts something and names a measure (killed, injured, arrested) also gets a
    ``#kill``-style term, so two reports of one toll match even when their numbers differ.
    """
    terms: list[str] = []
    counted = False
    measures: list[str] = []
    for m in _TERM.finditer(text.lower()):
        word = m.group().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if word in STOP:
            continue
        digits = NUMBER_WORDS.get(word) or word.replace(",", "")
        if digits.replace(".", "", 1).isdigit():
            terms.extend((digits, NUMBER))
            counted = True
        elif word in _SYNONYMS:
            terms.append(_SYNONYMS[word])
            measures.append(_SYNONYMS[word])
        else:
            terms.append(stem(word))
            counted = counted or word in _QUANTIFIERS
    if counted:
        terms.extend(NUMBER + m for m in dict.fromkeys(measures))
    return terms


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


class TfidfVectors:
    """Unit-length TF-IDF vectors of ``documents``: term frequency ``1 + log tf``, smooth IDF
    ``log((1 + n) / (1 + df)) + 1``.

    The document frequencies come from the documents themselves, or from ``df`` over ``n``
    documents counted elsewhere (the claim aligner counts every sentence of the articles, a
    better IDF than the claim sentences alone, where every casualty word is common)."""

    def __init__(
        self, documents: Sequence[Iterable[str]], df: Counter[str] | None = None, n: int = 0
    ) -> None:
        counts = [Counter(doc) for doc in documents]
        if df is None:
            df = Counter()
            for c in counts:
                df.update(c.keys())
            n = len(counts)
        n = n or 1
        self.vectors: list[dict[str, float]] = []
        for c in counts:
            vec = {t: (1.0 + math.log(tf)) * (math.log((1 + n) / (1 + df[t])) + 1.0)
                   for t, tf in c.items()}  # fmt: skip
            norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
            self.vectors.append({t: w / norm for t, w in vec.items()})

    def __len__(self) -> int:
        return len(self.vectors)

    def cosine(self, i: int, j: int) -> float:
        return cosine(self.vectors[i], self.vectors[j])

    def neighbours(
        self,
        queries: Iterable[int],
        candidates: Iterable[int],
        common: int = 200,
        limit: int | None = None,
    ) -> dict[tuple[int, int], float]:
        """Cosine of (query, candidate) pairs sharing a term, via postings.

        Terms held by more than ``common`` candidates (table headers, "#") do not propose pairs on
        their own, which keeps long tables of alike lines from going quadratic; they still count
        in the cosine of the pairs other terms propose (or, failing those, the rarest term's).
        With ``limit``, only the ``limit`` candidates scoring best on the proposing terms get a
        cosine (a bound for very large inputs; None: every proposed candidate does).
        """
        postings: dict[str, list[int]] = {}
        for j in candidates:
            for t in self.vectors[j]:
                postings.setdefault(t, []).append(j)
        scores: dict[tuple[int, int], float] = {}
        for i in queries:
            vec = self.vectors[i]
            lists = [(t, postings[t]) for t in vec if t in postings]
            found: Iterable[int]
            if limit is None:
                found = {j for _t, js in lists if len(js) <= common for j in js}
            else:
                partial: dict[int, float] = {}
                for t, js in lists:
                    if len(js) <= common:
                        w = vec[t]
                        for j in js:
                            partial[j] = partial.get(j, 0.0) + w * self.vectors[j][t]
                found = (
                    heapq.nlargest(limit, partial, key=partial.__getitem__)
                    if len(partial) > limit
                    else partial
                )
            if not found and lists:
                found = set(min((js for _t, js in lists), key=len)[: common * 4])
            for j in found:
                scores[(i, j)] = self.cosine(i, j)
        return scores


def sequence_ratio(a: Sequence[str], b: Sequence[str]) -> float:
    """difflib's ratio over token sequences (1.0 for identical, 0.0 for disjoint)."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def combined(cos: float, ratio: float) -> float:
    """Cosine, raised towards the word-order ratio for near-duplicates."""
    return max(cos, (cos + ratio) / 2)


def similarity(a: str, b: str) -> float:
    """Similarity of two short texts in [0, 1] (TF-IDF fitted on the pair, plus sequence ratio)."""
    ta, tb = content_terms(a), content_terms(b)
    if not ta or not tb:
        return 0.0
    vectors = TfidfVectors([ta, tb])
    return min(1.0, combined(vectors.cosine(0, 1), sequence_ratio(ta, tb)))


_GLUE = STOP - frozenset(_words("said says say told according mr mrs ms no nor not only"))


def _trivial(word: str) -> bool:
    return word.lower() in _GLUE or not any(ch.isalnum() for ch in word)


def _merge_trivial(
    opcodes: Sequence[tuple[str, int, int, int, int]], a_words: list[str]
) -> list[tuple[str, int, int, int, int]]:
    """Fold an "equal" of one or two stop words or punctuation between two changes into one
    replace, so a paraphrase reads as a few changes rather than confetti around "the" and ","."""
    out: list[tuple[str, int, int, int, int]] = []
    for op in opcodes:
        if len(out) >= 2 and op[0] != "equal" and out[-2][0] != "equal" and out[-1][0] == "equal":
            _, i1, i2, _, _ = out[-1]
            if i2 - i1 <= 2 and all(_trivial(w) for w in a_words[i1:i2]):
                out.pop()
                first = out.pop()
                op = ("replace", first[1], op[2], first[3], op[4])
        if out and op[0] != "equal" and out[-1][0] != "equal":
            first = out.pop()
            op = ("replace", first[1], op[2], first[3], op[4])
        out.append(op)
    return out


def word_opcodes(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes over word tokens as character spans: (tag, a0, a1, b0, b1)."""
    a_spans, b_spans = word_spans(a), word_spans(b)
    a_words = [a[s:e] for s, e in a_spans]
    b_words = [b[s:e] for s, e in b_spans]
    ops = []
    matcher = SequenceMatcher(None, a_words, b_words, autojunk=False)
    for tag, i1, i2, j1, j2 in _merge_trivial(matcher.get_opcodes(), a_words):
        a0, a1 = (a_spans[i1][0], a_spans[i2 - 1][1]) if i2 > i1 else (0, 0)
        b0, b1 = (b_spans[j1][0], b_spans[j2 - 1][1]) if j2 > j1 else (0, 0)
        ops.append((tag, a0, a1, b0, b1))
    return ops


def word_diff(a: str, b: str) -> tuple[tuple[str, ...], ...]:
    """The contract's diff ops: ["equal", t], ["replace", a, b], ["delete", a], ["insert", b]."""
    out: list[tuple[str, ...]] = []
    for tag, a0, a1, b0, b1 in word_opcodes(a, b):
        if tag == "equal":
            out.append((tag, a[a0:a1]))
        elif tag == "replace":
            out.append((tag, a[a0:a1], b[b0:b1]))
        elif tag == "delete":
            out.append((tag, a[a0:a1]))
        else:
            out.append((tag, b[b0:b1]))
    return tuple(out)
