"""The reader's speed: time to first screen in a real pseudo-terminal, against a bare Textual app
(Header + Static + Footer) measured in the same run; keystroke-to-hit-list latency; memory.

    .venv/bin/python benchmarks/bench_tui.py [--articles 20000] [--runs 5] [--corpus FILE]
                                             [--keystrokes-only]

``--articles`` beyond the corpus repeats it under new file names (new ids): ``--articles
100000 --keystrokes-only`` times the keystrokes of a library grown by feeds.

Steps: write ``--articles`` corpus articles as .txt files into a temp folder, build their index
(procs=1, in a subprocess) so the app opens on a current index, then

1. start each program in a pty (120x40) and time until its first screen is on the terminal:
   the bare app's first paint, kzreader's first row of articles or stories (with and without
   the first page it keeps; see ``bench_first_screen.py``, which also times it in tmux), with
   the CPU time used by then, and search ready;
2. in-process (headless, debounce 0 so the worker runs at once), type queries letter by letter
   into the search input and time each keystroke until its hits are in the hit list.

Both programs load bytecode, as they would after an install (``.pyc`` files in a private
``PYTHONPYCACHEPREFIX`` under the temp folder): with PYTHONDONTWRITEBYTECODE=1 an editable
kzreader would be compiled from source on every start (~25 ms) while Textual loads its installed
``.pyc``.  ``--no-pyc`` keeps the caller's setting.

Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from fcntl import ioctl
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bulk" / "news.jsonl.gz"
KZREADER = [sys.executable, "-m", "kzreader"]
ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)")
QUERIES = (
    "police",
    "oil prices",
    "government",
    "bank rate",
    "election",
    "shares rose",
    "tokyo",
    "interest rates",
    "football",
    "minister said",
    "trade deficit",
    "crude oil",
    "film",
    "strike",
    "dollar",
    "profit",
    "gold",
    "wheat exports",
    "music",
    "computer",
)
TYPING_GAP = 0.15  # seconds between keys: a brisk typist

BUILD_INDEX = """
import sys
from pathlib import Path
from kzreader.config import Config
from kzreader.library import load_library
from kzreader.search import SearchIndex

sources = [Path(p) for p in sys.argv[1:]] or list(Config().source_dirs)
index = SearchIndex.open(load_library(sources))
stats = index.update(procs=2)  # this process has one thread: a two-process build is safe
print(f"indexed {stats.added} articles in {stats.seconds:.1f} s")
"""

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare-first-screen")
        yield Footer()

Bare().run()
"""


