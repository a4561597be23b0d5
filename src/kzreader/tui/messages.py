"""Small messages the thread workers post; only their handlers touch widgets.

Plain classes rather than dataclasses: making a dataclass costs about half a millisecond at
import, and this module is on the way to the first screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from kzreader.library import Library
    from kzreader.stories import Stories
    from kzreader.web import FeedInfo, RefreshProgress, RefreshReport


class LibraryLoaded(Message):
    def __init__(
        self,
        library: Library,
        unread: frozenset[str] = frozenset(),
        feeds: Sequence[FeedInfo] = (),
        store_problem: str | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        #: The web store's read state and feeds, read with the library (none without a store).
        self.unread = unread
        self.feeds = tuple(feeds)
        #: Why the store could not be read, if it could not.
        self.store_problem = store_problem


class LibraryFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class IndexProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


class IndexReady(Message):
    def __init__(self, index: Any, summary: str, warning: str | None = None) -> None:
        super().__init__()
        self.index = index  # kzreader.search.SearchIndex
        self.summary = summary
        self.warning = warning  # why the index was rebuilt or not written, if it was


class IndexFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class MatchesFound(Message):
    """All match spans of ``query`` in ``article_id``, and which one to scroll to."""

    def __init__(
        self, article_id: str, query: str, spans: list[tuple[int, int]], jump: int
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.query = query
        self.spans = spans
        self.jump = jump


class StoriesProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StoriesProgress)


class StoriesReady(Message):
    def __init__(self, stories: Stories, seconds: float) -> None:
        super().__init__()
        self.stories = stories
        self.seconds = seconds


class StoriesFailed(Message):
    """The grouping failed (a full or read-only cache the stories store did not survive)."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class DisputedCounted(Message):
    """The disputed facts (conflicts and updates) of one story; -1: not counted."""

    def __init__(self, story_id: str, count: int) -> None:
        super().__init__()
        self.story_id = story_id
        self.count = count


class RefreshProgressed(Message):
    def __init__(self, progress: RefreshProgress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgressed)


class RefreshDone(Message):
    def __init__(self, report: RefreshReport | None, problem: str | None = None) -> None:
        super().__init__()
        self.report = report
        #: One line for the reader: a store moved aside, no feeds, a store that cannot open.
        self.problem = problem


class ReadStateSaved(Message):
    """Stored articles marked read (or unread) in the store; ``error`` when that failed."""

    def __init__(self, ids: tuple[str, ...], read: bool, error: str | None = None) -> None:
        super().__init__()
        self.ids = ids
        self.read = read
        self.error = error
