"""The cleaned library kept in the cache dir, so that opening it again reads no unchanged file.

`LibraryCache` is a `loader.FolderReader`: `load_library` asks it for each folder's files, and
it yields exactly what `loader.read_folder` would (a test compares both field by field), from
the cache where it can.  One cache file per set of source folders
(`locations.library_cache_file`; format in `cachefile`).

Which files: discovering a folder with `discover()` costs ~0.3 s at 20,000 files (pathlib), so
the cache also keeps each folder's listing: every name under it but hidden ones, the kind of
each entry (folder, file, other; a symlink with its target and what that is), and unreadable
subfolders.  When the listing is the same, `discover()` would find the same files and is not
called; any change in it (a file added, deleted, renamed, a folder made or removed) and
`discover()` runs.  This holds while `discover()` depends on names, kinds and hidden parts only
(a symlinked folder anywhere in the tree turns the shortcut off); a change to the loader's code
changes the key below and empties the cache.

Whether a file changed: like git's index, its stat (size, mtime_ns, ctime_ns, inode, mode:
`cachefile.stat_key`) is compared with the one recorded when it was read.  The same stat means
the same content, unless the stat was not *settled* when recorded: a file changed within
`RACY_NS` of being read could change again within the same timestamp tick and keep its stat
("racy git").  Such entries, and entries whose stat differs, are checked by content: the
file's sha256 against the recorded one (same bytes: the cleaned article is reused, only the
stat is updated; otherwise it is cleaned again).  So an edit that keeps size and mtime is
caught by its ctime and inode, or, when the file system lacks them, by the racy check; only an
edit that keeps size, mtime, ctime and inode of a file last changed more than `RACY_NS` before
it was read goes unseen, as in git.  A file over the size limit, and a file that cannot be
read, are never answered from the cache.

Invalidation: the key (`cleaner_key`) is a digest of this format's version, the Python and
marshal versions, and the source of every module of `kzreader.library` and `kzreader.safetext`:
any change to how files are read, cleaned or identified empties the cache, without anyone
having to bump a number.  A cache with another key, or one that is cut short, garbled or
unreadable, is rebuilt with one warning, never used.  Writing is atomic (see `cachefile`), so
concurrent processes each see whole versions and the last writer wins.  A cache dir that
cannot be written: the library loads without caching, with one warning.

``KZREADER_LIBRARY_CACHE=0`` turns the cache off (benchmarks compare both).
"""

from __future__ import annotations

import gc
import hashlib
import os
import stat
import sys
import time
import zlib
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kzreader import locations
from kzreader.library import cachefile as cf
from kzreader.library.article import LoadWarning
from kzreader.library.lazyarticle import LazyArticle
from kzreader.library.loader import SUFFIXES, FileResult, article_id, discover, read_article

#: A stat is settled when the file's mtime and ctime are this much older than the moment the
#: load that read it began (2 s: FAT's mtime granularity; ext4, XFS, APFS keep nanoseconds).
RACY_NS = 2_000_000_000
#: Set to 0/off/no/false to load without the cache.
ENV_SWITCH = "KZREADER_LIBRARY_CACHE"
#: Bump when the file layout or an entry's meaning changes (the sources' digest covers code).
FORMAT = 1

_KEY: str | None = None


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("0", "off", "no", "false")


