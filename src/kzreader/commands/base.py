"""What every command shares: exit codes, the one-line error, the context, output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzreader.config import Config
from kzreader.facts import Verdict

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
            return tuple(Path(s).expanduser() for s in self.args.source)
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
    print(f"kzreader: warning: {message}", file=sys.stderr)


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def console() -> Console:  # Rich is imported lazily to keep --json fast
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def when(published: datetime | None) -> str:
    """A date as the reader needs it: the zone when stated; the date alone when no time was."""
    if published is None:
        return "-"
    if published.tzinfo is None and (published.hour, published.minute) == (0, 0):
        return published.strftime("%Y-%m-%d")
    zone = published.tzname() or published.strftime("%z")
    return published.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")
