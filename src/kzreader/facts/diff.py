"""Article diff: several articles aligned sentence by sentence, with word-level differences.

Alignment: every sentence of every article becomes a TF-IDF vector over content terms (fitted on
all the compared sentences).  The first article's sentences seed the rows, in order.  Each further
article is then matched one-to-one to the rows that have no sentence of it yet: a row's score is
the best similarity with any sentence already in it (so later articles may also match each other's
unmatched sentences), pairs are taken greedily from the best score down, above ``THRESHOLD``.
An unmatched sentence gets a row of its own right after the row holding the previous sentence of
its article, so nothing is dropped and each article reads in its own order.

Similarity (cosine, raised towards the sequence ratio for near-duplicates) lets reports of one
toll meet: numbers and casualty/arrest measures add shared terms (see ``textsim``).  When a fact
report is given, sentences holding claims of one non-variant fact score at least ``FACT_LINK``.

Row.similarity: mean similarity of the row's first sentence with each other one (0.0 when alone).
Row.diff: word and punctuation tokens compared with ``difflib.SequenceMatcher`` between the first
two sentences present in the row (also for three or four articles); glue words between two
changes fold into one replace.  Row.facts: (label, verdict) of each fact with a claim overlapping
one of the row's sentences.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kzreader.facts.model import Verdict
from kzreader.facts.text.sentences import Sentence, sentences_of
from kzreader.facts.text.textsim import (
    TfidfVectors,
    combined,
    content_terms,
    sequence_ratio,
    word_diff,
    word_opcodes,
)
from kzreader.library import Article

__all__ = ["Comparison", "Row", "align", "compare_articles", "word_diff", "word_opcodes"]

THRESHOLD = 0.3
"""Minimum similarity for two sentences to share a row."""
FACT_LINK = 0.5
"""Score of two sentences carrying claims of one (non-variant) fact, when words score lower."""
_CANDIDATES = 8  # per sentence, the most similar sentences scored in full
_ORDER_BONUS = 0.05  # tie-breaker favouring pairs at similar relative positions


class _ClaimLike(Protocol):
    @property
    def article(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def _in_body(claim: _ClaimLike) -> bool:
    """Whether a claim's offsets point into the article's body (``Claim.part`` "text"; a
    claim-like without a part is a body claim)."""
    return getattr(claim, "part", "text") == "text"


class _FactLike(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def claims(self) -> Sequence[_ClaimLike]: ...


class _ReportLike(Protocol):
    """What compare reads of a `FactReport`: facts with label, verdict and claims' offsets."""

    @property
    def facts(self) -> Sequence[_FactLike]: ...


@dataclass(frozen=True)
class Row:
    """One line of the comparison: at most one sentence per article (keyed by id, article order)."""

    sentences: dict[str, Sentence | None]
    similarity: float
    diff: tuple[tuple[str, ...], ...]
    facts: tuple[tuple[str, str], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "sentences": {
                aid: None if s is None else {"text": s.text, "start": s.start, "end": s.end}
                for aid, s in self.sentences.items()
            },
            "similarity": round(self.similarity, 3),
            "diff": [list(op) for op in self.diff],
            "facts": [{"label": label, "verdict": verdict} for label, verdict in self.facts],
        }


@dataclass(frozen=True)
class Comparison:
    """The aligned rows of two or more articles."""

    articles: tuple[Article, ...]
    rows: tuple[Row, ...]

    def to_json(self) -> dict[str, Any]:
        """The `compare --json` document (DESIGN.md)."""
        return {"articles": [a.id for a in self.articles], "rows": [r.to_json() for r in self.rows]}


