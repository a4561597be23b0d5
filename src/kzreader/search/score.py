"""Scoring a query a posting block at a time: every match counted, 5-10x faster than Whoosh's
matchers.

Whoosh scores one posting at a time through a tree of matcher objects: a union's ``next``,
``id`` and ``score``, the leaf's BM25 scorer, a column lookup for the document's field length
(~7 us a posting: 60 ms for ``oil`` over 100,000 articles).  Here each term's postings are read
a block at a time (the ids and weights Whoosh decodes anyway) and scored with the same BM25F
formula and statistics (Whoosh's own ``idf`` and average field lengths, the length bytes of its
length column, read once per segment), in one loop per term; boolean structure is dict and set
operations.  Scores equal Whoosh's up to float rounding in the order of sums, and the top hits
break ties as Whoosh does (lower document number first).

Each term's scores are kept for the searcher's life (`ScoreCache`, within a postings budget):
typing "minister said" letter by letter reads "minister" once, not on every keystroke after it.
Blocks are decoded here (one ``pickle.loads`` and a C-speed ``accumulate`` of the id deltas,
where Whoosh's matcher runs a Python generator per id).

Queries of terms, phrases (words in a row), AND, OR, ANDNOT, ANDMAYBE and NOT inside AND are
scored here; anything else (ranges, phrases with a slop, wildcards left unexpanded) raises
`Unsupported` and the caller lets Whoosh run it.
"""

from __future__ import annotations

import heapq
import zlib
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from itertools import accumulate, repeat
from pickle import loads
from typing import Any

from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F

from kzreader.search.schema import SCORING_TWIN

Scores = dict[int, float]


class Unsupported(Exception):
    """A query shape this scorer does not handle (Whoosh runs it instead)."""


#: How many postings `ScoreCache` keeps scored (ids and scores: 12 bytes each, ~36 MB).
CACHED_POSTINGS = 3_000_000


class ScoreCache:
    """What the block scorer can keep between searches.

    Field lengths per (segment, field), as Whoosh's BM25F reads them: segments never change, so
    they outlive searchers.  Each term's (document, score) arrays for one searcher (idf and
    average lengths move with every commit), least recently used first out.
    """

    def __init__(self, budget: int = CACHED_POSTINGS) -> None:
        self.budget = budget
        self._lengths: dict[tuple[Any, str], list[int]] = {}
        self._norms: dict[tuple[Any, str, float, float, float], list[float]] = {}
        self._terms: OrderedDict[tuple[str, bytes], tuple[array[int], array[float]]] = OrderedDict()
        self._held = 0
        self._phrases: OrderedDict[tuple[str, tuple[str, ...]], Scores] = OrderedDict()
        self._phrase_held = 0
        self._searcher: Any = None

    def for_searcher(self, searcher: Any) -> None:
        """Forget term scores computed on another searcher (another commit)."""
        if searcher is not self._searcher:
            self._searcher = searcher
            self._terms.clear()
            self._held = 0
            self._phrases.clear()
            self._phrase_held = 0
            live = {segment_key(sub.reader()) for sub, _offset in searcher.leaf_searchers()}
            self._lengths = {k: v for k, v in self._lengths.items() if k[0] in live}
            self._norms = {k: v for k, v in self._norms.items() if k[0] in live}

    def warm(self, searcher: Any, fieldnames: Iterable[str]) -> None:
        """Read the field lengths of every segment for these fields now."""
        self.for_searcher(searcher)
        weighting = searcher.weighting
        for fieldname in fieldnames:
            if fieldname not in searcher.schema or not searcher.schema[fieldname].scorable:
                continue
            avgfl = searcher.avg_field_length(fieldname) or 1
            b = getattr(weighting, "_field_B", {}).get(fieldname, getattr(weighting, "B", 0.75))
            k1 = getattr(weighting, "K1", 1.2)
            for sub, _offset in searcher.leaf_searchers():
                self.norms(sub.reader(), fieldname, avgfl, k1, b)

    def forget_terms(self) -> None:
        """Drop every kept term and phrase score (benchmarks time first reads with this)."""
        self._terms.clear()
        self._held = 0
        self._phrases.clear()
        self._phrase_held = 0

    def phrase(self, key: tuple[str, tuple[str, ...]]) -> Scores | None:
        found = self._phrases.get(key)
        if found is not None:
            self._phrases.move_to_end(key)
        return found

    def keep_phrase(self, key: tuple[str, tuple[str, ...]], scores: Scores) -> None:
        """A phrase's matches, for the keystrokes typed after it (within a tenth of the
        postings budget: a dict costs several times an array)."""
        if len(scores) > self.budget // 40:
            return
        self._phrases[key] = scores
        self._phrase_held += len(scores)
        while self._phrase_held > self.budget // 10 and self._phrases:
            _key, old = self._phrases.popitem(last=False)
            self._phrase_held -= len(old)

    def term(self, key: tuple[str, bytes]) -> tuple[array[int], array[float]] | None:
        found = self._terms.get(key)
        if found is not None:
            self._terms.move_to_end(key)
        return found

    def keep(self, key: tuple[str, bytes], ids: array[int], scores: array[float]) -> None:
        size = len(ids)
        if size > self.budget // 4:
            return  # one term may not push everything else out
        self._terms[key] = (ids, scores)
        self._held += size
        while self._held > self.budget and self._terms:
            _key, (old, _scores) = self._terms.popitem(last=False)
            self._held -= len(old)

    def norms(self, leaf: Any, fieldname: str, avgfl: float, k1: float, b: float) -> list[float]:
        """``K1 * ((1 - B) + B * length / avgfl)`` for every document of ``leaf``."""
        key = (segment_key(leaf), fieldname, avgfl, k1, b)
        norms = self._norms.get(key)
        if norms is None:
            one_minus_b = 1 - b
            norms = [
                k1 * (one_minus_b + b * fl / avgfl) for fl in self._lengths_of(leaf, fieldname)
            ]
            if len(self._norms) > 64:  # statistics move with every commit: keep the recent
                self._norms.clear()
            self._norms[key] = norms
        return norms

    def _lengths_of(self, leaf: Any, fieldname: str) -> list[int]:
        key = (segment_key(leaf), fieldname)
        lengths = self._lengths.get(key)
        if lengths is None:
            lengths = self._lengths[key] = _read_lengths(leaf, fieldname)
        return lengths


