"""The compare grid: aligned sentences of 2-4 articles in columns, one scrolling area for all.

A Line API widget: each comparison row is rendered once per width (a Rich grid with one column per
shown article) into lines; only the visible lines are drawn, so the columns always scroll
together.  The cursor row (up/down, ``]``/``[`` to the next/previous divergence, a click) is
highlighted and announced with ``CursorMoved`` so the screen can show its facts' reasons; the
row under the mouse is announced the same way.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kzreader.facts import VERDICTS, Comparison, FactReport, Row, row_is_divergent, sentence_marks
from kzreader.safetext import visible

KINDS = ("diff", *VERDICTS)


class CompareGrid(ScrollView, can_focus=True):
    """Rows of a ``Comparison``; ``columns`` picks which articles (ids) are shown."""

    DEFAULT_CSS = """
    CompareGrid {
        height: 1fr;
        overflow-y: scroll;  /* always there, so the wrap width never changes under the cursor */
        scrollbar-size-vertical: 1;
    }
    CompareGrid > .compare-grid--diff { text-style: bold; color: $text-primary; }
    CompareGrid > .compare-grid--conflict { color: $error; text-style: bold underline; }
    CompareGrid > .compare-grid--update { color: $warning; text-style: bold underline; }
    CompareGrid > .compare-grid--variant { color: $accent; text-style: bold underline; }
    CompareGrid > .compare-grid--compatible { color: $primary; text-style: underline; }
    CompareGrid > .compare-grid--agree { color: $success; text-style: underline; }
    CompareGrid > .compare-grid--gap { text-style: dim; }
    CompareGrid > .compare-grid--cursor { background: $foreground 8%; }
    CompareGrid:focus > .compare-grid--cursor { background: $primary 20%; }
    CompareGrid > .compare-grid--flag { color: $error; text-style: bold; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"compare-grid--{k}" for k in KINDS} | {
        "compare-grid--gap",
        "compare-grid--cursor",
        "compare-grid--flag",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "first", "Top", show=False),
        Binding("end", "last", "End", show=False),
    ]

    class CursorMoved(Message):
        """The cursor (or, with ``hover``, the mouse) is on comparison row ``row``."""

        def __init__(self, row: int, hover: bool = False) -> None:
            super().__init__()
            self.row = row
            self.hover = hover

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.comparison: Comparison | None = None
        self.report: FactReport | None = None
        self.columns: list[str] = []
        self.shown: list[int] = []  # comparison row indexes with a sentence in a shown column
        self.cursor = 0  # index into ``shown``
        self._tops: list[int] = []  # first display line of each shown row
        self._lines: list[tuple[int, list[Segment]]] = []  # (position in shown, segments)
        self._laid_out: tuple[int, tuple[str, ...]] | None = None
        self._cells: dict[tuple[int, str], Text] = {}  # styled sentences, for any width
        self._styles_seen: tuple[Style, ...] = ()
        self._hovered: int | None = None  # position in ``shown`` under the pointer

    # --- data ------------------------------------------------------------------------------

    def set_comparison(
        self, comparison: Comparison, report: FactReport | None, columns: list[str]
    ) -> None:
        self.comparison, self.report = comparison, report
        self._cells.clear()
        self.set_columns(columns)

    def set_columns(self, columns: list[str]) -> None:
        """Show the articles ``columns`` (ids); the cursor stays on its row when it can."""
        current = self.current_row
        self.columns = list(columns)
        rows = self.comparison.rows if self.comparison else ()
        self.shown = [
            i for i, row in enumerate(rows) if any(row.sentences.get(c) for c in self.columns)
        ]
        self._laid_out = None
        self._layout()
        later = [n for n, i in enumerate(self.shown) if current is not None and i >= current]
        self.cursor = later[0] if later else 0
        self._scroll_to_cursor()
        self.refresh()

    @property
    def current_row(self) -> int | None:
        """The comparison row index under the cursor (None when there is nothing)."""
        return self.shown[self.cursor] if 0 <= self.cursor < len(self.shown) else None

    def row(self, index: int) -> Row:
        assert self.comparison is not None
        return self.comparison.rows[index]

    # --- movement --------------------------------------------------------------------------

    def move_to(self, position: int, near_top: bool = False) -> None:
        """Put the cursor on shown row ``position``; ``near_top`` scrolls it up to a quarter of the
        way down the view (for jumps), else scrolling is minimal."""
        if not self.shown:
            return
        self.cursor = max(0, min(position, len(self.shown) - 1))
        if near_top and self._tops:
            self.scroll_to(
                0, max(0, self._tops[self.cursor] - self.size.height // 4), animate=False
            )
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(self.shown[self.cursor]))

    def divergence(self, step: int) -> bool:
        """Move to the next (``step`` 1) or previous (-1) divergent row; False when none is left."""
        n = self.cursor + step
        while 0 <= n < len(self.shown):
            if row_is_divergent(self.row(self.shown[n])):
                self.move_to(n, near_top=True)
                return True
            n += step
        return False

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._layout()
        target_line = (
            self._tops[self.cursor] + step * max(1, self.size.height - 2) if self._tops else 0
        )
        self.move_to(max(0, bisect_right(self._tops, target_line) - 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.shown) - 1)

    def _scroll_to_cursor(self) -> None:
        if not self._tops:
            return
        top = self._tops[self.cursor]
        end = self._tops[self.cursor + 1] if self.cursor + 1 < len(self._tops) else len(self._lines)
        height = max(1, self.size.height)
        y = int(self.scroll_y)
        if top < y or end - top > height:
            self.scroll_to(0, max(0, top - 1), animate=False)
        elif end > y + height:
            self.scroll_to(0, end - height + 1, animate=False)

    def _position_at(self, y: int) -> int | None:
        line = y + int(self.scroll_y)
        if not 0 <= line < len(self._lines):
            return None
        return self._lines[line][0]

    def on_click(self, event: events.Click) -> None:
        position = self._position_at(event.y)
        if position is not None:
            self.move_to(position)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        position = self._position_at(event.y)
        if position is not None and position != self._hovered:
            self._hovered = position
            self.post_message(self.CursorMoved(self.shown[position], hover=True))

    def on_leave(self, event: events.Leave) -> None:
        """The pointer left: the reason line goes back to the cursor's row."""
        self._hovered = None
        if self.current_row is not None:
            self.post_message(self.CursorMoved(self.current_row))

    # --- layout and drawing ----------------------------------------------------------------

    @staticmethod
    def column_widths(width: int, count: int) -> list[int]:
        """Cells per column for ``count`` columns in ``width`` (a 1-cell flag and 1-cell gaps)."""
        room = max(width - 2 - (count - 1), count)
        base = room // count
        return [base] * (count - 1) + [room - base * (count - 1)]

    def _layout(self) -> None:
        width = self.scrollable_content_region.width
        key = (width, tuple(self.columns))
        if key == self._laid_out or width < 8:  # not laid out yet (or covered while loading)
            return
        self._laid_out = key
        self._tops, self._lines = [], []
        if self.comparison is not None and self.columns:
            widths = self.column_widths(width, len(self.columns))
            for position, index in enumerate(self.shown):
                self._tops.append(len(self._lines))
                for line in self._row_lines(index, widths):
                    self._lines.append((position, line))
                self._lines.append((position, []))  # a blank line between rows
        self.virtual_size = Size(width, len(self._lines))

    def _row_lines(self, index: int, widths: list[int]) -> list[list[Segment]]:
        """The display lines of comparison row ``index``: flag, then each column, space apart."""
        console = self.app.console
        row = self.row(index)
        cells = []
        for article_id, width in zip(self.columns, widths, strict=True):
            options = console.options.update(width=width, no_wrap=False, overflow="fold")
            cells.append(console.render_lines(self._cell(index, article_id), options, pad=True))
        height = max(len(c) for c in cells)
        flag = Segment("▌" if row_is_divergent(row) else " ", self._style("flag"))
        space = Segment(" ")
        lines = []
        for y in range(height):
            line = [flag if y == 0 else space, space]
            for n, (cell, width) in enumerate(zip(cells, widths, strict=True)):
                if n:
                    line.append(space)
                line.extend(cell[y] if y < len(cell) else [Segment(" " * width)])
            lines.append(line)
        return lines

    def _cell(self, index: int, article_id: str) -> Text:
        cached = self._cells.get((index, article_id))
        if cached is not None:
            return cached
        row = self.row(index)
        sentence = row.sentences.get(article_id)
        if sentence is None:
            text = Text("·", style=self._style("gap"), end="")
        else:
            text = Text(visible(sentence.text), end="")  # same length: marks stay in place
            marks = sentence_marks(row, article_id, self.report)
            for mark in sorted(marks, key=lambda m: m.kind != "diff"):
                text.stylize(self._style(mark.kind), mark.start, mark.end)
        self._cells[(index, article_id)] = text
        return text

    def _style(self, kind: str) -> Style:
        return self.get_component_rich_style(f"compare-grid--{kind}", partial=True)

    def on_resize(self) -> None:
        self._layout()
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self.call_later(self._check_styles)  # component styles update after this call

    def _check_styles(self) -> None:
        styles = tuple(self._style(k) for k in (*KINDS, "gap", "flag"))
        if styles != self._styles_seen:  # a new theme (not just focus): re-render its colours
            changed = bool(self._styles_seen)
            self._styles_seen = styles
            if changed:
                self._cells.clear()
                self._laid_out = None
                self.refresh()

    def render_line(self, y: int) -> Strip:
        self._layout()
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = y + int(self.scroll_y)
        if line >= len(self._lines):
            return Strip.blank(width, base)
        position, segments = self._lines[line]
        strip = Strip(segments).crop_extend(0, width, base)
        if position == self.cursor and segments:
            strip = strip.apply_style(self.get_component_rich_style("compare-grid--cursor"))
        return strip.apply_style(base)
