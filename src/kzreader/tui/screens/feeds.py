"""The main screen's web side: refresh (``r``), read state, the feed/outlet filter, URLs.

- ``r`` (and the palette) refreshes every feed in a thread worker; its progress (feeds, pages,
  new, errors) shows in the line above the footer.  New or changed articles are then read into
  the library again (and indexed and grouped), without a restart.
- Stored articles not read yet are marked ``•`` in the list; opening one marks it read in the
  store (a worker writes it), ``u`` marks it unread again.
- ``o`` opens the article's URL in a browser (``tui/browser.py``), or shows and copies it where
  none is configured; the article view shows the URL under the headline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Static

from kzreader.safetext import one_line
from kzreader.tui.messages import ReadStateSaved, RefreshDone, RefreshProgressed
from kzreader.tui.widgets.article_view import ArticleView
from kzreader.tui.widgets.source_list import SourceList, quoted
from kzreader.wording import plural

if TYPE_CHECKING:
    from textual.screen import Screen

    from kzreader.library import Article, Library
    from kzreader.web import Fetcher, RefreshProgress

NO_FEEDS = (
    "No feeds yet: add one with “kzreader feeds add URL” or “kzreader feeds import FILE.opml”."
)


def refresh_in_worker(screen: Screen[None], fetcher: Fetcher | None = None) -> None:
    """Refresh every feed in a thread; posts RefreshProgressed as it goes, then RefreshDone."""

    def job() -> None:
        from kzreader import locations
        from kzreader.web import StoreError, open_store, refresh

        path = locations.store_file()
        if not path.exists():  # nothing subscribed yet: do not create an empty store
            screen.post_message(RefreshDone(None, NO_FEEDS))
            return
        try:
            store, warning = open_store(path)
        except StoreError as exc:
            screen.post_message(RefreshDone(None, f"cannot open the web store: {exc}"))
            return
        try:
            if not store.feeds() and not store.failing_entries():
                screen.post_message(RefreshDone(None, NO_FEEDS))
                return

            def progress(state: RefreshProgress) -> None:  # the same object, updated
                screen.post_message(RefreshProgressed(dataclasses.replace(state)))

            report = refresh(store, fetcher=fetcher, progress=progress)
        finally:
            store.close()
        screen.post_message(RefreshDone(report, warning))

    screen.run_worker(
        job, name="refresh", group="refresh", thread=True, exclusive=True, exit_on_error=False
    )


def save_read_state_in_worker(screen: Screen[None], ids: Sequence[str], read: bool) -> None:
    """Mark stored articles read (or unread) in the store; posts ReadStateSaved."""
    ids = tuple(ids)

    def job() -> None:
        import sqlite3

        from kzreader import locations
        from kzreader.web import Store, StoreError

        try:
            with Store.open(locations.store_file(), create=False) as store:
                store.mark_read(ids, read)
        except (StoreError, sqlite3.Error) as exc:
            screen.post_message(ReadStateSaved(ids, read, one_line(str(exc))))
            return
        screen.post_message(ReadStateSaved(ids, read))

    # not exclusive: every change is written, in the order made
    screen.run_worker(job, name="read-state", group="read-state", thread=True, exit_on_error=False)


def progress_line(state: RefreshProgress) -> str:
    parts = [f"Refreshing: feeds {state.feeds_done}/{state.feeds_total}"]
    if state.pages_total:
        parts.append(f"pages {state.pages_done}/{state.pages_total}")
    parts.append(f"{state.new} new")
    if state.updated:
        parts.append(f"{state.updated} updated")
    if state.errors:
        parts.append(f"{state.errors} error{'s' * (state.errors != 1)}")
    return " · ".join(parts)


class FeedsMixin:
    """Refresh, read state and URLs for the main screen (mixed into MainScreen)."""

    library: Library | None
    query_one: Any
    notify: Any
    update_status: Any
    app: Any
    refreshing: bool
    #: The Fetcher a refresh uses (None: the web layer's default limits); tests set one.
    fetcher: Fetcher | None = None

    def action_refresh(self) -> None:
        if self.refreshing:
            self.notify("A refresh is running already.", title="Refresh", timeout=3)
            return
        self.refreshing = True
        self.show_activity("refresh", "Refreshing the feeds…")
        refresh_in_worker(self, self.fetcher)  # type: ignore[arg-type]

    def on_refresh_progressed(self, message: RefreshProgressed) -> None:
        self.show_activity("refresh", progress_line(message.progress))

    def on_refresh_done(self, message: RefreshDone) -> None:
        self.refreshing = False
        self.show_activity("refresh", None)
        report = message.report
        if report is None:
            self.notify(one_line(message.problem or "nothing to refresh"), title="Refresh",
                        timeout=8, markup=False)  # fmt: skip
            return
        if message.problem:  # a damaged store moved aside: the refresh went on in a new one
            self.notify(one_line(message.problem), title="Web store", severity="warning",
                        timeout=12, markup=False)  # fmt: skip
        summary = f"{plural(report.feeds, 'feed')}, {report.new} new, {report.updated} updated"
        if report.errors:
            url, error = report.errors[0]
            more = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
            self.notify(
                one_line(f"{summary}; {len(report.errors)} failed: {url}: {error}{more}"),
                title="Refresh",
                severity="warning",
                timeout=10,
                markup=False,
            )
        else:
            self.notify(summary, title="Refresh", timeout=5, markup=False)
        if report.new or report.updated:
            self.reload_library()  # type: ignore[attr-defined]

    def show_activity(self, what: str, text: str | None) -> None:
        """The line above the footer: what runs in the background (None: ``what`` ended)."""
        activity: dict[str, str] = self.activity
        if text is None:
            activity.pop(what, None)
        else:
            activity[what] = text
        line = self.query_one("#activity", Static)
        line.update(" · ".join(one_line(t) for t in activity.values()))
        line.display = bool(activity)

    activity: dict[str, str]

    # --- read state ----------------------------------------------------------------------------

    def mark_read(self, article: Article, read: bool = True) -> None:
        """Mark a stored article read (or unread): at once in the list, then in the store."""
        sources = self.query_one(SourceList)
        if article.url is None:  # a file: read state is the store's, for its articles
            return
        if read == (article.id not in sources.unread):
            return  # already so
        unread = set(sources.unread)
        if read:
            unread.discard(article.id)
        else:
            unread.add(article.id)
        sources.set_unread(unread)
        self.update_status()
        save_read_state_in_worker(self, [article.id], read)  # type: ignore[arg-type]

    def on_read_state_saved(self, message: ReadStateSaved) -> None:
        if message.error:
            self.notify(
                f"Could not save the read state: {message.error}",
                title="Web store",
                severity="warning",
                markup=False,
            )

    def action_toggle_read(self) -> None:
        """``u``: the article under the cursor (or open) read / unread."""
        article = self.current_article()
        if article is None:
            return
        if article.url is None:
            self.notify("Read marks are kept for articles from the web.", timeout=3)
            return
        self.mark_read(article, read=article.id in self.query_one(SourceList).unread)

    def current_article(self) -> Article | None:
        """The open article when the article pane is in use, else the list's cursor."""
        view = self.query_one(ArticleView)
        if getattr(self, "active", "") == "article" and view.article is not None:
            return view.article
        return self.query_one(SourceList).current_article or view.article

    # --- URLs ----------------------------------------------------------------------------------

    def action_open_url(self) -> None:
        """``o``: open the article's URL in a browser; show and copy it where there is none."""
        from kzreader.tui.browser import plan_opening

        article = self.current_article()
        if article is None:
            return
        url = article.url
        if url is not None and (self.app.is_headless or self.app.is_web):
            # tests never launch anything; a served reader hands the URL to the user's browser
            if self.app.is_web:
                self.app.open_url(url)
            self.notify(f"URL: {one_line(url)}", title="Open", timeout=8, markup=False)
            return
        opening = plan_opening(url)
        shown = one_line(opening.url)
        if opening.kind == "refused":
            self.notify(f"Not opened: {opening.reason}. {shown}".strip(), title="Open",
                        severity="warning", markup=False)  # fmt: skip
        elif opening.kind == "none":
            self.app.copy_to_clipboard(opening.url)
            self.notify(f"{shown}\n(copied to the clipboard; {opening.reason})", title="Open",
                        timeout=12, markup=False)  # fmt: skip
        elif opening.kind == "console" and opening.browser is not None:
            with self.app.suspend():  # a text-mode browser takes the terminal until it quits
                opening.browser.open(opening.url)
        elif opening.browser is not None:
            browser = opening.browser
            self.app.run_worker(lambda: browser.open(opening.url), thread=True, name="browser",
                                group="browser", exit_on_error=False)  # fmt: skip
            self.notify(f"Opened in the browser: {shown}", title="Open", timeout=4, markup=False)

    # --- the feed / outlet filter ---------------------------------------------------------------

    def action_filter_by(self, field: str, value: str | None = None) -> None:
        """Show only one outlet's or one feed's articles, or only unread ones (``field``
        "outlet", "feed" or "unread"; value None for "unread"), through the filter box."""
        show_left = self.show_left  # type: ignore[attr-defined]
        show_left("articles")
        token = "is:unread" if field == "unread" else f"{field}:{quoted(value or '')}"
        box = self.query_one("#filter", Input)
        box.value = token
        self.query_one(SourceList).set_filter(token)

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one(SourceList).set_filter("")