def write_library(corpus: Path, folder: Path, limit: int) -> int:
    """Corpus records as .txt files: headline, outlet and date lines, then the body; past the
    corpus's end it starts again (new file names: new ids)."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    while count < limit:
        before = count
        with gzip.open(corpus, "rt", encoding="utf-8") as lines:
            for line in lines:
                if count >= limit:
                    break
                record = json.loads(line)
                body = str(record.get("body") or "").strip()
                if not body:
                    continue
                head = [str(record.get("title") or "Untitled"), str(record.get("outlet") or "")]
                if record.get("date"):
                    head.append(str(record["date"]))
                paragraphs = "\n\n".join(p for p in body.split("\n") if p.strip())
                text = "\n".join(head) + "\n\n" + paragraphs + "\n"
                (folder / f"{count:06d}.txt").write_text(text, encoding="utf-8")
                count += 1
        if count == before:
            break  # an empty corpus
    return count


def rss_mb(pid: int) -> float:
    total = 0
    for child in [pid, *_children(pid)]:
        status = Path(f"/proc/{child}/status")
        if status.exists():
            for row in status.read_text().splitlines():
                if row.startswith("VmRSS:"):
                    total += int(row.split()[1])
    return total / 1024


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def in_pty(argv: list[str], env: dict[str, str], markers: list[str], timeout: float = 120.0):
    """Seconds until each marker is on screen (ANSI stripped), and RSS (MB) at the last one."""
    master, slave = pty.openpty()
    ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    seen = ""
    times: list[float] = []
    rss = 0.0
    try:
        while len(times) < len(markers):
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{argv}: no {markers[len(times)]!r} after {timeout}s")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen += ANSI.sub("", chunk.decode("utf-8", "replace"))
            while len(times) < len(markers) and markers[len(times)] in seen:
                times.append(time.perf_counter() - start)
        rss = rss_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.close(master)
    return times, rss


def first_screens(folder: Path, env: dict[str, str], bare: Path, runs: int) -> None:
    """Rows on screen against the bare app's first screen: ``bench_first_screen.py`` (what
    it times is the first row of the list the reader opens on, with and without the first
    page the last run kept; wall and CPU time; in a pty here, in tmux there too)."""
    from bench_first_screen import measure

    env = {**env, "KZREADER_DATA_DIR": env.get("KZREADER_DATA_DIR", str(bare.parent / "data"))}
    os.environ["KZREADER_DATA_DIR"] = env["KZREADER_DATA_DIR"]
    measure(bare.parent, env, [("seeds", []), (folder.name, [str(folder)])], runs, tmux=False)


def keystroke_latency(folder: Path, min_prefix: int) -> None:
    """Each keystroke waited for (debounce 0), then typing at TYPING_GAP with the debounce."""
    from kzreader.config import Config, SearchConfig
    from kzreader.tui.app import make_app
    from kzreader.tui.widgets.search_pane import SearchPane

    class Cached:
        """The real index with its answers remembered: times the reader's own path alone."""

        def __init__(self, index: object) -> None:
            self.index, self.answers = index, {}

        def search(self, query: str, **kwargs: object) -> object:
            if query not in self.answers:
                self.answers[query] = self.index.search(query, **kwargs)  # type: ignore[attr-defined]
            return self.answers[query]

    async def run(
        debounce_ms: int, gap: float | None, cached: bool = False
    ) -> list[tuple[str, float, float]]:
        config = Config(search=SearchConfig(debounce_ms=debounce_ms, min_prefix=min_prefix))
        app = make_app(config, [folder])
        app.freeze_gc = True  # as run_app sets it: the loaded library leaves the collector's scans
        waits: list[tuple[str, float, float]] = []
        async with app.run_test(size=(120, 40)) as pilot:
            while not getattr(app.screen, "ready", False):
                await pilot.pause(0.05)
            pane = app.screen.query_one(SearchPane)
            await pilot.press("slash")
            if cached:  # a first pass fills the cache; the timed pass below never searches
                pane.index = Cached(pane.index)
                for query in QUERIES:
                    for i in range(len(query)):
                        pane.index.search(
                            query[: i + 1].lstrip(), limit=pane.limit, as_you_type=True
                        )
            for query in QUERIES:
                pane.input.value = ""
                await pilot.pause(0.3)
                for i, char in enumerate(query):
                    before = pane.seq
                    started, cpu = time.perf_counter(), time.process_time()
                    pane.input.insert_text_at_cursor(char)  # what a keypress on the input does
                    if gap is not None and i < len(query) - 1:
                        await asyncio.sleep(gap)
                        continue
                    while pane.seq == before or pane.shown_seq < pane.seq:
                        await asyncio.sleep(0.001)
                    waits.append(
                        (
                            query[: i + 1],
                            time.perf_counter() - started,
                            time.process_time() - cpu,
                        )
                    )
                    await pilot.pause()
        return waits

    each = asyncio.run(run(0, None))
    long_prefix = [w for q, w, _c in each if len(q.split()[-1]) > min_prefix] if each else []
    print(f"\nkeystroke -> updated hit list ({folder.name}, min_prefix {min_prefix})")
    print(f"  (load average {os.getloadavg()[0]:.1f}; 'cpu' is this process's CPU time for the")
    print("  keystroke, both threads: what a keystroke costs on a machine nobody else uses)")
    print(f"  every keystroke waited for, debounce 0 ({len(each)} keystrokes):")
    print(f"    wall {summary([w for _q, w, _c in each])}")
    print(f"    cpu  {summary([c for _q, _w, c in each])}")
    print(f"    last word longer than min_prefix ({len(long_prefix)}): {summary(long_prefix)}")
    slowest = sorted(each, key=lambda item: -item[2])[:4]
    print("    slowest (cpu): " + ", ".join(f"{q!r} {c * 1000:.0f} ms" for q, _w, c in slowest))
    own = asyncio.run(run(0, None, cached=True))
    print("    the reader's own share (answers cached):")
    print(f"      wall {summary([w for _q, w, _c in own])}")
    print(f"      cpu  {summary([c for _q, _w, c in own])}")
    typed = asyncio.run(run(120, TYPING_GAP))
    print(
        f"  typing a query at {TYPING_GAP * 1000:.0f} ms a key, debounce 120 ms, last key -> "
        f"its hits ({len(typed)} queries): wall {summary([w for _q, w, _c in typed])}"
    )


