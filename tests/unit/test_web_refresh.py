"""Refresh against a local server: new and updated entries, 304, failures recorded and retried,
hostile feeds; the refresh always goes on.  Pages are built from ../shared/corpora/clusters."""

from __future__ import annotations

import html
import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from web_server import CORPORA, LocalServer, Route, article_html, cluster_paragraphs, gzipped, rss

from kzreader.web import Fetcher, FetchLimits, RefreshProgress, Store, add_urls, refresh

MB = 1024 * 1024


@pytest.fixture(scope="module")
def shared_server():
    srv = LocalServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def server(shared_server):
    shared_server.routes.clear()
    shared_server.requests.clear()
    return shared_server


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "store.sqlite3") as opened:
        yield opened


def quick(**limits: float) -> Fetcher:
    base = {"host_interval": 0.0, "read_timeout": 2.0, "total_timeout": 5.0, "workers": 4}
    base.update(limits)
    return Fetcher(FetchLimits(**base))  # type: ignore[arg-type]


PARAGRAPHS = [
    "The island ferry sailed again on Tuesday morning, four days after the storm tore a pier "
    "loose and left some 2,300 residents without a link to the mainland.",
    "The operator said the first crossing carried 140 passengers and a truck of fresh water, "
    "and that the timetable would be back to normal by Thursday.",
    "Harbour master Ole Brandt said the repairs had cost about 80,000 euros and that the pier "
    "would be inspected again next month.",
]


def item(
    server: LocalServer,
    path: str,
    title: str,
    guid: str,
    summary: str = "Short summary.",
    **extra: str,
) -> dict[str, str]:
    return {
        "title": title,
        "link": server.url(path),
        "guid": guid,
        "description": html.escape(f"<p>{summary}</p>"),
        **extra,
    }


def serve_feed(server: LocalServer, path: str, items: list[dict[str, str]], etag: str = '"1"'):
    server.routes[path] = Route(
        body=rss("Harbour Times", items),
        headers={"Content-Type": "application/rss+xml"},
        etag=etag,
    )
    return server.url(path)


def test_new_entries_are_stored_with_the_page_text_not_the_summary(server, store):
    server.page("/ferry", article_html("Ferry Service Resumes", PARAGRAPHS))
    feed = serve_feed(server, "/feed", [item(server, "/ferry", "Ferry", "g1")])
    store.add_feed(feed)
    seen: list[RefreshProgress] = []
    report = refresh(
        store, fetcher=quick(), progress=lambda p: seen.append(RefreshProgress(**vars(p)))
    )
    assert (report.new, report.updated, report.errors) == (1, 0, [])
    [row] = list(store.rows())
    assert row.source == "page" and row.outlet == "The Example Gazette"
    assert row.title == "Ferry Service Resumes" and "80,000 euros" in row.text
    assert "Short summary" not in row.text and "Home" not in row.text
    assert row.published is not None and row.published.isoformat() == "2024-05-06T08:30:00+02:00"
    assert row.feed == feed and row.url == server.url("/ferry")
    assert seen[-1].feeds_done == 1 and seen[-1].pages_done == 1 and seen[-1].new == 1
    assert store.feeds()[0].title == "Harbour Times"


def test_second_refresh_is_a_304_and_fetches_no_page(server, store):
    server.page("/ferry", article_html("Ferry Service Resumes", PARAGRAPHS))
    feed = serve_feed(server, "/feed", [item(server, "/ferry", "Ferry", "g1")])
    store.add_feed(feed)
    refresh(store, fetcher=quick())
    server.requests.clear()
    report = refresh(store, fetcher=quick())
    assert (report.new, report.updated, report.pages) == (0, 0, 0)
    assert [path for path, _ in server.requests] == ["/feed"]
    assert server.requests[0][1]["if-none-match"] == '"1"'


def test_an_updated_entry_updates_its_article_not_a_duplicate(server, store):
    server.page("/ferry", article_html("Ferry Service Resumes", PARAGRAPHS))
    feed = serve_feed(server, "/feed", [item(server, "/ferry", "Ferry", "g1")])
    store.add_feed(feed)
    refresh(store, fetcher=quick())
    [before] = list(store.rows())
    changed = [*PARAGRAPHS[:2], PARAGRAPHS[2].replace("80,000", "95,000")]
    server.page("/ferry", article_html("Ferry Service Resumes", changed))
    serve_feed(
        server, "/feed", [item(server, "/ferry", "Ferry", "g1", "Updated summary.")], etag='"2"'
    )
    report = refresh(store, fetcher=quick())
    assert (report.new, report.updated) == (0, 1)
    [after] = list(store.rows())
    assert after.id == before.id and "95,000 euros" in after.text


