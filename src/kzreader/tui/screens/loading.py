"""Thread workers that load the library and prepare the search index for the main screen.

They call the pure core (``kzreader.library``, ``kzreader.search``) and only post messages; the
screen's handlers update widgets.  The index is updated with ``procs=1``: a threaded TUI must
never fork.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from kzreader.config import Config
from kzreader.safetext import one_line
from kzreader.tui.messages import (
    IndexFailed,
    IndexProgress,
    IndexReady,
    LibraryFailed,
    LibraryLoaded,
)
from kzreader.tui.widgets.search_pane import SearchPane
from kzreader.tui.widgets.source_list import SourceList

if TYPE_CHECKING:
    from kzreader.library import Library


def load_library_in_worker(screen: Screen[None], config: Config, sources: Sequence[Path]) -> None:
    """Load the library in a thread; posts LibraryLoaded or LibraryFailed to ``screen``."""

    def job() -> None:
        # imported here, in the worker thread, so the first screen does not wait for it
        from kzreader.library import SourceError, open_library

        try:
            library = open_library(config, sources)
        except SourceError as exc:
            screen.post_message(LibraryFailed(str(exc)))
            return
        screen.post_message(LibraryLoaded(library))

    screen.run_worker(
        job, name="library", group="library", thread=True, exclusive=True, exit_on_error=False
    )


def open_index_in_worker(screen: Screen[None], library: Library, config: Config) -> None:
    """Open the index, update it when stale (progress as IndexProgress), then post IndexReady."""

    def job() -> None:
        # imported here, in the worker thread, so the first screen does not wait for it

        try:
            from kzreader.search import SearchIndex
        except ImportError as exc:
            screen.post_message(IndexFailed(f"the search engine is missing ({exc})"))
            return
        index = SearchIndex.open(library, config=config.search)
        summary, warning = "index up to date", None
        if index.needs_update():
            stats = index.update(
                progress=lambda done, total: screen.post_message(IndexProgress(done, total)),
                procs=1,
            )
            summary = (
                f"indexed +{stats.added} ~{stats.updated} -{stats.deleted} in {stats.seconds:.1f}s"
            )
            warning = index_warning(stats)
        screen.post_message(IndexReady(index, summary, warning))

    screen.run_worker(
        job, name="index", group="index", thread=True, exclusive=True, exit_on_error=False
    )


def freeze_long_lived(app: Any) -> None:
    """Move what is alive now (the library: ~75,000 tracked objects at 20k articles; the index's
    reader) out of the cyclic collector's scans, which otherwise stall a keystroke for 60-250 ms
    whenever a full collection comes due.  Only when the app asks for it (``run_app``)."""
    if getattr(app, "freeze_gc", False):
        gc.collect()  # garbage left by loading goes first: frozen, it would never be collected
        gc.freeze()


def index_warning(stats: Any) -> str | None:
    """What the reader should know about an index update (``UpdateStats``), if anything."""
    if stats.rebuilt and stats.reason:
        return f"search index rebuilt: {stats.reason}"
    if not stats.rebuilt and stats.reason:  # another process held the write lock
        return f"search index not updated: {stats.reason}"
    return None


class LoadingMixin:
    """The main screen's handlers for the loading workers' messages."""

    config: Config
    library: Library | None
    index: Any
    index_status: str
    ready: bool
    query_one: Any
    notify: Any
    update_status: Any

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.library = message.library
        freeze_long_lived(self.app)
        self.query_one(SourceList).set_articles(message.library.articles)
        self.query_one(SearchPane).library = message.library
        warnings = message.library.warnings
        for warning in warnings[:3]:
            # a file name is outside text: one safe line, never markup
            line = one_line(str(warning))
            self.notify(line, title="Skipped a file", severity="warning", timeout=8, markup=False)
        if len(warnings) > 3:
            self.notify(f"… and {len(warnings) - 3} more files skipped.", severity="warning")
        self.index_status = "preparing search"
        self.update_status()
        open_index_in_worker(self, message.library, self.config)  # type: ignore[arg-type]

    def on_library_failed(self, message: LibraryFailed) -> None:
        self.query_one(SourceList).set_articles(())
        error = one_line(message.error)
        self.notify(
            error, title="Cannot read the library", severity="error", timeout=15, markup=False
        )
        self.index_status = "no library"
        self.ready = True
        self.update_status()

    def on_index_progress(self, message: IndexProgress) -> None:
        self.index_status = f"indexing {message.done}/{message.total}"
        self.update_status()

    def on_index_ready(self, message: IndexReady) -> None:
        self.index = message.index
        self.query_one(SearchPane).set_index(message.index)
        freeze_long_lived(self.app)
        self.index_status = "search ready"
        self.ready = True
        self.update_status()
        if message.warning:
            warning = one_line(message.warning)
            self.notify(warning, title="Search index", severity="warning", timeout=10, markup=False)

    def on_index_failed(self, message: IndexFailed) -> None:
        error = one_line(message.error)
        self.query_one(SearchPane).waiting_text = f"Search unavailable: {error}"
        self.notify(error, title="Search unavailable", severity="error", timeout=15, markup=False)
        self.index_status = "search unavailable"
        self.ready = True
        self.update_status()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            text = one_line(f"{type(error).__name__}: {error}")  # may quote an article
            self.notify(text, title="Error", severity="error", markup=False)
            if event.worker.group in ("library", "index"):
                self.ready = True
                self.index_status = "search unavailable"
                self.update_status()
