"""The stories view (issue 10), driven with Pilot: it opens on stories when the library holds
more than one, ``g`` switches, enter opens a story, ``f``/``c`` act on it, copies are marked,
the disputed facts come lazily, and grouping never holds up the article list."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kzreader.config import Config, SearchConfig
from kzreader.tui.app import KzReaderApp, make_app
from kzreader.tui.screens.compare import CompareScreen
from kzreader.tui.screens.facts import FactsScreen
from kzreader.tui.widgets.story_list import NOT_COUNTED, StoryList
from tests.tui.conftest import parts, run_in_palette, screen_text, settle
from tests.tui.story_library import write_story_library

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    return write_story_library(tmp_path / "reports")


def story_app(folder: Path) -> KzReaderApp:
    return make_app(Config(search=SearchConfig(debounce_ms=0)), [folder])


async def counted(pilot: Pilot) -> None:
    """Settle, and again until every story on screen has its disputed facts."""
    await settle(pilot)
    stories = pilot.app.screen.query_one(StoryList)
    for _ in range(100):
        if all(s.id in stories.disputed for s in stories.rows):
            break
        await pilot.pause(0.05)
        await settle(pilot)


def story_titled(app: KzReaderApp, start: str):  # -> Story
    screen = app.screen
    return next(s for s in screen.stories.stories if s.title.startswith(start))


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_opens_on_the_stories_at_every_width(library_dir: Path, size) -> None:
    app = story_app(library_dir)
    async with app.run_test(size=size) as pilot:
        await counted(pilot)
        screen = app.screen
        stories = screen.query_one(StoryList)
        assert screen.left == "stories" and stories.display and stories.has_focus
        assert len(stories.rows) == 5
        text = screen_text(app)
        assert "Dam breach floods Lorvik" in text
        # newest last report first: the lone library report (June) heads the list
        assert stories.rows[0].title.startswith("Harn library")
        quake = story_titled(app, "Velmora quake")
        assert stories.disputed[quake.id] >= 1  # the toll rose from 14 to 17: an update
        lone = story_titled(app, "Harn library")
        assert stories.disputed[lone.id] == NOT_COUNTED  # one report: no facts to dispute


async def test_the_seeds_are_one_story_and_open_on_their_articles(seeds: Path) -> None:
    app = story_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, sources, _, _ = parts(app)
        assert screen.stories is not None and len(screen.stories.stories) == 1
        assert screen.left == "articles" and sources.display and len(sources.rows) == 5
        assert "1 story" in screen.sub_title


async def test_g_switches_and_enter_lists_a_storys_articles(library_dir: Path) -> None:
    app = story_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, sources, view, _ = parts(app)
        stories = screen.query_one(StoryList)
        flood = story_titled(app, "Dam breach")
        stories.select(flood.id)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.left == "articles" and screen.story is not None
        assert screen.story.id == flood.id
        assert {a.id for a in sources.rows} == set(flood.articles)
        assert "4 reports, 4 outlets" in screen_text(app)  # the story's line above its list
        await pilot.press("enter")  # an article of the story opens as any other
        await settle(pilot)
        assert view.article is not None and view.article.id in flood.articles
        await pilot.press("escape", "escape")  # article -> the story's list -> the stories
        assert screen.left == "stories" and screen.story is None
        assert stories.current_story.id == flood.id
        await pilot.press("g")  # from the stories: every article
        assert screen.left == "articles" and len(sources.rows) == 13
        await pilot.press("g")
        assert screen.left == "stories" and stories.has_focus


async def test_copies_are_marked_in_the_list_and_the_article(library_dir: Path) -> None:
    app = story_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, sources, view, _ = parts(app)
        screen.open_story(story_titled(app, "Dam breach"))
        await settle(pilot)
        # the agency report is the original; the spun rewrite and the republication copy it
        assert sources.copy_of == {"flood-daily": "agency", "flood-spun": "agency"}
        text = screen_text(app)
        assert text.count("≈ copy of agency") == 2
        sources.select("flood-spun")
        await pilot.press("enter")
        await settle(pilot)
        assert "a copy of agency's report" in screen_text(app)
        await pilot.press("escape")
        sources.select("flood-observer")
        await pilot.press("enter")
        await settle(pilot)
        assert "copy of" not in view.note


async def test_f_covers_the_story_under_the_cursor_with_its_copy_groups(
    library_dir: Path,
) -> None:
    app = story_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        flood = story_titled(app, "Dam breach")
        screen.query_one(StoryList).select(flood.id)
        await pilot.press("f")
        await settle(pilot)
        facts = app.screen
        assert isinstance(facts, FactsScreen)
        assert {a.id for a in facts.articles} == set(flood.articles)
        assert facts.scope == "the story “Dam breach floods Lorvik villages”"
        assert "Facts · the story “Dam breach floods Lorvik villages”" in screen_text(app)
        groups = facts.source_groups
        assert groups is not None
        assert groups["flood-agency"] == groups["flood-spun"] == groups["flood-daily"]
        assert groups["flood-observer"] != groups["flood-agency"]


async def test_c_compares_the_storys_most_independent_reports(library_dir: Path) -> None:
    app = story_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        flood = story_titled(app, "Dam breach")
        screen.open_story(flood)
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        ids = [a.id for a in compare.articles]
        assert ids == screen.stories.independent(flood.id, 4)
        assert 2 <= len(ids) <= 4 and "flood-observer" in ids
        assert compare.scope == (
            "the most independent reports of the story “Dam breach floods Lorvik villages”"
        )
        assert "Compare · the most independent reports of the story “Dam" in screen_text(app)
        groups = compare.source_groups
        assert groups is not None and set(groups) == set(ids)  # the story's, not recomputed
        assert groups == {i: screen.stories.source_groups()[i] for i in ids}


async def test_marked_copies_keep_the_librarys_source_groups(library_dir: Path) -> None:
    """Marked copies of one wire report go to facts and compare as one source, from the
    library's stories (not the screens' own grouping of the marked articles)."""
    app = story_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, sources, _, _ = parts(app)
        screen.open_story(story_titled(app, "Dam breach"))
        await settle(pilot)
        for article_id in ("flood-agency", "flood-spun", "flood-observer"):
            sources.select(article_id)
            await pilot.press("space")
        assert sorted(sources.marked) == ["flood-agency", "flood-observer", "flood-spun"]
        await pilot.press("f")
        await settle(pilot)
        facts = app.screen
        assert isinstance(facts, FactsScreen)
        assert facts.scope == "the marked articles"
        groups = facts.source_groups
        assert groups is not None and set(groups) == set(sources.marked)
        assert groups["flood-agency"] == groups["flood-spun"] != groups["flood-observer"]
        assert "3 articles · 2 sources" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.scope == "the marked articles"
        assert compare.source_groups == groups


async def test_marks_still_win_over_the_open_story(library_dir: Path) -> None:
    calls: list[list[str]] = []
    app = story_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, sources, _, _ = parts(app)
        screen.open_compare = lambda articles, *_: calls.append([a.id for a in articles])  # type: ignore[method-assign]
        screen.open_story(story_titled(app, "Velmora quake"))
        await settle(pilot)
        first, second = sources.rows[0].id, sources.rows[1].id
        await pilot.press("space", "space")
        assert sources.marked == [first, second]
        await pilot.press("c")
        assert calls == [[first, second]]


async def test_one_report_story_says_so_on_c(library_dir: Path) -> None:
    app = story_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(StoryList).select(story_titled(app, "Harn library").id)
        await pilot.press("c")
        assert not isinstance(app.screen, CompareScreen)
        assert any("one report" in n.message for n in app._notifications)


async def test_the_palette_lists_stories(library_dir: Path) -> None:
    app = story_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await run_in_palette(pilot, "story corvane")
        assert screen.story is not None and screen.story.title.startswith("Judge jails Corvane")
        assert screen.left == "articles"


async def test_disputed_facts_are_counted_for_the_stories_on_screen_only(
    tmp_path: Path,
) -> None:
    folder = write_story_library(tmp_path / "reports")
    syllables = ["ka", "lo", "mi", "ru", "te", "va", "zo", "pe", "di", "su", "ne", "gra"]
    for n in range(40):  # many more stories than rows on a 24-line screen, none alike
        words = [
            "".join(syllables[(n * 7 + i * 5 + k) % len(syllables)] for k in range(3)) + str(n)
            for i in range(24)
        ]
        text = " ".join(words[:12]) + ".\n\n" + " ".join(words[12:]) + "."
        (folder / f"odd{n:02d}.txt").write_text(
            f"---\noutlet: town{n}\npublished: 2031-07-{n % 28 + 1:02d}T09:00:00\n---\n"
            f"{words[0].title()} {words[1]} {words[2]}\n\n{text}\n",
            encoding="utf-8",
        )
    app = story_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await counted(pilot)
        stories = app.screen.query_one(StoryList)
        assert len(stories.rows) > 40
        on_screen = {s.id for s in stories.rows[: stories.size.height - 1]}
        assert on_screen <= set(stories.disputed)
        assert len(stories.disputed) < len(stories.rows)  # the rest were never asked for
        await pilot.press("end")
        await counted(pilot)
        assert stories.rows[-1].id in stories.disputed  # scrolled into view: counted


async def test_the_next_start_on_the_stories_gives_them_the_keys(library_dir: Path) -> None:
    """The first page (the last run's rows) shows the stories at once: they have the focus,
    so down and enter open a story (the hidden article list took them and opened an article)."""
    app = story_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.left == "stories"
    again = story_app(library_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = again.screen
        stories = screen.query_one(StoryList)
        assert screen.left == "stories" and stories.has_focus
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.story is not None and screen.story.id == stories.rows[1].id
        assert screen.left == "articles" and screen.query_one("#sources").has_focus
        assert parts(again)[2].article is None  # a story opened, no article


async def test_disputed_facts_come_for_rows_drawn_before_the_stories_are_read(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next start draws the last run's stories (the first page) before the grouping is
    read: their disputed facts are asked for then, and counted once the stories are ready
    (the last run ended before it had counted them, so the page has no counts)."""
    import kzreader.stories as stories_module
    import kzreader.tui.screens.stories as stories_view

    with monkeypatch.context() as patch:
        patch.setattr(stories_view, "count_disputed_in_worker", lambda *args: None)
        app = story_app(library_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert len(app.screen.query_one(StoryList).rows) == 5
            assert not app.screen.query_one(StoryList).disputed

    release = threading.Event()
    real = stories_module.stories_for

    def held(library, **kwargs):
        assert release.wait(20)
        return real(library, **kwargs)

    monkeypatch.setattr(stories_module, "stories_for", held)
    again = story_app(library_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        screen = again.screen
        stories = screen.query_one(StoryList)
        for _ in range(100):
            await pilot.pause(0.02)
            if stories.rows:
                break
        assert screen.stories is None and len(stories.rows) == 5  # the first page's rows
        assert not stories.disputed  # asked for now, counted once the stories are read
        release.set()
        await counted(pilot)
        assert set(stories.disputed) == {s.id for s in stories.rows}


async def test_the_article_list_works_while_the_stories_are_grouped(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kzreader.stories as stories_module

    release = threading.Event()
    real = stories_module.stories_for

    def slow(library, **kwargs):  # a cold build of a big library, held until released
        assert release.wait(20)
        return real(library, **kwargs)

    monkeypatch.setattr(stories_module, "stories_for", slow)
    app = story_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _sources, view, _ = parts(app)
        for _ in range(200):
            await pilot.pause(0.02)
            if screen.ready and screen.library is not None:
                break
        assert screen.stories is None and "grouping stories" in screen.sub_title
        assert "Grouping 13 articles into stories" in screen_text(app)  # above the footer
        await pilot.press("down", "enter")  # the list is usable meanwhile
        await pilot.pause(0.1)
        assert view.article is not None
        release.set()
        await settle(pilot)
        assert screen.stories is not None
        assert screen.left == "articles"  # the reader was using the list: it stays
        assert any("g shows them" in n.message for n in app._notifications)


async def test_a_failed_grouping_is_a_warning_and_the_list_stays(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import kzreader.stories as stories_module

    def broken(library, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(stories_module, "stories_for", broken)
    app = story_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, sources, _, _ = parts(app)
        assert screen.left == "articles" and len(sources.rows) == 13
        warnings = [n for n in app._notifications if n.title == "Stories unavailable"]
        assert len(warnings) == 1 and warnings[0].severity == "warning"
        await pilot.press("g")
        assert "Stories unavailable" in screen_text(app)


@pytest.mark.parametrize("size", SIZES)
def test_stories_view_snapshot(snap_compare, library_dir: Path, size) -> None:
    assert snap_compare(story_app(library_dir), terminal_size=size, run_before=counted)


@pytest.mark.parametrize("size", SIZES)
def test_open_story_snapshot(snap_compare, library_dir: Path, size) -> None:
    async def open_flood(pilot: Pilot) -> None:
        await counted(pilot)
        app = pilot.app
        app.screen.query_one(StoryList).select(story_titled(app, "Dam breach").id)  # type: ignore[arg-type]
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(story_app(library_dir), terminal_size=size, run_before=open_flood)
