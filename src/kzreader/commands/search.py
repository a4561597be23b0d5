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
    from dataclasses import replace

    from kzreader.search import IndexUnavailable, QueryError, SearchIndex

    limit = ctx.args.limit if ctx.args.limit is not None else ctx.config.search.limit
    if limit < 1:
        raise UsageError(f"--limit must be at least 1, got {limit}")
    config = ctx.config.search
    if getattr(ctx.args, "no_synonyms", False):
        config = replace(config, synonyms=False)
    library = ctx.library
    index = SearchIndex.open(library, config=config)
    try:
        if index.needs_update():
            index_run_update(index, rebuild=False, searching=True)
        for attempt in (1, 2):
            try:
                results = index.search(ctx.args.query, limit=limit, outlet=ctx.args.outlet)
                break
            except QueryError as exc:
                raise UsageError(f"bad query: {exc}") from None
            except IndexUnavailable as exc:
                if exc.damaged and attempt == 1:
                    index_run_update(index, rebuild=False, searching=True)  # one warning
                    continue
                if exc.damaged:
                    raise UsageError(str(exc)) from None
                warn(str(exc))  # being built by another process: nothing to search yet
                return EXIT_EMPTY
    finally:
        index.close()
    if ctx.args.json:
        print_json(results.to_json())
    else:
        search_print(results, library)
    return EXIT_OK if results.hits else EXIT_EMPTY


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 article``, ``2 articles`` (``nouns`` when the plural is not noun + s)."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def total_line(results: SearchResults) -> str:
    """How many articles match, said exactly, or as a lower bound with the reason."""
    if results.exact:
        matched = plural(results.total, "article matches", "articles match")
    else:
        matched = f"at least {plural(results.total, 'article matches', 'articles match')}"
    shown = len(results.hits)
    line = f"{matched}; showing {shown:,}" if results.total > shown else matched
    if results.note:
        line += f" ({results.note})"
    return line


def synonyms_line(results: SearchResults) -> str | None:
    """The news synonyms searched with the query's words, if any."""
    if not results.synonyms:
        return None
    parts = [f"{word}: {', '.join(others)}" for word, others in results.synonyms]
    return f"also searched: {'; '.join(parts)} (quote a word to search it alone)"


def search_print(results: SearchResults, library: Library) -> None:
    """Ranked hits: title, outlet, date, score, then fragments with the matches highlighted.

    Every piece of outside text (titles, outlets, the query) is a Rich ``Text``, never markup.
    """
    from rich.text import Text

    out = console()
    also = synonyms_line(results)
    if not results.hits:
        out.print(Text.assemble("no articles match ", repr(results.query)))
        if also:
            out.print(Text(also, style="dim"))
        if results.suggestion:
            out.print(Text.assemble("did you mean: ", (results.suggestion, "bold"), "?"))
        return
    out.print(Text(total_line(results), style="dim"))
    if also:
        out.print(Text(also, style="dim"))
    for rank, hit in enumerate(results.hits, 1):
        out.print()
        out.print(Text.assemble((f"{rank}. ", "dim"), (hit.title, "bold")))
        when = hit.published.strftime("%Y-%m-%d %H:%M") if hit.published else "-"
        meta = f"   {hit.outlet} · {when} · score {hit.score:.2f} · {hit.article}"
        out.print(Text(meta, style="dim"))
        article = library.get(hit.article)
        if article is None:
            continue
        for fragment in hit.fragments:
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


def index_run_update(index: SearchIndex, rebuild: bool, searching: bool = False) -> UpdateStats:
    """Update the index with a progress bar on stderr for big jobs; warn when it was rebuilt,
    or when it could not be written but the last committed index still answers (a read-only
    or full cache).  Raises `UsageError` when no index can answer.  ``searching``: a search
    follows, which itself says when another process is building the first index."""
    import os

    procs = 2 if len(index.library) >= INDEX_PARALLEL_MIN and (os.cpu_count() or 1) > 1 else 1
    progress = IndexProgress()
    try:
        stats = index.update(progress=progress, rebuild=rebuild, procs=procs)
    finally:
        progress.close()
    if stats.error:
        if not (searching and index.usable):
            raise UsageError(stats.error)
        warn(f"{stats.error}; searching the index as it was last written")
    elif stats.rebuilt and stats.reason and stats.reason != "rebuild requested":
        warn(f"rebuilt the search index: {stats.reason}")
    elif stats.reason and not stats.rebuilt and (index.usable or not searching):
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
