"""The library cache's file format.

One file per set of source folders (`locations.library_cache_file`), never changed in place: a
new version is written to a temporary file beside it and renamed over it, so a reader always
sees one whole version, and a process that has a version open keeps reading that one (its
inode) while another process replaces it.  Layout, little-endian:

    magic        8 bytes
    key length   u16, then the key (ASCII): `cache.cleaner_key`, the format and cleaner version
    meta length  u64, meta CRC-32 u32, bodies length u64
    meta         marshal: {folder: `Folder` (listing digest, discover()'s files and warnings,
                 the ids' prefix, and the columns of a `Table`: one row per file)}
    bodies       one per article, marshal of its paragraphs (or of (text, paragraphs) when the
                 text is not the paragraphs joined by blank lines), each with its own CRC-32

The meta is read and checked whole when the file is opened (its length, the file's length and
its CRC); a body only when its article's text is first asked for (`lazyarticle`), checked
against its own CRC.  A body that fails its check is read again from the article's file.
marshal is fast to read, but no defence against a file crafted to harm: the cache dir is the
user's own, trusted like the search index (whose table of contents Whoosh unpickles).
"""

from __future__ import annotations

import marshal
import os
import struct
import tempfile
import threading
import weakref
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kzreader.library.article import Article

MAGIC = b"KZLIB\x00\r\n"
_HEAD = struct.Struct("<8sH")
_META = struct.Struct("<QIQ")
MARSHAL_VERSION = 4

# An entry, per file: (stat, settled, sha256, kind, ...).  ``stat`` is the file's
# (size, mtime_ns, ctime_ns, inode, mode) when it was read (`stat_key`), ``settled`` whether that
# stat can be trusted alone (see `cache.RACY_NS`), ``sha256`` the hex digest of its bytes (None
# for a skipped file).  Kind "a": then the article's id, outlet, notes, details (title,
# published, byline, captions, encoding, url, feed) and body (offset, length, CRC, own text).
# Kind "s": then why the file is skipped.
STAT, SETTLED, SHA, KIND = range(4)
A_ID, A_OUTLET, A_NOTES, A_DETAILS, A_BODY = range(4, 9)
S_MESSAGE = 4
ARTICLE_LEN, SKIP_LEN = 9, 5


def stat_key(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """What an entry keeps of a file's stat, and compares (git's choice, less the device and
    owner: a device number can change across reboots, an owner change also changes ctime).
    Each a signed 64-bit number (an inode past 2**63 is read as its two's complement)."""
    ino = st.st_ino
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, ino - (ino >> 63 << 64), st.st_mode


class CacheDamaged(Exception):
    """The cache file cannot be used; the message says why."""


class CacheForeign(Exception):
    """The cache file was written by another format or cleaner version."""


class Uncacheable(Exception):
    """A value this format does not store (the article is cleaned again on each load)."""


# --- published ------------------------------------------------------------------------------


def encode_published(value: datetime | None) -> tuple[Any, ...] | None:
    """``published`` as marshal-able data that gives back an equal datetime with the same zone
    object kind and name (`timezone` with its name, or `ZoneInfo` by key)."""
    if value is None:
        return None
    if type(value) is not datetime:
        raise Uncacheable(f"published is a {type(value).__name__}")
    tz = value.tzinfo
    zone: tuple[Any, ...] | None
    if tz is None:
        zone = None
    elif type(tz) is timezone:
        args = tz.__getinitargs__()  # type: ignore[attr-defined]  # (offset,) or (offset, name)
        offset = args[0]
        zone = ("f", offset.days, offset.seconds, offset.microseconds, *args[1:])
    elif type(tz) is ZoneInfo and tz.key is not None and ZoneInfo(tz.key) is tz:
        zone = ("z", tz.key)
    else:
        raise Uncacheable(f"published has a {type(tz).__name__} zone")
    return (
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        value.fold,
        zone,
    )


def decode_published(data: Any, zones: dict[Any, tzinfo | None]) -> datetime | None:
    """The datetime `encode_published` stored; ``zones`` keeps one zone object per kind."""
    if data is None:
        return None
    year, month, day, hour, minute, second, micro, fold, zone = data
    tz = zones.get(zone, _MISSING) if zone is not None else None
    if tz is _MISSING:
        if zone[0] == "f":
            offset = timedelta(days=zone[1], seconds=zone[2], microseconds=zone[3])
            tz = timezone(offset, *zone[4:])
        elif zone[0] == "z":
            tz = ZoneInfo(zone[1])
        else:
            raise ValueError(f"unknown zone kind {zone[0]!r}")
        zones[zone] = tz
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz, fold=fold)


