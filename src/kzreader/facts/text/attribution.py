"""Attribution: who a sentence credits for its claims ("according to X", "X said", ", said X").

``attribution_key`` folds a source to its stemmed content words, so claims credited to one source
meet ("the Freedonian Interior Ministry" ~ "Interior Ministry").
"""

from __future__ import annotations

import bisect
import re

from kzreader.facts import lexicon as lx
from kzreader.facts.text.numbers import tokens
from kzreader.facts.text.textsim import STOP, stem

_WORD = re.compile(r"[A-Za-z]+")


def attribution_key(text: str | None) -> frozenset[str] | None:
    """Content words of an attribution, stemmed: "the Freedonian Interior Ministry" ~ "Interior
    Ministry"."""
    if not text:
        return None
    return frozenset(stem(w) for w in _WORD.findall(text) if w.lower() not in STOP) or None


def _phrase(toks: list[tuple[str, int, int]], a: int, b: int, text: str) -> str | None:
    """Text of tokens a..b, trimmed of leading articles and trailing punctuation."""
    while a < b and toks[a][0].lower() in ("the", "a", "an", ",", '"', "“", "”", "but", "and"):
        a += 1
    while b > a and not toks[b - 1][0][:1].isalnum():
        b -= 1
    if a >= b or b - a > 8:
        return None
    out = text[toks[a][1] : toks[b - 1][2]]
    return out[:-2] if out.endswith(("'s", "’s")) else out


_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this", "there"]
)


def _source_like(phrase: str) -> bool:
    """A name ("Jane Doe", "the Interior Ministry") or a source noun ("police", "officials")."""
    words = phrase.split()
    if not words or words[0].lower() in _PRONOUNS:
        return False
    if words[0][:1].isupper():
        return True
    return any(w.lower().strip(".,'’") in lx.SOURCE_NOUNS for w in words)


def attribution(
    text: str, toks: list[tuple[str, int, int]] | None = None, near: int | None = None
) -> str | None:
    """Who the sentence credits: "citing X" first, then "according to X", then the "X said" /
    "said X" nearest to token ``near`` (the claim's number), else the first one.  The
    sentence's attributions are found once per sentence text (every claim of it asks)."""
    found = _LAST.get(text)
    if found is None:
        if len(_LAST) >= 64:
            _LAST.clear()
        found = _LAST[text] = Attributions(text, toks)
    return found.near(near)


_LAST: dict[str, Attributions] = {}
"""The attributions of the latest sentences (kinds ask about one sentence in turn)."""


class Attributions:
    """A sentence's attributions, found once (one pass over its tokens), for every claim in it:
    ``near(k)`` is ``attribution(text, toks, k)``."""

    def __init__(self, text: str, toks: list[tuple[str, int, int]] | None = None) -> None:
        self.fixed: str | None = None  # "citing X" / "according to X": the whole sentence's
        self.found: list[tuple[int, str]] = []  # (token index of the verb, who), in order
        toks = toks if toks is not None else tokens(text)
        low = [t[0].lower() for t in toks]

        def until_break(a: int) -> int:
            b = a
            while b < len(toks) and toks[b][0] not in (",", ".", ";", ":", "(", ")") and b - a < 8:
                if b > a and (low[b] in _PHRASE_STOPS or low[b] in lx.ATTRIBUTION_VERBS):
                    break
                b += 1
            return b

        citing = next((k for k, w in enumerate(low) if w == "citing"), None)
        if citing is not None:
            self.fixed = _phrase(toks, citing + 1, until_break(citing + 1), text)
            self.settled = True
            return
        according = next(
            (k for k in range(len(low) - 1) if low[k] == "according" and low[k + 1] == "to"), None
        )
        if according is not None:
            self.fixed = _phrase(toks, according + 2, until_break(according + 2), text)
            self.settled = True
            return
        self.settled = False
        for k, w in enumerate(low):
            if w not in lx.ATTRIBUTION_VERBS or w == "according":
                continue
            if k > 0 and low[k - 1] in lx.AUXILIARIES:
                continue  # "were reported injured", "had been confirmed dead"
            if k > 0 and toks[k - 1][0] == "," and w in _INVERTIBLE:  # ", said X."
                who = _phrase(toks, k + 1, until_break(k + 1), text)
                if who and _source_like(who):
                    self.found.append((k, who))
                    continue
            who = _subject_before(toks, low, k, text)
            if who:
                self.found.append((k, who))
        self._at = [k for k, _who in self.found]

    def near(self, near: int | None = None) -> str | None:
        """The attribution of a claim at token ``near`` (None: the sentence's first)."""
        if self.settled:
            return self.fixed
        if not self.found:
            return None
        if near is None:
            return self.found[0][1]
        k = bisect.bisect_left(self._at, near)
        options = [self.found[m] for m in (k - 1, k) if 0 <= m < len(self.found)]
        return min(options, key=lambda f: abs(f[0] - near))[1]


_PHRASE_STOPS = frozenset(["that", "on", "in", "was", "were", "is", "had", "has", "would"])


def _subject_before(
    toks: list[tuple[str, int, int]], low: list[str], k: int, text: str
) -> str | None:
    """The source before an attribution verb, back to the last comma; for an appositive
    ("Jane Roe, a harbour official, said") the name before it."""
    end = k - 1 if k > 0 and toks[k - 1][0] == "," else k
    a = end
    while a > 0 and toks[a - 1][0] not in _SEGMENT_BREAKS and end - a < 8:
        a -= 1
    if a == end or any(
        toks[m][0][:1].isdigit() or low[m] in lx.AUXILIARIES or low[m] in lx.ATTRIBUTION_VERBS
        for m in range(a, end)
    ):
        return None
    if a >= 2 and toks[a - 1][0] == "," and low[a] in ("a", "an", "the"):
        b = a - 1
        while b > 0 and toks[b - 1][0] not in _SEGMENT_BREAKS and a - 1 - b < 4:
            b -= 1
        name = _phrase(toks, b, a - 1, text)
        if name and all(w[:1].isupper() or w in ("of", "the", "for", "and") for w in name.split()):
            return name  # "Mr Tarrow, the commissioner of X, said"
    who = _phrase(toks, a, end, text)
    return who if who and _source_like(who) else None


_SEGMENT_BREAKS = frozenset([",", '"', "“", "”", ";", "(", ")"])
_INVERTIBLE = frozenset(["said", "says", "added", "adds", "stated", "wrote", "according"])
