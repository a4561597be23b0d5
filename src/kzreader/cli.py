"""Argument parsing and dispatch; the default command builds the reader app.

Each subcommand lives in `kzreader.commands.<module>` and is imported only when it runs, so
`--json` and `--help` stay quick.  Errors the user can fix print one line on stderr and exit 2;
`--json` prints one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kzreader import locations
from kzreader.commands.base import EXIT_OK, EXIT_USAGE, Context, UsageError
from kzreader.config import ConfigError, load_config

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
  kzreader stories --json               the library grouped into stories
  kzreader facts --story s1a2b          the facts of one story (an id prefix will do)
  kzreader compare --story s1a2b        its most independent reports side by side
  kzreader feeds import my.opml && kzreader refresh
                                        follow your feeds; full articles land in the library
  kzreader export > library.jsonl       every article as JSON lines
  kzreader serve --port 8000            the reader in a browser at http://127.0.0.1:8000

config: {config}
cache:  {cache}
data:   {data}
"""


def cmd_tui(ctx: Context) -> int:
    # textual-serve (`kzreader serve`) runs the reader with its web driver and no terminal
    served = os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver")
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):
        ctx.args.json = False  # piped or redirected: print the library instead of a screen
        from kzreader.commands.library import cmd_sources

        return cmd_sources(ctx)
    import gc

    gc.disable()  # importing Textual makes many long-lived objects: no collections meanwhile
    try:
        from kzreader.tui.app import run_app
    finally:
        gc.enable()
    return run_app(ctx.config, ctx.sources)


class _Version(argparse.Action):
    """`--version`, reading the installed metadata only when asked."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[no-untyped-def]
        from kzreader import __version__

        parser.exit(message=f"kzreader {__version__}\n")


def _command(name: str | None):  # -> Callable[[Context], int]
    """The function for a subcommand, named "module:function" under kzreader.commands."""
    if name is None:
        return cmd_tui
    module, func = name.split(":")
    return getattr(importlib.import_module(f"kzreader.commands.{module}"), func)


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
        epilog=EXAMPLES.format(
            config=locations.user_config_file(),
            cache=locations.cache_dir(),
            data=locations.data_dir(),
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str, func: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[sub_common])
        p.set_defaults(func=func)
        return p

    p = add("sources", "list the library: id, outlet, title, published", "library:cmd_sources")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("show", "print one clean article", "library:cmd_show")
    p.add_argument("id", help="article id (file stem; a unique prefix will do)")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("search", "full-text search with highlighted fragments", "search:cmd_search")
    p.add_argument("query", help='Whoosh query: words, "phrases", outlet:NAME, AND/OR/NOT, pre*')
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N hits")
    p.add_argument("--outlet", metavar="NAME", help="only hits from this outlet")
    p.add_argument(
        "--no-synonyms",
        action="store_true",
        help='search the words as typed, without news synonyms (or quote a word: "injured")',
    )
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("facts", "facts and verdicts: what each outlet says, story by story", "facts:cmd_facts")
    p.add_argument("query", nargs="?", help="only facts matching this text")
    p.add_argument(
        "--story", metavar="ID", help="only this story (id from `stories`; a prefix will do)"
    )
    p.add_argument("--articles", nargs="+", metavar="ID", help="only these articles")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("compare", "two or more articles aligned sentence by sentence", "compare:cmd_compare")
    p.add_argument("ids", nargs="*", metavar="ID", help="two to four article ids")
    p.add_argument(
        "--story", metavar="ID", help="the story's 2-4 most independent reports instead of ids"
    )
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("stories", "the library grouped into stories, newest first", "stories:cmd_stories")
    p.add_argument(
        "query", nargs="?", help="only stories with every word (title, outlet or article text)"
    )
    p.add_argument("--rebuild", action="store_true", help="group from scratch")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = add("index", "update (or rebuild) the search index", "search:cmd_index")
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")

    # --- the web: articles and feeds (commands/web.py) ---
    p = add("add", "fetch web pages, extract their articles and store them", "web:cmd_add")
    p.add_argument("urls", nargs="+", metavar="URL", help="http(s) address of an article")

    p = add("feeds", "the feeds you follow: add, import, export, list, remove", "web:cmd_feeds")
    feeds = p.add_subparsers(dest="feeds_action", metavar="ACTION")
    feeds.add_parser(
        "list", help="feeds with article counts and their last error", parents=[sub_common]
    ).add_argument("--json", action="store_true", help="print one JSON document")
    feeds.add_parser(
        "add", help="subscribe to feeds (RSS, Atom, JSON Feed)", parents=[sub_common]
    ).add_argument("urls", nargs="+", metavar="URL")
    feeds.add_parser(
        "import", help="subscribe to every feed of an OPML file", parents=[sub_common]
    ).add_argument("file", metavar="FILE.opml")
    feeds.add_parser("export", help="print the feeds as OPML", parents=[sub_common])
    feeds.add_parser(
        "remove", help="unsubscribe (stored articles stay)", parents=[sub_common]
    ).add_argument("urls", nargs="+", metavar="URL")
    p.set_defaults(feeds_action="list", json=False)

    p = add("refresh", "fetch feeds and their new articles", "web:cmd_refresh")
    p.add_argument("url", nargs="?", metavar="URL", help="only this subscribed feed")

    p = add("export", "every article of the library as JSON lines", "web:cmd_export")
    p.add_argument("--json", action="store_true", help="one JSON document instead of lines")
    p = add("serve", "serve the reader to a web browser (textual-serve)", "serve:cmd_serve")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    p.add_argument("--port", type=int, default=8000, metavar="N", help="port (default: 8000)")
    p.add_argument("--public", action="store_true", help="allow a host other than loopback")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    if given:
        args = build_parser().parse_args(given)
    else:  # `kzreader` alone opens the reader: no need to build every command's parser first
        # (6-10 ms of the reader's first screen, platformdirs included)
        args = argparse.Namespace(config=None, source=None, version=None, command=None)
    try:
        config = load_config(Path(args.config).expanduser() if args.config else None)
        return _command(getattr(args, "func", None))(Context(args, config))
    except (UsageError, ConfigError) as exc:
        print(f"kzreader: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader of a pipe stopped (``| head``): not an error.  Point stdout at /dev/null so
        # that the interpreter's final flush does not fail again (exit 120).
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