def segment_key(leaf: Any) -> Any:
    segment = getattr(leaf, "_segment", None)
    if segment is not None and hasattr(segment, "segment_id"):
        return segment.segment_id()
    return id(leaf)


def _read_lengths(leaf: Any, fieldname: str) -> list[int]:
    """Each document's length in ``fieldname`` as Whoosh's scorer sees it (its length byte
    decoded; 1 when missing, the default the scorer passes)."""
    count = leaf.doc_count_all()
    column = _length_column(leaf, fieldname)
    if column is None:
        return [leaf.doc_field_length(d, fieldname, 1) or 1 for d in range(count)]
    from whoosh.util.numeric import byte_to_length

    table = [byte_to_length(b) if b else 1 for b in range(256)]
    return [table[b] for b in column]


def _length_column(leaf: Any, fieldname: str) -> Any:
    """The raw length bytes (Whoosh 3 codec), or None for another codec."""
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    except (AttributeError, ImportError, KeyError):
        return None
    return list(column) if column is not None else None


_INT_SIZE = 4


def _decode_positions(value: bytes) -> list[int]:
    """`whoosh.formats.Positions.decode_positions` with the deltas summed in C: a value is a
    frequency (4 bytes) and the pickled list of position deltas, its final STOP opcode
    sometimes left off."""
    body = value[_INT_SIZE:]
    return list(accumulate(loads(body if body.endswith(b".") else body + b".")))


def _deleted(leaf: Any) -> frozenset[int]:
    """A segment's deleted documents (Whoosh caches the set as a property)."""
    found = leaf.deleted_docs_set
    return frozenset(found() if callable(found) else found)


def _blocks(matcher: Any) -> Iterator[tuple[Any, Any]]:
    """(ids, weights) of each posting block of a Whoosh 3 leaf matcher, decoded as its
    ``_read_data``/``_read_ids``/``_read_weights`` do, with the id deltas summed in C."""
    postfile = matcher._postfile
    while matcher.is_active():
        start = matcher._dataoffset
        data = postfile.get(start, matcher._nextoffset - start)
        if matcher._compression:
            data = zlib.decompress(data)
        ids, weights = loads(data)[:2]
        if not matcher._byteids:
            ids = list(accumulate(ids))
        if weights is None or isinstance(weights, float):
            weights = list(repeat(1.0 if weights is None else weights, matcher._blocklength))
        yield ids, weights
        matcher._next_block()