def test_failing_page_falls_back_to_the_summary_and_is_retried(server, store):
    feed = serve_feed(
        server,
        "/feed",
        [
            item(server, "/gone", "Gone page", "g1", "The summary says the pier reopened today."),
            item(server, "/err", "Server error", "g2", "Another summary about the harbour works."),
        ],
    )
    server.routes["/err"] = Route(status=500, body=b"oops")
    store.add_feed(feed)
    report = refresh(store, fetcher=quick())
    assert report.new == 2 and report.summaries == 2 and len(report.errors) == 2
    assert {e[1].split(": ", 1)[1] for e in report.errors} == {
        "HTTP 404 Not Found",
        "HTTP 500 Internal Server Error",
    }
    rows = {r.url: r for r in store.rows()}
    assert rows[server.url("/gone")].source == "summary"
    assert "pier reopened today" in rows[server.url("/gone")].text
    failing = store.failing_entries()
    assert len(failing) == 2 and all(attempts == 1 for *_, attempts in failing)
    # the page comes back: the next refresh (a 304 for the feed) upgrades the article
    server.page("/gone", article_html("The Pier Reopens", PARAGRAPHS))
    report = refresh(store, fetcher=quick())
    assert report.updated == 1 and report.new == 0
    rows = {r.url: r for r in store.rows()}
    assert rows[server.url("/gone")].source == "page"
    assert rows[server.url("/gone")].id == next(
        iter(r.id for r in store.rows() if r.url == server.url("/gone"))
    )
    assert len(store.failing_entries()) == 1


def test_one_bad_feed_never_stops_the_others(server, store):
    server.page("/ferry", article_html("Ferry Service Resumes", PARAGRAPHS))
    good = serve_feed(server, "/good", [item(server, "/ferry", "Ferry", "g1")])
    server.routes["/slow"] = Route(body=rss("Slow", []), delay=3.0)
    server.routes["/broken"] = Route(
        body=b"<html><p>not a feed</p></html>", headers={"Content-Type": "text/html"}
    )
    server.routes["/500"] = Route(status=500)
    server.routes["/endless"] = Route(stream=lambda: itertools.repeat(b"<item>" * 1000))
    feeds = [server.url(p) for p in ("/slow", "/broken", "/500", "/missing", "/endless")]
    for url in [*feeds, good]:
        store.add_feed(url)
    report = refresh(store, fetcher=quick(read_timeout=0.5, max_bytes=MB))
    assert report.new == 1
    info = {f.url: f for f in store.feeds()}
    assert info[good].last_error is None
    assert "timed out" in (info[server.url("/slow")].last_error or "")
    assert "not an RSS, Atom or JSON feed" in (info[server.url("/broken")].last_error or "")
    assert "HTTP 500" in (info[server.url("/500")].last_error or "")
    assert "HTTP 404" in (info[server.url("/missing")].last_error or "")
    assert "over the 1 MB limit" in (info[server.url("/endless")].last_error or "")
    assert all(info[u].failures == 1 for u in feeds)
    refresh(store, feeds=[server.url("/500")], fetcher=quick())
    assert store.feed(server.url("/500")).failures == 2  # retried, counted


def test_hostile_links_are_refused_and_not_retried(server, store):
    other = LocalServer().start()
    try:
        other.page("/secret", article_html("Secret", PARAGRAPHS))
        items = [
            {"title": "js", "link": "javascript:alert(1)", "guid": "a", "description": "js"},
            {"title": "file", "link": "file:///etc/passwd", "guid": "b", "description": "f"},
            {"title": "data", "link": "data:text/html,<p>x</p>", "guid": "c", "description": "d"},
            {
                "title": "other port",
                "link": other.url("/secret"),
                "guid": "d",
                "description": "A summary of the other port.",
            },
        ]
        store.add_feed(serve_feed(server, "/feed", items))
        report = refresh(store, fetcher=quick())
        assert len(report.errors) == 4 and other.requests == []
        assert any("not this feed's own origin" in e for _, e in report.errors)
        assert {r.title for r in store.rows()} == {"other port"}  # its summary, not the page
        report = refresh(store, fetcher=quick())
        assert report.pages == 0 and report.errors == []  # refused for good: not retried
    finally:
        other.stop()


