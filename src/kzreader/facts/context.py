"""What the engine hands to each kind of fact: the report's articles, one sentence, found claims.

- ``ReportContext``: the articles one report covers and what is computed once over them (their
  story relation, source groups, publication times, the stems' document frequencies, every
  kind's found claims, and a memo for analyses kinds share, such as the name index);
- ``SentenceContext``: one sentence of one article, as an extractor receives it, with its
  tokens, stems and name mentions computed once for all kinds;
- ``Found``: the base of what an extractor returns; each kind subclasses it with what its
  comparator needs.

See ``kzreader.facts.extract`` and ``kzreader.facts.compare`` for the contract.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from kzreader.config import FactsConfig
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text.names import Mention, common_words, mentions
from kzreader.facts.text.numbers import tokens
from kzreader.facts.text.sentences import Sentence, sentences_of
from kzreader.facts.text.textsim import stems
from kzreader.facts.text.units import CANONICAL

if TYPE_CHECKING:
    from kzreader.library import Article

T = TypeVar("T")


@dataclass(eq=False, kw_only=True)
class Found:
    """One claim an extractor found: where it is.  Kinds subclass it (a dataclass with
    ``kw_only=True``) with what their comparator needs; the engine reads only ``article``."""

    article: int  # index of the article in ``ReportContext.articles``
    sentence: Sentence  # the sentence it is in (offsets into that article's text)


@lru_cache(maxsize=8192)
def sentence_stems(text: str) -> tuple[str, ...]:
    """A sentence's stems, once: claims' words and the document frequencies both use them."""
    return tuple(stems(text))


def published_key(article: Article) -> datetime | None:
    """Publication time as naive UTC so aware and naive dates compare."""
    value = getattr(article, "published_key", None)
    if not isinstance(value, datetime) and article.published is not None:
        value = article.published.replace(tzinfo=None)
    return value


class ReportContext:
    """The articles of one report and what is computed once over them.

    ``source_groups[i]`` is the source (copy group) of article ``i``: articles sharing one are
    copies of one report (wire copy), and agreement between them is no independent
    confirmation.  By default every article is its own group, named by its id."""

    def __init__(
        self,
        articles: Sequence[Article],
        config: FactsConfig,
        source_groups: Mapping[str, str] | None = None,
    ) -> None:
        self.articles = tuple(articles)
        self.config = config
        groups = source_groups or {}
        self.source_groups = tuple(groups.get(a.id, a.id) for a in self.articles)
        self.published = tuple(published_key(a) for a in self.articles)
        self.df: Counter[str] = Counter()  # stems -> sentences holding them (every sentence)
        self.sentences = 0  # how many sentences ``df`` counts
        self.claims: dict[str, list[Any]] = {}  # kind name -> what its extractor found
        self._memo: dict[str, Any] = {}

    @cached_property
    def related(self) -> Callable[[int, int], bool]:
        """``related(i, j)``: do articles i and j report one story?  (``compare.align``)"""
        from kzreader.facts.compare.align import story_relation

        return story_relation([a.text for a in self.articles])

    @cached_property
    def common(self) -> frozenset[str]:
        """Words some article writes in lowercase: a sentence-initial "Protesters" is no name."""
        return common_words([a.text for a in self.articles])

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """``make()`` once per report: analyses several kinds share (the name index)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]  # type: ignore[no-any-return]

    def sentence_at(self, article: int, offset: int) -> Sentence:
        """The sentence of article ``article`` holding ``offset`` (or the nearest before it)."""
        sents = sentences_of(self.articles[article].text)
        if not sents:
            return Sentence(0, 0, 0, "")
        k = max(bisect.bisect_right([s.start for s in sents], offset) - 1, 0)
        return sents[k]

    def claim(
        self,
        article: int,
        sentence: Sentence,
        kind: Kind,
        start: int,
        end: int,
        *,
        value: str | None = None,
        low: float | None = None,
        high: float | None = None,
        unit: str | None = None,
        attribution: str | None = None,
        measure: str | None = None,
        part: str = "text",
        part_index: int = 0,
    ) -> Claim:
        """The ``Claim`` record of a value at ``start``..``end`` of ``sentence`` (offsets local
        to the sentence; ``value`` defaults to the text there).  A measure's ``unit`` must be
        the canonical unit of its dimension (``text.units``), its ``low``/``high`` in it.
        ``part``/``part_index``: the sentence is in the article's title or a caption (its
        offsets point there; see ``model.Claim``)."""
        if kind == Kind.MEASURE and unit not in CANONICAL:
            raise ValueError(f"a measure's unit must be canonical (text.units), not {unit!r}")
        return Claim(
            article=self.articles[article].id,
            sentence=sentence.text,
            start=sentence.start,
            end=sentence.end,
            value=sentence.text[start:end] if value is None else value,
            low=low,
            high=high,
            unit=unit,
            attribution=attribution,
            measure=measure,
            value_start=sentence.start + start,
            value_end=sentence.start + end,
            kind=kind,
            source_group=self.source_groups[article],
            part=part,
            part_index=part_index,
        )


