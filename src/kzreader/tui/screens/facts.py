"""The facts screen: what each outlet says, one row per fact, disagreements first.

``v`` cycles the verdict filter (all, conflict+update, then each verdict); enter on a row opens
each outlet's sentence with its value highlighted and its attribution.  The engine runs in a
thread worker that posts ``FactsReady``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker, WorkerState

from kzreader.config import FactsConfig
from kzreader.facts import VERDICTS, Fact, FactReport, claim_values
from kzreader.library import Article
from kzreader.report import render_report, short_names
from kzreader.safetext import one_line, visible
from kzreader.tui import layout
from kzreader.tui.layout import LOADING_DELAY
from kzreader.tui.screens.export import export_report
from kzreader.tui.screens.screen_commands import ScreenActions
from kzreader.tui.widgets.claims_view import ClaimsView, verdict_style
from kzreader.tui.widgets.facts_table import FILTERS, FactsTable, keep


@dataclass
class FactsReady(Message):
    report: FactReport
    seconds: float


@dataclass
class FactsFailed(Message):
    error: str


class FactDetailScreen(ModalScreen[None]):
    """One fact: each outlet's sentence with the value highlighted, and who said it."""

    DEFAULT_CSS = layout.modal_css("FactDetailScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "dismiss", "Close", id="fact_detail_close"),
    ]

    def __init__(self, facts: Sequence[Fact], names: dict[str, str], title: str = "") -> None:
        super().__init__()
        self.facts = tuple(facts)
        self.names = names
        self.heading = title

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            if self.heading:  # a fact's label: text from the articles, never markup
                scroll.border_title = Content(visible(self.heading))
            scroll.border_subtitle = "escape to close"
            yield ClaimsView(id="fact-detail")

    def on_mount(self) -> None:
        self.query_one(ClaimsView).show_facts(self.facts, self.names)


