"""A local HTTP server for the web tests: 127.0.0.1 only, routes set per test, bounded.

``Route`` gives a status, headers and body; ``stream`` (a callable yielding chunks) serves
bodies that trickle or never end; every handler stops within ``MAX_SECONDS`` whatever the
client does, so no test can leave the server busy.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MAX_SECONDS = 20.0
CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stream: Callable[[], Iterator[bytes]] | None = None
    #: Seconds to wait before answering.
    delay: float = 0.0
    #: Answer 304 when the request's If-None-Match equals this.
    etag: str | None = None


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    self._send(404, {"Content-Type": "text/plain"}, b"not here")
                    return
                if route.delay:
                    time.sleep(min(route.delay, MAX_SECONDS))
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, {"ETag": route.etag}, b"")
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                if route.stream is not None:
                    self.send_response(route.status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    deadline = time.monotonic() + MAX_SECONDS
                    try:
                        for chunk in route.stream():
                            if time.monotonic() > deadline:
                                break
                            self.wfile.write(chunk)
                            self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):
                        return
                    self.close_connection = True
                    return
                self._send(route.status, headers, route.body)

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, html: str | bytes, **headers: str) -> str:
        body = html.encode("utf-8") if isinstance(html, str) else html
        self.routes[path] = Route(
            body=body, headers={"Content-Type": "text/html; charset=utf-8", **headers}
        )
        return self.url(path)

    def start(self) -> LocalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()  # returns within serve_forever's poll interval
        self.httpd.server_close()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9)


def article_html(title: str, paragraphs: list[str], site: str = "The Example Gazette") -> str:
    """A plain news page around ``paragraphs``, with navigation and footer to drop."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-05-06T08:30:00+02:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
</ul></nav></header>
<article><h1>{title}</h1>
{body}
</article>
<footer><p>Copyright 2024 {site}. All rights reserved.</p></footer>
</body></html>"""


def rss(title: str, items: list[dict[str, str]]) -> bytes:
    parts = [f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>']
    parts.extend(
        "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in item.items()) + "</item>" for item in items
    )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def cluster_paragraphs(folder: Path) -> dict[str, tuple[str, list[str]]]:
    """The articles of a corpora cluster folder: stem -> (headline, sentences)."""
    out = {}
    for path in sorted(folder.glob("*.txt")):
        lines = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
        if len(lines) >= 3:
            out[path.stem] = (lines[0], lines[1:])
    return out
