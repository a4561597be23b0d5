"""The web in the reader (issue 12): refresh from a key and the palette with progress, new
articles without a restart, unread marks and read state kept in the store, the feed / outlet
filter, the URL shown and opened.  Feeds and pages come from a server on 127.0.0.1 started
here; nothing leaves the machine and no browser is ever launched."""

from __future__ import annotations

import dataclasses
import webbrowser
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kzreader import locations
from kzreader.config import Config, SearchConfig
from kzreader.tui.app import KzReaderApp, make_app
from kzreader.tui.browser import plan_opening
from kzreader.tui.widgets.source_list import parse_filter
from kzreader.web import Fetcher, FetchLimits, Store
from tests.tui.conftest import parts, run_in_palette, screen_text, settle
from tests.unit.web_server import LocalServer, Route, article_html, rss

FERRY = [
    "The island ferry sailed again on Tuesday morning, four days after the storm tore a pier "
    "loose and left some 2,300 residents without a link to the mainland.",
    "The operator said the first crossing carried 140 passengers and a truck of fresh water, "
    "and that the timetable would be back to normal by Thursday.",
]
MARKET = [
    "The covered market of Ostrel will close for a year from March while its iron roof is "
    "replaced, the town council decided on Monday evening.",
    "Stallholders will move to a car park by the river; the council said rents there would be "
    "halved for the whole of the works.",
]


@pytest.fixture(scope="module")
def shared_server():
    server = LocalServer().start()
    yield server
    server.stop()


@pytest.fixture
def server(shared_server: LocalServer) -> LocalServer:
    shared_server.routes.clear()
    shared_server.requests.clear()
    return shared_server


@pytest.fixture(autouse=True)
def no_browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to launch a browser is recorded and fails the test."""
    launched: list[str] = []

    def refuse(*args: object, **kwargs: object) -> bool:
        launched.append(str(args))
        raise AssertionError("a test tried to launch a browser")

    monkeypatch.setattr(webbrowser, "open", refuse)
    monkeypatch.setattr(webbrowser, "open_new_tab", refuse)
    return launched


def serve(server: LocalServer, pages: dict[str, tuple[str, list[str]]]) -> str:
    """A feed with one entry per page; returns the feed's URL."""
    items = []
    for n, (path, (title, paragraphs)) in enumerate(pages.items()):
        server.page(path, article_html(title, paragraphs, site="Harbour Times"))
        items.append(
            {"title": title, "link": server.url(path), "guid": f"g{n}", "description": "Short."}
        )
    server.routes["/feed.xml"] = Route(
        body=rss("Harbour Times", items), headers={"Content-Type": "application/rss+xml"}
    )
    return server.url("/feed.xml")


def subscribe(feed: str) -> None:
    path = locations.store_file()
    with Store.open(path) as store:
        store.add_feed(feed)


def web_app(folder: Path) -> KzReaderApp:
    app = make_app(Config(search=SearchConfig(debounce_ms=0)), [folder])
    return app


def quick_fetcher() -> Fetcher:
    return Fetcher(FetchLimits(host_interval=0.0, read_timeout=2.0, total_timeout=5.0))


async def refreshed(pilot: Pilot) -> None:
    """Press r and wait for the refresh, the new library, its index and its stories."""
    screen = pilot.app.screen
    screen.fetcher = quick_fetcher()
    await pilot.press("r")
    for _ in range(300):
        await settle(pilot)
        if not screen.refreshing:
            break
        await pilot.pause(0.05)
    await settle(pilot)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """One local file besides the web articles."""
    path = tmp_path / "files"
    path.mkdir()
    (path / "local.txt").write_text(
        "---\noutlet: Local Post\npublished: 2024-05-01T09:00:00\n---\n"
        "Town hall gets solar roof\n\nThe town hall of Ostrel now has 400 solar panels on its "
        "roof, the council said.\n",
        encoding="utf-8",
    )
    return path


