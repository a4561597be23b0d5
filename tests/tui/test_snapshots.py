"""SVG snapshots of the main screens at 80x24 and 160x48 (pytest-textual-snapshot).

Deterministic: the seed articles, isolated config and cache, no clock, cursor blink off, and
every worker finished before the picture is taken.  Update with ``--snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kzreader.config import Config, SearchConfig
from kzreader.tui.app import make_app
from tests.tui.conftest import search_for, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


def snapshot_app(seeds: Path):  # -> KzReaderApp
    return make_app(Config(search=SearchConfig(debounce_ms=0)), [seeds])


def press_when_settled(key: str) -> Callable[[Pilot], Awaitable[None]]:
    """A run_before: wait for the library, press ``key``, wait again."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)

    return run_before


async def open_police_hit(pilot: Pilot) -> None:
    await settle(pilot)
    await search_for(pilot, "police")
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_library_view(snap_compare, seeds: Path, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(seeds), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_article_open(snap_compare, seeds: Path, size: tuple[int, int]) -> None:
    run_before = press_when_settled("enter")
    assert snap_compare(snapshot_app(seeds), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_search_results(snap_compare, seeds: Path, size: tuple[int, int]) -> None:
    async def search(pilot: Pilot) -> None:
        await settle(pilot)
        await search_for(pilot, "police killed")

    assert snap_compare(snapshot_app(seeds), terminal_size=size, run_before=search)


@pytest.mark.parametrize("size", SIZES)
def test_hit_open_with_highlights(snap_compare, seeds: Path, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(seeds), terminal_size=size, run_before=open_police_hit)


def test_help_screen(snap_compare, seeds: Path) -> None:
    run_before = press_when_settled("question_mark")
    assert snap_compare(snapshot_app(seeds), terminal_size=(80, 24), run_before=run_before)


def test_hit_open_light_theme(snap_compare, seeds: Path) -> None:
    """The match highlights come from theme variables: they must read on a light theme too."""
    app = make_app(Config(theme="textual-light", search=SearchConfig(debounce_ms=0)), [seeds])
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_police_hit)
