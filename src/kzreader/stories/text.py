"""Words as the grouping reads them: stems, which of them are names or numbers, and sentences.

A term is a Porter stem (Whoosh's implementation, already a dependency) of a word that is not a
stop word; numbers keep their digits ("6.1", "1000").  A term is a *name* in an article when the
article writes it capitalised inside a sentence more often than in lower case (so "Storm" in a
headline is a name only if the body writes it so); names and numbers are what tell two happenings
of one kind apart, and the weights boost them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.lang.porter import stem as _porter

# a word: letters/digits with inner apostrophes, hyphens, dots or commas ("U.S.", "6.1", "1,000")
WORD = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")
# a sentence ends at . ! ? … (then quotes or brackets) before a capital or digit, or at a line break
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[“\"(\[]?[A-Z0-9])|\n+")
_STARTS_SENTENCE = frozenset('.!?\n"“:;—–')


def _words(spec: str) -> list[str]:
    return spec.split()


STOP_WORDS = frozenset(
    _words(
        """a about above after again against ago all almost also although am among an and another
    any anyone are around as at away be became because become been before being below between both
    but by can cannot could did do does doing done down during each either else even ever every few
    for from further get gets getting got had has have having he her here hers herself him himself
    his how however i if in into is it its itself just last least less like made make makes many
    may me might more most much must my myself near nearly new next no nor not now of off often on
    once one only or other others our ours ourselves out over own per perhaps put rather really
    said same say saying says see seen she should since so some still such than that the their
    theirs them themselves then there these they this those though through thus to today told too
    toward towards under until up upon us very via was we well were what whatever when where
    whether which while who whom whose why will with within without would yet you your yours
    yourself yourselves mr mrs ms dr also according tuesday monday wednesday thursday friday
    saturday sunday yesterday tomorrow week weeks day days year years month months time times
    people two three four five"""
    )
)

_stems: dict[str, str] = {}


def stem(word: str) -> str:
    """The term for a lower-case word: its Porter stem; a number without thousands commas."""
    term = _stems.get(word)
    if term is None:
        if word[0].isdigit():
            term = word.replace(",", "").rstrip(".")
        elif word.isalpha():
            term = _porter(word)
        else:
            term = _porter(word.replace(".", "").replace("'", "").replace("’", ""))
        if len(_stems) < 500_000:  # a bounded cache: a library has far fewer distinct words
            _stems[word] = term
    return term


#: (term, capitalised): capitalised means written with a capital inside a sentence.
Token = tuple[str, bool]

# how a word is written (`scan`): inside a sentence in lower case or with a capital; or first
# in its sentence (or after a colon, dash or quote), in lower case or with a capital (where a
# capital says nothing of a name)
LOWER, CAPITAL, INITIAL, OPENING = 0, 1, 2, 3

#: Calendar words: written with a capital but never an entity of their own.
CALENDAR = frozenset(
    stem(w)
    for w in _words(
        """january february march april may june july august september october november
        december jan feb mar apr jun jul aug sep sept oct nov dec"""
    )
)


class Scanned:
    """The terms of a text in order (`tokens` reads them), with how each was written and which
    *name run* it belongs to: a run is consecutive capitalised words (no stop word, number or
    calendar word between them) that is not a lone word opening a sentence; ``runs[i]`` is -1
    outside runs."""

    __slots__ = ("kinds", "runs", "terms")

    def __init__(self) -> None:
        self.terms: list[str] = []
        self.kinds: list[int] = []
        self.runs: list[int] = []


def scan(text: str, limit: int | None = None) -> Scanned:
    """``text`` read once: its terms, how each is written, its name run.  Reading stops once
    ``limit`` terms are read (the last word's parts may pass it, as `tokens` always did)."""
    out = Scanned()
    prev_end = 0
    run_start = -1  # index in out.terms where the current run of capitals started
    run_words = 0
    run_initial = False
    next_run = 0

    def close() -> None:
        nonlocal run_start, run_words, next_run
        if run_start >= 0:
            if run_words > 1 or not run_initial:
                for i in range(run_start, len(out.terms)):
                    out.runs[i] = next_run
                next_run += 1
            run_start = -1
            run_words = 0

    for match in WORD.finditer(text):
        raw = match.group()
        start = match.start()
        initial = prev_end == 0 or any(c in _STARTS_SENTENCE for c in text[prev_end:start])
        prev_end = match.end()
        if raw[-2:] in ("'s", "’s", "'S", "’S"):
            raw = raw[:-2]
        low = raw.lower()
        upper = raw[0].isupper()
        skipped = low in STOP_WORDS or (len(low) < 2 and not low.isdigit())
        if initial or not upper or skipped or low[0].isdigit():
            close()
        if skipped:
            continue
        kind = (OPENING if upper else INITIAL) if initial else (CAPITAL if upper else LOWER)
        if "-" in low and not low[0].isdigit():
            parts = [stem(p) for p in low.split("-") if len(p) > 1 and p not in STOP_WORDS]
        else:
            parts = [stem(low)]
        name_word = upper and bool(parts) and not low[0].isdigit() and parts[0] not in CALENDAR
        if name_word and run_start < 0:
            run_start, run_initial = len(out.terms), initial
        elif not name_word:
            close()
        if name_word:
            run_words += 1
        for part in parts:
            out.terms.append(part)
            out.kinds.append(kind)
            out.runs.append(-1)
        if limit is not None and len(out.terms) >= limit:
            break
    close()
    return out


def tokens(text: str, limit: int | None = None) -> list[Token]:
    """The terms of ``text`` in order, at most ``limit`` of them."""
    scanned = scan(text, limit)
    return [(t, k == CAPITAL) for t, k in zip(scanned.terms, scanned.kinds, strict=True)]


def sentences(text: str) -> Iterator[str]:
    """The sentences (or lines) of ``text``, stripped, empty ones left out."""
    for piece in SENTENCE_END.split(text):
        piece = piece.strip()
        if piece:
            yield piece


def sentence_terms(text: str, min_terms: int = 4) -> list[frozenset[str]]:
    """Each sentence of ``text`` as its set of terms; sentences under ``min_terms`` terms
    (datelines, bylines, captions) are left out."""
    out = []
    for sentence in sentences(text):
        terms = frozenset(t for t, _ in tokens(sentence))
        if len(terms) >= min_terms:
            out.append(terms)
    return out
