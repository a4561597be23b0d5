"""Turning what the user typed into a Whoosh query: strict parsing and as-you-type repair."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from whoosh import query as wq
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin

from kzreader.safetext import one_line
from kzreader.search.results import QueryError
from kzreader.search.schema import outlet_words

MAX_QUERY = 1000
DEFAULT_FIELDS = ("title", "body")
DATE_HELP = "published: needs a date, e.g. published:2022-01-05, published:2022 or published:today"
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})

#: What ends a half-typed query and means nothing yet: dropped from its end, one piece at a
#: time, by `_strip_trailing_junk` (a loop, not one regular expression: the old pattern's
#: nested repetition backtracked exponentially over a run of spaces).
_JUNK_TOKEN = frozenset("~^*+-(")
_LEADING_OPERATOR = re.compile(r"^\s*(AND|OR|ANDNOT|ANDMAYBE)\b\s*")
_EMPTY_FIELD = re.compile(r"(?<![\w.])(\w+):(?=\s|$|\))")
_LAST_WORD = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\())((?:\w+:)?)(\w+)$")


def make_parser(schema: Any) -> MultifieldParser:
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(DateParserPlugin(basedate=datetime.now()))
    return parser


def clean(text: str) -> str:
    """The query as one line of safe text (`kzreader.safetext.one_line`): control characters
    and bidi overrides removed, line breaks and tabs folded to spaces, the ends stripped."""
    return one_line(text)


def display_query(text: str) -> str:
    """The query as results echo it: safe text on one line, at most `MAX_QUERY` characters."""
    shown = clean(text[: MAX_QUERY * 4])
    return shown if len(shown) <= MAX_QUERY else shown[: MAX_QUERY - 1] + "…"


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
    text = _strip_trailing_junk(text)
    return _balance(text)


def _strip_trailing_junk(text: str) -> str:
    """Drop from the end, piece by piece, what cannot be searched yet: whitespace, a trailing
    operator (``police AND``), an empty field (``title:``), a token of only ``~^*+-(``, a
    dangling ``^``.  ``end`` only moves left and each token's start is found once, so the loop
    is linear in the text's length."""
    end = len(text)
    start = -1  # start of the token that ends at ``end``; -1: not found yet
    while end > 0:
        if text[end - 1].isspace():
            end -= 1
            start = -1
            continue
        if start < 0:
            start = end
            while start > 0 and not text[start - 1].isspace():
                start -= 1
        token = text[start:end]
        if token in OPERATORS and start > 0:
            end = start
        elif token.endswith(":") and len(token) > 1 and _is_field_word(token[:-1]):
            end -= 1
            while end > start and (text[end - 1].isalnum() or text[end - 1] in "._"):
                end -= 1
        elif all(char in _JUNK_TOKEN for char in token):
            end = start
        elif token.endswith("^"):
            end -= 1
        else:
            break
        if end == start:
            start = -1
    return text[:end]


def _is_field_word(head: str) -> bool:
    """Whether ``head`` (a token before its colon) ends in a field name: ``title``, ``(title``,
    ``x-title`` all do; ``title)`` and ``"title`` do not."""
    return head[-1].isalnum() or head[-1] in "._"


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
    fixed = _compact_range_dates(fixed)
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


#: A date range, ``published:[a TO b]`` (or ``{a TO b}``), and an ISO date inside one.
_DATE_RANGE = re.compile(r"(published:\s*[\[{])([^\]}]*)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def _compact_range_dates(text: str) -> str:
    """``published:[1987-03-01 TO 1987-03-05]`` as ``published:[19870301 TO 19870305]``.

    Whoosh reads an ISO date alone (``published:1987-03-01``) but, inside a range, only its
    year: the range matched all of 1987.  The compact form it reads whole.
    """
    if "published:" not in text:
        return text

    def compact(match: re.Match[str]) -> str:
        return match.group(1) + _ISO_DATE.sub(
            lambda d: "".join(p for p in d.groups() if p), match.group(2)
        )

    return _DATE_RANGE.sub(compact, text)


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


def outlet_filter(name: str) -> wq.Query | None:
    """Documents whose outlet has every word of ``name`` ("bbc" finds "BBC News")."""
    words = outlet_words(name)
    if not words:
        return None
    return wq.And([wq.Term("outlet", w) for w in words])
