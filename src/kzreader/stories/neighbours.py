"""Which articles to compare, and how alike they are: the sub-quadratic step and the scores.

Candidates come from an inverted index: each article is listed under its ``CANDIDATE_TERMS``
heaviest body terms among those used by at most ``cap`` articles (names, places, numbers, rare
words; see `vectors.candidate_terms`).  Two articles are candidates when they share a listing;
the sparse product of that index with itself (scipy) scores them all at once, in
O(articles x CANDIDATE_TERMS x cap), never all pairs.  Each article keeps its ``NEIGHBOURS`` best
candidates, scored exactly (the dot product of the full vectors) and multiplied by the time
factor when both publication times are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from kzreader.stories.settings import (
    CANDIDATE_TERMS,
    CAP_MAX,
    CAP_MIN,
    CAP_SHARE,
    FADE_DAYS,
    FLOOR,
    GRACE_DAYS,
    NEIGHBOURS,
    TIME_PENALTY,
)

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = ["CANDIDATE_TERMS", "FLOOR", "NEIGHBOURS", "all_edges", "day_number", "time_factor"]

_CHUNK = 100_000


def term_cap(n_docs: int) -> int:
    return int(min(CAP_MAX, max(CAP_MIN, CAP_SHARE * n_docs)))


def day_number(published: datetime | None) -> float | None:
    """Days since the epoch (UTC when the zone is known), or None."""
    if published is None:
        return None
    if published.tzinfo is not None:
        return published.timestamp() / 86400.0
    return (published - datetime(1970, 1, 1)).total_seconds() / 86400.0


def time_factor(days_a: float | None, days_b: float | None) -> float:
    if days_a is None or days_b is None:
        return 1.0
    gap = abs(days_a - days_b)
    return 1.0 - TIME_PENALTY * min(1.0, max(0.0, gap - GRACE_DAYS) / FADE_DAYS)


def all_edges(
    full: sp.csr_matrix, index: sp.csr_matrix, days: Sequence[float | None]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows a, rows b, similarity) with a < b for every kept pair of a whole library.

    ``full`` holds the vectors (one row per article), ``index`` the same rows restricted to the
    terms each article is listed under (`vectors.candidate_terms`).
    """
    n = full.shape[0]
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    shared = (index @ index.T).tocsr()
    shared.setdiag(0)
    shared.eliminate_zeros()
    pairs_a, pairs_b = [], []
    for row in range(n):
        start, end = shared.indptr[row], shared.indptr[row + 1]
        cols = shared.indices[start:end]
        if end - start > NEIGHBOURS:
            cols = cols[np.argpartition(-shared.data[start:end], NEIGHBOURS)[:NEIGHBOURS]]
        pairs_a.append(np.full(len(cols), row, dtype=np.int64))
        pairs_b.append(cols.astype(np.int64))
    del shared
    a = np.concatenate(pairs_a)
    b = np.concatenate(pairs_b)
    keys = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
    a, b = keys // n, keys % n
    sims = np.empty(len(a), dtype=np.float32)
    for start in range(0, len(a), _CHUNK):
        rows_a, rows_b = a[start : start + _CHUNK], b[start : start + _CHUNK]
        sims[start : start + _CHUNK] = np.asarray(
            full[rows_a].multiply(full[rows_b]).sum(axis=1)
        ).ravel()
    day = np.array([np.nan if d is None else d for d in days], dtype=np.float64)
    gap = np.nan_to_num(np.abs(day[a] - day[b]), nan=0.0)
    fade = np.clip((gap - GRACE_DAYS) / FADE_DAYS, 0.0, 1.0)
    sims *= (1.0 - TIME_PENALTY * fade).astype(np.float32)
    keep = sims >= FLOOR
    return a[keep], b[keep], sims[keep]


def top_mean(similarities: Sequence[float], k: int) -> float:
    """The mean of the ``k`` largest values (missing ones count as 0)."""
    best = sorted(similarities, reverse=True)[:k]
    return sum(best) / k if best else 0.0