class _Aligner:
    """Similarity between any two compared sentences, computed lazily over shared postings."""

    def __init__(self, per_article: list[list[Sentence]], links: set[tuple[int, int]]) -> None:
        self.links = links  # (article, sentence) pairs, as global numbers, that state one fact
        self.offsets = []
        terms: list[list[str]] = []
        for sentences in per_article:
            self.offsets.append(len(terms))
            terms.extend(content_terms(s.text) for s in sentences)
        self.terms = terms
        self.vectors = TfidfVectors(terms)
        self.sizes = [len(s) for s in per_article]
        self._ratios: dict[tuple[int, int], float] = {}  # (q, c) -> sequence ratio, once

    def ratio(self, q: int, c: int) -> float:
        """Word-order ratio of sentence ``q`` against ``c`` (difflib's costly part, memoised)."""
        found = self._ratios.get((q, c))
        if found is None:
            found = self._ratios[(q, c)] = sequence_ratio(self.terms[q], self.terms[c])
        return found

    def pair(self, q: int, c: int) -> float:
        """Similarity of two sentences by global number."""
        cos = self.vectors.cosine(q, c)
        return min(1.0, combined(cos, self.ratio(q, c))) if cos > 0 else 0.0

    def scores(self, k: int, earlier: range) -> dict[tuple[int, int], float]:
        """Similarity of article ``k``'s sentences with those of articles in ``earlier``."""
        queries = range(self.offsets[k], self.offsets[k] + self.sizes[k])
        cands = [self.offsets[e] + i for e in earlier for i in range(self.sizes[e])]
        pairs = self.vectors.neighbours(queries, cands)
        lo, hi = queries.start, queries.stop
        for q, c in self.links:
            if lo <= q < hi and c < lo:
                pairs.setdefault((q, c), 0.0)
        per_query: dict[int, list[tuple[float, int]]] = {}
        for (q, c), cos in pairs.items():
            if cos >= THRESHOLD / 2 or (q, c) in self.links:
                per_query.setdefault(q, []).append((cos, c))
        out = {}
        for q, found in per_query.items():
            # only the best few by cosine get the costlier sequence ratio (tables of alike lines)
            for cos, c in heapq.nlargest(_CANDIDATES, found):
                score = min(1.0, combined(cos, self.ratio(q, c)))
                if (q, c) in self.links:
                    score = max(score, FACT_LINK)
                if score >= THRESHOLD:
                    out[(q, c)] = score
        return out


def align(
    per_article: list[list[Sentence]], links: set[tuple[int, int]] | None = None
) -> tuple[list[list[int | None]], list[float]]:
    """Rows of sentence indexes (one slot per article) and each row's similarity.

    ``links`` holds pairs of global sentence numbers (article offsets added, later article first)
    that the facts engine says state one fact; they may share a row even with few words in common.
    """
    aligner = _Aligner(per_article, links or set())
    rows: list[list[int | None]] = [
        [i] + [None] * (len(per_article) - 1) for i in range(aligner.sizes[0])
    ]
    for k in range(1, len(per_article)):
        scores = aligner.scores(k, range(k))
        owner: dict[int, int] = {}  # global sentence number -> row index
        for r, row in enumerate(rows):
            for e in range(k):
                i = row[e]
                if i is not None:
                    owner[aligner.offsets[e] + i] = r
        best: dict[tuple[int, int], float] = {}  # (sentence of k, row) -> score
        n_rows, n_k = len(rows), aligner.sizes[k]
        for (q, c), score in scores.items():
            r, i = owner[c], q - aligner.offsets[k]
            bonus = _ORDER_BONUS * (1 - abs(i / max(n_k, 1) - r / max(n_rows, 1)))
            if score + bonus > best.get((i, r), 0.0):
                best[(i, r)] = score + bonus
        placed: dict[int, int] = {}
        taken: set[int] = set()
        for (i, r), _ in sorted(best.items(), key=lambda kv: -kv[1]):
            if i not in placed and r not in taken:
                placed[i], rows[r][k] = r, i
                taken.add(r)
        rows = _insert_unmatched(rows, k, n_k, len(per_article))
    sims = [_row_similarity(row, aligner) for row in rows]
    return rows, sims


