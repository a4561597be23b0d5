"""`kzreader add`, `feeds add|import|export|list|remove`, `refresh` and `export`."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzreader.commands.base import EXIT_EMPTY, EXIT_OK, Context, UsageError, console, warn
from kzreader.wording import plural

if TYPE_CHECKING:
    from kzreader.web import RefreshProgress, RefreshReport, Store


@contextlib.contextmanager
def _store(*, readonly: bool = False) -> Iterator[Store]:
    """The store for the block (``readonly``: nothing written, a read-only data dir is fine).
    A store that cannot be used, before or during the block, is one line and exit 2; damage
    found during the block moves the store aside (never deleted)."""
    from kzreader.web import StoreDamaged, StoreError, open_reader, open_store, set_aside

    try:
        store, warning = open_reader() if readonly else open_store()
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    if warning:
        warn(warning)
    try:
        with store:
            yield store
    except StoreDamaged as exc:
        try:
            line = set_aside(store.path, exc, "the next command starts a new store")
        except StoreError as err:
            line = str(err)
        raise UsageError(line) from None
    except StoreError as exc:
        raise UsageError(str(exc)) from None


def _checked(urls: list[str], what: str) -> list[str]:
    from kzreader.web import FetchError, check_url

    out = []
    for url in urls:
        try:
            out.append(check_url(url))
        except FetchError as exc:
            raise UsageError(f"{what}: {exc}") from None
    return out


# --- add ------------------------------------------------------------------------------------


def cmd_add(ctx: Context) -> int:
    from kzreader.web import add_urls

    urls = _checked(ctx.args.urls, "add")
    with _store() as store:
        report = add_urls(store, urls, progress=_Progress(lines=False))
        rows = {r.id: r for r in store.rows() if not isinstance(r, str)}
    out = console()
    from rich.text import Text

    for article_id in report.articles:
        row = rows.get(article_id)
        if row is not None:
            line = Text(f"stored {article_id}  ", style="bold")
            line.append(f"{row.title} · {row.outlet}", style="")
            out.print(line)
    for _url, error in report.errors:
        warn(f"not stored (recorded; `kzreader refresh` tries again): {error}")
    if not report.articles and not report.errors:
        out.print(Text("already stored, unchanged", style="dim"))
    return EXIT_EMPTY if report.errors and not report.articles else EXIT_OK


# --- feeds ----------------------------------------------------------------------------------


def cmd_feeds(ctx: Context) -> int:
    action = ctx.args.feeds_action
    if action == "add":
        return _feeds_add(ctx)
    if action == "import":
        return _feeds_import(ctx)
    if action == "export":
        return _feeds_export()
    if action == "remove":
        return _feeds_remove(ctx)
    return _feeds_list(ctx)


def _feeds_add(ctx: Context) -> int:
    urls = _checked(ctx.args.urls, "feeds add")
    with _store() as store:
        for url in urls:
            added = store.add_feed(url)
            print(f"{'subscribed' if added else 'already subscribed'}: {url}")
    print("run `kzreader refresh` to fetch them")
    return EXIT_OK


def _feeds_import(ctx: Context) -> int:
    from kzreader.web import FetchError, OpmlError, check_url, read_opml

    path = Path(ctx.args.file).expanduser()
    try:
        outlines = read_opml(path)
    except OpmlError as exc:
        raise UsageError(str(exc)) from None
    checked = []
    for outline in outlines:
        try:
            checked.append((check_url(outline.url), outline.title))
        except FetchError as exc:
            raise UsageError(f"{path}:{outline.line}: {exc.reason}: {exc.url}") from None
    if not checked:
        raise UsageError(f"{path}: no feeds in it (no outline with an xmlUrl)")
    added = 0
    with _store() as store:
        for url, title in checked:
            added += store.add_feed(url, title)
    print(f"imported {added} new feeds ({len(checked) - added} already subscribed) from {path}")
    return EXIT_OK


def _feeds_export() -> int:
    from kzreader.web import write_opml

    with _store(readonly=True) as store:
        feeds = [(f.url, f.title) for f in store.feeds()]
    sys.stdout.write(write_opml(feeds))
    return EXIT_OK


def _feeds_remove(ctx: Context) -> int:
    urls = _checked(ctx.args.urls, "feeds remove")
    with _store() as store:
        for url in urls:
            if not store.remove_feed(url):
                raise UsageError(f"feeds remove: not subscribed: {url}")
            print(f"unsubscribed: {url} (its stored articles stay in the library)")
    return EXIT_OK


def _feeds_list(ctx: Context) -> int:
    with _store(readonly=True) as store:
        feeds = store.feeds()
        failing = store.failing_entries()
    if ctx.args.json:
        from kzreader.commands.base import print_json

        pages: dict[str, list[dict[str, Any]]] = {}
        for feed, url, error, attempts in failing:
            pages.setdefault(feed, []).append({"url": url, "error": error, "attempts": attempts})
        print_json(
            {
                "feeds": [
                    {
                        "url": f.url,
                        "title": f.title,
                        "articles": f.articles,
                        "unread": f.unread,
                        "last_fetch": f.last_fetch,
                        "last_ok": f.last_ok,
                        "last_error": f.last_error,
                        "failures": f.failures,
                        "failing_pages": pages.get(f.url, []),
                    }
                    for f in feeds
                ]
            }
        )
        return EXIT_OK if feeds else EXIT_EMPTY
    from rich.text import Text

    out = console()
    if not feeds:
        out.print("no feeds: add one with `kzreader feeds add URL` or `feeds import FILE.opml`")
        return EXIT_EMPTY
    per_feed: dict[str, int] = {}
    for feed, _url, _error, _attempts in failing:
        per_feed[feed] = per_feed.get(feed, 0) + 1
    for f in feeds:
        out.print(Text(f.title or f.url, style="bold"))
        line = Text(f"  {f.url}", style="dim")
        out.print(line, soft_wrap=True)
        when = f.last_fetch or "never"
        status = f"  {plural(f.articles, 'article')}, {f.unread} unread · last fetch {when}"
        if per_feed.get(f.url):
            status += f" · {plural(per_feed[f.url], 'page')} failing"
        out.print(Text(status))
        if f.last_error:
            problem = Text(f"  error ({f.failures}x): ", style="bold red")
            problem.append(f.last_error, style="red")
            out.print(problem, soft_wrap=True)
    return EXIT_OK


# --- refresh --------------------------------------------------------------------------------


def cmd_refresh(ctx: Context) -> int:
    from kzreader.web import refresh

    with _store() as store:
        known = [f.url for f in store.feeds()]
        feeds = None
        if ctx.args.url:
            feeds = _checked([ctx.args.url], "refresh")
            if feeds[0] not in known:
                raise UsageError(f"refresh: not a subscribed feed: {feeds[0]}")
        elif not known and not store.pending([""]):
            print("no feeds: add one with `kzreader feeds add URL` or `feeds import FILE.opml`")
            return EXIT_EMPTY
        progress = _Progress()
        try:
            report = refresh(store, feeds, progress=progress)
        finally:
            progress.close()
    _summary(report)
    return EXIT_OK


def _summary(report: RefreshReport) -> None:
    line = (
        f"refreshed {plural(report.feeds, 'feed')}, {plural(report.pages, 'page')}: "
        f"{report.new} new, {report.updated} updated, {plural(len(report.errors), 'error')}"
    )
    if report.summaries:
        line += f" ({report.summaries} stored from the feed's summary: page failed)"
    print(line)
    for _url, error in report.errors[:20]:
        warn(error)
    if len(report.errors) > 20:
        warn(f"... and {len(report.errors) - 20} more (`kzreader feeds list` shows them)")


class _Progress:
    """A Rich progress bar on a terminal (feeds, pages, new articles, errors); plain lines,
    one per event, when stdout is not a terminal (unless ``lines`` is off)."""

    def __init__(self, lines: bool = True) -> None:
        self._bar: Any = None
        self._tasks: tuple[Any, Any] | None = None
        self._plain = not sys.stdout.isatty()
        self._lines = lines

    def __call__(self, state: RefreshProgress) -> None:
        if self._plain:
            if state.last and self._lines:
                print(state.last, flush=True)
            return
        if self._bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}"),
                console=console(),
                transient=True,
            )
            self._bar.start()
            self._tasks = (
                self._bar.add_task("feeds", total=max(state.feeds_total, 1), counts=""),
                self._bar.add_task("pages", total=max(state.pages_total, 1), counts=""),
            )
        feeds, pages = self._tasks or (None, None)
        counts = f"{state.new} new · {state.updated} updated · {state.errors} errors"
        self._bar.update(
            feeds, completed=state.feeds_done, total=max(state.feeds_total, 1), counts=""
        )
        self._bar.update(
            pages, completed=state.pages_done, total=max(state.pages_total, 1), counts=counts
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


# --- export ---------------------------------------------------------------------------------


def cmd_export(ctx: Context) -> int:
    library = ctx.library
    records = (
        {
            "id": a.id,
            "outlet": a.outlet,
            "title": a.title,
            "published": a.published_iso,
            "url": a.url,
            "feed": a.feed,
            "text": a.text,
        }
        for a in library
    )
    if ctx.args.json:
        from kzreader.commands.base import print_json

        print_json({"articles": list(records)})
    else:
        write = sys.stdout.write
        for record in records:
            write(json.dumps(record, ensure_ascii=False))
            write("\n")
    return EXIT_OK if len(library) else EXIT_EMPTY
