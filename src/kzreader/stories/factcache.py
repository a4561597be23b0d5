"""Each story's facts, kept in the cache dir so that an unchanged story is read, not computed
again (`kzreader facts` run twice, the reader's disputed-fact counts, `f` on a story).

``<cache>/stories/<sources key>/facts.sqlite3``: one row per story, keyed by a sha256 over
everything the facts could depend on: the facts engine itself (the bytes of every file of the
``kzreader.facts`` package and the Python version), the facts config, and each report of the
story in order (every field of its `Article`: id, title, dates, clean text...) with its source
group.  A change to any of them is another key: nothing stale is ever read, and nothing needs
invalidating.  Rows of stories that no longer exist are dropped when the whole library's facts
are written.

The value is the facts as JSON, every field of `Fact` and `Claim`.  A file that is not SQLite,
or a row that does not decode, is removed (the caller says so once) and the facts are computed.
When the engine's files cannot be read (no package directory) or the cache dir is not writable,
nothing is cached.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kzreader.library import Article, Library
from kzreader.stories import store

if TYPE_CHECKING:
    from kzreader.config import FactsConfig
    from kzreader.facts import Fact

FILE = "facts.sqlite3"
#: Bump when what a row holds changes.
VERSION = 1


class CacheDamaged(Exception):
    """The facts cache cannot be read; the message says why."""


@lru_cache(maxsize=1)
def engine_fingerprint() -> str | None:
    """sha256 over every file of the facts package (and the Python version); None when the
    package's files cannot be read (then nothing is cached)."""
    import kzreader.facts

    root = Path(kzreader.facts.__file__).parent
    digest = hashlib.sha256(f"{VERSION}\n{sys.version}\n".encode())
    try:
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest() if files else None


def _article_key(article: Article) -> str:
    fields = [repr(getattr(article, f.name)) for f in dataclasses.fields(article)]
    return hashlib.sha256("\0".join(fields).encode("utf-8", "surrogatepass")).hexdigest()


def story_key(
    articles: Iterable[Article], groups: Mapping[str, str], config: FactsConfig | None
) -> str | None:
    """The row key of a story's facts (None when nothing can be cached)."""
    engine = engine_fingerprint()
    if engine is None:
        return None
    parts = [engine, repr(config)]
    parts += [f"{_article_key(a)}:{groups.get(a.id, a.id)}" for a in articles]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


# --- facts as JSON --------------------------------------------------------------------------------


def encode(facts: Iterable[Fact]) -> str:
    return json.dumps(
        [[f.label, str(f.verdict), f.reason, [dataclasses.astuple(c) for c in f.claims]]
         for f in facts],
        ensure_ascii=False, separators=(",", ":"),
    )  # fmt: skip


def decode(data: str) -> tuple[Fact, ...]:
    from kzreader.facts import Claim, Fact, Kind, Verdict

    names = [f.name for f in dataclasses.fields(Claim)]
    out = []
    for label, verdict, reason, claims in json.loads(data):
        records = []
        for values in claims:
            fields = dict(zip(names, values, strict=True))
            fields["kind"] = Kind(fields["kind"])
            records.append(Claim(**fields))
        out.append(Fact(label, Verdict(verdict), reason, tuple(records)))
    return tuple(out)


# --- the file -------------------------------------------------------------------------------------


class FactCache:
    """The facts cache of one library; every method is a no-op once the file proved unusable."""

    def __init__(self, library: Library) -> None:
        self.path = store.folder_for(library) / FILE
        self.warning: str | None = None
        self._usable = engine_fingerprint() is not None

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if not self._usable or (not create and not self.path.is_file()):
            return None
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.path.touch(mode=0o600)  # article text: readable by its owner only
            conn = sqlite3.connect(self.path, timeout=30.0)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, data TEXT NOT NULL)"
            )
        except (OSError, sqlite3.Error) as exc:
            self._give_up(exc)
            return None
        return conn

    def _give_up(self, exc: BaseException) -> None:
        """A damaged file is removed (facts are computed instead); an unwritable dir is left."""
        self._usable = False
        damaged = isinstance(exc, CacheDamaged) or (
            isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
        )  # "not a database", "malformed"; an OperationalError (locked, unwritable) is no damage
        if damaged:
            self.warning = f"removed the facts cache: it was damaged ({exc})"
            self.path.unlink(missing_ok=True)
        else:
            self.warning = f"cannot keep the facts cache: {exc}"

    def get(self, keys: Iterable[str]) -> dict[str, tuple[Fact, ...]]:
        """The cached facts of these keys (those found)."""
        wanted = list(dict.fromkeys(keys))
        conn = self._connect(create=False)
        if conn is None or not wanted:
            return {}
        found: dict[str, tuple[Fact, ...]] = {}
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT key, data FROM facts WHERE key IN ({marks})", chunk)
                for key, data in rows:
                    found[key] = decode(data)
        except (sqlite3.Error, ValueError, TypeError, KeyError) as exc:
            found = {}
            conn.close()
            self._give_up(CacheDamaged(f"{type(exc).__name__}: {exc}"))
            return found
        conn.close()
        return found

    def _stale(self, keep: set[str]) -> bool:
        """Whether the file holds a row whose key is not in ``keep``."""
        conn = self._connect(create=False)
        if conn is None:
            return False
        try:
            return any(key not in keep for (key,) in conn.execute("SELECT key FROM facts"))
        except sqlite3.Error as exc:
            self._give_up(CacheDamaged(f"{type(exc).__name__}: {exc}"))
            return False
        finally:
            conn.close()

    def put(self, rows: Mapping[str, tuple[Fact, ...]], keep: Iterable[str] | None = None) -> None:
        """Store these stories' facts; with ``keep`` (every current key: the library's whole
        set of stories was read), drop every row not in it.  Nothing to add and nothing stale
        writes nothing (a read-only cache dir then stays quiet)."""
        if not rows and (keep is None or not self._stale(set(keep))):
            return
        conn = self._connect(create=True)
        if conn is None:
            return
        try:
            with conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO facts (key, data) VALUES (?, ?)",
                    ((k, encode(v)) for k, v in rows.items()),
                )
                if keep is not None:
                    conn.execute("CREATE TEMP TABLE keep (key TEXT PRIMARY KEY)")
                    conn.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in keep))
                    conn.execute("DELETE FROM facts WHERE key NOT IN (SELECT key FROM keep)")
        except sqlite3.Error as exc:
            self._give_up(exc)
        finally:
            conn.close()
