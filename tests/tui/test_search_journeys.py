"""Search journeys: as-you-type hits, opening a hit, n/N, stale results, history, themes."""

from __future__ import annotations

from pathlib import Path

from kzreader.config import Config, SearchConfig
from kzreader.tui.app import KzReaderApp, make_app
from tests.tui.conftest import parts, run_in_palette, search_for, settle, type_text


async def test_type_a_query_open_a_hit_and_jump(app: KzReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _screen, _sources, view, search = parts(app)
        await pilot.press("slash")
        assert search.input.has_focus and search.display
        await type_text(pilot, "pol")
        after_prefix = len(search.hits)
        await type_text(pilot, "ice")
        assert search.shown_query == "police" and search.hits
        assert after_prefix >= 1  # the hits update letter by letter
        assert "hits" in str(search.query_one("#search-status").render())
        await pilot.press("enter")
        await settle(pilot)
        hit = search.hits[0]
        assert view.article is not None and view.article.id == hit.article
        assert len(view.matches) >= 1 and view.current == 0
        start, end = view.matches[0]
        assert view.article.text[start:end].casefold().startswith("police")
        top = int(view.scroll_y)
        assert top <= view.row_of_offset(start) < top + view.size.height  # match on screen
        # n walks the matches of this article, then moves on to the next hit
        count = len(view.matches)
        for _ in range(count - 1):
            await pilot.press("n")
        assert view.current == count - 1
        await pilot.press("n")
        await settle(pilot)
        assert view.article.id == search.hits[1].article and view.current == 0
        await pilot.press("N")
        await settle(pilot)
        assert view.article.id == hit.article and view.current == len(view.matches) - 1


async def test_stale_results_are_never_shown(app: KzReaderApp) -> None:
    from kzreader.search import SearchResults
    from kzreader.tui.widgets.search_pane import SearchDone

    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        _, _, _, search = parts(app)
        await search_for(pilot, "police")
        shown = search.hits
        stale = SearchResults(query="p", total=0, suggestion=None, hits=())
        search.post_message(SearchDone(search.seq - 1, "p", stale, None, 0.0))
        await settle(pilot)
        assert search.hits == shown and search.shown_query == "police"


async def test_did_you_mean_when_nothing_matches(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        _, _, _, search = parts(app)
        await search_for(pilot, "peacekeepres")
        assert not search.hits
        status = str(search.query_one("#search-status").render())
        suggestion = search.suggestion
        assert suggestion and "Did you mean" in status and suggestion in status
        await pilot.press("enter")  # takes the suggestion
        await settle(pilot)
        assert search.input.value == suggestion and search.hits


async def test_search_history_with_up_and_down(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        _, _, _, search = parts(app)
        await search_for(pilot, "police")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash")
        search.input.value = "tokayev"
        await settle(pilot)
        await pilot.press("up")
        assert search.input.value == "police"
        await pilot.press("down")
        assert search.input.value == "tokayev"


async def test_theme_change_restyles_the_hit_highlights(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        _, _, _, search = parts(app)
        await search_for(pilot, "police")

        def match_style() -> object:
            prompt = search.hit_list.get_option_at_index(0).prompt
            spans = [span.style for span in prompt.spans if span.style != "bold"]
            return spans[-1]

        dark = match_style()
        app.theme = "textual-light"
        await settle(pilot)
        assert match_style() != dark


class SlowIndex:
    """Wraps the real index; each search takes 0.15 s and is recorded."""

    def __init__(self, index: object) -> None:
        self.index = index
        self.queries: list[str] = []

    def search(self, query: str, **kwargs: object) -> object:
        import time

        self.queries.append(query)
        time.sleep(0.15)
        return self.index.search(query, **kwargs)  # type: ignore[attr-defined]


async def test_fast_typing_runs_only_the_newest_waiting_query(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        _, _, _, search = parts(app)
        slow = SlowIndex(search.index)
        search.index = slow
        await pilot.press("slash")
        for char in "police":
            await pilot.press(char)
        await settle(pilot)
        assert slow.queries[0] == "p" and slow.queries[-1] == "police"
        assert len(slow.queries) < 6  # the keystrokes typed while "p" ran were coalesced
        assert search.shown_query == "police" and search.hits


async def test_question_mark_queries_the_facts(app: KzReaderApp) -> None:
    from kzreader.tui.screens.facts import FactsScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, _sources, _view, search = parts(app)
        queries: list[str] = []
        real_search = search.index.search
        search.index.search = lambda q, **kw: queries.append(q) or real_search(q, **kw)
        await search_for(pilot, "?police killed")
        assert queries == []  # no full-text search for a facts query
        assert search.hits == ()
        status = str(search.query_one("#search-status").render())
        assert "enter: facts matching “police killed”" in status
        await pilot.press("enter")
        await settle(pilot)
        facts = app.screen
        assert isinstance(facts, FactsScreen)
        assert facts.fact_query == "police killed"
        assert len(facts.articles) == len(screen.library)
        assert "police killed" in facts.title


async def test_slash_then_a_burst_of_letters_all_reach_the_search_input(app: KzReaderApp) -> None:
    # A terminal delivers "/police" typed quickly (or pasted by tmux send-keys) as one read: every
    # key event is queued before the first is handled.  The letters must land in the search input,
    # not fire main-screen shortcuts (c = compare, f = facts) on the pane that had focus before "/".
    from textual import events

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, _, _, search = parts(app)
        for char in "/police":
            event = events.Key("slash" if char == "/" else char, char)
            event.set_sender(app)
            app._driver.send_message(event)
        await settle(pilot)
        assert app.screen is screen  # no compare or facts screen was opened by the letters
        assert search.input.value == "police" and search.input.has_focus
        assert search.shown_query == "police" and search.hits


async def test_slash_inside_a_text_input_is_typed_not_a_shortcut(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _, _, _, search = parts(app)
        await search_for(pilot, "a/b")
        assert search.input.has_focus and search.input.value == "a/b"
        await pilot.press("ctrl+f")  # the library filter input, where "/" is also just a character
        await type_text(pilot, "rfe/rl")
        assert app.focused is app.screen.query_one("#filter") and app.focused.value == "rfe/rl"


def _key(char: str):  # a terminal key event for one typed character
    from textual import events

    names = {"/": "slash", " ": "space", "?": "question_mark"}
    return events.Key(names.get(char, char), char)


async def test_keys_typed_before_the_screen_is_ready_are_replayed_in_order(
    config: Config, seeds: Path
) -> None:
    # "kzreader" then "/police" at once: the keys arrive while the app is still mounting its
    # screen (posted here from the app's own on_mount, before the main screen has focused
    # anything).  They are held, then replayed in order once the source list has focus.
    import kzreader.tui.app as app_module

    class TypedAhead(KzReaderApp):
        CSS_PATH = str(Path(app_module.__file__).with_name("kzreader.tcss"))

        def on_mount(self) -> None:
            super().on_mount()
            for char in "/police":
                self.post_message(_key(char))

    app = TypedAhead(config, [seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, _, _, search = parts(app)
        assert search.input.value == "police" and search.hits
        assert search.input.has_focus and screen.active == "search"
        await type_text(pilot, " f")  # the focus is really there: the next keys are typed too
        assert app.screen is screen and search.input.value == "police f"


async def test_a_remapped_printable_filter_key_is_still_typed_in_the_search_input(
    seeds: Path,
) -> None:
    config = Config(search=SearchConfig(debounce_ms=0), keys={"filter": "F"})
    app = make_app(config, [seeds])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _, _, _, search = parts(app)
        await search_for(pilot, "aFBI")
        assert search.input.value == "aFBI" and search.input.has_focus
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("F")  # outside an input the remapped key does its job
        assert app.focused is app.screen.query_one("#filter")


async def test_palette_search_works_from_the_filter_input(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _, _, _, search = parts(app)
        await pilot.press("ctrl+f")
        assert app.focused is app.screen.query_one("#filter")
        await run_in_palette(pilot, "search")
        assert search.input.has_focus
