"""Running a query: the top hits and an honest count of every match, within a time budget.

Most queries (terms, AND, OR, NOT) are scored by `score.BlockScorer`, which counts every match
and is several times faster than Whoosh's matchers.  The others run on Whoosh's matchers with
the collector below.

Whoosh's `TopCollector` calls ``matcher.replace(minscore)`` every few documents once its heap
is full: a branch of a union whose best possible score cannot reach the heap is dropped (or
becomes an AndMaybe), so its documents are never seen and the count depends on the page size
(``oil`` over 4,000 articles counted 88 at ``--limit 1`` and 290 at 100).  `CountingCollector`
prunes only exhausted sub-matchers (``replace(0)``) and skips no blocks, so every match is
counted once; the top hits are the same.

A deadline, checked every few documents (no signals, no timer thread: safe in worker threads),
stops the count early; the total is then what was counted so far, a lower bound, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import perf_counter
from typing import Any

from whoosh.collectors import FilterCollector, TopCollector

from kzreader.search.score import BlockScorer, ScoreCache, Unsupported, top


class CountingCollector(TopCollector):
    """The top ``limit`` hits by score, every match counted, optionally within a deadline.

    ``soft``: stop at this `perf_counter` time once some match is found; ``hard``: stop at this
    time regardless (a search with no match by then says it stopped, never "no hits").
    """

    matcher: Any

    def __init__(self, limit: int, soft: float | None = None, hard: float | None = None) -> None:
        super().__init__(limit, usequality=False)
        self.soft = soft
        self.hard = hard
        self.stopped = False

    def _use_block_quality(self) -> bool:
        return False

    def matches(self) -> Any:
        matcher: Any = self.matcher
        soft, hard = self.soft, self.hard
        countdown = 0
        while matcher.is_active():
            if countdown == 0:
                self.matcher = matcher = matcher.replace(0)
                if not matcher.is_active():
                    break
                countdown = self.replace
                if soft is not None or hard is not None:
                    now = perf_counter()
                    if (hard is not None and now >= hard) or (
                        soft is not None and now >= soft and self.total
                    ):
                        self.stopped = True
                        return
            countdown -= 1
            yield matcher.id()
            matcher.next()


@dataclass(frozen=True)
class Collected:
    """The top hits as (document number, score), the number of matches, and whether the count
    stopped early (then ``total`` is a lower bound)."""

    hits: list[tuple[int, float]]
    total: int
    stopped: bool


def run(
    searcher: Any,
    q: Any,
    limit: int,
    filt: Any = None,
    time_limit: float | None = None,
    hard_limit: float | None = None,
    cache: ScoreCache | None = None,
) -> Collected:
    """The top ``limit`` hits of ``q`` (within the ``filt`` query, if any) and the count.

    With ``time_limit``, a search on Whoosh's matchers stops counting after that many seconds
    once it has found a match, and after ``hard_limit`` seconds (default: 10x ``time_limit``)
    in any case.  The block scorer always counts everything (its cost is bounded by the
    expansion budgets).
    """
    try:
        return _by_blocks(searcher, q, limit, filt, cache or ScoreCache())
    except Unsupported:
        return _by_matchers(searcher, q, limit, filt, time_limit, hard_limit)


def _by_blocks(searcher: Any, q: Any, limit: int, filt: Any, cache: ScoreCache) -> Collected:
    scorer = BlockScorer(searcher, cache)
    scores = scorer.scores(q)
    if filt is not None:
        allowed = scorer.docs(filt)
        scores = {d: s for d, s in scores.items() if d in allowed}
    return Collected(top(scores, limit), len(scores), False)


def _by_matchers(
    searcher: Any,
    q: Any,
    limit: int,
    filt: Any,
    time_limit: float | None,
    hard_limit: float | None,
) -> Collected:
    soft = hard = None
    if time_limit is not None:
        started = perf_counter()
        soft = started + time_limit
        hard = started + (hard_limit if hard_limit is not None else 10 * time_limit)
    counting = CountingCollector(limit, soft, hard)
    collector = FilterCollector(counting, filt) if filt is not None else counting
    searcher.search_with_collector(q, collector)
    results = collector.results()
    hits = [(hit.docnum, float(hit.score or 0.0)) for hit in results]
    return Collected(hits, counting.total, counting.stopped)
