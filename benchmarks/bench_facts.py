"""Facts engine speed: the 5 seeds, a 12-article story, ~50 and 200 articles, cold and warm.

    python benchmarks/bench_facts.py [--corpus ../shared/corpora/bulk/news.jsonl.gz] [--bulk N]
    python benchmarks/bench_facts.py --baseline /tmp/facts-base [--rounds 5]

Prints seconds per run (cold: every cache empty, nothing split yet; warm, the best of 5:
sentences split, facts recomputed; cached: the report cache answering a filtered query) and the
ratio to the targets (issue 11: a 12-article story < 0.3 s and 50 articles < 1 s, cold; 5 seeds
< 0.5 s).

With ``--baseline TREE`` (another checkout, e.g. ``git worktree add /tmp/facts-base main``) the
same cases run in fresh processes alternating between this tree and TREE, ``--rounds`` times,
and the medians are printed side by side with their ratio (this / baseline): on a shared machine
both sides see the same load.  Never asserts times.

    python benchmarks/bench_facts.py --huge [--baseline TREE] [--limit 300] [--rounds 3]

Huge articles (issue 14: facts and compare on one 4.8 MB article ran past 600 s): real text from
the bulk corpus joined into one article of 400 KB and one of 4.8 MB, a 1 MB "sentence" (the
same text without a full stop), and 4.8 MB of one paragraph repeated (as the reliability probes
do), each with an ordinary article beside it (the corpus's first, or the paragraph once, so the
two report one story and every stage runs): ``facts_for``
over the two and ``compare_articles`` of the two, cold, in fresh processes (``--rounds``, medians;
a tree past ``--limit`` seconds once is stopped and printed as "> limit").  With ``--baseline``
both trees side by side, alternating.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
SHARED = HERE.parents[2] / "shared" / "corpora"
TARGETS = {"seeds": 0.5, "story (12)": 0.3, "50 articles": 1.0}


def bulk_articles(path: Path, n: int) -> list[Any]:
    from kzreader.library import Article

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


def _caches(name: str | None = None) -> list[Any]:
    """The facts engine's memoised functions (``name``: only that one), whatever its layout: the
    same code clears this tree's and a baseline's caches."""
    found = []
    for module, value in list(sys.modules.items()):
        if module.startswith("kzreader.facts") and value is not None:
            for attr, obj in vars(value).items():
                if callable(getattr(obj, "cache_clear", None)) and name in (None, attr):
                    found.append(obj)
    return found


def timed(articles: list[Any], runs: int = 6) -> dict[str, float]:
    from kzreader.facts import facts_for

    times = []
    report = None
    for n in range(runs):
        for cache in _caches(None if n == 0 else "_all_facts"):
            cache.cache_clear()  # cold: every cache; warm: the report only
        t = time.perf_counter()
        report = facts_for(articles)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    facts_for(articles, "killed")  # cached report, filtered (what the TUI pays per request)
    cached = time.perf_counter() - t
    assert report is not None
    # plain strings, not kzreader.facts.DIVERGENT: a baseline tree may predate the Verdict enum
    flagged = sum(f.verdict in ("conflict", "update", "variant") for f in report.facts)
    return {
        "articles": len(articles), "cold": times[0], "warm": min(times[1:]), "cached": cached,
        "facts": len(report.facts), "flagged": flagged,
    }  # fmt: skip


def cases(corpus: Path, bulk: int) -> dict[str, list[Any]]:
    from kzreader.library import load_library
    from kzreader.locations import seeds_dir

    seeds = list(load_library([seeds_dir()]).articles)
    out = {"seeds": seeds}
    clusters = SHARED / "clusters"
    fifty = list(seeds)
    if clusters.is_dir():
        folders = sorted(p for p in clusters.iterdir() if p.is_dir())
        loaded = [list(load_library([folder]).articles) for folder in folders]
        story = next((arts for arts in loaded if len(arts) >= 12), None)
        if story:
            out["story (12)"] = story[:12]
        fifty += [a for arts in loaded for a in arts]
    if corpus.is_file():
        fifty += bulk_articles(corpus, 50 - len(fifty))
        out["50 articles"] = fifty[:50]
        out[f"bulk ({bulk})"] = bulk_articles(corpus, bulk)
    elif len(fifty) >= 50:
        out["50 articles"] = fifty[:50]
    return out


def measure(corpus: Path, bulk: int) -> dict[str, Any]:
    t = time.perf_counter()
    import kzreader.facts  # noqa: F401
    from kzreader.facts import facts_for  # noqa: F401

    figures: dict[str, Any] = {"import": time.perf_counter() - t}
    for label, articles in cases(corpus, bulk).items():
        figures[label] = timed(articles)
    return figures


def _child(tree: Path, corpus: Path, bulk: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    cmd = [sys.executable, str(HERE), "--json", "--corpus", str(corpus), "--bulk", str(bulk)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def side_by_side(baseline: Path, corpus: Path, bulk: int, rounds: int) -> None:
    this = HERE.parents[1]
    runs: dict[str, list[dict[str, Any]]] = {"this": [], "base": []}
    for _ in range(rounds):  # alternate, so both trees see the same load
        runs["this"].append(_child(this, corpus, bulk))
        runs["base"].append(_child(baseline, corpus, bulk))
    print(f"this tree {this}  vs  baseline {baseline}: medians of {rounds} fresh processes each")

    def median(side: str, label: str, key: str) -> float:
        return statistics.median(r[label][key] if key else r[label] for r in runs[side])

    imp_this, imp_base = median("this", "import", ""), median("base", "import", "")
    print(f"{'import kzreader.facts':26} {imp_this:7.3f} s vs {imp_base:7.3f} s  "
          f"x{imp_this / max(imp_base, 1e-9):5.2f}")  # fmt: skip
    for label in [k for k in runs["this"][0] if k != "import"]:
        if label not in runs["base"][0]:
            continue
        row = [f"{label:16} {runs['this'][0][label]['articles']:>4} art."]
        for key in ("cold", "warm"):
            a, b = median("this", label, key), median("base", label, key)
            row.append(f"{key} {a:6.3f} vs {b:6.3f} s x{a / max(b, 1e-9):4.2f}")
        target = TARGETS.get(label)
        if target:
            row.append(f"cold/target {median('this', label, 'cold') / target:4.2f}")
        this_facts = (runs["this"][0][label]["facts"], runs["this"][0][label]["flagged"])
        base_facts = (runs["base"][0][label]["facts"], runs["base"][0][label]["flagged"])
        row.append(f"facts {this_facts[0]} ({this_facts[1]} flagged) vs {base_facts[0]} "
                   f"({base_facts[1]})")  # fmt: skip
        print("  ".join(row))


HUGE = {
    "400 KB article": (400_000, "text"),
    "4.8 MB article": (4_800_000, "text"),
    "1 MB sentence": (1_000_000, "sentence"),
    "4.8 MB repeated": (4_800_000, "repeated"),
}
REPEATED = (
    "The council met on Monday and voted to open the bridge, officials said. "
    "Twelve people were injured in the crush at the gate, the mayor said."
)  # what the reliability probes repeat (docs/reliability.md): identical sentences, one count


def huge_article(corpus: Path, size: int, mode: str, aid: str = "huge") -> Any:
    """One article of about ``size`` characters: real news text (bulk corpus bodies, in order),
    or that text as one line without a full stop ("sentence"), or one paragraph repeated."""
    from kzreader.library import Article

    paras: list[str] = []
    total = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if mode == "repeated":
                paras = [REPEATED] * (size // (len(REPEATED) + 2) + 1)
                break
            for p in (json.loads(line).get("body") or "").split("\n"):
                p = p.strip()
                if p:
                    paras.append(p)
                    total += len(p) + 2
            if total >= size:
                break
    if mode == "sentence":
        paras = [" ".join(p.replace(".", " ").replace("!", " ").replace("?", " ") for p in paras)]
    text = "\n\n".join(paras)[:size]
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=None, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256=hashlib.sha256(text.encode()).hexdigest(),
    )  # fmt: skip


def huge_case(corpus: Path, label: str) -> dict[str, Any]:
    """facts_for and compare_articles over one huge article and an ordinary one, cold."""
    from kzreader.facts import facts_for
    from kzreader.facts.diff import compare_articles

    size, mode = HUGE[label]
    big = huge_article(corpus, size, mode)
    other = bulk_articles(corpus, 1)[0]  # an ordinary article whose text the huge one holds
    if mode == "repeated":
        other = huge_article(corpus, 2 * len(REPEATED), mode, aid="other")
    for cache in _caches():
        cache.cache_clear()
    t = time.perf_counter()
    report = facts_for([big, other])
    facts_s = time.perf_counter() - t
    t = time.perf_counter()
    comparison = compare_articles([big, other], report)
    compare_s = time.perf_counter() - t
    return {"chars": len(big.text), "facts": facts_s, "compare": compare_s,
            "n_facts": len(report.facts), "rows": len(comparison.rows)}  # fmt: skip


def _huge_child(tree: Path, corpus: Path, label: str, limit: float) -> dict[str, Any] | None:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    cmd = [sys.executable, str(HERE), "--huge-case", label, "--corpus", str(corpus)]
    try:
        out = subprocess.run(
            cmd, env=env, capture_output=True, text=True, check=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _median_run(runs: list[dict[str, Any]], stopped: bool) -> dict[str, Any] | None:
    """The runs' figures with the medians of their times (None when stopped or never run)."""
    if stopped or not runs:
        return None
    out = dict(runs[0])
    out.update({k: statistics.median(r[k] for r in runs) for k in ("facts", "compare")})
    return out


