"""The main screen: stories or articles | article view | search pane, laid out for the terminal
size.  Stories (``screens/stories.py``), the web side (``screens/feeds.py``), the loading
workers (``screens/loading.py``) and compare/facts/differ (``screens/hooks.py``) are mixins."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Static

from kzreader.config import Config
from kzreader.tui import layout
from kzreader.tui.messages import MatchesFound
from kzreader.tui.screens.feeds import FeedsMixin
from kzreader.tui.screens.hooks import HooksMixin
from kzreader.tui.screens.loading import LoadingMixin
from kzreader.tui.screens.stories import StoriesMixin
from kzreader.tui.widgets.article_view import ArticleView
from kzreader.tui.widgets.search_pane import SearchPane
from kzreader.tui.widgets.source_list import SourceList
from kzreader.tui.widgets.story_list import StoryList

if TYPE_CHECKING:
    from kzreader.library import Article, Library
    from kzreader.tui.screens.differ import DivergencesFound


@lru_cache(maxsize=64)
def bound_keys(widget: type[DOMNode], keymap: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """Every key a widget class binds (its ``BINDINGS`` and its bases'), with ``keymap``
    (binding id -> keys, as in the config) applied: public API only."""
    from kzreader.tui.keycheck import keys_of

    remap = dict(keymap)
    keys: set[str] = set()
    for cls in widget.__mro__:
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            keys |= keys_of(remap.get(binding.id, binding.key) if binding.id else binding.key)
    return frozenset(keys)


class MainScreen(HooksMixin, StoriesMixin, FeedsMixin, LoadingMixin, Screen[None]):
    """Stories or articles | article | search.  Slow work runs in thread workers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: run as the app takes the key from the terminal, before the keys queued behind it
        # are routed, so a fast "/police" types "police" into the search input (see check_action)
        Binding("slash", "search", "Search", id="search", priority=True),
        Binding("n", "next_hit", "Next", id="next_hit"),
        Binding("N", "previous_hit", "Prev", id="prev_hit"),
        Binding("tab", "cycle_pane", "Pane", show=False, id="cycle_pane"),  # "? Help" fits at 80
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="cycle_pane_back"),
        Binding("c", "compare", "Compare", id="compare"),
        Binding("f", "facts", "Facts", id="facts"),
        Binding("g", "toggle_stories", "Stories", id="stories"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("o", "open_url", "Browser", show=False, id="open_url"),
        Binding("u", "toggle_read", "Read/unread", show=False, id="toggle_read"),
        Binding("ctrl+f", "filter", "Filter", show=False, id="filter", priority=True),
        Binding("greater_than_sign", "resize_side(5)", "Wider side", show=False, id="grow_pane"),
        Binding("less_than_sign", "resize_side(-5)", "Narrower side", show=False, id="shrink_pane"),
        Binding("escape", "back", "Back", show=False, id="back"),
    ]

    def __init__(self, config: Config, sources: Sequence[Path]) -> None:
        super().__init__()
        self.config = config
        self.sources = tuple(sources)
        self.library: Library | None = None
        self.index: Any = None
        self.index_status = "loading the library"
        self.active = "library"
        self.side = "library"
        self.side_pct = 35
        self.ready = False  # library loaded and the index ready or failed
        self.refreshing = False
        self.feeds: tuple[Any, ...] = ()  # kzreader.web.FeedInfo of each subscribed feed
        self.activity: dict[str, str] = {}  # what runs in the background, for the footer line
        self.init_stories()
        #: mounted after the first paint: its input, status and hit list are three widgets
        #: and two stylesheets the first screen does not need (hidden below 140 columns)
        self.search_pane = SearchPane(
            limit=config.search.limit, debounce_ms=config.search.debounce_ms, id="search"
        )

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="panes"):
            with Vertical(id="library"):
                yield Input(placeholder="Filter (words, outlet:, feed:, is:unread)", id="filter")
                yield Static(id="story-head")
                yield StoryList(id="stories")
                yield SourceList(id="sources")
            yield ArticleView(id="article")
            # the search pane is mounted right after the first paint (see on_mount)
        yield Static(id="activity")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "kzreader"
        self.source_list = self.query_one(SourceList)
        self.story_list = self.query_one(StoryList)
        self.query_one("#story-head").display = False
        self.query_one("#activity").display = False
        self.query_one(StoryList).display = False
        state = getattr(self.app, "reader_state", None)
        if state is not None:  # what the reader kept from the last run
            if state.sort:
                self.query_one(SourceList).restore_sort(state.sort)
            if state.side_pct is not None:
                self.side_pct = max(layout.SIDE_MIN, min(state.side_pct, layout.SIDE_MAX))
        self.update_status()
        self.apply_layout()
        # at once, not focus()'s call_later: the first page may show the stories and focus them
        # in start_loading, and a later focus of the hidden article list would take their keys
        self.set_focus(self.query_one(SourceList))
        self.call_after_refresh(self._mount_search)
        self.start_loading()

    async def _mount_search(self) -> None:
        await self.query_one("#panes", Horizontal).mount(self.search_pane)
        self.apply_layout()
        open_input = getattr(self.app, "open_input", None)
        if open_input is not None:  # keys typed until now ("/police") find the search input
            self.app.call_later(open_input)

    # --- status and layout -----------------------------------------------------------------

    def update_status(self) -> None:
        parts = []
        sources = self.query_one(SourceList)
        if self.library is not None:
            parts.append(f"{len(self.library):,} articles")
        elif self.page_counts is not None:  # the first page, until the library is read
            parts.append(f"{self.page_counts[0]:,} articles")
        if self.stories_status:
            parts.append(self.stories_status)
        if self.story is not None and self.left == "articles":
            parts.append(f"story of {len(self.story):,}")
        parts.append(self.index_status)
        if sources.unread:
            parts.append(f"{len(sources.unread):,} unread")
        marked = len(sources.marked)
        if marked:
            parts.append(f"{marked} marked")
        self.sub_title = " · ".join(parts)

    def apply_layout(self) -> None:
        stories = self.left == "stories"
        plan = layout.plan(self.size.width, self.active, self.side, self.side_pct, stories)
        for name in layout.PANES:
            pane = self.search_pane if name == "search" else self.query_one(f"#{name}")
            pane.display = name in plan.visible
            if name in plan.widths:
                pane.styles.width = plan.widths[name]
        self.set_class(plan.mode == "narrow", "-narrow")
        # at 80 columns the footer needs every cell for the keys; the palette is in help (?)
        self.query_one(Footer).show_command_palette = plan.mode != "narrow"

    def on_resize(self, event: Resize) -> None:
        self.apply_layout()

    def _pane_of(self, widget: Widget | None) -> str | None:
        node: Any = widget
        while node is not None and node is not self:
            if getattr(node, "id", None) in layout.PANES:
                return str(node.id)
            node = node.parent
        return None

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if event.widget is not self.focused:
            return  # posted before focus moved on (a burst of keys): the pane in use is newer
        pane = self._pane_of(event.widget)
        if pane is not None and pane != self.active:
            self.activate(pane)

    def activate(self, pane: str, focus: Widget | None = None) -> None:
        """Make ``pane`` the one in use (shown at every size) and optionally focus ``focus``."""
        self.active = pane
        if pane != "article":
            self.side = pane
        self.apply_layout()
        if focus is not None:
            # at once, not Widget.focus()'s call_later: keys already queued behind this one (a fast
            # typist's "/police", a paste) must reach the new widget, not the pane that had focus
            self.set_focus(focus)
        self.refresh_bindings()

    # --- actions ---------------------------------------------------------------------------

    def _focus_targets(self) -> list[Widget]:
        search = self.search_pane
        targets: list[Widget] = [self.left_list(), self.query_one(ArticleView)]
        if not search.is_mounted:
            return targets
        if search.input.value or self.side == "search" or self.size.width >= layout.WIDE:
            targets.append(search.input)
            if search.hits:
                targets.append(search.hit_list)
        return targets

    def action_cycle_pane(self, step: int = 1) -> None:
        targets = self._focus_targets()
        focused = self.focused
        current = targets.index(focused) if focused in targets else -1
        if current < 0:
            pane = self._pane_of(focused)
            current = next((i for i, t in enumerate(targets) if self._pane_of(t) == pane), -1)
        target = targets[(current + step) % len(targets)]
        self.activate(self._pane_of(target) or "library", target)

    def action_search(self) -> None:
        if not self.search_pane.is_mounted:  # a moment after the first paint
            self.call_after_refresh(self.action_search)
            return
        self.activate("search", self.search_pane.input)

    def action_filter(self) -> None:
        self.activate("library", self.query_one("#filter", Input))

    def action_back(self) -> None:
        """``escape``: out of the search or filter box; from the article back to the list it
        came from (at every width); from a story's articles back to the stories."""
        if self.active == "search" or isinstance(self.focused, Input):
            if self.active == "search" and self.query_one(ArticleView).article is not None:
                self.activate("article", self.query_one(ArticleView))
            else:
                self.activate("library", self.left_list())
        elif self.active == "article":
            search = self.search_pane
            if self.side == "search" and search.is_mounted:
                self.activate("search", search.hit_list if search.hits else search.input)
            else:
                self.activate("library", self.left_list())
        elif self.active == "library":
            self.leave_story()

    def action_resize_side(self, step: int) -> None:
        self.side_pct = max(layout.SIDE_MIN, min(self.side_pct + step, layout.SIDE_MAX))
        self.apply_layout()
        self._keep(side_pct=self.side_pct)

    def _keep(self, **changes: Any) -> None:
        """Remember a reader setting across runs (the app writes it to the data dir)."""
        keep_state = getattr(self.app, "keep_state", None)
        if keep_state is not None:
            keep_state(self.app.reader_state._replace(**changes))

    @on(SourceList.SortChanged)
    def _sort_changed(self, event: SourceList.SortChanged) -> None:
        self._keep(sort=event.sort)

    def action_sort_sources(self) -> None:
        self.query_one(SourceList).action_cycle_sort()

    def action_mark_current(self) -> None:
        self.query_one(SourceList).action_mark()

    def action_sentence(self, step: int) -> None:
        self.query_one(ArticleView).action_sentence(step)

    def action_differ(self) -> None:
        view = self.query_one(ArticleView)
        if view.article is None:
            self.notify("Open an article first, then press d on a sentence.", title="Differ")
        else:
            view.action_differ()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_hit", "previous_hit"):
            return bool(self.search_pane.hits)
        if action in ("search", "filter"):
            return not self._key_is_focused_widgets()
        return True

    def _key_is_focused_widgets(self) -> bool:
        """Does the key being dispatched belong to the focused widget: typed into an input (a
        "/" in a query), or bound by the widget itself?  Then the priority search/filter
        binding stands aside.  False outside a key press (the palette, the footer)."""
        event = getattr(self.app, "key_in_dispatch", None)
        focused = self.focused
        if event is None or focused is None:
            return False
        if focused.check_consume_key(event.key, event.character):
            return True
        keys = frozenset(event.aliases)
        keymap = tuple(sorted(self.config.keys.items()))
        for node in focused.ancestors_with_self:  # the focused widget upwards, to this screen
            if node is self:
                break
            if keys & bound_keys(type(node), keymap):
                return True
        return False

    def action_next_hit(self) -> None:
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, direction: int) -> None:
        view = self.query_one(ArticleView)
        if view.matches and view.article is not None and view.current >= 0:
            if direction > 0:
                view.action_next_match()
            else:
                view.action_previous_match()
        else:
            self.on_article_view_matches_exhausted(ArticleView.MatchesExhausted(direction))

    def on_article_view_matches_exhausted(self, event: ArticleView.MatchesExhausted) -> None:
        search = self.search_pane
        view = self.query_one(ArticleView)
        opened = view.article is not None and view.current >= 0
        target = search.chosen + event.direction if opened else search.chosen
        if not search.choose(target, jump=0 if event.direction > 0 else -1):
            where = "last" if event.direction > 0 else "first"
            self.notify(f"That was the {where} match of the {where} hit.", timeout=2)

    # --- opening articles ------------------------------------------------------------------

    def open_article(self, article: Article, matches: Sequence[tuple[int, int]] = ()) -> None:
        view = self.query_one(ArticleView)
        self.show_article(article, matches)
        if layout.mode_for(self.size.width) == "narrow":
            self.activate("article", view)

    def show_article(self, article: Article, matches: Sequence[tuple[int, int]] = ()) -> None:
        """``article`` in the article view (with a note when it copies another report),
        marked read, its divergences looked for."""
        copied = self.query_one(SourceList).copy_of.get(article.id)
        note = f"≈ a copy of {copied}'s report (shared source text)" if copied else ""
        self.query_one(ArticleView).show(article, matches, note=note)
        self.mark_read(article)
        self._find_divergences(article)
        self.refresh_bindings()

    @on(SourceList.Opened)
    def _opened(self, event: SourceList.Opened) -> None:
        self.left_touched = True
        article = self.library.get(event.article.id) if self.library is not None else None
        if article is None:  # a row of the first page: opened once the library is read
            self.pending_open = event.article.id
            self.notify("Reading the library…", timeout=2)
            return
        self.open_article(article)

    def on_unmount(self) -> None:
        self.save_first_page()

    @on(SourceList.MarksChanged)
    def _marks_changed(self, event: SourceList.MarksChanged) -> None:
        self.left_touched = True
        self.update_status()
        self.query_one(SearchPane).show_marks(event.marked)

    @on(SearchPane.MarkToggled)
    def _mark_hit(self, event: SearchPane.MarkToggled) -> None:
        """``space`` on a search hit marks its article, as ``space`` in the list does."""
        sources = self.query_one(SourceList)
        if event.article_id in sources.marked:
            sources.marked.remove(event.article_id)
        else:
            sources.marked.append(event.article_id)
        sources.refresh()
        sources.post_message(SourceList.MarksChanged(tuple(sources.marked)))

    def on_key(self, event: Any) -> None:
        if self.active == "library":
            self.left_touched = True  # the left pane is in use: ready stories will not take it

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self.left == "stories":
            self.query_one(StoryList).set_filter(event.value)
        else:
            self.left_touched = self.left_touched or bool(event.value)
            self.query_one(SourceList).set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.activate("library", self.left_list())

    @on(SearchPane.HitChosen)
    def _hit_chosen(self, event: SearchPane.HitChosen) -> None:
        search = self.search_pane
        article = search.article_of(event.hit)
        if article is None:
            self.notify("That article is no longer in the library.", severity="warning")
            return
        view = self.query_one(ArticleView)
        spans = [m for f in event.hit.fragments for m in f.matches]
        self.show_article(article, spans)
        jump = event.jump
        view.set_matches(spans, jump=jump)
        self.query_one(SourceList).select(article.id)
        self.activate("article", view)
        self.find_matches(article.id, event.query, jump)

    def _find_divergences(self, article: Article) -> None:
        """Mark the values other outlets contradict, when the facts engine has found them."""
        from kzreader.tui.screens.differ import find_divergences  # the facts engine loads lazily

        if self.library is not None:
            find_divergences(self, article, self.library.articles, self.config.facts)

    def on_divergences_found(self, message: DivergencesFound) -> None:  # from screens.differ
        view = self.query_one(ArticleView)
        if view.article is not None and view.article.id == message.article_id:
            view.set_divergences(message.spans)

    @on(SearchPane.FactsQueried)
    def _facts_queried(self, event: SearchPane.FactsQueried) -> None:
        chosen = self.selection()
        if chosen is None or len(chosen.articles) < 2:
            self.notify("Facts need two or more articles from different outlets.", title="Facts")
            return
        self.open_facts(
            list(chosen.articles),
            query=event.query or None,
            scope=chosen.scope,
            groups=chosen.source_groups,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="matches")
    def find_matches(self, article_id: str, query: str, jump: int) -> None:
        spans = self.index.match_spans(article_id, query, as_you_type=True)
        self.post_message(MatchesFound(article_id, query, list(spans), jump))

    def on_matches_found(self, message: MatchesFound) -> None:
        view = self.query_one(ArticleView)
        if view.article is not None and view.article.id == message.article_id and message.spans:
            view.set_matches(message.spans, jump=message.jump)
