"""Thread workers that load the library and prepare the search index for the main screen.

They call the pure core (``kzreader.library``, ``kzreader.search``) and only post messages; the
screen's handlers update widgets.  The index is updated with ``procs=1``: a threaded TUI must
never fork.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.screen import Screen

from kzreader.config import Config
from kzreader.library import Library, SourceError, load_library
from kzreader.tui.messages import (
    IndexFailed,
    IndexProgress,
    IndexReady,
    LibraryFailed,
    LibraryLoaded,
)


def load_library_in_worker(screen: Screen[None], config: Config, sources: Sequence[Path]) -> None:
    """Load the library in a thread; posts LibraryLoaded or LibraryFailed to ``screen``."""

    def job() -> None:
        try:
            library = load_library(
                sources,
                overrides=config.outlets,
                max_bytes=int(config.library.max_file_mb * 1024 * 1024),
            )
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
        try:
            from kzreader.search import SearchIndex
        except ImportError as exc:
            screen.post_message(IndexFailed(f"the search engine is missing ({exc})"))
            return
        index = SearchIndex.open(library, config=config.search)
        summary = "index up to date"
        if index.needs_update():
            stats = index.update(
                progress=lambda done, total: screen.post_message(IndexProgress(done, total)),
                procs=1,
            )
            summary = (
                f"indexed +{stats.added} ~{stats.updated} -{stats.deleted} in {stats.seconds:.1f}s"
            )
        screen.post_message(IndexReady(index, summary))

    screen.run_worker(
        job, name="index", group="index", thread=True, exclusive=True, exit_on_error=False
    )
