"""`SearchIndex`: one long-lived searcher over a persisted, incrementally updated index."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from kzreader import locations
from kzreader.config import SearchConfig
from kzreader.library import Library
from kzreader.search import store
from kzreader.search.lexicon import Lexicons
from kzreader.search.query import make_parser
from kzreader.search.reading import (
    BUILDING,
    TYPED_HARD_LIMIT,
    TYPED_TIME_LIMIT,
    SearchingMixin,
)
from kzreader.search.results import UpdateStats
from kzreader.search.schema import build_schema
from kzreader.search.score import ScoreCache
from kzreader.search.writer import Progress, WriteLock, diff, write_all, write_changes

__all__ = ["BUILDING", "BUSY", "TYPED_HARD_LIMIT", "TYPED_TIME_LIMIT", "SearchIndex"]

#: How long `update` waits for another process's write lock before giving up politely.
LOCK_TIMEOUT = 2.0
BUSY = "another kzreader process is updating the index; searching its last committed state"
#: How often a search looks for commits made by other processes (seconds).
RECHECK = 1.0


class SearchIndex(SearchingMixin):
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
        self._lexicons = Lexicons()  # per segment: words and frequencies, for expansions
        self._scores = ScoreCache()  # the block scorer's lengths and term scores
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
        """Whether a committed, undamaged index can answer searches now: not an empty one
        (the TOC a first build writes before it fails) while the library has articles."""
        if self._ix is None or self._damage is not None:
            return False
        if len(self.library) == 0:
            return True
        try:
            return bool(self._ix.doc_count_all())
        except store.DAMAGE_ERRORS:
            return False

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
            (self.folder / store.FILES).unlink(missing_ok=True)
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
        old = store.read_files(self.folder) or {}
        files = store.fingerprints(self.folder, old.get("files"))
        store.write_files(self.folder, generation, files)
        store.write_manifest(self.folder, generation, {a.id: a.sha256 for a in library})
        with self._lock:
            self._renew_searcher()
            self._checked = time.monotonic()

    # --- reading (the queries are in reading.py) ------------------------------------------

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
