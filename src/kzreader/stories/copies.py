"""Wire-copy lineage: which reports of one story share source text.

Copies are rarely verbatim: an outlet republishes an agency story under a new first paragraph, a
summary keeps the agency's sentences in its own order, a "spun" copy swaps many words for
synonyms and splits or joins sentences.  What survives all of these is *wording*: sentence after
sentence of one report has a counterpart in the other, in the same order, whose words come in the
same order too.  Independent reports of one happening share facts (names, numbers, a quote) but
say them in their own sentences: they share terms, not runs of them.

Evidence (`derived_share`): each report is read as sentences of content terms (stems of the
words that are not stop words, each kept once, in order; at most ``MAX_SENTENCES`` sentences).
A sentence of ``a`` is *aligned* with a sentence of ``b`` (or two adjacent ones, for a split)
when their longest common subsequence of terms holds at least ``SENTENCE_MATCH`` of the
sentence's terms (and at least ``MIN_RUN``): a synonym swap costs one term, reordered facts cost
the run.  The matched terms of the aligned sentences that keep b's order (the heaviest increasing
chain) are what ``a`` shares with ``b``.  Two reports are copies when one of them shares at
least ``COPY_SHARE`` of its terms and ``MIN_MATCHED`` terms, or ``LONG_MATCHED`` terms and
``LONG_SHARE`` of its terms (a long agency story and its much-updated version).  Only sentences
sharing enough terms are aligned (an inverted index over b's terms), so a pair costs about the
length of the two reports, not their product.

Grouping (`copy_groups`, `copies_among`) does not chain: copy pairs are joined strongest first,
and two groups join only if every member of one is a copy of every member of the other, or, for
groups too big to check all pairs (more than ``FULL_CHECK`` pairs), if every member of the
smaller is a copy of each of the ``CORE`` first members of the larger.  Two rewrites of one wire
story are one group; two reports that each quote a third are not joined through it.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from kzreader.stories.text import sentences, tokens

#: An aligned sentence: the longest common subsequence holds this share of its terms ...
SENTENCE_MATCH = 0.5
#: ... and at least this many terms.
MIN_RUN = 3
#: Sentences with fewer terms (datelines, bylines, captions) are not read.
MIN_SENTENCE_TERMS = 4
#: A report is derived from another when this share of its terms is aligned, in order ...
COPY_SHARE = 0.33
#: ... and the aligned terms are at least this many (a one-line brief matches anything);
MIN_MATCHED = 40
#: or when this many terms are aligned and at least ``LONG_SHARE`` of its terms.
LONG_MATCHED = 100
LONG_SHARE = 0.2
#: Sentences read per report (the first ones): the cost of a pair stays bounded.
MAX_SENTENCES = 400
#: Two groups whose cross pairs are at most this many are checked pair by pair ...
FULL_CHECK = 64
#: ... larger ones: every member of the smaller against the first CORE members of the larger.
CORE = 4
#: Pairs less alike than this (the grouping's similarity) are not candidates; it saves time.
MIN_SIMILARITY = 0.25

#: What a store's copy groups depend on: a store written with other values is rebuilt.
FINGERPRINT = json.dumps(
    [
        "lcs-complete/1",
        SENTENCE_MATCH,
        MIN_RUN,
        MIN_SENTENCE_TERMS,
        COPY_SHARE,
        MIN_MATCHED,
        LONG_MATCHED,
        LONG_SHARE,
        MAX_SENTENCES,
        FULL_CHECK,
        CORE,
        MIN_SIMILARITY,
    ]
)

Sentence = tuple[str, ...]
Sentences = list[Sentence]


def sentence_runs(text: str) -> Sentences:
    """Each sentence of ``text`` as its content terms in order, each term once; sentences under
    ``MIN_SENTENCE_TERMS`` terms are left out, and only the first ``MAX_SENTENCES`` are read."""
    out: Sentences = []
    for sentence in sentences(text):
        seen: dict[str, None] = {}
        for term, _ in tokens(sentence):
            seen.setdefault(term, None)
        if len(seen) >= MIN_SENTENCE_TERMS:
            out.append(tuple(seen))
            if len(out) >= MAX_SENTENCES:
                break
    return out


def _lcs(x: Sentence, y: Sequence[str]) -> int:
    """Length of the longest common subsequence of two term sequences (bit-parallel, Hyyro
    2004: one pass over y with x's positions as bits of an int)."""
    masks: dict[str, int] = {}
    for i, term in enumerate(x):
        masks[term] = masks.get(term, 0) | (1 << i)
    full = (1 << len(x)) - 1
    row = full
    for term in y:
        mask = masks.get(term)
        if mask:
            low = row & mask
            row = ((row + low) | (row - low)) & full
    return len(x) - row.bit_count()


def derived_share(a: Sentences, b: Sentences) -> tuple[float, int]:
    """(share of a's terms aligned with b in b's order, aligned term count)."""
    total = sum(len(s) for s in a)
    if not total or not b:
        return 0.0, 0
    where: dict[str, list[int]] = defaultdict(list)
    for position, sentence in enumerate(b):
        for term in sentence:
            where[term].append(position)
    matches: list[tuple[int, int]] = []  # (position in b, aligned terms)
    for sentence in a:
        need = max(MIN_RUN, SENTENCE_MATCH * len(sentence))
        hits: dict[int, int] = defaultdict(int)
        for term in sentence:
            for position in where.get(term, ()):
                hits[position] += 1
        # shared terms bound the subsequence: only counterparts that could reach `need`
        window = {p: count + hits.get(p + 1, 0) for p, count in hits.items()}
        bounds = sorted((-bound, p) for p, bound in window.items() if bound >= need)
        best, best_at = 0, -1
        for negative, position in bounds:
            if -negative <= best:
                break
            counterpart = b[position]
            if position + 1 < len(b) and hits.get(position + 1):
                counterpart += b[position + 1]  # a split sentence: never less than one of them
            run = _lcs(sentence, counterpart)
            if run > best:
                best, best_at = run, position
        if best >= need:
            matches.append((best_at, best))
    matched = _ordered_weight(matches)
    return matched / total, matched


def _ordered_weight(matches: Sequence[tuple[int, int]]) -> int:
    """The heaviest subsequence of matches whose positions never go back (a weighted LIS)."""
    keys: list[int] = []
    best: list[int] = []
    for position, weight in matches:
        i = bisect_right(keys, position)
        value = weight + (max(best[:i]) if i else 0)
        keys.insert(i, position)
        best.insert(i, value)
    return max(best, default=0)


def _derived(share: float, matched: int) -> bool:
    return (share >= COPY_SHARE and matched >= MIN_MATCHED) or (
        share >= LONG_SHARE and matched >= LONG_MATCHED
    )


def copy_strength(a: Sentences, b: Sentences) -> float:
    """How much of one report lies aligned in the other (the larger share of the two), or 0
    when they are not copies."""
    share_ab, matched_ab = derived_share(a, b)
    share_ba, matched_ba = derived_share(b, a)
    strength = 0.0
    if _derived(share_ab, matched_ab):
        strength = share_ab
    if _derived(share_ba, matched_ba):
        strength = max(strength, share_ba)
    return strength


def are_copies(a: Sentences, b: Sentences) -> bool:
    return copy_strength(a, b) > 0


def _may_derive(a: Sentences, vocabulary: frozenset[str]) -> bool:
    """False when a cannot be derived from a report with this vocabulary: a necessary
    condition of `derived_share` (an aligned sentence shares at least its aligned terms with
    the vocabulary), cheap to test."""
    total = sum(len(s) for s in a)
    could = 0
    for sentence in a:
        shared = len(vocabulary.intersection(sentence))
        if shared >= max(MIN_RUN, SENTENCE_MATCH * len(sentence)):
            could += shared
    return could >= MIN_MATCHED and could >= min(COPY_SHARE, LONG_SHARE) * total


def group_copies(
    members: Sequence[str],
    candidates: Iterable[tuple[str, str]],
    sentences_of: Callable[[str], Sentences],
    possible: Callable[[str, str], bool] | None = None,
) -> list[list[str]]:
    """Copy groups among ``members`` from candidate pairs, without chaining (see the module's
    docstring): each sorted, sorted by first id; only groups of two or more.  ``possible``, when
    given, is a necessary condition: pairs it rules out are not copies and are never compared."""
    verdicts: dict[tuple[str, str], float] = {}

    def strength(x: str, y: str) -> float:
        key = (x, y) if x < y else (y, x)
        if key not in verdicts:
            if possible is not None and not possible(*key):
                verdicts[key] = 0.0
            else:
                verdicts[key] = copy_strength(sentences_of(key[0]), sentences_of(key[1]))
        return verdicts[key]

    inside = set(members)
    edges = []
    for x, y in candidates:
        if x != y and x in inside and y in inside:
            s = strength(x, y)
            if s > 0:
                edges.append((-s, min(x, y), max(x, y)))
    edges.sort()
    group_of: dict[str, list[str]] = {m: [m] for m in members}  # members in the order they joined
    for _, x, y in edges:
        gx, gy = group_of[x], group_of[y]
        if gx is gy:
            continue
        small, large = (gx, gy) if len(gx) <= len(gy) else (gy, gx)
        against = large if len(small) * len(large) <= FULL_CHECK else large[:CORE]
        if all(strength(p, q) > 0 for p in small for q in against):
            large.extend(small)
            for m in small:
                group_of[m] = large
    seen: set[int] = set()
    groups = []
    for group in group_of.values():
        if len(group) > 1 and id(group) not in seen:
            seen.add(id(group))
            groups.append(sorted(group))
    return sorted(groups, key=lambda g: g[0])


def copy_groups(
    members: Sequence[str],
    pairs: Iterable[tuple[str, str, float]],
    text_of: Callable[[str], str],
) -> list[list[str]]:
    """Groups of two or more members that share source text, each sorted, sorted by first id.

    ``pairs`` are the story's similar pairs (id, id, similarity); those at or above
    ``MIN_SIMILARITY`` are the candidates.
    """
    cache: dict[str, Sentences] = {}
    vocabularies: dict[str, frozenset[str]] = {}

    def sentences_of(article_id: str) -> Sentences:
        if article_id not in cache:
            cache[article_id] = sentence_runs(text_of(article_id))
        return cache[article_id]

    def vocabulary(article_id: str) -> frozenset[str]:
        if article_id not in vocabularies:
            vocabularies[article_id] = frozenset(t for s in sentences_of(article_id) for t in s)
        return vocabularies[article_id]

    def possible(a: str, b: str) -> bool:
        return _may_derive(sentences_of(a), vocabulary(b)) or _may_derive(
            sentences_of(b), vocabulary(a)
        )

    candidates = [(a, b) for a, b, similarity in pairs if similarity >= MIN_SIMILARITY]
    return group_copies(members, candidates, sentences_of, possible)


def copies_among(texts: Mapping[str, str]) -> list[list[str]]:
    """Copy groups among a hand-picked few reports (id -> text), every pair read: what a
    selection's source groups are when the library's grouping is not at hand.  Needs no
    grouping and no numpy; pairs that `_may_derive` rules out are never compared."""
    ids = list(texts)
    runs = {i: sentence_runs(texts[i]) for i in ids}
    vocab = {i: frozenset(t for s in runs[i] for t in s) for i in ids}

    def possible(a: str, b: str) -> bool:
        return _may_derive(runs[a], vocab[b]) or _may_derive(runs[b], vocab[a])

    candidates = [(a, b) for n, a in enumerate(ids) for b in ids[n + 1 :]]
    return group_copies(ids, candidates, runs.__getitem__, possible)
