"""The article view: headline, outlet, byline, date, then clean paragraphs, with match highlights.

A Line API widget: the article is wrapped once per width into offset-aware lines and only the
visible lines are drawn, so a long article scrolls without lag and a character offset (a search
match) maps straight to a line to scroll to.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kzreader.safetext import visible
from kzreader.tui.widgets.wrapping import Line, wrap_spans

if TYPE_CHECKING:
    from kzreader.library import Article


def format_date(article: Article) -> str:
    return article.published.strftime("%Y-%m-%d %H:%M") if article.published else ""


class ArticleView(ScrollView, can_focus=True):
    """Shows one article; ``set_matches`` highlights spans of ``article.text``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "differ", "Differ", id="differ"),
        Binding("up", "scroll_up", "Up", show=False),
        Binding("down", "scroll_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "End", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
        "article-view--match",
        "article-view--current",
        "article-view--conflict",
        "article-view--update",
        "article-view--variant",
    }

    # values other outlets contradict (issue 6: see set_divergences)
    DEFAULT_CSS = """
    ArticleView > .article-view--conflict { color: $error; text-style: bold underline; }
    ArticleView > .article-view--update { color: $warning; text-style: bold underline; }
    ArticleView > .article-view--variant { color: $accent; text-style: underline; }
    """

    class MatchesExhausted(Message):
        """``n`` past the last match (direction 1) or ``N`` before the first (direction -1)."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    class DifferRequested(Message):
        """``d``: the reader asks where outlets differ on the sentence at ``offset``."""

        def __init__(self, article: Article, offset: int) -> None:
            super().__init__()
            self.article = article
            self.offset = offset

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.matches: list[tuple[int, int]] = []
        self.divergences: list[tuple[int, int, str]] = []  # (start, end, verdict)
        self.current = -1
        self._lines: list[Line] = []
        self._body_starts: list[int] = []  # start offset of each body line, for bisect
        self._body_rows: list[int] = []  # the display row of each body line
        self._wrapped_width = -1
        self._placeholder = "Select an article (enter) or search (/)."

    # --- content ---------------------------------------------------------------------------

    def show(self, article: Article | None, matches: Sequence[tuple[int, int]] = ()) -> None:
        """Display ``article`` from its top; ``matches`` are (start, end) spans into its text."""
        self.article = article
        self.matches = sorted(matches)
        self.divergences = []
        self.current = -1
        self._wrapped_width = -1
        self._rewrap()
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    def set_matches(self, matches: Sequence[tuple[int, int]], jump: int | None = 0) -> None:
        """Highlight ``matches``; scroll to match ``jump`` (-1: the last; None: stay)."""
        self.matches = sorted(matches)
        self.current = -1
        if jump is not None and self.matches:
            self.goto_match(jump % len(self.matches))
        self.refresh()

    def set_divergences(self, spans: Sequence[tuple[int, int, str]]) -> None:
        """Underline values other outlets contradict: (start, end, verdict) spans of the text."""
        self.divergences = sorted(spans)
        self.refresh()

    def goto_match(self, index: int) -> None:
        if not self.matches:
            return
        self.current = max(0, min(index, len(self.matches) - 1))
        row = self.row_of_offset(self.matches[self.current][0])
        self.scroll_to(0, max(0, row - max(1, self.size.height // 3)), animate=False)
        self.refresh()

    def row_of_offset(self, offset: int) -> int:
        """The display row holding character ``offset`` of the article text."""
        self._rewrap()
        if not self._body_starts:
            return 0
        i = max(0, bisect_right(self._body_starts, offset) - 1)
        return self._body_rows[i]

    def offset_at_top(self) -> int:
        """The text offset of the first body line on screen (or the current match)."""
        if 0 <= self.current < len(self.matches):
            return self.matches[self.current][0]
        row = int(self.scroll_y)
        i = bisect_left(self._body_rows, row)
        if i < len(self._body_rows):
            return self._lines[self._body_rows[i]].start
        return 0

    # --- actions ---------------------------------------------------------------------------

    def action_next_match(self) -> None:
        if self.current + 1 < len(self.matches):
            self.goto_match(self.current + 1)
        else:
            self.post_message(self.MatchesExhausted(1))

    def action_previous_match(self) -> None:
        if self.current > 0:
            self.goto_match(self.current - 1)
        else:
            self.post_message(self.MatchesExhausted(-1))

    def action_differ(self) -> None:
        if self.article is not None:
            self.post_message(self.DifferRequested(self.article, self.offset_at_top()))

    # --- wrapping and drawing --------------------------------------------------------------

    def _rewrap(self) -> None:
        width = max(self.scrollable_content_region.width, 10)
        if width == self._wrapped_width:
            return
        self._wrapped_width = width
        lines: list[Line] = []
        self._body_starts, self._body_rows = [], []
        article = self.article
        if article is not None:
            lines += [Line(s, e, "title") for s, e in wrap_spans(article.title, width)]
            lines += [Line(s, e, "meta") for s, e in wrap_spans(self._meta(article), width)]
            for para_start, para_end in article.paragraph_spans():
                lines.append(Line(0, 0, "blank"))
                para = article.text[para_start:para_end]
                for s, e in wrap_spans(para, width, base=para_start):
                    self._body_starts.append(s)
                    self._body_rows.append(len(lines))
                    lines.append(Line(s, e, "body"))
        self._lines = lines
        self.virtual_size = Size(width, len(lines))

    @staticmethod
    def _meta(article: Article) -> str:
        parts = [article.outlet, article.byline or "", format_date(article)]
        return " · ".join(p for p in parts if p)

    def on_resize(self) -> None:
        self._rewrap()

    def render_line(self, y: int) -> Strip:
        self._rewrap()
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + int(self.scroll_y)
        article = self.article
        if article is None:
            text = Text(self._placeholder if y == 1 else "", style="dim")
        elif row >= len(self._lines):
            return Strip.blank(width, base)
        else:
            text = self._line_text(article, self._lines[row])
        segments = [Segment(t.text, base + t.style) for t in text.render(self.app.console)]
        return Strip(segments).crop_extend(0, width, base)

    def _line_text(self, article: Article, line: Line) -> Text:
        if line.kind == "title":
            style = self.get_component_rich_style("article-view--title")
            return Text(visible(article.title[line.start : line.end]), style=style, end="")
        if line.kind == "meta":
            style = self.get_component_rich_style("article-view--meta")
            return Text(visible(self._meta(article)[line.start : line.end]), style=style, end="")
        if line.kind == "blank":
            return Text("", end="")
        # visible() keeps the length, so match and divergence offsets stay exact
        text = Text(visible(article.text[line.start : line.end]), end="")
        for s, e, verdict in self.divergences:
            if s < line.end and e > line.start:
                marked = self.get_component_rich_style(f"article-view--{verdict}", default=Style())
                text.stylize(marked, max(s, line.start) - line.start, min(e, line.end) - line.start)
        if self.matches:
            match_style = self.get_component_rich_style("article-view--match")
            current_style = self.get_component_rich_style("article-view--current")
            first = max(0, bisect_left(self.matches, (line.start, -1)) - 1)
            for i in range(first, len(self.matches)):
                s, e = self.matches[i]
                if s >= line.end:
                    break
                if e <= line.start:
                    continue
                style: Style = current_style if i == self.current else match_style
                text.stylize(style, max(s, line.start) - line.start, min(e, line.end) - line.start)
        return text
