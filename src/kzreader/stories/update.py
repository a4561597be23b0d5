"""Incremental update of a stored grouping: only the stories an added, changed or removed article
touches are grouped again.

A removed (or changed) article leaves its story, which is grouped again without it.  An added
(or changed) article is weighed with the stored document frequencies, finds its candidates
through the stored inverted index, and is scored against their stored vectors; the stories of
those neighbours (the ones it is at least half as close to as the threshold asks) and the new
article are grouped again by the same average linkage, after the same template checks
(`templates`).  The new article's entities are read with the stored counts; its neighbours'
most similar conflicting report is updated as far as the new pairs change it, their names and
stale names are not (like document frequencies, they drift a little until the next full
build).  Every other story keeps its articles, and so its id.  A story whose membership comes
out unchanged keeps its id too.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from kzreader.library import Article, Library
from kzreader.stories import cluster, neighbours, settings, store, templates, vectors
from kzreader.stories.assemble import scale_of, story_from, write_stories
from kzreader.stories.entities import CANDIDATE, CAP_MID, FIGURE, LOW_MID, MENTION, NameCounts
from kzreader.stories.model import Story, story_id


def _in(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _chunks(values: Sequence[object], size: int = 900) -> list[Sequence[object]]:
    return [values[i : i + size] for i in range(0, len(values), size)] or [[]]


@dataclass
class Applied:
    """What an update changed: stories gone, stories written (new or changed membership)."""

    gone: set[str] = field(default_factory=set)
    written: list[Story] = field(default_factory=list)


def apply(
    conn: sqlite3.Connection,
    library: Library,
    added: Sequence[Article],
    removed: Sequence[str],
    members: Mapping[str, Story],
) -> Applied:
    """Apply the changes inside the caller's transaction.  ``removed`` are article ids (changed
    articles are removed, then added); ``members`` are the stories the snapshot holds, which
    the tables must agree with (else `sqlite3.DatabaseError`: the store is damaged)."""
    meta = store.read_meta(conn)
    n_docs, cap = int(meta["n_docs"]), int(meta["cap"])
    touched: set[str] = set()
    refresh_top: set[int] = set()

    # --- removals ---------------------------------------------------------------------------
    for article_id in removed:
        found = conn.execute(
            "SELECT row, story, cols FROM articles JOIN vectors USING (row) WHERE id = ?",
            (article_id,),
        ).fetchone()
        if found is None:
            continue
        row, story, blob = found
        cols = np.frombuffer(blob, dtype=np.int32)
        body = cols[cols % 2 == 0] // 2
        tids = body.tolist()
        for chunk in _chunks(tids):
            conn.execute(f"UPDATE terms SET df = df - 1 WHERE id IN ({_in(chunk)})", chunk)
        flagged = conn.execute("SELECT flags FROM features WHERE row = ?", (row,)).fetchone()
        if flagged is None:
            raise sqlite3.DatabaseError(f"article {article_id}: no features row")
        bits = np.frombuffer(flagged[0], dtype=np.uint8)
        if len(bits) != len(body):
            raise sqlite3.DatabaseError(f"article {article_id}: features and vector disagree")
        for column, flag in (("caps", CAP_MID), ("lows", LOW_MID)):
            counted = body[(bits & flag) > 0].tolist()
            for chunk in _chunks(counted):
                conn.execute(
                    f"UPDATE terms SET {column} = {column} - 1 WHERE id IN ({_in(chunk)})", chunk
                )
        others = conn.execute(
            "SELECT b FROM edges WHERE a = ? UNION SELECT a FROM edges WHERE b = ?", (row, row)
        ).fetchall()
        refresh_top.update(r for (r,) in others)
        conn.execute("DELETE FROM edges WHERE a = ?", (row,))  # (an OR would scan the table)
        conn.execute("DELETE FROM edges WHERE b = ?", (row,))
        for chunk in _chunks(tids):  # its listings are among its body terms: no scan by row
            conn.execute(
                f"DELETE FROM postings WHERE row = ? AND tid IN ({_in(chunk)})", [row, *chunk]
            )
        conn.execute("DELETE FROM articles WHERE row = ?", (row,))
        conn.execute("DELETE FROM vectors WHERE row = ?", (row,))
        conn.execute("DELETE FROM features WHERE row = ?", (row,))
        touched.add(story)
        n_docs -= 1
    refresh_top.difference_update(_removed_rows(conn, refresh_top))
    for row in refresh_top:
        _refresh_top(conn, row)

    # --- additions --------------------------------------------------------------------------
    new_rows: list[int] = []
    next_row = (conn.execute("SELECT MAX(row) FROM articles").fetchone()[0] or 0) + 1
    for article in added:
        n_docs += 1
        row = next_row
        next_row += 1
        new_rows.append(row)
        touched.update(_add(conn, article, row, n_docs, cap))

    # --- group the touched stories again ----------------------------------------------------
    applied = _regroup(conn, library, touched, new_rows, members, set(removed))
    store.write_meta(conn, n_docs=n_docs)
    return applied


def _removed_rows(conn: sqlite3.Connection, rows: set[int]) -> set[int]:
    listed = sorted(rows)
    present: set[int] = set()
    for chunk in _chunks(listed):
        present.update(
            r
            for (r,) in conn.execute(f"SELECT row FROM articles WHERE row IN ({_in(chunk)})", chunk)
        )
    return rows - present


def _refresh_top(conn: sqlite3.Connection, row: int) -> None:
    sims = [
        s
        for (s,) in conn.execute(
            "SELECT s FROM edges WHERE a = ? UNION ALL SELECT s FROM edges WHERE b = ?", (row, row)
        )
    ]
    top = sorted(sims, reverse=True)[: cluster.SCALE_K]
    conn.execute("UPDATE articles SET top = ? WHERE row = ?", (json.dumps(top), row))


def _term_ids(conn: sqlite3.Connection, terms: list[str]) -> dict[str, tuple[int, int, int, int]]:
    """term -> (id, df, caps, lows) for the terms already known."""
    out = {}
    for chunk in _chunks(terms):
        for tid, term, df, caps, lows in conn.execute(
            f"SELECT id, term, df, caps, lows FROM terms WHERE term IN ({_in(chunk)})", chunk
        ):
            out[term] = (tid, df, caps, lows)
    return out


def _entities(conn: sqlite3.Connection, rows: Sequence[int]) -> dict[int, templates.Entities]:
    """The stored entities of ``rows`` (what the template checks read)."""
    out = {}
    listed = list(rows)
    for chunk in _chunks(listed):
        for row, day, names, mentions, figures, recurring, specific, conflicting in conn.execute(
            "SELECT row, day, names, mentions, figures, recurring, specific, conflicting "
            f"FROM features JOIN articles USING (row) WHERE row IN ({_in(chunk)})",
            chunk,
        ):
            out[row] = store.entities_of(
                names, mentions, figures, recurring, specific, conflicting, day
            )
    missing = set(listed) - out.keys()
    if missing:
        raise sqlite3.DatabaseError(f"rows {sorted(missing)[:3]}: no features row")
    return out


def _add(conn: sqlite3.Connection, article: Article, row: int, n_docs: int, cap: int) -> set[str]:
    """Insert one article with its vector, listing and edges; the stories it touches."""
    local: dict[str, int] = {}
    enc = vectors.encode(article, local)
    terms = sorted(local, key=local.__getitem__)
    known = _term_ids(conn, terms)
    next_tid = (conn.execute("SELECT MAX(id) FROM terms").fetchone()[0] or 0) + 1
    tids, dfs, caps, lows = [], [], [], []
    for term, bits in zip(terms, enc.flags.tolist(), strict=True):
        cap_mid, low_mid = int(bits & CAP_MID > 0), int(bits & LOW_MID > 0)
        if term in known:
            tid, df, term_caps, term_lows = known[term]
            conn.execute(
                "UPDATE terms SET df = df + 1, caps = caps + ?, lows = lows + ? WHERE id = ?",
                (cap_mid, low_mid, tid),
            )
        else:
            tid, df, term_caps, term_lows = next_tid, 0, 0, 0
            conn.execute(
                "INSERT INTO terms (id, term, df, caps, lows) VALUES (?, ?, 1, ?, ?)",
                (tid, term, cap_mid, low_mid),
            )
            next_tid += 1
        tids.append(tid)
        dfs.append(df + 1)
        caps.append(term_caps + cap_mid)
        lows.append(term_lows + low_mid)
    enc.tids = np.array(tids, dtype=np.int64)
    df_arr = np.array(dfs, dtype=np.int64)
    cols, weights = vectors.weigh_one(enc, df_arr, n_docs)
    df_of_col = dict(zip((2 * enc.tids).tolist(), dfs, strict=True))
    listed = vectors.candidate_terms(
        cols,
        weights,
        np.array([df_of_col[c - c % 2] for c in cols.tolist()]),
        cap,
        neighbours.CANDIDATE_TERMS,
    )
    listed_list = [int(t) for t in listed]
    candidates: set[int] = set()
    for chunk in _chunks(listed_list):
        candidates.update(
            r
            for (r,) in conn.execute(f"SELECT row FROM postings WHERE tid IN ({_in(chunk)})", chunk)
        )
    day = neighbours.day_number(article.published)
    dense = np.zeros(int(cols.max()) + 1 if len(cols) else 1, dtype=np.float64)
    dense[cols] = weights
    found: list[tuple[int, str, float | None, str]] = []  # (its `top` parsed once kept)
    blobs_c, blobs_w = [], []
    cand = sorted(candidates)
    for chunk in _chunks(cand):
        for other, story, other_day, top, blob_c, blob_w in conn.execute(
            "SELECT row, story, day, top, cols, weights FROM articles JOIN vectors USING (row) "
            f"WHERE row IN ({_in(chunk)})",
            chunk,
        ):
            found.append((other, story, other_day, top))
            blobs_c.append(np.frombuffer(blob_c, np.int32))
            blobs_w.append(np.frombuffer(blob_w, np.float32))
    scored: list[tuple[float, int, str, str]] = []
    if found:
        all_c = np.concatenate(blobs_c)
        all_w = np.concatenate(blobs_w).astype(np.float64)
        if len(all_c) != len(all_w) or (len(all_c) and int(all_c.min()) < 0):
            raise ValueError("a stored vector is damaged (its columns and weights disagree)")
        if not np.isfinite(all_w).all():
            raise ValueError("a stored vector is damaged (a weight is not a number)")
        owner = np.repeat(np.arange(len(found)), [len(c) for c in blobs_c])
        inside = all_c < len(dense)
        sims = np.bincount(
            owner[inside], all_w[inside] * dense[all_c[inside]], minlength=len(found)
        )
        for (other, story, other_day, top), sim in zip(found, sims.tolist(), strict=True):
            s = sim * neighbours.time_factor(day, other_day)
            if s >= neighbours.FLOOR:
                scored.append((s, other, story, top))
    scored.sort(reverse=True)
    crowded = neighbours.is_dense([x for x, *_ in scored[: neighbours.NEIGHBOURS]])
    scored = scored[: neighbours.NEIGHBOURS_DENSE if crowded else neighbours.NEIGHBOURS]
    my_top = [s for s, *_ in scored[: cluster.SCALE_K]]
    node = _new_entities(enc, dfs, caps, lows, n_docs, cap, day)
    others = _entities(conn, [o for _, o, _, _ in scored])
    node.recurring = templates.stale_names(
        node.names, ((others[o].day, others[o].mentions) for _, o, _, _ in scored)
    )
    for s, other, _, _ in scored:
        if templates.conflicts(node, others[other]):
            node.conflicting = max(node.conflicting, s)
            if s > others[other].conflicting:
                conn.execute("UPDATE features SET conflicting = ? WHERE row = ?", (s, other))
    order = np.argsort(enc.tids, kind="stable")
    conn.execute(
        f"INSERT INTO features ({store.FEATURES}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        store.features_row(row, enc.flags[order].astype(np.uint8).tobytes(), node),
    )
    conn.execute(
        "INSERT INTO articles (row, id, sha, day, story, top) VALUES (?, ?, ?, ?, '', ?)",
        (row, article.id, article.sha256, day, json.dumps(my_top)),
    )
    conn.execute(
        "INSERT INTO vectors (row, cols, weights) VALUES (?, ?, ?)",
        (row, cols.astype(np.int32).tobytes(), weights.astype(np.float32).tobytes()),
    )
    conn.executemany(
        "INSERT INTO postings (tid, row) VALUES (?, ?)", ((t, row) for t in listed_list)
    )
    conn.executemany(
        "INSERT OR REPLACE INTO edges (a, b, s) VALUES (?, ?, ?)",
        ((min(row, o), max(row, o), s) for s, o, _, _ in scored),
    )
    touched = set()
    mine = scale_of(my_top)
    for s, other, story, top_text in scored:
        top = json.loads(top_text)
        new_top = sorted([*top, s], reverse=True)[: cluster.SCALE_K]
        if new_top != top:
            conn.execute("UPDATE articles SET top = ? WHERE row = ?", (json.dumps(new_top), other))
        if s / (mine * scale_of(new_top)) ** 0.5 >= cluster.THRESHOLD / 2 and story:
            touched.add(story)
    return touched


def _new_entities(
    enc: vectors.Encoded,
    dfs: Sequence[int],
    caps: Sequence[int],
    lows: Sequence[int],
    n_docs: int,
    cap: int,
    day: float | None,
) -> templates.Entities:
    """A new article's entities read with the stored counts (``dfs``, ``caps``, ``lows`` are
    per entry of ``enc``, this article counted)."""
    local = range(len(dfs))
    counts = NameCounts(dfs, caps, lows, n_docs)
    bits = enc.flags.tolist()
    names, specific = counts.names([i for i in local if bits[i] & CANDIDATE], cap)
    figures = counts.figures([i for i in local if bits[i] & FIGURE], cap)
    tid = enc.tids.tolist()
    return templates.Entities(
        frozenset(tid[i] for i in names),
        frozenset(tid[i] for i in local if bits[i] & MENTION),
        specific,
        day,
        frozenset(tid[i] for i in figures),
    )


def _regroup(
    conn: sqlite3.Connection,
    library: Library,
    touched: set[str],
    new_rows: list[int],
    known: Mapping[str, Story],
    removed: set[str],
) -> Applied:
    """Group the touched stories and the new rows again.  A group whose membership is
    unchanged keeps its stored row."""
    touched.discard("")
    story_list = sorted(touched)
    rows: dict[int, tuple[str, str, str, list[float]]] = {}  # row -> (id, sha, story, top)
    for chunk in _chunks(story_list):
        for row, article_id, sha, story, top in conn.execute(
            f"SELECT row, id, sha, story, top FROM articles WHERE story IN ({_in(chunk)})", chunk
        ):
            rows[row] = (article_id, sha, story, json.loads(top))
    for chunk in _chunks(new_rows):
        for row, article_id, sha, story, top in conn.execute(
            f"SELECT row, id, sha, story, top FROM articles WHERE row IN ({_in(chunk)})", chunk
        ):
            rows[row] = (article_id, sha, story, json.loads(top))
    in_table: dict[str, set[str]] = {sid: set() for sid in story_list}
    for article_id, _, in_story, _ in rows.values():
        if in_story in in_table:
            in_table[in_story].add(article_id)
    for sid, listed in in_table.items():
        expected = known.get(sid)
        if expected is None or listed != set(expected.articles) - removed:
            raise sqlite3.DatabaseError(f"story {sid}: its rows and the snapshot disagree")
    order = sorted(rows)
    node = {r: i for i, r in enumerate(order)}
    edges: list[tuple[int, int, float]] = []
    for chunk in _chunks(order):
        for a, b, s in conn.execute(f"SELECT a, b, s FROM edges WHERE a IN ({_in(chunk)})", chunk):
            if b in node:
                edges.append((node[a], node[b], s))
    scales = [scale_of(rows[r][3]) for r in order]
    evidence = edges  # the pairs the template checks keep (`build.group` reads them so too)
    if settings.TEMPLATE_CHECKS:
        found = _entities(conn, order)
        evidence = templates.kept(edges, [found[r] for r in order])
    labels = cluster.average_linkage(len(order), cluster.scaled_edges(evidence, scales))
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(label, []).append(i)
    applied = Applied()
    kept: set[str] = set()
    stories, pairs = [], {}
    for nodes in members.values():
        ids = [rows[order[i]][0] for i in nodes]
        old = {rows[order[i]][2] for i in nodes}
        if len(old) == 1 and (sid := next(iter(old))) in touched and sid == story_id(ids):
            kept.add(sid)  # the same articles as before: the stored story stands
            continue
        present = [a for a in (library.get(x) for x in ids) if a is not None]
        inside = set(nodes)
        inner = [
            (rows[order[a]][0], rows[order[b]][0], s)
            for a, b, s in edges
            if a in inside and b in inside
        ]
        story, story_pairs = story_from(
            present, inner, {rows[order[i]][0]: scales[i] for i in nodes}
        )
        stories.append(story)
        pairs[story.id] = story_pairs
        applied.written.append(story)
        conn.executemany(
            "UPDATE articles SET story = ? WHERE row = ?",
            ((story.id, order[i]) for i in nodes),
        )
    applied.gone = touched - kept
    for chunk in _chunks(sorted(applied.gone)):
        conn.execute(f"DELETE FROM stories WHERE id IN ({_in(chunk)})", chunk)
    write_stories(conn, stories, pairs)
    return applied