def cleaner_key() -> str:
    """The digest that a cache must carry to be used (see the module's doc)."""
    global _KEY
    if _KEY is None:
        digest = hashlib.sha256(
            f"kzlib {FORMAT} py{sys.version_info[:2]} marshal{cf.MARSHAL_VERSION}".encode()
        )
        package = Path(__file__).resolve().parent
        for path in [*sorted(package.rglob("*.py")), package.parent / "safetext.py"]:
            digest.update(path.relative_to(package.parent).as_posix().encode())
            try:
                digest.update(path.read_bytes())
            except OSError:  # no source (a bytecode-only install): the version must stand in
                from kzreader import __version__

                digest.update(f"unreadable {__version__}".encode())
        _KEY = digest.hexdigest()
    return _KEY


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: a library is tens of thousands of new objects,
    all kept, and each collection that their making sets off walks them all (~25 ms of a
    0.2 s warm load at 20,941 articles).  Collection resumes after, as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def listing(folder: str) -> tuple[bytes, bool, dict[str, tuple[int, ...]]]:
    """What `discover()` depends on under ``folder``: (digest of the listing, whether the
    digest can stand in for `discover()`, `stat_key` of article files by relative path).
    Raises OSError when ``folder`` cannot be listed."""
    digest = hashlib.blake2b(digest_size=20)
    stats: dict[str, tuple[int, ...]] = {}
    usable = True
    pending = [""]
    while pending:
        rel = pending.pop()
        prefix = f"{rel}/" if rel else ""
        try:
            # str paths and os.scandir: pathlib costs ~5 us a file, at 20,000 files 0.1 s
            with os.scandir(os.path.join(folder, rel) if rel else folder) as scan:  # noqa: PTH118
                entries = list(scan)
        except OSError as exc:
            if not rel:
                raise
            digest.update(f"\0!{rel}\0{exc.errno}".encode("utf-8", "surrogateescape"))
            continue
        files, others = [], []
        for entry in entries:  # in the folder's own order: stable while it is unchanged
            name = entry.name
            if name[0] == ".":  # discover() skips every hidden part
                continue
            if entry.is_file(follow_symlinks=False):
                files.append(name)
                if name.lower().endswith(SUFFIXES):  # the files discover() may return
                    stats[prefix + name] = cf.stat_key(entry.stat())
            elif entry.is_dir(follow_symlinks=False):
                others.append(f"{name}\0d")
                pending.append(prefix + name)
            elif entry.is_symlink():
                kind = _link(entry)
                others.append(f"{name}\0l{kind}")
                if kind[0] == "d":
                    usable = False  # a linked folder: leave the walk to discover()
                elif kind[0] == "f":
                    stats[prefix + name] = cf.stat_key(entry.stat())
            else:
                others.append(f"{name}\0o")
        block = "\x01".join((rel, "\x01".join(files), "\x01".join(others)))
        digest.update(block.encode("utf-8", "surrogateescape") + b"\x02")
    return digest.digest(), usable, stats


def _link(entry: os.DirEntry[str]) -> str:
    """A symlink's kind after following it (d, f, o; ? when broken) and its target."""
    try:
        target = str(Path(entry.path).readlink())
        kind = "d" if entry.is_dir() else "f" if entry.is_file() else "o"
    except OSError as exc:
        return f"?{exc.errno}"
    return f"{kind}{target}"


