"""Search benchmark: build, incremental update, open, query latency (with fragments and an
exact count) against bare Whoosh and SQLite FTS5.  Prints figures and ratios measured side by
side in one run.

    python benchmarks/bench_search.py [--corpus PATH] [--limit N | --articles N] [--repeat R]
                                      [--procs 1,2] [--baseline SRC]

``--articles 100000`` repeats the corpus with new ids (and new shas) until there are that many
(the library grows with feeds); ``--limit N`` takes the first N.  Builds run in subprocesses
(one per ``procs`` setting) so each reports its own peak RSS.  The machine may be shared: the
ratios, measured in the same run, are the figures to compare.

``--baseline SRC`` (a ``src`` folder of another kzreader, e.g. ``git archive REV src | tar -x``)
builds that tree's index too and times, in alternating fresh processes, both trees typing the
reader's benchmark queries letter by letter and running the strict queries: before and after
side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import DEFAULT_CORPUS, corpus_library

QUERIES = {
    "single term": ["oil", "bank", "government", "police"],
    "two terms": ["oil prices", "interest rates", "police killed", "trade deficit"],
    "phrase": ['"stock exchange"', '"prime minister"', '"interest rates"'],
    "prefix as typed": [
        word[:n] for word in ("government", "dollar") for n in range(1, len(word) + 1)
    ],
    "fuzzy": ["goverment~", "inflaton~", "petrolium~2"],
}
FTS_QUERIES = {
    "single term": QUERIES["single term"],
    "two terms": QUERIES["two terms"],
    "phrase": QUERIES["phrase"],
    "prefix as typed": [f"{q}*" for q in QUERIES["prefix as typed"]],
}


def peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def bench_library(args: argparse.Namespace):  # -> Library
    """The corpus, its first ``--limit`` articles, or repeated with new ids to ``--articles``."""
    from dataclasses import replace as copy_with

    from kzreader.library import Library

    library = corpus_library(args.corpus, args.limit)
    wanted = args.articles
    if not wanted or wanted == len(library):
        return library
    base = library.articles
    articles = list(base[:wanted])
    round_ = 1
    while len(articles) < wanted:
        articles.extend(
            copy_with(article, id=f"{article.id}-r{round_}", sha256=f"{article.sha256}-r{round_}")
            for article in base[: wanted - len(articles)]
        )
        round_ += 1
    sources = (Path(f"{args.corpus}#{wanted}"),)  # its own index, apart from the corpus's
    return Library(tuple(articles), sources=sources)


def build_child(args: argparse.Namespace) -> None:
    """Run in a subprocess: one full build; prints a JSON line."""
    from kzreader.search import SearchIndex

    library = bench_library(args)
    index = SearchIndex.open(library)
    stats = index.update(rebuild=True, procs=args.build)
    index.close()
    own, children = peak_rss_mb()
    print(
        json.dumps(
            {"seconds": stats.seconds, "articles": stats.added, "rss": own, "kids": children}
        )
    )


def run_build(
    args: argparse.Namespace, procs: int, cache: Path, pythonpath: str | None = None
) -> dict:
    env = {**os.environ, "KZREADER_CACHE_DIR": str(cache)}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    cmd = [sys.executable, __file__, "--build", str(procs), "--corpus", str(args.corpus)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    if args.articles:
        cmd += ["--articles", str(args.articles)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


TYPING_CHILD = r"""
import json, sys, time
sys.path[:0] = [sys.argv[1]]
clock = time.process_time if "--cpu" in sys.argv else time.perf_counter
from bench_search import bench_library, parse_args
from bench_tui import QUERIES as TYPED
from bench_search import QUERIES
from kzreader.search import SearchIndex

args = parse_args(sys.argv[2:])
index = SearchIndex.open(bench_library(args))
if hasattr(index, "warm"):
    index.warm()  # as the reader does once search is live
index.search("warm up", limit=10)
typed, strict = [], []
for query in TYPED:
    for n in range(1, len(query) + 1):
        started = clock()
        index.search(query[:n], limit=20, as_you_type=True)
        typed.append(clock() - started)
for category in ("single term", "two terms", "phrase", "fuzzy"):
    for query in QUERIES[category]:
        started = clock()
        index.search(query, limit=10)
        strict.append(clock() - started)