def _postings(leaf: Any, fieldname: str, btext: bytes) -> tuple[Iterator[tuple[Any, Any]], Any]:
    """The postings of a term in one segment as blocks, and the deleted documents to skip."""
    matcher = leaf.postings(fieldname, btext)
    deleted: frozenset[int] = frozenset()
    if isinstance(matcher, FilterMatcher):
        deleted = _deleted(leaf)
        matcher = matcher.child
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        return _blocks(matcher), deleted

    def one_by_one() -> Iterator[tuple[Any, Any]]:  # another matcher type: step through it
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        yield ids, weights

    return one_by_one(), deleted


class BlockScorer:
    """Scores (and counts) a query over one searcher; see the module docstring."""

    def __init__(self, searcher: Any, cache: ScoreCache) -> None:
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise Unsupported("only BM25F scoring")
        self.searcher = searcher
        self.schema = searcher.schema
        self.weighting = weighting
        cache.for_searcher(searcher)
        self.cache = cache
        self.leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self.postings_read = 0

    # --- public --------------------------------------------------------------------------------

    def scores(self, q: Any) -> Scores:
        """Document number -> score of every document ``q`` matches."""
        return self._scores(q)

    def docs(self, q: Any) -> set[int]:
        """The documents ``q`` matches (unscored: filters and exclusions)."""
        return self._docs(q)

    # --- scoring -------------------------------------------------------------------------------

    def _scores(self, q: Any, within: Scores | None = None) -> Scores:
        """Document -> score of what ``q`` matches.  ``within``: only these documents matter
        (a part of an AND, scored after a smaller part); others may or may not be returned."""
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return {}
        if isinstance(q, wq.Term):
            return self._term(q, within)
        if isinstance(q, wq.Phrase):
            return self._phrase(q, within)
        if isinstance(q, wq.Or) and not isinstance(q, wq.DisjunctionMax):
            if q.minmatch or q.scale:
                raise Unsupported("Or with minmatch or scale")
            parts = [self._scores(sub, within) for sub in _same_terms_once(q.subqueries)]
            return _boosted(self._union(parts), q.boost)
        if isinstance(q, wq.And):
            return _boosted(self._intersection(q.subqueries, within), q.boost)
        if isinstance(q, wq.AndNot):
            scored = self._scores(q.a, within)
            excluded = self._docs(q.b)
            return {d: s for d, s in scored.items() if d not in excluded}
        if isinstance(q, wq.AndMaybe):
            scored = self._scores(q.a, within)
            extra = self._scores(q.b, scored)
            return {d: s + extra[d] if d in extra else s for d, s in scored.items()}
        raise Unsupported(type(q).__name__)

    def _intersection(self, subqueries: list[Any], within: Scores | None) -> Scores:
        """The smallest part first, then each larger part only where the documents so far are
        (a cached common word is probed by bisection, not turned into a dict)."""
        required = [s for s in subqueries if not isinstance(s, wq.Not)]
        nots = [s for s in subqueries if isinstance(s, wq.Not)]
        if not required:
            raise Unsupported("And of only Not")
        ordered = sorted(required, key=self._estimate)
        out = self._scores(ordered[0], within)
        for node in ordered[1:]:
            if not out:
                break
            part = self._scores(node, out)
            out = {d: s + part[d] for d, s in out.items() if d in part}
        if nots and out:
            excluded: set[int] = set()
            for node in nots:
                excluded |= self._docs(node.query)
            # Whoosh scores each Not inside an And as an inverse matcher worth 1.0 a document
            bonus = float(len(nots))
            out = {d: s + bonus for d, s in out.items() if d not in excluded}
        return out

    def _phrase(self, node: Any, within: Scores | None) -> Scores:
        """Whoosh's ``Phrase`` (``slop`` 1: the words next to each other, in order): scored as
        the sum of its words' scores (as Whoosh's span matcher scores it), for the documents
        that have every word and, at their positions, the words in a row.  Positions are read
        only from the posting blocks that hold such documents."""
        words = list(node.words)
        if node.slop != 1 or not words:
            raise Unsupported("phrase with a slop")
        if len(words) == 1:
            return self._term(wq.Term(node.fieldname, words[0], boost=node.boost), within)
        if node.fieldname not in self.schema:
            return {}
        field = self.schema[node.fieldname]
        if not field.format or not field.format.supports("positions"):
            raise Unsupported("phrase in a field without positions")
        key = (node.fieldname, tuple(words))
        kept = self.cache.phrase(key)
        if kept is not None:
            found = kept
        else:
            found = self._phrase_matches(node.fieldname, words)
            self.cache.keep_phrase(key, found)
        boost = node.boost
        if boost == 1.0:
            return dict(found)
        return {doc: score * boost for doc, score in found.items()}

    def _phrase_matches(self, fieldname: str, words: list[str]) -> Scores:
        """Document -> unboosted score of every document where ``words`` stand in a row."""
        terms = [wq.Term(fieldname, word) for word in words]
        candidates = self._intersection(terms, None)
        if not candidates:
            return {}
        ordered = sorted(candidates)
        positions = [self._positions(fieldname, word, ordered) for word in words]
        out: Scores = {}
        for doc in ordered:
            first = positions[0].get(doc)
            if not first:
                continue
            rest = [set(p.get(doc, ())) for p in positions[1:]]
            if any(all(start + k in found for k, found in enumerate(rest, 1)) for start in first):
                out[doc] = candidates[doc]
        return out

    def _positions(self, fieldname: str, word: str, docs: list[int]) -> dict[int, list[int]]:
        """The positions of ``word`` in each of ``docs`` (sorted) that has it."""
        field = self.schema[fieldname]
        btext = field.to_bytes(word)
        decode = (
            _decode_positions if type(field.format) is Positions else field.format.decode_positions
        )
        out: dict[int, list[int]] = {}
        for leaf, offset in self.leaves:
            lo = bisect_left(docs, offset)
            hi = bisect_left(docs, offset + leaf.doc_count_all())
            if lo == hi:
                continue
            local = [d - offset for d in docs[lo:hi]]
            try:
                matcher = leaf.postings(fieldname, btext)
            except TermNotFound:
                continue
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child
            if not hasattr(matcher, "_maxid") or not hasattr(matcher, "_fixedsize"):
                raise Unsupported("postings of another codec")
            wanted = set(local)
            pointer = 0
            postfile = matcher._postfile
            while matcher.is_active() and pointer < len(local):
                if local[pointer] > matcher._maxid:  # nothing wanted in this block
                    matcher._next_block()
                    continue
                fixed = matcher._fixedsize
                if fixed is not None and fixed >= 0:
                    raise Unsupported("fixed-size posting values")
                start = matcher._dataoffset
                data = postfile.get(start, matcher._nextoffset - start)
                if matcher._compression:
                    data = zlib.decompress(data)
                ids, _weights, values = loads(data)[:3]
                for i, doc in enumerate(accumulate(ids)):
                    if doc in wanted:
                        out[offset + doc] = decode(values[i])
                maxid = matcher._maxid
                while pointer < len(local) and local[pointer] <= maxid:
                    pointer += 1
                matcher._next_block()
        return out

    def _estimate(self, q: Any) -> int:
        """About how many documents ``q`` matches (to score the smallest AND part first)."""
        if isinstance(q, wq.Term):
            try:
                btext = self.schema[q.fieldname].to_bytes(q.text)
            except (KeyError, ValueError):
                return 0
            found = self.cache.term((q.fieldname, btext))
            if found is not None:
                return len(found[0])
            return int(self.searcher.doc_frequency(q.fieldname, btext))
        if isinstance(q, wq.Or):
            return sum(self._estimate(sub) for sub in q.subqueries)
        if isinstance(q, wq.And):
            return min((self._estimate(sub) for sub in q.subqueries), default=0)
        if isinstance(q, (wq.AndNot, wq.AndMaybe)):
            return self._estimate(q.a)
        return self.searcher.doc_count_all()

    @staticmethod
    def _union(parts: list[Scores]) -> Scores:
        """Sum of the parts (the largest, a fresh dict, is added to in place)."""
        parts = [p for p in parts if p]
        if not parts:
            return {}
        parts.sort(key=len, reverse=True)
        out = parts[0]
        for part in parts[1:]:
            get = out.get
            for doc, score in part.items():
                old = get(doc)
                out[doc] = score if old is None else old + score
        return out

    def _term(self, node: Any, within: Scores | None = None) -> Scores:
        fieldname = node.fieldname
        if fieldname not in self.schema:
            return {}
        field = self.schema[fieldname]
        try:
            btext = field.to_bytes(node.text)
        except ValueError:
            return {}
        key = (fieldname, btext)
        found = self.cache.term(key)
        if found is None:
            found = self._score_term(fieldname, btext)
            self.cache.keep(key, *found)
        ids, scores = found
        boost = node.boost
        if within is not None and len(within) * PROBE_RATIO < len(ids):
            out: Scores = {}
            count = len(ids)
            for doc in within:
                i = bisect_left(ids, doc)
                if i < count and ids[i] == doc:
                    out[doc] = scores[i] * boost if boost != 1.0 else scores[i]
            return out
        if boost == 1.0:
            return dict(zip(ids, scores, strict=True))
        return {doc: score * boost for doc, score in zip(ids, scores, strict=True)}

    def _score_term(self, fieldname: str, btext: bytes) -> tuple[array[int], array[float]]:
        """Every (document, score) of one term, in document order, as Whoosh would score it.

        A body term's postings are read from its positions-free twin (same weights, lengths
        and statistics) when the schema has one."""
        all_ids: array[int] = array("q")
        all_scores: array[float] = array("d")
        field = self.schema[fieldname]
        searcher = self.searcher
        idf = avgfl = k1 = b = k1_plus_1 = 0.0
        if field.scorable:
            idf = searcher.idf(fieldname, btext)
            avgfl = searcher.avg_field_length(fieldname) or 1
            k1 = self.weighting.K1
            b = self.weighting._field_B.get(fieldname, self.weighting.B)
            k1_plus_1 = k1 + 1
        source = SCORING_TWIN.get(fieldname, fieldname)
        if source not in self.schema:
            source = fieldname
        for leaf, offset in self.leaves:
            try:  # asking first (``in``) would look the term up twice: md5 and a hash probe
                blocks, deleted = _postings(leaf, source, btext)
            except TermNotFound:
                continue
            norms = self.cache.norms(leaf, fieldname, avgfl, k1, b) if field.scorable else None
            for ids, weights in blocks:
                self.postings_read += len(ids)
                pairs: Iterable[tuple[int, float]] = zip(ids, weights, strict=True)
                if deleted:
                    pairs = [(d, w) for d, w in pairs if d not in deleted]
                    ids = [d for d, _w in pairs]
                if norms is None:  # not scorable: Whoosh's WeightScorer, the posting's weight
                    all_scores.extend(w for _d, w in pairs)
                else:
                    all_scores.extend(
                        [idf * ((tf * k1_plus_1) / (tf + norms[doc])) for doc, tf in pairs]
                    )
                all_ids.extend([offset + doc for doc in ids] if offset else ids)
        return all_ids, all_scores

    # --- boolean -------------------------------------------------------------------------------

    def _docs(self, q: Any) -> set[int]:
        if isinstance(q, wq.Term):
            return set(self._term(q))
        if isinstance(q, wq.Or) and not isinstance(q, wq.DisjunctionMax):
            out: set[int] = set()
            for sub in q.subqueries:
                out |= self._docs(sub)
            return out
        if isinstance(q, wq.And) and not any(isinstance(s, wq.Not) for s in q.subqueries):
            sets = sorted((self._docs(s) for s in q.subqueries), key=len)
            return set.intersection(*sets) if sets else set()
        return set(self._scores(q))


