"""From similar pairs to stories: local scaling, then average linkage with one fixed threshold.

Reports of one story are not equally alike everywhere: two wire rewrites of a quake share most
words, two reports of a court case from different outlets share far fewer.  A fixed cosine
threshold either merges two happenings of one kind (two quakes in one region) or splits loose
stories.  So each similarity is read relative to how close each report's own nearest reports
are (local scaling, as in self-tuning spectral clustering):

    scaled(a, b) = s(a, b) / sqrt(c(a) * c(b)),  c(x) = min(DENSE, mean of x's SCALE_K best s)

``DENSE`` caps c: a report whose nearest reports are that close is in a dense story, and closer
neighbours (copies of one wire story) must not make its other reports look far.  Groups merge
by average linkage while the mean scaled similarity over all their pairs (a pair with no kept
edge counts 0) is at least ``THRESHOLD``: two groups are one story when their reports are, on
average, more than half as close to each other as each report is to its nearest reports.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence

from kzreader.stories.settings import DENSE, SCALE_K, THRESHOLD

__all__ = ["DENSE", "SCALE_K", "THRESHOLD", "average_linkage", "scaled_edges", "scales"]


def scales(n: int, edges: Iterable[tuple[int, int, float]]) -> list[float]:
    """c(x) for nodes 0..n-1 from raw similarities."""
    best: list[list[float]] = [[] for _ in range(n)]
    for a, b, s in edges:
        best[a].append(s)
        best[b].append(s)
    out = []
    for values in best:
        top = sorted(values, reverse=True)[:SCALE_K]
        out.append(min(DENSE, sum(top) / SCALE_K) if top else DENSE)
    return out


def scaled_edges(
    edges: Iterable[tuple[int, int, float]], scale: Sequence[float]
) -> dict[tuple[int, int], float]:
    out = {}
    for a, b, s in edges:
        key = (a, b) if a < b else (b, a)
        out[key] = s / math.sqrt(max(scale[a], 1e-6) * max(scale[b], 1e-6))
    return out


def average_linkage(
    n: int, similarities: Mapping[tuple[int, int], float], threshold: float = THRESHOLD
) -> list[int]:
    """A group number for each node 0..n-1 (the smallest node of its group).

    Exact average linkage over a sparse graph: the link of two groups is the sum of their
    pairs' similarities over the product of their sizes; missing pairs count 0.  Each step
    merges the best link; a heap with lazy deletion keeps it O(E log E).
    """
    neighbours: list[dict[int, float]] = [{} for _ in range(n)]
    for (a, b), s in similarities.items():
        if a != b:
            neighbours[a][b] = neighbours[a].get(b, 0.0) + s
            neighbours[b][a] = neighbours[a][b]
    size = [1] * n
    alive = [True] * n
    parent = list(range(n))
    heap = [(-s, a, b) for (a, b), s in similarities.items() if a != b and s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]):
            continue
        total = neighbours[a].get(b)
        if total is None or abs(total / (size[a] * size[b]) + negative) > 1e-9:
            continue  # stale: one of the groups changed since this entry was pushed
        if len(neighbours[a]) < len(neighbours[b]):
            a, b = b, a  # fold the smaller neighbourhood into the larger
        alive[b] = False
        parent[b] = a
        del neighbours[a][b]
        for other, s in neighbours[b].items():
            if other == a:
                continue
            del neighbours[other][b]
            merged = neighbours[a].get(other, 0.0) + s
            neighbours[a][other] = merged
            neighbours[other][a] = merged
        neighbours[b] = {}
        size[a] += size[b]
        for other, total in neighbours[a].items():
            link = total / (size[a] * size[other])
            if link >= threshold:
                heapq.heappush(heap, (-link, min(a, other), max(a, other)))
    groups = []
    for node in range(n):
        root = node
        while parent[root] != root:
            root = parent[root]
        groups.append(root)
    smallest: dict[int, int] = {}
    for node, root in enumerate(groups):
        smallest.setdefault(root, node)
    return [smallest[root] for root in groups]


def cluster(
    n: int, edges: Sequence[tuple[int, int, float]], threshold: float = THRESHOLD
) -> list[int]:
    """Groups of nodes 0..n-1 from raw similarity edges (local scaling, then average linkage)."""
    return average_linkage(n, scaled_edges(edges, scales(n, edges)), threshold)