_MISSING: Any = object()


# --- bodies ---------------------------------------------------------------------------------


def encode_body(article: Article) -> bytes:
    """The body's bytes: the paragraphs, with the text too when it is not them joined."""
    paragraphs = tuple(article.paragraphs)
    if article.text == "\n\n".join(paragraphs):
        return marshal.dumps(paragraphs, MARSHAL_VERSION)
    return marshal.dumps((article.text, paragraphs), MARSHAL_VERSION)


def decode_body(data: bytes, own_text: bool) -> tuple[str, tuple[str, ...]]:
    value = marshal.loads(data)
    if own_text:
        text, paragraphs = value
    else:
        paragraphs, text = value, "\n\n".join(value)
    if not isinstance(text, str) or not isinstance(paragraphs, tuple):
        raise ValueError("not an article body")
    return text, paragraphs


# --- a folder's entries ----------------------------------------------------------------------

_COLUMNS = ("stat", "settled", "kind", "sha", "id", "outlet", "notes", "details", "message", "body")
_STAT_WIDTH, _BODY_WIDTH = 5, 4
_NO_STAT, _NO_BODY = (0,) * _STAT_WIDTH, (0,) * _BODY_WIDTH


class Table:
    """One folder's entries as columns, a row per file in ``rels`` order: marshal reads a few
    long columns ~5x faster than as many short tuples (6 against 30 ms at 20,941 files), the
    stats compare in one go, and unchanged articles are made straight from the columns.

    Columns: ``stat`` and ``body`` are 64-bit arrays (5 and 4 numbers a row: `stat_key`; offset,
    length, CRC, own text), ``settled`` bytes (0/1), ``kind`` a str ("a" article, "s" skipped,
    "-" no entry), the rest tuples (None where a row has no such value)."""

    def __init__(self, columns: Any, rows: int) -> None:
        """Raises ValueError, TypeError or KeyError when the columns do not fit together."""
        self.rows = rows
        self.stat_bytes: bytes = columns["stat"]
        self.stat = array("q")
        self.stat.frombytes(self.stat_bytes)
        self.body = array("q")
        self.body.frombytes(columns["body"])
        self.settled: bytes = columns["settled"]
        self.kind: str = columns["kind"]
        self.sha: tuple[str | None, ...] = columns["sha"]
        self.id: tuple[str | None, ...] = columns["id"]
        self.outlet: tuple[str | None, ...] = columns["outlet"]
        self.notes: tuple[tuple[str, ...] | None, ...] = columns["notes"]
        self.details: tuple[tuple[Any, ...] | None, ...] = columns["details"]
        self.message: tuple[str | None, ...] = columns["message"]
        if (
            len(self.stat) != _STAT_WIDTH * rows
            or len(self.body) != _BODY_WIDTH * rows
            or type(self.settled) is not bytes
            or type(self.kind) is not str
            or len(self.settled) != rows
            or len(self.kind) != rows
            or any(
                type(c) is not tuple or len(c) != rows
                for c in (self.sha, self.id, self.outlet, self.notes, self.details, self.message)
            )
        ):
            raise ValueError("columns of unequal length")
        #: every row an entry, every stat settled, and the largest file's size
        self.complete = "-" not in self.kind and 0 not in self.settled
        self.largest = max(self.stat[0::_STAT_WIDTH], default=0)

    def entry(self, i: int) -> tuple[Any, ...] | None:
        """Row ``i`` as an entry tuple (see STAT...), or None when it has none."""
        kind = self.kind[i]
        if kind == "-":
            return None
        key = tuple(self.stat[_STAT_WIDTH * i : _STAT_WIDTH * (i + 1)])
        head = (key, bool(self.settled[i]), self.sha[i], kind)
        if kind == "s":
            return (*head, self.message[i])
        if kind != "a":
            raise ValueError(f"unknown entry kind {kind!r}")
        body = tuple(self.body[_BODY_WIDTH * i : _BODY_WIDTH * (i + 1)])
        return (*head, self.id[i], self.outlet[i], self.notes[i], self.details[i], body)

    def entries(self, rels: tuple[str, ...]) -> dict[str, tuple[Any, ...]]:
        """Every row that has an entry, by relative path."""
        kept = {}
        for i, rel in enumerate(rels):
            entry = self.entry(i)
            if entry is not None:
                kept[rel] = entry
        return kept

    @staticmethod
    def columns(rels: tuple[str, ...], entries: dict[str, tuple[Any, ...]]) -> dict[str, Any]:
        """The columns of these entries (rows in ``rels`` order), to write."""
        stat, body, settled = array("q"), array("q"), bytearray()
        kind: list[str] = []
        rest: dict[str, list[Any]] = {name: [] for name in _COLUMNS[3:-1]}
        for rel in rels:
            entry = entries.get(rel)
            if entry is None:
                kind.append("-")
                stat.extend(_NO_STAT)
                body.extend(_NO_BODY)
                settled.append(0)
                row: tuple[Any, ...] = (None,) * 6
            else:
                kind.append(entry[KIND])
                stat.extend(entry[STAT])
                settled.append(1 if entry[SETTLED] else 0)
                if entry[KIND] == "a":
                    body.extend(int(v) for v in entry[A_BODY])
                    row = (entry[SHA], *entry[A_ID:A_BODY], None)
                else:
                    body.extend(_NO_BODY)
                    row = (entry[SHA], None, None, None, None, entry[S_MESSAGE])
            for name, value in zip(rest, row, strict=True):
                rest[name].append(value)
        return {
            "stat": stat.tobytes(),
            "settled": bytes(settled),
            "kind": "".join(kind),
            **{name: tuple(values) for name, values in rest.items()},
            "body": body.tobytes(),
        }