print(json.dumps({"typed": typed, "strict": strict}))
"""


def side_by_side(args: argparse.Namespace, caches: dict[str, tuple[str | None, Path]]) -> None:
    """Typing and strict queries for each tree, alternating fresh processes (3 rounds)."""
    here = str(Path(__file__).resolve().parent)
    argv = ["--corpus", str(args.corpus)]
    if args.limit:
        argv += ["--limit", str(args.limit)]
    if args.articles:
        argv += ["--articles", str(args.articles)]
    if args.cpu:
        argv.append("--cpu")
    found: dict[str, dict[str, list[float]]] = {n: {"typed": [], "strict": []} for n in caches}
    for _round in range(3):
        for name, (pythonpath, cache) in caches.items():
            env = {**os.environ, "KZREADER_CACHE_DIR": str(cache)}
            if pythonpath:
                env["PYTHONPATH"] = pythonpath
            done = subprocess.run(
                [sys.executable, "-c", TYPING_CHILD, here, *argv],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            for key, values in json.loads(done.stdout.strip().splitlines()[-1]).items():
                found[name][key] += values
    clock = "CPU" if args.cpu else "wall"
    print(f"\nbaseline side by side, {clock} time (3 alternating rounds each, load")
    print(f"  {os.getloadavg()[0]:.1f}):")
    print("  typed: the 20 reader queries letter by letter (limit 20, as you type);")
    print("  strict: the single-term, two-term, phrase and fuzzy queries (limit 10)")
    names = list(caches)
    for key in ("typed", "strict"):
        row = f"  {key:7}"
        stats = {}
        for name in names:
            p50, p95 = percentiles([v * 1000 for v in found[name][key]])
            stats[name] = (p50, p95)
            row += f"  {name}: p50 {p50:6.1f} p95 {p95:6.1f} ms"
        before, after = stats[names[0]], stats[names[-1]]
        row += f"  -> p50 {before[0] / after[0]:.1f}x, p95 {before[1] / after[1]:.1f}x faster"
        print(row)


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


#: The clock queries are timed with: wall time, or this process's CPU time with ``--cpu`` (what a
#: query costs when nobody else uses the machine; the benchmark runs one query at a time).
CLOCK = time.perf_counter


def time_queries(index, repeat: int) -> dict[str, tuple[list[float], ...]]:
    """Per category, milliseconds for: kzreader's search (top 10 with fragments, the exact
    count) with its per-searcher term cache emptied before each query (``first``) and kept
    (``again``: the same query repeated, or typing on); bare Whoosh on the same final query
    (``searcher.search(limit=10)`` and the ids: its block-skipping top-N, no count, no
    fragments)."""
    from kzreader.search.query import parse

    out: dict[str, tuple[list[float], ...]] = {}
    searcher = index._searcher
    reader = searcher.reader()
    for category, queries in QUERIES.items():
        typed = category == "prefix as typed"
        first, again, bare = [], [], []
        for _ in range(repeat):
            for q in queries:
                index._scores.forget_terms()
                t0 = CLOCK()
                index.search(q, limit=10, as_you_type=typed)
                t1 = CLOCK()
                index.search(q, limit=10, as_you_type=typed)
                t2 = CLOCK()
                parsed = parse(index._parser, q, as_you_type=typed, min_prefix=2)
                if parsed is not None:
                    final, _synonyms, _caps = index._final_query(parsed, q, reader, typed)
                    [hit["id"] for hit in searcher.search(final, limit=10)]
                t3 = CLOCK()
                first.append((t1 - t0) * 1000)
                again.append((t2 - t1) * 1000)
                bare.append((t3 - t2) * 1000)
        out[category] = (first, again, bare)
    return out


def fts5(library, folder: Path, repeat: int) -> tuple[float, float, dict[str, list[float]]]:
    path = folder / "fts.db"
    db = sqlite3.connect(path)
    t0 = time.perf_counter()
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter')")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", ((a.id, a.title, a.text) for a in library))
    db.commit()
    build = time.perf_counter() - t0
    sql = (
        "SELECT id, snippet(docs, 2, '[', ']', '…', 24) FROM docs WHERE docs MATCH ? "
        "ORDER BY rank LIMIT 10"
    )
    count = "SELECT count(*) FROM docs WHERE docs MATCH ?"
    times: dict[str, list[float]] = {}
    for category, queries in FTS_QUERIES.items():
        samples = []
        for _ in range(repeat):
            for q in queries:
                t = CLOCK()
                db.execute(sql, (q,)).fetchall()
                db.execute(count, (q,)).fetchone()  # kzreader counts every match too
                samples.append((CLOCK() - t) * 1000)
        times[category] = samples
    db.close()
    return build, path.stat().st_size / 1e6, times


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument(
        "--articles", type=int, default=None, help="repeat the corpus with new ids to N articles"
    )
    parser.add_argument("--repeat", type=int, default=10, help="runs of each query")
    parser.add_argument("--procs", default="1,2", help="builds to time, e.g. 1,2 or 2")
    parser.add_argument("--baseline", default=None, help="another tree's src folder, side by side")
    parser.add_argument(
        "--cpu", action="store_true", help="time queries by this process's CPU time, not wall time"
    )
    parser.add_argument("--build", type=int, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main() -> int:
    global CLOCK
    args = parse_args()
    if args.cpu:
        CLOCK = time.process_time
    if args.build is not None:
        build_child(args)
        return 0
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="kz-bench-search-"))
    library = bench_library(args)
    n = len(library)
    print(f"corpus: {args.corpus} ({n:,} articles)")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average")
    print(f"  {os.getloadavg()[0]:.1f} at the start (shared: compare the ratios, not the times)\n")

    procs_list = [int(p) for p in args.procs.split(",")]
    builds = {procs: run_build(args, procs, root / f"cache-p{procs}") for procs in procs_list}
    print("full build            seconds  articles/s  peak RSS MB (main / largest child)")
    for procs, b in builds.items():
        rate = b["articles"] / b["seconds"]
        rss = f"{b['rss']:.0f} / {b['kids']:.0f}" if procs > 1 else f"{b['rss']:.0f}"
        print(f"  procs={procs}             {b['seconds']:7.1f}  {rate:10,.0f}  {rss}")
    if 1 in builds and 2 in builds:
        print(f"  speed-up procs=2:     {builds[1]['seconds'] / builds[2]['seconds']:.2f}x")

    os.environ["KZREADER_CACHE_DIR"] = str(root / f"cache-p{procs_list[-1]}")
    from kzreader import locations
    from kzreader.search import SearchIndex

    folder = locations.index_dir(library.sources)
    print(f"  index size on disk (procs={procs_list[-1]} build): {folder_mb(folder):.1f} MB")

    opens = []
    for _ in range(5):
        t = time.perf_counter()
        index = SearchIndex.open(library)
        opens.append((time.perf_counter() - t) * 1000)
        index.close()
    t = time.perf_counter()
    index = SearchIndex.open(library)
    current = not index.needs_update()
    check_ms = (time.perf_counter() - t) * 1000
    print(f"\nopen existing index:  {statistics.median(opens):.1f} ms (median of 5)")
    print(f"open + needs_update:  {check_ms:.1f} ms (index current: {current})")
    t = time.perf_counter()
    index.search("warm up", limit=10)
    first_ms = (time.perf_counter() - t) * 1000
    print(f"first search after open (reads the field lengths): {first_ms:.0f} ms")

    incremental = []
    articles = list(library.articles)
    for k in range(3):
        victim = articles[k * 7]
        articles[k * 7] = replace(victim, text=victim.text + " Edited.", sha256=f"edited-{k}")
        index.library = replace(library, articles=tuple(articles))
        stats = index.update()
        incremental.append((stats.seconds * 1000, stats.updated))
    print(
        "incremental update of 1 changed article: "
        + ", ".join(f"{ms:.0f} ms (updated={u})" for ms, u in incremental)
    )
    segments = len(index._ix._segments())
    print(f"segments after the updates: {segments}")

    timings = time_queries(index, args.repeat)
    index.close()
    build, size, fts_times = fts5(library, root, args.repeat)
    print(f"\nSQLite FTS5 (porter tokenizer): built in {build:.1f} s, {size:.1f} MB")
    clock = "CPU time of this process" if args.cpu else "wall time"
    print(f"\nquery latency, ms of {clock} ({args.repeat} runs of each query), p50 / p95:")
    print("  kz first = kzreader search, top 10 with fragments and the exact count, its term cache")
    print("  emptied; kz again = the same query once more (cache kept, as when typing on);")
    print("  whoosh = Whoosh's own top-10 search of the same final query (ids; no count);")
    print("  fts5 = SQLite FTS5 top 10 with snippet() plus count(*); ratios of the medians")
    header = (
        f"{'':17}{'kz first':>14}{'kz again':>14}{'whoosh':>14}{'fts5':>14}"
        f"{'first/whoosh':>14}{'first/fts5':>12}"
    )
    print(header)
    every: list[list[float]] = [[], [], []]
    for category, samples in timings.items():
        for bucket, values in zip(every, samples, strict=True):
            bucket += values
        row = f"{category:17}"
        medians = []
        for values in samples:
            p50, p95 = percentiles(values)
            medians.append(p50)
            row += f"{p50:7.1f} /{p95:5.1f}"
        fts = fts_times.get(category)
        if fts:
            f50, f95 = percentiles(fts)
            row += f"{f50:7.1f} /{f95:5.1f}"
        else:
            row += f"{'-':>14}"
        row += f"{medians[0] / medians[2]:13.2f}x"
        row += f"{medians[0] / f50:11.2f}x" if fts else f"{'-':>12}"
        print(row)
    (o50, o95), (a50, a95), (b50, b95) = (percentiles(x) for x in every)
    print(
        f"{'all':17}{o50:7.1f} /{o95:5.1f}{a50:7.1f} /{a95:5.1f}{b50:7.1f} /{b95:5.1f}"
        f"{'':14}{o50 / b50:13.2f}x"
    )
    print("  fuzzy: not supported by FTS5")
    if args.baseline:
        base = run_build(args, procs_list[-1], root / "cache-baseline", args.baseline)
        print(f"\nbaseline build (procs={procs_list[-1]}): {base['seconds']:.1f} s")
        side_by_side(
            args,
            {
                "baseline": (args.baseline, root / "cache-baseline"),
                "this tree": (None, root / f"cache-p{procs_list[-1]}"),
            },
        )
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    print(f"(scratch files in {root})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