class FactsScreen(Screen[None]):
    """The facts of ``articles`` (matching ``query``, when given) in a table."""

    DEFAULT_CSS = """
    FactsScreen #facts-detail {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $boost;
        border-top: hkey $foreground 20%;
    }
    FactsScreen #facts-status {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenActions}
    PALETTE: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("Filter facts by verdict", "All, conflict+update, then each verdict (v)", "filter(1)"),
        ("Show all facts", "Clear the verdict filter", "set_filter('all')"),
        ("Show conflicts and updates", "Only the facts outlets dispute", "set_filter('disputed')"),
        ("Export the facts", "Save them as a Markdown report (e)", "export"),
        ("Back", "Leave the facts (escape)", "back"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="facts_back"),
        Binding("v", "filter(1)", "Filter", id="facts_filter"),
        Binding("V", "filter(-1)", "Previous filter", show=False, id="facts_filter_back"),
        Binding("e,ctrl+s", "export", "Export", id="facts_export"),
    ]

    def __init__(
        self,
        articles: Sequence[Article],
        config: FactsConfig | None = None,
        query: str | None = None,
        report: FactReport | None = None,
        scope: str | None = None,
        source_groups: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.articles = tuple(articles)
        self.facts_config = config
        self.fact_query = query.strip() if query else None
        #: What the articles are ("3 marked articles", "story: ...", "12 hits of ..."), for
        #: the title; outside text (a headline, a query): rendered as text, never markup.
        self.scope = scope
        #: article id -> source group (copies of one report share one), for the engine.
        self.source_groups = dict(source_groups) if source_groups else None
        self.names = short_names(self.articles)
        self.report: FactReport | None = None
        self.given = report if query is None else None
        self.verdict_filter = "all"
        self.ready = False
        self.seconds = 0.0

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static("Finding facts…", id="facts-status")
        yield FactsTable(id="facts-table")
        yield Static("", id="facts-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        about = f" about “{one_line(self.fact_query)}”" if self.fact_query else ""
        self.title = "Facts" + (f" · {one_line(self.scope)}" if self.scope else "") + about
        self.sub_title = f"{len(self.articles)} articles"
        table = self.query_one(FactsTable)
        table.focus()
        if self.given is not None:
            self.post_message(FactsReady(self.given, 0.0))
        else:
            self.set_timer(LOADING_DELAY, self._show_loading)  # only when the engine is slow
            self.compute()

    def _show_loading(self) -> None:
        if not self.ready:
            self.query_one(FactsTable).loading = True

    @work(thread=True, exclusive=True, exit_on_error=False, group="facts")
    def compute(self) -> None:
        from kzreader.facts import facts_for

        started = time.perf_counter()
        try:
            report = facts_for(
                self.articles, self.fact_query, self.facts_config, self.source_groups
            )
        except (ValueError, TypeError, ArithmeticError) as exc:
            self.post_message(FactsFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(FactsReady(report, time.perf_counter() - started))

    def on_resize(self, event: Resize) -> None:
        self.query_one(Footer).show_command_palette = event.size.width >= 100
        if self.report is not None:
            self.populate()

    def on_facts_ready(self, message: FactsReady) -> None:
        self.report = message.report
        self.seconds = message.seconds
        self.query_one(FactsTable).loading = False
        self.populate()
        self.ready = True
        self.refresh_bindings()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.post_message(FactsFailed(f"{type(error).__name__}: {error}"))

    def on_facts_failed(self, message: FactsFailed) -> None:
        self.query_one(FactsTable).loading = False
        error = one_line(message.error)  # may quote an article: Content, never markup
        self.query_one("#facts-status", Static).update(Content(f"The facts engine failed: {error}"))
        self.notify(error, title="Facts", severity="error", timeout=10, markup=False)
        self.ready = True

    # --- the table -------------------------------------------------------------------------

    def shown_facts(self) -> list[tuple[int, Fact]]:
        facts = self.report.facts if self.report is not None else ()
        return [(i, f) for i, f in enumerate(facts) if keep(f, self.verdict_filter)]

    def populate(self) -> None:
        shown = self.shown_facts()
        table = self.query_one(FactsTable)
        row = table.cursor_row
        table.show(self.articles, self.names, shown, self.size.width)
        if 0 < row < table.row_count:
            table.move_cursor(row=row, animate=False)
        self.query_one("#facts-status", Static).update(self.status(len(shown)))

    def status(self, shown: int) -> Content:
        facts = self.report.facts if self.report is not None else ()
        counts = {v: sum(f.verdict == v for f in facts) for v in VERDICTS}
        parts: list[Content | str] = [f"{shown}/{len(facts)} facts · filter: "]
        parts.append(Content.styled(self.verdict_filter, "bold"))
        for verdict, n in counts.items():
            if n:
                parts += [" · ", Content.styled(f"{n} {verdict}", verdict_style(verdict))]
        if not facts:
            who = f" about “{one_line(self.fact_query)}”" if self.fact_query else ""
            parts.append(f" · no fact{who} is reported by two or more outlets")
        elif not shown:
            parts.append(" · none with this verdict (v: next filter)")
        return Content.assemble(*parts)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted fact in one line: verdict, label, reason, each outlet's value."""
        detail = self.query_one("#facts-detail", Static)
        if self.report is None or event.row_key.value is None:
            detail.update("")
            return
        fact = self.report.facts[int(event.row_key.value)]
        detail.update(
            Content.assemble(
                Content.styled(fact.verdict.upper(), verdict_style(fact.verdict)),
                visible(f" {fact.label}: {fact.reason} — {claim_values(fact, self.names)}"),
                Content.styled("  enter: sentences", "dim"),
            )
        )

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if self.report is None or event.row_key.value is None:
            return
        fact = self.report.facts[int(event.row_key.value)]
        self.app.push_screen(FactDetailScreen([fact], self.names, fact.label))

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("filter", "export"):
            return self.report is not None
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_filter(self, step: int) -> None:
        self.set_filter(FILTERS[(FILTERS.index(self.verdict_filter) + step) % len(FILTERS)])

    def action_set_filter(self, verdict_filter: str) -> None:
        self.set_filter(verdict_filter)

    def set_filter(self, verdict_filter: str) -> None:
        """Show only facts passing ``verdict_filter`` (one of ``FILTERS``)."""
        if verdict_filter not in FILTERS:
            raise ValueError(f"unknown filter {verdict_filter!r}")
        self.verdict_filter = verdict_filter
        self.populate()

    def action_export(self) -> None:
        report = self.report
        if report is None:
            return
        title = "kzreader facts" + (f" about “{self.fact_query}”" if self.fact_query else "")
        export_report(self.app, lambda: render_report(None, report, title), "facts")
