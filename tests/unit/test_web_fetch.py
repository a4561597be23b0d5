"""The fetcher's bounds, against a local server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import itertools
import time
import tracemalloc
import zlib

import pytest
from web_server import LocalServer, Route, gzipped

from kzreader.web.fetch import Fetcher, FetchError, FetchLimits, check_url, origin

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


def fetcher(**limits: float) -> Fetcher:
    base = {"host_interval": 0.0, "connect_timeout": 2.0, "read_timeout": 2.0, "total_timeout": 5.0}
    base.update(limits)
    return Fetcher(FetchLimits(**base))  # type: ignore[arg-type]


def own(server: LocalServer) -> list[str]:
    return [origin(server.url("/"))]


def test_get_sends_a_clear_user_agent_and_returns_the_body(server):
    url = server.page("/a.html", "<p>hello</p>")
    response = fetcher().get(url, trusted=own(server))
    assert response.status == 200 and response.body == b"<p>hello</p>"
    assert response.content_type == "text/html" and response.charset == "utf-8"
    agent = server.requests[-1][1]["user-agent"]
    assert agent.startswith("kzreader/") and "news reader" in agent


def test_conditional_request_gives_304(server):
    server.routes["/feed"] = Route(body=b"<rss/>", etag='"v1"')
    first = fetcher().get(server.url("/feed"), trusted=own(server))
    assert first.etag == '"v1"'
    second = fetcher().get(server.url("/feed"), trusted=own(server), etag=first.etag)
    assert second.not_modified and second.body == b""
    assert server.requests[-1][1]["if-none-match"] == '"v1"'


@pytest.mark.parametrize("status", [404, 500, 403])
def test_http_errors_are_fetch_errors_naming_the_url(server, status):
    server.routes["/x"] = Route(status=status, body=b"no")
    with pytest.raises(FetchError) as info:
        fetcher().get(server.url("/x"), trusted=own(server))
    assert info.value.status == status
    assert str(info.value).startswith(server.url("/x")) and f"HTTP {status}" in str(info.value)


def test_slow_server_past_the_timeout(server):
    server.routes["/slow"] = Route(body=b"late", delay=3.0)
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetcher(read_timeout=0.5).get(server.url("/slow"), trusted=own(server))
    assert time.monotonic() - start < 2.5


def test_a_response_that_never_ends_stops_at_the_size_cap(server):
    server.routes["/endless"] = Route(
        headers={"Content-Type": "text/html"}, stream=lambda: itertools.repeat(b"x" * 65536)
    )
    with pytest.raises(FetchError, match="over the 1 MB limit"):
        fetcher(max_bytes=MB).get(server.url("/endless"), trusted=own(server))


def test_a_trickling_response_stops_at_the_total_timeout(server):
    def trickle():
        while True:
            time.sleep(0.05)
            yield b"x"

    server.routes["/trickle"] = Route(headers={"Content-Type": "text/html"}, stream=trickle)
    start = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 1 s"):
        fetcher(total_timeout=1.0).get(server.url("/trickle"), trusted=own(server))
    assert time.monotonic() - start < 3.5


def test_a_50_mb_page_is_refused(server):
    big = b"<p>" + b"a" * (50 * MB) + b"</p>"
    server.routes["/big"] = Route(body=big, headers={"Content-Type": "text/html"})
    with pytest.raises(FetchError, match=r"50\.0 MB is over the 8 MB limit"):
        fetcher().get(server.url("/big"), trusted=own(server))
    chunks = (b"a" * MB for _ in range(50))
    server.routes["/big-chunked"] = Route(
        headers={"Content-Type": "text/html"}, stream=lambda: chunks
    )
    with pytest.raises(FetchError, match="over the 8 MB limit"):
        fetcher().get(server.url("/big-chunked"), trusted=own(server))


def test_gzip_is_decoded(server):
    server.routes["/gz"] = Route(
        body=gzipped(b"<p>zipped text</p>"),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )
    assert fetcher().get(server.url("/gz"), trusted=own(server)).body == b"<p>zipped text</p>"
    assert "gzip" in server.requests[-1][1]["accept-encoding"]


def test_a_gzip_bomb_stops_at_the_cap_in_bounded_memory(server):
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * MB
    bomb = b"".join(squeeze.compress(zeros) for _ in range(200)) + squeeze.flush()  # 200 MB
    assert len(bomb) < MB
    server.routes["/bomb"] = Route(
        body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="over the size limit once decompressed"):
            fetcher(max_bytes=4 * MB).get(server.url("/bomb"), trusted=own(server))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * MB


def test_redirects_are_followed_a_few_times_and_loops_refused(server):
    server.routes["/r1"] = Route(status=302, headers={"Location": "/r2"})
    server.routes["/r2"] = Route(status=301, headers={"Location": server.url("/end")})
    server.page("/end", "<p>end</p>")
    response = fetcher().get(server.url("/r1"), trusted=own(server))
    assert response.url == server.url("/end") and response.body == b"<p>end</p>"

    server.routes["/loop-a"] = Route(status=302, headers={"Location": "/loop-b"})
    server.routes["/loop-b"] = Route(status=302, headers={"Location": "/loop-a"})
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher().get(server.url("/loop-a"), trusted=own(server))

    for i in range(6):
        server.routes[f"/hop{i}"] = Route(status=307, headers={"Location": f"/hop{i + 1}"})
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetcher().get(server.url("/hop0"), trusted=own(server))


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<p>x</p>",
        "ftp://a/b",
        "//no-scheme/x",
        "http://user:pw@example.com/",
    ],
)
def test_non_http_urls_are_refused_before_any_request(server, url):
    with pytest.raises(FetchError, match=r"refused|not a valid"):
        fetcher().get(url, trusted=own(server))
    assert server.requests == []


def test_loopback_hosts_need_a_trusted_origin(server):
    url = server.page("/p.html", "<p>x</p>")
    with pytest.raises(FetchError, match="loopback or private address"):
        fetcher().get(url)  # nobody vouched for 127.0.0.1
    with pytest.raises(FetchError, match="loopback or private address"):
        fetcher().get(url, trusted=["http://127.0.0.1:1"])  # another port is another origin
    assert server.requests == []
    assert fetcher().get(url, trusted=own(server)).status == 200


def test_a_redirect_into_another_local_origin_is_refused(server):
    other = LocalServer().start()
    try:
        other.page("/secret", "<p>secret</p>")
        server.routes["/go"] = Route(status=302, headers={"Location": other.url("/secret")})
        with pytest.raises(FetchError, match="not this feed's own origin"):
            fetcher().get(server.url("/go"), trusted=own(server))
        assert other.requests == []
    finally:
        other.stop()


def test_per_host_interval_spaces_requests(server):
    url = server.page("/p.html", "<p>x</p>")
    slow = fetcher(host_interval=0.3)
    start = time.monotonic()
    for _ in range(3):
        slow.get(url, trusted=own(server))
    assert time.monotonic() - start >= 0.55


def test_check_url_normalises_and_drops_the_fragment():
    assert check_url("HTTP://Example.COM/a?b=1#frag") == "http://example.com/a?b=1"
    assert check_url("https://example.com") == "https://example.com/"
    assert origin("https://Example.com/x") == "https://example.com:443"
