"""The Whoosh full-text index: schema, incremental update, queries, highlights."""

from kzreader.search.index import SearchIndex
from kzreader.search.results import (
    Fragment,
    Hit,
    IndexUnavailable,
    QueryError,
    SearchResults,
    UpdateStats,
)

__all__ = [
    "Fragment",
    "Hit",
    "IndexUnavailable",
    "QueryError",
    "SearchIndex",
    "SearchResults",
    "UpdateStats",
]
