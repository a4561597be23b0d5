"""The compare screen: 2-4 articles side by side, sentences aligned, divergences highlighted.

The facts engine and the aligner run in a thread worker that posts ``CompareReady``; until then
the grid shows a loading indicator.  Narrow terminals show two columns (the first article and one
other, ``o`` for the next); wide ones up to four.  A column whose article copies another's report
(same source group) says so in its head ("↳ copy of Newser").  The title says what the articles
are (``scope``, given by the screen that opens this one).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from kzreader.config import FactsConfig
from kzreader.facts import Comparison, FactReport, claim_values, row_is_divergent
from kzreader.library import Article
from kzreader.report import render_report, short_names
from kzreader.safetext import one_line, visible
from kzreader.tui.screens.export import export_report
from kzreader.tui.screens.screen_commands import ScreenActions
from kzreader.tui.screens.selection import LOADING_DELAY, source_groups_for, titled
from kzreader.tui.widgets.claims_view import verdict_style
from kzreader.tui.widgets.compare_grid import CompareGrid
from kzreader.tui.widgets.facts_table import COPY_MARK
from kzreader.tui.widgets.wrapping import fit
from kzreader.wording import copy_origins, plural


@dataclass
class CompareReady(Message):
    comparison: Comparison
    report: FactReport | None
    seconds: float
    groups: dict[str, str] | None = None


@dataclass
class CompareFailed(Message):
    error: str
    fatal: bool = True  # False: the facts failed, the comparison goes on without them


def columns_for(width: int) -> int:
    """How many articles fit side by side at ``width`` columns (two at 80, four from 160)."""
    return 2 if width < 120 else 3 if width < 160 else 4


class CompareScreen(Screen[None]):
    """Aligned sentences of ``articles``; ``]``/``[`` walk the divergences."""

    DEFAULT_CSS = """
    CompareScreen #compare-head {
        height: 2;
        background: $boost;
    }
    CompareScreen #compare-detail {
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $boost;
        border-top: hkey $foreground 20%;
    }
    """

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenActions}
    PALETTE: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("Next divergence", "Jump to the next row where outlets disagree (])", "divergence(1)"),
        ("Previous divergence", "Jump to the previous disagreement ([)", "divergence(-1)"),
        ("Other article", "Show the next of the other articles (o)", "other"),
        ("Facts of these articles", "The facts table for the compared articles (f)", "facts"),
        ("Export the comparison", "Save it as a Markdown report (e)", "export"),
        ("Back", "Leave the comparison (escape)", "back"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="compare_back"),
        Binding("right_square_bracket", "divergence(1)", "Next diff", id="next_divergence"),
        Binding("left_square_bracket", "divergence(-1)", "Prev diff", id="prev_divergence"),
        Binding("enter", "row_facts", "Detail", id="compare_row_facts"),
        Binding("o", "other", "Other", id="compare_other"),
        Binding("f", "facts", "Facts", id="compare_facts"),
        Binding("e,ctrl+s", "export", "Export", id="compare_export"),
    ]

    def __init__(
        self,
        articles: Sequence[Article],
        config: FactsConfig | None = None,
        *,
        scope: str = "",
        source_groups: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.articles = tuple(articles)
        self.facts_config = config
        self.scope = one_line(scope).strip()
        self.source_groups = dict(source_groups) if source_groups is not None else None
        self.copies: dict[str, str] = {}
        self.names = short_names(self.articles)
        self.comparison: Comparison | None = None
        self.report: FactReport | None = None
        self.rotation = 0  # which of the other articles come first in the shown columns
        self.ready = False
        self.seconds = 0.0

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(id="compare-head")
        yield CompareGrid(id="compare-grid")
        yield Static("Aligning sentences…", id="compare-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = titled("Compare", self.scope)
        self.sub_title = one_line(" | ".join(self.names[a.id] for a in self.articles))
        grid = self.query_one(CompareGrid)
        self.set_timer(LOADING_DELAY, self._show_loading)  # only when the engine is slow
        grid.focus()
        self.compute()

    def _show_loading(self) -> None:
        if not self.ready:
            self.query_one(CompareGrid).loading = True

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare")
    def compute(self) -> None:
        from kzreader.facts import compare_articles, facts_for

        started = time.perf_counter()
        groups = self.source_groups
        if groups is None:
            try:
                groups = source_groups_for(self.articles)
            except Exception as exc:  # noqa: BLE001 - the comparison stands without copies
                error = f"copies of one report are not marked: {type(exc).__name__}: {exc}"
                self.post_message(CompareFailed(error, fatal=False))
                groups = {}
        try:
            report: FactReport | None = facts_for(self.articles, None, self.facts_config, groups)
        except Exception as exc:  # noqa: BLE001 - the comparison stands without facts; say why
            error = f"facts unavailable: {type(exc).__name__}: {exc}"
            self.post_message(CompareFailed(error, fatal=False))
            report = None
        try:
            comparison = compare_articles(self.articles, report)
        except ValueError as exc:
            self.post_message(CompareFailed(str(exc)))
            return
        seconds = time.perf_counter() - started
        self.post_message(CompareReady(comparison, report, seconds, groups))

    # --- messages --------------------------------------------------------------------------

    def on_compare_ready(self, message: CompareReady) -> None:
        self.comparison, self.report = message.comparison, message.report
        self.seconds = message.seconds
        self.source_groups = message.groups or {}
        self.copies = copy_origins(self.articles, self.source_groups)
        grid = self.query_one(CompareGrid)
        grid.loading = False
        grid.set_comparison(message.comparison, message.report, self.shown_ids())
        self.update_head()
        self.ready = True
        self.refresh_bindings()
        self.show_detail(grid.current_row)

    def on_compare_failed(self, message: CompareFailed) -> None:
        error = one_line(message.error)  # may quote an article: never markup
        self.notify(error, title="Compare", severity="error", timeout=10, markup=False)
        if message.fatal and self.comparison is None:
            self.query_one(CompareGrid).loading = False
            self.query_one("#compare-detail", Static).update(Content(f"Cannot compare: {error}"))
            self.ready = True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.post_message(CompareFailed(f"{type(error).__name__}: {error}"))

    def on_compare_grid_cursor_moved(self, message: CompareGrid.CursorMoved) -> None:
        self.show_detail(message.row, hover=message.hover)

    def on_resize(self, event: Resize) -> None:
        self.query_one(Footer).show_command_palette = event.size.width >= 100
        if self.comparison is not None:
            grid = self.query_one(CompareGrid)
            grid.set_columns(self.shown_ids())
            self.update_head()
            self.show_detail(grid.current_row)
            self.refresh_bindings()

    # --- what is shown ---------------------------------------------------------------------

    def shown_ids(self) -> list[str]:
        ids = [a.id for a in self.articles]
        room = columns_for(self.size.width) - 1
        others = ids[1:]
        start = self.rotation % len(others) if others else 0
        rotated = others[start:] + others[:start]
        return [ids[0], *rotated[:room]]

    def update_head(self) -> None:
        """Outlet, date (or which report it copies) and headline over each column, aligned with
        the grid's columns."""
        by_id = {a.id: a for a in self.articles}
        grid = self.query_one(CompareGrid)
        ids = self.shown_ids()
        # the grid spans the screen, less its (always shown) one-cell scrollbar
        widths = grid.column_widths(self.size.width - 1, len(ids))
        top, bottom = Text("  "), Text("  ")
        for n, (aid, width) in enumerate(zip(ids, widths, strict=True)):
            a = by_id[aid]
            top.append_text(Text(" ") if n else Text(""))
            top.append_text(self.head_cell(aid, width))
            bottom.append_text(Text(" ") if n else Text(""))
            title = fit(visible(one_line(a.title)), width, whole_words=False)
            bottom.append_text(Text(title.ljust(width), style="italic"))
        self.query_one("#compare-head", Static).update(Text("\n").join([top, bottom]))

    def head_cell(self, article_id: str, width: int) -> Text:
        """``Newser · 2022-01-05 18:10``, or for a copy ``Reprint ↳ copy of Newser`` (which report
        it copies matters more than its date): in ``width`` cells, padded; names are cut with
        an ellipsis (never inside a number), the copy note before the date gives way."""
        article = next(a for a in self.articles if a.id == article_id)
        name = visible(one_line(self.names[article_id]))
        origin = self.copies.get(article_id)
        note = ""
        if origin:
            note = f" {COPY_MARK} copy of {visible(one_line(self.names.get(origin, origin)))}"
        when = article.published.strftime("%Y-%m-%d %H:%M") if article.published else "undated"
        date = f" · {when}"
        if cell_len(name + note + date) > width:
            date = ""
        if cell_len(name + note) > width:
            name = fit(name, max(8, width - cell_len(note)), whole_words=False)
            note = fit(note, max(0, width - cell_len(name)), whole_words=False) if note else ""
        cell = Text.assemble((name, "bold"), (note, "italic"), date)
        cell.truncate(width, overflow="ellipsis", pad=True)
        return cell

    def show_detail(self, index: int | None, hover: bool = False) -> None:
        detail = self.query_one("#compare-detail", Static)
        grid = self.query_one(CompareGrid)
        if self.comparison is None or index is None:
            detail.update("Nothing to compare." if self.comparison is not None else "")
            return
        row = self.comparison.rows[index]
        where = f"row {grid.cursor + 1}/{len(grid.shown)}"
        if hover:
            where = f"row under the mouse ({index + 1})"
        parts: list[Content | str] = [Content.styled(where, "dim")]
        if row.facts and self.report is not None:
            for fact in self.report.facts:
                if (fact.label, fact.verdict) in row.facts:
                    values = claim_values(fact, self.names)
                    parts += [
                        "\n",
                        Content.styled(fact.verdict.upper(), verdict_style(fact.verdict)),
                        visible(f" {fact.label}: {fact.reason} — {values}"),
                    ]
        else:
            present = sum(s is not None for s in row.sentences.values())
            if present < 2:
                parts.append(" · only this article has this sentence")
            else:
                parts.append(f" · similarity {row.similarity:.2f} · no fact in dispute here")
        divergent = sum(row_is_divergent(self.comparison.rows[i]) for i in grid.shown)
        copied = self.copied_pair(grid.columns)
        if copied:
            parts.append(Content.styled(f" · {copied}", "italic"))
        if not divergent:
            parts.append(" · no divergence between these articles")
        else:
            verb = "diverges" if divergent == 1 else "diverge"
            hint = f"  {plural(divergent, 'row')} {verb}: ] next  [ previous"
            parts.append(Content.styled(hint, "dim"))
        detail.update(Content.assemble(*parts))

    def copied_pair(self, columns: Sequence[str]) -> str:
        """What the shown columns copy of each other: "copies of one report: ..." when all are,
        "Newser and Reuters are copies of one report" for some, "" when none is."""
        if not self.source_groups:
            return ""
        together: dict[str, list[str]] = {}
        for column in columns:
            together.setdefault(self.source_groups.get(column, column), []).append(column)
        if len(columns) >= 2 and len(together) == 1:
            return "copies of one report (the differences are rewording)"
        named = [
            " and ".join(one_line(self.names.get(c, c)) for c in group)
            for group in together.values()
            if len(group) >= 2
        ]
        return "; ".join(f"{names} are copies of one report" for names in named)

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "other":
            return len(self.articles) > columns_for(self.size.width)
        if action in ("divergence", "export", "facts", "row_facts"):
            return self.comparison is not None
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_divergence(self, step: int) -> None:
        grid = self.query_one(CompareGrid)
        if not grid.divergence(step):
            where = "below" if step > 0 else "above"
            self.notify(f"No divergence {where} this row.", title="Compare", timeout=2)

    def action_other(self) -> None:
        self.rotation += 1
        grid = self.query_one(CompareGrid)
        grid.set_columns(self.shown_ids())
        self.update_head()
        self.show_detail(grid.current_row)

    def action_row_facts(self) -> None:
        """Each outlet's sentence and value for the facts of the cursor's row."""
        from kzreader.tui.screens.facts import FactDetailScreen

        index = self.query_one(CompareGrid).current_row
        if self.comparison is None or self.report is None or index is None:
            return
        wanted = set(self.comparison.rows[index].facts)
        facts = [f for f in self.report.facts if (f.label, f.verdict) in wanted]
        if facts:
            names = short_names(self.articles, width=40)
            screen = FactDetailScreen(facts, names, "Facts of this row", self.copies)
            self.app.push_screen(screen)
        else:
            self.notify("No fact of two outlets in this row.", title="Compare", timeout=2)

    def action_facts(self) -> None:
        from kzreader.tui.screens.facts import FactsScreen

        scope = self.scope or "the compared articles"
        self.app.push_screen(
            FactsScreen(
                self.articles,
                self.facts_config,
                report=self.report,
                scope=scope,
                source_groups=self.source_groups,
            )
        )

    def action_export(self) -> None:
        comparison, report = self.comparison, self.report
        if comparison is None:
            return
        names = short_names(self.articles, width=60)
        title = "kzreader comparison: " + " | ".join(names[a.id] for a in self.articles)
        copies = self.copies

        def render() -> str:
            return render_report(
                comparison,
                report,
                title,
                selection=self.scope or "the compared articles",
                copies=copies,
                when=datetime.now().astimezone(),
            )

        summary = f"the comparison of {plural(len(self.articles), 'article')}"
        export_report(self.app, render, "comparison", summary=summary)
