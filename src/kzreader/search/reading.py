"""Reading the index: one query from typed text to hits with fragments and an honest count.

`SearchIndex` (index.py) holds the state and writes; this mixin is its search side.  It
expects the state attributes `SearchIndex` sets up (``_lock``, ``_searcher``, ``_ix``, the
caches) and its ``_fresh_searcher``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from whoosh.query import FuzzyTerm, Prefix
from whoosh.query import QueryError as WhooshQueryError

from kzreader.config import SearchConfig
from kzreader.library import Library
from kzreader.search import store, suggest
from kzreader.search.collect import run
from kzreader.search.expand import Cap, describe_caps, expand, unstem_prefixes
from kzreader.search.highlight import QueryMatcher, fragments
from kzreader.search.lexicon import Lexicons
from kzreader.search.query import DEFAULT_FIELDS, display_query, outlet_filter, parse
from kzreader.search.results import (
    Hit,
    IndexUnavailable,
    QueryError,
    SearchResults,
    empty_results,
)
from kzreader.search.schema import typed_words
from kzreader.search.score import ScoreCache
from kzreader.search.synonyms import expand_synonyms, quoted_words
from kzreader.search.writer import held_elsewhere

_log = logging.getLogger("kzreader.search.index")

#: An as-you-type search returns what it scored within this time (a two-letter prefix can
#: match most of a big library); the next keystroke narrows it.
TYPED_TIME_LIMIT = 0.06
#: ... unless it has found nothing by then: it goes on until this, then says it stopped
#: (never "no hits" when it did not look everywhere).
TYPED_HARD_LIMIT = 0.5
BUILDING = "another kzreader process is building the search index; try again when it is done"


class SearchingMixin:
    """`SearchIndex`'s queries: parse, synonyms, bounded expansion, scoring, hits."""

    library: Library
    folder: Path
    config: SearchConfig
    _lock: Any
    _parser: Any
    _ix: Any
    _searcher: Any
    _damage: str | None
    _found_damage: str | None
    _missing: str | None
    _lexicons: Lexicons
    _scores: ScoreCache

    def _fresh_searcher(self) -> Any:
        raise NotImplementedError

    def _close_searcher(self) -> None:
        raise NotImplementedError

    def _unavailable(self) -> IndexUnavailable:
        """Why there is no searcher (call with ``_lock`` held)."""
        if self._damage:
            return IndexUnavailable(f"the search index is damaged: {self._damage}", damaged=True)
        if self._missing:
            return IndexUnavailable(f"the search index needs a rebuild: {self._missing}")
        if held_elsewhere(self.folder):
            return IndexUnavailable(BUILDING)
        return IndexUnavailable("there is no search index yet (kzreader index builds it)")

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        outlet: str | None = None,
        as_you_type: bool = False,
    ) -> SearchResults:
        """Ranked hits ``offset``..``offset+limit`` with fragments for those hits only.

        Strict queries raise `QueryError` for what cannot be searched; as-you-type queries are
        repaired and never raise it.  Both raise `IndexUnavailable` when no index can answer
        (damaged: ``damaged`` is set, and `update` rebuilds it; being built elsewhere).
        """
        label = display_query(query)
        try:
            return self._search(query, label, limit, offset, outlet, as_you_type)
        except QueryError:
            if as_you_type:
                return empty_results(label)
            raise
        except IndexUnavailable:
            raise
        except WhooshQueryError as exc:
            if as_you_type:
                return empty_results(label)
            raise QueryError(f"cannot search this query: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - Whoosh raises bare Exception on odd input
            damage = self._damage_behind(exc)
            if damage is not None:
                raise damage from None
            if as_you_type:  # half-typed text must never break the TUI
                _log.debug("as-you-type query %r failed: %s: %s", label, type(exc).__name__, exc)
                return empty_results(label)
            raise QueryError(f"cannot search this query ({type(exc).__name__}: {exc})") from None

    def _damage_behind(self, exc: BaseException) -> IndexUnavailable | None:
        """When a search failed: is the index damaged?  Every file is checked against the
        recorded CRCs (or, for an index without them, the error's kind decides)."""
        with self._lock:
            if self._ix is None:
                return None
            try:
                generation = self._ix.latest_generation()
                problem = store.verify(
                    self.folder, store.read_files(self.folder), generation, deep=True
                )
            except OSError as error:
                problem = f"{type(error).__name__}: {error}"
            if problem is None and store.is_damage_error(exc):
                problem = f"{type(exc).__name__}: {exc}"
            if problem is None:
                return None
            self._close_searcher()
            self._ix, self._damage = None, f"the index was damaged ({problem})"
            self._found_damage = self._damage
            return IndexUnavailable(f"the search index is damaged: {self._damage}", damaged=True)

    def _search(
        self,
        query: str,
        label: str,
        limit: int,
        offset: int,
        outlet: str | None,
        as_you_type: bool,
    ) -> SearchResults:
        with self._lock:
            q = parse(
                self._parser, query, as_you_type=as_you_type, min_prefix=self.config.min_prefix
            )
            searcher = self._fresh_searcher()
            if searcher is None:
                raise self._unavailable()
            if searcher.doc_count() == 0 and len(self.library) and held_elsewhere(self.folder):
                raise IndexUnavailable(BUILDING)  # the empty TOC of another's first build
            if q is None or limit <= 0 or searcher.doc_count() == 0:
                return empty_results(label)  # BM25 over no documents divides by zero
            filt = outlet_filter(outlet) if outlet else None
            if outlet and filt is None:
                return empty_results(label)
            reader = searcher.reader()
            q, synonyms, caps = self._final_query(q, query, reader, as_you_type)
            time_limit = TYPED_TIME_LIMIT if as_you_type else None
            collected = run(
                searcher, q, offset + limit, filt, time_limit, TYPED_HARD_LIMIT, self._scores
            )
            page = collected.hits[offset : offset + limit]
            matcher = QueryMatcher(q, reader)
            hits = tuple(self._hit(searcher, doc, score, matcher) for doc, score in page)
            notes = [describe_caps(caps)] if caps else []
            if collected.stopped:
                limit_ms = (TYPED_HARD_LIMIT if not hits else TYPED_TIME_LIMIT) * 1000
                notes.append(f"counting stopped after {limit_ms:.0f} ms; type more to narrow")
            suggestion = None
            if not hits and not collected.stopped and self.config.fuzzy and not outlet:
                suggestion = suggest.did_you_mean(searcher, query, self._text_of)
        return SearchResults(
            query=label,
            total=collected.total,
            suggestion=suggestion,
            hits=hits,
            exact=not notes,
            note="; ".join(n for n in notes if n) or None,
            synonyms=tuple(synonyms.items()),
        )

    def _final_query(
        self, q: Any, text: str, reader: Any, as_you_type: bool
    ) -> tuple[Any, dict[str, tuple[str, ...]], list[Cap]]:
        """The parsed query with news synonyms (unless off) and bounded expansions."""
        synonyms: dict[str, tuple[str, ...]] = {}
        if self.config.synonyms:
            q, synonyms = expand_synonyms(q, quoted_words(text), text)
        caps: list[Cap] = []
        typed = typed_words(text) if _has_expanding(q) else None
        if typed:
            q = unstem_prefixes(q, typed)
        q = expand(q, reader, as_you_type, lexicons=self._lexicons, caps=caps, typed=typed)
        return q, synonyms, caps

    def warm(self) -> None:
        """Read now what the first searches would (each segment's words and field lengths
        for the title and body), so the first keystrokes do not pay for it.  The reader calls
        this in a worker once search is live."""
        with self._lock:
            searcher = self._fresh_searcher()
            if searcher is None:
                return
            try:
                self._lexicons.warm(searcher.reader(), DEFAULT_FIELDS)
                self._scores.warm(searcher, DEFAULT_FIELDS)
            except store.DAMAGE_ERRORS as exc:  # the first search that needs it will say so
                _log.debug("warming the index: %s: %s", type(exc).__name__, exc)

    def _text_of(self, article_id: str) -> str | None:
        article = self.library.get(article_id)
        return article.text if article is not None else None

    def _hit(self, searcher: Any, docnum: int, score: float, matcher: QueryMatcher) -> Hit:
        stored = searcher.stored_fields(docnum)
        article = self.library.get(stored["id"])
        text = article.text if article is not None else ""
        return Hit(
            article=stored["id"],
            outlet=article.outlet if article else stored.get("outlet", ""),
            title=article.title if article else stored.get("title", ""),
            published=article.published if article else stored.get("published"),
            score=score,
            fragments=fragments(text, matcher.spans(text)),
        )

    def match_spans(
        self, article_id: str, query: str, *, as_you_type: bool = False
    ) -> list[tuple[int, int]]:
        """Every match of the query's words (and their synonyms) in that article's text."""
        article = self.library.get(article_id)
        if article is None:
            return []
        min_prefix = self.config.min_prefix
        with self._lock:
            try:
                q = parse(self._parser, query, as_you_type=as_you_type, min_prefix=min_prefix)
            except QueryError:
                q = parse(self._parser, query, as_you_type=True, min_prefix=min_prefix)
            if q is None:
                return []
            reader = self._searcher.reader() if self._searcher is not None else None
            if reader is not None:
                try:
                    q, _synonyms, _caps = self._final_query(q, query, reader, as_you_type)
                except store.DAMAGE_ERRORS as exc:
                    _log.debug("highlighting %r: %s: %s", query, type(exc).__name__, exc)
            return QueryMatcher(q, reader).spans(article.text)


def _has_expanding(q: Any) -> bool:
    """Whether ``q`` has fuzzy terms or prefixes (their messages and prefixes need the words
    as typed)."""
    leaves = [q] if q.is_leaf() else q.leaves()
    return any(isinstance(leaf, (FuzzyTerm, Prefix)) for leaf in leaves)