class LibraryCache:
    """Reads folders through the cache (`loader.FolderReader`), then writes what changed."""

    def __init__(self, file: Path, key: str) -> None:
        self.file = file
        self.key = key
        self.started = time.time_ns()  # before any file is looked at (see RACY_NS)
        self.warnings: list[LoadWarning] = []
        self._old: cf.Snapshot | None = None
        self._folders: dict[str, Any] = {}  # the next version's meta
        self._bodies: dict[tuple[str, str], bytes] = {}  # new bodies, by (folder, rel)
        self._dirty = False
        try:
            self._old = cf.Snapshot.open(file, key)
        except (FileNotFoundError, NotADirectoryError):  # no cache yet
            self._dirty = True
        except cf.CacheForeign as exc:
            self._rebuilt(str(exc))
        except cf.CacheDamaged as exc:
            self._rebuilt(f"damaged: {exc}")
        except OSError as exc:
            self._rebuilt(f"unreadable: {exc.strerror or exc}")

    @classmethod
    def for_sources(cls, sources: Sequence[Path]) -> LibraryCache | None:
        """The cache for these folders, or None when it is turned off."""
        if not enabled():
            return None
        return cls(locations.library_cache_file(sources), cleaner_key())

    def _rebuilt(self, reason: str) -> None:
        """Distrust the old version (one warning): nothing of it goes into the next one."""
        self._dirty = True
        self._old = None
        for real, (digest, usable, rels, kept) in list(self._folders.items()):
            if isinstance(kept, dict):  # nothing of the old version; what this load reads
                kept.clear()  # itself is kept again as it goes on
            else:
                self._folders[real] = (digest, usable, rels, {})
        self._bodies.clear()
        self.warnings.append(LoadWarning(self.file, f"library cache rebuilt ({reason})"))

    # --- reading ------------------------------------------------------------------------------

    def read_folder(self, folder: Path, max_bytes: int) -> Iterator[FileResult]:
        real = os.path.realpath(folder)
        old = self._old.folders.get(real) if self._old is not None else None
        old_rels: tuple[str, ...] = old[2] if old is not None else ()
        table: cf.Table | None = old[3] if old is not None else None
        try:
            digest, usable, stats = listing(real)
        except OSError:  # missing or not a folder: discover() raises the error to show
            digest, usable, stats = b"", False, {}
        found: dict[str, Path] = {}  # discover()'s paths, when it ran
        if old is not None and usable and old[1] and old[0] == digest:
            rels = old_rels
        else:
            found = {p.relative_to(folder).as_posix(): p for p in discover(folder)}
            rels = tuple(found)
            self._dirty = True
        place = _Place(folder, real, self._old)
        todo = rels
        if table is not None and rels is old_rels and _unchanged(table, rels, stats, max_bytes):
            self._folders[real] = (digest, usable, rels, table)  # kept whole
            done = 0
            try:
                for done in range(table.rows):
                    yield place.row(table, done, rels[done])
                return
            except (IndexError, TypeError, ValueError, KeyError) as exc:
                self._rebuilt(f"damaged: {type(exc).__name__} in the entry for {rels[done]}")
            todo, table = rels[done:], None  # the rest file by file, from the files
        self._folders[real] = (digest, usable, rels, {})
        yield from self._file_by_file(place, todo, table, old_rels, found, stats, max_bytes)

    def _file_by_file(
        self,
        place: _Place,
        rels: tuple[str, ...],
        table: cf.Table | None,
        old_rels: tuple[str, ...],
        found: dict[str, Path],
        stats: dict[str, tuple[int, ...]],
        max_bytes: int,
    ) -> Iterator[FileResult]:
        """Each file from its row when its stat (or else its bytes) says it is unchanged, else
        read and cleaned."""
        entries = self._folders[place.real][3]
        rows = {rel: i for i, rel in enumerate(old_rels)} if table is not None else {}
        for rel in rels:
            key = stats.get(rel)
            row = rows.get(rel)
            if row is not None and self._old is not None and table is not None:
                if key is None:
                    key = _stat_key(place.path(rel))
                result: FileResult | None = None
                try:
                    entry = table.entry(row)
                    if entry is not None:
                        if not (key is not None and entry[cf.STAT] == key and entry[cf.SETTLED]):
                            entry = self._recheck(place, rel, key, entry, max_bytes)
                        elif key[0] > max_bytes:  # the limit was lowered
                            entry = None
                    if entry is not None:
                        result = place.result(rel, entry)
                except (IndexError, TypeError, ValueError, KeyError) as exc:
                    self._rebuilt(f"damaged: {type(exc).__name__} in the entry for {rel}")
                if result is not None:
                    entries[rel] = entry
                    yield result
                    continue
            self._dirty = True
            yield self._read(place, rel, found.get(rel), key, entries, max_bytes)
        if table is None or len(entries) != table.rows - table.kind.count("-"):
            self._dirty = True  # an entry dropped (or none before)

    def _recheck(
        self, place: _Place, rel: str, key: tuple[int, ...] | None, entry: Any, max_bytes: int
    ) -> Any:
        """The entry of an article whose stat moved or was not settled, when its bytes are the
        same (with the new stat), else None: the file is read again."""
        if key is None or not stat.S_ISREG(key[4]) or key[0] > max_bytes:
            return None  # gone, not a file, or over the limit: read_article says which
        if entry[cf.KIND] != "a" or not _same_bytes(place.path(rel), entry[cf.SHA]):
            return None  # changed, or a skipped file whose stat moved
        fresh = (key, self._settled(key), *entry[cf.SHA :])
        if fresh != entry:
            self._dirty = True
        return fresh

    def _read(
        self,
        place: _Place,
        rel: str,
        path: Path | None,
        key: tuple[int, ...] | None,
        entries: dict[str, Any],
        max_bytes: int,
    ) -> FileResult:
        """Read and clean the file (as `loader.read_folder` does), and keep what it gave."""
        path = path or place.path(rel)
        if key is None:
            key = _stat_key(path)
        try:
            article, notes = read_article(path, max_bytes, article_id(path, place.folder))
        except OSError as exc:
            return LoadWarning(path, str(exc))  # perhaps passing: never kept
        except ValueError as exc:
            if key is not None and stat.S_ISREG(key[4]) and key[0] <= max_bytes:
                entries[rel] = (key, self._settled(key), None, "s", str(exc))
            return LoadWarning(path, str(exc))
        if key is not None and stat.S_ISREG(key[4]):
            try:
                body = cf.encode_body(article)
                entries[rel] = cf.article_entry(key, self._settled(key), article, notes, body)
            except cf.Uncacheable:
                return article, notes
            self._bodies[(place.real, rel)] = body
        return article, notes

    def _settled(self, key: tuple[int, ...]) -> bool:
        """Whether the stat alone can vouch for the bytes next time (see `RACY_NS`)."""
        return max(key[1], key[2]) < self.started - RACY_NS

    # --- writing ------------------------------------------------------------------------------

    def finish(self) -> list[LoadWarning]:
        """Write the next version when anything changed; the warnings of this load."""
        if self._old is not None and set(self._old.folders) != set(self._folders):
            self._dirty = True
        if self._dirty:
            try:
                self._write()
            except OSError as exc:
                reason = exc.strerror or str(exc)
                self.warnings.append(
                    LoadWarning(
                        self.file, f"cannot write the library cache ({reason}); loaded without it"
                    )
                )
        if self._old is not None:
            self._old.folders = {}  # the articles keep what they need; the entries can go
        return self.warnings

    def _write(self) -> None:
        writer = cf.SnapshotWriter()
        same: dict[Any, Any] = {}  # one object per equal value: marshal writes it once
        folders: dict[str, Any] = {}
        for real, (digest, usable, rels, kept) in self._folders.items():
            entries = kept.entries(rels) if isinstance(kept, cf.Table) else kept
            placed: dict[str, Any] = {}
            for rel, entry in entries.items():
                if entry[cf.KIND] == "a":
                    _offset, length, crc, own_text = entry[cf.A_BODY]
                    data = self._bodies.get((real, rel))
                    if data is not None:
                        body = (writer.add(data), length, zlib.crc32(data), own_text)
                    elif self._old is not None:
                        body = (writer.copy(self._old, _offset, length), length, crc, own_text)
                    else:
                        continue  # distrusted while reading: read again next time
                    title, published, *rest = entry[cf.A_DETAILS]
                    details = (title, same.setdefault(published, published), *rest)
                    entry = (
                        *entry[: cf.A_OUTLET],
                        same.setdefault(entry[cf.A_OUTLET], entry[cf.A_OUTLET]),
                        entry[cf.A_NOTES],
                        details,
                        body,
                    )
                placed[rel] = entry
            folders[real] = (digest, usable, rels, cf.Table.columns(rels, placed))
        writer.write(self.file, self.key, folders)
        cf.remove_stale_temporaries(self.file.parent, older_than=3600)


