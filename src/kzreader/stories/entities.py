"""Who and where a report is about: the names that tell two happenings of one template apart.

Wire services file the same report again and again: a load factor, a dividend, a crude posting,
a weekly statistic, each about another company, place or week, in nearly the same words.  Word
vectors see one topic; what tells the happenings apart is their *specific entities* (the company,
the team, the place) and their dates.  This module says, per article:

* **candidates**: the terms of the name runs (`text.scan`) in its lead (and in its title when
  the title is written in sentence case); in a title written all in capitals or in Title Case,
  where capitals say nothing, the title words its body does not use (names and tickers that only
  the headline carries);
* **mentions**: every term it writes with a capital (title, body), i.e. every name it could be
  naming, and every number;
* **figures**: the numbers of its lead and title that few articles use (a magnitude, a toll, a
  price): two reports of one day that share one are about one happening even when they name
  its place differently (a county, a town in it);
* and, read with the library's counts, its **names**: the candidates the library writes as names
  (`name_like`: at least as many articles write the term with a capital inside a sentence as in
  lower case, so "Airlines", "Crude" or "Light" in a company or grade name do not count) that are
  used by at most ``NAME_CEILING`` of the library ("Inc", "U.S.", "Reuters" say nothing); and
  whether one of them is *specific* (used by at most the candidate cap: 2% of the library).

Flags per term of an encoded article (`vectors.Encoded.flags`) carry all of it, so the store
keeps it beside the vector.  No numpy here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kzreader.stories.settings import CAP_MAX, LEAD_WORDS, NAME_CEILING
from kzreader.stories.text import CALENDAR, CAPITAL, LOWER, OPENING, WORD, Scanned

# flags of a term in one article (vectors keeps IN_TITLE, IN_LEAD and IS_NAME in the low bits)
CAP_MID = 8  # written with a capital inside a sentence of the body
LOW_MID = 16  # written in lower case inside a sentence of the body
MENTION = 32  # written with a capital somewhere (or in the title)
CANDIDATE = 64  # in a name run of the lead or title, or a title word the body lacks
FIGURE = 128  # a number in the lead or title

#: A title with at least this many words, this share of them capitalised, is in Title Case.
TITLE_CASE_WORDS, TITLE_CASE_SHARE = 3, 0.7


def uninformative_title(title: str) -> bool:
    """A title whose capitals say nothing: all capitals, or Title Case."""
    if not any(c.islower() for c in title):
        return True
    words = [w for w in WORD.findall(title) if w[0].isalpha()]
    upper = sum(1 for w in words if w[0].isupper())
    return len(words) >= TITLE_CASE_WORDS and upper >= TITLE_CASE_SHARE * len(words)


def entity_flags(title: Scanned, body: Scanned, title_text: str) -> dict[str, int]:
    """The entity flags (CAP_MID, LOW_MID, MENTION, CANDIDATE) of each term of an article."""
    flags: dict[str, int] = {}
    for term, kind in zip(body.terms, body.kinds, strict=True):
        if term[0].isdigit():
            bit = MENTION
        elif kind == CAPITAL:
            bit = CAP_MID | MENTION
        else:
            bit = LOW_MID if kind == LOWER else MENTION if kind == OPENING else 0
        flags[term] = flags.get(term, 0) | bit
    for term, run in zip(body.terms[:LEAD_WORDS], body.runs[:LEAD_WORDS], strict=True):
        if run >= 0:
            flags[term] |= CANDIDATE
        elif term[0].isdigit():
            flags[term] |= FIGURE
    plain_title = uninformative_title(title_text)
    for term, run in zip(title.terms, title.runs, strict=True):
        bit = MENTION
        if term[0].isdigit():
            bit |= FIGURE
        elif plain_title:
            if term not in flags and not term[0].isdigit() and term not in CALENDAR:
                bit |= CANDIDATE
        elif run >= 0:
            bit |= CANDIDATE
        flags[term] = flags.get(term, 0) | bit
    return flags


class NameCounts:
    """The library's counts that say which terms are names: per term id, how many articles use
    it (df), write it with a capital inside a sentence (caps), and in lower case (lows)."""

    def __init__(self, df: Sequence[int], caps: Sequence[int], lows: Sequence[int], n_docs: int):
        self.df, self.caps, self.lows, self.n_docs = df, caps, lows, n_docs

    def name_like(self, tid: int) -> bool:
        return self.caps[tid] >= self.lows[tid]

    def figures(self, candidates: Iterable[int], cap: int) -> frozenset[int]:
        """The specific numbers (used by at most ``cap`` articles) among an article's figures."""
        return frozenset(t for t in candidates if self.df[t] <= cap)

    def names(self, candidates: Iterable[int], cap: int) -> tuple[frozenset[int], bool]:
        """(names, any of them specific) among an article's candidate term ids.  (The ceiling
        is never below ``CAP_MAX`` articles: in a small library the name of its one big story is
        in a large share of it.)"""
        ceiling = max(NAME_CEILING * self.n_docs, CAP_MAX)
        found = frozenset(
            t for t in candidates if self.df[t] <= ceiling and self.caps[t] >= self.lows[t]
        )
        return found, any(self.df[t] <= cap for t in found)
