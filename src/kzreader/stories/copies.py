"""Wire-copy lineage: which reports of one story share source text.

Copies are rarely verbatim: an outlet republishes an agency story under a new first paragraph, a
summary keeps the agency's sentences in its own order, a "spun" copy swaps many words for
synonyms and splits or joins sentences.  What survives all of these is that most sentences of
one report have a counterpart in the other, *in the same order*, sharing most of their terms.
Independent reports of one happening share facts (names, numbers) but not sentence after
sentence in order.

`derived_share(a, b)` is the share of a's terms (in sentences of four or more terms) lying in
sentences that match a sentence, or two adjacent sentences, of b with at least
``SENTENCE_MATCH`` of their terms, counting only the longest run of matches that keeps b's order.
Two reports are copies when either one's share is at least ``COPY_SHARE`` and the matched text
is at least ``MIN_MATCHED`` terms (a one-line brief matches anything).  Copy groups are the
connected components of copy pairs inside a story.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from kzreader.stories.text import sentence_terms

#: A sentence has a counterpart when the counterpart holds this share of its terms.
SENTENCE_MATCH = 0.5
#: A report is derived from another when this share of its text has counterparts, in order.
COPY_SHARE = 0.5
#: ... and the matched text is at least this many terms.
MIN_MATCHED = 30
#: Pairs less alike than this (the grouping's similarity) are never copies; it only saves time.
MIN_SIMILARITY = 0.25

Sentences = list[frozenset[str]]


def derived_share(a: Sentences, b: Sentences) -> tuple[float, int]:
    """(share of a's terms matched in b in order, matched term count)."""
    total = sum(len(s) for s in a)
    if not total or not b:
        return 0.0, 0
    where: dict[str, list[int]] = defaultdict(list)
    for position, sentence in enumerate(b):
        for term in sentence:
            where[term].append(position)
    matches: list[tuple[int, int]] = []  # (position in b, weight)
    for sentence in a:
        hits: dict[int, int] = defaultdict(int)
        for term in sentence:
            for position in where.get(term, ()):
                hits[position] += 1
        if not hits:
            continue
        best, best_at = 0.0, -1
        for position in sorted(hits):  # in order: ties go to the earliest counterpart
            count = hits[position]
            window = count + hits.get(position + 1, 0)  # the sentence and the next, as one
            if max(count, window) / len(sentence) > best:
                best, best_at = max(count, window) / len(sentence), position
        if best >= SENTENCE_MATCH:
            matches.append((best_at, len(sentence)))
    matched = _ordered_weight(matches)
    return matched / total, matched


def _ordered_weight(matches: Sequence[tuple[int, int]]) -> int:
    """The heaviest subsequence of matches whose positions never go back (a weighted LIS)."""
    # best[i]: heaviest chain ending with a position <= keys[i]; small inputs, so a sorted list
    keys: list[int] = []
    best: list[int] = []
    for position, weight in matches:
        i = bisect_right(keys, position)
        value = weight + (max(best[:i]) if i else 0)
        keys.insert(i, position)
        best.insert(i, value)
    return max(best, default=0)


def are_copies(a: Sentences, b: Sentences) -> bool:
    share_ab, matched_ab = derived_share(a, b)
    share_ba, matched_ba = derived_share(b, a)
    return (share_ab >= COPY_SHARE and matched_ab >= MIN_MATCHED) or (
        share_ba >= COPY_SHARE and matched_ba >= MIN_MATCHED
    )


def copy_groups(
    members: Sequence[str],
    pairs: Iterable[tuple[str, str, float]],
    text_of: Callable[[str], str],
) -> list[list[str]]:
    """Groups of two or more members that share source text, each sorted, sorted by first id.

    ``pairs`` are the story's similar pairs (id, id, similarity); only those at or above
    ``MIN_SIMILARITY`` are read.
    """
    inside = set(members)
    cache: dict[str, Sentences] = {}

    def sentences_of(article_id: str) -> Sentences:
        if article_id not in cache:
            cache[article_id] = sentence_terms(text_of(article_id))
        return cache[article_id]

    parent = {m: m for m in members}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, similarity in pairs:
        if similarity < MIN_SIMILARITY or a not in inside or b not in inside:
            continue
        if find(a) == find(b):
            continue
        if are_copies(sentences_of(a), sentences_of(b)):
            parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for m in members:
        groups[find(m)].append(m)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def _may_derive(a: Sentences, vocabulary: frozenset[str]) -> bool:
    """False when a cannot be derived from a report with this vocabulary: a necessary
    condition of `derived_share` (a sentence matches only if its terms in the vocabulary,
    counted twice for the two-sentence window, reach ``SENTENCE_MATCH`` of it), cheap to test."""
    total = sum(len(s) for s in a)
    could = sum(len(s) for s in a if 2 * len(s & vocabulary) >= SENTENCE_MATCH * len(s))
    return could >= max(COPY_SHARE * total, MIN_MATCHED)


def copies_among(texts: Mapping[str, str]) -> list[list[str]]:
    """Copy groups among a hand-picked few reports (id -> text), every pair read: what a
    selection's source groups are when the library's grouping is not at hand.  Needs no
    grouping and no numpy; pairs that `_may_derive` rules out are never compared."""
    ids = list(texts)
    sentences = {i: sentence_terms(texts[i]) for i in ids}
    vocab = {i: frozenset().union(*sentences[i]) for i in ids}
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for n, a in enumerate(ids):
        for b in ids[n + 1 :]:
            if find(a) == find(b):
                continue
            sa, sb = sentences[a], sentences[b]
            if not (_may_derive(sa, vocab[b]) or _may_derive(sb, vocab[a])):
                continue
            if are_copies(sa, sb):
                parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[find(i)].append(i)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])
