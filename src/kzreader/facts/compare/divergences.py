"""Divergences: what the faces mark and walk, computed from a fact report and a comparison.

The compare, facts and differ screens and the compare command share these (moved here from the
TUI's ``widgets/divergence.py``; they hold no rendering):

- ``sentence_marks``: what to mark inside one sentence of a comparison row: word differences
  against the row's first sentence, and the values of facts in their verdict;
- ``divergent_spans``: the values of an article that other outlets contradict, for the reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kzreader.facts.diff import Row, word_opcodes
from kzreader.facts.model import DIVERGENT, Claim, Fact, FactReport
from kzreader.facts.text.sentences import Sentence
from kzreader.library import Article


@dataclass(frozen=True)
class Mark:
    """A span of a sentence (offsets into its text) and what it is: ``"diff"`` or a verdict."""

    start: int
    end: int
    kind: str  # "diff" or a Verdict


def row_is_divergent(row: Row) -> bool:
    """Whether a comparison row holds a divergent fact (``]``/``[`` stop there)."""
    return any(verdict in DIVERGENT for _label, verdict in row.facts)


def facts_in(report: FactReport | None, article_id: str, sentence: Sentence) -> list[Fact]:
    """Facts with a claim of ``article_id`` inside ``sentence``."""
    if report is None:
        return []
    return [
        f
        for f in report.facts
        if any(_inside(c, article_id, sentence.start, sentence.end) for c in f.claims)
    ]


def _inside(claim: Claim, article_id: str, start: int, end: int) -> bool:
    """The claim is in the body of ``article_id`` between ``start`` and ``end`` (a headline's
    or caption's offsets point into that text, not the body)."""
    return claim.article == article_id and claim.in_text and claim.start < end and start < claim.end


def sentence_marks(row: Row, article_id: str, report: FactReport | None) -> list[Mark]:
    """Marks inside ``article_id``'s sentence of ``row``: word differences, then fact values.

    Word differences are against the row's first present sentence (that one is marked where any
    other sentence differs from it).  Fact values come last so they win where spans overlap.
    """
    sentence = row.sentences.get(article_id)
    if sentence is None:
        return []
    present = [(aid, s) for aid, s in row.sentences.items() if s is not None]
    marks: list[Mark] = []
    if len(present) >= 2:
        first_id, first = present[0]
        if article_id == first_id:
            for _aid, other in present[1:]:
                ops = word_opcodes(first.text, other.text)
                marks += [
                    Mark(a0, a1, "diff") for tag, a0, a1, _b0, _b1 in ops if _changed(tag, a0, a1)
                ]
        else:
            ops = word_opcodes(first.text, sentence.text)
            marks += [
                Mark(b0, b1, "diff") for tag, _a0, _a1, b0, b1 in ops if _changed(tag, b0, b1)
            ]
    for fact in facts_in(report, article_id, sentence):
        for c in fact.claims:
            if _inside(c, article_id, sentence.start, sentence.end) and c.value_end > c.value_start:
                marks.append(
                    Mark(c.value_start - sentence.start, c.value_end - sentence.start, fact.verdict)
                )
    return marks


def _changed(tag: str, start: int, end: int) -> bool:
    return tag != "equal" and end > start


def claim_values(fact: Fact, names: dict[str, str]) -> str:
    """``"Daily: eight · Wire: Twelve, 12"``: each outlet's values, in claim order."""
    per: dict[str, list[str]] = {}
    for c in fact.claims:
        values = per.setdefault(c.article, [])
        if c.value not in values:
            values.append(c.value)
    return " · ".join(f"{names.get(aid, aid)}: {', '.join(v)}" for aid, v in per.items())


def divergent_spans(report: FactReport, article_id: str) -> list[tuple[int, int, str]]:
    """(start, end, verdict) of ``article_id``'s values that other outlets contradict or revise."""
    spans = set()
    for fact in report.facts:
        if fact.verdict not in DIVERGENT or len(fact.articles) < 2:
            continue
        for c in fact.claims:
            if c.article == article_id and c.in_text and c.value_end > c.value_start:
                spans.add((c.value_start, c.value_end, fact.verdict))
    return sorted(spans)


MAX_MATCH_ARTICLES = 12
"""``matching_sentences`` aligns the sentence against at most this many other articles."""


def matching_sentences(
    article: Article,
    sentence: Sentence,
    others: Sequence[Article],
    report: FactReport | None = None,
) -> list[tuple[str, Sentence, float]]:
    """(article id, sentence, similarity) of each other article's sentence aligned with
    ``sentence`` by the article diff (at most ``MAX_MATCH_ARTICLES`` articles, in order)."""
    from kzreader.facts.diff import compare_articles

    found = []
    for other in [o for o in others if o.id != article.id][:MAX_MATCH_ARTICLES]:
        comparison = compare_articles([article, other], report)
        for row in comparison.rows:
            mine = row.sentences.get(article.id)
            if mine is not None and mine.start == sentence.start:
                theirs = row.sentences.get(other.id)
                if theirs is not None:
                    found.append((other.id, theirs, row.similarity))
                break
    return found


def changed_spans(ours: str, theirs: str) -> list[tuple[int, int]]:
    """Spans of ``theirs`` that differ from ``ours`` word by word."""
    return [
        (b0, b1) for tag, _a0, _a1, b0, b1 in word_opcodes(ours, theirs) if _changed(tag, b0, b1)
    ]
