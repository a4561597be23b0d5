"""User journeys through the reader, driven with Pilot at 80x24 and wider."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzreader.config import Config, SearchConfig
from kzreader.tui.app import KzReaderApp, make_app
from kzreader.tui.screens.help import KEYS, HelpScreen
from kzreader.tui.screens.main import MainScreen
from kzreader.tui.widgets.source_list import SourceList
from tests.tui.conftest import parts, run_in_palette, screen_text, settle, type_text


async def test_opens_on_the_seeds_with_five_outlets(app: KzReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, sources, _view, _ = parts(app)
        assert len(sources.rows) == 5
        assert "5 articles" in screen.sub_title and "search ready" in screen.sub_title
        text = screen_text(app)
        for article in sources.rows:
            assert article.title[:20] in text


async def test_open_an_article_at_80x24(app: KzReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, sources, view, _ = parts(app)
        first = sources.rows[0]
        await pilot.press("down", "up", "enter")
        await settle(pilot)
        assert view.article == first
        assert screen.active == "article" and view.has_focus
        assert not screen.query_one("#library").display  # one pane at a time at 80 columns
        assert first.title[:30] in screen_text(app)
        await pilot.press("escape")
        assert screen.query_one("#library").display and sources.has_focus


async def test_mark_two_articles_and_compare_hook(app: KzReaderApp) -> None:
    calls: list[list[str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, sources, _, _ = parts(app)
        screen.open_compare = lambda articles, *_: calls.append([a.id for a in articles])  # type: ignore[method-assign]
        await pilot.press("c")
        assert calls == []  # nothing marked: a notification explains
        assert any("Mark two" in n.message for n in app._notifications)
        first, second = sources.rows[0].id, sources.rows[1].id
        await pilot.press("space", "space")
        assert sources.marked == [first, second]
        assert "2 marked" in screen.sub_title
        assert screen_text(app).count("●") == 2
        await pilot.press("c")
        assert calls == [[first, second]]
        await pilot.press("up", "space")  # unmark the second
        assert sources.marked == [first]


async def test_remap_a_key_from_config(seeds: Path) -> None:
    config = Config(keys={"search": "ctrl+s", "quit": "ctrl+q"})
    app = make_app(config, [seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _, _sources, _, search = parts(app)
        await pilot.press("slash")
        assert not search.input.has_focus  # "/" no longer searches
        await pilot.press("ctrl+s")
        assert search.input.has_focus
        await pilot.press("escape")
        await pilot.press("q")  # q no longer quits
        assert app.is_running
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "ctrl+s" in screen_text(app)


async def test_resize_from_wide_to_80x24(app: KzReaderApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen, _sources, view, _search = parts(app)
        panes = [screen.query_one(f"#{name}") for name in ("library", "article", "search")]
        assert all(p.display for p in panes)
        assert sum(p.size.width for p in panes) <= 160
        await pilot.press("enter")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        shown = [p for p in panes if p.display]
        assert len(shown) == 1 and shown[0].size.width >= 78
        await pilot.press("tab")
        await settle(pilot)
        assert view.display and view.has_focus
        await pilot.resize_terminal(110, 30)
        await settle(pilot)
        assert [p.id for p in panes if p.display] == ["library", "article"]
        width = screen.query_one("#library").size.width
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert screen.query_one("#library").size.width > width


async def test_help_lists_every_key_and_closes(app: KzReaderApp) -> None:
    async with app.run_test(size=(100, 90)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for _where, _id, _keys, description in KEYS:
            assert description[:25] in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark", "q")
        assert isinstance(app.screen, MainScreen) and app.is_running


async def test_palette_opens_and_opens_an_article(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        _screen, _sources, view, _ = parts(app)
        await run_in_palette(pilot, "RFE/RL")
        assert isinstance(app.screen, MainScreen)
        assert view.article is not None and view.article.outlet == "RFE/RL"


async def test_filter_and_sort_the_source_list(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        _, sources, _, _ = parts(app)
        await pilot.press("ctrl+f")
        await type_text(pilot, "rfe")
        assert [a.outlet for a in sources.rows] == ["RFE/RL"]
        await pilot.press("enter")
        assert sources.has_focus
        await pilot.press("ctrl+f", "ctrl+u")
        await settle(pilot)
        assert len(sources.rows) == 5
        await pilot.press("escape", "s")
        assert sources.sort == "outlet"
        outlets = [a.outlet.casefold() for a in sources.rows]
        assert outlets == sorted(outlets)


async def test_click_opens_an_article(app: KzReaderApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        _, sources, view, _ = parts(app)
        await pilot.click(SourceList, offset=(5, 2))
        await settle(pilot)
        assert view.article == sources.rows[2]


async def test_missing_source_is_a_notification(tmp_path: Path) -> None:
    app = make_app(Config(), [tmp_path / "nowhere"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.is_running
        assert any("does not exist" in n.message for n in app._notifications)


async def test_theme_from_config(seeds: Path) -> None:
    app = make_app(Config(theme="textual-light", search=SearchConfig(debounce_ms=0)), [seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"


async def test_list_and_typing_work_while_the_index_builds(
    app: KzReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from kzreader.search import SearchIndex

    release = threading.Event()
    real_update = SearchIndex.update

    def slow_update(self: SearchIndex, progress=None, **kwargs):  # type: ignore[no-untyped-def]
        if progress is not None:
            progress(1, 5)
        release.wait(10)
        return real_update(self, progress=progress, **kwargs)

    monkeypatch.setattr(SearchIndex, "update", slow_update)
    async with app.run_test(size=(120, 30)) as pilot:
        screen, sources, _, search = parts(app)
        for _ in range(200):
            await pilot.pause(0.02)
            if "indexing 1/5" in screen.sub_title:
                break
        assert "indexing 1/5" in screen.sub_title and len(sources.rows) == 5
        await pilot.press("slash", "p", "o", "l")
        await pilot.pause(0.1)
        assert "getting ready" in str(search.query_one("#search-status").render())
        release.set()
        await settle(pilot)
        assert "search ready" in screen.sub_title
        assert search.shown_query == "pol" and search.hits  # the typed query ran when ready


async def test_unknown_theme_and_key_ids_are_notifications(seeds: Path) -> None:
    app = make_app(Config(theme="no-such-theme", keys={"serch": "ctrl+s"}), [seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        messages = " ".join(n.message for n in app._notifications)
        assert "no-such-theme" in messages and "serch" in messages
        assert app.theme == "textual-dark"


async def test_palette_runs_an_action(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        _, _, _, search = parts(app)
        await run_in_palette(pilot, "Search")
        assert isinstance(app.screen, MainScreen) and search.input.has_focus


def _binding_ids() -> set[str]:
    """Every binding id declared by kzreader's screens and widgets."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import kzreader.tui

    ids: set[str] = set()
    for info in pkgutil.walk_packages(kzreader.tui.__path__, "kzreader.tui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DOMNode):
                for binding in value.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding) and binding.id:
                        ids.add(binding.id)
    return ids


