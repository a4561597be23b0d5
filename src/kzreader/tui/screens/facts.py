"""The facts screen: what each outlet says, one row per fact, disagreements first.

``v``/``V`` cycle the verdict filter (all, conflict+update, then each verdict), ``k``/``K`` the
kind filter (all, then each kind the report holds); enter on a row opens each outlet's sentence
with its value highlighted and its attribution; ``e`` exports what the filters show.  The title
says what the facts cover (``scope``, given by the screen that opens this one).  The engine (and,
when the opener gives no ``source_groups``, the copy grouping) runs in a thread worker that
posts ``FactsReady``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
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
from kzreader.facts import VERDICTS, Fact, FactReport
from kzreader.library import Article
from kzreader.report import render_report, short_names
from kzreader.safetext import one_line, visible
from kzreader.tui import layout
from kzreader.tui.screens.export import export_report
from kzreader.tui.screens.screen_commands import ScreenActions
from kzreader.tui.screens.selection import LOADING_DELAY, source_groups_for, titled
from kzreader.tui.widgets.claims_view import ClaimsView, copy_note, verdict_style
from kzreader.tui.widgets.facts_table import FILTERS, FactsTable, keep
from kzreader.wording import copy_origins, grouped_values, kinds_of, plural, source_count


@dataclass
class FactsReady(Message):
    report: FactReport
    seconds: float
    groups: dict[str, str] | None = None
    warning: str = ""  # why copies of one report are not marked, when they cannot be


@dataclass
class FactsFailed(Message):
    error: str


class FactDetailScreen(ModalScreen[None]):
    """One fact: each outlet's sentence with the value highlighted, and who said it."""

    DEFAULT_CSS = layout.modal_css("FactDetailScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "dismiss", "Close", id="fact_detail_close"),
    ]

    def __init__(
        self,
        facts: Sequence[Fact],
        names: dict[str, str],
        title: str = "",
        copies: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.facts = tuple(facts)
        self.names = names
        self.heading = title
        self.copies = dict(copies or {})

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            if self.heading:  # a fact's label: text from the articles, never markup
                scroll.border_title = Content(one_line(self.heading))
            scroll.border_subtitle = "escape to close"
            yield ClaimsView(id="fact-detail")

    def on_mount(self) -> None:
        self.query_one(ClaimsView).show_facts(self.facts, self.names, self.copies)


class FactsScreen(Screen[None]):
    """The facts of ``articles`` (matching ``query``, when given) in a table.

    ``scope`` says what the articles are ("the marked articles", "the open story “…”", "the
    hits of “police”", "the library"): shown in the title and the export.  ``source_groups``
    (article id -> source group; copies of one report share one) makes the reasons count
    independent sources and marks copies; without it the screen groups the articles itself.
    """

    DEFAULT_CSS = """
    FactsScreen #facts-detail {
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $boost;
        border-top: hkey $foreground 20%;
    }
    FactsScreen #facts-status {
        height: auto;
        max-height: 2;
        padding: 0 1;
        background: $boost;
    }
    """

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenActions}
    PALETTE: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("Filter facts by verdict", "All, conflict+update, then each verdict (v)", "filter(1)"),
        ("Filter facts by kind", "All, then each kind of fact: count, measure, money… (k)",
         "kind(1)"),
        ("Show all facts", "Clear the verdict and kind filters", "clear_filters"),
        ("Show conflicts and updates", "Only the facts outlets dispute", "set_filter('disputed')"),
        ("Export the facts", "Save the facts shown as a Markdown report (e)", "export"),
        ("Back", "Leave the facts (escape)", "back"),
    )  # fmt: skip
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="facts_back"),
        Binding("v", "filter(1)", "Verdict", id="facts_filter"),
        Binding("V", "filter(-1)", "Previous verdict filter", show=False, id="facts_filter_back"),
        Binding("k", "kind(1)", "Kind", id="facts_kind"),
        Binding("K", "kind(-1)", "Previous kind filter", show=False, id="facts_kind_back"),
        Binding("e,ctrl+s", "export", "Export", id="facts_export"),
    ]

    def __init__(
        self,
        articles: Sequence[Article],
        config: FactsConfig | None = None,
        query: str | None = None,
        report: FactReport | None = None,
        *,
        scope: str = "",
        source_groups: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.articles = tuple(articles)
        self.facts_config = config
        self.fact_query = query.strip() if query else None
        self.scope = one_line(scope).strip()
        self.source_groups = dict(source_groups) if source_groups is not None else None
        self.names = short_names(self.articles)
        self.full_names = short_names(self.articles, width=40)  # where there is room
        self.copies: dict[str, str] = {}
        self.report: FactReport | None = None
        self.given = report if query is None else None
        self.verdict_filter = "all"
        self.kind_filter = "all"
        self.ready = False
        self.seconds = 0.0

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static("Finding facts…", id="facts-status")
        yield FactsTable(id="facts-table")
        yield Static("", id="facts-detail")
        yield Footer(compact=True)

    @property
    def heading(self) -> str:
        """What the screen shows: "Facts about “police” · the hits of “police”"."""
        about = f" about “{one_line(self.fact_query)}”" if self.fact_query else ""
        return titled("Facts" + about, self.scope)

    def on_mount(self) -> None:
        self.title = self.heading
        self.sub_title = plural(len(self.articles), "article")
        table = self.query_one(FactsTable)
        table.focus()
        if self.given is not None:
            self.post_message(FactsReady(self.given, 0.0, self.source_groups))
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
        groups, warning = self.source_groups, ""
        if groups is None:
            try:
                groups = source_groups_for(self.articles)
            except Exception as exc:  # noqa: BLE001 - the facts stand without copies; say why
                warning = f"copies of one report are not marked: {type(exc).__name__}: {exc}"
                groups = {}
        try:
            report = facts_for(self.articles, self.fact_query, self.facts_config, groups)
        except (ValueError, TypeError, ArithmeticError) as exc:
            self.post_message(FactsFailed(f"{type(exc).__name__}: {exc}"))
            return
        seconds = time.perf_counter() - started
        self.post_message(FactsReady(report, seconds, groups, warning))

    def on_resize(self, event: Resize) -> None:
        self.query_one(Footer).show_command_palette = event.size.width >= 100
        if self.report is not None:
            self.populate()

    def on_facts_ready(self, message: FactsReady) -> None:
        self.report = message.report
        self.seconds = message.seconds
        if message.warning:
            self.notify(one_line(message.warning), title="Facts", severity="warning", markup=False)
        groups = message.groups or {}
        self.copies = copy_origins(self.articles, groups)
        self.sub_title = self.counted(groups)
        self.query_one(FactsTable).loading = False
        self.populate()
        self.ready = True
        self.refresh_bindings()

    def counted(self, groups: Mapping[str, str]) -> str:
        """``5 articles · 4 sources``: the independent sources, when some articles are copies."""
        articles = plural(len(self.articles), "article")
        sources = source_count(self.articles, groups)
        if sources == len(self.articles):
            return articles
        return f"{articles} · {plural(sources, 'source')}"

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
        return [
            (i, f) for i, f in enumerate(facts) if keep(f, self.verdict_filter, self.kind_filter)
        ]

    def kind_filters(self) -> list[str]:
        """What ``k`` cycles through: all, then each kind the report holds."""
        return ["all", *kinds_of(self.report.facts if self.report is not None else ())]

    def populate(self) -> None:
        shown = self.shown_facts()
        table = self.query_one(FactsTable)
        row = table.cursor_row
        table.show(self.articles, self.names, shown, self.size.width, copies=self.copies)
        if 0 < row < table.row_count:
            table.move_cursor(row=row, animate=False)
        self.query_one("#facts-status", Static).update(self.status(len(shown)))
        if not shown:
            self.query_one("#facts-detail", Static).update("")

    def status(self, shown: int) -> Content:
        """``3 of 9 facts · verdict: disputed · kind: count · 2 conflict · 1 update``: what is
        shown, the filters in force, and the verdicts of the facts of the kind shown."""
        facts = self.report.facts if self.report is not None else ()
        kept = [f for f in facts if keep(f, "all", self.kind_filter)]
        counts = {v: sum(f.verdict == v for f in kept) for v in VERDICTS}
        total = plural(len(facts), "fact")
        parts: list[Content | str] = [f"{shown} of {total}" if shown != len(facts) else total]
        for name, value in (("verdict", self.verdict_filter), ("kind", self.kind_filter)):
            if value != "all":  # only the filters in force
                parts += [f" · {name}: ", Content.styled(value, "bold reverse")]
        for verdict, n in counts.items():
            if n:
                parts += [" · ", Content.styled(f"{n} {verdict}", verdict_style(verdict))]
        if not facts:
            who = f" about “{one_line(self.fact_query)}”" if self.fact_query else ""
            parts.append(f" · no fact{who} is reported by two or more outlets")
        elif not shown:
            parts.append(" · none shown (v, k: the next filter)")
        return Content.assemble(*parts)

    def value_line(self, fact: Fact) -> Content:
        """Each value and who gives it: "eight: Newser, RFE/RL · Twelve: AP" (longer names on a
        wide screen)."""
        names = self.full_names if self.size.width >= 120 else self.names
        parts: list[Content | str] = []
        for value, ids in grouped_values(fact):
            if parts:
                parts.append(" · ")
            who = ", ".join(
                one_line(names.get(i, i)) + copy_note(i, names, self.copies) for i in ids
            )
            style = verdict_style(fact.verdict)
            parts += [Content.styled(visible(one_line(value)), style), visible(f": {who}")]
        return Content.assemble(*parts)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted fact: verdict, kind, label and reason, then each value and who says
        it (the table may have cut them)."""
        detail = self.query_one("#facts-detail", Static)
        if self.report is None or event.row_key.value is None:
            detail.update("")
            return
        fact = self.report.facts[int(event.row_key.value)]
        detail.update(
            Content.assemble(
                Content.styled(fact.verdict.upper(), verdict_style(fact.verdict)),
                Content.styled(f" {fact.kind} · ", "dim"),
                visible(one_line(f"{fact.label}: {fact.reason}")),
                "\n",
                self.value_line(fact),
            )
        )

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if self.report is None or event.row_key.value is None:
            return
        fact = self.report.facts[int(event.row_key.value)]
        self.app.push_screen(FactDetailScreen([fact], self.full_names, fact.label, self.copies))

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("filter", "export", "clear_filters"):
            return self.report is not None
        if action == "kind":  # shown only when there is more than one kind to choose
            return len(self.kind_filters()) > 2 if self.report is not None else False
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_filter(self, step: int) -> None:
        self.set_filter(FILTERS[(FILTERS.index(self.verdict_filter) + step) % len(FILTERS)])

    def action_set_filter(self, verdict_filter: str) -> None:
        self.set_filter(verdict_filter)

    def action_kind(self, step: int) -> None:
        kinds = self.kind_filters()
        at = kinds.index(self.kind_filter) if self.kind_filter in kinds else 0
        self.set_kind(kinds[(at + step) % len(kinds)])

    def action_clear_filters(self) -> None:
        self.verdict_filter = self.kind_filter = "all"
        self.populate()

    def set_filter(self, verdict_filter: str) -> None:
        """Show only facts passing ``verdict_filter`` (one of ``FILTERS``)."""
        if verdict_filter not in FILTERS:
            raise ValueError(f"unknown filter {verdict_filter!r}")
        self.verdict_filter = verdict_filter
        self.populate()

    def set_kind(self, kind_filter: str) -> None:
        """Show only facts of ``kind_filter`` ("all" or a kind, e.g. "measure")."""
        from kzreader.facts import Kind

        if kind_filter != "all" and kind_filter not in set(Kind):
            raise ValueError(f"unknown kind {kind_filter!r}")
        self.kind_filter = kind_filter
        self.populate()

    def filters_text(self) -> str:
        """The active filters in words ("" when all facts are shown)."""
        parts = []
        if self.verdict_filter != "all":
            parts.append(f"verdict {self.verdict_filter}")
        if self.kind_filter != "all":
            parts.append(f"kind {self.kind_filter}")
        return ", ".join(parts)

    def action_export(self) -> None:
        report = self.report
        if report is None:
            return
        shown = FactReport(report.articles, tuple(f for _i, f in self.shown_facts()))
        filters = self.filters_text()
        about = f" about “{self.fact_query}”" if self.fact_query else ""
        note = f"Filtered by {filters}: {len(shown.facts)} of {plural(len(report.facts), 'fact')}."
        export_report(
            self.app,
            lambda: render_report(
                None,
                shown,
                "kzreader facts" + about,
                selection=self.scope,
                note=note if filters else "",
                copies=self.copies,
                when=datetime.now().astimezone(),
            ),
            "facts",
            summary=f"{plural(len(shown.facts), 'fact')}" + (f" ({filters})" if filters else ""),
        )
