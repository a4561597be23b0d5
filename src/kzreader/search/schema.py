"""The index schema, its version, and the analysis shared by indexing and highlighting."""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import Analyzer, LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.analysis.filters import STOP_WORDS
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.lang.porter import stem as _porter_stem

#: Bump whenever the schema or the analysis changes: an index with another version is rebuilt.
#: 2: ``body`` without character offsets (unused: highlights are found in the clean text) and
#: the positions-free twin ``words``.
SCHEMA_VERSION = 2
#: Whoosh's index name inside the index folder; versioned so an old index stays readable until
#: the new one is committed (a killed rebuild leaves the previous index intact).
INDEX_NAME = f"kz{SCHEMA_VERSION}"

#: Whoosh's default token pattern (RegexTokenizer); highlighting tokenises the same way.
TOKEN_PATTERN = r"\w+(\.?\w+)*"
MIN_TOKEN = 2
STOP = frozenset(STOP_WORDS)


def body_analyzer() -> Analyzer:
    return StemmingAnalyzer(expression=TOKEN_PATTERN, stoplist=STOP, minsize=MIN_TOKEN)


def outlet_analyzer() -> Analyzer:
    """Outlet names as lowercase words, so ``outlet:rfe`` finds "RFE/RL"."""
    return RegexTokenizer(r"\w+") | LowercaseFilter()


#: The body's words again, without positions: the same analysis, so the same frequencies,
#: lengths and document counts as ``body`` (BM25 scores are equal), but posting blocks of
#: ids and weights only, which the block scorer decodes 5x faster (0.14 against 0.8 us a
#: posting).  ``body`` keeps positions for phrases.
SCORING_TWIN = {"body": "words"}


def build_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True),
        sha=ID(stored=True),
        outlet=KEYWORD(stored=True, lowercase=True, scorable=False, analyzer=outlet_analyzer()),
        title=TEXT(analyzer=body_analyzer(), stored=True, field_boost=1.5),
        published=DATETIME(stored=True, sortable=True),
        body=TEXT(analyzer=body_analyzer(), phrase=True, stored=False),
        words=TEXT(analyzer=body_analyzer(), phrase=False, stored=False),
    )


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Porter stem of a lowercase word, as the body analyzer indexes it."""
    return _porter_stem(word)


def outlet_words(name: str) -> list[str]:
    """The words of an outlet name as the outlet field indexes them."""
    return [w.lower() for w in re.findall(r"\w+", name)]


def typed_words(text: str) -> dict[str, str]:
    """stem -> the word of ``text`` it came from (the first such word), so a message about a
    query names what the reader typed (``goverment``), not its stem (``gover``)."""
    analyzer = body_analyzer()
    found: dict[str, str] = {}
    for word in re.findall(r"\w+", text):
        for token in analyzer(word):
            found.setdefault(token.text, word.lower())
    return found
