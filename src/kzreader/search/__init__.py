"""The Whoosh full-text index: schema, incremental update, queries, highlights."""

from kzreader.search.index import SearchIndex
from kzreader.search.results import Fragment, Hit, QueryError, SearchResults, UpdateStats

__all__ = ["Fragment", "Hit", "QueryError", "SearchIndex", "SearchResults", "UpdateStats"]