def long_article(root: Path, megabytes: float = 1.0) -> None:
    """Open a long article and page through it: time to the first screen of it, per page."""
    from kzreader.config import Config
    from kzreader.tui.app import make_app
    from kzreader.tui.widgets.article_view import ArticleView
    from kzreader.tui.widgets.source_list import SourceList

    folder = root / "long"
    folder.mkdir(exist_ok=True)
    sentence = "Security forces killed dozens of protesters and 12 police officers died. "
    paragraph = (sentence * 6).strip()
    count = int(megabytes * 1e6 / (len(paragraph) + 2))
    body = "\n\n".join(f"{i}. {paragraph}" for i in range(count))  # distinct paragraphs
    (folder / "long.txt").write_text(f"A very long report\n\n{body}\n", encoding="utf-8")

    async def run() -> tuple[float, list[float], int]:
        app = make_app(Config(), [folder])
        app.freeze_gc = True  # as run_app
        async with app.run_test(size=(120, 40)) as pilot:
            while not getattr(app.screen, "ready", False):
                await pilot.pause(0.05)
            started = time.perf_counter()
            app.screen.query_one(SourceList).action_open()
            await pilot.pause()
            view = app.screen.query_one(ArticleView)
            length = len(view.article.text) if view.article else 0
            opened = time.perf_counter() - started
            pages = []
            for _ in range(30):
                started = time.perf_counter()
                view.scroll_page_down(animate=False)  # the key animates; time the drawing
                await pilot.pause()
                pages.append(time.perf_counter() - started)
        return opened, pages, length

    opened, pages, length = asyncio.run(run())
    print(f"\nlong article ({length / 1e6:.2f} MB of clean text, {count} paragraphs) at 120x40:")
    print(f"  open to painted {opened * 1000:.0f} ms; page down {summary(pages)}")


def summary(values: list[float]) -> str:
    if not values:
        return "n/a"
    return (
        f"p50 {statistics.median(values) * 1000:6.1f} ms   p95 {p95(values):6.1f} ms   "
        f"max {max(values) * 1000:6.1f} ms"
    )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000 if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--min-prefix", type=int, nargs="*", default=[2, 3])
    parser.add_argument("--workdir", type=Path, help="keep the library and index here (reused)")
    parser.add_argument(
        "--keystrokes-only",
        action="store_true",
        help="only the keystroke-to-hits figures (skip the first screens and the long article)",
    )
    parser.add_argument(
        "--no-pyc",
        action="store_true",
        help="keep the caller's PYTHONDONTWRITEBYTECODE: kzreader (editable) then compiles from "
        "source on every start while Textual loads its installed .pyc files",
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="kz-bench-tui-") as tmp:
        root = args.workdir or Path(tmp)
        env = {
            **os.environ,
            "KZREADER_CACHE_DIR": str(root / "cache"),
            "KZREADER_CONFIG_DIR": str(root / "config"),
            "TERM": "xterm-256color",
        }
        if not args.no_pyc:
            # both programs load bytecode, as after an install: .pyc files go to a private
            # prefix (nothing written into the repo), filled by one untimed warm-up run each
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
        os.environ.update({k: env[k] for k in ("KZREADER_CACHE_DIR", "KZREADER_CONFIG_DIR")})
        folder = root / f"library-{args.articles}"
        if not folder.exists():
            started = time.perf_counter()
            count = write_library(args.corpus, folder, args.articles)
            print(f"wrote {count} articles in {time.perf_counter() - started:.1f} s")
        print(f"load average {os.getloadavg()[0]:.1f} (the machine may be shared: compare ratios)")
        for source in ([], [str(folder)]):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", BUILD_INDEX, *source], env=env, check=True)
            print(f"  index built in {time.perf_counter() - started:.1f} s (wall, incl. load)")
        if not args.keystrokes_only:
            bare = root / "bare_app.py"
            bare.write_text(BARE_APP)
            first_screens(folder, env, bare, args.runs)
        for min_prefix in args.min_prefix:
            keystroke_latency(folder, min_prefix)
        if not args.keystrokes_only:
            long_article(root)
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
