"""Compare timings: 2 and 4 seeds, 4 cluster articles, two ~8 KB articles; sentence splitting.

Usage: python benchmarks/bench_compare.py [--corpus PATH] [--repeat N]
Prints medians in milliseconds (no asserts).  "compare" is cold (no sentence split yet);
"compare+links" adds the facts engine's report and, as in `kzreader compare`, runs after facts_for,
which has split the same sentences (a shared cache); "facts_for" is that report, computed afresh.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kzreader.facts.diff import compare_articles
from kzreader.facts.text.sentences import sentences_of, split_sentences
from kzreader.library import Article, load_library
from kzreader.locations import seeds_dir

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import DEFAULT_CORPUS, load_jsonl_articles

CLUSTERS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "clusters"


def median_ms(
    func: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()  # untimed: empties a cache so each run is cold
        t = time.perf_counter()
        func()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def facts_report(articles: Sequence[Article]):  # -> FactReport | None
    try:
        from kzreader.facts import facts_for
    except ImportError:
        return None
    try:
        return facts_for(articles)
    except Exception as exc:  # noqa: BLE001 - print the engine's failure, time compare alone
        print(f"  (facts_for failed: {type(exc).__name__}: {exc})")
        return None


def _clear_facts_caches() -> None:
    from kzreader.facts.engine import _all_facts

    _all_facts.cache_clear()
    sentences_of.cache_clear()


def row(name: str, articles: Sequence[Article], repeat: int) -> None:
    size = sum(len(a.text) for a in articles) / 1024
    plain = median_ms(lambda: compare_articles(articles), repeat, sentences_of.cache_clear)
    report = facts_report(articles)
    facts_ms = (
        median_ms(lambda: facts_report(articles), max(1, repeat // 4), _clear_facts_caches)
        if report
        else 0.0
    )
    facts_report(articles)  # as in `kzreader compare`: facts first, then the comparison
    linked = median_ms(lambda: compare_articles(articles, report), repeat)
    rows = len(compare_articles(articles, report).rows)
    print(
        f"{name:34} {len(articles)} art {size:6.1f} KB  compare {plain:7.2f} ms  "
        f"compare+links {linked:7.2f} ms  facts_for {facts_ms:7.1f} ms  rows {rows}"
    )


def near_8kb(articles: Sequence[Article], count: int) -> list[Article]:
    """The ``count`` corpus articles closest to 8 KB of text."""
    return sorted(articles, key=lambda a: abs(len(a.text) - 8192))[:count]


def table(article_id: str, seed: int) -> Article:
    """An article of 1,000 alike lines ("Shr 12 cts vs 40 cts."), like a wire earnings table."""
    rng = random.Random(seed)
    lines = tuple(f"Shr {rng.randint(1, 99)} cts vs {rng.randint(1, 99)} cts." for _ in range(1000))
    text = "\n\n".join(lines)
    return Article(article_id, Path(article_id), "bench", article_id, None, text, lines, "0")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)

    seeds = list(load_library((seeds_dir(),)))
    by_id = {a.id[:3]: a for a in seeds}
    if "004" in by_id and "003" in by_id:
        row("seeds RFE/RL + AP (004, 003)", [by_id["004"], by_id["003"]], args.repeat)
    row("seeds, first 4", seeds[:4], args.repeat)
    if CLUSTERS.is_dir():
        for folder in sorted(p for p in CLUSTERS.iterdir() if p.is_dir()):
            cluster = list(load_library((folder,)))
            row(f"cluster {folder.name[:26]}", cluster[:4], args.repeat)
    row("two 1,000-line tables (worst case)", [table("a", 1), table("b", 2)], 3)
    if args.corpus.is_file():
        articles = load_jsonl_articles(args.corpus)
        row("two ~8 KB corpus articles", near_8kb(articles, 2), args.repeat)
        row("four ~8 KB corpus articles", near_8kb(articles, 4), args.repeat)
        t = time.perf_counter()
        count = sum(len(split_sentences(a.text)) for a in articles)
        seconds = time.perf_counter() - t
        megabytes = sum(len(a.text) for a in articles) / 1e6
        print(
            f"split_sentences over {len(articles)} corpus articles ({megabytes:.1f} MB): "
            f"{seconds:.2f} s, {count} sentences, {len(articles) / seconds:,.0f} articles/s"
        )
    else:
        print(f"corpus {args.corpus} absent: skipped the 8 KB pair and the splitting run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