async def test_refresh_brings_new_articles_without_a_restart(
    server: LocalServer, folder: Path
) -> None:
    feed = serve(server, {"/ferry": ("Ferry Service Resumes", FERRY)})
    subscribe(feed)
    app = web_app(folder)
    progress: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, sources, _, _ = parts(app)
        assert [a.outlet for a in sources.rows] == ["Local Post"]
        real = screen.show_activity

        def seen(what: str, text: str | None) -> None:  # what the line above the footer shows
            real(what, text)
            progress.append(text or "")

        screen.show_activity = seen  # type: ignore[method-assign]
        await refreshed(pilot)
        titles = [a.title for a in sources.rows]
        assert "Ferry Service Resumes" in titles and len(titles) == 2
        ferry = next(a for a in sources.rows if a.title == "Ferry Service Resumes")
        assert ferry.url == server.url("/ferry") and ferry.feed == feed
        assert sources.unread == {ferry.id}  # new: unread
        assert any("Refreshing: feeds 1/1" in line and "new" in line for line in progress)
        assert not screen.query_one("#activity").display  # the line goes when it is done
        assert any("1 new" in n.message for n in app._notifications)
        # searched and grouped like files, without a restart
        assert screen.index is not None and screen.index.library.get(ferry.id) is not None
        assert screen.stories is not None and screen.stories.story_of(ferry.id) is not None
        # a second feed entry later: the next refresh adds it, the first stays
        serve(
            server,
            {
                "/ferry": ("Ferry Service Resumes", FERRY),
                "/market": ("Ostrel Market To Close For Repairs", MARKET),
            },
        )
        await refreshed(pilot)
        assert len(sources.rows) == 3 and len(sources.unread) == 2


async def test_opening_marks_read_in_the_store_and_it_stays_read(
    server: LocalServer, folder: Path
) -> None:
    subscribe(serve(server, {"/ferry": ("Ferry Service Resumes", FERRY)}))
    app = web_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await refreshed(pilot)
        screen, sources, view, _ = parts(app)
        ferry = next(a for a in sources.rows if a.url)
        assert "• " in screen_text(app) and "1 unread" in screen.sub_title
        sources.select(ferry.id)
        await pilot.press("enter")
        await settle(pilot)
        assert view.article is not None and view.article.id == ferry.id
        assert ferry.id not in sources.unread
        with Store.open(locations.store_file(), create=False, readonly=True) as store:
            assert ferry.id in store.read_ids()
        await pilot.press("u")  # unread again, in the store too
        await settle(pilot)
        with Store.open(locations.store_file(), create=False, readonly=True) as store:
            assert ferry.id in store.unread_ids()
        await pilot.press("u")
        await settle(pilot)
    again = web_app(folder)  # a new run reads the read state from the store
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _, sources, _, _ = parts(again)
        assert sources.unread == set()


async def test_the_article_view_shows_the_url_and_o_never_launches_in_tests(
    server: LocalServer, folder: Path, no_browser: list[str]
) -> None:
    subscribe(serve(server, {"/ferry": ("Ferry Service Resumes", FERRY)}))
    app = web_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await refreshed(pilot)
        _, sources, view, _ = parts(app)
        sources.select(next(a.id for a in sources.rows if a.url))
        await pilot.press("enter")
        await settle(pilot)
        url = server.url("/ferry")
        assert url in screen_text(app)  # under the byline
        view.focus()
        await pilot.press("o")
        await pilot.pause()
        assert no_browser == []
        assert any(n.message == f"URL: {url}" for n in app._notifications)
        sources.select(next(a.id for a in sources.rows if not a.url))
        sources.focus()
        await pilot.press("o")  # a file has no URL: said so
        await pilot.pause()
        assert any("no URL" in n.message for n in app._notifications)


async def test_refresh_without_feeds_says_how_and_creates_no_store(folder: Path) -> None:
    app = web_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert any("kzreader feeds add URL" in n.message for n in app._notifications)
        assert not locations.store_file().exists()


