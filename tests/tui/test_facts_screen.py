"""The facts screen for many kinds of facts: the kind filter, cells that never change a number,
copies of one report, what the screen covers, and an export of what the filters show (Pilot)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input

from kzreader.facts import Claim, Fact, FactReport, Kind, Verdict
from kzreader.library import Article, load_library
from kzreader.tui.app import KzReaderApp
from kzreader.tui.screens.export import ExportDialog
from kzreader.tui.screens.facts import FactDetailScreen, FactsScreen
from kzreader.tui.widgets.claims_view import ClaimsView
from kzreader.tui.widgets.facts_table import (
    COPY_MARK,
    PAD,
    VERDICT_WIDTH,
    FactsTable,
    plan_columns,
)
from tests.tui.conftest import screen_text, settle
from tests.tui.test_compare_screens import ready

IDS = ("wire", "copy", "local", "daily")


def article(aid: str, outlet: str) -> Article:
    text = f"A report by {outlet}."
    return Article(aid, Path(f"{aid}.txt"), outlet, f"Headline of {outlet}", None, text,
                   (text,), aid)  # fmt: skip


ARTICLES = [
    article("wire", "Wire Service"),
    article("copy", "Reprint Daily"),
    article("local", "Local Herald"),
    article("daily", "Evening Post"),
]
GROUPS = {"wire": "g1", "copy": "g1", "local": "local", "daily": "daily"}


def claim(aid: str, value: str, kind: Kind, low: float | None = None, unit: str | None = None):
    sentence = f"Officials said {value} on the day."
    return Claim(aid, sentence, 0, len(sentence), value, low, low, unit, None, None, 15,
                 15 + len(value), kind, GROUPS[aid])  # fmt: skip


def invented_report() -> FactReport:
    """Facts of four kinds over four invented articles (two are copies of one report)."""
    facts = (
        Fact("people arrested", Verdict.CONFLICT, "at least 16 vs more than 200",
             (claim("wire", "at least 16", Kind.COUNT, 16), claim("copy", "at least 16",
              Kind.COUNT, 16), claim("daily", "more than 200, 249", Kind.COUNT, 201))),
        Fact("distance from the bridge", Verdict.CONFLICT, "half a mile vs a mile and a half",
             (claim("local", "half a mile", Kind.MEASURE, 804.672, "m"),
              claim("daily", "a mile and a half", Kind.MEASURE, 2414.016, "m"))),
        Fact("fine paid", Verdict.COMPATIBLE, "$13.9 billion and about $14 billion fit",
             (claim("wire", "$13.9 billion", Kind.MONEY, 13.9e9, "USD"),
              claim("local", "about $14 billion", Kind.MONEY, 14e9, "USD"))),
        Fact("name: Smithe", Verdict.VARIANT, "Smithe / Smythe",
             (claim("wire", "Smithe", Kind.NAME), claim("daily", "Smythe", Kind.NAME))),
        Fact("people injured", Verdict.AGREE, "2 reports say 12",
             (claim("local", "12", Kind.COUNT, 12), claim("daily", "twelve", Kind.COUNT, 12))),
    )  # fmt: skip
    return FactReport(tuple(ARTICLES), facts)


async def open_facts(pilot, **kwargs) -> FactsScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    kwargs.setdefault("source_groups", GROUPS)
    screen = FactsScreen(ARTICLES, report=invented_report(), **kwargs)
    pilot.app.push_screen(screen)
    await pilot.pause()
    await ready(pilot)
    assert pilot.app.screen is screen
    return screen


def rows(table: FactsTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_k_filters_by_kind_and_each_row_shows_its_kind(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_facts(pilot)
        table = screen.query_one(FactsTable)
        assert [r[1] for r in rows(table)] == ["count", "measure", "money", "name", "count"]
        assert screen.kind_filters() == ["all", Kind.COUNT, Kind.MEASURE, Kind.MONEY, Kind.NAME]
        await pilot.press("k")
        assert screen.kind_filter == Kind.COUNT
        assert [r[2] for r in rows(table)] == ["people arrested", "people injured"]
        status = str(screen.query_one("#facts-status").render())
        assert "2 of 5 facts · kind: count · 1 conflict · 1 agree" in status
        await pilot.press("k", "k")
        assert screen.kind_filter == Kind.MONEY and [r[2] for r in rows(table)] == ["fine paid"]
        await pilot.press("v")  # disputed: no money fact is disputed
        assert table.row_count == 0
        assert "0 of 5 facts · verdict: disputed · kind: money" in screen_text(app)
        assert "none shown (v, k: the next filter)" in screen_text(app)
        await pilot.press("K", "K", "K")  # back through measure and count to all
        assert screen.kind_filter == "all"
        assert [r[0] for r in rows(table)] == ["conflict", "conflict"]
        screen.action_clear_filters()
        assert table.row_count == 5
        with pytest.raises(ValueError, match="unknown kind"):
            screen.set_kind("colour")


async def test_k_is_off_when_the_facts_are_of_one_kind(app: KzReaderApp, seeds: Path) -> None:
    report = invented_report()
    one_kind = FactReport(report.articles, tuple(f for f in report.facts if f.kind == Kind.COUNT))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = FactsScreen(ARTICLES, report=one_kind, source_groups=GROUPS)
        app.push_screen(screen)
        await pilot.pause()
        await ready(pilot)
        assert not screen.check_action("kind", (1,))
        await pilot.press("k")
        assert screen.kind_filter == "all" and screen.query_one(FactsTable).row_count == 2


async def test_cells_never_cut_inside_a_number(app: KzReaderApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_facts(pilot)
        table = screen.query_one(FactsTable)
        plan = table.plan
        assert plan is not None and len(plan.outlets) == len(IDS)  # a column per outlet
        daily = rows(table)[0][3 + IDS.index("daily")]
        assert daily in ("more than 200, 249", "more than 200 +1"), daily
        for width in (80, 100, 120, 140, 160, 200):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            for row in rows(table):
                for cell in row:
                    assert not re.search(r"\b(?:at least 1|more than 2|more than 20)$", cell), cell
                    if cell.endswith("…"):  # never after a figure its cut scale changes
                        assert not re.search(r"\d…$|\$\d+(?:\.\d+)?…$", cell), cell
            used = sum(c.width + PAD for c in table.columns.values())
            assert used <= width - 1, (width, used)  # no horizontal scrolling


@given(
    width=st.integers(60, 220),
    kind=st.integers(4, 11),
    label=st.integers(4, 60),
    reason=st.integers(6, 90),
    outlets=st.lists(st.integers(1, 40), max_size=6),
    values=st.integers(6, 90),
)
def test_planned_columns_fit_the_screen(
    width: int, kind: int, label: int, reason: int, outlets: list[int], values: int
) -> None:
    plan = plan_columns(width, kind, label, reason, outlets, values)
    columns = [VERDICT_WIDTH, plan.kind, plan.label, *plan.outlets]
    columns += [w for w in (plan.values, plan.reason) if w]
    used = sum(w + PAD for w in columns)
    assert used <= width - 1  # no horizontal scrolling
    assert plan.values or plan.reason  # the values, the reason or both
    assert min(label, 8) <= plan.label <= max(label, 32)
    assert not (plan.outlets and plan.values)
    assert all(w >= 12 for w in plan.outlets)


async def test_copies_are_marked_in_the_table_detail_and_claims(app: KzReaderApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_facts(pilot, scope="the open story “Bridge”")
        assert screen.copies == {"copy": "wire"}
        assert screen.title == "Facts · the open story “Bridge”"
        assert screen.sub_title == "4 articles · 3 sources"
        table = screen.query_one(FactsTable)
        headers = [str(c.label) for c in table.columns.values()]
        assert headers[3] == "Wire Service" and headers[4].startswith(f"{COPY_MARK}Reprint")
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert f"{COPY_MARK}Reprint Daily" in [str(c.label) for c in table.columns.values()]
        detail = str(screen.query_one("#facts-detail").render())
        assert "Reprint Daily (copy of Wire Service)" in detail
        assert "at least 16: Wire Service, Reprint Daily (copy of Wire Service)" in detail
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FactDetailScreen)
        text = app.screen.query_one(ClaimsView).text
        assert "Reprint Daily (copy of Wire Service): at least 16" in text
        assert "count · people arrested" in text


async def test_measures_show_their_value_in_the_common_unit(app: KzReaderApp) -> None:
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_facts(pilot)
        table = screen.query_one(FactsTable)
        measure = rows(table)[1]
        assert "half a mile (≈ 0.5 mile)" in measure
        assert "a mile and a half (≈ 1.5 mile)" in measure
        table.move_cursor(row=1)
        await pilot.pause()
        detail = str(screen.query_one("#facts-detail").render())
        assert "half a mile (≈ 0.5 mile): Local Herald" in detail


async def test_the_title_says_what_the_facts_cover(app: KzReaderApp, seeds: Path) -> None:
    library = load_library([seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = FactsScreen(library.articles, query="police", scope="the [b]marked[/b] articles")
        app.push_screen(screen)
        await pilot.pause()
        await ready(pilot)
        assert screen.title == "Facts about “police” · the [b]marked[/b] articles"
        assert "the [b]marked[/b] articles" in screen_text(app)  # text, never markup


async def test_seed_copies_are_found_when_the_opener_gives_none(
    app: KzReaderApp, seeds: Path
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, FactsScreen)
        newser, rewrite = "000_41c204d69b74ce87", "001_20e4f73a90754451"
        assert screen.copies == {rewrite: newser}  # two rewrites of one AP story
        assert screen.sub_title == "5 articles · 4 sources"
        groups = {c.source_group for f in screen.report.facts for c in f.claims
                  if c.article in (newser, rewrite)}  # fmt: skip
        assert len(groups) == 1


async def test_export_saves_what_the_filters_show_with_a_full_path(
    app: KzReaderApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_facts(pilot, scope="the marked articles")
        screen.set_filter("disputed")
        screen.set_kind(Kind.COUNT)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        target = tmp_path / "kzreader-facts.md"
        assert dialog.query_one(Input).value == str(target)
        assert "Save 1 fact (verdict disputed, kind count) as Markdown to:" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# kzreader facts\n")
        assert "Selection: the marked articles (4 articles, 3 independent sources)." in text
        assert "Filtered by verdict disputed, kind count: 1 of 5 facts." in text
        assert "### CONFLICT: people arrested (count)" in text
        assert "distance from the bridge" not in text and "fine paid" not in text
        assert "| wire.txt |" in text and "| Wire Service |" in text
        assert "- **Reprint Daily** (copy of Wire Service): at least 16" in text
        saved = [n.message for n in app._notifications if "Saved" in n.message]
        assert saved == [f"Saved 1 fact (verdict disputed, kind count) to {target}"]
        await pilot.press("e")  # the next default does not overwrite this one
        await pilot.pause()
        assert app.screen.query_one(Input).value == str(tmp_path / "kzreader-facts-2.md")
        app.screen.query_one(Input).value = "reports/facts.md"  # a relative path...
        (tmp_path / "reports").mkdir()
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "reports" / "facts.md").exists()  # ...from the start folder
