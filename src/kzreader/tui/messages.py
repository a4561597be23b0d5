"""Small messages the thread workers post; only their handlers touch widgets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from kzreader.library import Library


@dataclass
class LibraryLoaded(Message):
    library: Library


@dataclass
class LibraryFailed(Message):
    error: str


@dataclass
class IndexProgress(Message):
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass
class IndexReady(Message):
    index: Any  # kzreader.search.SearchIndex
    summary: str
    warning: str | None = None  # why the index was rebuilt or not written, if it was


@dataclass
class IndexFailed(Message):
    error: str


@dataclass
class MatchesFound(Message):
    """All match spans of ``query`` in ``article_id``, and which one to scroll to."""

    article_id: str
    query: str
    spans: list[tuple[int, int]]
    jump: int
