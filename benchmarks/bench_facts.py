"""Facts engine speed: the 5 seeds and ~50 articles, cold, in one process.

    python benchmarks/bench_facts.py [--corpus ../shared/corpora/bulk/news.jsonl.gz] [--bulk N]

Prints seconds per run (cold: sentence cache empty; warm: sentences split, facts recomputed;
cached: the report cache answering a filtered query) and the ratio to the targets
(5 seeds < 0.5 s, 50 articles < 5 s).  Never asserts times.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from pathlib import Path

T0 = time.perf_counter()
from kzreader.facts import DIVERGENT, facts_for  # noqa: E402
from kzreader.facts.engine import _all_facts, clear_caches  # noqa: E402
from kzreader.library import Article, load_library  # noqa: E402
from kzreader.locations import seeds_dir  # noqa: E402

IMPORT_S = time.perf_counter() - T0
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def bulk_articles(path: Path, n: int) -> list[Article]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            body = row.get("body") or ""
            if len(body) < 400:
                continue
            paras = tuple(p.strip() for p in body.split("\n") if p.strip())
            out.append(
                Article(
                    id=str(row["id"]), path=Path(f"{row['id']}.txt"), outlet=row.get("outlet", ""),
                    title=row.get("title", ""), published=None, text="\n\n".join(paras),
                    paragraphs=paras, sha256=hashlib.sha256(body.encode()).hexdigest(),
                )
            )  # fmt: skip
            if len(out) >= n:
                break
    return out


def timed(label: str, articles: list[Article], target: float, runs: int = 3) -> None:
    times = []
    for _ in range(runs):
        if not times:
            clear_caches()  # cold: nothing split yet
        _all_facts.cache_clear()  # warm: sentences split, facts recomputed
        t = time.perf_counter()
        report = facts_for(articles)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    facts_for(articles, "killed")  # cached report, filtered (what the TUI pays per request)
    cached = time.perf_counter() - t
    flagged = sum(f.verdict in DIVERGENT for f in report.facts)
    print(
        f"{label:34} {len(articles):>4} articles  cold {times[0]:6.3f} s"
        f"  warm {min(times[1:]):6.3f} s  cached {cached:6.4f} s"
        f"  target {target:g} s  cold/target {times[0] / target:5.2f}"
        f"  facts {len(report.facts)} (flagged {flagged})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "bulk" / "news.jsonl.gz")
    parser.add_argument("--bulk", type=int, default=200, help="articles for the scale line")
    args = parser.parse_args()
    print(f"import kzreader.facts: {IMPORT_S:.3f} s")
    t = time.perf_counter()
    seeds = list(load_library([seeds_dir()]).articles)
    print(f"load 5 seeds: {time.perf_counter() - t:.3f} s")
    timed("seeds", seeds, 0.5)
    clusters = SHARED / "clusters"
    fifty = list(seeds)
    if clusters.is_dir():
        folders = sorted(p for p in clusters.iterdir() if p.is_dir())
        fifty += [a for folder in folders for a in load_library([folder]).articles]
    if args.corpus.is_file():
        fifty += bulk_articles(args.corpus, 50 - len(fifty))
        timed("seeds + clusters + bulk", fifty[:50], 5.0)
        timed(f"bulk ({args.bulk})", bulk_articles(args.corpus, args.bulk), 5.0 * args.bulk / 50)
    elif len(fifty) > 5:
        timed("seeds + clusters", fifty, 5.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
