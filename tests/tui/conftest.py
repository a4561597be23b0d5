"""Helpers for the reader's Pilot and snapshot tests: a deterministic app on the seed articles."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kzreader.config import Config, SearchConfig
from kzreader.tui.app import KzReaderApp, make_app
from kzreader.tui.screens.main import MainScreen
from kzreader.tui.widgets.article_view import ArticleView
from kzreader.tui.widgets.search_pane import SearchPane
from kzreader.tui.widgets.source_list import SourceList


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


async def settle(pilot: Pilot) -> None:
    """Wait until the library is loaded, the index is ready and no worker or timer is busy."""
    app = pilot.app
    from kzreader.tui.screens.main import MainScreen

    main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    for _ in range(400):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if main.ready and not main.search_pane.pending and not _busy(app):
            break
        await pilot.pause(0.02)
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def _busy(app: KzReaderApp) -> bool:
    return any(worker.is_running for worker in app.workers)


async def type_text(pilot: Pilot, text: str) -> None:
    for char in text:
        await pilot.press(char if char != " " else "space")
    await settle(pilot)


async def search_for(pilot: Pilot, query: str) -> None:
    """``/`` into the search input, then type ``query`` letter by letter (settles)."""
    await pilot.press("slash")
    await type_text(pilot, query)


async def run_in_palette(pilot: Pilot, query: str) -> None:
    """Open the command palette, type ``query``, run the first entry and settle."""
    from textual.command import CommandPalette

    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await type_text(pilot, query)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


def screen_text(app: KzReaderApp) -> str:
    """The plain text of what is on screen."""
    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, color_system=None, record=True, file=None)
    with console.capture() as capture:
        console.print(app.screen._compositor.render_update(full=True))
    return capture.get()


@pytest.fixture
def config() -> Config:
    """Defaults, but no debounce so each keystroke searches at once (still in a thread)."""
    return Config(search=SearchConfig(debounce_ms=0))


@pytest.fixture
def app(config: Config, seeds: Path) -> KzReaderApp:
    return make_app(config, [seeds])


def parts(app: KzReaderApp) -> tuple[MainScreen, SourceList, ArticleView, SearchPane]:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return (
        screen,
        screen.query_one(SourceList),
        screen.query_one(ArticleView),
        screen.search_pane,  # mounted a moment after the first paint
    )
