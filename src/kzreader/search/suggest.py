""" "Did you mean ...": misspelt words of a query replaced from the index's spelling corrector.

The body field is stemmed (and fuzzy queries need it to be: a separate spelling field would make
Whoosh expand ``word~`` against unstemmed words), so the corrector proposes stems; each stem is
turned back into a real word by looking at one article that contains it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kzreader.search.query import MAX_QUERY, OPERATORS
from kzreader.search.schema import MIN_TOKEN, STOP, stem

#: Plain words only: not field names, not prefix*, wildcards or fuzzy~ terms.
_PLAIN_WORD = re.compile(r"(?<![\w:*?~])[^\W\d_]+(?![\w:*?~])")
_WORD = re.compile(r"\w+")

TextOf = Callable[[str], str | None]


def did_you_mean(searcher: Any, text: str, text_of: TextOf) -> str | None:
    """``text`` with unknown words replaced by the closest indexed words, or None."""
    reader = searcher.reader()
    corrector = searcher.corrector("body")
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group()
        low = word.lower()
        if word in OPERATORS or low in STOP or len(low) < MIN_TOKEN:
            return word
        stemmed = stem(low)
        if ("body", stemmed) in reader or ("title", stemmed) in reader:
            return word
        found = corrector.suggest(stemmed, limit=1, maxdist=2, prefix=1)
        if not found or found[0] == stemmed:
            return word
        changed = True
        return surface_word(searcher, found[0], text_of)

    fixed = _PLAIN_WORD.sub(fix, text[:MAX_QUERY])
    return fixed if changed else None


def surface_word(searcher: Any, stemmed: str, text_of: TextOf) -> str:
    """A word as written in some article whose stem is ``stemmed`` (else the stem itself)."""
    docnums = searcher.docs_for_query(_term("body", stemmed))
    for docnum in docnums:
        article_id = searcher.stored_fields(docnum).get("id")
        text = text_of(article_id) if article_id else None
        for word in _WORD.findall(text or ""):
            low = word.lower()
            if low.startswith(stemmed[:2]) and stem(low) == stemmed:
                return low
        break
    return stemmed


def _term(fieldname: str, text: str) -> Any:
    from whoosh.query import Term

    return Term(fieldname, text)
