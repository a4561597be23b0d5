"""`kzreader add`, `feeds ...`, `refresh`, `export`, and stored articles in every command.
A local server on 127.0.0.1 serves the feeds and pages."""

from __future__ import annotations

import html
import json
import subprocess
import sys

import pytest
from web_server import LocalServer, Route, article_html, rss

from kzreader.cli import main
from kzreader.web import FetchLimits

PARAGRAPHS = [
    "The regional council voted on Monday to close the old coal plant by 2029, three years "
    "earlier than planned, after a debate that lasted seven hours.",
    "Council leader Anna Berg said 420 workers would be offered jobs at a new grid battery "
    "site, and that the plan would cost about 35 million euros.",
    "Opponents said the vote came too fast and that the battery site had not been approved.",
]


@pytest.fixture(scope="module")
def shared_server():
    srv = LocalServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def server(shared_server, monkeypatch):
    shared_server.routes.clear()
    shared_server.requests.clear()
    # the CLI's fetcher, without the per-host pause (one local host serves everything)
    monkeypatch.setattr("kzreader.web.update.FetchLimits", lambda: FetchLimits(host_interval=0))
    return shared_server


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def feed_with(server: LocalServer, count: int = 2) -> str:
    items = []
    for i in range(count):
        path = f"/story{i}"
        server.page(path, article_html(f"Coal Plant Vote {i}", [f"{p} ({i})" for p in PARAGRAPHS]))
        items.append(
            {
                "title": f"Vote {i}",
                "link": server.url(path),
                "guid": f"v{i}",
                "description": html.escape("<p>summary</p>"),
            }
        )
    server.routes["/feed.xml"] = Route(
        body=rss("Council News", items), headers={"Content-Type": "application/rss+xml"}
    )
    return server.url("/feed.xml")


def test_feeds_add_list_refresh_and_the_library_sees_the_articles(server, capsys):
    feed = feed_with(server)
    code, out, _ = run(capsys, "feeds", "add", feed)
    assert code == 0 and f"subscribed: {feed}" in out
    code, out, _ = run(capsys, "refresh")
    assert code == 0
    assert "refreshed 1 feed, 2 pages: 2 new, 0 updated, 0 errors" in out
    assert f"feed ok: {feed}" in out  # not a terminal: one plain line per event
    code, out, _ = run(capsys, "feeds", "list", "--json")
    [info] = json.loads(out)["feeds"]
    assert (info["title"], info["articles"], info["unread"], info["last_error"]) == (
        "Council News",
        2,
        2,
        None,
    )

    code, out, _ = run(capsys, "sources", "--json")
    stored = [a for a in json.loads(out)["articles"] if a["id"].startswith("web:")]
    assert len(stored) == 2 and all(a["url"] for a in stored)
    article_id = stored[0]["id"]
    code, out, _ = run(capsys, "show", article_id)
    assert code == 0 and out.splitlines()[2] == stored[0]["url"]
    code, out, _ = run(capsys, "show", article_id, "--json")
    shown = json.loads(out)
    assert shown["feed"] == feed and shown["outlet"] == "The Example Gazette"
    code, out, _ = run(capsys, "search", "battery", "--json")
    hits = {h["article"] for h in json.loads(out)["hits"]}
    assert {a["id"] for a in stored} <= hits


def test_export_json_lines_and_one_document(server, capsys):
    feed_with(server, 1)
    run(capsys, "feeds", "add", server.url("/feed.xml"))
    run(capsys, "refresh")
    code, out, _ = run(capsys, "export")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 6  # five seeds and one stored article
    assert set(lines[0]) >= {"id", "outlet", "title", "published", "url", "text"}
    assert lines[-1]["url"] == server.url("/story0") and "35 million euros" in lines[-1]["text"]
    code, out, _ = run(capsys, "export", "--json")
    assert [a["id"] for a in json.loads(out)["articles"]] == [x["id"] for x in lines]


def test_add_url_stores_and_a_failure_is_reported(server, capsys):
    url = server.page("/one", article_html("Coal Plant Vote", PARAGRAPHS))
    code, out, _ = run(capsys, "add", url)
    assert code == 0 and out.startswith("stored web:") and "Coal Plant Vote" in out
    code, _, err = run(capsys, "add", server.url("/missing"))
    assert code == 1 and "HTTP 404" in err and "refresh` tries again" in err


def test_opml_import_export_remove(server, capsys, tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>\n'
        '<outline text="Folder"><outline text="Inner">\n'
        f'<outline type="rss" text="Council" xmlUrl="{server.url("/feed.xml")}"/>\n'
        "</outline></outline>\n"
        '<outline type="rss" text="Other" xmlUrl="http://127.0.0.1:1/other.xml"/>\n'
        "</body></opml>\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "feeds", "import", str(opml))
    assert code == 0 and "imported 2 new feeds" in out
    code, out, _ = run(capsys, "feeds", "export")
    assert out.startswith("<?xml") and out.count("<outline ") == 2 and 'text="Council"' in out
    code, out, _ = run(capsys, "feeds", "remove", "http://127.0.0.1:1/other.xml")
    assert code == 0 and "unsubscribed" in out
    code, _, err = run(capsys, "feeds", "remove", "http://127.0.0.1:1/other.xml")
    assert code == 2 and "not subscribed: http://127.0.0.1:1/other.xml" in err


def test_a_down_feed_is_shown_in_feeds_list(server, capsys):
    run(capsys, "feeds", "add", server.url("/down.xml"))
    code, out, _ = run(capsys, "refresh")
    assert code == 0 and "1 error" in out
    code, out, _ = run(capsys, "feeds", "list")
    assert "error (1x)" in out and "HTTP 404" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "javascript:alert(1)"], "add: javascript:alert(1): refused"),
        (["feeds", "add", "file:///etc/passwd"], "refused: only http and https"),
        (["refresh", "http://127.0.0.1:1/never-added"], "not a subscribed feed"),
        (["feeds", "import", "/nonexistent/subs.opml"], "/nonexistent/subs.opml: cannot read"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and message in err and err.count("\n") == 1 and out == ""


def test_bad_opml_names_the_file_and_line(capsys, tmp_path):
    opml = tmp_path / "bad.opml"
    opml.write_text('<opml><body>\n<outline type="rss" xmlUrl="ftp://x/feed"/>\n</body></opml>\n')
    code, _, err = run(capsys, "feeds", "import", str(opml))
    assert code == 2 and f"{opml}:2: refused" in err
    opml.write_text("<opml><body>\n<outline\n")
    code, _, err = run(capsys, "feeds", "import", str(opml))
    assert code == 2 and f"{opml}:2: not valid OPML: unclosed token" in err


def test_refresh_without_feeds_says_so(capsys):
    code, out, _ = run(capsys, "refresh")
    assert code == 1 and "no feeds" in out


def test_the_web_core_imports_no_ui_libraries():
    code = (
        "import sys, importlib, pkgutil\n"
        "import kzreader.web as web\n"
        "for info in pkgutil.walk_packages(web.__path__, 'kzreader.web.'):\n"
        "    importlib.import_module(info.name)\n"
        "ui = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "print(','.join(sorted(ui)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
