"""Search benchmark: build, incremental update, open, query latency (with fragments) vs bare
Whoosh and SQLite FTS5.  Prints figures and ratios measured side by side in one run.

    python benchmarks/bench_search.py [--corpus PATH] [--limit N] [--repeat R]

Builds run in subprocesses (one per ``procs`` setting) so each reports its own peak RSS.
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


def build_child(args: argparse.Namespace) -> None:
    """Run in a subprocess: one full build; prints a JSON line."""
    from kzreader.search import SearchIndex

    library = corpus_library(args.corpus, args.limit)
    index = SearchIndex.open(library)
    stats = index.update(rebuild=True, procs=args.build)
    index.close()
    own, children = peak_rss_mb()
    print(
        json.dumps(
            {"seconds": stats.seconds, "articles": stats.added, "rss": own, "kids": children}
        )
    )


def run_build(args: argparse.Namespace, procs: int, cache: Path) -> dict:
    env = {**os.environ, "KZREADER_CACHE_DIR": str(cache)}
    cmd = [sys.executable, __file__, "--build", str(procs), "--corpus", str(args.corpus)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def time_queries(index, repeat: int) -> dict[str, tuple[list[float], ...]]:
    """Per category, milliseconds for: kzreader (search + fragments for the top 10); bare
    Whoosh on the same final query (search + ids, no fragments); Whoosh on the query as its
    parser gives it (fuzzy without a kept first letter, prefixes not capped)."""
    from kzreader.search.query import expand, parse

    out: dict[str, tuple[list[float], ...]] = {}
    searcher = index._searcher
    reader = searcher.reader()
    for category, queries in QUERIES.items():
        typed = category == "prefix as typed"
        ours, bare, plain = [], [], []
        for _ in range(repeat):
            for q in queries:
                t0 = time.perf_counter()
                index.search(q, limit=10, as_you_type=typed)
                t1 = time.perf_counter()
                parsed = parse(index._parser, q, as_you_type=typed, min_prefix=2)
                if parsed is not None:
                    final = expand(parsed, reader, typed)
                    [hit["id"] for hit in searcher.search(final, limit=10)]
                t2 = time.perf_counter()
                if parsed is not None:
                    [hit["id"] for hit in searcher.search(parsed, limit=10)]
                t3 = time.perf_counter()
                ours.append((t1 - t0) * 1000)
                bare.append((t2 - t1) * 1000)
                plain.append((t3 - t2) * 1000)
        out[category] = (ours, bare, plain)
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
    times: dict[str, list[float]] = {}
    for category, queries in FTS_QUERIES.items():
        samples = []
        for _ in range(repeat):
            for q in queries:
                t = time.perf_counter()
                db.execute(sql, (q,)).fetchall()
                samples.append((time.perf_counter() - t) * 1000)
        times[category] = samples
    db.close()
    return build, path.stat().st_size / 1e6, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=10, help="runs of each query")
    parser.add_argument("--build", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build is not None:
        build_child(args)
        return 0
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="kz-bench-search-"))
    library = corpus_library(args.corpus, args.limit)
    n = len(library)
    print(f"corpus: {args.corpus} ({n:,} articles)")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")

    builds = {}
    for procs in (1, 2):
        builds[procs] = run_build(args, procs, root / f"cache-p{procs}")
    print("full build            seconds  articles/s  peak RSS MB (main / largest child)")
    for procs, b in builds.items():
        rate = b["articles"] / b["seconds"]
        rss = f"{b['rss']:.0f} / {b['kids']:.0f}" if procs > 1 else f"{b['rss']:.0f}"
        print(f"  procs={procs}             {b['seconds']:7.1f}  {rate:10,.0f}  {rss}")
    print(f"  speed-up procs=2:     {builds[1]['seconds'] / builds[2]['seconds']:.2f}x")

    os.environ["KZREADER_CACHE_DIR"] = str(root / "cache-p2")
    from kzreader import locations
    from kzreader.search import SearchIndex

    folder = locations.index_dir(library.sources)
    print(f"  index size on disk (procs=2 build): {folder_mb(folder):.1f} MB")

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
    print(f"\nquery latency, ms ({args.repeat} runs of each query). kz = kzreader search with")
    print("fragments for the top 10; bare = Whoosh search + ids of the same final query, same")
    print("searcher; plain = Whoosh on its parser's query (uncapped prefixes, fuzzy from letter 0)")
    print(
        f"{'':18}{'kz p50':>8}{'kz p95':>8}{'bare p50':>10}{'bare p95':>10}"
        f"{'kz/bare':>9}{'plain p50':>11}{'plain p95':>11}"
    )
    every: list[list[float]] = [[], [], []]
    for category, samples in timings.items():
        for bucket, values in zip(every, samples, strict=True):
            bucket += values
        (o50, o95), (b50, b95), (p50, p95) = (percentiles(x) for x in samples)
        ratio = sum(samples[0]) / sum(samples[1])
        print(
            f"{category:18}{o50:8.2f}{o95:8.2f}{b50:10.2f}{b95:10.2f}{ratio:8.2f}x{p50:11.2f}{p95:11.2f}"
        )
    (o50, o95), (b50, b95), (p50, p95) = (percentiles(x) for x in every)
    ratio = sum(every[0]) / sum(every[1])
    print(
        f"{'all':18}{o50:8.2f}{o95:8.2f}{b50:10.2f}{b95:10.2f}{ratio:8.2f}x{p50:11.2f}{p95:11.2f}"
    )
    print("(kz/bare = total kzreader time / total bare time for the category)")
    index.close()

    build, size, fts_times = fts5(library, root, args.repeat)
    print(f"\nSQLite FTS5 (porter, snippet() for the top 10): build {build:.1f} s, {size:.1f} MB")
    for category, samples in fts_times.items():
        p50, p95 = percentiles(samples)
        print(f"  {category:18}p50 {p50:6.2f}  p95 {p95:6.2f}")
    print("  fuzzy: not supported by FTS5")
    print(f"\n(scratch files in {root})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