def huge(corpus: Path, baseline: Path | None, limit: float, rounds: int) -> None:
    this = HERE.parents[1]
    trees = [("this", this)] + ([("base", baseline)] if baseline else [])
    print(f"huge articles, cold, medians of {rounds} fresh processes per tree (alternating), "
          f"each stopped after {limit:g} s"
          + (f"; this tree vs baseline {baseline}" if baseline else ""))  # fmt: skip

    def show(r: dict[str, Any] | None, key: str) -> str:
        return f"{r[key]:7.2f} s" if r else f"> {limit:g} s".rjust(9)

    for label in HUGE:
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _tree in trees}
        stopped: set[str] = set()
        for _ in range(rounds):
            for name, tree in trees:
                if name in stopped:
                    continue
                result = _huge_child(tree, corpus, label, limit)
                if result is None:
                    stopped.add(name)  # past the limit once: not run again
                else:
                    runs[name].append(result)

        mine = _median_run(runs["this"], "this" in stopped)
        row = f"{label:15} {mine['chars'] if mine else '?':>9} chars"
        for key in ("facts", "compare"):
            row += f"  {key} {show(mine, key)}"
            if baseline:
                base = _median_run(runs["base"], "base" in stopped)
                ratio = f"x{mine[key] / base[key]:5.3f}" if mine and base else ""
                row += f" vs {show(base, key)} {ratio}"
        print(row, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "bulk" / "news.jsonl.gz")
    parser.add_argument("--bulk", type=int, default=200, help="articles for the scale line")
    parser.add_argument("--baseline", type=Path, help="another tree to run side by side")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--huge", action="store_true", help="huge articles (see the doc)")
    parser.add_argument("--limit", type=float, default=300, help="seconds per huge case")
    parser.add_argument("--huge-case", choices=sorted(HUGE), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.huge_case:
        print(json.dumps(huge_case(args.corpus.resolve(), args.huge_case)))
        return 0
    if args.huge:
        base = args.baseline.resolve() if args.baseline else None
        huge(args.corpus.resolve(), base, args.limit, args.rounds)
        return 0
    if args.baseline:
        side_by_side(args.baseline.resolve(), args.corpus.resolve(), args.bulk, args.rounds)
        return 0
    figures = measure(args.corpus, args.bulk)
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"import kzreader.facts: {figures.pop('import'):.3f} s")
    for label, f in figures.items():
        target = TARGETS.get(label)
        vs = f"  target {target:g} s  cold/target {f['cold'] / target:5.2f}" if target else ""
        print(
            f"{label:16} {f['articles']:>4} articles  cold {f['cold']:6.3f} s"
            f"  warm {f['warm']:6.3f} s  cached {f['cached']:6.4f} s{vs}"
            f"  facts {f['facts']} (flagged {f['flagged']})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