@dataclass(eq=False)
class SentenceContext:
    """One sentence of one article, as every extractor receives it.

    ``previous`` is the sentence before it in the same paragraph (None at a paragraph's start).
    ``tokens``, ``words`` and ``mentions`` are computed on first use and shared by the kinds.
    ``part`` is "text" for the body, "title" or "caption" (``part_index``: which caption) for
    the article's headline and captions, whose sentences every kind reads too (the claims it
    builds through ``claim`` carry the part; see ``model.Claim``)."""

    report: ReportContext
    article: int  # index in ``report.articles``
    sentence: Sentence
    previous: Sentence | None
    part: str = "text"
    part_index: int = 0
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def published(self) -> datetime | None:
        """The article's publication time (naive UTC), to resolve "yesterday" or weekdays."""
        return self.report.published[self.article]

    @property
    def config(self) -> FactsConfig:
        return self.report.config

    @property
    def tokens(self) -> list[tuple[str, int, int]]:
        """(token, start, end) of the sentence (``text.numbers.tokens``), local offsets."""
        found = self._cache.get("tokens")
        if found is None:
            found = self._cache["tokens"] = tokens(self.sentence.text)
        return found  # type: ignore[no-any-return]

    @property
    def lower(self) -> list[str]:
        """The tokens' text in lowercase (shared by the kinds that read words)."""
        found = self._cache.get("lower")
        if found is None:
            found = self._cache["lower"] = [t[0].lower() for t in self.tokens]
        return found  # type: ignore[no-any-return]

    @property
    def words(self) -> tuple[str, ...]:
        """The sentence's stems (``text.textsim.stems``): what alignment compares.  A headline
        or caption is read with its article's lead (its first two sentences): a headline is
        short, and it sums up the story the lead tells."""
        own = sentence_stems(self.sentence.text)
        if self.part == "text":
            return own
        lead = sentences_of(self.report.articles[self.article].text)[:2]
        return own + tuple(w for s in lead for w in sentence_stems(s.text))

    @property
    def mentions(self) -> list[Mention]:
        """Capitalised names of the sentence (``text.names.mentions``), local offsets."""
        found = self._cache.get("mentions")
        if found is None:
            found = self._cache["mentions"] = mentions(
                self.sentence.text, self.report.common, self.tokens
            )
        return found  # type: ignore[no-any-return]

    @property
    def headline_case(self) -> bool:
        """Whether the sentence is a headline in Title Case ("Police Say Gunman Fled"): most of
        its words capitalised, so capitals tell no names."""
        if self.part == "text":
            return False
        words = [w for w in self.sentence.text.split() if w[:1].isalpha() and len(w) > 3]
        upper = sum(w[:1].isupper() for w in words)
        return len(words) >= 3 and upper >= 0.6 * len(words)

    def claim(self, kind: Kind, start: int, end: int, **fields: Any) -> Claim:
        """``ReportContext.claim`` for this sentence (``start``/``end`` local to it)."""
        fields.setdefault("part", self.part)
        fields.setdefault("part_index", self.part_index)
        return self.report.claim(self.article, self.sentence, kind, start, end, **fields)
