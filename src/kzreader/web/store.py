"""The web store: one SQLite database (WAL mode) in the data dir, ``locations.store_file()``.

It holds what cannot be rebuilt: articles fetched from the web, the feeds subscribed to, the
feed entries seen (a queue: an entry is ``pending`` until its page is stored, so a refresh
killed half-way resumes where it stopped), fetch errors and read state.

Tables (schema version ``SCHEMA_VERSION``, in ``meta``):

- ``feeds``: url, title, site_url, added, etag, last_modified, last_fetch, last_ok,
  last_error, failures (consecutive).
- ``articles``: id, url (unique), canonical_url, feed, outlet (site name), title, byline,
  published (ISO), text (the clean body), paragraphs (their count: the paragraphs are ``text``
  split at blank lines, checked on load), captions (JSON list), sha256 (of the stored fields:
  title, outlet, byline, published, text, captions), fetched, source (``page`` or ``summary``),
  note (why the summary stands in), read_at.
- ``entries``: (feed, key) -> url, title, summary, published, author, stamp, article, state
  (``pending``, ``done``, ``failed``: tried again, ``refused``: a link kzreader never fetches),
  attempts, last_error.  URLs given to ``add`` are
  entries of the feed ``''``.
- ``fetch_errors``: a log of failures (url, feed, kind, error, at), newest kept.

Article ids: ``web:`` and the first 10 hex digits of the SHA-256 of the article's URL (the
entry link or the URL given to ``add``), lengthened when another stored article has them.
An id is assigned once and never changes, whatever the page later says its canonical URL is.
File ids never collide with these in practice (a file would have to be named
``web:<10 hex>``); when one does, the loader shows the stored article under its full-length
id ``web:<64 hex>``.

A file that is not a readable store of this kind (garbage, truncated, another program's
database) raises ``StoreDamaged``; ``open_store`` then moves it aside (never deletes it) and
says where in one line.  So does a write-ahead log that SQLite would ignore (its header fails
its checksum: `set_log_aside`), before the next writer would overwrite it.  Every method
raises SQLite's errors as one line: ``StoreDamaged`` for damage found mid-way, ``StoreError``
for a store that cannot be used now (locked by another process, read-only, full).  A
read-only data dir is read (``open_reader``; SQLite needs the ``-shm`` file, so without one
the file is opened as immutable, which is exact while the log holds nothing).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from kzreader.safetext import one_line

SCHEMA_VERSION = 1
ID_PREFIX = "web:"
_ID_DIGITS = 10
_ERROR_LOG_KEEP = 2000
#: Seconds a statement waits for another process's lock on the store before it fails.
BUSY_TIMEOUT = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT,
    site_url TEXT,
    added TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_fetch TEXT,
    last_ok TEXT,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    canonical_url TEXT,
    feed TEXT,
    outlet TEXT NOT NULL,
    title TEXT NOT NULL,
    byline TEXT,
    published TEXT,
    text TEXT NOT NULL,
    paragraphs INTEGER NOT NULL,
    captions TEXT NOT NULL DEFAULT '[]',
    sha256 TEXT NOT NULL,
    fetched TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'page',
    note TEXT,
    read_at TEXT
);
CREATE INDEX IF NOT EXISTS articles_canonical ON articles (canonical_url);
CREATE INDEX IF NOT EXISTS articles_feed ON articles (feed);
CREATE TABLE IF NOT EXISTS entries (
    feed TEXT NOT NULL,
    key TEXT NOT NULL,
    url TEXT,
    title TEXT,
    summary TEXT,
    published TEXT,
    author TEXT,
    stamp TEXT,
    article TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    seen TEXT NOT NULL,
    PRIMARY KEY (feed, key)
);
CREATE INDEX IF NOT EXISTS entries_state ON entries (state);
CREATE TABLE IF NOT EXISTS fetch_errors (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    feed TEXT,
    kind TEXT NOT NULL,
    error TEXT NOT NULL,
    at TEXT NOT NULL
);
"""


