"""The reader's first page: the top rows of its lists, kept from the last run.

Reading the library costs tens of milliseconds for a handful of files (the library's modules
alone take ~50 ms to import) and seconds at 20,000 articles, so the first screen would wait for
it.  Instead the reader keeps, in the cache dir, the first rows of the list it showed last time
(the articles' id, outlet, headline, date, URL, feed and read state; the stories' headline,
outlets, dates, size and disputed facts) and draws them at once; the library is read right
after the first paint and its rows replace these (by id: the cursor and marks stay put).

The page is used only when its key matches: the source folders (and each folder's mtime, so an
added or removed file invalidates it), the config's outlet overrides and file-size limit.  The
rows only stand in until the library is read: a file edited in place (its folder's mtime stays)
or articles a refresh stored since show as they were for that fraction of a second.  Nothing
acts on a stand-in row: opening one waits for the library, marks are kept by id.  Rows are
outside text and are drawn like any article's (``visible``).  A missing, damaged or stale page
is no page.  The stories' disputed-fact counts are kept with it, keyed by the facts config
(a story's id already names its membership), so they show at once next time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from kzreader.config import Config

VERSION = 1
#: Rows kept per list: more than any terminal shows.
ROWS = 120
#: Disputed-fact counts kept (story id -> count), the newest computed first.
MAX_COUNTS = 5000


class ListedArticle:
    """A row of the article list before the library is read: what the list draws."""

    __slots__ = ("feed", "id", "outlet", "published", "title", "url")

    def __init__(
        self,
        id: str,
        outlet: str,
        title: str,
        published: datetime | None,
        url: str | None = None,
        feed: str | None = None,
    ) -> None:
        self.id, self.outlet, self.title = id, outlet, title
        self.published, self.url, self.feed = published, url, feed


class ListedStory:
    """A row of the stories list before the stories are read."""

    __slots__ = ("first", "id", "last", "outlets", "size", "title")

    def __init__(
        self,
        id: str,
        title: str,
        outlets: tuple[str, ...],
        first: datetime | None,
        last: datetime | None,
        size: int,
    ) -> None:
        self.id, self.title, self.outlets = id, title, outlets
        self.first, self.last, self.size = first, last, size

    @property
    def articles(self) -> tuple[str, ...]:
        return ()

    def __len__(self) -> int:
        return self.size


class FirstPage:
    """What the last run's lists began with."""

    def __init__(
        self,
        articles: list[ListedArticle],
        stories: list[ListedStory],
        unread: set[str],
        disputed: dict[str, int],
        left: str,
        counts: tuple[int, int],
    ) -> None:
        self.articles = articles
        self.stories = stories
        self.unread = unread
        self.disputed = disputed
        self.left = left
        #: (articles, stories) in the whole library then
        self.counts = counts


def page_file(sources: Sequence[Path]) -> Path:
    from kzreader import locations

    return locations.cache_dir() / "reader" / f"first-page-{locations.sources_key(sources)}.json"


def page_key(config: Config, sources: Sequence[Path]) -> list[Any]:
    """What the page depends on (see the module's docstring); cheap: a few stat calls."""
    key: list[Any] = [VERSION]
    for folder in sorted(str(Path(s).expanduser()) for s in sources):
        try:
            key.append([folder, Path(folder).stat().st_mtime_ns])
        except OSError:
            key.append([folder, None])
    key.append(repr(sorted(config.outlets.items())) if config.outlets else "")
    key.append(config.library.max_file_mb)
    return key


def facts_key(config: Config) -> str:
    """What the disputed counts depend on besides a story's membership."""
    return f"{VERSION} {config.facts!r}"


def _when(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def read_page(config: Config, sources: Sequence[Path]) -> FirstPage | None:
    """The page of the last run when it still fits this library, else None."""
    path = page_file(sources)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != page_key(config, sources):
        return None
    try:
        articles = [
            ListedArticle(
                _text(row[0]), _text(row[1]), _text(row[2]), _when(row[3]),
                row[4] if isinstance(row[4], str) else None,
                row[5] if isinstance(row[5], str) else None,
            )
            for row in data["articles"][:ROWS]
        ]  # fmt: skip
        stories = [
            ListedStory(
                _text(row[0]), _text(row[1]), tuple(_text(o) for o in row[2]),
                _when(row[3]), _when(row[4]), int(row[5]),
            )
            for row in data["stories"][:ROWS]
        ]  # fmt: skip
        unread = {_text(i) for i in data.get("unread", [])}
        counts = data.get("disputed", {})
        disputed = (
            {str(k): int(v) for k, v in counts.get("counts", {}).items()}
            if isinstance(counts, dict) and counts.get("facts") == facts_key(config)
            else {}
        )
        left = "stories" if data.get("left") == "stories" and stories else "articles"
        total = (int(data.get("articles_total", len(articles))), int(data.get("stories_total", 0)))
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None
    if not articles:
        return None
    return FirstPage(articles, stories, unread, disputed, left, total)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def save_page(
    config: Config,
    sources: Sequence[Path],
    articles: Iterable[Any],
    stories: Iterable[Any],
    unread: Iterable[str],
    disputed: Mapping[str, int],
    left: str,
    counts: tuple[int, int],
) -> None:
    """Keep the lists' first rows for the next start (atomically); raises OSError."""
    rows = [
        [a.id, a.outlet, a.title, _iso(a.published), a.url, a.feed]
        for a, _ in zip(articles, range(ROWS), strict=False)
    ]
    story_rows = [
        [s.id, s.title, list(s.outlets)[:50], _iso(s.first), _iso(s.last), len(s)]
        for s, _ in zip(stories, range(ROWS), strict=False)
    ]
    shown = {r[0] for r in rows}
    kept = dict(list(disputed.items())[-MAX_COUNTS:])
    data = {
        "key": page_key(config, sources),
        "articles": rows,
        "stories": story_rows,
        "unread": sorted(i for i in unread if i in shown),
        "disputed": {"facts": facts_key(config), "counts": kept},
        "left": left,
        "articles_total": counts[0],
        "stories_total": counts[1],
    }
    path = page_file(sources)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)
