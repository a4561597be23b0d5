"""Precision and recall of the facts engine against the clusters' DIVERGENCES.md.

    python benchmarks/facts_accuracy.py [--clusters DIR] [-v]

Each DIVERGENCES.md section ("## N. title") quotes the sentences where outlets disagree.  A flagged
fact (conflict, update, variant) is a true positive when at least two of its claims, from two
different files, are sentences quoted in one section; the section then counts as found (recall).
A flagged fact matching no section is a false positive (precision).  Sentences are compared after
normalising quotes, dashes and spacing.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from kzreader.facts import facts_for
from kzreader.library import load_library

FLAGGED = ("conflict", "update", "variant")
_BULLET = re.compile(r"^- `([^`]+)` — \"(.*)\"\s*$")


def norm(text: str) -> str:
    text = re.sub(r"[\"'“”‘’`]", "", text)
    text = re.sub(r"[\s\-–—]+", " ", text)
    return text.strip().lower()


def sections(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(title, [(file stem, normalised quote)])] of one DIVERGENCES.md."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            out.append((line[3:].strip(), []))
        elif out and (m := _BULLET.match(line)):
            out[-1][1].append((Path(m.group(1)).stem, norm(m.group(2))))
    return out


def matches(sentence: str, quote: str) -> bool:
    s = norm(sentence)
    return bool(s) and (s in quote or quote in s)


def evaluate(cluster: Path, verbose: bool) -> tuple[int, int, int, int]:
    """(true positives, flagged, sections found, sections) for one cluster."""
    library = load_library([cluster])
    report = facts_for(library.articles)
    secs = sections(cluster / "DIVERGENCES.md")
    found: set[int] = set()
    tp = flagged = 0
    for fact in report.facts:
        if fact.verdict not in FLAGGED:
            continue
        flagged += 1
        hit = None
        for n, (_title, quotes) in enumerate(secs):
            files = {
                c.article
                for c in fact.claims
                for stem, q in quotes
                if stem == c.article and matches(c.sentence, q)
            }
            if len(files) >= 2:
                hit = n
                break
        if hit is not None:
            tp += 1
            found.add(hit)
        if verbose:
            mark = f"TP §{hit + 1}" if hit is not None else "FP"
            print(f"  [{mark}] {fact.verdict}: {fact.label} — {fact.reason}")
    if verbose:
        for n, (title, _q) in enumerate(secs):
            print(f"  {'found ' if n in found else 'MISSED'} §{n + 1} {title}")
    return tp, flagged, len(found), len(secs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "clusters"
    parser.add_argument("--clusters", type=Path, default=default)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if not args.clusters.is_dir():
        print(f"no clusters at {args.clusters}", file=sys.stderr)
        return 1
    totals = [0, 0, 0, 0]
    print(f"{'cluster':42} {'precision':>12} {'recall':>12}")
    for cluster in sorted(p for p in args.clusters.iterdir() if (p / "DIVERGENCES.md").is_file()):
        if args.verbose:
            print(cluster.name)
        tp, flagged, found, total = evaluate(cluster, args.verbose)
        totals = [a + b for a, b in zip(totals, (tp, flagged, found, total), strict=True)]
        print(f"{cluster.name:42} {tp:>4}/{flagged:<3} {tp / max(flagged, 1):4.0%} "
              f"{found:>4}/{total:<3} {found / max(total, 1):4.0%}")  # fmt: skip
    tp, flagged, found, total = totals
    print(f"{'all':42} {tp:>4}/{flagged:<3} {tp / max(flagged, 1):4.0%} "
          f"{found:>4}/{total:<3} {found / max(total, 1):4.0%}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
