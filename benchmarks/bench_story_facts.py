"""Facts story by story on the bulk corpus (run as `bench_stories.py --facts [--limit N]`).

In this process, the corpus loaded as a library (from the JSONL file) and its stories grouped
(cold, then opened from the store as the reader opens them):

1. one story's facts as the reader asks when `f` is pressed on an open story
   (`facts_of_story`, every facts cache emptied first): a story of median size among those of two
   or more reports, and the largest story;
2. the whole library: the engine over every article at once (the old `kzreader facts`: claims
   of unrelated stories are compared), against story by story in one process and in forked
   workers (2, or the CPUs there are), then with the facts cache (first run: computed and
   written; second: read), every in-memory cache emptied before each; wall and CPU seconds
   (forked workers' CPU included); how many facts cross stories in the old run;

then, in fresh processes on the corpus written out as one file per article (``--no-cli`` skips
it): `sources --json` (start and library load alone, the floor of every command), `stories`
(cold: grouping and store), `facts --story ID --json` (median and largest story), `facts --json`
(the whole library story by story, then again: the facts cache read), `facts --articles` of
three reports with no stories store and with it.  Prints seconds and ratios; never asserts
times.  The machine may be shared.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _corpus import load_jsonl_articles

from kzreader.library import Library


def _cold() -> None:
    from kzreader.facts.engine import clear_caches

    clear_caches()


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # forked workers, once joined
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _timed(call: Any, repeat: int = 1, cold: bool = True) -> tuple[float, float, Any]:
    """(median wall seconds, CPU seconds of the last run, result)."""
    times, result, cpu = [], None, 0.0
    for _ in range(repeat):
        if cold:
            _cold()
        started, cpu0 = time.perf_counter(), _cpu()
        result = call()
        times.append(time.perf_counter() - started)
        cpu = _cpu() - cpu0
    return statistics.median(times), cpu, result


def _write(articles: list[Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for a in articles:
        date = a.published.date().isoformat() if a.published else ""
        (folder / f"{a.id}.txt").write_text(f"{a.title}\n\n{date}\n\n{a.text}\n", encoding="utf-8")


def _cli(folder: Path, *argv: str, repeat: int = 1) -> tuple[float, str]:
    command = [sys.executable, "-m", "kzreader", "--source", str(folder), *argv]
    times, out = [], ""
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
        out = done.stdout
    return statistics.median(times), out


def run_facts(args: Any) -> int:
    """The benchmark; its scratch folders (caches, the written corpus) are removed after."""
    scratch = Path(tempfile.mkdtemp(prefix="kz-bench-story-facts-"))
    try:
        return _run(args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run(args: Any, scratch: Path) -> int:
    os.environ["KZREADER_CACHE_DIR"] = str(scratch / "cache")
    from kzreader.facts import facts_for
    from kzreader.stories import (
        default_workers,
        facts_by_story,
        facts_of_story,
        stories_for,
    )

    articles = load_jsonl_articles(args.corpus, args.limit)
    library = Library(tuple(articles), sources=(args.corpus.resolve(),))
    n = len(library)
    started = time.perf_counter()
    stories_for(library)
    t_group = time.perf_counter() - started
    started = time.perf_counter()
    stories = stories_for(library)
    t_open = time.perf_counter() - started
    multi = sorted((s for s in stories if len(s) > 1), key=len)
    in_multi = sum(len(s) for s in multi)
    print(
        f"{n:,} articles -> {len(stories):,} stories; {len(multi):,} of two or more reports "
        f"hold {in_multi:,} articles; {len(stories) - len(multi):,} single reports are skipped"
    )
    print(f"stories: grouped cold {t_group:.2f} s, opened from the store {t_open:.3f} s")
    median, largest = multi[len(multi) // 2], multi[-1]
    print("\none story's facts, as `f` on an open story (every facts cache emptied; median of 5)")
    for label, story in (("median story", median), ("largest story", largest)):
        t, _, report = _timed(lambda s=story: facts_of_story(stories, s.id), repeat=5)
        print(f"  {label:14} {len(story):3} reports: {t * 1000:7.1f} ms, {len(report.facts)} facts")

    workers = max(2, default_workers())
    print("\nthe whole library's facts (every in-memory cache emptied before each run)")
    t_serial, c_serial, serial = _timed(lambda: facts_by_story(stories))
    t_forked, c_forked, forked = _timed(lambda: facts_by_story(stories, workers=workers))
    t_write, c_write, _ = _timed(lambda: facts_by_story(stories, workers=workers, cached=True))
    t_read, c_read, read = _timed(lambda: facts_by_story(stories, workers=workers, cached=True))

    def same(other: list[Any]) -> str:
        equal = [(r.story.id, r.facts) for r in serial] == [(r.story.id, r.facts) for r in other]
        return "same facts" if equal else "FACTS DIFFER"

    count = sum(len(r.facts) for r in serial)
    rows = [
        (
            "story by story, 1 process",
            t_serial,
            c_serial,
            f"{count} facts in {len(serial)} stories",
        ),
        (f"story by story, {workers} workers", t_forked, c_forked, same(forked)),
        ("  + facts cache, first run", t_write, c_write, "computes and writes the cache"),
        ("  + facts cache, second run", t_read, c_read, same(read) + ", read from the cache"),
    ]
    if not args.no_flat:
        t_flat, c_flat, flat = _timed(lambda: facts_for(library.articles))
        crossing = sum(
            len({stories.story_of(a).id for a in f.articles}) > 1  # type: ignore[union-attr]
            for f in flat.facts
        )
        rows.insert(0, ("old: one report over all", t_flat, c_flat,
                        f"{len(flat.facts)} facts, {crossing} across stories"))  # fmt: skip
    base = rows[0][1]
    print(f"  {'':32} {'wall':>7}   {'ratio':>6}  {'CPU':>7}")
    for label, t, cpu, what in rows:
        print(f"  {label:32} {t:7.2f} s  x{t / base:5.2f}  {cpu:7.2f} s  {what}")

    if args.no_cli:
        return 0
    folder = scratch / "files"
    _write(articles, folder)
    os.environ["KZREADER_CACHE_DIR"] = str(scratch / "cli-cache")
    print(f"\nthe commands in fresh processes ({n:,} files; median of 3 where it says x3)")
    t_floor, _ = _cli(folder, "sources", "--json", repeat=3)
    three = list(median.articles[:3])
    t_marked_cold, _ = _cli(folder, "facts", "--articles", *three, "--json", repeat=3)
    t_stories, out = _cli(folder, "stories", "--json")
    grouped = sorted((s for s in json.loads(out)["stories"] if len(s["articles"]) > 1),
                     key=lambda s: len(s["articles"]))  # fmt: skip
    cli_median, cli_largest = grouped[len(grouped) // 2], grouped[-1]
    t_story, _ = _cli(folder, "facts", "--story", cli_median["id"], "--json", repeat=3)
    t_big, _ = _cli(folder, "facts", "--story", cli_largest["id"], "--json", repeat=3)
    t_marked, _ = _cli(folder, "facts", "--articles", *three, "--json", repeat=3)
    t_all, out = _cli(folder, "facts", "--json")
    t_again, _ = _cli(folder, "facts", "--json")
    facts = json.loads(out)["facts"]
    rows = [
        ("sources --json (x3)", t_floor, "start + library load: the floor"),
        ("facts --articles, no store (x3)", t_marked_cold, "3 reports; never groups the library"),
        ("stories (cold: group + store)", t_stories, f"{len(grouped):,} stories of 2+"),
        ("facts --story median (x3)", t_story, f"{len(cli_median['articles'])} reports"),
        ("facts --story largest (x3)", t_big, f"{len(cli_largest['articles'])} reports"),
        ("facts --articles, stored (x3)", t_marked, "3 reports"),
        ("facts --json (the library)", t_all, f"{len(facts)} facts, story by story"),
        ("facts --json again", t_again, "the facts cache read"),
    ]
    for label, t, what in rows:
        print(f"  {label:33} {t:7.2f} s  floor + {max(t - t_floor, 0):6.2f} s  {what}")
    return 0
