"""The stored grouping: one SQLite file per library in the cache dir, checked before it is trusted.

``<cache>/stories/<sources key>/stories.sqlite3`` holds what an incremental update needs (each
article's vector and entity features, the inverted index, the similar pairs, document
frequencies and how often each term is written with a capital) and what opening
needs (each article's sha256 and story; each story's title, copy groups and similar pairs).

* A full build is written to a temporary file in the same folder and moved over the store with
  ``os.replace``: readers see the old grouping or the new one, never half of either.
* Incremental updates are one SQLite transaction each.
* Writers (builds and updates) take a file lock beside the store, so two processes never write
  at once; the second waits and then finds the store current.
* Opening reads one row: the *snapshot* (every article's sha256 and every story, as JSON) with
  its sha256, written in the same transaction as the tables it summarises.  A store that is
  missing tables, is not SQLite, is truncated, is from another version or whose snapshot fails
  its hash is damaged and is rebuilt (the caller shows one warning), never trusted; the tables
  an update reads raise SQLite errors when damaged, and that too rebuilds.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import sqlite3
import tempfile
import time
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kzreader import locations
from kzreader.library import Library
from kzreader.stories.model import Story
from kzreader.stories.templates import Entities

#: Bump when the format or the grouping's meaning changes: older stores are rebuilt.  (Vectors
#: live in their own table so that opening scans only small rows.)
VERSION = 6
FILE = "stories.sqlite3"
LOCK = "stories.lock"
#: How long a writer waits for another process's lock (a cold build of 20k articles is ~1 min).
LOCK_TIMEOUT = 300.0

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE, df INTEGER NOT NULL,
    caps INTEGER NOT NULL, lows INTEGER NOT NULL);
CREATE TABLE articles (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sha TEXT NOT NULL, day REAL,
    story TEXT NOT NULL, top TEXT NOT NULL);
CREATE TABLE vectors (row INTEGER PRIMARY KEY, cols BLOB NOT NULL, weights BLOB NOT NULL);
CREATE TABLE features (row INTEGER PRIMARY KEY, flags BLOB NOT NULL, names BLOB NOT NULL,
    mentions BLOB NOT NULL, figures BLOB NOT NULL, recurring BLOB NOT NULL,
    specific INTEGER NOT NULL, conflicting REAL NOT NULL);
CREATE TABLE postings (tid INTEGER NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (tid, row))
    WITHOUT ROWID;
CREATE TABLE edges (a INTEGER NOT NULL, b INTEGER NOT NULL, s REAL NOT NULL, PRIMARY KEY (a, b))
    WITHOUT ROWID;
CREATE INDEX edges_b ON edges (b);
CREATE INDEX articles_story ON articles (story);
CREATE TABLE snapshot (id INTEGER PRIMARY KEY CHECK (id = 0), data BLOB NOT NULL,
    digest TEXT NOT NULL);
CREATE TABLE stories (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, members TEXT NOT NULL, outlets TEXT NOT NULL,
    first TEXT, last TEXT, copies TEXT NOT NULL, pairs TEXT NOT NULL);
"""


def ids_blob(values: Iterable[int]) -> bytes:
    return array("i", sorted(values)).tobytes()


def ids_of(blob: bytes) -> frozenset[int]:
    values = array("i")
    values.frombytes(blob)
    return frozenset(values)


FEATURES = "row, flags, names, mentions, figures, recurring, specific, conflicting"


def features_row(row: int, flags: bytes, node: Entities) -> tuple[object, ...]:
    """A `features` row: the term flags (uint8, in the order of the row's body columns) and what
    the template checks read (`templates.Entities`; the day is the article's)."""
    return (
        row,
        flags,
        ids_blob(node.names),
        ids_blob(node.mentions),
        ids_blob(node.figures),
        ids_blob(node.recurring),
        int(node.specific),
        node.conflicting,
    )


def entities_of(
    names: bytes,
    mentions: bytes,
    figures: bytes,
    recurring: bytes,
    specific: int,
    conflicting: float,
    day: float | None,
) -> Entities:
    """A `features` row (without its row and flags) and the article's day, as the checks read it."""
    return Entities(
        ids_of(names), ids_of(mentions), bool(specific), day, ids_of(figures), ids_of(recurring),
        float(conflicting),
    )  # fmt: skip


class StoreDamaged(Exception):
    """The store exists but cannot be trusted; the message says why."""


def folder_for(library: Library) -> Path:
    return locations.cache_dir() / "stories" / locations.sources_key(library.sources)


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


@dataclass
class Snapshot:
    """What opening reads: each article's sha256 (its first `SHA_CHARS` hex digits), the
    stories by id, and each story as stored (so an update rewrites only what changed)."""

    shas: dict[str, str]
    stories: dict[str, Story]
    rows: dict[str, list[object]]
    generation: str


#: Hex digits of an article's sha256 the snapshot keeps (64 bits tell a changed file).
SHA_CHARS = 16


def short_sha(sha: str) -> str:
    return sha[:SHA_CHARS]


def story_row(s: Story) -> list[object]:
    return [
        s.id, s.title, list(s.articles), list(s.outlets),
        s.first.isoformat() if s.first else None, s.last.isoformat() if s.last else None,
        [list(c) for c in s.copies],
    ]  # fmt: skip