class StoreError(Exception):
    """The store cannot be used (one line: the path and why)."""


class StoreDamaged(StoreError):
    """The store file is not a readable kzreader store."""


def _failure(path: Path, exc: sqlite3.Error) -> Exception:
    """A SQLite error as one line: StoreDamaged for damage, StoreError for a store that cannot
    be used now; any other error (a bug, not the store's state) as it is."""
    if _is_damage(exc):
        return StoreDamaged(f"{path}: not a readable web store ({exc})")
    if not isinstance(exc, sqlite3.OperationalError):
        return exc
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: the web store is locked by another process ({exc})")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: cannot write the web store, it is read-only ({exc})")
    if "full" in text:
        return StoreError(f"{path}: cannot write the web store, the disk is full ({exc})")
    return StoreError(f"{path}: cannot use the web store: {exc}")


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(method: Callable[Concatenate[Store, _P], _R]) -> Callable[Concatenate[Store, _P], _R]:
    """The method with SQLite's errors raised as `_failure` words them."""

    @functools.wraps(method)
    def run(self: Store, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            failure = _failure(self.path, exc)
            if failure is exc:
                raise
            raise failure from None

    return run


@dataclass(frozen=True)
class FeedInfo:
    url: str
    title: str | None
    site_url: str | None
    added: str
    last_fetch: str | None
    last_ok: str | None
    last_error: str | None
    failures: int
    etag: str | None
    last_modified: str | None
    articles: int = 0
    unread: int = 0


@dataclass(frozen=True)
class PendingEntry:
    feed: str
    key: str
    url: str | None
    title: str | None
    summary: str | None
    published: str | None
    author: str | None
    article: str | None
    attempts: int


@dataclass(frozen=True)
class ArticleRecord:
    """What the refresh stores for one article (all text already sanitised)."""

    url: str
    outlet: str
    title: str
    text: str
    paragraphs: tuple[str, ...]
    sha256: str
    canonical_url: str | None = None
    feed: str | None = None
    byline: str | None = None
    published: datetime | None = None
    captions: tuple[str, ...] = ()
    source: str = "page"
    note: str | None = None


@dataclass(frozen=True)
class StoredRow:
    """One row of ``articles`` as the library reads it."""

    id: str
    url: str
    canonical_url: str | None
    feed: str | None
    outlet: str
    title: str
    byline: str | None
    published: datetime | None
    text: str
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...]
    sha256: str
    source: str
    read: bool


@dataclass(frozen=True)
class ErrorRecord:
    url: str
    feed: str | None
    kind: str
    error: str
    at: str


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def url_id(url: str, digits: int = _ID_DIGITS) -> str:
    return ID_PREFIX + hashlib.sha256(url.encode("utf-8")).hexdigest()[:digits]


