"""The cleaned library kept in the cache dir, so that opening it again reads no unchanged file.

`LibraryCache` is a `loader.FolderReader`: `load_library` asks it for each folder's files, and
it yields exactly what `loader.read_folder` would (a test compares both field by field), from
the cache where it can.  One cache file per set of source folders
(`locations.library_cache_file`; format in `cachefile`).

Which files: discovering a folder with `discover()` costs ~0.3 s at 20,000 files (pathlib), so
the cache also keeps each folder's listing: every name under it but hidden ones and kzreader's
own cache and data dirs, the kind of each entry (folder, file, other; a symlink with its target
and what that is), and unreadable subfolders.  When the listing is the same, `discover()` would
find the same files and say the same warnings (kept with the listing, and said again), and is
not called; any change in it (a file added, deleted, renamed, a folder made or removed) and
`discover()` runs.  This holds while `discover()` depends on names, kinds and hidden parts only
(a symlinked folder anywhere in the tree turns the shortcut off; a folder `discover()` would now
refuse, `config.source_problem`, is checked each time); a change to the loader's code changes
the key below and empties the cache.  Ids depend on the folder's prefix (`source_prefixes`):
rows kept under another prefix are not used.

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
marshal versions, the source of every module of `kzreader.library` and `kzreader.safetext`,
and the installed versions of `CLEANER_DEPENDENCIES` (trafilatura and the rest): any change to
how files are read, cleaned or identified empties the cache, without anyone having to bump a
number.  A cache with another key, or one that is cut short, garbled or
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
from kzreader.library.cachekeys import cleaner_key, listing
from kzreader.library.lazyarticle import Place
from kzreader.library.loader import FileResult, article_id, discover, read_article, skipped

#: A stat is settled when the file's mtime and ctime are this much older than the moment the
#: load that read it began (2 s: FAT's mtime granularity; ext4, XFS, APFS keep nanoseconds).
RACY_NS = 2_000_000_000
#: Set to 0/off/no/false to load without the cache.
ENV_SWITCH = "KZREADER_LIBRARY_CACHE"


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("0", "off", "no", "false")


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


class LibraryCache:
    """Reads folders through the cache (`loader.FolderReader`), then writes what changed."""

    def __init__(self, file: Path, key: str) -> None:
        self.file = file
        self.key = key
        self.started = time.time_ns()  # before any file is looked at (see RACY_NS)
        self.warnings: list[LoadWarning] = []
        self._old: cf.Snapshot | None = None
        self._folders: dict[str, cf.Folder] = {}  # the next version's meta
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
        for record in self._folders.values():
            if isinstance(record.rows, dict):  # nothing of the old version; what this load
                record.rows.clear()  # reads itself is kept again as it goes on
            else:
                record.rows = {}
        self._bodies.clear()
        self.warnings.append(LoadWarning(self.file, f"library cache rebuilt ({reason})"))

    # --- reading ------------------------------------------------------------------------------

    def read_folder(self, folder: Path, max_bytes: int, prefix: str) -> Iterator[FileResult]:
        key = str(folder.expanduser().absolute())
        old = self._old.folders.get(key) if self._old is not None else None
        try:
            digest, usable, stats = listing(key)
        except OSError:  # missing or not a folder: discover() raises the error to show
            digest, usable, stats = b"", False, {}
        found: dict[str, Path] = {}  # discover()'s paths, when it ran
        if old is not None and old.usable and usable and old.digest == digest:
            from kzreader.config import source_problem  # config imports nothing of this

            if source_problem(folder):  # as discover() would refuse it (its env changed)
                discover(folder)  # raises that
            rels, warned = old.rels, old.warned
        else:
            noted: list[LoadWarning] = []
            found = {p.relative_to(folder).as_posix(): p for p in discover(folder, noted)}
            rels = tuple(found)
            warned, usable = _relative(noted, folder, usable)
            self._dirty = True
        for rel, message in warned:
            yield LoadWarning(folder / rel, message)
        table = None  # the old rows, unless the ids' prefix differs
        if old is not None and old.prefix == prefix and isinstance(old.rows, cf.Table):
            table = old.rows
        old_rels = old.rels if old is not None else ()
        record = self._folders[key] = cf.Folder(digest, usable, rels, warned, prefix, {})
        place = Place(folder, key, prefix, self._old)
        todo = rels
        if table is not None and rels is old_rels and _unchanged(table, rels, stats, max_bytes):
            record.rows = table  # kept whole
            done = 0
            try:
                for done in range(table.rows):
                    yield place.row(table, done, rels[done])
                return
            except (IndexError, TypeError, ValueError, KeyError) as exc:
                self._rebuilt(f"damaged: {type(exc).__name__} in the entry for {rels[done]}")
            todo, table = rels[done:], None  # the rest file by file, from the files
        entries: dict[str, tuple[Any, ...]] = {}
        record.rows = entries
        yield from self._file_by_file(
            place, entries, todo, table, old_rels, found, stats, max_bytes
        )

    def _file_by_file(
        self,
        place: Place,
        entries: dict[str, tuple[Any, ...]],
        rels: tuple[str, ...],
        table: cf.Table | None,
        old_rels: tuple[str, ...],
        found: dict[str, Path],
        stats: dict[str, tuple[int, ...]],
        max_bytes: int,
    ) -> Iterator[FileResult]:
        """Each file from its row when its stat (or else its bytes) says it is unchanged, else
        read and cleaned."""
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
                if result is not None and entry is not None:
                    entries[rel] = entry
                    yield result
                    continue
            self._dirty = True
            yield self._read(place, rel, found.get(rel), key, entries, max_bytes)
        if table is None or len(entries) != table.rows - table.kind.count("-"):
            self._dirty = True  # an entry dropped (or none before)

    def _recheck(
        self, place: Place, rel: str, key: tuple[int, ...] | None, entry: Any, max_bytes: int
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
        place: Place,
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
            article, notes = read_article(
                path, max_bytes, article_id(path, place.folder, place.prefix)
            )
        except OSError as exc:
            return skipped(path, exc)  # perhaps passing: never kept
        except ValueError as exc:
            warning = skipped(path, exc)
            if key is not None and stat.S_ISREG(key[4]) and key[0] <= max_bytes:
                entries[rel] = (key, self._settled(key), None, "s", warning.message)
            return warning
        if key is not None and stat.S_ISREG(key[4]):
            try:
                body = cf.encode_body(article)
                entries[rel] = cf.article_entry(key, self._settled(key), article, notes, body)
            except cf.Uncacheable:
                return article, notes
            self._bodies[(place.key, rel)] = body
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
        for real, record in self._folders.items():
            rows = record.rows
            entries = rows.entries(record.rels) if isinstance(rows, cf.Table) else rows
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
            folders[real] = record.dump(placed)
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


def _relative(
    noted: list[LoadWarning], folder: Path, usable: bool
) -> tuple[tuple[tuple[str, str], ...], bool]:
    """discover()'s warnings with paths relative to ``folder``, to replay; a path outside it
    (none is expected) leaves the listing unusable, so that discover() runs again."""
    warned = []
    for warning in noted:
        try:
            warned.append((warning.path.relative_to(folder).as_posix(), warning.message))
        except ValueError:
            usable = False
    return tuple(warned), usable


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
