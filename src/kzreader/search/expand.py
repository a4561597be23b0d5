"""Prefixes, wildcards and fuzzy terms expanded into the words the index holds, within budgets.

Whoosh scores every posting in Python (~7 us each), so the cost of a query is what its words'
postings add up to.  A prefix, a wildcard or a fuzzy term can stand for thousands of words
(``*a*`` matches most of the lexicon: 15-19 s at 20,000 articles); each is expanded to its most
frequent words while their summed document frequencies stay within a budget, and to at most a
number of words.  The most frequent word is always kept (typing it in full would cost the same).

Whatever a budget leaves out is recorded as a `Cap`, so the hit count can say it is a lower
bound and why.  The words come from `lexicon.Lexicons` (kept per segment), never term by term
from Whoosh's merged reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq

from kzreader.search.lexicon import Lexicons


@dataclass(frozen=True)
class Budget:
    """How much one expanded term may cost: summed document frequencies and words."""

    postings: int
    words: int


#: As you type: the keystroke's search must stay well under the 50 ms a keystroke may take.
TYPED = Budget(postings=2000, words=48)
#: A query run on purpose (the CLI, enter): generous, but bounded (~1.5 s of scoring).
STRICT = Budget(postings=200_000, words=256)
#: Fuzzy terms search at most this edit distance (``said~3`` is searched as ``said~2``): at 3
#: most short words are within reach of most others.
MAX_FUZZY_DISTANCE = 2


@dataclass(frozen=True)
class Cap:
    """One expanded term that a budget cut: ``kept`` of its ``found`` words were searched."""

    term: str
    found: int
    kept: int
    distance: int | None = None  # a fuzzy term's distance, when it was lowered
    more: bool = False  # the scan stopped once the budget was full: ``found`` or more words

    def describe(self) -> str:
        within = f" within {self.distance} edits" if self.distance is not None else ""
        if self.found == self.kept and not self.more:
            return f"{self.term} searched{within}"
        kept = "word" if self.kept == 1 else f"{self.kept:,} words"
        if self.more:
            return f"{self.term} searched as its most frequent {kept}{within} (it matches more)"
        return f"{self.term} searched as its most frequent {kept} of {self.found:,}{within}"


class Expander:
    """Expands one parsed query against one reader, recording what the budget cut."""

    def __init__(
        self,
        reader: Any,
        budget: Budget,
        lexicons: Lexicons | None = None,
        typed: Mapping[str, str] | None = None,
    ) -> None:
        self.reader = reader
        self.budget = budget
        self.lexicons = lexicons if lexicons is not None else Lexicons()
        self.typed = typed or {}  # stem -> word as typed, for the caps' labels
        self.caps: list[Cap] = []

    def expand(self, q: Any, as_you_type: bool) -> Any:
        def visit(node: Any) -> Any:
            if isinstance(node, wq.FuzzyTerm):
                return self._fuzzy(node)
            if isinstance(node, wq.Prefix):
                return self._prefix(node)
            if isinstance(node, wq.Wildcard):
                return self._wildcard(node)
            return node

        return q.accept(visit)

    # --- each kind of term ---------------------------------------------------------------------

    def _prefix(self, node: Any) -> Any:
        found = self.lexicons.prefixed(self.reader, node.fieldname, node.text)
        words, seen, complete = self._within_budget(_by_frequency(found))
        return self._union(node, words, seen, complete, f"{node.text}*")

    def _wildcard(self, node: Any) -> Any:
        pattern = _glob_regex(node.text)
        literal = _literal_prefix(node.text)
        if literal:
            candidates = self.lexicons.prefixed(self.reader, node.fieldname, literal)
            whole = re.compile(f"^{pattern}$")
            ordered: Iterable[tuple[int, str]] = _by_frequency(
                [(f, w) for f, w in candidates if whole.match(w)]
            )
        else:  # a leading wildcard: the whole lexicon, most frequent first, scanned in C
            lexicon = self.lexicons.merged(self.reader, node.fieldname)
            ordered = lexicon.matching(re.compile(f"^{pattern}$", re.MULTILINE))
        words, seen, complete = self._within_budget(ordered)
        return self._union(node, words, seen, complete, node.text)

    def _fuzzy(self, node: Any) -> Any:
        distance = min(node.maxdist, MAX_FUZZY_DISTANCE)
        prefix = max(1, node.prefixlength)  # most misspellings keep the first letter
        reader = self.reader
        texts = set(reader.terms_within(node.fieldname, node.text, distance, prefix))
        found = [(reader.doc_frequency(node.fieldname, t), t) for t in texts]
        words, seen, complete = self._within_budget(_by_frequency(found))
        lowered = distance if distance < node.maxdist else None
        if lowered is not None or len(words) < seen or not complete:
            label = f"{self.typed.get(node.text, node.text)}~{node.maxdist}"
            self.caps.append(Cap(label, seen, len(words), lowered, more=not complete))
        terms = [wq.Term(node.fieldname, w, boost=node.boost) for w in sorted(words)]
        if not terms:
            return wq.NullQuery
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    # --- helpers -------------------------------------------------------------------------------

    def _within_budget(self, ordered: Iterable[tuple[int, str]]) -> tuple[list[str], int, bool]:
        """From (frequency, word) pairs, most frequent first: the words whose summed frequencies
        fit the budget (smaller ones may still fit after a big one overflows; the most frequent
        is always kept), how many pairs were seen, and whether all were (the scan stops once no
        word can be added)."""
        keep: list[str] = []
        total = seen = 0
        postings, most = self.budget.postings, self.budget.words
        for frequency, word in ordered:
            if len(keep) == most or (keep and total >= postings):
                return keep, seen, False
            seen += 1
            if keep and total + frequency > postings:
                continue
            keep.append(word)
            total += frequency
        return keep, seen, True

    def _union(self, node: Any, words: list[str], seen: int, complete: bool, label: str) -> Any:
        """``words`` as an OR (one array union: Whoosh's ``ARRAY_MATCHER`` beats a tree of
        pairwise unions at this many clauses), recording a cap when words were left out."""
        if len(words) < seen or not complete:
            self.caps.append(Cap(label, seen, len(words), more=not complete))
        if not words:
            return wq.NullQuery
        if len(words) == 1:  # Whoosh unwraps a one-child OR and would drop a typed boost (pol*^3)
            return wq.Term(node.fieldname, words[0], boost=node.boost)
        union = wq.Or([wq.Term(node.fieldname, w) for w in words], boost=node.boost)
        union.matcher_type = wq.Or.ARRAY_MATCHER
        return union


def expand(
    q: Any,
    reader: Any,
    as_you_type: bool,
    *,
    lexicons: Lexicons | None = None,
    caps: list[Cap] | None = None,
    typed: Mapping[str, str] | None = None,
) -> Any:
    """``q`` with its prefixes, wildcards and fuzzy terms expanded within the budget for the
    mode (`TYPED` or `STRICT`); what a budget cut is appended to ``caps`` (fuzzy terms named
    by ``typed``: stem -> word as typed)."""
    expander = Expander(reader, TYPED if as_you_type else STRICT, lexicons, typed)
    expanded = expander.expand(q, as_you_type)
    if caps is not None:
        caps.extend(expander.caps)
    return expanded


def unstem_prefixes(q: Any, typed: Mapping[str, str]) -> Any:
    """Prefixes as typed, not stemmed: Whoosh's parser stems ``police*`` to ``polic*``, which
    also finds "policy" and "policies"; ``typed`` (stem -> word as typed) gives ``police*``
    back.  The whole word itself is still found through its stem (``police OR police*``)."""

    def visit(node: Any) -> Any:
        if isinstance(node, wq.Prefix):
            word = typed.get(node.text)
            if word and word != node.text and word.startswith(node.text):
                return wq.Prefix(node.fieldname, word, boost=node.boost)
        return node

    return q.accept(visit)


def describe_caps(caps: Iterable[Cap]) -> str | None:
    """One line for what the budgets cut, each term once (a query's fields repeat it)."""
    seen: dict[str, Cap] = {}
    for cap in caps:
        best = seen.get(cap.term)
        if best is None or cap.found > best.found:
            seen[cap.term] = cap
    return "; ".join(cap.describe() for cap in seen.values()) or None


def _by_frequency(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return sorted(pairs, key=lambda pair: (-pair[0], pair[1]))


def _literal_prefix(pattern: str) -> str:
    cut = len(pattern)
    for i, char in enumerate(pattern):
        if char in "*?":
            cut = i
            break
    return pattern[:cut]


def _glob_regex(pattern: str) -> str:
    """A glob (``*`` any run of characters, ``?`` one) as a regex that matches in time linear
    in the word's length: runs of ``*`` collapse, and each piece between stars is found at its
    leftmost place and kept (an atomic group), which is always right for a glob, so the engine
    never retries a piece at another place (``*a*a*a*b`` would otherwise backtrack
    polynomially in the word's length)."""
    pieces = re.split(r"\*+", pattern)

    def piece(text: str) -> str:
        return "".join(r"[^\n]" if char == "?" else re.escape(char) for char in text)

    if len(pieces) == 1:
        return piece(pieces[0])
    middle = "".join(rf"(?>[^\n]*?{piece(p)})" for p in pieces[1:-1] if p)
    return rf"{piece(pieces[0])}{middle}[^\n]*{piece(pieces[-1])}"
