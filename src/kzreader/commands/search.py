"""`kzreader search` and `kzreader index`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzreader.commands.base import (
    EXIT_EMPTY,
    EXIT_OK,
    Context,
    UsageError,
    console,
    print_json,
    warn,
)

if TYPE_CHECKING:
    from rich.text import Text

    from kzreader.library import Library
    from kzreader.search import SearchIndex, SearchResults, UpdateStats
    from kzreader.search.results import Fragment


def cmd_search(ctx: Context) -> int:
    from kzreader.search import QueryError, SearchIndex

    limit = ctx.args.limit if ctx.args.limit is not None else ctx.config.search.limit
    if limit < 1:
        raise UsageError(f"--limit must be at least 1, got {limit}")
    library = ctx.library
    index = SearchIndex.open(library, config=ctx.config.search)
    try:
        if index.needs_update():
            index_run_update(index, rebuild=False)
        try:
            results = index.search(ctx.args.query, limit=limit, outlet=ctx.args.outlet)
        except QueryError as exc:
            raise UsageError(f"bad query: {exc}") from None
    finally:
        index.close()
    if ctx.args.json:
        print_json(results.to_json())
    else:
        search_print(results, library)
    return EXIT_OK if results.hits else EXIT_EMPTY


def search_print(results: SearchResults, library: Library) -> None:
    """Ranked hits: title, outlet, date, score, then fragments with the matches highlighted."""
    from rich.text import Text

    out = console()
    if not results.hits:
        out.print(f"no articles match {results.query!r}")
        if results.suggestion:
            out.print(Text.assemble("did you mean: ", (results.suggestion, "bold"), "?"))
        return
    shown = len(results.hits)
    out.print(Text(f"{results.total} articles match; showing {shown}", style="dim"))
    for rank, hit in enumerate(results.hits, 1):
        out.print()
        out.print(Text.assemble((f"{rank}. ", "dim"), (hit.title, "bold")))
        when = hit.published.strftime("%Y-%m-%d %H:%M") if hit.published else "-"
        meta = f"   {hit.outlet} · {when} · score {hit.score:.2f} · {hit.article}"
        out.print(Text(meta, style="dim"))
        article = library.get(hit.article)
        for fragment in hit.fragments if article else ():
            out.print(search_fragment_text(article.text, fragment), soft_wrap=True)


def search_fragment_text(text: str, fragment: Fragment) -> Text:
    from rich.text import Text

    piece = text[fragment.start : fragment.end].replace("\n", " ")
    line = Text("   " + ("…" if fragment.start > 0 else ""))
    offset = len(line) - fragment.start
    line.append(piece)
    if fragment.end < len(text):
        line.append("…")
    for start, end in fragment.matches:
        line.stylize("bold reverse", start + offset, end + offset)
    return line


def cmd_index(ctx: Context) -> int:
    from kzreader.search import SearchIndex

    library = ctx.library
    index = SearchIndex.open(library, config=ctx.config.search)
    try:
        if not ctx.args.rebuild and not index.needs_update():
            print(f"index is up to date: {len(library)} articles ({index.folder})")
            return EXIT_OK
        stats = index_run_update(index, rebuild=ctx.args.rebuild)
    finally:
        index.close()
    if stats.reason and not stats.rebuilt and not stats.changed:
        return EXIT_EMPTY  # another process holds the write lock (already warned)
    what = "rebuilt" if stats.rebuilt else "updated"
    rate = ""
    if stats.rebuilt and stats.seconds:
        rate = f", {stats.added / stats.seconds:,.0f} articles/s"
    print(
        f"index {what}: {stats.added} added, {stats.updated} updated, {stats.deleted} deleted "
        f"in {stats.seconds:.2f} s{rate} ({index.folder})"
    )
    return EXIT_OK


#: Show a progress bar when an update writes at least this many articles.
INDEX_PROGRESS_MIN = 300
#: A full build of at least this many articles uses two processes (the CLI is single-threaded).
INDEX_PARALLEL_MIN = 3000


def index_run_update(index: SearchIndex, rebuild: bool) -> UpdateStats:
    """Update the index with a progress bar on stderr for big jobs; warn when it was rebuilt."""
    import os

    procs = 2 if len(index.library) >= INDEX_PARALLEL_MIN and (os.cpu_count() or 1) > 1 else 1
    progress = IndexProgress()
    try:
        stats = index.update(progress=progress, rebuild=rebuild, procs=procs)
    except OSError as exc:
        raise UsageError(f"{index.folder}: cannot write the search index: {exc.strerror}") from None
    finally:
        progress.close()
    if stats.rebuilt and stats.reason and stats.reason != "rebuild requested":
        warn(f"rebuilt the search index: {stats.reason}")
    elif stats.reason and not stats.rebuilt:
        warn(stats.reason)
    return stats


class IndexProgress:
    """A Rich progress bar (articles/s, ETA) on stderr, started only for big updates."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < INDEX_PROGRESS_MIN:
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("indexing"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
                auto_refresh=False,  # no refresh thread: a procs=2 build forks after this
            )
            self._bar.start()
            self._task = self._bar.add_task("indexing", total=total, rate="")
        speed = self._bar.tasks[0].speed
        rate = f"{speed:,.0f} articles/s" if speed else ""
        self._bar.update(self._task, completed=done, total=total, rate=rate, refresh=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
