"""Journeys through "where do outlets differ", the reader's divergence marks and export (Pilot)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from kzreader.facts import Verdict, about_sentence, divergent_spans, facts_for
from kzreader.facts.text.sentences import split_sentences
from kzreader.library import load_library
from kzreader.tui.app import KzReaderApp
from kzreader.tui.screens.differ import NO_OTHER, DifferScreen
from kzreader.tui.screens.export import ConfirmOverwrite, ExportDialog
from kzreader.tui.screens.main import MainScreen
from kzreader.tui.widgets.article_view import ArticleView
from kzreader.tui.widgets.claims_view import ClaimsView
from kzreader.tui.widgets.search_pane import SearchPane
from kzreader.tui.widgets.source_list import SourceList
from tests.tui.conftest import screen_text, search_for, settle
from tests.tui.test_compare_screens import AP, POLICE, RFE, open_compare, police_fact, ready


async def differ_on(pilot: Pilot, article_id: str, needle: str) -> DifferScreen:
    await settle(pilot)
    main = pilot.app.screen
    main.query_one(SourceList).select(article_id)
    await pilot.press("enter")
    await settle(pilot)
    view = main.query_one(ArticleView)
    start = view.article.text.index(needle)
    view.set_matches([(start, start + len(needle))], jump=0)  # as a search hit would
    view.focus()
    await pilot.press("d")
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DifferScreen)
    return screen


async def test_differ_on_the_police_deaths_sentence(app: KzReaderApp, seeds: Path) -> None:
    library = load_library([seeds])
    rfe = library.get(RFE)
    sentence = next(s for s in split_sentences(rfe.text) if s.text.startswith(POLICE))
    expected = about_sentence(library.articles, RFE, sentence.start, sentence.end)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await differ_on(pilot, RFE, POLICE)
        assert screen.sentence == sentence
        assert [f.label for f in screen.facts] == [f.label for f in expected]
        text = screen.query_one(ClaimsView).text
        if expected:  # the engine links the counts: every outlet's value is shown
            for fact in expected:
                assert fact.reason in text
                for claim in fact.claims:
                    assert claim.value in text
            assert "Twelve" in text and "eight" in text
        else:
            assert NO_OTHER in screen_text(pilot.app)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)


async def test_differ_counts_copies_of_one_report_as_one_source(
    app: KzReaderApp, seeds: Path
) -> None:
    """Seeds 000 and 001 are two rewrites of one AP story: the differ's facts say so."""
    library = load_library([seeds])
    a, b = (next(x.id for x in library if x.id.startswith(p)) for p in ("000", "001"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await differ_on(pilot, RFE, POLICE)
        groups = screen.source_groups or {}
        assert groups.get(a) is not None and groups.get(a) == groups.get(b), groups
        assert len(set(groups.values())) == len(library) - 1
        sentence = screen.sentence
        assert sentence is not None
        expected = about_sentence(
            library.articles, RFE, sentence.start, sentence.end, source_groups=groups
        )
        assert [(f.label, f.reason) for f in screen.facts] == [
            (f.label, f.reason) for f in expected
        ]


async def test_differ_says_when_no_other_outlet_reports_it(app: KzReaderApp) -> None:
    needle = "RFE/RL could not independently verify"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await differ_on(pilot, RFE, needle)
        assert screen.facts == [] and screen.matches == []
        assert NO_OTHER in screen_text(pilot.app)


async def test_differ_shows_aligned_sentences_without_figures(
    app: KzReaderApp, seeds: Path
) -> None:
    from kzreader.facts import matching_sentences

    library = load_library([seeds])
    rfe = library.get(RFE)
    needle = "Violence was also reported on January 5"
    sentence = next(s for s in split_sentences(rfe.text) if s.text.startswith(needle))
    expected = matching_sentences(rfe, sentence, library.articles, facts_for(library.articles))
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await differ_on(pilot, RFE, needle)
        assert screen.facts == []
        assert [(a, s.start) for a, s, _ in screen.matches] == [
            (a, s.start) for a, s, _ in expected
        ]
        text = screen_text(pilot.app)
        if expected:
            assert "No figures here that the outlets dispute." in text
            assert "How the other outlets put it" in text
            assert expected[0][1].text[:40] in text
        else:
            assert NO_OTHER in text


async def export_to(pilot: Pilot, path: Path) -> None:
    await pilot.press("e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    dialog.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_export_writes_and_never_overwrites_without_asking(
    app: KzReaderApp, tmp_path: Path
) -> None:
    target = tmp_path / "report.md"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, RFE, AP)
        await export_to(pilot, target)
        assert app.screen is screen
        text = target.read_text(encoding="utf-8")
        assert text.startswith(
            "# kzreader comparison: RFE/RL | The Associated Press (republished)\n"
        )
        assert f"### CONFLICT: {police_fact(screen.report).label}" in text
        assert "## Aligned sentences" in text
        target.write_text("keep me", encoding="utf-8")
        await export_to(pilot, target)
        assert isinstance(app.screen, ConfirmOverwrite)
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == "keep me" and app.screen is screen
        await export_to(pilot, target)
        await pilot.press("y")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == text
        await export_to(pilot, tmp_path / "missing-folder" / "report.md")
        assert app.screen is screen
        assert any("Cannot write" in n.message for n in app._notifications)


async def test_export_from_the_facts_screen(app: KzReaderApp, tmp_path: Path) -> None:
    target = tmp_path / "facts.md"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await ready(pilot)
        await export_to(pilot, target)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# kzreader facts") and "## Aligned sentences" not in text
        assert "### CONFLICT:" in text


async def test_reader_underlines_values_other_outlets_contradict(
    app: KzReaderApp, seeds: Path
) -> None:
    from textual.app import App

    from kzreader.tui.screens.differ import DivergencesFound, find_divergences

    library = load_library([seeds])
    rfe = library.get(RFE)
    found: list[DivergencesFound] = []

    class Probe(App[None]):
        def on_mount(self) -> None:
            find_divergences(self, rfe, library.articles)

        def on_divergences_found(self, message: DivergencesFound) -> None:
            found.append(message)

    probe = Probe()
    async with probe.run_test() as pilot:
        await probe.workers.wait_for_complete()
        await pilot.pause()
    assert len(found) == 1 and found[0].article_id == RFE
    spans = found[0].spans
    assert spans == divergent_spans(facts_for(library.articles), RFE)
    eight = rfe.text.index("eight police")
    assert (eight, eight + 5, Verdict.CONFLICT) in spans

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.screen
        main.query_one(SourceList).select(RFE)
        await pilot.press("enter")
        await settle(pilot)
        view = main.query_one(ArticleView)
        view.set_divergences(spans)
        view.set_matches([(eight, eight + 5)], jump=0)  # scroll it into view
        view.set_matches([], jump=None)
        await pilot.pause()
        row = view.row_of_offset(eight) - int(view.scroll_y)
        strip = view.render_line(row)
        styled = [seg for seg in strip if "eight" in seg.text]
        assert styled and styled[0].style.underline and styled[0].style.bold
        conflict = view.get_component_rich_style("article-view--conflict")
        assert styled[0].style.color == conflict.color
        view.show(rfe)  # another article (or this one again): the marks are cleared
        assert view.divergences == []


async def test_opening_an_article_marks_its_divergences(app: KzReaderApp, seeds: Path) -> None:
    library = load_library([seeds])
    rfe = library.get(RFE)
    eight = rfe.text.index("eight police")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        view = main.query_one(ArticleView)
        main.query_one(SourceList).select(RFE)
        await pilot.press("enter")
        await settle(pilot)
        assert view.article.id == RFE
        assert (eight, eight + 5, Verdict.CONFLICT) in view.divergences
        # a search hit opens the article the same way: its marks come with it
        await search_for(pilot, '"eight police"')
        search = main.query_one(SearchPane)
        ids = [search.article_of(hit).id for hit in search.hits]
        assert RFE in ids
        search.choose(ids.index(RFE))  # as enter on that hit does
        await settle(pilot)
        assert view.article.id == RFE and view.matches
        assert (eight, eight + 5, Verdict.CONFLICT) in view.divergences


async def test_reading_one_article_after_another_runs_the_facts_engine_once(
    app: KzReaderApp,
) -> None:
    from kzreader.facts.engine import _all_facts

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        view = main.query_one(ArticleView)
        sources = main.query_one(SourceList)
        before = _all_facts.cache_info()
        ids = [a.id for a in main.library.articles]
        for article_id in ids[:3]:  # quickly, without waiting: earlier runs are superseded
            sources.select(article_id)
            await pilot.press("enter")
        await settle(pilot)
        after = _all_facts.cache_info()
        assert view.article.id == ids[2] and view.divergences  # the last one's marks are shown
        # one engine run over the library answers every article opened (plus cache hits)
        assert after.misses - before.misses <= 1 and after.hits > before.hits
