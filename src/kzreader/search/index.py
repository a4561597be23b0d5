"""`SearchIndex`: one long-lived searcher over a persisted, incrementally updated index."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from whoosh.query import FuzzyTerm, Prefix
from whoosh.query import QueryError as WhooshQueryError

from kzreader import locations
from kzreader.config import SearchConfig
from kzreader.library import Library
from kzreader.search import store, suggest
from kzreader.search.collect import run
from kzreader.search.expand import Cap, Lexicon, describe_caps, expand, unstem_prefixes
from kzreader.search.highlight import QueryMatcher, fragments
from kzreader.search.query import display_query, make_parser, outlet_filter, parse
from kzreader.search.results import (
    Hit,
    IndexUnavailable,
    QueryError,
    SearchResults,
    UpdateStats,
    empty_results,
)
from kzreader.search.schema import build_schema, typed_words
from kzreader.search.score import LengthCache
from kzreader.search.synonyms import expand_synonyms, quoted_words
from kzreader.search.writer import (
    Progress,
    WriteLock,
    diff,
    held_elsewhere,
    write_all,
    write_changes,
)

_log = logging.getLogger(__name__)

#: How long `update` waits for another process's write lock before giving up politely.
LOCK_TIMEOUT = 2.0
#: An as-you-type search returns what it scored within this time (a two-letter prefix can
#: match most of a big library); the next keystroke narrows it.
TYPED_TIME_LIMIT = 0.06
#: ... unless it has found nothing by then: it goes on until this, then says it stopped
#: (never "no hits" when it did not look everywhere).
TYPED_HARD_LIMIT = 0.5
BUSY = "another kzreader process is updating the index; searching its last committed state"
BUILDING = "another kzreader process is building the search index; try again when it is done"
#: How often a search looks for commits made by other processes (seconds).
RECHECK = 1.0


class SearchIndex:
    """The index for one library; safe to search from one thread while another updates."""

    def __init__(self, library: Library, folder: Path, config: SearchConfig | None = None) -> None:
        self.library = library
        self.folder = folder
        self.config = config or SearchConfig()
        self.lock_timeout = LOCK_TIMEOUT
        self._schema = build_schema()
        self._parser = make_parser(self._schema)
        self._lock = threading.RLock()  # guards the searcher
        self._write_lock = threading.Lock()  # one update at a time in this process
        self._ix: Any = None
        self._searcher: Any = None
        self._lexicons: dict[str, Lexicon] = {}  # per searcher: words for leading wildcards
        self._lengths = LengthCache()  # per segment: field lengths for the block scorer
        self._damage: str | None = None
        self._found_damage: str | None = None  # damage a search ran into: kept until rebuilt
        self._missing: str | None = None
        self._checked = time.monotonic()

    @classmethod
    def open(cls, library: Library, *, config: SearchConfig | None = None) -> SearchIndex:
        """Open (never build) the index for ``library``'s sources; cheap."""
        index = cls(library, locations.index_dir(library.sources), config)
        with index._lock:
            index._reopen()
        return index

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._close_searcher()
            self._ix = None

    # --- state ------------------------------------------------------------------------------

    def _close_searcher(self) -> None:
        self._lexicons = {}
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def _renew_searcher(self) -> None:
        """A searcher over the latest commit; call with ``_lock`` held.

        Not ``Searcher.refresh()``: it reuses segment readers by segment and so keeps
        showing documents deleted from a segment that survived the commit.
        """
        if self._ix is None:
            return
        old = self._searcher
        self._searcher = self._ix.searcher()
        self._lexicons = {}
        if old is not None:
            old.close()

    def _reopen(self) -> None:
        """(Re)open the committed index; call with ``_lock`` held."""
        self._close_searcher()
        self._ix, self._damage, self._missing = None, None, None
        self._checked = time.monotonic()
        if not store.index_exists(self.folder):
            if store.other_versions(self.folder):
                self._missing = "the index was written by another version of kzreader"
            return
        if self._found_damage:  # the files still look whole, but a search proved otherwise
            self._damage = self._found_damage
            return
        try:
            self._ix, self._searcher = store.open_index(self.folder)
        except store.IndexDamaged as exc:
            self._ix, self._damage = None, f"the index was damaged ({exc})"
        except store.DAMAGE_ERRORS as exc:
            self._ix, self._damage = None, f"the index was damaged ({type(exc).__name__}: {exc})"

    def _indexed(self) -> dict[str, str]:
        """id -> sha256 of what the committed index holds."""
        manifest = store.read_manifest(self.folder)
        generation = self._ix.latest_generation()
        if manifest and manifest.get("generation") == generation:
            return dict(manifest["articles"])
        with self._ix.searcher() as searcher:
            return {f["id"]: f.get("sha", "") for f in searcher.all_stored_fields()}

    def needs_update(self) -> bool:
        """Whether `update` has anything to do (changed files, damage, another schema)."""
        with self._lock:
            if self._ix is None or self._damage:
                return True
            try:
                indexed = self._indexed()
            except store.DAMAGE_ERRORS as exc:
                self._damage = f"the index was damaged ({type(exc).__name__}: {exc})"
                return True
        return indexed != {a.id: a.sha256 for a in self.library}

    @property
    def problem(self) -> str | None:
        """Why the index cannot be used as it is (damage, another version), if it cannot."""
        return self._damage or self._missing

    @property
    def usable(self) -> bool:
        """Whether a committed, undamaged index can answer searches now."""
        return self._ix is not None and self._damage is None

    # --- writing ----------------------------------------------------------------------------

    def update(
        self, progress: Progress | None = None, rebuild: bool = False, procs: int = 1
    ) -> UpdateStats:
        """Bring the index up to date with the library; only changed articles are written.

        Rebuilds from scratch when asked, when there is no index, when it is damaged or was
        written with another schema version (``reason`` says why).  When another process holds
        the write lock for longer than `lock_timeout`, nothing is written and ``reason`` says so.
        When the cache cannot be written (read-only, full), ``error`` says so, nothing partial
        is kept, and the index as last committed still answers.  ``procs`` > 1 builds with
        several processes, only from a single-threaded process (the CLI); with other threads
        running it falls back to 1.
        """
        started = time.perf_counter()
        if procs > 1 and threading.active_count() > 1:
            procs = 1  # a multi-process build forks, and forking a threaded process is unsafe
        with self._write_lock:
            try:
                lock = WriteLock(self.folder)
                acquired = lock.acquire(self.lock_timeout)
            except OSError as exc:
                return self._unwritable(exc, started)
            if not acquired:
                return UpdateStats(reason=BUSY, seconds=time.perf_counter() - started)
            try:
                with self._lock:
                    self._reopen()
                try:
                    store.discard_unreferenced(self.folder)  # what a killed or failed run left
                    stats = self._update_locked(progress, rebuild, procs)
                except OSError as exc:
                    store.discard_unreferenced(self.folder)
                    with self._lock:
                        self._reopen()
                    return self._unwritable(exc, started)
            finally:
                lock.release()
        return UpdateStats(**{**stats.__dict__, "seconds": time.perf_counter() - started})

    def _unwritable(self, exc: OSError, started: float) -> UpdateStats:
        why = exc.strerror or str(exc)
        return UpdateStats(
            error=f"cannot write the search index in {self.folder}: {why}",
            seconds=time.perf_counter() - started,
        )

    def _update_locked(self, progress: Progress | None, rebuild: bool, procs: int) -> UpdateStats:
        library = self.library  # one snapshot, even if the caller swaps it meanwhile
        reason = self._damage or self._missing or ("rebuild requested" if rebuild else None)
        if self._ix is not None and not self._damage and not rebuild:
            try:
                if self._ix.doc_count_all() == 0 and len(library) > 1:
                    # an empty index (a first build killed before its commit): build it whole
                    return self._rebuild(library, progress, procs, None)
                changes = diff(self._indexed(), library)
                if changes:
                    write_changes(self._ix, changes, progress)
                    self._committed(library)
                return changes.stats()
            except store.DAMAGE_ERRORS as exc:
                if isinstance(exc, OSError) and exc.errno in store.DISK_ERRNOS:
                    raise  # a full or read-only cache: update() reports it, nothing is damaged
                reason = f"the index was damaged ({type(exc).__name__}: {exc})"
        return self._rebuild(library, progress, procs, reason)

    def _rebuild(
        self, library: Library, progress: Progress | None, procs: int, reason: str | None
    ) -> UpdateStats:
        articles = library.articles
        ix = self._ix
        if ix is None or (reason and reason.startswith("the index was damaged")):
            with self._lock:
                self._close_searcher()
                self._ix = None
            (self.folder / store.MANIFEST).unlink(missing_ok=True)
            ix = store.create_index(self.folder, self._schema)
        write_all(ix, articles, procs=max(1, procs), progress=progress)
        self._ix = ix
        self._found_damage = None
        self._committed(library)
        store.remove_other_versions(self.folder)
        with self._lock:
            self._reopen()
        return UpdateStats(added=len(articles), rebuilt=True, reason=reason)

    def _committed(self, library: Library) -> None:
        """Record the new state (with each file's fingerprint) and let searches see it."""
        generation = self._ix.latest_generation()
        old = store.read_manifest(self.folder) or {}
        known = old.get("files") if isinstance(old.get("files"), dict) else None
        files = store.fingerprints(self.folder, known)
        store.write_manifest(self.folder, generation, {a.id: a.sha256 for a in library}, files)
        with self._lock:
            self._renew_searcher()
            self._checked = time.monotonic()

    # --- reading ----------------------------------------------------------------------------

    def _fresh_searcher(self) -> Any:
        """The searcher, refreshed when another process committed; call with ``_lock`` held."""
        now = time.monotonic()
        if now - self._checked >= RECHECK:
            self._checked = now
            if self._searcher is None:
                self._reopen()
            elif not self._searcher.up_to_date():
                self._renew_searcher()
        return self._searcher

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
        manifest's CRCs (or, for an index without them, the error's kind decides)."""
        with self._lock:
            if self._ix is None:
                return None
            try:
                generation = self._ix.latest_generation()
                problem = store.verify(
                    self.folder, store.read_manifest(self.folder), generation, deep=True
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
            if q is None or limit <= 0:
                return empty_results(label)
            filt = outlet_filter(outlet) if outlet else None
            if outlet and filt is None:
                return empty_results(label)
            reader = searcher.reader()
            q, synonyms, caps = self._final_query(q, query, reader, as_you_type)
            time_limit = TYPED_TIME_LIMIT if as_you_type else None
            collected = run(
                searcher, q, offset + limit, filt, time_limit, TYPED_HARD_LIMIT, self._lengths
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
