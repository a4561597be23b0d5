"""Alignment: which claims from different articles state one fact.

``cluster`` is the similarity aligner any kind may use: two claims of different articles that
report one story (``story_relation``) and that the kind says could be one fact (``same_fact``)
are paired when their score (``score``: typically a base, plus half the TF-IDF cosine of their
sentences, plus agreement bonuses) reaches the kind's bar (``bar``).  Pairs are merged greedily,
best first, complete-link: every cross pair must be ``same_fact`` (two claims of one article
only when one ``restates`` the other), and at most half the cross pairs of articles may be
unrelated (a chain of loosely related articles does not make one story).

Kinds whose facts are identities rather than similar sentences (a person's age, a name's
spellings) group by key instead (``compare.ages``, ``compare.variants``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Protocol, TypeVar

from kzreader.facts.context import ReportContext
from kzreader.facts.text.textsim import STOP, TfidfVectors, cosine, stems


class Alignable(Protocol):
    """What ``cluster`` reads of a found claim: its article, its words, a slot for its vector."""

    vector: dict[str, float] | None

    @property
    def article(self) -> int: ...

    @property
    def words(self) -> Sequence[str]: ...


A = TypeVar("A", bound=Alignable)


def vectorise(found: Sequence[Alignable], report: ReportContext | None = None) -> None:
    """TF-IDF vectors (unit length) of the claims' words, into their ``vector``.

    With a report, the document frequencies are those of every sentence of its articles (a
    better IDF than the claim sentences alone, where every casualty word is common).  Claims
    sharing one ``words`` object (claims of one sentence) share one vector, computed once."""
    df, n = (report.df, report.sentences) if report is not None and report.sentences else (None, 0)
    distinct: dict[int, int] = {}  # id of a words object -> its document number
    documents: list[Sequence[str]] = []
    for f in found:
        if id(f.words) not in distinct:
            distinct[id(f.words)] = len(documents)
            documents.append(f.words)
    vectors = TfidfVectors(documents, df, n).vectors
    for f in found:
        f.vector = vectors[distinct[id(f.words)]]


def similarity(a: Alignable, b: Alignable) -> float:
    """Cosine of two vectorised claims' sentences."""
    return cosine(a.vector or {}, b.vector or {})


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


PER_ARTICLE = 400
"""Claims of one kind an article brings to alignment, in text order: a megabyte "article" with
thousands of counts aligns its first 400 and keeps the rest unpaired (each its own group), so
alignment stays bounded (at most 400 x 400 pairs per pair of articles) while every ordinary
article (a few dozen claims of a kind) is aligned in full."""


def cluster(
    found: list[A],
    report: ReportContext,
    *,
    same_fact: Callable[[A, A], bool],
    score: Callable[[A, A], float],
    bar: Callable[[A, A], float],
    restates: Callable[[A, A], bool],
    key: Callable[[A], Hashable] | None = None,
) -> list[list[A]]:
    """Groups of ``found`` (claims of one kind) that state one fact, each in input order.

    ``same_fact(a, b)``: could claims of two different articles state one fact?  ``score(a, b)``
    and ``bar(a, b)``: how alike they are (their ``vector`` is set first, see ``vectorise``) and
    how alike they must be.  ``restates(a, b)``: may one article give both (a figure restated)?
    ``key(a)``, if given, is a block no pair crosses (claims of different keys are never one
    fact): only pairs inside a block are scored.  Each article brings its first
    ``PER_ARTICLE`` claims (see there).
    """
    seen: Counter[int] = Counter()
    aligned = []
    for i, f in enumerate(found):
        seen[f.article] += 1
        if seen[f.article] <= PER_ARTICLE:
            aligned.append(i)
    vectorise([found[i] for i in aligned], report)
    related = report.related
    blocks: dict[Hashable, dict[int, list[int]]] = {}  # key -> article -> claim indexes
    for i in aligned:
        f = found[i]
        blocks.setdefault(key(f) if key else None, {}).setdefault(f.article, []).append(i)
    pairs = []
    for by_article in blocks.values():
        articles = sorted(by_article)
        for x, art_a in enumerate(articles):
            for art_b in articles[x + 1 :]:
                if not related(art_a, art_b):
                    continue
                for i in by_article[art_a]:
                    a = found[i]
                    for j in by_article[art_b]:
                        b = found[j]
                        if same_fact(a, b):
                            s = score(a, b)
                            if s >= bar(a, b):
                                pairs.append((s, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    owner = list(range(len(found)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(found))}
    # groups that cannot merge (complete link): once refused, a group grown from either one
    # is refused too, so a refused pair is never checked again
    refused: dict[int, set[int]] = {}
    for _s, i, j in pairs:
        ci, cj = owner[i], owner[j]
        if ci == cj or cj in refused.get(ci, ()):
            continue
        if not _mergeable(found, members[ci], members[cj], related, same_fact, restates):
            refused.setdefault(ci, set()).add(cj)
            refused.setdefault(cj, set()).add(ci)
            continue
        for k in members[cj]:
            owner[k] = ci
        members[ci].extend(members.pop(cj))
        for other in refused.pop(cj, set()):
            refused[other].discard(cj)
            refused[other].add(ci)
            refused.setdefault(ci, set()).add(other)
    return [[found[k] for k in sorted(ks)] for ks in members.values()]


def _mergeable(
    found: list[A],
    left: list[int],
    right: list[int],
    related: Callable[[int, int], bool],
    same_fact: Callable[[A, A], bool],
    restates: Callable[[A, A], bool],
) -> bool:
    """Every cross pair may be one fact (complete link), and most cross pairs of articles report
    one story (a chain of loosely related articles does not make one story)."""
    pairs = unrelated = 0
    for i in left:
        for j in right:
            a, b = found[i], found[j]
            if a.article == b.article:
                if not restates(a, b):
                    return False
                continue
            if not same_fact(a, b):
                return False
            pairs += 1
            if not related(a.article, b.article):
                unrelated += 1
    return unrelated * 2 <= pairs  # at most half of the article pairs unrelated
