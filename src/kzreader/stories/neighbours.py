"""Which articles to compare, and how alike they are: the sub-quadratic step and the scores.

Candidates come from an inverted index: each article is listed under its ``CANDIDATE_TERMS``
heaviest body terms among those used by at most ``cap`` articles (names, places, numbers, rare
words; see `vectors.candidate_terms`).  Two articles are candidates when they share a listing;
the sparse product of that index with itself (scipy) scores them all at once, in
O(articles x CANDIDATE_TERMS x cap), never all pairs.  Each article keeps its ``NEIGHBOURS`` best
candidates, scored exactly (the dot product of the full vectors) and multiplied by the time
factor when both publication times are known; a row whose ``NEIGHBOURS``-th best is still close
(a story larger than the list) keeps up to ``NEIGHBOURS_DENSE`` (`dense_rows`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from kzreader.stories.settings import (
    CANDIDATE_TERMS,
    CAP_MAX,
    CAP_MIN,
    CAP_SHARE,
    DENSE,
    DENSE_LINK,
    FADE_DAYS,
    FLOOR,
    GRACE_DAYS,
    NEIGHBOURS,
    NEIGHBOURS_DENSE,
    SCALE_K,
    TIME_PENALTY,
)

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = [
    "CANDIDATE_TERMS",
    "FLOOR",
    "NEIGHBOURS",
    "NEIGHBOURS_DENSE",
    "all_edges",
    "day_number",
    "is_dense",
    "time_factor",
]

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
    terms each article is listed under (`vectors.candidate_terms`).  Each row keeps its
    ``NEIGHBOURS`` best candidates; a *dense* row (`dense_rows`) up to ``NEIGHBOURS_DENSE``.
    """
    n = full.shape[0]
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    shared = (index @ index.T).tocsr()
    shared.setdiag(0)
    shared.eliminate_zeros()
    keys = _pair_keys(shared, range(n), NEIGHBOURS, n)
    sims = _score(full, keys, days, n)
    dense = dense_rows(n, keys // n, keys % n, sims, np.diff(shared.indptr) > NEIGHBOURS)
    if len(dense):
        more = _pair_keys(shared, dense.tolist(), NEIGHBOURS_DENSE, n)
        more = more[~np.isin(more, keys)]
        keys = np.concatenate([keys, more])
        sims = np.concatenate([sims, _score(full, more, days, n)])
        order = np.argsort(keys)
        keys, sims = keys[order], sims[order]
    del shared
    a, b = keys // n, keys % n
    keep = sims >= FLOOR
    return a[keep], b[keep], sims[keep]


def _pair_keys(shared: sp.csr_matrix, rows: Iterable[int], count: int, n: int) -> np.ndarray:
    """Sorted unique keys (min * n + max) of each row's ``count`` best candidates."""
    pairs_a, pairs_b = [], []
    for row in rows:
        start, end = shared.indptr[row], shared.indptr[row + 1]
        cols = shared.indices[start:end]
        if end - start > count:
            cols = cols[np.argpartition(-shared.data[start:end], count)[:count]]
        pairs_a.append(np.full(len(cols), row, dtype=np.int64))
        pairs_b.append(cols.astype(np.int64))
    if not pairs_a:
        return np.zeros(0, dtype=np.int64)
    a = np.concatenate(pairs_a)
    b = np.concatenate(pairs_b)
    return np.unique(np.minimum(a, b) * n + np.maximum(a, b))


def _score(
    full: sp.csr_matrix, keys: np.ndarray, days: Sequence[float | None], n: int
) -> np.ndarray:
    """The exact similarity (dot product times the time factor) of each pair key."""
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
    return sims


def dense_rows(
    n: int, a: np.ndarray, b: np.ndarray, sims: np.ndarray, truncated: np.ndarray
) -> np.ndarray:
    """Rows whose candidate list was cut at ``NEIGHBOURS`` while its weakest kept pair is still
    close enough to count (`is_dense`): a story larger than the list.  Average linkage counts
    a pair it was not given as 0, so such a story would split unless its rows keep more."""
    ends = np.concatenate([a, b])
    values = np.concatenate([sims, sims]).astype(np.float64)
    order = np.lexsort((-values, ends))
    ends, values = ends[order], values[order]
    bounds = np.searchsorted(ends, np.arange(n + 1))
    out = []
    for row in np.flatnonzero(truncated[:n]).tolist():
        mine = values[bounds[row] : bounds[row + 1]]
        if is_dense(mine.tolist()):
            out.append(row)
    return np.array(out, dtype=np.int64)


def is_dense(best_first: Sequence[float]) -> bool:
    """A row's kept similarities (best first) say it is in a story larger than its list: its
    ``NEIGHBOURS``-th best, scaled by its own scale, still reaches ``DENSE_LINK``."""
    if len(best_first) < NEIGHBOURS:
        return False
    scale = min(DENSE, sum(best_first[:SCALE_K]) / SCALE_K)
    return best_first[NEIGHBOURS - 1] >= DENSE_LINK * scale


def top_mean(similarities: Sequence[float], k: int) -> float:
    """The mean of the ``k`` largest values (missing ones count as 0)."""
    best = sorted(similarities, reverse=True)[:k]
    return sum(best) / k if best else 0.0