class Store:
    """A connection to the store.  Use from one thread (the refresh writes from its caller's
    thread; its workers only fetch)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection
        self._lock = threading.RLock()
        #: Opened read-only on a database with no tables yet: no articles.
        self.empty = False

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = True, readonly: bool = False) -> Store:
        """Open (or create) the store at ``path``.  Raises StoreDamaged for a file that is
        not a kzreader store, StoreError when it cannot be opened at all."""
        exists = path.exists()
        if not exists and not create:
            raise StoreError(f"{path}: no web store yet")
        if not exists:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path.parent}: cannot create: {exc.strerror}") from None
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        try:
            return cls._connect(path, uri, readonly)
        except StoreError as exc:
            if "unable to open" not in str(exc) or os.access(path.parent, os.W_OK):
                raise
            if not readonly:
                raise StoreError(
                    f"{path}: cannot write the web store, its folder is read-only"
                ) from None
            if not _log_is_empty(path):
                raise
        # a read-only data dir without a -shm file (none can be made): immutable is exact
        # while the log holds nothing
        return cls._connect(path, uri + "&immutable=1", readonly)

    @classmethod
    def _connect(cls, path: Path, uri: str, readonly: bool) -> Store:
        try:
            db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the web store: {exc}") from None
        store = cls(path, db)
        try:
            store._prepare(readonly)
        except sqlite3.OperationalError as exc:
            db.close()
            raise _failure(path, exc) from None
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreDamaged(f"{path}: not a readable web store ({exc})") from None
        except StoreError:
            db.close()
            raise
        return store

    def _prepare(self, readonly: bool) -> None:
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        # look before writing anything: a file that is not ours is moved aside untouched
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and ("meta" not in tables or "articles" not in tables):
            raise StoreDamaged(f"{self.path}: a database without kzreader's tables")
        if not readonly:
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{self.path}: cannot switch the web store to WAL ({mode})")
            db.execute("PRAGMA synchronous = NORMAL")
        if not tables:
            if readonly:
                self.empty = True  # being created by another process, or never used
                return
            # one transaction: a reader never sees half a schema
            db.executescript(
                "BEGIN;\n" + _SCHEMA + f"INSERT OR IGNORE INTO meta (key, value) VALUES "
                f"('schema', '{SCHEMA_VERSION}');\nCOMMIT;"
            )
            return
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        version = int(row[0]) if row and str(row[0]).isdigit() else None
        if version is None:
            raise StoreDamaged(f"{self.path}: no schema version")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer kzreader (store schema {version}, "
                f"this one reads {SCHEMA_VERSION})"
            )
        if not readonly:
            db.executescript("BEGIN;\n" + _SCHEMA + "COMMIT;")  # tables added since then

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @_guarded
    def check(self) -> None:
        """Raise StoreDamaged unless SQLite's quick check passes."""
        try:
            result = self._db.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreDamaged(f"{self.path}: {exc}") from None
        if not result or result[0] != "ok":
            raise StoreDamaged(f"{self.path}: integrity check failed ({result and result[0]})")

    # --- feeds --------------------------------------------------------------------------

    @_guarded
    def add_feed(self, url: str, title: str | None = None) -> bool:
        """Subscribe; False when already subscribed."""
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO feeds (url, title, added) VALUES (?, ?, ?)",
                (url, title, now_iso()),
            )
        return cursor.rowcount > 0

    @_guarded
    def remove_feed(self, url: str) -> bool:
        """Unsubscribe; its articles stay (they are library articles now), its queue goes."""
        with self._lock, self._db:
            cursor = self._db.execute("DELETE FROM feeds WHERE url = ?", (url,))
            self._db.execute("DELETE FROM entries WHERE feed = ?", (url,))
        return cursor.rowcount > 0

    @_guarded
    def feeds(self) -> list[FeedInfo]:
        """Every feed, in the order added, with its last error and article counts."""
        counts = {
            row[0]: (row[1], row[2])
            for row in self._db.execute(
                "SELECT feed, COUNT(*), SUM(read_at IS NULL) FROM articles GROUP BY feed"
            )
        }
        out = []
        for row in self._db.execute(
            "SELECT url, title, site_url, added, last_fetch, last_ok, last_error, failures, "
            "etag, last_modified FROM feeds ORDER BY added, url"
        ):
            total, unread = counts.get(row[0], (0, 0))
            out.append(
                FeedInfo(
                    url=row[0],
                    title=row[1],
                    site_url=row[2],
                    added=row[3],
                    last_fetch=row[4],
                    last_ok=row[5],
                    last_error=row[6],
                    failures=int(row[7]),
                    etag=row[8],
                    last_modified=row[9],
                    articles=int(total),
                    unread=int(unread or 0),
                )
            )
        return out

    def feed(self, url: str) -> FeedInfo | None:
        return next((f for f in self.feeds() if f.url == url), None)

    @_guarded
    def feed_ok(
        self,
        url: str,
        *,
        title: str | None,
        site_url: str | None,
        etag: str | None,
        last_modified: str | None,
        entries: Sequence[
            tuple[str, str | None, str | None, str | None, str | None, str | None, str]
        ] = (),
    ) -> tuple[int, int]:
        """Record a good fetch of a feed and queue its new and changed entries, in one
        transaction.  ``entries``: (key, link, title, summary, published ISO, author, stamp).
        Returns (new, changed) entry counts."""
        stamp = now_iso()
        new = changed = 0
        with self._lock, self._db:
            db = self._db
            db.execute(
                "UPDATE feeds SET title = COALESCE(?, title), site_url = COALESCE(?, site_url), "
                "etag = ?, last_modified = ?, last_fetch = ?, last_ok = ?, last_error = NULL, "
                "failures = 0 WHERE url = ?",
                (title, site_url, etag, last_modified, stamp, stamp, url),
            )
            for key, link, e_title, summary, published, author, e_stamp in entries:
                row = db.execute(
                    "SELECT stamp, state FROM entries WHERE feed = ? AND key = ?", (url, key)
                ).fetchone()
                if row is None:
                    new += 1
                    db.execute(
                        "INSERT INTO entries (feed, key, url, title, summary, published, "
                        "author, stamp, state, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                        "'pending', ?)",
                        (url, key, link, e_title, summary, published, author, e_stamp, stamp),
                    )
                elif row[0] != e_stamp:
                    changed += 1
                    db.execute(
                        "UPDATE entries SET url = ?, title = ?, summary = ?, published = ?, "
                        "author = ?, stamp = ?, state = 'pending', attempts = 0, seen = ? "
                        "WHERE feed = ? AND key = ?",
                        (link, e_title, summary, published, author, e_stamp, stamp, url, key),
                    )
        return new, changed

    @_guarded
    def feed_not_modified(self, url: str) -> None:
        stamp = now_iso()
        with self._lock, self._db:
            self._db.execute(
                "UPDATE feeds SET last_fetch = ?, last_ok = ?, last_error = NULL, failures = 0 "
                "WHERE url = ?",
                (stamp, stamp, url),
            )

    @_guarded
    def feed_failed(self, url: str, error: str) -> None:
        stamp = now_iso()
        error = one_line(error)[:500]
        with self._lock, self._db:
            self._db.execute(
                "UPDATE feeds SET last_fetch = ?, last_error = ?, failures = failures + 1 "
                "WHERE url = ?",
                (stamp, error, url),
            )
            self._log_error(url, url, "feed", error, stamp)

    # --- entries ------------------------------------------------------------------------

    @_guarded
    def queue_url(self, url: str) -> None:
        """A URL given to ``add``: an entry of the feed '' until its page is stored."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO entries (feed, key, url, state, seen) VALUES ('', ?, ?, "
                "'pending', ?) ON CONFLICT (feed, key) DO UPDATE SET state = 'pending'",
                (url, url, now_iso()),
            )

    @_guarded
    def pending(self, feeds: Iterable[str] | None = None) -> list[PendingEntry]:
        """Entries whose page is still to be stored (new, changed, or failed before)."""
        sql = (
            "SELECT feed, key, url, title, summary, published, author, article, attempts "
            "FROM entries WHERE state IN ('pending', 'failed')"
        )
        rows = self._db.execute(sql + " ORDER BY feed, rowid").fetchall()
        wanted = None if feeds is None else set(feeds)
        return [PendingEntry(*row) for row in rows if wanted is None or row[0] in wanted]

    @_guarded
    def entry_failed(
        self, feed: str, key: str, error: str, url: str | None, *, refused: bool = False
    ) -> None:
        """The entry's page failed: ``failed`` (tried again next refresh), or with
        ``refused`` (a link kzreader never fetches) ``refused`` for good."""
        stamp = now_iso()
        error = one_line(error)[:500]
        with self._lock, self._db:
            self._db.execute(
                "UPDATE entries SET state = ?, attempts = attempts + 1, last_error = ? "
                "WHERE feed = ? AND key = ?",
                ("refused" if refused else "failed", error, feed, key),
            )
            self._log_error(url or key, feed or None, "page", error, stamp)

    @_guarded
    def entry_done(self, feed: str, key: str) -> None:
        with self._lock, self._db:
            self._db.execute(
                "UPDATE entries SET state = 'done', last_error = NULL WHERE feed = ? AND key = ?",
                (feed, key),
            )

    # --- articles -----------------------------------------------------------------------

    @_guarded
    def save_article(
        self,
        record: ArticleRecord,
        entry: tuple[str, str] | None = None,
        *,
        done: bool = True,
        error: str | None = None,
        refused: bool = False,
    ) -> tuple[str, str]:
        """Insert or update one article (matched by URL, then canonical URL), and mark its
        entry done (or, with ``done=False``, failed with ``error``: a summary standing in),
        in one transaction.  Returns (id, "new" | "updated" | "unchanged")."""
        stamp = now_iso()
        published = record.published.isoformat() if record.published else None
        with self._lock, self._db:
            db = self._db
            # the write lock before the look-up: another process may store this URL meanwhile
            db.execute("BEGIN IMMEDIATE")
            row = db.execute(
                "SELECT id, sha256, source FROM articles WHERE url = ?", (record.url,)
            ).fetchone()
            if row is None and record.canonical_url:
                row = db.execute(
                    "SELECT id, sha256, source FROM articles WHERE canonical_url = ? OR url = ? "
                    "ORDER BY rowid LIMIT 1",
                    (record.canonical_url, record.canonical_url),
                ).fetchone()
            values = (
                record.canonical_url,
                record.feed,
                record.outlet,
                record.title,
                record.byline,
                published,
                record.text,
                len(record.paragraphs),
                json.dumps(list(record.captions), ensure_ascii=False),
                record.sha256,
                stamp,
                record.source,
                record.note,
            )
            if row is None:
                article_id = self._new_id(record.url)
                db.execute(
                    "INSERT INTO articles (id, url, canonical_url, feed, outlet, title, byline, "
                    "published, text, paragraphs, captions, sha256, fetched, source, note) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (article_id, record.url, *values),
                )
                outcome = "new"
            else:
                article_id = row[0]
                if row[2] == "page" and record.source == "summary":
                    outcome = "unchanged"  # a summary never replaces a page already stored
                elif row[1] == record.sha256 and row[2] == record.source:
                    outcome = "unchanged"
                else:
                    db.execute(
                        "UPDATE articles SET canonical_url = ?, feed = COALESCE(?, feed), "
                        "outlet = ?, title = ?, byline = ?, published = ?, text = ?, "
                        "paragraphs = ?, captions = ?, sha256 = ?, fetched = ?, source = ?, "
                        "note = ? WHERE id = ?",
                        (*values, article_id),
                    )
                    outcome = "updated"
            if entry is not None:
                feed, key = entry
                if done:
                    db.execute(
                        "UPDATE entries SET state = 'done', article = ?, last_error = NULL "
                        "WHERE feed = ? AND key = ?",
                        (article_id, feed, key),
                    )
                else:
                    message = one_line(error or "page failed")[:500]
                    db.execute(
                        "UPDATE entries SET state = ?, article = ?, "
                        "attempts = attempts + 1, last_error = ? WHERE feed = ? AND key = ?",
                        ("refused" if refused else "failed", article_id, message, feed, key),
                    )
                    self._log_error(record.url, feed or None, "page", message, stamp)
        return article_id, outcome

    def _new_id(self, url: str) -> str:
        for digits in range(_ID_DIGITS, 65, 2):
            candidate = url_id(url, digits)
            taken = self._db.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone()
            if taken is None:
                return candidate
        raise StoreError(f"{self.path}: no free id for {url}")  # a SHA-256 collision

    @_guarded
    def article_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def rows(self) -> Iterator[StoredRow | str]:
        """Every stored article in the order stored; a row that fails its check is yielded as
        a one-line problem instead (the row stays in the store)."""
        try:
            yield from self._rows()
        except sqlite3.Error as exc:
            failure = _failure(self.path, exc)
            if failure is exc:
                raise
            raise failure from None

    def _rows(self) -> Iterator[StoredRow | str]:
        cursor = self._db.execute(
            "SELECT id, url, canonical_url, feed, outlet, title, byline, published, text, "
            "paragraphs, captions, sha256, source, read_at FROM articles ORDER BY rowid"
        )
        for row in cursor:
            text = row[8]
            paragraphs = tuple(text.split("\n\n")) if text else ()
            if len(paragraphs) != row[9] or not text:
                yield f"{row[0]}: text and paragraph count disagree (skipped)"
                continue
            try:
                published = datetime.fromisoformat(row[7]) if row[7] else None
                captions = tuple(json.loads(row[10])) if row[10] and row[10] != "[]" else ()
            except (ValueError, TypeError) as exc:
                yield f"{row[0]}: unreadable field ({exc}) (skipped)"
                continue
            yield StoredRow(
                id=row[0],
                url=row[1],
                canonical_url=row[2],
                feed=row[3],
                outlet=row[4],
                title=row[5],
                byline=row[6],
                published=published,
                text=text,
                paragraphs=paragraphs,
                captions=captions,
                sha256=row[11],
                source=row[12],
                read=row[13] is not None,
            )

    # --- read state ---------------------------------------------------------------------

    @_guarded
    def mark_read(self, ids: Iterable[str], read: bool = True) -> int:
        """Mark stored articles read (or unread); ids that are not stored are ignored.
        Returns how many changed."""
        stamp = now_iso() if read else None
        ids = list(ids)
        with self._lock, self._db:
            changed = 0
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                test = "read_at IS NULL" if read else "read_at IS NOT NULL"
                cursor = self._db.execute(
                    f"UPDATE articles SET read_at = ? WHERE {test} AND id IN ({marks})",
                    (stamp, *chunk),
                )
                changed += cursor.rowcount
        return changed

    @_guarded
    def read_ids(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT id FROM articles WHERE read_at IS NOT NULL")}

    @_guarded
    def unread_ids(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT id FROM articles WHERE read_at IS NULL")}

    # --- errors -------------------------------------------------------------------------

    def _log_error(self, url: str, feed: str | None, kind: str, error: str, at: str) -> None:
        self._db.execute(
            "INSERT INTO fetch_errors (url, feed, kind, error, at) VALUES (?, ?, ?, ?, ?)",
            (url, feed, kind, error, at),
        )
        self._db.execute(
            "DELETE FROM fetch_errors WHERE id <= (SELECT MAX(id) FROM fetch_errors) - ?",
            (_ERROR_LOG_KEEP,),
        )

    @_guarded
    def errors(self, limit: int = 50) -> list[ErrorRecord]:
        """The latest fetch errors, newest first."""
        return [
            ErrorRecord(*row)
            for row in self._db.execute(
                "SELECT url, feed, kind, error, at FROM fetch_errors ORDER BY id DESC LIMIT ?",
                (limit,),
            )
        ]

    @_guarded
    def failing_entries(self) -> list[tuple[str, str, str | None, int]]:
        """(feed, url, last error, attempts) of entries whose page has not been stored."""
        return [
            (row[0], row[1] or "", row[2], int(row[3]))
            for row in self._db.execute(
                "SELECT feed, url, last_error, attempts FROM entries "
                "WHERE state IN ('failed', 'refused') "
                "ORDER BY feed, rowid"
            )
        ]


def _is_damage(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(
        word in text
        for word in ("not a database", "malformed", "file is encrypted", "disk image", "corrupt")
    )


def move_aside(path: Path) -> Path:
    """Rename a damaged store (and its -wal/-shm files) to ``<name>.damaged-<time>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def set_aside(path: Path, problem: StoreError, then: str = "a new store was started") -> str:
    """Move the damaged store at ``path`` aside (`move_aside`); the one line that says so.
    Raises StoreError (one line) when it cannot be moved."""
    try:
        moved = move_aside(path)
    except OSError as err:
        raise StoreError(f"{problem}; cannot move it aside: {err.strerror}") from None
    return f"{problem}; moved aside to {moved.name} (nothing deleted), {then}"


