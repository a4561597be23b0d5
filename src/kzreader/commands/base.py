"""What every command shares: exit codes, the one-line error, the context, output helpers."""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzreader.config import Config
from kzreader.facts import Verdict
from kzreader.safetext import one_line

if TYPE_CHECKING:
    from rich.console import Console

    from kzreader.library import Article, Library

EXIT_OK, EXIT_EMPTY, EXIT_USAGE = 0, 1, 2

#: Verdict colours for plain output (the TUI uses theme variables instead).
VERDICT_STYLES: dict[str, str] = {
    Verdict.CONFLICT: "bold red",
    Verdict.UPDATE: "bold yellow",
    Verdict.VARIANT: "bold magenta",
    Verdict.COMPATIBLE: "bold cyan",
    Verdict.AGREE: "bold green",
}


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
            from kzreader.config import source_problem

            folders = tuple(Path(s).expanduser() for s in self.args.source)
            for folder in folders:
                problem = source_problem(folder)
                if problem:
                    raise UsageError(f"--source {one_line(str(folder))}: {problem}")
            return folders
        return self.config.source_dirs

    @property
    def library(self) -> Library:
        if self._library is None:
            from kzreader.library import SourceError, open_library

            try:
                self._library = open_library(self.config, self.sources)
            except SourceError as exc:
                raise UsageError(str(exc)) from None
            for warning in self._library.warnings:
                warn(str(warning))
        return self._library

    def article(self, article_id: str, option: str = "") -> Article:
        """The article with this id, or the only one whose id starts with it."""
        article = self.library.get(article_id)
        if article is not None:
            return article
        matches = [a for a in self.library if a.id.startswith(article_id)]
        if len(matches) == 1:
            return matches[0]
        what = "ambiguous" if matches else "unknown"
        known = ", ".join(a.id for a in (matches or self.library.articles)[:5])
        prefix = f"{option}: " if option else ""
        raise UsageError(f"{prefix}{what} article id {article_id!r} (try one of: {known})")


def warn(message: str) -> None:
    """One line on stderr; the message may hold file names, so it is made one safe line."""
    print(f"kzreader: warning: {one_line(message)}", file=sys.stderr)


# JSON escapes C0 controls itself; these it would write raw with ensure_ascii=False (lone
# surrogates, from undecodable bytes in a file name, cannot even be encoded to stdout).
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(document: Any) -> str:
    """``document`` as JSON with no raw control character: DEL, C1, bidi controls, line
    separators and lone surrogates are written as ``\\uXXXX`` escapes (they can only occur
    inside strings, so the document decodes to the same data)."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def note(message: str) -> None:
    """One line on stderr about how a command read its input (not a problem); made one safe
    line like `warn` (it may name articles)."""
    print(f"kzreader: note: {one_line(message)}", file=sys.stderr)


def print_json(document: Any) -> None:
    sys.stdout.write(json_text(document))
    sys.stdout.write("\n")


def console() -> Console:  # Rich is imported lazily to keep --json fast
    """A console that never parses markup or emoji codes in strings (titles, outlets and
    sentences come from outside) and shows any control character left in a text as a mark."""
    from kzreader.commands.plain_console import PlainConsole

    return PlainConsole(highlight=False, soft_wrap=False, markup=False, emoji=False)


def when(published: datetime | None) -> str:
    """A date as the reader needs it: the zone when stated; the date alone when no time was."""
    if published is None:
        return "-"
    if published.tzinfo is None and (published.hour, published.minute) == (0, 0):
        return published.strftime("%Y-%m-%d")
    zone = published.tzname() or published.strftime("%z")
    return published.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")
