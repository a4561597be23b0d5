"""Grouping a whole library at once: vectors, candidate pairs, clusters, stories.

`group` is pure (articles in, `Grouping` out); `persist` writes a grouping as a new store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from kzreader.library import Article
from kzreader.stories import cluster, neighbours, store, templates, vectors
from kzreader.stories.assemble import assemble, scale_of, write_stories
from kzreader.stories.entities import CANDIDATE, CAP_MID, FIGURE, LOW_MID, MENTION, NameCounts
from kzreader.stories.model import Story
from kzreader.stories.settings import FINGERPRINT

Progress = Callable[[int, int], None]


@dataclass
class Grouping:
    """A library grouped: per row (article) its vector, listing terms, day and neighbours."""

    articles: list[Article]
    term_ids: dict[str, int]
    dfs: np.ndarray  # by term id
    cap: int
    cols: list[np.ndarray]
    weights: list[np.ndarray]
    postings: list[np.ndarray]
    days: list[float | None]
    edge_a: np.ndarray
    edge_b: np.ndarray
    edge_s: np.ndarray
    top: list[list[float]]  # each row's best cluster.SCALE_K similarities
    flags: list[np.ndarray]  # each row's term flags, in the order of its body columns
    caps: np.ndarray  # by term id: articles writing it with a capital inside a sentence
    lows: np.ndarray  # ... and in lower case
    nodes: list[templates.Entities]
    labels: list[int]
    stories: list[Story]
    pairs: dict[str, list[list[float]]]  # story id -> [[i, j, s], ...] over its articles


def best_similarities(n: int, a: np.ndarray, b: np.ndarray, s: np.ndarray) -> list[list[float]]:
    best: list[list[float]] = [[] for _ in range(n)]
    for x, y, value in zip(a.tolist(), b.tolist(), s.tolist(), strict=True):
        best[x].append(value)
        best[y].append(value)
    return [sorted(v, reverse=True)[: cluster.SCALE_K] for v in best]


def group(articles: Sequence[Article], progress: Progress | None = None) -> Grouping:
    """Group ``articles`` into stories from scratch."""
    articles = list(articles)
    n = len(articles)
    term_ids: dict[str, int] = {}
    encoded = []
    for number, article in enumerate(articles, 1):
        encoded.append(vectors.encode(article, term_ids))
        if progress is not None and (number % 500 == 0 or number == n):
            progress(number, n)
    tids = np.concatenate([e.tids for e in encoded]) if encoded else np.zeros(0, np.int64)
    dfs = np.bincount(tids, minlength=len(term_ids)).astype(np.int64)
    rows = np.repeat(np.arange(n), [len(e.tids) for e in encoded]) if encoded else tids
    enc = vectors.Encoded(
        tids,
        np.concatenate([e.counts for e in encoded]) if encoded else np.zeros(0),
        np.concatenate([e.flags for e in encoded]) if encoded else np.zeros(0, np.int8),
    )
    del encoded
    caps = np.bincount(tids[(enc.flags & CAP_MID) > 0], minlength=len(term_ids)).astype(np.int64)
    lows = np.bincount(tids[(enc.flags & LOW_MID) > 0], minlength=len(term_ids)).astype(np.int64)
    by_term = np.lexsort((tids, rows))
    term_bounds = np.searchsorted(rows[by_term], np.arange(n + 1))
    sorted_tids, sorted_flags = tids[by_term], enc.flags[by_term]
    flags = [sorted_flags[term_bounds[r] : term_bounds[r + 1]] for r in range(n)]
    out_rows, out_cols, out_w = vectors.weigh(rows, enc, dfs[tids], n, n)
    width = 2 * len(term_ids)
    bounds = np.searchsorted(out_rows, np.arange(n + 1))
    cols = [out_cols[bounds[r] : bounds[r + 1]] for r in range(n)]
    weights = [out_w[bounds[r] : bounds[r + 1]] for r in range(n)]
    cap = neighbours.term_cap(n)
    postings = [
        vectors.candidate_terms(c, w, dfs[c // 2], cap, neighbours.CANDIDATE_TERMS)
        for c, w in zip(cols, weights, strict=True)
    ]
    full = sp.csr_matrix((out_w, out_cols, bounds), shape=(n, width))
    index_mask = np.zeros(len(out_cols), dtype=bool)
    for r, listed in enumerate(postings):
        index_mask[bounds[r] : bounds[r + 1]] = np.isin(cols[r], 2 * listed)
    per_row = np.bincount(out_rows[index_mask], minlength=n)
    index_bounds = np.concatenate([[0], np.cumsum(per_row)]).astype(np.int64)
    index = sp.csr_matrix((out_w[index_mask], out_cols[index_mask], index_bounds), shape=(n, width))
    days = [neighbours.day_number(a.published) for a in articles]
    edge_a, edge_b, edge_s = neighbours.all_edges(full, index, days)
    del full, index
    top = best_similarities(n, edge_a, edge_b, edge_s)
    edges = list(zip(edge_a.tolist(), edge_b.tolist(), edge_s.tolist(), strict=True))
    nodes = entity_nodes(
        [sorted_tids[term_bounds[r] : term_bounds[r + 1]] for r in range(n)],
        flags,
        NameCounts(dfs.tolist(), caps.tolist(), lows.tolist(), n),
        cap,
        days,
        edges,
    )
    scales = [scale_of(t) for t in top]
    labels = cluster.average_linkage(n, cluster.scaled_edges(templates.kept(edges, nodes), scales))
    stories, pairs = assemble(articles, labels, edges, scales)
    return Grouping(
        articles,
        term_ids,
        dfs,
        cap,
        cols,
        weights,
        postings,
        days,
        edge_a,
        edge_b,
        edge_s,
        top,
        flags,
        caps,
        lows,
        nodes,
        labels,
        stories,
        pairs,
    )


def entity_nodes(
    term_tids: Sequence[np.ndarray],
    flags: Sequence[np.ndarray],
    counts: NameCounts,
    cap: int,
    days: Sequence[float | None],
    edges: Sequence[tuple[int, int, float]],
) -> list[templates.Entities]:
    """Each row's names and mentions, the names stale among its neighbours, and its most similar
    conflicting neighbour (`templates`)."""
    nodes = []
    for r, (tids, bits) in enumerate(zip(term_tids, flags, strict=True)):
        names, specific = counts.names(tids[(bits & CANDIDATE) > 0].tolist(), cap)
        mentions = frozenset(tids[(bits & MENTION) > 0].tolist())
        figures = counts.figures(tids[(bits & FIGURE) > 0].tolist(), cap)
        nodes.append(templates.Entities(names, mentions, specific, days[r], figures))
    around: list[list[int]] = [[] for _ in nodes]
    for a, b, _ in edges:
        around[a].append(b)
        around[b].append(a)
    for node, others in zip(nodes, around, strict=True):
        node.recurring = templates.stale_names(
            node.names, ((nodes[o].day, nodes[o].mentions) for o in others)
        )
    for node, value in zip(nodes, templates.conflicting_maxima(edges, nodes), strict=True):
        node.conflicting = value
    return nodes


# --- writing ---------------------------------------------------------------------------------


def persist(grouping: Grouping, folder: Path) -> None:
    """Write ``grouping`` as the store in ``folder`` (atomically replacing any old one)."""
    g = grouping
    n = len(g.articles)
    story_of = {}
    for story in g.stories:
        for article_id in story.articles:
            story_of[article_id] = story.id
    with store.new_store(folder) as conn:
        terms = sorted(g.term_ids.items(), key=lambda kv: kv[1])
        conn.executemany(
            "INSERT INTO terms (id, term, df, caps, lows) VALUES (?, ?, ?, ?, ?)",
            (
                (tid, term, int(g.dfs[tid]), int(g.caps[tid]), int(g.lows[tid]))
                for term, tid in terms
            ),
        )
        conn.executemany(
            "INSERT INTO articles (row, id, sha, day, story, top) VALUES (?, ?, ?, ?, ?, ?)",
            (
                (r, a.id, a.sha256, g.days[r], story_of[a.id], json.dumps(g.top[r]))
                for r, a in enumerate(g.articles)
            ),
        )
        conn.executemany(
            "INSERT INTO vectors (row, cols, weights) VALUES (?, ?, ?)",
            (
                (r, g.cols[r].astype(np.int32).tobytes(), g.weights[r].astype(np.float32).tobytes())
                for r in range(n)
            ),
        )
        conn.executemany(
            f"INSERT INTO features ({store.FEATURES}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (store.features_row(r, g.flags[r].tobytes(), g.nodes[r]) for r in range(n)),
        )
        conn.executemany(
            "INSERT INTO postings (tid, row) VALUES (?, ?)",
            ((int(t), r) for r in range(n) for t in g.postings[r]),
        )
        conn.executemany(
            "INSERT INTO edges (a, b, s) VALUES (?, ?, ?)",
            zip(g.edge_a.tolist(), g.edge_b.tolist(), g.edge_s.tolist(), strict=True),
        )
        write_stories(conn, g.stories, g.pairs)
        store.write_meta(conn, version=store.VERSION, settings=FINGERPRINT, n_docs=n, cap=g.cap)
        store.write_snapshot(
            conn,
            {a.id: store.short_sha(a.sha256) for a in g.articles},
            (store.story_row(s) for s in g.stories),
        )
