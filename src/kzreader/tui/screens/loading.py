"""Thread workers that load the library and prepare the search index for the main screen.

They call the pure core (``kzreader.library``, ``kzreader.search``) and only post messages; the
screen's handlers update widgets.  The index is updated with ``procs=1``: a threaded TUI must
never fork.

The first load starts before the first screen (``Preload``, from the app's start): when it is
done by the time the main screen mounts, the articles are in its first paint; otherwise the
result is posted to the screen when it comes.  The index and the stories start only after the
first paint.  A refresh that brought new articles loads the library again (``reload_library``):
the lists keep their cursor, marks, filter and open story.
"""

from __future__ import annotations

import gc
import threading
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
from kzreader.tui.widgets.story_list import StoryList

if TYPE_CHECKING:
    from textual.message import Message

    from kzreader.library import Library
    from kzreader.tui.firstpage import FirstPage
    from kzreader.web import FeedInfo


def read_library(config: Config, sources: Sequence[Path]) -> LibraryLoaded | LibraryFailed:
    """The library and the web store's read state and feeds (pure core calls; any thread)."""
    # imported here, off the first screen's path
    from kzreader.library import SourceError, open_library

    try:
        library = open_library(config, sources)
    except SourceError as exc:
        return LibraryFailed(str(exc))
    unread, feeds, problem = read_store_state()
    return LibraryLoaded(library, unread, feeds, problem)


def read_store_state() -> tuple[frozenset[str], tuple[FeedInfo, ...], str | None]:
    """(unread article ids, feeds, a problem) from the web store, read-only; nothing without
    a store (none is created)."""
    from kzreader import locations

    path = locations.store_file()
    if not path.exists():
        return frozenset(), (), None
    import sqlite3

    from kzreader.web import Store, StoreError

    try:
        store = Store.open(path, create=False, readonly=True)
    except StoreError as exc:
        return frozenset(), (), str(exc)
    try:
        if store.empty:
            return frozenset(), (), None
        return frozenset(store.unread_ids()), tuple(store.feeds()), None
    except sqlite3.Error as exc:
        return frozenset(), (), f"{path}: cannot read the web store: {exc}"
    finally:
        store.close()


class Preload:
    """The library read in a thread from the app's start, while Textual sets up the screen.

    ``take(screen)`` returns the result when it is ready (the screen handles it before its
    first paint), else arranges for it to be posted to ``screen`` when it is.
    """

    def __init__(self, config: Config, sources: Sequence[Path]) -> None:
        self._lock = threading.Lock()
        self._result: Message | None = None
        self._target: Screen[None] | None = None
        self._thread = threading.Thread(
            target=self._run, args=(config, tuple(sources)), name="kzreader-library", daemon=True
        )
        self._thread.start()

    def _run(self, config: Config, sources: tuple[Path, ...]) -> None:
        result: Message
        try:
            result = read_library(config, sources)
        except Exception as exc:  # noqa: BLE001 - a thread's only way to tell the reader
            result = LibraryFailed(f"{type(exc).__name__}: {exc}")
        with self._lock:
            self._result, target = result, self._target
        if target is not None:
            target.post_message(result)

    def take(self, screen: Screen[None]) -> Message | None:
        with self._lock:
            if self._result is None:
                self._target = screen
            return self._result


def load_library_in_worker(screen: Screen[None], config: Config, sources: Sequence[Path]) -> None:
    """Load the library in a thread; posts LibraryLoaded or LibraryFailed to ``screen``."""

    def job() -> None:
        screen.post_message(read_library(config, sources))

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

        def progress(done: int, total: int) -> None:
            screen.post_message(IndexProgress(done, total))

        index = SearchIndex.open(library, config=config.search)
        summary, warning = "index up to date", None
        if index.needs_update():
            stats = index.update(
                progress=progress,
                procs=1,
            )
            summary = (
                f"indexed +{stats.added} ~{stats.updated} -{stats.deleted} in {stats.seconds:.1f}s"
            )
            if stats.error and not index.usable:  # a full or read-only cache, no index yet
                index.close()
                screen.post_message(IndexFailed(stats.error))
                return
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
    if getattr(stats, "error", None):  # a read-only or full cache: the last index answers
        return f"search index not updated: {stats.error}"
    if stats.rebuilt and stats.reason:
        return f"search index rebuilt: {stats.reason}"
    if not stats.rebuilt and stats.reason:  # another process held the write lock
        return f"search index not updated: {stats.reason}"
    return None