async def test_refresh_from_the_palette_and_a_failing_feed_is_reported(
    server: LocalServer, folder: Path
) -> None:
    subscribe(server.url("/gone.xml"))  # answers 404
    app = web_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.fetcher = quick_fetcher()
        await run_in_palette(pilot, "refresh feeds")
        for _ in range(200):
            await settle(pilot)
            if not app.screen.refreshing:
                break
        failed = [n for n in app._notifications if n.title == "Refresh"]
        assert failed and "1 failed" in failed[-1].message and "gone.xml" in failed[-1].message
        assert failed[-1].severity == "warning"
        assert len(parts(app)[1].rows) == 1  # the library is as it was


async def test_feed_outlet_and_unread_filters(server: LocalServer, folder: Path) -> None:
    feed = serve(server, {"/ferry": ("Ferry Service Resumes", FERRY)})
    subscribe(feed)
    app = web_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await refreshed(pilot)
        screen, sources, _, _ = parts(app)
        screen.show_left("articles")
        await pilot.press("ctrl+f")
        for key in "is:unread":
            await pilot.press(key)
        assert [a.title for a in sources.rows] == ["Ferry Service Resumes"]
        await pilot.press("ctrl+u")
        for key in 'outlet:"local post"':
            await pilot.press({" ": "space", '"': "quotation_mark", ":": "colon"}.get(key, key))
        assert [a.outlet for a in sources.rows] == ["Local Post"]
        await pilot.press("escape")
        await run_in_palette(pilot, "only the feed harbour")
        assert [a.feed for a in sources.rows] == [feed]
        assert screen.query_one("#filter").value == f"feed:{feed}"
        await run_in_palette(pilot, "show every article")
        assert len(sources.rows) == 2


def test_the_filter_syntax() -> None:
    keep = parse_filter('quake outlet:"Radio Free" feed:harbour is:unread')
    assert keep.words == ("quake",) and keep.outlets == ("radio free",)
    assert keep.feeds == ("harbour",) and keep.unread
    assert parse_filter('outlet:"half typed').outlets == ('"half',) or parse_filter(
        'outlet:"half typed'
    ).words == ("typed",)
    assert not parse_filter("   ")


def test_plan_opening(monkeypatch: pytest.MonkeyPatch) -> None:
    assert plan_opening(None).kind == "refused"
    assert plan_opening("javascript:alert(1)").kind == "refused"
    assert plan_opening("file:///etc/passwd").kind == "refused"
    assert plan_opening("https://example.org/a b").kind == "refused"
    assert plan_opening("https://example.org/\x1b[2J").kind == "refused"

    def none() -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", none)
    assert plan_opening("https://example.org/story").kind == "none"
    monkeypatch.setattr(webbrowser, "get", lambda: webbrowser.GenericBrowser("lynx"))
    assert plan_opening("https://example.org/story").kind == "console"
    monkeypatch.setattr(webbrowser, "get", lambda: webbrowser.BackgroundBrowser("firefox"))
    monkeypatch.setenv("DISPLAY", ":0")
    assert plan_opening("https://example.org/story").kind == "gui"


async def test_a_console_browser_runs_with_the_reader_suspended(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The path a real terminal takes (the app is told it is not headless): the browser
    object is a stand-in that records the URL, so nothing is launched."""
    from kzreader.tui import browser as browser_module
    from kzreader.tui.browser import Opening

    opened: list[str] = []

    class Recorder(webbrowser.BaseBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr(
        browser_module,
        "plan_opening",
        lambda url: Opening("console", url or "", Recorder("recorder")),
    )
    app = web_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, sources, view, _ = parts(app)
        article = sources.rows[0]
        view.show(article)
        screen.active = "article"
        suspended: list[bool] = []

        class Suspend:
            def __enter__(self) -> None:
                suspended.append(True)

            def __exit__(self, *exc: object) -> None:
                return None

        monkeypatch.setattr(type(app), "is_headless", property(lambda self: False))
        monkeypatch.setattr(app, "suspend", lambda: Suspend())
        web_copy = dataclasses.replace(article, url="https://example.org/x")
        screen.current_article = lambda: web_copy  # type: ignore[method-assign]
        screen.action_open_url()
        assert opened == ["https://example.org/x"] and suspended == [True]
