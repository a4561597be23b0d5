"""Argument parsing and the non-interactive commands; builds the app for the default command.

Every command is a small function over the core (`library`, `search`, `facts`).  Errors the user
can fix print one line on stderr and exit 2; `--json` prints one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kzreader import __version__, locations
from kzreader.config import Config, ConfigError, load_config
from kzreader.library import Library, SourceError, load_library

EXIT_OK, EXIT_EMPTY, EXIT_USAGE = 0, 1, 2

EXAMPLES = """\
examples:
  kzreader                              open the reader on the bundled seed articles
  kzreader --source ~/news/story        open the reader on your own folder of articles
  kzreader sources --json               list the library as JSON
  kzreader show 003_150cb1ac506318c6    print one clean article
  kzreader search '"police officers" killed' --limit 5
  kzreader facts 'police killed'        what each outlet says, and the verdicts
  kzreader compare ID_A ID_B            two reports side by side, sentence by sentence
  kzreader index --rebuild              rebuild the search index

config: {config}
cache:  {cache}
"""


class UsageError(Exception):
    """An error the user can fix; printed as one line, exit code 2."""


@dataclass
class Context:
    """What every command needs: the parsed arguments, config and (lazily) the library."""

    args: argparse.Namespace
    config: Config
    _library: Library | None = None

    @property
    def sources(self) -> tuple[Path, ...]:
        if self.args.source:
            return tuple(Path(s).expanduser() for s in self.args.source)
        return self.config.source_dirs

    @property
    def library(self) -> Library:
        if self._library is None:
            try:
                self._library = load_library(
                    self.sources,
                    overrides=self.config.outlets,
                    max_bytes=int(self.config.library.max_file_mb * 1024 * 1024),
                )
            except SourceError as exc:
                raise UsageError(str(exc)) from None
            for warning in self._library.warnings:
                warn(str(warning))
        return self._library

    def article(self, article_id: str):  # -> Article
        article = self.library.get(article_id)
        if article is None:
            matches = [a for a in self.library if a.id.startswith(article_id)]
            if len(matches) == 1:
                return matches[0]
            known = ", ".join(a.id for a in self.library.articles[:5])
            raise UsageError(f"unknown article id {article_id!r} (try one of: {known})")
        return article


def warn(message: str) -> None:
    print(f"kzreader: warning: {message}", file=sys.stderr)


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def console():  # -> rich.console.Console, imported lazily to keep --json fast
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


# --- commands -------------------------------------------------------------------------------


def cmd_sources(ctx: Context) -> int:
    library = ctx.library
    if ctx.args.json:
        print_json({"articles": [a.summary() for a in library]})
        return EXIT_OK if len(library) else EXIT_EMPTY
    out = console()
    if out.width >= 110:
        out.print(sources_table(library))
    else:  # narrow: one block per article, the title on its own line
        from rich.padding import Padding
        from rich.text import Text

        out.print(Text(f"{len(library)} articles", style="bold"))
        for a in library:
            out.print()
            head = Text(a.id, style="bold")
            head.append(f"  {a.outlet} · {sources_when(a.published)}", style="dim")
            out.print(head)
            out.print(Padding(Text(a.title), (0, 0, 0, 2), expand=False))
    return EXIT_OK if len(library) else EXIT_EMPTY


def sources_table(library: Library):  # -> rich.table.Table
    from rich import box
    from rich.table import Table

    table = Table(
        title=f"{len(library)} articles", title_justify="left", box=box.SIMPLE_HEAD, expand=False
    )
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("outlet", max_width=28, overflow="fold")
    table.add_column("published", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    for a in library:
        table.add_row(a.id, a.outlet, sources_when(a.published), a.title)
    return table


def sources_when(published: datetime | None) -> str:
    """A date as the reader needs it: the zone when stated; the date alone when no time was."""
    if published is None:
        return "-"
    if published.tzinfo is None and (published.hour, published.minute) == (0, 0):
        return published.strftime("%Y-%m-%d")
    zone = published.tzname() or published.strftime("%z")
    return published.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")


def cmd_show(ctx: Context) -> int:
    article = ctx.article(ctx.args.id)
    if ctx.args.json:
        print_json(article.to_json())
        return EXIT_OK
    from rich.text import Text

    out = console()
    # on a terminal, wrap to a readable measure; in a pipe, one line per paragraph
    width = min(out.width, 100) if out.is_terminal else None
    soft = width is None

    def emit(text: Text) -> None:
        out.print(text, width=width, soft_wrap=soft)

    emit(Text(article.title, style="bold"))
    meta = [article.outlet]
    if article.byline:
        meta.append(article.byline)
    if article.published:
        meta.append(sources_when(article.published))
    emit(Text(" · ".join(meta), style="dim"))
    emit(Text(article.file, style="dim"))
    out.print()
    for para in article.paragraphs:
        emit(Text(para))  # Text, not markup: a paragraph may contain [brackets]
        out.print()
    if article.captions:
        emit(Text("Captions", style="bold dim"))
        for caption in article.captions:
            emit(Text(f"  {caption}", style="dim"))
    return EXIT_OK


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


def search_print(results, library: Library) -> None:  # results: SearchResults
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


def search_fragment_text(text: str, fragment):  # -> rich.text.Text
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


def index_run_update(index, rebuild: bool):  # index: SearchIndex -> UpdateStats
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


def cmd_facts(ctx: Context) -> int:
    from kzreader.facts import facts_for

    articles = list(ctx.library.articles)
    if ctx.args.articles:
        articles = []
        for article_id in ctx.args.articles:
            article = ctx.library.get(article_id)
            if article is None:
                matches = [a for a in ctx.library if a.id.startswith(article_id)]
                if len(matches) != 1:
                    raise UsageError(f"--articles: unknown article id {article_id!r}")
                article = matches[0]
            if article not in articles:
                articles.append(article)
    report = facts_for(articles, ctx.args.query, ctx.config.facts)
    if ctx.args.json:
        print_json(report.to_json())
        return EXIT_OK if report.facts else EXIT_EMPTY
    out = console()
    if not report.facts:
        what = f" matching {ctx.args.query!r}" if ctx.args.query else ""
        print(f"no facts{what} in {len(articles)} articles", file=sys.stderr)
        return EXIT_EMPTY
    outlets = {a.id: a.outlet for a in report.articles}
    for fact in report.facts:
        out.print(facts_table(fact, outlets))
    return EXIT_OK


FACTS_VERDICT_STYLES = {
    "conflict": "bold red",
    "update": "bold yellow",
    "variant": "bold magenta",
    "compatible": "bold cyan",
    "agree": "bold green",
}


def facts_table(fact, outlets: dict[str, str]):  # -> rich.table.Table
    """One fact as a Rich table: outlet, value, attribution, sentence with the value highlighted."""
    from rich.table import Table
    from rich.text import Text

    style = FACTS_VERDICT_STYLES.get(fact.verdict, "bold")
    title = Text.assemble((fact.verdict.upper(), style), "  ", (fact.label, "bold"), "  ",
                          (fact.reason, "italic"))  # fmt: skip
    table = Table(title=title, title_justify="left", expand=True, show_lines=False)
    table.add_column("outlet", max_width=22, overflow="fold")
    table.add_column("value", max_width=16, overflow="fold", style=style)
    table.add_column("attribution", max_width=24, overflow="fold")
    table.add_column("sentence", ratio=1, overflow="fold")
    for claim in fact.claims:
        sentence = Text(claim.sentence)
        lo, hi = claim.value_start - claim.start, claim.value_end - claim.start
        if 0 <= lo < hi <= len(claim.sentence):
            sentence.stylize(style + " underline", lo, hi)
        outlet = outlets.get(claim.article, claim.article)
        label = outlet if outlet and outlet != "unknown" else claim.article
        table.add_row(label, claim.value, claim.attribution or "-", sentence)
    return table


def cmd_compare(ctx: Context) -> int:
    ids = ctx.args.ids
    if not 2 <= len(ids) <= 4:
        raise UsageError(f"compare needs 2 to 4 article ids, got {len(ids)}")
    articles = [ctx.article(i) for i in ids]
    if len({a.id for a in articles}) != len(articles):
        raise UsageError("compare needs distinct articles (an id was given twice)")
    from kzreader.facts.diff import compare_articles

    report = compare_facts(articles)
    comparison = compare_articles(articles, report)
    if ctx.args.json:
        print_json(comparison.to_json())
        return EXIT_OK
    console().print(compare_table(comparison, report))
    return EXIT_OK


COMPARE_VERDICT_STYLES = {
    "conflict": "bold red",
    "update": "bold magenta",
    "variant": "bold cyan",
    "compatible": "blue",
    "agree": "green",
}


def compare_facts(articles):  # -> FactReport | None
    """The facts engine's report for these articles, when the engine is installed."""
    try:
        from kzreader.facts import facts_for
    except ImportError:
        return None
    try:
        return facts_for(articles)
    except Exception as exc:  # noqa: BLE001 - the comparison stands without facts; say why
        warn(f"facts unavailable for this comparison ({type(exc).__name__}: {exc})")
        return None