class LoadingMixin:
    """The main screen's handlers for the loading workers' messages."""

    config: Config
    sources: tuple[Path, ...]
    library: Library | None
    index: Any
    index_status: str
    ready: bool
    feeds: tuple[Any, ...]
    query_one: Any
    notify: Any
    update_status: Any
    call_after_refresh: Any
    app: Any
    start_grouping: Any
    refresh_bindings: Any
    search_pane: SearchPane
    _grouped: Library | None = None
    #: (articles, stories) the first page was drawn from, until the library is read
    page_counts: tuple[int, int] | None = None
    pending_open: str | None = None

    def start_loading(self) -> None:
        """The last run's first page (then the library after the first paint), else the
        app's preloaded library (in the first paint when it is ready), else load it in a
        worker after the first paint."""
        page: FirstPage | None = getattr(self.app, "first_page", None)
        if page is not None:
            self.app.first_page = None
            self.show_first_page(page)
        preload: Preload | None = getattr(self.app, "preload", None)
        if preload is None:
            # after the first paint has been written: a big library's loader thread holds the
            # GIL for long stretches, and must not delay the first screen
            self.call_after_refresh(self.set_timer, 0.05, self.reload_library)  # type: ignore[attr-defined]
            return
        result = preload.take(self)  # type: ignore[arg-type]
        if isinstance(result, LibraryLoaded):
            self.on_library_loaded(result)
        elif isinstance(result, LibraryFailed):
            self.on_library_failed(result)

    def show_first_page(self, page: FirstPage) -> None:
        """The last run's first rows until the library is read (tui/firstpage.py)."""
        sources = self.query_one(SourceList)
        sources.unread = set(page.unread)
        sources.set_articles(page.articles)  # type: ignore[arg-type]
        sources.loading_text = ""
        stories = self.query_one(StoryList)
        stories.disputed.update(page.disputed)
        stories.set_stories(page.stories)  # type: ignore[arg-type]
        self.page_counts = page.counts
        if page.left == "stories":
            self.show_left("stories", focus=True)  # type: ignore[attr-defined]
        self.update_status()

    def save_first_page(self) -> None:
        """Keep the lists' first rows for the next start (tui/firstpage.py)."""
        from kzreader.tui.firstpage import ROWS, save_page

        if self.library is None:
            return
        # the widgets as mounted: at unmount they have left the DOM, but hold their rows still
        sources: SourceList = getattr(self, "source_list", None) or self.query_one(SourceList)
        stories: StoryList = getattr(self, "story_list", None) or self.query_one(StoryList)
        grouped = getattr(self, "stories", None)
        try:
            save_page(
                self.config,
                self.sources,
                sources.top_rows(ROWS),
                stories.top_rows(ROWS) if grouped is not None else (),
                sources.unread,
                stories.disputed,
                getattr(self, "left", "articles"),
                (len(self.library), len(grouped.stories) if grouped is not None else 0),
            )
        except OSError as exc:  # the cache dir is read-only or full: the next start is slower
            self.notify(
                one_line(f"Cannot keep the first page in the cache dir: {exc}"),
                severity="warning",
                markup=False,
            )

    def reload_library(self) -> None:
        """Read the library again (after a refresh brought articles): same handlers."""
        load_library_in_worker(self, self.config, self.sources)  # type: ignore[arg-type]

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        first = self.library is None
        self.library = message.library
        freeze_long_lived(self.app)
        sources = self.query_one(SourceList)
        sources.feed_titles = {f.url: f.title or "" for f in message.feeds}
        sources.unread = set(message.unread)
        sources.set_articles(message.library.articles)
        self.search_pane.library = message.library
        self.feeds = message.feeds
        self.page_counts = None
        if first:
            self._notify_warnings(message)
        pending, self.pending_open = self.pending_open, None
        article = message.library.get(pending) if pending else None
        if article is not None:  # chosen on the first page, before the library was read
            self.open_article(article)  # type: ignore[attr-defined]
        self.index_status = "preparing search"
        self.update_status()
        self.refresh_bindings()
        # after the paint that shows the articles: the index and the stories load big modules
        # and read big files, and must not hold it up
        self.call_after_refresh(self._after_library, message.library)

    def _after_library(self, library: Library) -> None:
        if library is not self.library:
            return  # a newer library came meanwhile: its own call follows
        self._grouped = None
        open_index_in_worker(self, library, self.config)  # type: ignore[arg-type]

    def _group_once(self) -> None:
        """Group the library into stories once its index is ready, or is being built (a
        build can take long): the two would only take turns on one core meanwhile."""
        library = self.library
        if library is not None and self._grouped is not library:
            self._grouped = library
            self.start_grouping(library)

    def _notify_warnings(self, message: LibraryLoaded) -> None:
        warnings = message.library.warnings
        for warning in warnings[:3]:
            # a file name is outside text: one safe line, never markup
            line = one_line(str(warning))
            self.notify(line, title="Skipped a file", severity="warning", timeout=8, markup=False)
        if len(warnings) > 3:
            self.notify(f"… and {len(warnings) - 3} more files skipped.", severity="warning")
        if message.store_problem:
            problem = one_line(message.store_problem)
            self.notify(problem, title="Web store", severity="warning", timeout=10, markup=False)

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
        self._group_once()
        self.index_status = f"indexing {message.done}/{message.total}"
        self.update_status()

    def on_index_ready(self, message: IndexReady) -> None:
        self.index = message.index
        self._give_index(message.index)
        freeze_long_lived(self.app)
        self.index_status = "search ready"
        self.ready = True
        self.update_status()
        if message.warning:
            warning = one_line(message.warning)
            self.notify(warning, title="Search index", severity="warning", timeout=10, markup=False)
        self._group_once()

    def _give_index(self, index: Any) -> None:
        """To the search pane, once it is mounted (a moment after the first paint)."""
        if self.search_pane.is_mounted:
            self.search_pane.set_index(index)
        else:
            self.call_after_refresh(self._give_index, index)

    def on_index_failed(self, message: IndexFailed) -> None:
        error = one_line(message.error)
        self.search_pane.waiting_text = f"Search unavailable: {error}"
        self.notify(error, title="Search unavailable", severity="error", timeout=15, markup=False)
        self.index_status = "search unavailable"
        self.ready = True
        self.update_status()
        self._group_once()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            text = one_line(f"{type(error).__name__}: {error}")  # may quote an article
            title = {"stories": "Stories", "refresh": "Refresh"}.get(event.worker.group, "Error")
            self.notify(text, title=title, severity="error", markup=False)
            group = event.worker.group
            if group in ("library", "index"):
                self.ready = True
                self.index_status = "search unavailable"
                if group == "index":
                    self._group_once()
            elif group == "stories":
                self.stories_status = "stories unavailable"  # type: ignore[attr-defined]
                self.show_activity("stories", None)  # type: ignore[attr-defined]
                self.query_one("#stories").set_status(f"Stories unavailable: {text}")
            elif group == "refresh":
                self.refreshing = False  # type: ignore[attr-defined]
                self.show_activity("refresh", None)  # type: ignore[attr-defined]
            self.update_status()
