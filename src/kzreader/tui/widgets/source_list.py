"""The source list: one row per article (mark, outlet, date, headline), sortable and filterable.

A Line API widget so that a 20,000-article library costs nothing to show: sorting and filtering
only reorder a list of indexes and the visible rows are drawn on demand.

Besides words, the filter understands ``outlet:NAME``, ``feed:TEXT`` (a feed's URL or title)
and ``is:unread``; a value with spaces goes in quotes (``outlet:"Radio Free Europe"``).  The
list can be narrowed to one story's articles (``show_only``), marks unread stored articles
(``•`` and a bold headline) and copies of another report (``≈ copy of OUTLET``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from kzreader.safetext import visible
from kzreader.tui.widgets.cursor_list import NAVIGATION, CursorList, Parts, parts_strip

if TYPE_CHECKING:
    from kzreader.library import Article


SORTS = ("date", "outlet", "title")
OUTLET_WIDTH = 14
#: Narrower lists show no date (the headline needs the room).
DATE_MIN = 40


def fit_cells(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if text.isascii():  # one cell per character: the common case, sliced at once
        return text[: width - 1] + "…" if len(text) > width else text.ljust(width)
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _date_key(article: Article) -> float:
    """Seconds since the epoch (naive dates read as UTC); undated articles sort last."""
    when = article.published
    if when is None:
        return float("-inf")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def date_cell(article: Article, width: int) -> str:
    """The article's date for a list ``width`` cells wide ("" when there is no room)."""
    if width < DATE_MIN:
        return ""
    return fit_cells(article.published.strftime("%Y-%m-%d") if article.published else "—", 10)


# --- the filter ----------------------------------------------------------------------------

_TOKEN = re.compile(r"^(outlet|feed|is):(.*)$", re.I)


class ListFilter(NamedTuple):
    """What the filter box asks for: words of the outlet or headline, and fields."""

    words: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    unread: bool = False

    def __bool__(self) -> bool:
        return bool(self.words or self.outlets or self.feeds or self.unread)

    def keeps(
        self, article: Article, unread: Collection[str], feed_titles: Mapping[str, str]
    ) -> bool:
        if self.unread and article.id not in unread:
            return False
        if self.outlets:
            outlet = article.outlet.casefold()
            if not all(o in outlet for o in self.outlets):
                return False
        if self.feeds:
            feed = article.feed or ""
            where = f"{feed} {feed_titles.get(feed, '')}".casefold() if feed else ""
            if not all(f in where for f in self.feeds):
                return False
        if self.words:
            label = f"{article.outlet} {article.title}".casefold()
            if not all(w in label for w in self.words):
                return False
        return True


def parse_filter(text: str) -> ListFilter:
    """The filter box's text as a ``ListFilter``; unbalanced quotes are read as words."""
    import shlex

    try:
        parts = shlex.split(text)
    except ValueError:  # a quote still being typed
        parts = text.split()
    words: list[str] = []
    outlets: list[str] = []
    feeds: list[str] = []
    unread = False
    for part in parts:
        match = _TOKEN.match(part)
        if not match:
            words.append(part.casefold())
            continue
        field, value = match.group(1).casefold(), match.group(2).strip().casefold()
        if field == "is":
            unread = unread or value in ("unread", "new")
        elif value and field == "outlet":
            outlets.append(value)
        elif value:
            feeds.append(value)
    return ListFilter(tuple(words), tuple(outlets), tuple(feeds), unread)


def quoted(value: str) -> str:
    """``value`` as one filter token's value (quoted when it holds spaces or quotes)."""
    import shlex

    return shlex.quote(value) if re.search(r"[\s'\"]", value) else value


# --- the widget ----------------------------------------------------------------------------


