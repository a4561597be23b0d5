"""The facts pipeline, the one the faces call: ``facts_for`` and ``about_sentence``.

1. Every sentence of every article (``text.sentences``) goes to every registered kind's
   extractor (``kinds.KINDS``), with its article's context (``context.SentenceContext``); the
   sentences' stems are counted once for the TF-IDF of alignment.  Then the headline's and
   captions' sentences, to the kinds that read them (``KindSpec.headlines``): their claims
   carry ``part`` "title" or "caption" and offsets into that text (``model.Claim``).
2. Each kind's comparator groups its claims into facts and judges them (verdict, one-line
   reason).  A fact needs claims from two or more articles (``FactsConfig.min_outlets``).
3. Reasons that count reports count independent sources (``source_groups``: copies of one wire
   report are one source; by default every article is its own), and facts are sorted:
   disagreements first, then by how many sources report them, then by article order.

Reports are cached per (articles, config, source groups): the TUI asks again for each sentence
it explains.  ``clear_caches`` empties every cache (benchmarks' cold runs).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from kzreader.config import FactsConfig
from kzreader.facts import kinds
from kzreader.facts.compare.reasons import independence
from kzreader.facts.context import ReportContext, SentenceContext, sentence_stems
from kzreader.facts.extract import counts as extract_counts
from kzreader.facts.model import Fact, FactReport, verdict_rank
from kzreader.facts.text.names import name_key
from kzreader.facts.text.numbers import clear_cache as clear_numbers
from kzreader.facts.text.sentences import Sentence, sentences_of
from kzreader.facts.text.textsim import stem
from kzreader.library import Article


def sentence_at(article: Article, offset: int) -> Sentence:
    """The sentence of ``article`` that contains ``offset`` (or the nearest before it)."""
    return ReportContext([article], FactsConfig()).sentence_at(0, offset)


def _extract(report: ReportContext) -> None:
    """Every kind's claims of every sentence, into ``report.claims``; stems' frequencies."""
    registered = kinds.KINDS  # read at each run: a test may register a kind
    found: dict[str, list[object]] = {kind.name: [] for kind in registered}
    df = report.df
    for index, article in enumerate(report.articles):
        text = article.text
        previous: Sentence | None = None
        for sentence in sentences_of(text):
            df.update(set(sentence_stems(sentence.text)))
            report.sentences += 1
            if previous is not None and "\n" in text[previous.end : sentence.start]:
                previous = None  # a new paragraph
            ctx = SentenceContext(report, index, sentence, previous)
            for kind in registered:
                found[kind.name].extend(kind.extract(ctx))
            previous = sentence
        for part, n, head in _headlines(article):
            for sentence in sentences_of(head):
                ctx = SentenceContext(report, index, sentence, None, part, n)
                title_case = ctx.headline_case
                for kind in registered:
                    if kind.headlines == "all" or (kind.headlines != "none" and not title_case):
                        found[kind.name].extend(kind.extract(ctx))
    report.claims = found


def _headlines(article: Article) -> list[tuple[str, int, str]]:
    """(part, index, text) of the article's headline and captions, read as claims too (their
    claims' offsets point into that text: ``model.Claim.part``)."""
    out = [("title", 0, article.title)] if article.title and article.title.strip() else []
    out += [("caption", n, c) for n, c in enumerate(article.captions) if c.strip()]
    return out


def _facts(report: ReportContext) -> list[Fact]:
    """Every kind's facts, in registry order."""
    needed = max(report.config.min_outlets, 2 if len(report.articles) > 1 else 1)
    facts = []
    for kind in kinds.KINDS:
        for group in _fold_headlines(kind.group(report.claims[kind.name], report)):
            if len({f.article for f in group}) < needed:
                continue
            fact = kind.judge(group, report)
            note = independence(fact)
            facts.append(replace(fact, reason=fact.reason + note) if note else fact)
    return facts


def _value(found: object) -> tuple[object, ...] | None:
    claim = getattr(found, "claim", None)
    if claim is None:
        return None
    return (claim.low, claim.high) if claim.low is not None else (claim.value.lower(),)


