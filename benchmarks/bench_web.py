"""The web layer's speed: a refresh from a local server, extraction, the store's size, and the
library opening with thousands of stored articles.

    python benchmarks/bench_web.py [--feeds 20] [--entries 50] [--stored 5000] [--corpus FILE]

1. Refresh: ``--feeds`` feeds of ``--entries`` entries each, every entry with its own page,
   served from 127.0.0.1 by a threaded http.server inside this process (nothing leaves the
   machine).  Pages (``--pages``): ``real``, the 150 saved pages of ../shared/corpora/web
   cycled (their canonical-URL tags removed, so each entry is its own article), or ``built``,
   small news pages around articles of the bulk corpus (invented text when it is absent).
   Wall time and pages/s with the default limits' worker count and no
   per-host pause (one host serves everything here; the default 0.5 s pause would make this a
   measure of the pause), then a second refresh (every feed 304).
2. Extraction: ms per page for the library's HTML path on those pages, in-process.
3. Store: bytes per 1,000 stored articles (the SQLite file after a checkpoint).
4. Library: ``--stored`` articles in the store; ``open_library`` time, side by side with loading
   the same articles as .txt files from a folder (the target is under 1 s).

Prints figures; never asserts.  The machine is shared: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import re
import sqlite3
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT_CORPUS = SHARED / "bulk" / "news.jsonl.gz"


def corpus_articles(path: Path, n: int) -> list[tuple[str, str, list[str]]]:
    """(title, outlet, paragraphs) of the first ``n`` articles with a few paragraphs."""
    out: list[tuple[str, str, list[str]]] = []
    if path.is_file():
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                paragraphs = [p.strip() for p in (row.get("body") or "").split("\n") if p.strip()]
                if len(paragraphs) >= 3 and row.get("title"):
                    out.append((row["title"], row.get("outlet") or "Wire", paragraphs))
                if len(out) >= n:
                    return out
    words = ["council", "bridge", "river", "harbour", "vote", "budget", "storm", "repair"]
    while len(out) < n:
        i = len(out)
        paragraphs = [
            " ".join(words[(i + k + j) % len(words)] for j in range(18)).capitalize() + "."
            for k in range(6)
        ]
        out.append((f"Invented story {i}", "Invented Times", paragraphs))
    return out


def page_html(title: str, outlet: str, paragraphs: list[str], when: str) -> bytes:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    t, o = html.escape(title), html.escape(outlet)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{t} | {o}</title>
<meta property="og:site_name" content="{o}"><meta property="og:title" content="{t}">
<meta property="article:published_time" content="{when}"></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li></ul></nav></header>
<main><article><h1>{t}</h1>
{body}
</article></main><aside><h2>Most read</h2><ul><li><a href="/x">Another story</a></li></ul></aside>
<footer><p>Copyright {o}. All rights reserved.</p></footer></body></html>""".encode()


_SELF_URL = re.compile(
    rb"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+(?:og|twitter):url[^>]*>", re.I
)


def real_pages(folder: Path) -> list[bytes]:
    return [
        _SELF_URL.sub(b"", gzip.decompress(path.read_bytes()))
        for path in sorted((folder / "pages").glob("*.html.gz"))
    ]