class SourceList(CursorList):
    """The library as a list; ``enter``/click opens, ``space`` marks, ``s`` changes the sort."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="open"),
        Binding("space", "mark", "Mark", id="mark"),
        Binding("s", "cycle_sort", "Sort", show=False, id="sort"),
        *NAVIGATION,
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source-list--cursor",
        "source-list--mark",
        "source-list--unread",
        "source-list--copy",
        "source-list--dim",
    }

    sort: reactive[str] = reactive("date", init=False)

    class Opened(Message):
        def __init__(self, article: Article) -> None:
            super().__init__()
            self.article = article

    class MarksChanged(Message):
        def __init__(self, marked: tuple[str, ...]) -> None:
            super().__init__()
            self.marked = marked

    class SortChanged(Message):
        def __init__(self, sort: str) -> None:
            super().__init__()
            self.sort = sort

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.articles: tuple[Article, ...] = ()
        self.rows: list[Article] = []
        self.marked: list[str] = []
        self.filter_text = ""
        self.list_filter = ListFilter()
        self.loading_text = "Loading the library…"
        #: Only these article ids (one story's), or every article (None).
        self.only: frozenset[str] | None = None
        #: Stored articles not read yet (the web store's read state).
        self.unread: set[str] = set()
        #: article id -> the outlet of the report it copies (the stories' copy groups).
        self.copy_of: dict[str, str] = {}
        #: feed URL -> its title, for ``feed:`` filters.
        self.feed_titles: dict[str, str] = {}

    # --- data ------------------------------------------------------------------------------

    def set_articles(self, articles: Sequence[Article]) -> None:
        """Show ``articles``; the cursor stays on the same article (by id) when it is kept,
        and marks of articles that are gone are dropped."""
        self.articles = tuple(articles)
        self.loading_text = "" if articles else "No articles in the configured sources."
        ids = {a.id for a in self.articles}
        kept = [i for i in self.marked if i in ids]
        if kept != self.marked:
            self.marked[:] = kept
            self.post_message(self.MarksChanged(tuple(kept)))
        self._rebuild()

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip()
        self.list_filter = parse_filter(self.filter_text)
        self._rebuild()

    def show_only(self, ids: Iterable[str] | None) -> None:
        """Narrow the list to ``ids`` (one story's articles), or show every article (None)."""
        self.only = frozenset(ids) if ids is not None else None
        self._rebuild()

    def set_unread(self, ids: Iterable[str]) -> None:
        self.unread = set(ids)
        if self.list_filter.unread:
            self._rebuild()
        else:
            self.refresh()

    def set_copies(self, copy_of: Mapping[str, str]) -> None:
        self.copy_of = dict(copy_of)
        self.refresh()

    def watch_sort(self, sort: str) -> None:
        self._rebuild()
        order = {"date": "date, newest first", "outlet": "outlet", "title": "headline"}[sort]
        self.notify(f"Sorted by {order}.", timeout=2)
        self.post_message(self.SortChanged(sort))

    def restore_sort(self, sort: str) -> None:
        """The sort kept from the last run, without the notification."""
        if sort in SORTS and sort != self.sort:
            self.set_reactive(SourceList.sort, sort)
            self._rebuild()

    def _rebuild(self) -> None:
        current = self.current_article
        only, keep = self.only, self.list_filter
        rows = [
            a
            for a in self.articles
            if (only is None or a.id in only)
            and (not keep or keep.keeps(a, self.unread, self.feed_titles))
        ]
        self.rows = self._sorted(rows)
        self.virtual_size = Size(self.size.width, len(rows))
        self.cursor = self._index_of(current.id) if current is not None else 0
        self.refresh()

    def _sorted(self, rows: list[Article]) -> list[Article]:
        if self.sort == "date":
            rows.sort(key=_date_key, reverse=True)  # newest first, undated last
        elif self.sort == "outlet":
            rows.sort(key=lambda a: (a.outlet.casefold(), a.title.casefold()))
        else:
            rows.sort(key=lambda a: a.title.casefold())
        return rows

    def top_rows(self, count: int) -> list[Article]:
        """The first ``count`` articles in the list's order, with no filter or story."""
        return self._sorted(list(self.articles))[:count]

    def _index_of(self, article_id: str) -> int:
        for i, article in enumerate(self.rows):
            if article.id == article_id:
                return i
        return 0

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

    # --- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + int(self.scroll_y)
        if row >= len(self.rows):
            if row == 0 and self.loading_text:
                dim = self.get_component_rich_style("source-list--dim")
                return Strip([Segment(fit_cells(self.loading_text, width), base + dim)])
            return Strip.blank(width, base)
        style = base
        if row == self.cursor:
            style = base + self.get_component_rich_style("source-list--cursor")
        return parts_strip(self.row_parts(self.rows[row], width), style, width)

    def part_style(self, name: str) -> Style:
        """A component's style for part of a row: its colour and text style, not its
        background (the row's, or the cursor's, shows through)."""
        return foreground(self.get_component_rich_style(name))

    def row_parts(self, article: Article, width: int) -> Parts:
        """One row as (text, style) parts, exactly ``width`` cells: mark (● marked, • unread),
        outlet, date, a copy's mark, then the headline.  Built directly, not through Rich's
        Text: a row is drawn for every line of every scroll."""
        parts: list[tuple[str, Style | None]] = []
        unread = article.id in self.unread
        if article.id in self.marked:
            parts.append(("● ", self.part_style("source-list--mark")))
        elif unread:
            parts.append(("• ", self.part_style("source-list--unread")))
        else:
            parts.append(("  ", None))
        # visible(): a control character left in outside text is drawn as a mark, never sent
        outlet_cells = min(OUTLET_WIDTH, width // 5)
        parts.append((fit_cells(visible(article.outlet), outlet_cells) + " ", None))
        used = 3 + outlet_cells
        when = date_cell(article, width)
        if when:  # a short date where the full one would take most of the headline's room
            dim = self.part_style("source-list--dim")
            parts.append((when + " ", dim))
            used += cell_len(when) + 1
        room = max(width - used, 0)
        original = self.copy_of.get(article.id)
        if original is not None:  # "≈ copy of OUTLET ·" where the headline keeps its room
            copy_style = self.part_style("source-list--copy")
            copy = ""
            if room >= 40:
                copy = fit_cells(f"≈ copy of {visible(original)}", min(room // 3, 24)).rstrip()
                copy += " · "
            elif room > 4:
                copy = "≈ "
            parts.append((copy, copy_style))
            room = max(room - cell_len(copy), 0)
        parts.append((fit_cells(visible(article.title), room), _BOLD if unread else None))
        return parts

    def row_text(self, article: Article, width: int) -> Text:
        """One row as Rich ``Text`` (for tests and other faces)."""
        text = Text(end="")
        for part, style in self.row_parts(article, width):
            text.append(part, style)
        return text


_BOLD = Style(bold=True)


def foreground(style: Style) -> Style:
    """``style`` without its background colour."""
    return Style(
        color=style.color,
        bold=style.bold,
        italic=style.italic,
        underline=style.underline,
        dim=style.dim,
    )
