"""List the conflict and update flags of a ``kzreader facts --json`` document with their
sentences, to judge them by reading (a precision probe on reports without divergence notes).

    kzreader --source ../shared/corpora/stories/ecbplus-dev/docs facts --json > /tmp/f.json
    .venv/bin/python benchmarks/facts_flags.py /tmp/f.json          # or read stdin: -

Prints the count of flags, then each flag: verdict, label, reason, kinds, story, and one line per
claim (article id, value, sentence).  ``--diff OTHER.json`` prints only the flags (by verdict,
label and reason) that one document has and the other has not, to count a change's effect.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FLAGS = ("conflict", "update")


def flags(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts of a ``facts --json`` document that are flagged (conflict or update)."""
    return [f for f in doc.get("facts", []) if f.get("verdict") in FLAGS]


def key(fact: dict[str, Any]) -> str:
    return f"[{fact['verdict']}] {fact['label']} -- {fact['reason']}"


def show(fact: dict[str, Any], n: int, width: int = 300) -> str:
    kinds = ",".join(sorted({c.get("kind", "?") for c in fact["claims"]}))
    lines = [f"#{n} {key(fact)} ({kinds}) story={fact.get('story')}"]
    for c in fact["claims"]:
        sentence = " ".join(str(c.get("sentence", "")).split())[:width]
        lines.append(f"   {c['article']:>14} {c['value']!r:28} | {sentence}")
    return "\n".join(lines)


def _load(path: str) -> dict[str, Any]:
    if path == "-":
        return json.load(sys.stdin)
    return json.loads(Path(path).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json", help="a `kzreader facts --json` document, or - for stdin")
    ap.add_argument("--diff", metavar="OTHER", help="another document: print what differs")
    args = ap.parse_args(argv)
    doc = _load(args.json)
    mine = flags(doc)
    if args.diff:
        theirs = {key(f) for f in flags(_load(args.diff))}
        ours = {key(f) for f in mine}
        for k in sorted(ours - theirs):
            print("+", k)
        for k in sorted(theirs - ours):
            print("-", k)
        print(f"{len(mine)} flags here, {len(theirs)} in {args.diff}")
        return 0
    print(f"{len(mine)} conflict/update flags of {len(doc.get('facts', []))} facts")
    for n, fact in enumerate(mine):
        print()
        print(show(fact, n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
