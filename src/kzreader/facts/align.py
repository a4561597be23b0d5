"""Group claims from different articles into facts.

Two claims can be one fact only when they measure the same thing (killed vs injured never mix),
count the same kind of subject (police vs protesters never mix; an implicit subject fits any),
are anchored to the same years (a 2011 toll is not today's), are not an article's breakdown by
place set against another place, are within a plausible scale of each other, and come from
articles reporting one story (``story_relation``).  Among those, sentence similarity (TF-IDF
over stems) plus agreement bonuses decides; clusters grow greedily by best score, complete-link
on compatibility, one value per article (restatements of it may join).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from kzreader.facts import lexicon as lx
from kzreader.facts.model import Claim
from kzreader.facts.text.names import similar_keys
from kzreader.facts.text.textsim import STOP, TfidfVectors, cosine, stem, stems

_WORD = re.compile(r"[A-Za-z]+")


@dataclass
class ClaimInfo:
    """A claim plus what alignment needs to know about it."""

    claim: Claim
    article: int  # index of the article in the input
    measure: str
    subject: str | None
    places: frozenset[str]
    years: frozenset[int]
    attribution_key: frozenset[str] | None
    update_cue: bool
    published: datetime | None
    words: list[str]
    vector: dict[str, float] | None = None
    by_place: bool = False  # one of several counts of this measure by place in its article
    vague: bool = False  # "dozens", "several": weak evidence, aligned on a higher bar


def vectorise(infos: Sequence[ClaimInfo], df: Counter[str] | None = None, n: int = 0) -> None:
    """TF-IDF vectors (unit length) of the claims' sentences, numbers excluded.

    ``df``/``n``: document frequencies over every sentence of the articles (better IDF than the
    claim sentences alone, where every casualty word is common)."""
    vectors = TfidfVectors([info.words for info in infos], df, n)
    for info, vector in zip(infos, vectors.vectors, strict=True):
        info.vector = vector


def _subjects_fit(a: ClaimInfo, b: ClaimInfo) -> bool:
    if a.measure == "count":
        return a.subject == b.subject
    if a.measure == "gathered" and {a.subject, b.subject} <= lx.PERSON_SUBJECTS | {None}:
        return True  # a crowd is a crowd: "protesters", "people", "union members" alike
    if a.subject is None or b.subject is None:
        other = a.subject or b.subject
        return other is None or other in lx.PERSON_SUBJECTS
    if a.subject == b.subject:
        return True
    # a background event pinned by the same year: "15 protesters" ~ "16 workers" (2011)
    return bool(a.years) and a.years == b.years and {a.subject, b.subject} <= lx.PERSON_SUBJECTS


def _places_fit(a: ClaimInfo, b: ClaimInfo) -> bool:
    """Places keep claims apart only where an article breaks a count down by place ("12 killed
    in X ... 10 killed in Y"): such a claim aligns only with claims naming the same place.
    Elsewhere a place only locates the event ("in the hills" / "near the town")."""
    if not (a.by_place or b.by_place):
        return True
    if not a.places or not b.places:
        return False
    return any(similar_keys(p, q) for p in a.places for q in b.places)


def mark_breakdowns(infos: list[ClaimInfo]) -> None:
    """Flag the claims of one article that give one measure different figures for different named
    places ("12 killed in X ... 10 killed in Y")."""
    for a in infos:
        a.by_place = bool(a.places) and any(
            b is not a
            and b.measure == a.measure
            and b.places
            and not _overlaps(a, b)
            and not any(similar_keys(p, q) for p in a.places for q in b.places)
            for b in infos
        )


def _scale_fits(a: ClaimInfo, b: ClaimInfo) -> bool:
    """Figures for one fact may differ (1 vs 24 dead) but not by orders of magnitude in
    the thousands (1 dead vs a 230,000 toll)."""
    lo = max(min(a.claim.high or 0, b.claim.high or 0), 1)
    hi = max(a.claim.low or 0, b.claim.low or 0)
    return not (hi >= 1000 and hi > 20 * lo)


def compatible(a: ClaimInfo, b: ClaimInfo) -> bool:
    """Could these two claims (from different articles) state the same fact?"""
    return (
        a.article != b.article
        and a.measure == b.measure
        and a.years == b.years
        and _subjects_fit(a, b)
        and _places_fit(a, b)
        and _scale_fits(a, b)
    )


PARTIAL_MARGIN = 0.15
"""Extra score bare counts and vague amounts ("dozens") need to align."""
BASE = 0.25
"""What two compatible claims (same measure, subject, years, places) score before any evidence."""


def score(a: ClaimInfo, b: ClaimInfo) -> float:
    """Alignment score: base + half the sentence similarity + agreement bonuses."""
    s = BASE + 0.5 * cosine(a.vector or {}, b.vector or {})
    if a.subject and a.subject == b.subject:
        s += 0.1
    if a.attribution_key and b.attribution_key and a.attribution_key & b.attribution_key:
        s += 0.1
    if a.claim.low == b.claim.low and a.claim.high == b.claim.high:
        s += 0.1
    if a.places and b.places and _places_fit(a, b):
        s += 0.1
    if a.years and a.years == b.years:
        s += 0.1  # the same dated background event
    return s


def _overlaps(a: ClaimInfo, b: ClaimInfo) -> bool:
    """One article restating a figure ("at least 24" then "24") may give it twice."""
    return (a.claim.low or 0) <= (b.claim.high or 0) and (b.claim.low or 0) <= (a.claim.high or 0)


STORY_WORDS = 0.18
STORY_NAMES = 0.11
"""Two articles report one story when their words (TF-IDF cosine) or their names (capitalised
words inside sentences) are this similar.  Over the ten development clusters (IDF over all of
them), pairs of reports of one event score a median 0.33 on words and 0.40 on names, and 99.1%
of them pass; of pairs of reports of different events 0.14% pass (at most 0.21 on words, 0.15 on
names)."""
_NAME = re.compile(r"(?<![.!?\n\"“]\s)(?<!^)\b[A-Z][a-z]{2,}")


def story_relation(texts: Sequence[str]) -> Callable[[int, int], bool]:
    """(i, j) -> are texts i and j about one story?  (See STORY_WORDS.)"""
    words = TfidfVectors([stems(t) for t in texts]).vectors
    names = TfidfVectors(
        [[w.lower() for w in _NAME.findall(t) if w.lower() not in STOP] for t in texts]
    ).vectors
    cache: dict[tuple[int, int], bool] = {}

    def related(i: int, j: int) -> bool:
        key = (min(i, j), max(i, j))
        if key not in cache:
            cache[key] = (
                cosine(names[i], names[j]) >= STORY_NAMES
                or cosine(words[i], words[j]) >= STORY_WORDS
            )
        return cache[key]

    return related


def cluster(
    infos: list[ClaimInfo],
    threshold: float,
    df: Counter[str] | None = None,
    n: int = 0,
    related: Callable[[int, int], bool] | None = None,
) -> list[list[ClaimInfo]]:
    """Greedy agglomeration: best-scoring compatible pairs first; ``related(i, j)`` says whether
    articles i and j report one story (claims of unrelated articles never align)."""
    vectorise(infos, df, n)
    pairs = []
    for i, a in enumerate(infos):
        for j in range(i + 1, len(infos)):
            b = infos[j]
            if compatible(a, b) and (related is None or related(a.article, b.article)):
                s = score(a, b)
                margin = PARTIAL_MARGIN if a.measure == "count" or a.vague or b.vague else 0.0
                if s >= threshold + margin:
                    pairs.append((s, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    owner = list(range(len(infos)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(infos))}
    for _s, i, j in pairs:
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        if not _mergeable(infos, members[ci], members[cj], related):
            continue
        for k in members[cj]:
            owner[k] = ci
        members[ci].extend(members.pop(cj))
    return [[infos[k] for k in sorted(ks)] for ks in members.values()]


def _mergeable(
    infos: list[ClaimInfo],
    left: list[int],
    right: list[int],
    related: Callable[[int, int], bool] | None = None,
) -> bool:
    """Every cross pair compatible (complete link), and most cross pairs of articles report one
    story (a chain of loosely related articles does not make one story)."""
    pairs = unrelated = 0
    for i in left:
        for j in right:
            a, b = infos[i], infos[j]
            if a.article == b.article:
                if not (_overlaps(a, b) and a.measure == b.measure):
                    return False
                continue
            if not compatible(a, b):
                return False
            pairs += 1
            if related is not None and not related(a.article, b.article):
                unrelated += 1
    return unrelated * 2 <= pairs  # at most half of the article pairs unrelated


def attribution_key(text: str | None) -> frozenset[str] | None:
    """Content words of an attribution, stemmed: "the Freedonian Interior Ministry" ~ "Interior
    Ministry"."""
    if not text:
        return None
    return frozenset(stem(w) for w in _WORD.findall(text) if w.lower() not in STOP) or None
