"""Feeds and URLs: fetch (bounded), extract (trafilatura, through the library's HTML path), and
the SQLite store in the data dir.  ``web`` only writes the store; the library reads it.

The front door for the faces:

- ``open_store()`` -> (Store, warning): the store, created when missing; a damaged file is
  moved aside (the warning says where).  ``open_reader()``: the same for reading only
  (nothing created or written; a read-only data dir is fine).  ``set_aside(path, error)``:
  move a store found damaged mid-way aside; the line that says so.  Every ``Store`` method
  raises SQLite's errors as one-line ``StoreDamaged``/``StoreError``.
- ``refresh(store, feeds=None, progress=callback)`` -> RefreshReport; ``progress`` gets a
  ``RefreshProgress`` (feeds, pages, new, updated, errors, last event) after every step, on the
  calling thread.
- ``add_urls(store, urls)``; ``Store.add_feed/remove_feed/feeds()`` (``FeedInfo`` with
  ``last_error``, ``failures``, article and unread counts); ``Store.mark_read(ids)``,
  ``read_ids()``, ``unread_ids()``; ``read_opml``/``write_opml``.

Heavy modules (urllib3, feedparser, trafilatura) load only when a function that needs them
runs.
"""

from kzreader.web.fetch import Fetcher, FetchError, FetchLimits, check_url
from kzreader.web.opml import OpmlError, Outline, parse_opml, read_opml, write_opml
from kzreader.web.store import (
    FeedInfo,
    Store,
    StoreDamaged,
    StoreError,
    open_reader,
    open_store,
    set_aside,
)
from kzreader.web.update import RefreshProgress, RefreshReport, add_urls, refresh

__all__ = [
    "FeedInfo",
    "FetchError",
    "FetchLimits",
    "Fetcher",
    "OpmlError",
    "Outline",
    "RefreshProgress",
    "RefreshReport",
    "Store",
    "StoreDamaged",
    "StoreError",
    "add_urls",
    "check_url",
    "open_reader",
    "open_store",
    "parse_opml",
    "read_opml",
    "refresh",
    "set_aside",
    "write_opml",
]
