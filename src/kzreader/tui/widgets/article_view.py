"""The article view: headline, outlet, byline, date, URL, then clean paragraphs, with match
highlights.

A Line API widget: the article is wrapped once per width into offset-aware lines and only the
visible lines are drawn, so a long article scrolls without lag and a character offset (a search
match) maps straight to a line to scroll to.

One sentence is highlighted: the one ``d`` ("where do outlets differ") asks about.  It starts
as the first sentence, follows the current search match, moves with ``[`` and ``]``, and when
scrolling takes it off screen it becomes the first sentence on screen.
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
        Binding(
            "right_square_bracket", "sentence(1)", "Next sentence", show=False, id="next_sentence"
        ),
        Binding(
            "left_square_bracket", "sentence(-1)", "Prev sentence", show=False, id="prev_sentence"
        ),
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
        "article-view--url",
        "article-view--note",
        "article-view--sentence",
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
    ArticleView > .article-view--url { color: $text-muted; text-style: underline; }
    ArticleView > .article-view--note { color: $text-warning; text-style: italic; }
    ArticleView > .article-view--sentence { background: $foreground 8%; }
    ArticleView:focus > .article-view--sentence { background: $primary 22%; }
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
        #: A line under the byline: "copy of OUTLET" for a copy of another report.
        self.note = ""
        #: (start, end) of each sentence of the text, and the one ``d`` uses (an index).
        self._sentences: list[tuple[int, int]] = []
        self._sentence_starts: list[int] = []
        self.sentence = 0
        self._synced_match = -1

    # --- content ---------------------------------------------------------------------------

    def show(
        self, article: Article | None, matches: Sequence[tuple[int, int]] = (), note: str = ""
    ) -> None:
        """Display ``article`` from its top; ``matches`` are (start, end) spans into its text;
        ``note`` a line under the byline (e.g. which report it copies)."""
        self.article = article
        self.matches = sorted(matches)
        self.divergences = []
        self.current = -1
        self.note = note
        self._load_sentences()
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
        # after the next refresh, not now: a hit opened from the search pane at 80 columns
        # shows this view only then, and its width (the wrap) and height are known only then
        self.call_after_refresh(self._scroll_to_current)
        self.refresh()

    def _scroll_to_current(self) -> None:
        if not 0 <= self.current < len(self.matches):
            return
        row = self.row_of_offset(self.matches[self.current][0])
        top = max(0, row - max(1, self.size.height // 3))
        self.scroll_to(0, top, animate=False, immediate=True, force=True)

    def row_of_offset(self, offset: int) -> int:
        """The display row holding character ``offset`` of the article text."""
        self._rewrap()
        if not self._body_starts:
            return 0
        i = max(0, bisect_right(self._body_starts, offset) - 1)
        return self._body_rows[i]

    def offset_at_top(self) -> int:
        """The text offset of the first body line on screen."""
        row = int(self.scroll_y)
        i = bisect_left(self._body_rows, row)
        if i < len(self._body_rows):
            return self._lines[self._body_rows[i]].start
        return 0

    # --- the sentence ``d`` asks about ----------------------------------------------------

    def _load_sentences(self) -> None:
        self.sentence, self._synced_match = 0, -1
        self._sentences, self._sentence_starts = [], []
        if self.article is None or not self.article.text:
            return
        from kzreader.facts import sentences_of  # the sentence splitter the facts engine uses

        self._sentences = [(s.start, s.end) for s in sentences_of(self.article.text)]
        self._sentence_starts = [start for start, _end in self._sentences]

    def sentence_index_at(self, offset: int) -> int:
        """The sentence holding ``offset`` (or the nearest before it)."""
        return max(0, bisect_right(self._sentence_starts, offset) - 1)

    def chosen_sentence(self) -> tuple[int, int] | None:
        """(start, end) of the sentence ``d`` uses: the current match's after a jump."""
        if not self._sentences:
            return None
        if 0 <= self.current < len(self.matches) and self.current != self._synced_match:
            self._synced_match = self.current
            self.sentence = self.sentence_index_at(self.matches[self.current][0])
        self.sentence = max(0, min(self.sentence, len(self._sentences) - 1))
        return self._sentences[self.sentence]

    def action_sentence(self, step: int) -> None:
        """``]``/``[``: the next or previous sentence for ``d``, scrolled into view."""
        if self.chosen_sentence() is None:
            return
        self.sentence = max(0, min(self.sentence + step, len(self._sentences) - 1))
        start, end = self._sentences[self.sentence]
        first, last = self.row_of_offset(start), self.row_of_offset(max(start, end - 1))
        height = max(self.scrollable_content_region.height, 1)
        if first < self.scroll_y:
            self.scroll_to(y=max(0, first - 1), animate=False)
        elif last >= self.scroll_y + height:
            self.scroll_to(y=max(0, min(first - 1, last - height + 1)), animate=False)
        self.refresh()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        chosen = self.chosen_sentence()
        if chosen is None:
            return
        top, height = int(new_value), max(self.scrollable_content_region.height, 1)
        first = self.row_of_offset(chosen[0])
        last = self.row_of_offset(max(chosen[0], chosen[1] - 1))
        if last < top or first >= top + height:  # scrolled off: the first sentence on screen
            offset = self.offset_at_top()
            index = self.sentence_index_at(offset)
            if index + 1 < len(self._sentences) and self._sentences[index][0] < offset:
                index += 1  # it starts above the screen: the next one starts on it
            self.sentence = index

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
            chosen = self.chosen_sentence()
            offset = chosen[0] if chosen is not None else self.offset_at_top()
            self.post_message(self.DifferRequested(self.article, offset))

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
            if article.url:
                lines += [Line(s, e, "url") for s, e in wrap_spans(article.url, width)]
            if self.note:
                lines += [Line(s, e, "note") for s, e in wrap_spans(self.note, width)]
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
        if line.kind == "url":
            style = self.get_component_rich_style("article-view--url")
            return Text(visible((article.url or "")[line.start : line.end]), style=style, end="")
        if line.kind == "note":
            style = self.get_component_rich_style("article-view--note")
            return Text(visible(self.note[line.start : line.end]), style=style, end="")
        if line.kind == "blank":
            return Text("", end="")
        # visible() keeps the length, so match and divergence offsets stay exact
        text = Text(visible(article.text[line.start : line.end]), end="")
        chosen = self.chosen_sentence()
        if chosen is not None and chosen[0] < line.end and chosen[1] > line.start:
            sentence_style = self.get_component_rich_style("article-view--sentence")
            start, end = max(chosen[0], line.start), min(chosen[1], line.end)
            text.stylize(sentence_style, start - line.start, end - line.start)
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
                hit: Style = current_style if i == self.current else match_style
                text.stylize(hit, max(s, line.start) - line.start, min(e, line.end) - line.start)
        return text