_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_VERSION = 3007000


def _log_header_ok(header: bytes) -> bool:
    """Whether a write-ahead log's 32-byte header is one SQLite reads (magic, version and
    checksum, as in SQLite's file format document); SQLite ignores a log whose is not."""
    magic, version = struct.unpack(">II", header[:8])
    if magic not in _WAL_MAGIC or version != _WAL_VERSION:
        return False
    words = struct.unpack((">" if magic & 1 else "<") + "6I", header[:24])
    s0 = s1 = 0
    for i in range(0, 6, 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return (s0, s1) == struct.unpack(">II", header[24:32])


def _log_is_empty(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size == 0
    except FileNotFoundError:
        return True


def set_log_aside(path: Path) -> str | None:
    """When the store's write-ahead log is one SQLite would ignore (and its next writer
    overwrite), move it aside; the one-line warning, or None when the log is fine or absent.
    (A log shorter than its header holds no commit: a writer is starting it, or nothing.)"""
    log = path.with_name(path.name + "-wal")
    for attempt in range(2):  # read twice before judging: a writer may be restarting the log
        try:
            with log.open("rb") as handle:
                header = handle.read(32)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"{path}: cannot read its write-ahead log ({log.name}): {exc.strerror}"
        if len(header) < 32 or _log_header_ok(header):
            return None
        if not attempt:
            time.sleep(0.05)
    lost = "changes since the store was last checkpointed are missing"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = log.with_name(f"{log.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = log.with_name(f"{log.name}.damaged-{stamp}-{n}")
    try:
        log.rename(target)
    except OSError as exc:
        return f"{path}: its write-ahead log is damaged, not moved ({exc.strerror}); {lost}"
    return (
        f"{path}: its write-ahead log was damaged: moved aside to {target.name} "
        f"(nothing deleted); {lost}"
    )


def _joined(*warnings: str | None) -> str | None:
    return "; ".join(w for w in warnings if w) or None


def open_store(path: Path | None = None) -> tuple[Store, str | None]:
    """The store for writing, created when missing.  A damaged file (or log) is moved aside
    and a new store made; the second value is then the one-line warning to show."""
    if path is None:
        from kzreader import locations

        path = locations.store_file()
    log = set_log_aside(path)
    try:
        return Store.open(path), log
    except StoreDamaged as exc:
        warning = set_aside(path, exc)
        return Store.open(path), _joined(log, warning)


def open_reader(path: Path | None = None) -> tuple[Store, str | None]:
    """The store for reading only: nothing is created or written, so a read-only data dir is
    fine.  A missing store reads as an empty one; damage is moved aside as `open_store`
    does.  Raises StoreError (one line) when the store cannot be read."""
    if path is None:
        from kzreader import locations

        path = locations.store_file()
    warning = set_log_aside(path)
    if path.exists():
        try:
            store = Store.open(path, create=False, readonly=True)
        except StoreDamaged as exc:
            warning = _joined(warning, set_aside(path, exc, "the next write starts a new store"))
        else:
            if not store.empty:
                return store, warning
            store.close()
    blank = sqlite3.connect(":memory:", check_same_thread=False)
    blank.executescript(_SCHEMA)
    return Store(path, blank), warning


def read_rows(path: Path) -> tuple[list[StoredRow], list[str]]:
    """Every stored article of the store at ``path``, read-only, plus one-line problems.
    A missing store is no articles; a damaged one raises StoreDamaged."""
    if not path.exists():
        return [], []
    store = Store.open(path, create=False, readonly=True)
    if store.empty:
        store.close()
        return [], []
    try:
        rows: list[StoredRow] = []
        problems: list[str] = []
        try:
            for item in store.rows():
                if isinstance(item, str):
                    problems.append(item)
                else:
                    rows.append(item)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _is_damage(exc):
                raise StoreError(f"{path}: cannot read the web store: {exc}") from None
            raise StoreDamaged(f"{path}: not a readable web store ({exc})") from None
        return rows, problems
    finally:
        store.close()
