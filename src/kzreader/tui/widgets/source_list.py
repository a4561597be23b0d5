"""The source list: one row per article (mark, outlet, date, headline), sortable and filterable.

A Line API widget so that a 20,000-article library costs nothing to show: sorting and filtering
only reorder a list of indexes and the visible rows are drawn on demand.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kzreader.safetext import visible

if TYPE_CHECKING:
    from kzreader.library import Article


SORTS = ("date", "outlet", "title")
OUTLET_WIDTH = 14
DATE_WIDTH = 10


def _fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells."""
    if cell_len(text) > width:
        while text and cell_len(text) > max(width - 1, 0):
            text = text[:-1]
        text += "…" if width > 0 else ""
    return text + " " * (width - cell_len(text))


def _date_key(article: Article) -> float:
    """Seconds since the epoch (naive dates read as UTC); undated articles sort last."""
    when = article.published
    if when is None:
        return float("-inf")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


class SourceList(ScrollView, can_focus=True):
    """The library as a list; ``enter``/click opens, ``space`` marks, ``s`` changes the sort."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="open"),
        Binding("space", "mark", "Mark", id="mark"),
        Binding("s", "cycle_sort", "Sort", show=False, id="sort"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor(-1000000000)", "First", show=False),
        Binding("end", "cursor(1000000000)", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source-list--cursor",
        "source-list--mark",
        "source-list--dim",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    sort: reactive[str] = reactive("date", init=False)

    class Opened(Message):
        def __init__(self, article: Article) -> None:
            super().__init__()
            self.article = article

    class MarksChanged(Message):
        def __init__(self, marked: tuple[str, ...]) -> None:
            super().__init__()
            self.marked = marked

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.articles: tuple[Article, ...] = ()
        self.rows: list[Article] = []
        self.marked: list[str] = []
        self.filter_text = ""
        self.loading_text = "Loading the library…"

    # --- data ------------------------------------------------------------------------------

    def set_articles(self, articles: Sequence[Article]) -> None:
        self.articles = tuple(articles)
        self.loading_text = "" if articles else "No articles in the configured sources."
        self._rebuild()

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip().casefold()
        self._rebuild()

    def watch_sort(self, sort: str) -> None:
        self._rebuild()
        order = {"date": "date, newest first", "outlet": "outlet", "title": "headline"}[sort]
        self.notify(f"Sorted by {order}.", timeout=2)

    def _rebuild(self) -> None:
        current = self.current_article
        needle = self.filter_text
        rows = [
            a for a in self.articles if not needle or needle in f"{a.outlet} {a.title}".casefold()
        ]
        if self.sort == "date":
            rows.sort(key=_date_key, reverse=True)  # newest first, undated last
        elif self.sort == "outlet":
            rows.sort(key=lambda a: (a.outlet.casefold(), a.title.casefold()))
        else:
            rows.sort(key=lambda a: a.title.casefold())
        self.rows = rows
        self.virtual_size = Size(self.size.width, len(rows))
        self.cursor = rows.index(current) if current in rows else 0
        self.refresh()

    @property
    def current_article(self) -> Article | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def select(self, article_id: str) -> None:
        for i, article in enumerate(self.rows):
            if article.id == article_id:
                self.cursor = i
                return

    # --- actions ---------------------------------------------------------------------------

    def watch_cursor(self, value: int) -> None:
        clamped = max(0, min(value, len(self.rows) - 1))
        if clamped != value:
            self.cursor = clamped
            return
        self.scroll_to_region_row(clamped)
        self.refresh()

    def scroll_to_region_row(self, row: int) -> None:
        height = max(self.scrollable_content_region.height, 1)
        if row < self.scroll_y:
            self.scroll_to(y=row, animate=False)
        elif row >= self.scroll_y + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        self.cursor = self.cursor + delta

    def action_page(self, direction: int) -> None:
        self.cursor = self.cursor + direction * max(self.scrollable_content_region.height - 1, 1)

    def action_open(self) -> None:
        if self.current_article is not None:
            self.post_message(self.Opened(self.current_article))

    def action_mark(self) -> None:
        article = self.current_article
        if article is None:
            return
        if article.id in self.marked:
            self.marked.remove(article.id)
        else:
            self.marked.append(article.id)
        self.post_message(self.MarksChanged(tuple(self.marked)))
        self.cursor = self.cursor + 1
        self.refresh()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]

    def on_click(self, event: events.Click) -> None:
        row = event.y + int(self.scroll_y)
        if 0 <= row < len(self.rows):
            self.cursor = row
            self.action_open()

    # --- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + int(self.scroll_y)
        if row >= len(self.rows):
            if row == 0 and self.loading_text:
                dim = self.get_component_rich_style("source-list--dim")
                return Strip([Segment(_fit(self.loading_text, width), base + dim)])
            return Strip.blank(width, base)
        article = self.rows[row]
        text = Text(end="")
        marked = article.id in self.marked
        text.append("● " if marked else "  ", self.get_component_rich_style("source-list--mark"))
        # visible(): a control character left in outside text is drawn as a mark, never sent
        text.append(_fit(visible(article.outlet), min(OUTLET_WIDTH, width // 5)) + " ")
        if width >= 60:  # the date column only when the headline keeps most of the room
            when = article.published.strftime("%Y-%m-%d") if article.published else "—"
            dim = self.get_component_rich_style("source-list--dim")
            text.append(_fit(when, DATE_WIDTH) + " ", dim)
        text.append(_fit(visible(article.title), max(width - text.cell_len, 0)))
        style = base
        if row == self.cursor:
            style = base + self.get_component_rich_style("source-list--cursor")
        segments = [Segment(s.text, style + s.style) for s in text.render(self.app.console)]
        return Strip(segments).crop_extend(0, width, style)
