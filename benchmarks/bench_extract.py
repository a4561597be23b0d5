"""Article extraction on real pages: kzreader's old HTML path and the new one, side by side.

    python benchmarks/bench_extract.py [--web ../shared/corpora/web] [--show N]

For each of the saved pages in ``pages/*.html.gz`` and its entry in ``evaldata.json``: how many
of the ``with`` snippets (article text) the extracted text keeps, how many of the ``without``
snippets (boilerplate) it drops, whether the title is right (equal after folding case and
spaces) and whether the date is (the published day equals ``date``).  Both paths get the same
decoded page and run in one process, so the ratio survives a shared machine.

- old: the standard library's html.parser extractor (``library/htmlparse.py``) + the cleaner,
  as ``clean_document(is_html=True)`` was before trafilatura;
- new: ``clean_document(is_html=True)``: trafilatura, then the cleaner (captions apart).

Never asserts; prints figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from pathlib import Path

from kzreader.library import meta
from kzreader.library.clean import CleanDocument, _clean_lines, _without_site, clean_document
from kzreader.library.decode import declared_charset, decode_text
from kzreader.library.htmlparse import parse_html
from kzreader.safetext import sanitize

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
_SPACE = re.compile(r"\s+")


def old_path(markup: str, url: str | None) -> CleanDocument:
    """The HTML branch of clean_document as it was before trafilatura."""
    page = parse_html(markup)
    doc = CleanDocument()
    doc.title = page.headline or _without_site(page.title, page.site_name)
    doc.outlet = page.site_name
    doc.byline = page.author
    doc.published = meta.front_matter_date(page.published) if page.published else None
    doc.captions.extend(page.captions)
    _clean_lines(page.blocks, doc)
    return doc


def new_path(markup: str, url: str | None) -> CleanDocument:
    return clean_document(markup, is_html=True, url=url)


def fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def score(doc: CleanDocument, truth: dict) -> dict[str, int]:
    text = fold("\n".join([doc.title or "", *doc.paragraphs]))
    kept = sum(fold(s) in text for s in truth.get("with", []) if s.strip())
    dropped = sum(fold(s) not in text for s in truth.get("without", []) if s.strip())
    title = truth.get("title") or ""
    date = truth.get("date") or ""
    return {
        "with": sum(1 for s in truth.get("with", []) if s.strip()),
        "kept": kept,
        "without": sum(1 for s in truth.get("without", []) if s.strip()),
        "dropped": dropped,
        "titles": 1 if title else 0,
        "title_ok": 1 if title and fold(doc.title or "") == fold(title) else 0,
        "dates": 1 if date else 0,
        "date_ok": 1
        if date and doc.published and doc.published.date().isoformat() == date[:10]
        else 0,
        "empty": 0 if doc.paragraphs else 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", type=Path, default=SHARED / "web")
    parser.add_argument("--show", type=int, default=0, help="print N pages where they differ")
    args = parser.parse_args()
    evaldata = json.loads((args.web / "evaldata.json").read_text("utf-8"))
    pages = []
    for name in sorted(evaldata):
        path = args.web / "pages" / f"{name}.gz"
        if path.is_file():
            raw = gzip.decompress(path.read_bytes())
            text = sanitize(decode_text(raw, declared=declared_charset(raw)).text)
            pages.append((name, text, evaldata[name]))
    print(f"{len(pages)} pages, {sum(len(t) for _, t, _ in pages) / 1e6:.1f} MB of markup")
    paths = {"old (html.parser)": old_path, "new (trafilatura)": new_path}
    new_path("<html><body><p>warm up the imports</p></body></html>", None)
    totals: dict[str, dict[str, float]] = {}
    per_page: dict[str, list[dict[str, int]]] = {}
    for label, extract in paths.items():
        sums: dict[str, float] = {}
        rows = []
        start = time.perf_counter()
        for _name, markup, truth in pages:
            row = score(extract(markup, truth.get("url")), truth)
            rows.append(row)
            for key, value in row.items():
                sums[key] = sums.get(key, 0) + value
        sums["seconds"] = time.perf_counter() - start
        totals[label] = sums
        per_page[label] = rows
    old, new = (totals[k] for k in paths)
    print(f"{'':28}{'old':>16}{'new':>16}")

    def line(label: str, key: str, of: str | None = None) -> None:
        cells = []
        for t in (old, new):
            if of:
                cells.append(f"{int(t[key])}/{int(t[of])} {100 * t[key] / max(t[of], 1):.0f}%")
            else:
                cells.append(f"{t[key]:.0f}")
        print(f"{label:28}{cells[0]:>16}{cells[1]:>16}")

    line("'with' snippets kept", "kept", "with")
    line("'without' snippets dropped", "dropped", "without")
    line("titles right", "title_ok", "titles")
    line("dates right", "date_ok", "dates")
    line("pages with no text", "empty")
    ms = [1000 * t["seconds"] / len(pages) for t in (old, new)]
    print(f"{'ms per page':28}{ms[0]:>16.1f}{ms[1]:>16.1f}   (new/old {ms[1] / ms[0]:.1f}x)")
    if args.show:
        shown = 0
        for (name, _m, _t), a, b in zip(pages, *per_page.values(), strict=True):
            if a["kept"] != b["kept"] and shown < args.show:
                print(f"  {name}: with kept {a['kept']} -> {b['kept']} of {a['with']}")
                shown += 1


if __name__ == "__main__":
    main()
