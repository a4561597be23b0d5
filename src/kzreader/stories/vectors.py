"""An article as a weighted term vector: what it says, with its headline, lead and names weighed up.

Each article gets one sparse vector in two halves, each L2-normalised and scaled by sqrt(1/2), so
the dot product of two vectors is the mean of two cosines:

* the *body* half: ``(1 + ln tf) + 1.0 [in the title] + 0.5 [in the lead]``, times the term's idf;
* the *lead* half: the title and lead terms alone, each weighing its idf.

Names (capitalised inside sentences) and numbers weigh ``NAME_BOOST`` times more in both halves:
they are what tells one happening from another of the same kind.  The lead half says what
happened; the body half keeps long reports of one story together.

Column ids interleave the halves: term id ``t`` is column ``2t`` in the body half and ``2t + 1``
in the lead half, so new terms can be added without renumbering anything stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import MutableMapping

import numpy as np

from kzreader.library import Article
from kzreader.stories.entities import entity_flags
from kzreader.stories.settings import BODY_WORDS, LEAD_WEIGHT, LEAD_WORDS, NAME_BOOST, TITLE_WEIGHT
from kzreader.stories.text import CAPITAL, scan

_HALF = np.float32(np.sqrt(0.5))
#: flags of a term in one article
IN_TITLE, IN_LEAD, IS_NAME = 1, 2, 4


class Encoded:
    """One article's terms as arrays: term ids, body counts, flags (IN_TITLE, IN_LEAD, IS_NAME,
    and the entity flags of `entities`)."""

    __slots__ = ("counts", "flags", "tids")

    def __init__(self, tids: np.ndarray, counts: np.ndarray, flags: np.ndarray) -> None:
        self.tids, self.counts, self.flags = tids, counts, flags


def encode(article: Article, term_ids: MutableMapping[str, int]) -> Encoded:
    """The article's terms; a term not in ``term_ids`` gets the next free id there."""
    title_scan = scan(article.title)
    body_scan = scan(article.text, limit=BODY_WORDS)
    body = body_scan.terms
    counts = Counter(body)
    capital: Counter[str] = Counter()
    for term, kind in zip(body, body_scan.kinds, strict=True):
        capital[term] += 1 if kind == CAPITAL else -1
    flags: dict[str, int] = dict.fromkeys(counts, 0)
    for term in title_scan.terms:
        flags[term] = IN_TITLE
    for term in body[:LEAD_WORDS]:
        flags[term] |= IN_LEAD
    for term in flags:
        if capital[term] > 0 or term[0].isdigit():
            flags[term] |= IS_NAME
    for term, bits in entity_flags(title_scan, body_scan, article.title).items():
        flags[term] |= bits
    ids = []
    for term in flags:
        tid = term_ids.get(term)
        if tid is None:
            tid = term_ids[term] = len(term_ids)
        ids.append(tid)
    return Encoded(
        np.array(ids, dtype=np.int64),
        np.fromiter((counts.get(t, 0) for t in flags), dtype=np.float64, count=len(flags)),
        np.fromiter(flags.values(), dtype=np.uint8, count=len(flags)),
    )


def idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Smoothed inverse document frequency: ln((N + 1) / (df + 1)) + 1."""
    return np.log((n_docs + 1) / (df + 1.0)) + 1.0


def weigh(
    rows: np.ndarray, enc: Encoded, dfs: np.ndarray, n_docs: int, n_rows: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectors of many articles at once: (rows, columns, weights), each row's halves normalised.

    ``rows`` gives the row of each entry of ``enc`` (concatenated articles), ``dfs`` the
    document frequency of each entry's term.
    """
    boost = np.where(enc.flags & IS_NAME, NAME_BOOST, 1.0)
    weight = idf(dfs, n_docs) * boost
    in_title = (enc.flags & IN_TITLE) > 0
    in_lead = (enc.flags & IN_LEAD) > 0
    tf = np.where(enc.counts > 0, 1.0 + np.log(np.maximum(enc.counts, 1.0)), 0.0)
    body = (tf + TITLE_WEIGHT * in_title + LEAD_WEIGHT * in_lead) * weight
    lead_mask = in_title | in_lead
    lead = weight[lead_mask]
    body_norm = np.sqrt(np.bincount(rows, body * body, minlength=n_rows))
    lead_norm = np.sqrt(np.bincount(rows[lead_mask], lead * lead, minlength=n_rows))
    body = body / np.where(body_norm > 0, body_norm, 1.0)[rows]
    lead = lead / np.where(lead_norm > 0, lead_norm, 1.0)[rows[lead_mask]]
    out_rows = np.concatenate([rows, rows[lead_mask]])
    out_cols = np.concatenate([2 * enc.tids, 2 * enc.tids[lead_mask] + 1])
    out_w = (np.concatenate([body, lead]) * _HALF).astype(np.float32)
    order = np.lexsort((out_cols, out_rows))
    return out_rows[order], out_cols[order], out_w[order]


def weigh_one(enc: Encoded, dfs: np.ndarray, n_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """One article's vector: (columns, weights)."""
    _, cols, weights = weigh(np.zeros(len(enc.tids), dtype=np.int64), enc, dfs, n_docs, 1)
    return cols, weights


def candidate_terms(
    cols: np.ndarray, weights: np.ndarray, dfs_of_cols: np.ndarray, cap: int, count: int
) -> np.ndarray:
    """The term ids a vector is found by: its ``count`` heaviest body terms used by at most
    ``cap`` articles (commoner terms would pair it with too many articles to be worth it).
    ``dfs_of_cols`` is the document frequency of each column's term."""
    usable = (cols % 2 == 0) & (dfs_of_cols <= cap)
    tids, w = cols[usable] // 2, weights[usable]
    if len(tids) > count:
        tids = tids[np.argpartition(-w, count)[:count]]
    return np.sort(tids)
