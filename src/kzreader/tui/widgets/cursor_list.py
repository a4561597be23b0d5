"""What the source list and the stories list share: a Line API list of rows under a cursor.

``CursorList`` keeps the cursor inside the rows and in view, moves it by a row or a page, and
opens the row clicked; ``HEADER_ROWS`` lines at the top (the stories list's header) stay put and
take no cursor.  A subclass holds ``rows``, draws them (``render_line``, ``parts_strip``) and
says what opening a row does (``action_open``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: A line as (text, style) parts; a part's style goes on top of the row's.
Parts = list[tuple[str, Style | None]]

#: The keys that move the cursor, spliced into each list's own ``BINDINGS``.
NAVIGATION = [
    Binding("up", "cursor(-1)", "Up", show=False),
    Binding("down", "cursor(1)", "Down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("home", "cursor(-1000000000)", "First", show=False),
    Binding("end", "cursor(1000000000)", "Last", show=False),
]


def parts_strip(parts: Parts, style: Style, width: int) -> Strip:
    """One line of ``width`` cells from its parts, each over the row's ``style``."""
    segments = [
        Segment(text, style + part) if part else Segment(text, style) for text, part in parts
    ]
    return Strip(segments).crop_extend(0, width, style)


class CursorList(ScrollView, can_focus=True):
    """Rows under a cursor, below ``HEADER_ROWS`` fixed lines."""

    HEADER_ROWS: ClassVar[int] = 0

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    rows: Sequence[Any]

    def _row_height(self) -> int:
        """How many rows the view shows under the header."""
        return max(self.scrollable_content_region.height - self.HEADER_ROWS, 1)

    def watch_cursor(self, value: int) -> None:
        clamped = max(0, min(value, len(self.rows) - 1))
        if clamped != value:
            self.cursor = clamped
            return
        height = self._row_height()
        if clamped < self.scroll_y:
            self.scroll_to(y=clamped, animate=False)
        elif clamped >= self.scroll_y + height:
            self.scroll_to(y=clamped - height + 1, animate=False)
        self.refresh()

    def action_cursor(self, delta: int) -> None:
        self.cursor = self.cursor + delta

    def action_page(self, direction: int) -> None:
        self.cursor = self.cursor + direction * max(self._row_height() - 1, 1)

    def action_open(self) -> None:
        raise NotImplementedError

    def on_click(self, event: events.Click) -> None:
        row = event.y - self.HEADER_ROWS + int(self.scroll_y)
        if event.y >= self.HEADER_ROWS and 0 <= row < len(self.rows):
            self.cursor = row
            self.action_open()