def _insert_unmatched(
    rows: list[list[int | None]], k: int, n_k: int, width: int
) -> list[list[int | None]]:
    present = {row[k] for row in rows if row[k] is not None}
    after: dict[int, list[int]] = {}  # row index (-1: top) -> unmatched sentences to put after it
    row_of = {row[k]: r for r, row in enumerate(rows) if row[k] is not None}
    anchor = -1
    for i in range(n_k):
        if i in present:
            anchor = row_of[i]
        else:
            after.setdefault(anchor, []).append(i)
    out: list[list[int | None]] = []

    def own(i: int) -> list[int | None]:
        row: list[int | None] = [None] * width
        row[k] = i
        return row

    out.extend(own(i) for i in after.get(-1, ()))
    for r, row in enumerate(rows):
        out.append(row)
        out.extend(own(i) for i in after.get(r, ()))
    return out


def _row_similarity(row: list[int | None], aligner: _Aligner) -> float:
    """Mean similarity of the row's first sentence with each other sentence in it (0 when alone)."""
    members = [aligner.offsets[e] + i for e, i in enumerate(row) if i is not None]
    if len(members) < 2:
        return 0.0
    vals = [aligner.pair(m, members[0]) for m in members[1:]]
    return sum(vals) / len(vals)


def _row_facts(
    row: dict[str, Sentence | None], report: _ReportLike | None
) -> tuple[tuple[str, str], ...]:
    if report is None:
        return ()
    found: dict[tuple[str, str], None] = {}
    for fact in report.facts:
        for claim in fact.claims:
            s = row.get(claim.article)
            if not _in_body(claim):
                continue  # a headline's or caption's offsets are not the body's
            if s is not None and claim.start < s.end and s.start < claim.end:
                found[(fact.label, fact.verdict)] = None
                break
    return tuple(found)


def _fact_links(
    articles: Sequence[Article], per_article: list[list[Sentence]], report: _ReportLike | None
) -> set[tuple[int, int]]:
    """Pairs of global sentence numbers holding claims of one fact (later article first)."""
    if report is None:
        return set()
    position = {a.id: e for e, a in enumerate(articles)}
    offsets = [0]
    for sentences in per_article[:-1]:
        offsets.append(offsets[-1] + len(sentences))
    starts = [[s.start for s in sentences] for sentences in per_article]
    links: set[tuple[int, int]] = set()
    for fact in report.facts:
        if fact.verdict == Verdict.VARIANT:
            continue  # a name spelled two ways says nothing about which sentences correspond
        members = set()
        for claim in fact.claims:
            e = position.get(claim.article)
            if e is None or not _in_body(claim):
                continue  # (a headline's or caption's offsets are not the body's)
            i = bisect_right(starts[e], claim.start) - 1
            for j in (i, i + 1):  # the sentence holding the claim's start, or the next one
                if 0 <= j < len(per_article[e]):
                    s = per_article[e][j]
                    if claim.start < s.end and s.start < claim.end:
                        members.add((e, offsets[e] + j))
        for ea, qa in members:
            for eb, qb in members:
                if ea > eb:
                    links.add((qa, qb))
    return links


def compare_articles(articles: Sequence[Article], facts: _ReportLike | None = None) -> Comparison:
    """Align ``articles`` sentence by sentence (rows in the first article's order)."""
    if len({a.id for a in articles}) != len(articles):
        raise ValueError("compare_articles needs distinct articles")
    per_article = [list(sentences_of(a.text)) for a in articles]
    links = _fact_links(articles, per_article, facts)
    slots, sims = align(per_article, links) if articles else ([], [])
    rows = []
    for slot, sim in zip(slots, sims, strict=True):
        sentences = {
            a.id: None if i is None else per_article[e][i]
            for e, (a, i) in enumerate(zip(articles, slot, strict=True))
        }
        present = [s for s in sentences.values() if s is not None]
        diff = word_diff(present[0].text, present[1].text) if len(present) >= 2 else ()
        rows.append(Row(sentences, sim, diff, _row_facts(sentences, facts)))
    return Comparison(tuple(articles), tuple(rows))
