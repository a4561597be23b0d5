"""Journeys through the compare and facts screens, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from kzreader.facts import Verdict, divergent_spans, facts_for, row_is_divergent, sentence_marks
from kzreader.facts.model import Fact, FactReport
from kzreader.library import load_library
from kzreader.tui.app import KzReaderApp
from kzreader.tui.screens.compare import CompareScreen, columns_for
from kzreader.tui.screens.export import ExportDialog
from kzreader.tui.screens.facts import FactDetailScreen, FactsScreen
from kzreader.tui.screens.main import MainScreen
from kzreader.tui.widgets.claims_view import ClaimsView
from kzreader.tui.widgets.compare_grid import CompareGrid
from kzreader.tui.widgets.facts_table import FactsTable
from kzreader.tui.widgets.source_list import SourceList
from kzreader.tui.widgets.wrapping import fit
from tests.tui.conftest import screen_text, settle

RFE, AP = "004_df33a49b151eb0e2", "003_150cb1ac506318c6"
POLICE = "The Interior Ministry claimed eight police"


def police_fact(report: FactReport) -> Fact:
    """The police-deaths conflict (RFE/RL's "eight" vs AP's "Twelve"), whatever its label."""
    return next(
        f
        for f in report.facts
        if f.verdict == Verdict.CONFLICT
        and {(c.article, c.value) for c in f.claims} >= {(RFE, "eight"), (AP, "Twelve")}
    )


async def ready(pilot: Pilot) -> None:
    """Wait until the screen on top has finished its worker and painted."""
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if getattr(pilot.app.screen, "ready", True):
            break
    await pilot.pause()


async def mark(pilot: Pilot, *ids: str) -> None:
    await settle(pilot)
    sources = pilot.app.screen.query_one(SourceList)
    for article_id in ids:
        sources.select(article_id)
        await pilot.press("space")


async def open_compare(pilot: Pilot, *ids: str) -> CompareScreen:
    await mark(pilot, *ids)
    await pilot.press("c")
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    return screen


async def test_compare_two_seeds_and_jump_to_the_police_conflict(app: KzReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, RFE, AP)
        grid = screen.query_one(CompareGrid)
        police = police_fact(screen.report)
        assert grid.columns == [RFE, AP] and grid.has_focus
        assert not grid.loading
        head = screen_text(app)
        assert "RFE/RL" in head and "The Associated Press" in head
        # every sentence of both articles is in some shown row, in place
        assert len(grid.shown) == len(screen.comparison.rows)
        found = None
        for _ in range(len(grid.shown)):
            await pilot.press("right_square_bracket")
            row = screen.comparison.rows[grid.current_row]
            assert row_is_divergent(row)
            if (police.label, Verdict.CONFLICT) in row.facts and all(row.sentences.values()):
                found = row
                break
        assert found is not None, "] never reached the eight vs Twelve row"
        assert found.sentences[RFE].text.startswith(POLICE)
        assert found.sentences[AP].text.startswith("Twelve police officers were killed")
        text = screen_text(app)
        assert f"CONFLICT {police.label}: {police.reason}" in text
        assert "RFE/RL: eight" in text
        assert "Twelve police officers were killed" in text  # the row is scrolled into view
        await pilot.press("enter")  # each outlet's sentence for this row's facts
        await pilot.pause()
        assert isinstance(app.screen, FactDetailScreen)
        assert police.reason in app.screen.query_one(ClaimsView).text
        await pilot.press("escape")
        before = grid.cursor
        await pilot.press("left_square_bracket")
        assert grid.cursor < before
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


def test_marks_cover_word_differences_and_divergent_values(seeds: Path) -> None:
    library = load_library([seeds])
    pair = [library.get(RFE), library.get(AP)]
    from kzreader.facts.diff import compare_articles

    report = facts_for(pair)
    comparison = compare_articles(pair, report)
    row = next(
        r
        for r in comparison.rows
        if r.sentences[RFE] and r.sentences[AP] and any(v == Verdict.CONFLICT for _l, v in r.facts)
    )
    rfe, ap = row.sentences[RFE], row.sentences[AP]
    marks = sentence_marks(row, RFE, report)
    assert any(m.kind == Verdict.CONFLICT and rfe.text[m.start : m.end] == "eight" for m in marks)
    assert any(m.kind == "diff" for m in marks)
    ap_marks = sentence_marks(row, AP, report)
    assert any(
        m.kind == Verdict.CONFLICT and ap.text[m.start : m.end] == "Twelve" for m in ap_marks
    )
    spans = divergent_spans(report, RFE)
    assert any(pair[0].text[s:e] == "eight" and v == Verdict.CONFLICT for s, e, v in spans)


async def test_narrow_shows_two_columns_and_o_brings_the_others(app: KzReaderApp) -> None:
    third = "000_41c204d69b74ce87"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, RFE, AP, third)
        grid = screen.query_one(CompareGrid)
        assert columns_for(80) == 2 and grid.columns == [RFE, AP]
        await pilot.press("pagedown")
        assert grid.cursor > 1 and grid.scroll_y > 0  # a page of rows, scrolled together
        await pilot.press("end")
        assert grid.cursor == len(grid.shown) - 1
        assert grid.scroll_y == grid.max_scroll_y
        await pilot.press("home")
        assert grid.cursor == 0 and grid.scroll_y == 0
        await pilot.press("o")
        assert grid.columns == [RFE, third]
        assert "Newser" in screen_text(app)
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert len(grid.columns) == 3 and set(grid.columns) == {RFE, AP, third}


async def test_facts_filter_conflicts_and_show_a_detail(app: KzReaderApp, seeds: Path) -> None:
    expected = facts_for(load_library([seeds]).articles)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")  # nothing marked: the whole library (one story)
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, FactsScreen)
        table = screen.query_one(FactsTable)
        assert table.row_count == len(expected.facts)
        verdicts = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert verdicts[0] == Verdict.CONFLICT
        assert verdicts == sorted(
            verdicts,
            key=[
                Verdict.CONFLICT,
                Verdict.UPDATE,
                Verdict.VARIANT,
                Verdict.COMPATIBLE,
                Verdict.AGREE,
            ].index,
        )
        await pilot.press("v")  # disputed: conflict and update
        assert screen.verdict_filter == "disputed"
        shown = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert shown and set(shown) <= {Verdict.CONFLICT, Verdict.UPDATE}
        while screen.verdict_filter != Verdict.VARIANT:
            await pilot.press("v")
        assert {str(table.get_row_at(i)[0]) for i in range(table.row_count)} == {Verdict.VARIANT}
        screen.set_filter(Verdict.CONFLICT)
        await pilot.pause()
        assert "verdict: conflict" in screen_text(app)
        first = next(f for f in expected.facts if f.verdict == Verdict.CONFLICT)
        detail = str(screen.query_one("#facts-detail").render())
        assert f"CONFLICT {first.kind} · {first.label}: {first.reason}" in detail
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, FactDetailScreen)
        text = detail.query_one(ClaimsView).text
        assert first.label in text and first.reason in text
        assert "according to" in text and "Twelve" in text
        await pilot.press("escape")
        assert app.screen is screen


async def test_facts_screen_filtered_by_a_fact_query(app: KzReaderApp, seeds: Path) -> None:
    """What a `?police killed` search would open (the search pane still has to route it)."""
    library = load_library([seeds])
    expected = facts_for(library.articles, "police killed")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(FactsScreen(library.articles, query="  police killed "))
        await pilot.pause()
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, FactsScreen) and screen.title == "Facts about “police killed”"
        table = screen.query_one(FactsTable)
        assert expected.facts and table.row_count == len(expected.facts)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == [
            f.kind for f in expected.facts
        ]
        labels = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        width = table.plan.label
        assert labels == [fit(f.label, width) for f in expected.facts]
        app.pop_screen()
        app.push_screen(FactsScreen(library.articles, query="zebra giraffe"))
        await pilot.pause()
        await ready(pilot)
        assert app.screen.query_one(FactsTable).row_count == 0
        assert "no fact about “zebra giraffe”" in screen_text(app)


async def test_a_new_theme_recolours_compare_and_facts(app: KzReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, RFE, AP)
        grid = screen.query_one(CompareGrid)
        await pilot.press("right_square_bracket")
        before = grid._style(Verdict.CONFLICT).color
        app.theme = "nord" if app.theme != "nord" else "gruvbox"
        await pilot.pause()
        after = grid._style(Verdict.CONFLICT).color
        assert after != before
        row = grid._tops[grid.cursor] - int(grid.scroll_y)
        colours = {seg.style.color for seg in grid.render_line(row) if seg.style}
        assert after in colours and before not in colours
        await pilot.press("f")
        await ready(pilot)
        table = app.screen.query_one(FactsTable)
        app.theme = "gruvbox"
        await pilot.pause()
        await pilot.pause()
        cell = table.get_row_at(0)[0]
        assert cell.style == table.get_component_rich_style("facts-table--conflict", partial=True)


async def test_palette_runs_the_compare_and_facts_actions(app: KzReaderApp) -> None:
    from textual.command import CommandPalette

    async def palette(pilot: Pilot, query: str) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)
        pilot.app.screen.query_one(Input).value = query
        for _ in range(10):  # the palette searches its providers in a worker
            await pilot.pause(0.02)
        await pilot.press("enter")
        await pilot.pause()

    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_compare(pilot, RFE, AP)
        await palette(pilot, "next divergence")
        assert app.screen is screen
        grid = screen.query_one(CompareGrid)
        assert row_is_divergent(screen.comparison.rows[grid.current_row])
        await palette(pilot, "export the comparison")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        await pilot.press("f")
        await ready(pilot)
        facts = app.screen
        assert isinstance(facts, FactsScreen)
        await palette(pilot, "show conflicts and updates")
        assert app.screen is facts and facts.verdict_filter == "disputed"


async def test_an_engine_failure_is_reported_not_hung(app: KzReaderApp, monkeypatch) -> None:
    import kzreader.facts

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(kzreader.facts, "facts_for", boom)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, RFE, AP)  # compares without facts
        assert screen.comparison is not None and screen.report is None
        assert any("facts unavailable: RuntimeError: boom" in n.message for n in app._notifications)
        assert not any(row_is_divergent(r) for r in screen.comparison.rows)
        await pilot.press("escape")
        await pilot.press("f")
        await ready(pilot)
        facts = app.screen
        assert isinstance(facts, FactsScreen) and facts.ready and facts.report is None
        assert "The facts engine failed: RuntimeError: boom" in screen_text(app)


async def test_mouse_hover_shows_a_row_and_click_moves_the_cursor(app: KzReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, RFE, AP)
        grid = screen.query_one(CompareGrid)
        assert grid.cursor == 0
        second_row_top = grid._tops[1]
        await pilot.hover(CompareGrid, offset=(5, second_row_top))
        await pilot.pause()
        detail = str(screen.query_one("#compare-detail").render())
        assert f"row under the mouse ({grid.shown[1] + 1})" in detail
        await pilot.click(CompareGrid, offset=(5, second_row_top))
        await pilot.pause()
        assert grid.cursor == 1
        assert "row 2/" in str(screen.query_one("#compare-detail").render())
        await pilot.hover(CompareGrid, offset=(5, grid._tops[2] - int(grid.scroll_y)))
        await pilot.pause()
        assert "row under the mouse" in str(screen.query_one("#compare-detail").render())
        await pilot.hover("#compare-head")  # the pointer leaves: back to the cursor's row
        await pilot.pause()
        assert "row 2/" in str(screen.query_one("#compare-detail").render())


async def test_facts_of_many_articles_share_one_values_column(
    app: KzReaderApp, seeds: Path
) -> None:
    from dataclasses import replace

    from kzreader.tui.widgets.facts_table import MAX_OUTLET_COLUMNS

    library = load_library([seeds])
    copies = [replace(a, id=f"{a.id}-copy", outlet=f"{a.outlet} copy") for a in library.articles]
    articles = [*library.articles, *copies]
    assert len(articles) > MAX_OUTLET_COLUMNS
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(FactsScreen(articles))
        await pilot.pause()
        await ready(pilot)
        table = app.screen.query_one(FactsTable)
        assert [str(c.label) for c in table.columns.values()] == [
            "verdict",
            "kind",
            "fact",
            "values",
            "reason",
        ]
        police = police_fact(app.screen.report)
        row = table.get_row_at(app.screen.report.facts.index(police))
        eights = len({c.article for c in police.claims if c.value == "eight"})
        assert str(row[3]).startswith(f"eight ×{eights} · Twelve ×2")  # AP and its copy
        detail = str(app.screen.query_one("#facts-detail").render())
        assert "RFE/RL" in detail and "RFE/RL copy" in detail


async def test_facts_of_a_whole_archive_ask_for_a_story(app: KzReaderApp, seeds: Path) -> None:
    from kzreader.tui.screens.differ import MAX_DIVERGENCE_ARTICLES

    library = load_library([seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.screen
        too_many = list(library.articles) * (MAX_DIVERGENCE_ARTICLES // 5 + 1)
        main.open_facts(too_many)
        await pilot.pause()
        assert app.screen is main
        assert any("mark its articles or search first" in n.message for n in app._notifications)


async def test_palette_lists_main_screen_actions_only_on_the_main_screen(
    app: KzReaderApp,
) -> None:
    from kzreader.tui.commands import ActionsProvider

    async def titles(query: str) -> list[str]:
        provider = ActionsProvider(app.screen)
        return [str(hit.text or hit.match_display) async for hit in provider.search(query)]

    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "Compare marked articles" in await titles("compare marked")
        screen = await open_compare(pilot, RFE, AP)
        assert app.screen is screen
        assert await titles("compare marked") == []
        assert await titles("search") == []
        assert await titles("help") == ["Help"]  # the app's own action works everywhere


async def test_copies_of_one_report_say_so_in_compare(app: KzReaderApp) -> None:
    newser, rewrite = "000_41c204d69b74ce87", "001_20e4f73a90754451"  # two rewrites of one story
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, newser, rewrite)
        assert screen.copies == {rewrite: newser}
        head = str(screen.query_one("#compare-head").render())
        assert "↳ copy of Newser" in head
        detail = str(screen.query_one("#compare-detail").render())
        assert "copies of one report (the differences are rewording)" in detail
        await pilot.press("f")
        await ready(pilot)
        facts = app.screen
        assert isinstance(facts, FactsScreen)
        assert facts.title == "Facts · the marked articles"  # what the reader compared
        assert facts.sub_title == "2 articles · 1 source"
        police = next(f for f in facts.report.facts if f.label == "police officers killed")
        assert police.reason == "2 copies of one source say 8"


async def test_row_counts_read_as_english(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, RFE, AP)
        grid = screen.query_one(CompareGrid)
        divergent = sum(row_is_divergent(screen.comparison.rows[i]) for i in grid.shown)
        detail = str(screen.query_one("#compare-detail").render())
        if divergent == 1:
            assert "1 row diverges" in detail
        else:
            assert f"{divergent} rows diverge" in detail and "1 rows" not in detail
