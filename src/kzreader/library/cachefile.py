"""The library cache's file format, and the articles read back from it.

One file per set of source folders (`locations.library_cache_file`), never changed in place: a
new version is written to a temporary file beside it and renamed over it, so a reader always
sees one whole version, and a process that has a version open keeps reading that one (its
inode) while another process replaces it.  Layout, little-endian:

    magic        8 bytes
    key length   u16, then the key (ASCII): `cache.cleaner_key`, the format and cleaner version
    meta length  u64, meta CRC-32 u32, bodies length u64
    meta         marshal: {folder: (listing digest, listing usable, rel paths, {rel: entry})}
    bodies       one per article, marshal of its paragraphs (or of (text, paragraphs) when the
                 text is not the paragraphs joined by blank lines), each with its own CRC-32

The meta is read and checked whole when the file is opened (its length, the file's length and
its CRC); a body only when its article's text is first asked for (`LazyArticle`), checked
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
from collections.abc import Iterable
from dataclasses import fields
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
    owner: a device number can change across reboots, an owner change also changes ctime)."""
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_mode


FIELD_NAMES = tuple(f.name for f in fields(Article))
_EQ_ORDER = (
    "id",
    "sha256",
    *(n for n in FIELD_NAMES if n not in ("id", "sha256", "path", "text", "paragraphs")),
    "path",
    "paragraphs",
    "text",
)


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

    def __init__(self, path: Path, fd: int, folders: dict[str, Any], start: int, size: int):
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
        if not isinstance(folders, dict) or not all(
            isinstance(v, tuple) and len(v) == 4 and isinstance(v[3], dict)
            for v in folders.values()
        ):
            raise CacheDamaged("unexpected layout")
        return cls(path, fd, folders, start, bodies_len)

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


# --- articles -------------------------------------------------------------------------------


class LazyArticle(Article):
    """An `Article` from the cache: every field but ``path``, ``text`` and ``paragraphs`` is
    read with the library; those three are made when first used, so a command that needs a
    few articles' text reads only those.  It equals, and hashes like, the `Article` that
    cleaning the file gives; pickled or copied it becomes that plain `Article`."""

    # Not a dataclass of its own: Article's fields, __init__ and __repr__ apply.  Article's
    # frozen __init__ (used by dataclasses.replace) sets these through the setters.

    @property  # type: ignore[override]
    def path(self) -> Path:
        d = self.__dict__
        path = d.get("path")
        if path is None:
            path = d["path"] = d["_dir"] / d["_name"]
        return path  # type: ignore[no-any-return]

    @path.setter
    def path(self, value: Path) -> None:
        self.__dict__["path"] = value

    @property  # type: ignore[override]
    def text(self) -> str:
        d = self.__dict__
        return d["text"] if "text" in d else self._load()[0]  # type: ignore[no-any-return]

    @text.setter
    def text(self, value: str) -> None:
        self.__dict__["text"] = value

    @property  # type: ignore[override]
    def paragraphs(self) -> tuple[str, ...]:
        d = self.__dict__
        return d["paragraphs"] if "paragraphs" in d else self._load()[1]  # type: ignore[no-any-return]

    @paragraphs.setter
    def paragraphs(self, value: tuple[str, ...]) -> None:
        self.__dict__["paragraphs"] = value

    @property
    def file(self) -> str:
        d = self.__dict__
        return d["path"].name if "path" in d else d["_name"]  # type: ignore[no-any-return]

    @property
    def folder(self) -> Path:
        d = self.__dict__
        return d["path"].parent if "path" in d else d["_dir"]  # type: ignore[no-any-return]

    def _load(self) -> tuple[str, tuple[str, ...]]:
        d = self.__dict__
        offset, length, crc, own_text = d["_body"]
        data = d["_snapshot"].body(offset, length, crc)
        body = None
        if data is not None:
            try:
                body = decode_body(data, own_text)
            except (ValueError, EOFError, TypeError):
                body = None
        if body is None:
            body = _recover(self)
        d["paragraphs"], d["text"] = body[1], body[0]
        return body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        if other is self:
            return True
        # field by field, the text last: `current in rows` over a list of articles compares
        # with each until it matches, and must not read every article's text on the way
        return all(getattr(self, name) == getattr(other, name) for name in _EQ_ORDER)

    __hash__ = Article.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (Article, values(self))

    def with_changes(self, **changes: Any) -> Article:
        unknown = changes.keys() - set(FIELD_NAMES)
        if unknown:
            raise TypeError(f"Article has no field {sorted(unknown)[0]!r}")
        copy = object.__new__(LazyArticle)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy


def values(article: Article) -> tuple[Any, ...]:
    """Every field of ``article``, in Article's order."""
    return tuple(getattr(article, name) for name in FIELD_NAMES)


class CacheBodyLost(ValueError):
    """A cached body failed its check and the article's file no longer holds that article."""


def _recover(article: LazyArticle) -> tuple[str, tuple[str, ...]]:
    """The body cleaned again from the file, when the cached one failed its check."""
    from kzreader.library.loader import read_article

    try:
        fresh, _notes = read_article(article.path, max_bytes=1 << 62, article_id=article.id)
    except (ValueError, OSError) as exc:
        raise CacheBodyLost(f"{article.path}: the cached text is damaged and {exc}") from None
    if fresh.sha256 != article.sha256:
        raise CacheBodyLost(
            f"{article.path}: the cached text is damaged and the file has changed since the "
            "library was loaded; load it again"
        )
    return fresh.text, fresh.paragraphs


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