#: Probe a term's sorted ids for each candidate (a bisection) when the candidates are this many
#: times fewer than its postings; else turn the term into a dict.
PROBE_RATIO = 8


def _same_terms_once(subqueries: list[Any]) -> list[Any]:
    """An OR's subqueries with repeated terms (``said OR said*`` has "said" twice) merged into
    one term whose boost is their sum: the same score, one lookup."""
    merged: dict[tuple[str, Any], Any] = {}
    out: list[Any] = []
    for sub in subqueries:
        if type(sub) is wq.Term:
            key = (sub.fieldname, sub.text)
            seen = merged.get(key)
            if seen is not None:
                merged[key] = wq.Term(sub.fieldname, sub.text, boost=seen.boost + sub.boost)
                continue
            merged[key] = sub
            out.append(key)
        else:
            out.append(sub)
    return [merged[item] if isinstance(item, tuple) else item for item in out]


def _boosted(scores: Scores, boost: float) -> Scores:
    if boost == 1.0:
        return scores
    return {d: s * boost for d, s in scores.items()}


def top(scores: Scores, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (docnum, score): highest score first, then lowest docnum, as Whoosh.

    The ``limit``-th best score is found by score alone (a C-speed key); every document with
    at least that score is then ordered with the tie-break, so a tie at the edge of the page is
    resolved as Whoosh resolves it."""
    if len(scores) <= limit:
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    edge = heapq.nlargest(limit, scores.values())[-1]
    best = [item for item in scores.items() if item[1] >= edge]
    best.sort(key=lambda item: (-item[1], item[0]))
    return best[:limit]