def compare_table(comparison, report=None):  # -> rich.table.Table
    """Aligned sentences in columns; word differences marked against the row's first sentence,
    values of divergent facts underlined in their verdict's colour."""
    from rich.table import Table
    from rich.text import Text

    from kzreader.facts.diff import word_opcodes

    table = Table(expand=True, show_lines=True, title_justify="left")
    table.title = "compare: " + " | ".join(a.id for a in comparison.articles)
    for a in comparison.articles:
        table.add_column(Text(f"{a.outlet}\n{a.id}", style="bold"), ratio=1, overflow="fold")
    with_facts = any(row.facts for row in comparison.rows)
    if with_facts:
        table.add_column("facts", max_width=24, overflow="fold")
    for row in comparison.rows:
        present = [aid for aid, s in row.sentences.items() if s is not None]
        cells = {aid: Text(s.text) for aid, s in row.sentences.items() if s is not None}
        if len(present) >= 2:
            first = row.sentences[present[0]]
            for aid in present[1:]:
                other = row.sentences[aid]
                for tag, a0, a1, b0, b1 in word_opcodes(first.text, other.text):
                    if tag in ("replace", "insert"):
                        style = "bold yellow" if tag == "replace" else "green"
                        cells[aid].stylize(style, b0, b1)
                    if aid == present[1] and tag in ("replace", "delete"):
                        style = "bold yellow" if tag == "replace" else "red strike"
                        cells[present[0]].stylize(style, a0, a1)
        compare_mark_values(row, cells, report)
        marks = Text()
        for label, verdict in row.facts:
            if marks:
                marks.append("\n")
            marks.append(verdict, style=COMPARE_VERDICT_STYLES.get(verdict, "bold"))
            marks.append(f" {label}", style="dim")
        blank = Text("·", style="dim")
        table.add_row(
            *(cells.get(a.id, blank) for a in comparison.articles), *([marks] if with_facts else [])
        )
    return table