@dataclass
class Folder:
    """One source folder in the cache: the digest of its listing (and whether it can stand in
    for `discover()`), what `discover()` found (``rels``, relative paths) and warned about
    (``warned``: relative path or ".", message), the prefix of its ids, and its rows: a `Table`
    as read, or entries by relative path as a load makes them."""

    digest: bytes
    usable: bool
    rels: tuple[str, ...]
    warned: tuple[tuple[str, str], ...]
    prefix: str
    rows: Table | dict[str, tuple[Any, ...]]

    @classmethod
    def load(cls, data: Any) -> Folder:
        """From the meta; raises ValueError, TypeError, KeyError, AttributeError on nonsense."""
        digest, usable, rels, warned, prefix, columns = data
        if type(rels) is not tuple or type(warned) is not tuple or type(prefix) is not str:
            raise TypeError("not a folder")
        return cls(digest, bool(usable), rels, warned, prefix, Table(columns, len(rels)))

    def dump(self, entries: dict[str, tuple[Any, ...]]) -> tuple[Any, ...]:
        """For the meta, with these entries as its rows."""
        columns = Table.columns(self.rels, entries)
        return (self.digest, self.usable, self.rels, self.warned, self.prefix, columns)


# --- reading --------------------------------------------------------------------------------

_SEEK_LOCK = threading.Lock()


def _pread(fd: int, length: int, offset: int) -> bytes:
    """``os.pread``; where there is none (Windows), a seek and a read under one lock."""
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    with _SEEK_LOCK:
        os.lseek(fd, offset, os.SEEK_SET)
        return os.read(fd, length)


class Snapshot:
    """One version of the cache file, open for reading bodies (`os.pread`: thread-safe, and a
    file cut short under us reads short, which the body's CRC catches, instead of a SIGBUS)."""

    def __init__(self, path: Path, fd: int, folders: dict[str, Folder], start: int, size: int):
        self.path = path
        self.folders = folders
        self._fd = fd
        self._start = start
        self._size = size
        self._close = weakref.finalize(self, os.close, fd)

    @classmethod
    def open(cls, path: Path, key: str) -> Snapshot:
        """Open and check ``path``.  Raises FileNotFoundError (no cache yet), `CacheForeign`,
        `CacheDamaged`, or another OSError (unreadable)."""
        flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        try:
            return cls._read(path, fd, key)
        except BaseException:
            os.close(fd)
            raise

    @classmethod
    def _read(cls, path: Path, fd: int, key: str) -> Snapshot:
        size = os.fstat(fd).st_size
        head = _pread(fd, _HEAD.size, 0)
        if len(head) < _HEAD.size:
            raise CacheDamaged(f"cut short ({size} bytes)")
        magic, key_len = _HEAD.unpack(head)
        if magic != MAGIC:
            raise CacheDamaged("not a kzreader library cache")
        stored_key = _pread(fd, key_len, _HEAD.size)
        if stored_key != key.encode("ascii"):
            raise CacheForeign("written by another version of kzreader")
        at = _HEAD.size + key_len
        lengths = _pread(fd, _META.size, at)
        if len(lengths) < _META.size:
            raise CacheDamaged("cut short")
        meta_len, meta_crc, bodies_len = _META.unpack(lengths)
        start = at + _META.size + meta_len
        if start + bodies_len != size:
            raise CacheDamaged(f"{size} bytes where {start + bodies_len} were written")
        meta = _pread(fd, meta_len, at + _META.size)
        if len(meta) != meta_len or zlib.crc32(meta) != meta_crc:
            raise CacheDamaged("checksum mismatch")
        try:
            folders = marshal.loads(meta)
        except (ValueError, EOFError, TypeError) as exc:
            raise CacheDamaged(f"unreadable ({exc})") from None
        try:
            tables = {key: Folder.load(data) for key, data in folders.items()}
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise CacheDamaged(f"unexpected layout ({type(exc).__name__})") from None
        return cls(path, fd, tables, start, bodies_len)

    def body(self, offset: int, length: int, crc: int) -> bytes | None:
        """A body's bytes, or None when they are not what was written."""
        if offset < 0 or length < 0 or offset + length > self._size or not self._close.alive:
            return None
        try:
            data = _pread(self._fd, length, self._start + offset)
        except OSError:
            return None
        return data if len(data) == length and zlib.crc32(data) == crc else None

    def raw(self, offset: int, length: int) -> bytes:
        """Bytes of the body section, for copying unchanged bodies into the next version."""
        return _pread(self._fd, length, self._start + offset)

    def close(self) -> None:
        self._close()


