"""Speed and memory of `kzreader.stories` on the bulk corpus, figures side by side in one run.

1. cold: group N-1 articles and write the store (a fresh cache dir);
2. open: the same library again (reads the store, groups nothing);
3. add: the library with one more article (an incremental update), then remove it again,
   ``--repeat`` times (medians);
4. change: one article's text changed (removed and added again);
5. peak RSS of the process (the loaded corpus included) and after loading the corpus alone.

``--compare``: all of it twice in one process, grouped as before the template checks and the
dense rows' longer lists (both off) and as now, then the two side by side.

``--facts``: the facts engine story by story instead (`bench_story_facts.py` has the details):
one story's facts as the reader asks for them (`f` on an open story), the whole library story by
story against the engine over everything at once, and the `facts` commands end to end in fresh
processes on the corpus written out as files.

The machine may be shared: read the ratios, and rerun for the spread.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import DEFAULT_CORPUS, load_jsonl_articles

from kzreader.library import Library


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(articles: list, corpus: Path, repeat: int, now: bool | None) -> dict[str, float]:
    """The cold build, open, add, remove and change timings in a fresh cache dir.  ``now=False``
    groups as before the template checks and the dense rows' longer lists (both off)."""
    from kzreader.stories import neighbours, settings, stories_for

    if now is not None:
        settings.TEMPLATE_CHECKS = now
        neighbours.NEIGHBOURS_DENSE = settings.NEIGHBOURS_DENSE if now else neighbours.NEIGHBOURS
        print(f"== {'now' if now else 'before (no template checks, no dense rows)'}")
    cache = tempfile.mkdtemp(prefix="kz-bench-stories-")
    os.environ["KZREADER_CACHE_DIR"] = cache
    base_rss = rss_mb()
    sources = (corpus.resolve(),)
    before = Library(tuple(articles[:-1]), sources=sources)

    started = time.perf_counter()
    cold = stories_for(before)
    t_cold = time.perf_counter() - started
    cold_rss = rss_mb()

    started = time.perf_counter()
    opened = stories_for(before)
    t_open = time.perf_counter() - started
    assert [s.id for s in opened] == [s.id for s in cold], "the opened grouping differs"

    after = Library(tuple(articles), sources=sources)
    adds, removes = [], []
    for _ in range(repeat):  # add the last article, then remove it again
        started = time.perf_counter()
        added = stories_for(after)
        adds.append(time.perf_counter() - started)
        started = time.perf_counter()
        stories_for(before)
        removes.append(time.perf_counter() - started)
    kept = len({s.id for s in cold} & {s.id for s in added})
    t_add, t_remove = statistics.median(adds), statistics.median(removes)
    stories_for(after)

    changed_article = replace(
        articles[len(articles) // 2],
        text=articles[len(articles) // 2].text + "\n\nA correction was appended.",
        sha256="0" * 64,
    )
    changed_list = list(articles)
    changed_list[len(articles) // 2] = changed_article
    changed = Library(tuple(changed_list), sources=sources)
    started = time.perf_counter()
    stories_for(changed)
    t_change = time.perf_counter() - started

    store_mb = sum(p.stat().st_size for p in Path(cache).rglob("*") if p.is_file()) / 1e6
    n = len(articles)
    sizes = sorted((len(s) for s in cold), reverse=True)
    copies = sum(len(s.copies) for s in cold)
    print(f"{n - 1:,} articles -> {len(cold):,} stories (largest {sizes[:5]}), {copies} copies")
    print(f"cold group + store:   {t_cold:8.2f} s   (target < 60 s)")
    print(f"open stored grouping: {t_open:8.3f} s   ({t_open / t_cold:.1%} of cold; target < 1 s)")
    print(
        f"one added article:    {t_add * 1000:8.1f} ms  ({t_add / t_cold:.2%} of cold; "
        f"target < 200 ms); {kept:,} of {len(cold):,} story ids unchanged"
    )
    print(f"  (median of {repeat}; min {min(adds) * 1000:.1f}, max {max(adds) * 1000:.1f} ms)")
    print(f"one removed article:  {t_remove * 1000:8.1f} ms  (median of {repeat})")
    print(f"one changed article:  {t_change * 1000:8.1f} ms  ({t_change / t_cold:.2%} of cold)")
    print(
        f"peak RSS {max(cold_rss, rss_mb()):.0f} MB (corpus loaded: {base_rss:.0f} MB; "
        f"target < 1 GB); store {store_mb:.0f} MB on disk"
    )
    shutil.rmtree(cache, ignore_errors=True)
    return {"cold": t_cold, "open": t_open, "add": t_add, "remove": t_remove, "change": t_change}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--repeat", type=int, default=5, help="adds and removes to time")
    parser.add_argument("--facts", action="store_true", help="time facts story by story")
    parser.add_argument(
        "--compare", action="store_true", help="before (no template checks, no dense rows) vs now"
    )
    parser.add_argument("--no-flat", action="store_true", help="--facts: skip the old flat run")
    parser.add_argument("--no-cli", action="store_true", help="--facts: skip the CLI runs")
    args = parser.parse_args(argv)
    if args.facts:
        from bench_story_facts import run_facts

        return run_facts(args)
    if not args.corpus.is_file():
        print(f"corpus absent: {args.corpus}")
        return 0
    articles = load_jsonl_articles(args.corpus, args.limit)
    runs = [False, True] if args.compare else [None]
    results = [measure(articles, args.corpus, args.repeat, checks) for checks in runs]
    if args.compare:
        print("\nside by side (before | now), one process:")
        for key, label, unit in (
            ("cold", "cold group + store", "s"),
            ("open", "open stored grouping", "s"),
            ("add", "one added article (median)", "ms"),
            ("remove", "one removed article (median)", "ms"),
            ("change", "one changed article", "ms"),
        ):
            off, on = results[0][key], results[1][key]
            scale = 1000 if unit == "ms" else 1
            print(
                f"  {label:30} {off * scale:9.1f} {unit} | {on * scale:9.1f} {unit}"
                f"   (x{on / off:.2f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
