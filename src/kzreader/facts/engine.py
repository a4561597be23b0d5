"""The core API the CLI and the TUI call: ``facts_for`` and ``about_sentence``."""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache

from kzreader.config import FactsConfig
from kzreader.facts.ages import age_facts
from kzreader.facts.align import (
    ClaimInfo,
    attribution_key,
    cluster,
    mark_breakdowns,
    story_relation,
)
from kzreader.facts.claims import sentence_claims
from kzreader.facts.model import Claim, Fact, FactReport, verdict_rank
from kzreader.facts.text.quantities import find_quantities
from kzreader.facts.text.sentences import Sentence, sentences_of
from kzreader.facts.text.textsim import stem, stems
from kzreader.facts.variants import name_index, variant_facts
from kzreader.facts.verdicts import label, verdict
from kzreader.library import Article

_sentences = sentences_of  # the shared cache (the benchmark clears it for cold runs)


@lru_cache(maxsize=8192)
def _sentence_stems(text: str) -> tuple[str, ...]:
    """A sentence's stems, once: both its claims' words and the document frequencies use them."""
    return tuple(stems(text))


def sentence_at(article: Article, offset: int) -> Sentence:
    """The sentence of ``article`` that contains ``offset`` (or the nearest before it)."""
    sents = _sentences(article.text)
    if not sents:  # a text of blanks: one empty sentence at its start
        return Sentence(0, 0, 0, "")
    starts = [s.start for s in sents]
    k = max(bisect.bisect_right(starts, offset) - 1, 0)
    return sents[k]


def _published(article: Article) -> datetime | None:
    """Publication time as naive UTC so aware and naive dates compare."""
    value = getattr(article, "published_key", None)
    if not isinstance(value, datetime) and article.published is not None:
        value = article.published.replace(tzinfo=None)
    return value


def _same_paragraph(text: str, a: Sentence, b: Sentence) -> bool:
    return "\n" not in text[a.end : b.start]


def article_claims(article: Article, index: int, config: FactsConfig) -> list[ClaimInfo]:
    """Every count claim of one article, with sentence offsets into its text."""
    infos: list[ClaimInfo] = []
    sents = _sentences(article.text)
    for n, sent in enumerate(sents):
        raw = sentence_claims(sent.text, config.hedge_width, config.approx_width)
        if not raw:
            continue
        sent_words = list(_sentence_stems(sent.text))
        for k, rc in enumerate(raw):
            # "another two", "three other bombs": a part added to some other count (but "8 killed
            # and 300 others hurt" contrasts two measures: that is a whole count)
            partial = rc.quantity.additive and not any(r.measure != rc.measure for r in raw[:k])
            if partial:
                continue  # a part of a count given elsewhere: never the fact itself
            years = rc.years
            words = sent_words
            if not years and n > 0 and _same_paragraph(article.text, sents[n - 1], sent):
                years = sentence_claims_years(sents[n - 1].text)
                if years:  # the previous sentence dates this one: its words are context too
                    words = words + list(_sentence_stems(sents[n - 1].text))
            q = rc.quantity
            claim = Claim(
                article=article.id,
                sentence=sent.text,
                start=sent.start,
                end=sent.end,
                value=q.number.text,
                low=float(q.number.low),
                high=float(q.number.high),
                unit=q.unit,
                attribution=rc.attribution,
                measure=rc.measure,
                value_start=sent.start + rc.value_start,
                value_end=sent.start + rc.value_end,
            )
            infos.append(
                ClaimInfo(
                    claim=claim,
                    article=index,
                    measure=rc.measure,
                    subject=q.subject,
                    places=rc.places,
                    years=years,
                    attribution_key=attribution_key(rc.attribution),
                    update_cue=rc.update_cue,
                    published=_published(article),
                    vague=q.number.hedge == "vague",
                    words=words,
                )
            )
    mark_breakdowns(infos)
    return infos


def sentence_claims_years(text: str) -> frozenset[int]:
    """The years a sentence names (to date the sentence after it)."""
    return frozenset(int(q.number.value) for q in find_quantities(text) if q.kind == "year")


def _count_facts(
    articles: Sequence[Article], config: FactsConfig, related: Callable[[int, int], bool]
) -> list[Fact]:
    infos: list[ClaimInfo] = []
    df: Counter[str] = Counter()
    n = 0
    for index, article in enumerate(articles):
        infos.extend(article_claims(article, index, config))
        for sent in _sentences(article.text):
            df.update(set(_sentence_stems(sent.text)))
            n += 1
    facts = []
    for group in cluster(infos, config.similarity, df, n, related):
        if len({i.article for i in group}) < max(config.min_outlets, 2 if len(articles) > 1 else 1):
            continue
        group.sort(key=lambda i: (i.article, i.claim.start))
        v, reason = verdict(group)
        facts.append(Fact(label(group), v, reason, tuple(i.claim for i in group)))
    return facts


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
    articles: Sequence[Article], query: str | None = None, config: FactsConfig | None = None
) -> FactReport:
    """Facts over ``articles`` (those matching ``query``, if given), disagreements first."""
    articles = tuple(articles)
    with _REPORT_LOCK:  # threads asking the same question (the reader's workers) compute it once
        facts = list(_all_facts(articles, config or FactsConfig()))
    if query and query.strip():
        facts = filter_facts(facts, query)
    return FactReport(articles, tuple(facts))


_REPORT_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _all_facts(articles: tuple[Article, ...], config: FactsConfig) -> tuple[Fact, ...]:
    """Every fact, sorted; cached because the TUI asks again for each sentence it explains."""
    related = story_relation([a.text for a in articles])
    facts = _count_facts(articles, config, related)
    names = name_index(articles)
    facts.extend(variant_facts(articles, sentence_at, config.min_outlets, related, names))
    facts.extend(age_facts(articles, names, config.min_outlets, related))
    order = {a.id: n for n, a in enumerate(articles)}
    facts.sort(
        key=lambda f: (verdict_rank(f.verdict), -len(f.articles), order.get(f.claims[0].article, 0))
    )
    return tuple(facts)


def about_sentence(
    articles: Sequence[Article],
    article_id: str,
    start: int,
    end: int,
    config: FactsConfig | None = None,
) -> list[Fact]:
    """Facts with a claim in ``article_id`` between ``start`` and ``end`` (a sentence's span).

    Each fact carries the other outlets' claims; ``[]`` means no other outlet reports this.
    """
    report = facts_for(articles, None, config)
    return [
        f
        for f in report.facts
        if any(c.article == article_id and c.start < end and start < c.end for c in f.claims)
    ]