def compare_mark_values(row, cells, report) -> None:
    """Underline, in the verdict's colour, each divergent fact's value inside the row's cells."""
    for fact in getattr(report, "facts", ()):
        if fact.verdict not in ("conflict", "update", "variant"):
            continue
        style = COMPARE_VERDICT_STYLES[fact.verdict] + " underline"
        for claim in fact.claims:
            sentence = row.sentences.get(claim.article)
            start, end = getattr(claim, "value_start", None), getattr(claim, "value_end", None)
            if sentence is None or start is None or end is None:
                continue
            if sentence.start <= start < end <= sentence.end:
                cells[claim.article].stylize(style, start - sentence.start, end - sentence.start)


def cmd_tui(ctx: Context) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        ctx.args.json = False  # piped or redirected: print the library instead of a screen
        return cmd_sources(ctx)
    import gc

    gc.disable()  # importing Textual makes many long-lived objects: no collections meanwhile
    try:
        from kzreader.tui.app import run_app
    finally:
        gc.enable()
    return run_app(ctx.config, ctx.sources)


# --- parsing --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    def shared_options(default: object) -> argparse.ArgumentParser:
        # The subcommands get the same options with SUPPRESS defaults, so an option given
        # before the command (`kzreader --source DIR sources`) is not reset by the subparser.
        shared = argparse.ArgumentParser(add_help=False)
        shared.add_argument(
            "--config", metavar="FILE", default=default, help="config file (default: the user's)"
        )
        shared.add_argument(
            "--source",
            metavar="DIR",
            action="append",
            default=default,
            help="article folder; repeat for several (overrides config 'sources')",
        )
        return shared

    common = shared_options(None)
    sub_common = shared_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="kzreader",
        description="Read one story across many outlets: search, compare, and see where the "
        "numbers diverge.",
        epilog=EXAMPLES.format(config=locations.user_config_file(), cache=locations.cache_dir()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"kzreader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str, func: Callable[[Context], int]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[sub_common])
        p.set_defaults(func=func)
        return p

    p = add("sources", "list the library: id, outlet, title, published", cmd_sources)
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("show", "print one clean article", cmd_show)
    p.add_argument("id", help="article id (file stem; a unique prefix will do)")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("search", "full-text search with highlighted fragments", cmd_search)
    p.add_argument("query", help='Whoosh query: words, "phrases", outlet:NAME, AND/OR/NOT, pre*')
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N hits")
    p.add_argument("--outlet", metavar="NAME", help="only hits from this outlet")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("facts", "facts and verdicts: what each outlet says", cmd_facts)
    p.add_argument("query", nargs="?", help="only facts matching this text")
    p.add_argument("--articles", nargs="+", metavar="ID", help="only these articles")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("compare", "two or more articles aligned sentence by sentence", cmd_compare)
    p.add_argument("ids", nargs="+", metavar="ID", help="two or more article ids")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("index", "update (or rebuild) the search index", cmd_index)
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", cmd_tui)
    try:
        config = load_config(Path(args.config).expanduser() if args.config else None)
        return func(Context(args, config))
    except (UsageError, ConfigError) as exc:
        print(f"kzreader: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