def write_snapshot(
    conn: sqlite3.Connection, shas: dict[str, str], rows: Iterable[list[object]]
) -> None:
    """Store the snapshot: ``shas`` as `short_sha` gives them, ``rows`` from `story_row`."""
    data = json.dumps(
        {"shas": shas, "stories": list(rows)},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    conn.execute(
        "INSERT OR REPLACE INTO snapshot (id, data, digest) VALUES (0, ?, ?)",
        (data, hashlib.sha256(data).hexdigest()),
    )
    write_meta(conn, generation=new_generation())


def encode_members(members: Iterable[str]) -> str:
    return "\n".join(members)  # ids are one line each (safetext.one_line)


#: Outlets are joined with the unit separator, a control character no sanitised text keeps.
SEPARATOR = "\x1f"


def encode_outlets(outlets: Iterable[str]) -> str:
    return SEPARATOR.join(outlets)


def encode_copies(copies: Iterable[Iterable[str]]) -> str:
    listed = [list(c) for c in copies]
    return json.dumps(listed) if listed else ""


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: parsing a snapshot makes ~100k containers that
    all stay alive, and in a process already holding a big library each collection they
    trigger walks everything (measured: 150-400 ms per open in bench_stories)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_snapshot(path: Path, settings: str) -> Snapshot:
    """Read and check the store; raises `StoreDamaged` (or FileNotFoundError)."""
    if not path.is_file():
        raise FileNotFoundError(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0)
    except sqlite3.Error as exc:
        raise StoreDamaged(f"it could not be opened ({exc})") from exc
    try:
        with no_collection():
            return _read(conn, settings)
    except sqlite3.Error as exc:
        raise StoreDamaged(f"it was damaged ({type(exc).__name__}: {exc})") from exc
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise StoreDamaged(f"it was damaged ({type(exc).__name__}: {exc})") from exc
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, settings: str) -> Snapshot:
    meta = read_meta(conn)
    if meta.get("version") != str(VERSION):
        raise StoreDamaged(
            f"it was written by another version of kzreader (format {meta.get('version')}, "
            f"not {VERSION})"
        )
    if meta.get("settings") != settings:
        raise StoreDamaged("it was written with other grouping settings")
    found = conn.execute("SELECT data, digest FROM snapshot WHERE id = 0").fetchone()
    if found is None:
        raise StoreDamaged("it was damaged (no snapshot)")
    data, digest = found
    if hashlib.sha256(data).hexdigest() != digest:
        raise StoreDamaged("it was damaged (its snapshot does not match its hash)")
    document = json.loads(data)
    parse = datetime.fromisoformat
    stories = {}
    rows = {}
    for row in document["stories"]:
        sid, title, members, outlets, first, last, copies = row
        rows[sid] = row
        stories[sid] = Story(
            sid,
            title,
            tuple(members),
            tuple(outlets),
            parse(first) if first else None,
            parse(last) if last else None,
            tuple(map(tuple, copies)),
        )
    shas = document["shas"]
    if sum(len(s.articles) for s in stories.values()) != len(shas):
        raise StoreDamaged("it was damaged (its stories and articles disagree)")
    return Snapshot(shas, stories, rows, meta["generation"])


def read_generation(path: Path) -> str | None:
    """The store's generation (changes with every write), or None when it cannot be read."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0)
        try:
            return read_meta(conn).get("generation")
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def read_pairs(path: Path, story: str) -> str:
    """One story's similar pairs as JSON ("[]" when the store no longer has it)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0)
        try:
            found = conn.execute("SELECT pairs FROM stories WHERE id = ?", (story,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return "[]"
    return found[0] if found else "[]"


def write_meta(conn: sqlite3.Connection, **values: object) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        [(k, str(v)) for k, v in values.items()],
    )


def new_generation() -> str:
    return os.urandom(8).hex()


@contextlib.contextmanager
def new_store(folder: Path) -> Iterator[sqlite3.Connection]:
    """A fresh store in a temporary file, moved over the store when the block succeeds.

    Called with the `WriteLock` held, so any other temporary file here is a killed writer's
    and is removed.  SQLite's I/O failures (a full or read-only cache dir) raise `OSError`,
    like the file system's own."""
    folder.mkdir(parents=True, exist_ok=True)
    for left in folder.glob(".stories-*.tmp*"):
        left.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".stories-", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        conn = connect(tmp_path)
        try:
            conn.executescript(SCHEMA)
            conn.execute("BEGIN")
            yield conn
            conn.execute("COMMIT")
        finally:
            conn.close()
        with tmp_path.open("rb+") as handle:
            os.fsync(handle.fileno())
        tmp_path.replace(folder / FILE)
    except sqlite3.OperationalError as exc:
        raise OSError(str(exc)) from exc
    finally:
        tmp_path.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)


class WriteLock:
    """An exclusive file lock (Whoosh's: fcntl/msvcrt; a killed holder releases it)."""

    def __init__(self, folder: Path) -> None:
        from whoosh.filedb.filestore import FileStorage

        folder.mkdir(parents=True, exist_ok=True)
        os.close(os.open(folder / LOCK, os.O_WRONLY | os.O_CREAT, 0o644))  # OSError: read-only
        self._lock = FileStorage(str(folder)).lock(LOCK)
        self.held = False

    def acquire(self, timeout: float = LOCK_TIMEOUT) -> bool:
        deadline = time.monotonic() + timeout
        while not self._lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        self.held = True
        return True

    def release(self) -> None:
        if self.held:
            self._lock.release()
            self.held = False

    def __enter__(self) -> WriteLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def discard(folder: Path) -> None:
    """Remove a damaged store (and its journal) so it can be written anew."""
    for name in (FILE, f"{FILE}-journal"):
        (folder / name).unlink(missing_ok=True)
