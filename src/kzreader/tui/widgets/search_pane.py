"""The search pane: a query input with history, a status line, and the hit list.

Each keystroke restarts a debounce timer; when it fires, a thread worker runs the as-you-type
query and posts ``SearchDone`` with a sequence number.  Results older than those on screen are
dropped, so stale hits never replace fresher ones.  The index answers one query at a time, so
while a query runs only the newest typed query waits: a slow short prefix never builds a backlog.

Everything shown here that came from outside (titles, outlets, the query, suggestions, error
messages) is a Rich ``Text``: never parsed as markup.  A total is exact ("12 hits") or a lower
bound that says why ("≥152 hits · counting stopped after 60 ms").  When the index turns out to
be damaged, the pane rebuilds it in a worker and runs the query again.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import perf_counter
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from kzreader.tui.widgets.history_input import HistoryInput

if TYPE_CHECKING:
    from kzreader.library import Article, Library


@dataclass
class SearchDone(Message):
    """The outcome of as-you-type query number ``seq``."""

    seq: int
    query: str
    results: Any  # kzreader.search.SearchResults | None
    error: str | None
    started: float
    damaged: bool = False  # the index is damaged: rebuild it, then search again
    unavailable: bool = False  # no index can answer now (``error`` says why)


@dataclass
class IndexRebuilt(Message):
    """The damaged index was rebuilt (``error``: why it could not be)."""

    error: str | None


def hits_status(results: Any) -> Text:
    """The status line for results that have hits: the count (exact, or a lower bound with the
    reason), how many are shown, and the news synonyms searched."""
    total, shown = results.total, len(results.hits)
    count = f"{total:,} hit{'' if total == 1 else 's'}"
    status = Text(count if results.exact else f"≥{count}")
    if total > shown:
        status.append(f" (showing {shown})")
    if results.note:
        status.append(f" · {results.note}", "dim")
    for word, others in results.synonyms:
        status.append(f" · {word} also: {', '.join(others)}", "dim")
    return status


class SearchPane(Vertical):
    """Search input, a status line ("12 hits", "did you mean ..."), and the hits."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"search-pane--match", "search-pane--outlet"}
    BINDINGS: ClassVar[list[BindingType]] = [
        # on the hit list (the input takes a typed space itself): mark the hit's article
        Binding("space", "mark_hit", "Mark", id="mark"),
    ]

    class HitChosen(Message):
        """Enter or a click on a hit: open it in the article view."""

        def __init__(self, hit: Any, query: str, index: int, jump: int = 0) -> None:
            super().__init__()
            self.hit = hit
            self.query = query
            self.index = index
            self.jump = jump  # which match to scroll to: 0 the first, -1 the last

    class MarkToggled(Message):
        """``space`` on a hit: mark (or unmark) its article for comparison."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class FactsQueried(Message):
        """Enter on ``?words``: show the facts matching ``query`` ("" for all of them)."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, *, limit: int = 20, debounce_ms: int = 120, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index: Any = None  # kzreader.search.SearchIndex once the index is ready
        self.library: Library | None = None
        self.limit = limit
        self.debounce = max(debounce_ms, 0) / 1000
        self.seq = 0
        self.shown_seq = 0
        self.shown_query = ""
        self.hits: tuple[Any, ...] = ()
        self.suggestion: str | None = None
        self._typed_at = 0.0
        self._timer: Timer | None = None
        self._open_on_arrival = False
        self._query_busy = False  # a search worker is busy (the index serialises queries)
        self._query_waiting: tuple[int, str, float] | None = None
        self._rebuilding = False
        self.marked: frozenset[str] = frozenset()  # article ids marked for comparison
        self.waiting_text = "Search is getting ready…"

    def compose(self) -> ComposeResult:
        yield HistoryInput(placeholder='Search: words, "phrases", outlet:NAME', id="search-input")
        yield Static("", id="search-status")
        yield OptionList(id="hits")

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self.call_after_refresh(self._restyle_hits)  # once the new theme's CSS is applied

    def _restyle_hits(self) -> None:
        """Hit prompts are Rich Text with the theme's colours baked in: redraw on a new theme."""
        if self.hits:
            chosen = self.hit_list.highlighted
            self._redraw_hits(chosen)

    def _redraw_hits(self, chosen: int | None) -> None:
        self.hit_list.set_options(
            Option(self._prompt(hit), id=str(i)) for i, hit in enumerate(self.hits)
        )
        self.hit_list.highlighted = chosen

    @property
    def input(self) -> HistoryInput:
        return self.query_one(HistoryInput)

    @property
    def hit_list(self) -> OptionList:
        return self.query_one("#hits", OptionList)

    def article_of(self, hit: Any) -> Article | None:
        """The library article a hit points at (hits carry the article id)."""
        from kzreader.library import Article  # loaded by then: hits come after the library

        if isinstance(hit.article, Article):
            return hit.article
        return self.library.get(hit.article) if self.library is not None else None

    def set_status(self, text: str | Text) -> None:
        """Show ``text`` as text: a str is never parsed as markup (it may hold a query)."""
        self.query_one("#search-status", Static).update(
            text if isinstance(text, Text) else Text(text)
        )

    @property
    def pending(self) -> bool:
        """A query is typed but its results are not on screen yet."""
        return self.index is not None and (self._timer is not None or self.shown_seq < self.seq)

    def set_index(self, index: Any) -> None:
        """Search goes live: run whatever was typed while the index was being prepared, and
        read in a worker what the first keystrokes would otherwise wait for."""
        self.index = index
        self.set_status("")
        if self.input.value.strip():
            self._fire()
        if hasattr(index, "warm"):
            self._warm(index)

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm")
    def _warm(self, index: Any) -> None:
        index.warm()

    # --- as you type -----------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._typed_at = perf_counter()
        if self._timer is not None:
            self._timer.stop()
        if self.debounce:
            self._timer = self.set_timer(self.debounce, self._fire)
        else:
            self._fire()

    def _fire(self) -> None:
        self._timer = None
        query = self.input.value.lstrip()  # a trailing space is kept: it ends the last word
        self.seq += 1
        if not query.strip():
            self._show(self.seq, query, (), "")
            return
        if query.startswith("?"):  # a facts query: Whoosh has nothing to say about it
            words = query[1:].strip()
            hint = f"enter: facts matching “{words}”" if words else "enter: all facts"
            self._show(self.seq, query, (), hint)
            return
        if self.index is None:
            self.set_status(self.waiting_text)
            return
        self._run_query(self.seq, query, self._typed_at)

    def _run_query(self, seq: int, query: str, started: float) -> None:
        """Run the query now, or after the running one: only the newest waiting query runs."""
        if self._query_busy:
            self._query_waiting = (seq, query, started)
            return
        self._query_busy = True
        self._search(seq, query, started)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "search" or not event.worker.is_finished:
            return
        self._query_busy = False
        if event.state == WorkerState.ERROR:
            self.set_status(f"Search failed: {event.worker.error}")
        if self._query_waiting is not None:
            queued, self._query_waiting = self._query_waiting, None
            self._run_query(*queued)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _search(self, seq: int, query: str, started: float) -> None:
        from kzreader.search import IndexUnavailable, QueryError

        try:
            results = self.index.search(query, limit=self.limit, as_you_type=True)
        except QueryError as exc:
            self.post_message(SearchDone(seq, query, None, str(exc), started))
            return
        except IndexUnavailable as exc:
            done = SearchDone(seq, query, None, str(exc), started, exc.damaged, not exc.damaged)
            self.post_message(done)
            return
        self.post_message(SearchDone(seq, query, results, None, started))

    def on_search_done(self, message: SearchDone) -> None:
        message.stop()
        if message.seq < self.shown_seq:  # never show older hits over newer ones
            return
        if message.damaged:
            self._show(message.seq, message.query, (), "The search index is damaged: rebuilding…")
            self._rebuild()
            return
        if message.error is not None:
            what = "Search unavailable" if message.unavailable else "Query error"
            self._show(message.seq, message.query, (), f"{what}: {message.error}")
            return
        results = message.results
        self.suggestion = results.suggestion
        if results.total:
            status = hits_status(results)
        elif results.suggestion:
            status = Text.assemble(
                "No hits. Did you mean “", results.suggestion, "”? (enter to use it)"
            )
        elif results.note:  # it stopped before it looked everywhere: not "no hits"
            status = Text.assemble("No hits yet · ", (results.note, "dim"))
        else:
            status = Text("No hits.")
        self._show(message.seq, message.query, results.hits, status)
        if self._open_on_arrival and message.seq == self.seq:
            self._open_on_arrival = False
            self._submitted(None)

    def _rebuild(self) -> None:
        if self._rebuilding or self.index is None:
            return
        self._rebuilding = True
        self._rebuild_index(self.index)

    @work(thread=True, exclusive=True, exit_on_error=False, group="rebuild")
    def _rebuild_index(self, index: Any) -> None:
        stats = index.update(procs=1)  # rebuilds: the index knows it is damaged
        self.post_message(IndexRebuilt(stats.error))

    def on_index_rebuilt(self, message: IndexRebuilt) -> None:
        message.stop()
        self._rebuilding = False
        if message.error is not None:
            self.set_status(f"Search unavailable: {message.error}")
            return
        self.app.notify("The search index was damaged and has been rebuilt.", title="Search")
        if self.input.value.strip():
            self._fire()

    def _show(self, seq: int, query: str, hits: tuple[Any, ...], status: str | Text) -> None:
        self.shown_seq = seq
        self.shown_query = query
        self.hits = tuple(hits)
        self.set_status(status)
        hit_list = self.hit_list
        hit_list.set_options(Option(self._prompt(hit), id=str(i)) for i, hit in enumerate(hits))
        if hits:
            hit_list.highlighted = 0

    def _prompt(self, hit: Any) -> Text:
        outlet = self.get_component_rich_style("search-pane--outlet")
        match = self.get_component_rich_style("search-pane--match")
        text = Text(end="")
        if hit.article in self.marked:
            text.append("● ", match)
        text.append(f"{hit.outlet} · ", outlet)
        text.append(hit.title, "bold")
        article = self.article_of(hit)
        body = article.text if article is not None else ""
        for fragment in hit.fragments[:1]:
            text.append("\n")
            if fragment.start > 0:
                text.append("…")
            cursor = fragment.start
            for s, e in fragment.matches:
                text.append(body[cursor:s].replace("\n", " "))
                text.append(body[s:e].replace("\n", " "), match)
                cursor = e
            text.append(body[cursor : fragment.end].replace("\n", " "))
            if fragment.end < len(body):
                text.append("…")
        return text

    # --- choosing a hit --------------------------------------------------------------------

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted | None) -> None:
        text = self.input.value.strip()
        if text.startswith("?"):
            self.input.remember()
            self.post_message(self.FactsQueried(text[1:].strip()))
            return
        if self.pending:  # enter before the as-you-type results: open the first when they come
            self._open_on_arrival = True
            if self._timer is not None:
                self._fire()
            return
        if self.hits:
            self.input.remember()
            self.choose(self.hit_list.highlighted or 0)
        elif self.suggestion:
            self.input.value = self.suggestion
            self.input.cursor_position = len(self.suggestion)

    @on(OptionList.OptionSelected, "#hits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.input.remember()
        self.choose(event.option_index)

    def choose(self, index: int, jump: int = 0) -> bool:
        """Open hit ``index`` (posts HitChosen); False when there is no such hit."""
        if not 0 <= index < len(self.hits):
            return False
        self.hit_list.highlighted = index
        self.post_message(self.HitChosen(self.hits[index], self.shown_query, index, jump))
        return True

    @property
    def chosen(self) -> int:
        return self.hit_list.highlighted or 0

    # --- marking ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark_hit":  # only on the hit list, where a space types nothing
            return self.hit_list.has_focus and bool(self.hits)
        return True

    def action_mark_hit(self) -> None:
        index = self.hit_list.highlighted
        if index is None or not 0 <= index < len(self.hits):
            return
        self.post_message(self.MarkToggled(self.hits[index].article))
        if index + 1 < len(self.hits):
            self.hit_list.highlighted = index + 1

    def show_marks(self, marked: tuple[str, ...] | list[str]) -> None:
        """Show ``●`` on hits whose article is marked."""
        marked_now = frozenset(marked)
        if marked_now != self.marked:
            self.marked = marked_now
            if self.hits:
                self._redraw_hits(self.hit_list.highlighted)