class Site:
    def __init__(self, feeds: int, entries: int, corpus: Path, pages: list[bytes]) -> None:
        self.routes: dict[str, tuple[str, bytes]] = {}
        articles = corpus_articles(corpus, feeds * entries)
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:
                if self.path.startswith("/feed") and self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.send_header("ETag", '"v1"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                kind, body = site.routes.get(self.path, ("text/plain", b"missing"))
                self.send_response(200 if self.path in site.routes else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if self.path.startswith("/feed"):
                    self.send_header("ETag", '"v1"')
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.feed_urls = []
        for f in range(feeds):
            items = []
            for e in range(entries):
                title, outlet, paragraphs = articles[f * entries + e]
                when = f"2024-05-{1 + e % 28:02d}T{e % 24:02d}:15:00+00:00"
                path = f"/f{f}/story{e}.html"
                n = f * entries + e
                body = (
                    pages[n % len(pages)] if pages else page_html(title, outlet, paragraphs, when)
                )
                self.routes[path] = ("text/html", body)
                items.append(
                    f"<item><title>{html.escape(title)}</title><link>{base}{path}</link>"
                    f"<guid>{base}{path}</guid><description>{html.escape(paragraphs[0])}"
                    "</description></item>"
                )
            feed = (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {f}</title>'
                + "".join(items)
                + "</channel></rss>"
            ).encode()
            self.routes[f"/feed{f}.xml"] = ("application/rss+xml", feed)
            self.feed_urls.append(f"{base}/feed{f}.xml")
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def pages(self) -> list[tuple[str, bytes]]:
        return [(p, b) for p, (_k, b) in self.routes.items() if p.endswith(".html")]

    def stop(self) -> None:
        self.httpd.shutdown()


def bench_refresh(site: Site, root: Path) -> tuple[Path, int]:
    from kzreader.web import Fetcher, FetchLimits, Store, refresh

    path = root / "refresh.sqlite3"
    limits = FetchLimits(host_interval=0.0)
    with Store.open(path) as store:
        for url in site.feed_urls:
            store.add_feed(url)
        start = time.perf_counter()
        report = refresh(store, fetcher=Fetcher(limits))
        wall = time.perf_counter() - start
        print(
            f"refresh: {report.feeds} feeds, {report.pages} pages, {report.new} new, "
            f"{len(report.errors)} errors in {wall:.1f} s: {report.pages / wall:.1f} pages/s "
            f"({limits.workers} workers, no per-host pause)"
        )
        start = time.perf_counter()
        again = refresh(store, fetcher=Fetcher(limits))
        print(
            f"second refresh (all 304): {again.feeds} feeds, {again.pages} pages in "
            f"{time.perf_counter() - start:.2f} s"
        )
        count = store.article_count()
    return path, count


def bench_extract(site: Site) -> None:
    from kzreader.web.fetch import Response
    from kzreader.web.pages import page_record

    pages = site.pages()[:150]
    start = time.perf_counter()
    for path, body in pages:
        page_record(
            Response(f"http://127.0.0.1{path}", 200, body, "text/html", "utf-8"),
            url=f"http://127.0.0.1{path}",
        )
    each = (time.perf_counter() - start) / len(pages)
    size = sum(len(b) for _p, b in pages) / len(pages) / 1024
    print(f"extraction: {1000 * each:.1f} ms/page (mean page {size:.1f} KB, {len(pages)} pages)")


def store_size(path: Path, count: int) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    size = path.stat().st_size
    print(
        f"store: {size / 1e6:.1f} MB for {count} articles = "
        f"{size / count * 1000 / 1e6:.2f} MB per 1,000 articles"
    )


def bench_library(n: int, corpus: Path, root: Path) -> None:
    from kzreader.config import load_config
    from kzreader.library import load_library, open_library
    from kzreader.web.store import ArticleRecord, Store

    data = root / "data"
    os.environ["KZREADER_DATA_DIR"] = str(data)
    from kzreader import locations

    folder = root / "files"
    folder.mkdir()
    empty = root / "empty"
    empty.mkdir()
    articles = corpus_articles(corpus, n)
    with Store.open(locations.store_file()) as store:
        store._db.execute("BEGIN")
        for i, (title, outlet, paragraphs) in enumerate(articles):
            text = "\n\n".join(paragraphs)
            store.save_article(
                ArticleRecord(
                    url=f"http://example.invalid/{i}",
                    outlet=outlet,
                    title=title,
                    text=text,
                    paragraphs=tuple(paragraphs),
                    sha256=str(i),
                    feed="http://example.invalid/f",
                )
            )
            (folder / f"a{i:05d}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        store._db.commit()
    config = load_config(None)
    best_store = best_files = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        library = open_library(config, [empty])
        best_store = min(best_store, time.perf_counter() - start)
        start = time.perf_counter()
        files = load_library([folder])
        best_files = min(best_files, time.perf_counter() - start)
    print(
        f"library with {len(library)} stored articles opens in {best_store:.2f} s "
        f"(target < 1 s); the same {len(files)} as .txt files load in {best_files:.2f} s "
        f"(store/files {best_store / best_files:.2f}x); best of 3"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--stored", type=int, default=5000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", choices=("real", "built"), default="real")
    args = parser.parse_args()
    pages = real_pages(SHARED / "web") if args.pages == "real" else []
    print(
        f"corpus: {args.corpus if args.corpus.is_file() else 'invented text'}; pages: "
        f"{f'{len(pages)} real pages, cycled' if pages else 'built'}; "
        f"{os.cpu_count()} cores (shared)"
    )
    with tempfile.TemporaryDirectory(prefix="kz-bench-web-") as tmp:
        root = Path(tmp)
        site = Site(args.feeds, args.entries, args.corpus, pages)
        try:
            path, count = bench_refresh(site, root)
            bench_extract(site)
        finally:
            site.stop()
        store_size(path, count)
        bench_library(args.stored, args.corpus, root)


if __name__ == "__main__":
    main()