def test_gzip_pages_a_50_mb_page_and_a_gzip_bomb(server, store):
    body = article_html("Zipped Ferry Story", PARAGRAPHS).encode()
    server.routes["/gz"] = Route(
        body=gzipped(body), headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    server.routes["/huge"] = Route(
        body=b"<p>" + b"a" * (50 * MB), headers={"Content-Type": "text/html"}
    )
    server.routes["/bomb"] = Route(
        body=gzipped(b"\0" * (64 * MB)),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )
    server.routes["/png"] = Route(body=b"\x89PNG", headers={"Content-Type": "image/png"})
    store.add_feed(
        serve_feed(
            server,
            "/feed",
            [
                item(server, "/gz", "gz", "1"),
                item(server, "/huge", "huge", "2"),
                item(server, "/bomb", "bomb", "3"),
                item(server, "/png", "png", "4"),
            ],
        )
    )
    report = refresh(store, fetcher=quick(max_bytes=4 * MB))
    rows = {r.url: r for r in store.rows()}
    assert rows[server.url("/gz")].source == "page"
    errors = dict(report.errors)
    assert "over the 4 MB limit" in errors[server.url("/huge")]
    assert "once decompressed" in errors[server.url("/bomb")]
    assert "not a web page (content type image/png)" in errors[server.url("/png")]


def test_add_urls_and_a_failure_retried_by_refresh(server, store):
    url = server.page("/one", article_html("One Page", PARAGRAPHS))
    report = add_urls(store, [url, server.url("/later")], fetcher=quick())
    assert report.new == 1 and len(report.errors) == 1
    server.page("/later", article_html("Later Page", PARAGRAPHS[::-1]))
    report = refresh(store, fetcher=quick())
    assert report.new == 1
    assert {r.title for r in store.rows()} == {"One Page", "Later Page"}
    again = add_urls(store, [url], fetcher=quick())
    assert (again.new, again.updated) == (0, 0) and store.article_count() == 2


def test_same_article_through_two_feeds_is_stored_once(server, store):
    server.page("/ferry", article_html("Ferry Service Resumes", PARAGRAPHS))
    a = serve_feed(server, "/a", [item(server, "/ferry", "Ferry", "x")])
    b = serve_feed(server, "/b", [item(server, "/ferry", "Ferry", "y")])
    store.add_feed(a)
    store.add_feed(b)
    report = refresh(store, fetcher=quick())
    assert report.new == 1 and store.article_count() == 1


def test_cluster_reports_as_a_feed(server, store):
    folder = CORPORA / "clusters" / "aceh-earthquake-2013-07"
    if not folder.is_dir():
        pytest.skip("../shared/corpora/clusters is absent")
    articles = cluster_paragraphs(folder)
    items = []
    for stem, (headline, sentences) in articles.items():
        server.page(
            f"/{stem}",
            article_html(html.escape(headline), [html.escape(s) for s in sentences], site=stem),
        )
        items.append(item(server, f"/{stem}", html.escape(headline), stem))
    store.add_feed(serve_feed(server, "/cluster", items))
    report = refresh(store, fetcher=quick())
    assert report.new == len(articles) and report.errors == []
    rows = {r.url: r for r in store.rows()}
    for stem, (_headline, sentences) in articles.items():
        assert rows[server.url(f"/{stem}")].outlet.lower() == stem.lower()
        text = rows[server.url(f"/{stem}")].text
        kept = sum(" ".join(s.split()) in text for s in sentences)
        assert kept >= 0.9 * len(sentences), stem


KILLER = textwrap.dedent(
    """
    import sys
    from kzreader.web import Fetcher, FetchLimits, Store, refresh
    store = Store.open(__import__("pathlib").Path(sys.argv[1]))
    print("started", flush=True)
    refresh(store, fetcher=Fetcher(FetchLimits(host_interval=0.0, workers=2)),
            progress=lambda p: print(p.pages_done, flush=True))
    """
)


def test_kill_9_during_a_refresh_leaves_a_consistent_store(server, tmp_path):
    items = []
    for i in range(30):
        server.page(f"/p{i}", article_html(f"Story number {i}", [f"{p} ({i})" for p in PARAGRAPHS]))
        server.routes[f"/p{i}"].delay = 0.15
        items.append(item(server, f"/p{i}", f"Story {i}", f"g{i}"))
    path = tmp_path / "store.sqlite3"
    with Store.open(path) as store:
        store.add_feed(serve_feed(server, "/feed", items))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLER, str(path)], stdout=subprocess.PIPE, env=env, text=True
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    for line in proc.stdout:
        if (line.strip().isdigit() and int(line) >= 5) or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    pending = db.execute("SELECT COUNT(*) FROM entries WHERE state != 'done'").fetchone()[0]
    db.close()
    assert 5 <= stored < 30 and stored + pending == 30
    with Store.open(path) as store:
        report = refresh(store, fetcher=quick())
        assert report.new == 30 - stored and store.article_count() == 30
        assert store.pending() == []
