"""What a search returns: hits with fragments as character spans, and update statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


class QueryError(ValueError):
    """A malformed query, phrased as one line a user can act on."""


@dataclass(frozen=True)
class Fragment:
    """A window of an article's ``text`` (``start``..``end``) and the matches inside it."""

    start: int
    end: int
    matches: tuple[tuple[int, int], ...]

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "matches": [list(m) for m in self.matches]}


@dataclass(frozen=True)
class Hit:
    article: str
    outlet: str
    title: str
    published: datetime | None
    score: float
    fragments: tuple[Fragment, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "score": round(self.score, 4),
            "fragments": [f.to_json() for f in self.fragments],
        }


@dataclass(frozen=True)
class SearchResults:
    """One page of hits and the number of matching articles.

    ``total`` is exact when ``exact`` is true; otherwise it is a lower bound (the articles
    counted before the search stopped, or those of the words a budget kept) and ``note`` says
    why.  ``synonyms`` lists, per word typed, the news synonyms searched with it.
    """

    query: str
    total: int
    suggestion: str | None
    hits: tuple[Hit, ...]
    exact: bool = True
    note: str | None = None
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __len__(self) -> int:
        return len(self.hits)

    def to_json(self) -> dict[str, Any]:
        """The `search --json` document (DESIGN.md), with how exact the total is and the
        synonyms searched."""
        return {
            "query": self.query,
            "total": self.total,
            "total_exact": self.exact,
            "total_note": self.note,
            "suggestion": self.suggestion,
            "synonyms": {word: list(others) for word, others in self.synonyms},
            "hits": [h.to_json() for h in self.hits],
        }


def empty_results(query: str, suggestion: str | None = None) -> SearchResults:
    return SearchResults(query=query, total=0, suggestion=suggestion, hits=())


class IndexUnavailable(Exception):
    """The index cannot answer now (damaged, or being built by another process); the message
    says why in one line.  ``damaged``: rebuilding it would help."""

    def __init__(self, message: str, *, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


@dataclass(frozen=True)
class UpdateStats:
    """What one `SearchIndex.update` did."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    rebuilt: bool = False
    reason: str | None = None
    seconds: float = 0.0
    #: Nothing was written because writing failed (a read-only or full cache): why, in one
    #: line.  The index as last committed, if any, still answers searches.
    error: str | None = None

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.deleted