def _unchanged(
    table: cf.Table, rels: tuple[str, ...], stats: dict[str, tuple[int, ...]], max_bytes: int
) -> bool:
    """Whether every file of the folder is as its row says, settled and under the limit: then
    the rows are the answer, with no check file by file."""
    if not table.complete or table.largest > max_bytes or len(rels) != table.rows:
        return False
    current = array("q")
    for rel in rels:
        key = stats.get(rel)
        if key is None:
            return False
        current.extend(key)
    return current.tobytes() == table.stat_bytes


def _stat_key(path: Path) -> tuple[int, ...] | None:
    try:
        return cf.stat_key(path.stat())
    except OSError:
        return None


def _same_bytes(path: Path, sha: str) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == sha


class _Place:
    """One source folder being read: its subfolders' paths made once, and its articles."""

    def __init__(self, folder: Path, real: str, snapshot: cf.Snapshot | None) -> None:
        self.folder = folder
        self.real = real
        self.snapshot = snapshot
        self._dirs: dict[str, Path] = {"": folder}
        self._zones: dict[Any, Any] = {}
        self._dates: dict[Any, Any] = {}

    def split(self, rel: str) -> tuple[Path, str]:
        """(the Path of the file's folder, shared by its files; the file's name)."""
        sub, _, name = rel.rpartition("/")
        directory = self._dirs.get(sub)
        if directory is None:
            directory = self._dirs[sub] = self.folder / sub
        return directory, name

    def path(self, rel: str) -> Path:
        directory, name = self.split(rel)
        return directory / name

    def result(self, rel: str, entry: Any) -> FileResult:
        """What reading the file gave, from its entry; raises ValueError (and IndexError,
        TypeError) on an entry that makes no sense."""
        kind = entry[cf.KIND]
        if kind == "s" and len(entry) == cf.SKIP_LEN:
            return LoadWarning(self.path(rel), entry[cf.S_MESSAGE])
        if kind != "a" or len(entry) != cf.ARTICLE_LEN:
            raise ValueError("unknown entry kind")
        article = self.article(
            rel, entry[cf.A_ID], entry[cf.A_OUTLET], entry[cf.SHA], entry[cf.A_DETAILS]
        )
        article.__dict__["_body"] = entry[cf.A_BODY]
        return article, entry[cf.A_NOTES]

    def row(self, table: cf.Table, i: int, rel: str) -> FileResult:
        """`result` for row ``i`` of ``table``, made from the columns."""
        kind = table.kind[i]
        if kind == "s":
            return LoadWarning(self.path(rel), table.message[i])  # type: ignore[arg-type]
        if kind != "a":
            raise ValueError("unknown entry kind")
        article = self.article(rel, table.id[i], table.outlet[i], table.sha[i], table.details[i])
        at = 4 * i
        body = table.body
        article.__dict__["_body"] = (body[at], body[at + 1], body[at + 2], body[at + 3])
        return article, table.notes[i]  # type: ignore[return-value]

    def article(self, rel: str, id: Any, outlet: Any, sha: Any, details: Any) -> LazyArticle:
        """The article of an entry; its ``_body`` is set by the caller."""
        title, published, byline, captions, encoding, url, feed = details
        if published is not None:  # a datetime is immutable: one object per stored value
            value = self._dates.get(published)
            if value is None:
                value = self._dates[published] = cf.decode_published(published, self._zones)
            published = value
        directory, name = self.split(rel)
        article = object.__new__(LazyArticle)
        article.__dict__.update(
            id=id,
            outlet=outlet,
            title=title,
            published=published,
            sha256=sha,
            byline=byline,
            captions=captions,
            encoding=encoding,
            url=url,
            feed=feed,
            _dir=directory,
            _name=name,
            _snapshot=self.snapshot,
        )
        return article
