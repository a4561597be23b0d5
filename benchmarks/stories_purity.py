"""Are the largest stories of the bulk corpus one happening each?  A purity probe without gold.

The bulk corpus (Reuters 1987 wire, BBC 2004-05) has no gold stories, but it is full of formulaic
reports: load factors, dividends, earnings, commodity prices, weekly statistics, where reports of
different companies or weeks share nearly every word.  A grouping that reads words alone makes
topics of them.  This probe reads each of the ``--top`` largest stories as a reader would:

* each report's *entities*: capitalised names in its title (a mixed-case title), tickers in
  angle brackets, and capitalised names in its lead (the first sentence), written as words;
  a word that the corpus uses inside many different names ("Inc", "Airlines", "Bank",
  "Federal") is generic and left out, and so are month and day names;
* a story's *purity*: the share of its reports that name its most named entity.  A story of
  one happening names its company, person or place in (nearly) every report;
* **mixed**: purity under 0.5 (the reports name different principal organisations, people or
  places);
* **spread**: most pairs of its reports that are 14 days or more apart share no entity (weeks
  apart with nothing specific in common: a recurring report, or a topic).

It prints the share of the top stories that are mixed or spread, and the worst ones (titles)
to read.  The probe is a heuristic: read the stories it lists before trusting a figure.
``--compare`` groups twice, as before the template checks and the dense rows' longer lists
(``before``: both off) and as now, and prints both side by side.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import DEFAULT_CORPUS, load_jsonl_articles

from kzreader.library import Article

_WORD = re.compile(r"[A-Za-z][A-Za-z&'.-]*[A-Za-z]|[A-Za-z]")
_TICKER = re.compile(r"<([^<>]{1,40})>")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])|\n+")


def _words(spec: str) -> list[str]:
    return spec.split()


_CALENDAR = frozenset(
    _words(
        """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday"""
    )
)
_LEADING = frozenset(
    _words(
        """the a an in on at of for to and or but as by with from it its this that these those he
    she they we his her their our there here after before when while if mr mrs ms dr"""
    )
)
#: A word used inside at least this many different names of the corpus is generic.
GENERIC_NAMES = 12


def _norm(word: str) -> str:
    word = word.lower().strip(".'-")
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace(".", "")


def _phrases(text: str) -> list[tuple[str, ...]]:
    """Runs of capitalised words; a sentence's first word only when a capitalised word follows
    (a lone capitalised first word says nothing)."""
    out = []
    for sentence in _SENTENCE.split(text):
        words = _WORD.findall(sentence)
        index = 0
        while index < len(words):
            if not words[index][0].isupper():
                index += 1
                continue
            end = index
            while end < len(words) and words[end][0].isupper():
                end += 1
            if not (index == 0 and end == 1):
                phrase = tuple(_norm(w) for w in words[index:end])
                phrase = tuple(w for w in phrase if w and w not in _LEADING)
                if phrase:
                    out.append(phrase)
            index = end
    return out


def _lead(article: Article) -> str:
    first = article.text.strip().split("\n", 1)[0]
    return _SENTENCE.split(first, maxsplit=1)[0]


def _raw_names(article: Article) -> list[tuple[str, ...]]:
    names = [tuple(_norm(w) for w in _WORD.findall(t)) for t in _TICKER.findall(article.title)]
    title = _TICKER.sub(" ", article.title)
    if any(c.islower() for c in title):
        names += _phrases(title)
    lead = _lead(article)
    lead_phrases = _phrases(lead)
    names += lead_phrases
    if not any(c.islower() for c in title):
        # an all-capitals title: its words that the lead writes capitalised
        lead_words = {w for p in lead_phrases for w in p}
        names += [(w,) for w in (_norm(x) for x in _WORD.findall(title)) if w in lead_words]
    return names


@dataclass
class Probe:
    """Each report's entity words, with the corpus's generic name words left out."""

    entities: dict[str, frozenset[str]]

    @classmethod
    def of(cls, articles: Iterable[Article]) -> Probe:
        raw = {a.id: _raw_names(a) for a in articles}
        contexts: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for names in raw.values():
            for phrase in names:
                for word in phrase:
                    contexts[word].add(phrase)
        generic = {w for w, c in contexts.items() if len(c) >= GENERIC_NAMES}
        return cls(
            {
                aid: frozenset(
                    w
                    for p in names
                    for w in p
                    if w not in generic and w not in _CALENDAR and len(w) > 1
                )
                for aid, names in raw.items()
            }
        )


@dataclass
class Verdict:
    size: int
    purity: float
    top: str
    span_days: int | None
    apart_unshared: float | None  # share of pairs >= 14 days apart sharing no entity
    mixed: bool
    spread: bool
    titles: list[str]


def judge(members: Sequence[Article], probe: Probe) -> Verdict:
    named: Counter[str] = Counter()
    for a in members:
        named.update(probe.entities[a.id])
    top, count = named.most_common(1)[0] if named else ("-", 0)
    purity = count / len(members)
    dated = [a for a in members if a.published is not None]
    days = [a.published.replace(tzinfo=None).toordinal() for a in dated]  # type: ignore[union-attr]
    span = max(days) - min(days) if days else None
    apart = unshared = 0
    for i in range(len(dated)):
        for j in range(i + 1, len(dated)):
            if abs(days[i] - days[j]) >= 14:
                apart += 1
                unshared += not (probe.entities[dated[i].id] & probe.entities[dated[j].id])
    share = unshared / apart if apart else None
    return Verdict(
        len(members),
        purity,
        top,
        span,
        share,
        purity < 0.5,
        share is not None and share >= 0.5,
        [a.title for a in members],
    )


def probe_grouping(
    articles: Sequence[Article], story_of: Mapping[str, str], top: int, probe: Probe | None = None
) -> list[Verdict]:
    probe = probe or Probe.of(articles)
    by_story: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_story[story_of[a.id]].append(a)
    largest = sorted(by_story.values(), key=lambda m: (-len(m), m[0].id))[:top]
    return [judge(m, probe) for m in largest]


def summary(verdicts: Sequence[Verdict]) -> dict[str, float]:
    n = len(verdicts) or 1
    return {
        "stories": len(verdicts),
        "reports": sum(v.size for v in verdicts),
        "largest": max((v.size for v in verdicts), default=0),
        "mixed": sum(v.mixed for v in verdicts) / n,
        "spread": sum(v.spread for v in verdicts) / n,
        "either": sum(v.mixed or v.spread for v in verdicts) / n,
        "purity": sum(v.purity for v in verdicts) / n,
    }


def print_worst(verdicts: Sequence[Verdict], count: int, titles: int) -> None:
    worst = sorted((v for v in verdicts if v.mixed or v.spread), key=lambda v: (v.purity, -v.size))
    for v in worst[:count]:
        flags = ", ".join(f for f, on in (("mixed", v.mixed), ("spread", v.spread)) if on)
        span = f"{v.span_days} days" if v.span_days is not None else "undated"
        print(f"  {v.size} reports, {span}, purity {v.purity:.2f} ('{v.top}'): {flags}")
        for title in v.titles[:titles]:
            print(f"      {title[:90]}")


def group_with(articles: Sequence[Article], now: bool) -> dict[str, str]:
    """Grouped as now, or (``now=False``) as before this work: no template checks, and every
    row's neighbour list cut at NEIGHBOURS (no longer lists for dense rows)."""
    from kzreader.stories import group_articles, neighbours, settings

    saved = settings.TEMPLATE_CHECKS, neighbours.NEIGHBOURS_DENSE
    if not now:
        settings.TEMPLATE_CHECKS, neighbours.NEIGHBOURS_DENSE = False, neighbours.NEIGHBOURS
    try:
        stories = group_articles(articles)
    finally:
        settings.TEMPLATE_CHECKS, neighbours.NEIGHBOURS_DENSE = saved
    return {a: s.id for s in stories for a in s.articles}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--top", type=int, default=100, help="how many largest stories")
    parser.add_argument("--worst", type=int, default=15, help="worst stories to print")
    parser.add_argument("--titles", type=int, default=4, help="titles per printed story")
    parser.add_argument(
        "--compare", action="store_true", help="before (no template checks, no dense rows) vs now"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"corpus absent: {args.corpus}")
        return 0
    articles = load_jsonl_articles(args.corpus, args.limit)
    probe = Probe.of(articles)
    runs: list[tuple[str, Callable[[], dict[str, str]]]] = []
    if args.compare:
        runs.append(("before", lambda: group_with(articles, False)))
    runs.append(("now", lambda: group_with(articles, True)))
    results = []
    for name, run in runs:
        started = time.perf_counter()
        story_of = run()
        seconds = time.perf_counter() - started
        verdicts = probe_grouping(articles, story_of, args.top, probe)
        results.append((name, summary(verdicts), len(set(story_of.values())), seconds))
        print(f"== {name}: {len(set(story_of.values())):,} stories ({seconds:.1f} s)")
        print_worst(verdicts, args.worst, args.titles)
    print(f"\nlargest {args.top} stories of {len(articles):,} articles:")
    print(f"{'':32} " + " ".join(f"{name[:14]:>14}" for name, *_ in results))
    for key, label in (
        ("reports", "reports in them"),
        ("largest", "largest story"),
        ("purity", "mean purity"),
        ("mixed", "mixed (purity < 0.5)"),
        ("spread", "spread (weeks, nothing shared)"),
        ("either", "mixed or spread"),
    ):
        cells = []
        for _, s, *_ in results:
            value = s[key]
            cells.append(
                f"{value:>14.2f}"
                if key in ("purity", "mixed", "spread", "either")
                else f"{int(value):>14,}"
            )
        print(f"{label:32} " + " ".join(cells))
    print(f"{'stories in all':32} " + " ".join(f"{n:>14,}" for _, _, n, _ in results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
