"""The stories list: one row per story (headline, outlets, first and last report, disputed facts).

A Line API widget like the source list.  The first line is a header that stays put.  The
disputed-facts column is filled lazily: drawing a row whose count is unknown asks for it
(``CountsWanted``, once per story), the screen computes it in a thread worker and calls
``set_disputed``; until then the cell shows ``…``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from kzreader.safetext import visible
from kzreader.tui.widgets.cursor_list import NAVIGATION, CursorList, Parts, parts_strip
from kzreader.tui.widgets.source_list import fit_cells, foreground

if TYPE_CHECKING:
    from kzreader.stories import Story

#: A story's disputed-facts cell when it cannot have facts (one report) or is too big to ask.
NOT_COUNTED = -1
#: ``s`` cycles: newest last report first (the stories' own order), most reports, most outlets.
SORTS = ("newest", "reports", "outlets")
SORT_NAMES = {
    "newest": "newest report first",
    "reports": "most reports first",
    "outlets": "most outlets first",
}


def span_text(first: datetime | None, last: datetime | None, width: int) -> str:
    """First and last report in ``width`` cells: "2031-01-02 → 01-05", one date, or "—"."""
    if first is None and last is None:
        return "—"
    first = first or last
    last = last or first
    assert first is not None and last is not None
    if width < 18 or first.date() == last.date():
        return last.strftime("%Y-%m-%d")
    if first.year == last.year:
        return f"{first:%Y-%m-%d} → {last:%m-%d}"
    return f"{first:%Y-%m} → {last:%Y-%m}"


def columns_for(width: int) -> tuple[int, int, int]:
    """(outlets, dates, disputed) column widths for a list ``width`` cells wide (0: hidden)."""
    if width >= 64:
        return 7, 18, 8
    if width >= 40:
        return 4, 10, 4
    if width >= 28:
        return 0, 0, 4
    return 0, 0, 0


def _headers(outlets: int, dates: int, disputed: int) -> tuple[str, str, str]:
    return (
        "Outlets" if outlets >= 7 else "Outl",
        "First → last" if dates > 10 else "Last",
        "Disputed" if disputed >= 8 else "Disp",
    )


class StoryList(CursorList):
    """The library's stories, newest last report first; ``enter`` opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="open_story"),
        Binding("s", "cycle_sort", "Sort", show=False, id="sort_stories"),
        *NAVIGATION,
    ]
    HEADER_ROWS = 1

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "story-list--cursor",
        "story-list--header",
        "story-list--dim",
        "story-list--disputed",
    }

    sort: reactive[str] = reactive("newest", init=False)

    class Opened(Message):
        def __init__(self, story: Story) -> None:
            super().__init__()
            self.story = story

    class CountsWanted(Message):
        """Rows on screen whose disputed facts are not known yet (story ids, top first)."""

        def __init__(self, story_ids: tuple[str, ...]) -> None:
            super().__init__()
            self.story_ids = story_ids

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.stories: tuple[Story, ...] = ()
        self.rows: list[Story] = []
        self.disputed: dict[str, int] = {}
        self.filter_text = ""
        self.status_text = "Grouping the library into stories…"
        self._asked: set[str] = set()
        self._wanted: list[str] = []

    # --- data ------------------------------------------------------------------------------

    def set_stories(self, stories: Sequence[Story]) -> None:
        """Show ``stories``; the cursor stays on the story with the same id when it is kept."""
        self.stories = tuple(stories)
        known = {s.id for s in self.stories}
        self.disputed = {k: v for k, v in self.disputed.items() if k in known}
        self._asked &= known
        self.status_text = "" if stories else "No stories: the library is empty."
        self._rebuild()

    def set_status(self, text: str) -> None:
        """The line shown while there are no stories yet (grouping progress, a failure)."""
        self.status_text = text
        if not self.stories:
            self.refresh()

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip().casefold()
        self._rebuild()

    def set_disputed(self, story_id: str, count: int) -> None:
        self.disputed[story_id] = count
        self.refresh()

    def watch_sort(self, sort: str) -> None:
        self._rebuild()
        self.scroll_to(y=0, animate=False)
        self.cursor = 0
        self.notify(f"Stories sorted by {SORT_NAMES[sort]}.", timeout=2)

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]

    def _rebuild(self) -> None:
        current = self.current_story
        words = self.filter_text.split()
        rows = list(self.stories)
        if words:
            rows = [s for s in rows if all(w in self._label(s) for w in words)]
        self.rows = self._sorted(rows)
        self.virtual_size = Size(self.size.width, len(rows) + 1)  # + the header line
        self.cursor = self.index_of(current.id) if current is not None else 0
        self.refresh()

    def _sorted(self, rows: list[Story]) -> list[Story]:
        if self.sort == "reports":  # stable: newest first among equals
            rows.sort(key=lambda s: -len(s))
        elif self.sort == "outlets":
            rows.sort(key=lambda s: (-len(s.outlets), -len(s)))
        return rows

    def top_rows(self, count: int) -> list[Story]:
        """The first ``count`` stories in the list's order, with no filter."""
        return self._sorted(list(self.stories))[:count]

    @staticmethod
    def _label(story: Story) -> str:
        return f"{story.title} {' '.join(story.outlets)}".casefold()

    def index_of(self, story_id: str) -> int:
        for i, story in enumerate(self.rows):
            if story.id == story_id:
                return i
        return 0

    @property
    def current_story(self) -> Story | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def select(self, story_id: str) -> None:
        self.cursor = self.index_of(story_id)

    # --- actions ---------------------------------------------------------------------------

    def action_open(self) -> None:
        if self.current_story is not None:
            self.post_message(self.Opened(self.current_story))

    # --- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            if not self.rows:
                dim = self.get_component_rich_style("story-list--dim")
                text = self.status_text or "No story matches the filter."
                return Strip([Segment(fit_cells(text, width), base + dim)])
            header = self.get_component_rich_style("story-list--header")
            return parts_strip(self.header_text(width), base + header, width)
        row = y - 1 + int(self.scroll_y)
        if row >= len(self.rows):
            return Strip.blank(width, base)
        story = self.rows[row]
        style = base
        if row == self.cursor:
            style = base + self.get_component_rich_style("story-list--cursor")
        self._want(story)
        return parts_strip(self.row_text(story, width), style, width)

    def header_text(self, width: int) -> Parts:
        """The header line as (text, style) parts."""
        outlets, dates, disputed = columns_for(width)
        title = width - sum(w + 1 for w in (outlets, dates, disputed) if w)
        names = _headers(outlets, dates, disputed)
        parts: Parts = [(fit_cells(" Story", max(title, 0)), None)]
        for name, cells in zip(names, (outlets, dates, disputed), strict=True):
            if cells:
                parts.append((" " + fit_cells(name, cells), None))
        return parts

    def row_text(self, story: Story, width: int) -> Parts:
        """One row as (text, style) parts: headline, outlets, dates, disputed facts.  Built
        directly, not through Rich's Text: a row is drawn for every line of every scroll."""
        outlets, dates, disputed = columns_for(width)
        title = width - sum(w + 1 for w in (outlets, dates, disputed) if w)
        dim = self.part_style("story-list--dim")
        parts: Parts = [(fit_cells(" " + visible(story.title), max(title, 0)), None)]
        if outlets:
            parts.append((" " + f"{len(story.outlets):>{outlets - 1}} ", dim))
        if dates:
            parts.append((" " + fit_cells(span_text(story.first, story.last, dates), dates), dim))
        if disputed:
            count = self.disputed.get(story.id)
            if count is None:
                cell, style = "…", dim
            elif count == NOT_COUNTED:
                cell, style = "–", dim
            elif count:
                cell, style = str(count), self.part_style("story-list--disputed")
            else:
                cell, style = "0", dim
            parts.append((" " + f"{cell:>{disputed - 1}} ", style))
        return parts

    def part_style(self, name: str) -> Style:
        return foreground(self.get_component_rich_style(name))

    def _want(self, story: Story) -> None:
        """Ask once for the disputed facts of a story drawn without them."""
        if story.id in self.disputed or story.id in self._asked:
            return
        self._asked.add(story.id)
        if not self._wanted:
            self.call_later(self._ask)
        self._wanted.append(story.id)

    def _ask(self) -> None:
        wanted, self._wanted = tuple(self._wanted), []
        if wanted:
            self.post_message(self.CountsWanted(wanted))

    def forget_counts(self, story_ids: Iterable[str] | None = None) -> None:
        """Count these stories (or all) again when next drawn: their reports changed."""
        ids = set(self.disputed) | self._asked if story_ids is None else set(story_ids)
        for story_id in ids:
            self.disputed.pop(story_id, None)
            self._asked.discard(story_id)
        self.refresh()