# --- writing --------------------------------------------------------------------------------


class SnapshotWriter:
    """Collects bodies (new, or unchanged ones copied from the previous version in runs) and
    writes the next version atomically."""

    def __init__(self) -> None:
        self._chunks: list[bytes | tuple[Snapshot, int, int]] = []
        self.size = 0

    def add(self, data: bytes) -> int:
        """Append a new body; its offset."""
        offset = self.size
        self._chunks.append(data)
        self.size += len(data)
        return offset

    def copy(self, source: Snapshot, offset: int, length: int) -> int:
        """Append a body of ``source`` unchanged; its offset in the new version."""
        at = self.size
        last = self._chunks[-1] if self._chunks else None
        if isinstance(last, tuple) and last[0] is source and last[1] + last[2] == offset:
            self._chunks[-1] = (source, last[1], last[2] + length)  # one run: one read
        else:
            self._chunks.append((source, offset, length))
        self.size += length
        return at

    def write(self, path: Path, key: str, folders: dict[str, Any]) -> None:
        """Write ``folders`` and the bodies to ``path``: a temporary file, then a rename."""
        meta = marshal.dumps(folders, MARSHAL_VERSION)
        key_bytes = key.encode("ascii")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kzlib-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_HEAD.pack(MAGIC, len(key_bytes)) + key_bytes)
                out.write(_META.pack(len(meta), zlib.crc32(meta), self.size))
                out.write(meta)
                for chunk in self._chunks:
                    out.write(chunk if isinstance(chunk, bytes) else _copy(*chunk))
            Path(tmp).replace(path)
        finally:
            Path(tmp).unlink(missing_ok=True)


def _copy(source: Snapshot, offset: int, length: int) -> bytes:
    data = source.raw(offset, length)
    if len(data) != length:  # the old version was cut short under us: keep the length, and
        data = data.ljust(length, b"\0")  # let those bodies fail their CRC and be re-read
    return data


def remove_stale_temporaries(folder: Path, older_than: float) -> None:
    """Temporary files that a killed process left behind (not another's write in progress)."""
    import time

    limit = time.time() - older_than
    for tmp in folder.glob(".kzlib-*.tmp"):
        try:
            if tmp.stat().st_mtime < limit:
                tmp.unlink()
        except FileNotFoundError:
            continue


def article_entry(
    key: tuple[int, ...], settled: bool, article: Article, notes: Iterable[str], body: bytes
) -> tuple[Any, ...]:
    """A kind "a" entry for ``article`` (body offset and CRC filled in by the writer).
    Raises `Uncacheable`."""
    own_text = article.text != "\n\n".join(article.paragraphs)
    details = (
        article.title,
        encode_published(article.published),
        article.byline,
        tuple(article.captions),
        article.encoding,
        article.url,
        article.feed,
    )
    entry = (
        key,
        settled,
        article.sha256,
        "a",
        article.id,
        article.outlet,
        tuple(notes),
        details,
        (0, len(body), 0, own_text),
    )
    try:
        marshal.dumps(entry, MARSHAL_VERSION)
    except ValueError as exc:  # a str subclass or another type marshal does not keep
        raise Uncacheable(str(exc)) from None
    return entry
