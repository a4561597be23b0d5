"""SVG snapshots of the compare and facts screens (and the differ dialog) at 80x24 and 160x48.

Deterministic: the seed articles, isolated config and cache, every worker finished, cursor blink
off.  Update with ``--snapshot-update`` and read the SVG text before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from kzreader.config import Config, SearchConfig
from kzreader.tui.app import make_app
from tests.tui.test_compare_screens import AP, POLICE, RFE, open_compare, ready
from tests.tui.test_differ_and_export import differ_on

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


def snapshot_app(seeds: Path):  # -> KzReaderApp
    return make_app(Config(search=SearchConfig(debounce_ms=0)), [seeds])


async def _on_the_police_conflict(pilot: Pilot) -> None:
    screen = await open_compare(pilot, RFE, AP)
    assert screen.comparison is not None
    for _ in range(12):
        await pilot.press("right_square_bracket")
        row = screen.comparison.rows[screen.query_one("#compare-grid").current_row]
        if row.sentences[RFE] is not None and row.sentences[AP] is not None and row.facts:
            break
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_compare_on_a_divergence(snap_compare, seeds: Path, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(seeds), terminal_size=size, run_before=_on_the_police_conflict)


@pytest.mark.parametrize("size", SIZES)
def test_compare_four_articles(snap_compare, seeds: Path, size: tuple[int, int]) -> None:
    async def four(pilot: Pilot) -> None:
        await open_compare(pilot, RFE, AP, "000_41c204d69b74ce87", "001_20e4f73a90754451")

    assert snap_compare(snapshot_app(seeds), terminal_size=size, run_before=four)


@pytest.mark.parametrize("size", SIZES)
def test_facts_table(snap_compare, seeds: Path, size: tuple[int, int]) -> None:
    async def facts(pilot: Pilot) -> None:
        from tests.tui.conftest import settle

        await settle(pilot)
        await pilot.press("f")
        await ready(pilot)

    assert snap_compare(snapshot_app(seeds), terminal_size=size, run_before=facts)


def test_fact_detail(snap_compare, seeds: Path) -> None:
    async def detail(pilot: Pilot) -> None:
        from tests.tui.conftest import settle

        await settle(pilot)
        await pilot.press("f")
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(snapshot_app(seeds), terminal_size=(80, 24), run_before=detail)


def test_differ_police_sentence(snap_compare, seeds: Path) -> None:
    async def differ(pilot: Pilot) -> None:
        await differ_on(pilot, RFE, POLICE)

    assert snap_compare(snapshot_app(seeds), terminal_size=(160, 48), run_before=differ)


@pytest.mark.parametrize("size", SIZES)
def test_facts_of_many_kinds_with_copies(snap_compare, seeds: Path, size: tuple[int, int]) -> None:
    """Invented facts (count, measure, money, name; one article copies another), so the picture
    shows the table's layout, not the engine of the day."""

    async def kinds(pilot: Pilot) -> None:
        from tests.tui.test_facts_screen import open_facts

        screen = await open_facts(pilot, scope="the marked articles")
        screen.query_one("#facts-table").move_cursor(row=1)
        await pilot.pause()

    assert snap_compare(snapshot_app(seeds), terminal_size=size, run_before=kinds)


def test_facts_filtered_by_kind(snap_compare, seeds: Path) -> None:
    async def measures(pilot: Pilot) -> None:
        from tests.tui.test_facts_screen import open_facts

        await open_facts(pilot, scope="the marked articles")
        await pilot.press("k", "k")  # all -> count -> measure
        await pilot.pause()

    assert snap_compare(snapshot_app(seeds), terminal_size=(80, 24), run_before=measures)


@pytest.mark.parametrize("size", SIZES)
def test_compare_copies_of_one_report(snap_compare, seeds: Path, size: tuple[int, int]) -> None:
    async def copies(pilot: Pilot) -> None:
        await open_compare(pilot, "000_41c204d69b74ce87", "001_20e4f73a90754451")

    assert snap_compare(snapshot_app(seeds), terminal_size=size, run_before=copies)