def _fold_headlines(groups: list[list[Any]]) -> list[list[Any]]:
    """A group holding headline or caption claims whose every claim a larger group restates (a
    claim of the same article with the same value: "Five dead in quake" beside the body's "five
    people were killed") joins that group: the headline restates the body, it is no second
    fact.  Groups that find no such home stay as they are."""
    folded: set[int] = set()
    for g in sorted(groups, key=len):
        if not any(_part(f) != "text" for f in g) or _value(g[0]) is None:
            continue
        home = next(
            (
                h
                for h in groups
                if h is not g and id(h) not in folded and len(h) >= len(g)
                and all(
                    any(getattr(x, "article", None) == getattr(f, "article", None)
                        and _value(x) == _value(f) for x in h)
                    for f in g
                )
            ),
            None,
        )  # fmt: skip
        if home is not None:
            home.extend(f for f in g if not any(f is x for x in home))
            home.sort(key=lambda f: (getattr(f, "article", 0), _part(f) != "text"))
            folded.add(id(g))
    return [g for g in groups if id(g) not in folded]


def _part(found: object) -> str:
    claim = getattr(found, "claim", None)
    return str(getattr(claim, "part", "text"))


def _query_words(query: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[A-Za-z0-9]+", query)]


def _hay(fact: Fact, sentences: bool) -> set[str]:
    """Stems a query is matched against: the label, reason, and each claim's parts."""
    parts = [fact.label, fact.reason]
    for claim in fact.claims:
        parts.extend((claim.value, claim.unit or "", claim.attribution or "", claim.measure or ""))
        if sentences:
            parts.append(claim.sentence)
    return {stem(w) for w in re.findall(r"[A-Za-z0-9]+", " ".join(parts))}


def _matches(words: list[str], hay: set[str]) -> bool:
    return all(any(h.startswith(w) or w.startswith(h) for h in hay) for w in words)


def filter_facts(facts: list[Fact], query: str) -> list[Fact]:
    """Facts whose label and claims match every query word (stemmed, prefix-tolerant); when
    none do, facts whose sentences do."""
    words = _query_words(query)
    if not words:
        return facts
    strict = [f for f in facts if _matches(words, _hay(f, sentences=False))]
    return strict or [f for f in facts if _matches(words, _hay(f, sentences=True))]


def facts_for(
    articles: Sequence[Article],
    query: str | None = None,
    config: FactsConfig | None = None,
    source_groups: Mapping[str, str] | None = None,
) -> FactReport:
    """Facts over ``articles`` (those matching ``query``, if given), disagreements first.

    ``source_groups``: article id -> id of its source group (copies of one wire report share
    one); articles it leaves out are their own group.  Agreement counts independent groups."""
    articles = tuple(articles)
    groups = tuple(sorted(source_groups.items())) if source_groups else ()
    with _REPORT_LOCK:  # threads asking the same question (the reader's workers) compute it once
        facts = list(_all_facts(articles, config or FactsConfig(), groups))
    if query and query.strip():
        facts = filter_facts(facts, query)
    return FactReport(articles, tuple(facts))


_REPORT_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _all_facts(
    articles: tuple[Article, ...], config: FactsConfig, groups: tuple[tuple[str, str], ...]
) -> tuple[Fact, ...]:
    """Every fact, sorted; cached because the TUI asks again for each sentence it explains."""
    report = ReportContext(articles, config, dict(groups))
    _extract(report)
    facts = _facts(report)
    order = {a.id: n for n, a in enumerate(articles)}
    facts.sort(
        key=lambda f: (verdict_rank(f.verdict), -len(f.sources), order.get(f.claims[0].article, 0))
    )
    return tuple(facts)


def clear_caches() -> None:
    """Forget every report, split sentence, stem list and name key (a cold start)."""
    _all_facts.cache_clear()
    extract_counts.clear_caches()
    sentences_of.cache_clear()
    sentence_stems.cache_clear()
    name_key.cache_clear()
    stem.cache_clear()
    clear_numbers()


def about_sentence(
    articles: Sequence[Article],
    article_id: str,
    start: int,
    end: int,
    config: FactsConfig | None = None,
    source_groups: Mapping[str, str] | None = None,
) -> list[Fact]:
    """Facts with a claim in ``article_id`` between ``start`` and ``end`` (a sentence's span).

    Each fact carries the other outlets' claims; ``[]`` means no other outlet reports this.
    ``source_groups`` as for ``facts_for`` (copies of one report count as one source).
    """
    report = facts_for(articles, None, config, source_groups)
    return [
        f
        for f in report.facts
        if any(
            c.article == article_id and c.in_text and c.start < end and start < c.end
            for c in f.claims
        )
    ]