async def test_every_binding_id_can_be_remapped_without_a_warning(seeds: Path) -> None:
    from kzreader.tui.screens.help import BINDING_IDS

    declared = _binding_ids()
    assert {"next_divergence", "facts_filter", "overwrite_no", "search"} <= declared
    assert declared <= BINDING_IDS
    app = make_app(Config(keys={"next_divergence": "x", "facts_export": "ctrl+e"}), [seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not [n for n in app._notifications if "binding id" in n.message]
    app = make_app(Config(keys={"no_such_thing": "x"}), [seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("no_such_thing" in n.message for n in app._notifications)


async def test_a_damaged_index_is_rebuilt_with_a_warning(seeds: Path) -> None:
    app = make_app(Config(search=SearchConfig(debounce_ms=0)), [seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        folder = app.screen.index.folder
        assert not [n for n in app._notifications if "index" in n.message]  # a first build
    tocs = sorted(p for p in folder.iterdir() if p.suffix == ".toc")
    tocs[-1].write_bytes(b"this is not a table of contents")
    app = make_app(Config(search=SearchConfig(debounce_ms=0)), [seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        warnings = [n for n in app._notifications if n.message.startswith("search index rebuilt")]
        assert len(warnings) == 1 and "damaged" in warnings[0].message
        assert warnings[0].severity == "warning"
        _screen, _sources, _view, search = parts(app)
        assert search.index.search("police").total > 0
