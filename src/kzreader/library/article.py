"""The Article record every other layer reads."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Article:
    """One clean article.  ``text`` is the body every offset in kzreader points into."""

    id: str
    path: Path
    outlet: str
    title: str
    published: datetime | None
    text: str
    paragraphs: tuple[str, ...]
    sha256: str
    byline: str | None = None
    captions: tuple[str, ...] = ()
    encoding: str = "utf-8"
    #: Where the article came from on the web (stored articles; local files: None).
    url: str | None = None
    #: The feed it came through, by URL (stored articles fetched by `refresh`).
    feed: str | None = None

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def folder(self) -> Path:
        """The folder that holds the file (``path.parent``)."""
        return self.path.parent

    @property
    def published_iso(self) -> str | None:
        return self.published.isoformat() if self.published else None

    @property
    def published_key(self) -> datetime | None:
        """``published`` as a naive UTC datetime, so that dates with and without a stated zone
        sort and compare together (a date without a zone is taken as UTC)."""
        if self.published is None or self.published.tzinfo is None:
            return self.published
        return self.published.astimezone(UTC).replace(tzinfo=None)

    def with_changes(self, **changes: Any) -> Article:
        """A copy with ``changes`` (`dataclasses.replace`).  The loader uses this one: an
        article from the library cache keeps its text unread through it (`library.cache`)."""
        return replace(self, **changes)

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each paragraph in ``text``."""
        spans = []
        pos = 0
        for para in self.paragraphs:
            start = self.text.index(para, pos)
            spans.append((start, start + len(para)))
            pos = start + len(para)
        return spans

    def summary(self) -> dict[str, Any]:
        """The fields `sources --json` and `facts --json` list per article."""
        return {
            "id": self.id,
            "file": self.file,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published_iso,
            "url": self.url,
        }

    def to_json(self) -> dict[str, Any]:
        """The `show --json` document."""
        return {
            "id": self.id,
            "file": self.file,
            "outlet": self.outlet,
            "title": self.title,
            "byline": self.byline,
            "published": self.published_iso,
            "url": self.url,
            "feed": self.feed,
            "text": self.text,
            "paragraphs": list(self.paragraphs),
            "captions": list(self.captions),
        }


@dataclass(frozen=True)
class LoadWarning:
    """A file that was skipped or read with a caveat (``line``: where in it, when known)."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"
