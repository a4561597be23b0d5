"""Key press to painted screen for the compare (2 and 4 seeds) and facts (5 seeds) screens.

    .venv/bin/python benchmarks/bench_screens.py [--runs 7] [--size 160x48]

In-process and headless (``run_test``), on the seed articles: for each run, mark the articles,
then time from the key press (``c`` or ``f``) until the screen's worker has posted its result,
the handler has filled the widgets (``screen.ready``) and the app is idle again (painted).
The same is measured for pushing a bare ``Screen`` (Header + Static + Footer), so the ratio shows
what the screens themselves cost.  Also prints the engine time inside the worker; the facts
engine's caches are cleared before each key press, so these are first-open (cold) figures.
The issue's target is < 300 ms.  Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from textual.app import ComposeResult  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Footer, Header, Static  # noqa: E402

from kzreader.config import Config, SearchConfig  # noqa: E402
from kzreader.locations import seeds_dir  # noqa: E402
from kzreader.tui.app import make_app  # noqa: E402
from kzreader.tui.widgets.source_list import SourceList  # noqa: E402

SEEDS = (
    "004_df33a49b151eb0e2",
    "003_150cb1ac506318c6",
    "000_41c204d69b74ce87",
    "001_20e4f73a90754451",
    "002_ed12a10ff435aba4",
)


class BareScreen(Screen[None]):
    ready = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare")
        yield Footer()


def clear_engine_caches() -> None:
    """Forget the facts engine's memoised sentences and reports: every run starts cold."""
    import kzreader.facts.engine as api

    for value in vars(api).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


async def one_run(what: str, marked: int, size: tuple[int, int]) -> tuple[float, float]:
    """(ms from key press to painted, ms in the engine) for one fresh app, engine caches cold."""
    app = make_app(Config(search=SearchConfig(debounce_ms=0)), [seeds_dir()])
    async with app.run_test(size=size) as pilot:
        for _ in range(500):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if getattr(app.screen, "ready", False) and not any(w.is_running for w in app.workers):
                break
        sources = app.screen.query_one(SourceList)
        for article_id in SEEDS[:marked]:
            sources.select(article_id)
            await pilot.press("space")
        await pilot.pause()
        clear_engine_caches()
        if what == "bare":
            app.screen.open_compare = lambda articles: app.push_screen(BareScreen())  # type: ignore[attr-defined]
        started = time.perf_counter()
        await pilot.press("f" if what == "facts" else "c")
        while not getattr(app.screen, "ready", False):
            await pilot.pause(0.001)
        await pilot.pause()
        elapsed = (time.perf_counter() - started) * 1000
        return elapsed, getattr(app.screen, "seconds", 0.0) * 1000


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", default="160x48")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    cases = [("bare", 2), ("compare", 2), ("compare", 4), ("facts", 5)]
    print(f"key press to painted screen, {args.runs} runs each, {width}x{height}, seeds")
    bare = None
    for what, marked in cases:
        times, engine = [], []
        for _ in range(args.runs):
            total, inner = await one_run(what, marked, (width, height))
            times.append(total)
            engine.append(inner)
        p50 = statistics.median(times)
        bare = p50 if what == "bare" else bare
        ratio = f"  {p50 / bare:4.1f}x bare" if bare and what != "bare" else ""
        label = "bare Screen push" if what == "bare" else f"{what} ({marked} articles)"
        print(
            f"  {label:24} p50 {p50:6.1f} ms  max {max(times):6.1f} ms  "
            f"engine p50 {statistics.median(engine):5.1f} ms{ratio}"
            + ("  (target < 300 ms)" if what != "bare" else "")
        )


if __name__ == "__main__":
    asyncio.run(main())
