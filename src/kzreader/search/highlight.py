"""Where a query matches in an article's clean text, and the fragments shown around matches.

Whoosh's Highlighter re-tokenises whole documents (about 3 ms a hit).  Instead the parsed query is
reduced to the stems it matches; a C-speed regular expression finds candidate words by stem
prefix, and only candidates are stemmed (cached) and checked, with the index's own analysis.
Fuzzy and wildcard terms are expanded against the index once per query.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh import query as wq

from kzreader.search.results import Fragment
from kzreader.search.schema import MIN_TOKEN, STOP, stem

HIGHLIGHT_FIELDS = frozenset({"body", "title"})
MAX_EXPANSION = 200
FRAGMENT_WIDTH = 180
MAX_FRAGMENTS = 3


class QueryMatcher:
    """The words of a query, ready to be found in any article text."""

    def __init__(self, q: Any, reader: Any = None) -> None:
        self.stems: set[str] = set()
        self.prefixes: set[str] = set()
        self.phrases: list[list[str]] = []
        self._collect(q, reader)
        self._regex = self._candidate_regex()

    def _collect(self, q: Any, reader: Any) -> None:
        if isinstance(q, wq.Not):
            return
        if isinstance(q, (wq.AndNot, wq.AndMaybe)):
            self._collect(q.a, reader)
            if isinstance(q, wq.AndMaybe):
                self._collect(q.b, reader)
            return
        if isinstance(q, wq.Phrase):
            if q.fieldname in HIGHLIGHT_FIELDS and q.words:
                self.phrases.append([w.lower() for w in q.words])
            return
        if isinstance(q, wq.Prefix):
            if q.fieldname in HIGHLIGHT_FIELDS:
                self.prefixes.add(q.text.lower())
            return
        if isinstance(q, (wq.FuzzyTerm, wq.Wildcard, wq.Variations)):
            if q.fieldname in HIGHLIGHT_FIELDS:
                self.stems.update(self._expand(q, reader))
            return
        if isinstance(q, wq.Term):
            if q.fieldname in HIGHLIGHT_FIELDS and isinstance(q.text, str):
                self.stems.add(q.text.lower())
            return
        if q.is_leaf():
            return
        for child in q.children():
            self._collect(child, reader)

    @staticmethod
    def _expand(q: Any, reader: Any) -> list[str]:
        if reader is None:
            if isinstance(q, wq.Wildcard):
                return []
            return [q.text.lower()]
        words = []
        try:
            for btext in q._btexts(reader):
                words.append(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
                if len(words) >= MAX_EXPANSION:
                    break
        except (KeyError, ValueError, TypeError):
            return [q.text.lower()]
        return words

    def _candidate_regex(self) -> re.Pattern[str] | None:
        heads = {s[:-1] if len(s) > 3 else s for s in self.stems}
        heads.update(self.prefixes)
        for phrase in self.phrases:
            heads.update(s[:-1] if len(s) > 3 else s for s in phrase)
        heads.discard("")
        if not heads:
            return None
        alts = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
        return re.compile(rf"(?<![\w.])(?:{alts})\w*", re.IGNORECASE)

    def __bool__(self) -> bool:
        return self._regex is not None

    def _accepts(self, word: str) -> bool:
        low = word.lower()
        if len(low) < MIN_TOKEN or low in STOP:
            return False
        s = stem(low)
        if s in self.stems:
            return True
        return any(s.startswith(p) or low.startswith(p) for p in self.prefixes)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every match in ``text`` as sorted (start, end) character spans."""
        if self._regex is None:
            return []
        found: set[tuple[int, int]] = set()
        candidates = [(m.start(), m.end(), m.group()) for m in self._regex.finditer(text)]
        for start, end, word in candidates:
            if self._accepts(word):
                found.add((start, end))
        if self.phrases:
            found.update(self._phrase_spans(text, candidates))
        return sorted(found)

    def _phrase_spans(
        self, text: str, candidates: list[tuple[int, int, str]]
    ) -> Iterator[tuple[int, int]]:
        stems = [(s, e, stem(w.lower())) for s, e, w in candidates]
        for phrase in self.phrases:
            for i, (start, end, first) in enumerate(stems):
                if first != phrase[0]:
                    continue
                run = [(start, end)]
                j = i
                for want in phrase[1:]:
                    j += 1
                    if j >= len(stems) or stems[j][2] != want:
                        break
                    gap = text[run[-1][1] : stems[j][0]]
                    if not _only_stops(gap):
                        break
                    run.append((stems[j][0], stems[j][1]))
                else:
                    yield from run


_WORD = re.compile(r"\w+")


def _only_stops(gap: str) -> bool:
    return all(w.lower() in STOP or len(w) < MIN_TOKEN for w in _WORD.findall(gap))


def fragments(
    text: str,
    spans: list[tuple[int, int]],
    width: int = FRAGMENT_WIDTH,
    limit: int = MAX_FRAGMENTS,
) -> tuple[Fragment, ...]:
    """The best ``limit`` windows of about ``width`` characters around clusters of matches."""
    if not text:
        return ()
    if not spans:
        start, end = _snap(text, 0, min(len(text), width), 0, 0)
        return (Fragment(start, end, ()),)
    clusters: list[list[tuple[int, int]]] = []
    for span in spans:
        if clusters and span[1] - clusters[-1][0][0] <= width:
            clusters[-1].append(span)
        else:
            clusters.append([span])

    def score(cluster: list[tuple[int, int]]) -> tuple[int, int, int]:
        distinct = {text[s:e].lower() for s, e in cluster}
        return (len(distinct), len(cluster), -cluster[0][0])

    best = sorted(clusters, key=score, reverse=True)[:limit]
    result = []
    for cluster in sorted(best, key=lambda c: c[0][0]):
        first, last = cluster[0][0], cluster[-1][1]
        pad = max(0, (width - (last - first)) // 2)
        start = max(0, first - pad)
        end = min(len(text), max(last, start + width))
        start = max(0, min(start, end - width)) if end - start < width else start
        start, end = _snap(text, start, end, first, last)
        result.append(Fragment(start, end, tuple(cluster)))
    return tuple(result)


def _snap(text: str, start: int, end: int, first: int, last: int) -> tuple[int, int]:
    """Move the window's edges to word (and paragraph) boundaries without losing a match."""
    para = text.rfind("\n\n", start, first)
    if para != -1:
        start = para + 2
    elif start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    para = text.find("\n\n", last, end)
    if para != -1:
        end = para
    elif end < len(text) and not text[end].isspace():
        space = text.rfind(" ", last, end)
        end = space if space != -1 else end
    while start < first and text[start].isspace():
        start += 1
    while end > last and text[end - 1].isspace():
        end -= 1
    return start, end
