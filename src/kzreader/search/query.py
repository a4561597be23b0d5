"""Turning what the user typed into a Whoosh query: strict parsing and as-you-type repair."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin

from kzreader.search.results import QueryError
from kzreader.search.schema import outlet_words

MAX_QUERY = 1000
DEFAULT_FIELDS = ("title", "body")
FIELDS = ("id", "outlet", "title", "published", "body")
DATE_HELP = "published: needs a date, e.g. published:2022-01-05, published:2022 or published:today"
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TRAILING_JUNK = re.compile(
    r"(\s+(AND|OR|NOT|ANDNOT|ANDMAYBE)|(?<![\w.])[\w.]+:|(^|\s)[~^*+\-(]+|\^|\s)+$"
)
_LEADING_OPERATOR = re.compile(r"^\s*(AND|OR|ANDNOT|ANDMAYBE)\b\s*")
_EMPTY_FIELD = re.compile(r"(?<![\w.])(\w+):(?=\s|$|\))")
_LAST_WORD = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\())((?:\w+:)?)(\w+)$")


def make_parser(schema: Any) -> MultifieldParser:
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(DateParserPlugin(basedate=datetime.now()))
    return parser


def clean(text: str) -> str:
    """Control characters become spaces; surrounding whitespace goes."""
    return _CONTROL.sub(" ", text).strip()


def check(text: str) -> None:
    """Raise `QueryError` for what a strict (non as-you-type) query must not contain."""
    if len(text) > MAX_QUERY:
        raise QueryError(
            f"query is too long ({len(text):,} characters; the limit is {MAX_QUERY:,})"
        )
    if not text:
        raise QueryError("empty query: type some words to search for")
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: a "phrase" needs a closing "')
    depth = 0
    for char in _without_phrases(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError("unbalanced parentheses: ')' without a matching '('")
    if depth > 0:
        raise QueryError("unbalanced parentheses: '(' without a matching ')'")
    empty = _EMPTY_FIELD.search(_without_phrases(text, fill="x"))
    if empty:
        name = empty.group(1)
        raise QueryError(f"'{name}:' needs a value after the colon, e.g. {name}:word")
    words = text.replace("(", " ").replace(")", " ").split()
    if words and all(w in OPERATORS for w in words):
        raise QueryError(f"nothing to search for: {text!r} has only operators")


def _without_phrases(text: str, fill: str = " ") -> str:
    return re.sub(r'"[^"]*"', lambda m: fill * len(m.group()), text)


def repair(text: str, min_prefix: int) -> str:
    """Best-effort fix of half-typed input; the last word becomes a prefix when long enough,
    unless a space after it says it is finished."""
    finished = text[-1:].isspace()
    text = clean(text)[:MAX_QUERY]
    if not text:
        return ""
    open_phrase = text.count('"') % 2 == 1
    if open_phrase:
        text = text + '"'
    elif not finished:
        match = _LAST_WORD.search(text)
        if match and len(match.group(2)) >= min_prefix and match.group(2) not in OPERATORS:
            field, word = match.group(1), match.group(2)
            text = f"{text[: match.start()]}{field}({word} OR {word}*)"
    text = _balance(text)
    text = _EMPTY_FIELD.sub(" ", text)
    text = _LEADING_OPERATOR.sub("", text)
    text = _TRAILING_JUNK.sub("", text)
    return _balance(text)


def _balance(text: str) -> str:
    """Drop ')' without a partner and close every '(' left open (outside phrases)."""
    out = []
    depth = 0
    in_phrase = False
    for char in text:
        if char == '"':
            in_phrase = not in_phrase
        elif not in_phrase and char == "(":
            depth += 1
        elif not in_phrase and char == ")":
            if depth == 0:
                continue
            depth -= 1
        out.append(char)
    if in_phrase:
        out.append('"')
    return "".join(out) + ")" * depth


def parse(
    parser: MultifieldParser, text: str, *, as_you_type: bool, min_prefix: int
) -> wq.Query | None:
    """The Whoosh query for ``text``, or None when there is nothing to search for.

    Strict mode raises `QueryError`; as-you-type mode repairs the text and never raises.
    """
    if as_you_type:
        fixed = repair(text, min_prefix)
    else:
        fixed = clean(text)
        check(fixed)
    if not fixed:
        return None
    try:
        q = parser.parse(fixed)
    except (ValueError, TypeError, IndexError, KeyError, RecursionError) as exc:
        if as_you_type:
            return None
        raise QueryError(f"cannot parse query: {exc}") from None
    if q is None or q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        if as_you_type:
            return None
        if "published:" in fixed:
            raise QueryError(DATE_HELP)
        raise QueryError("nothing to search for: the query has only stop words or operators")
    try:
        _check_fields(q, parser.schema)
    except QueryError:
        if as_you_type:
            return None
        raise
    return q


def _check_fields(q: Any, schema: Any) -> None:
    """What Whoosh would only reject mid-search, with a bare Exception: dates it cannot
    read, phrases in fields without positions."""
    for leaf in q.leaves() if not q.is_leaf() else [q]:
        field = getattr(leaf, "fieldname", None)
        if field == "published" and (
            isinstance(getattr(leaf, "text", None), str) or isinstance(leaf, wq.Phrase)
        ):
            raise QueryError(DATE_HELP)
        positions = field in schema and schema[field].format.supports("positions")
        if isinstance(leaf, wq.Phrase) and not positions:
            raise QueryError(f'{field}: cannot search a "phrase"; give single words')


#: An as-you-type prefix expands to its most frequent words while their documents (summed doc
#: frequencies, per field) stay within this budget, and to at most ``TYPED_PREFIX_TERMS`` words:
#: Whoosh scores every posting in Python (~7 us each), so the cost of a half-typed word is
#: bounded by what it reads, not by how many words happen to share its first letters.
TYPED_PREFIX_POSTINGS = 2000
TYPED_PREFIX_TERMS = 48


def expand(q: Any, reader: Any, as_you_type: bool) -> Any:
    """Expand fuzzy terms once (so search and highlighting share the expansion) and, as you
    type, cap each prefix at its most frequent words.

    Fuzzy terms keep their first letter (``prefixlength`` at least 1): most misspellings do,
    and it spares a walk over the whole lexicon.
    """

    def visit(node: Any) -> Any:
        if isinstance(node, wq.FuzzyTerm):
            prefix = max(1, node.prefixlength)
            words = reader.terms_within(node.fieldname, node.text, node.maxdist, prefix)
            terms = [wq.Term(node.fieldname, w, boost=node.boost) for w in sorted(set(words))]
            return terms[0] if len(terms) == 1 else wq.Or(terms) if terms else wq.NullQuery
        if as_you_type and isinstance(node, wq.Prefix):
            return _frequent_words(node, reader)
        return node

    return q.accept(visit)


def _frequent_words(node: Any, reader: Any) -> Any:
    """``node`` (a prefix) as an OR of its most frequent words within the posting budget.

    Words are taken by document frequency, largest first, skipping any that would overflow the
    budget (smaller ones may still fit); the most frequent word is always kept, as typing it in
    full would cost the same.  The OR preloads its postings into one array (Whoosh's array
    union), which beats a tree of pairwise unions at this many clauses.
    """
    found = [
        (info.doc_frequency(), text) for text, info in reader.iter_prefix(node.fieldname, node.text)
    ]
    found.sort(key=lambda pair: pair[0], reverse=True)
    keep: list[Any] = []
    total = 0
    for frequency, text in found:
        if keep and total + frequency > TYPED_PREFIX_POSTINGS:
            continue
        keep.append(text)
        total += frequency
        if len(keep) == TYPED_PREFIX_TERMS:
            break
    if len(keep) == len(found) and len(keep) <= 2:
        return node
    field = reader.schema[node.fieldname]
    terms = [
        wq.Term(node.fieldname, text if isinstance(text, str) else field.from_bytes(text))
        for text in keep
    ]
    if len(terms) == 1:  # Whoosh unwraps a one-child OR and would drop a typed boost (pol*^3)
        return wq.Term(node.fieldname, terms[0].text, boost=node.boost)
    union = wq.Or(terms, boost=node.boost)
    union.matcher_type = wq.Or.ARRAY_MATCHER
    return union


def outlet_filter(name: str) -> wq.Query | None:
    """Documents whose outlet has every word of ``name`` ("bbc" finds "BBC News")."""
    words = outlet_words(name)
    if not words:
        return None
    return wq.And([wq.Term("outlet", w) for w in words])


def run(searcher: Any, q: Any, limit: int, filt: Any, time_limit: float | None) -> tuple[Any, int]:
    """Whoosh results for the top ``limit`` and the number of matches.

    One pass scores and counts every match (``optimize=False``: the default skips blocks, and
    then counting runs the whole query again).  With ``time_limit`` the search returns the
    best of what it scored in time (no signals, so it is safe in worker threads) and the
    count is Whoosh's estimate.
    """
    collector = searcher.collector(limit=limit, filter=filt, optimize=False)
    if time_limit is not None:
        collector = TimeLimitCollector(collector, time_limit, use_alarm=False)
    try:
        searcher.search_with_collector(q, collector)
        cut_short = False
    except TimeLimit:
        cut_short = True
    results = collector.results()
    if cut_short and not results.scored_length():
        # out of time before the first hit (a slow intersection, an array union still
        # loading): "no hits" would be a lie, so finish the search instead
        return run(searcher, q, limit, filt, None)
    return results, results.estimated_length() if cut_short else len(results)
