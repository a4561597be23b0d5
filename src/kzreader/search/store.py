"""The index folder on disk: the Whoosh index, its manifest, and damage detection.

The manifest (``manifest.json``, written atomically) records the schema version, the Whoosh
generation it describes and each article's sha256; ``files.json`` a fingerprint of each index
file (size, mtime and CRC-32) for that generation.  The index itself also stores each sha, so a
manifest that is missing or describes another generation (a process killed between commit and
manifest write) is rebuilt from the index, never trusted blindly.

Damage inside a segment (bytes overwritten in place) passes Whoosh's open and its first reads,
and surfaces only mid-search as a ``zlib.error``.  At open, each file's size and mtime are
compared with ``files.json`` (a few ``stat`` calls); a file whose mtime moved is read whole and
its CRC compared, so a touched but intact file costs one read and a damaged one is caught.
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import shutil
import struct
import tempfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage, StorageError
from whoosh.filedb.filetables import FileFormatError

from kzreader.search.schema import INDEX_NAME, SCHEMA_VERSION

MANIFEST = "manifest.json"
FILES = "files.json"

#: What a damaged index raises while being opened or read (truncated or missing files, a
#: garbage TOC, a pickled schema that no longer loads).
DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    struct.error,
    pickle.UnpicklingError,
    zlib.error,
    whoosh_index.IndexError,
    StorageError,
    FileFormatError,
)


#: What only bad bytes raise while a search reads the index (never a query's text).
_BYTE_ERRORS: tuple[type[BaseException], ...] = (
    EOFError,
    struct.error,
    pickle.UnpicklingError,
    zlib.error,
    StorageError,
    FileFormatError,
)


def is_damage_error(exc: BaseException) -> bool:
    """Whether ``exc``, raised mid-search, can only mean a damaged index."""
    return isinstance(exc, _BYTE_ERRORS) or (isinstance(exc, OSError) and not _is_disk_error(exc))


def _is_disk_error(exc: OSError) -> bool:
    """A full, read-only or forbidden disk: the cache is not writable, the index not damaged."""
    return exc.errno in DISK_ERRNOS


DISK_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}
)


class IndexDamaged(Exception):
    """The index folder exists but cannot be used; the message says why."""


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest, or None when it is missing or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("articles"), dict):
        return None
    return data


def write_manifest(folder: Path, generation: int, shas: Mapping[str, str]) -> None:
    """Write the manifest atomically: a temp file in the same folder, then ``os.replace``."""
    document = {
        "schema": SCHEMA_VERSION,
        "index": INDEX_NAME,
        "generation": generation,
        "articles": dict(shas),
    }
    _write_json(folder, MANIFEST, document)


def read_files(folder: Path) -> dict[str, Any] | None:
    """The index files' fingerprints as last written (``files.json``), or None.  Apart from
    the manifest: at 100,000 articles the manifest is 7 MB of shas, and every open reads this."""
    try:
        data = json.loads((folder / FILES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return None
    return data


def write_files(folder: Path, generation: int, files: Mapping[str, list[int]]) -> None:
    _write_json(folder, FILES, {"generation": generation, "files": dict(files)})


def _write_json(folder: Path, name: str, document: Any) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        Path(tmp).replace(folder / name)
    finally:
        Path(tmp).unlink(missing_ok=True)


def index_exists(folder: Path) -> bool:
    """Whether a TOC for the current schema's index is present (readable or not)."""
    if not folder.is_dir():
        return False
    prefix = f"_{INDEX_NAME}_"
    return any(name.startswith(prefix) and name.endswith(".toc") for name in _names(folder))


def other_versions(folder: Path) -> list[str]:
    """Files of indexes written with another schema version (left over after a rebuild)."""
    if not folder.is_dir():
        return []
    ours = (f"_{INDEX_NAME}_", f"{INDEX_NAME}_")
    return [
        name
        for name in _names(folder)
        if name.lstrip("_").startswith("kz") and not name.startswith(ours)
    ]


def _names(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir()]


def open_index(folder: Path) -> tuple[Any, Any]:
    """Open and check the index: (index, searcher); raises `IndexDamaged` naming the problem."""
    searcher = None
    try:
        ix = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
        problem = verify(folder, read_files(folder), ix.latest_generation())
        if problem:
            raise IndexDamaged(problem)
        searcher = ix.searcher()
        check_readable(searcher)
    except DAMAGE_ERRORS as exc:
        if searcher is not None:
            searcher.close()
        raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
    return ix, searcher


def check_readable(searcher: Any) -> None:
    """Touch every segment's files: a truncated or missing file raises here, not mid-search."""
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        count = reader.doc_count_all()
        if count:
            reader.stored_fields(0)
            reader.stored_fields(count - 1)
        for fieldname in ("id", "body"):
            next(iter(reader.lexicon(fieldname)), None)
        if count:
            # opens the length column; no judgement on the value: Whoosh reads a length of 0
            # (a body of stop words) as None, and a column cut short reads the same way, so
            # a shortened file is left to the fingerprints (verify) and to the search
            reader.doc_field_length(count - 1, "body")


#: Read whole files in pieces of this size when computing their CRC.
_CHUNK = 1 << 20


def index_files(folder: Path) -> list[str]:
    """The current schema's index files (TOCs and segments; not the lock or temp folders)."""
    prefix, toc = f"{INDEX_NAME}_", f"_{INDEX_NAME}_"
    return sorted(
        name
        for name in _names(folder)
        if (name.startswith(prefix) and "." in name)
        or (name.startswith(toc) and name.endswith(".toc"))
    )


def crc_of(path: Path) -> int:
    crc = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def fingerprints(folder: Path, known: Mapping[str, Any] | None = None) -> dict[str, list[int]]:
    """name -> [size, mtime_ns, crc32] of every index file; a file whose size and mtime match
    ``known`` (the previous manifest's) keeps its CRC without being read again."""
    known = known or {}
    result: dict[str, list[int]] = {}
    for name in index_files(folder):
        path = folder / name
        stat = path.stat()
        old = known.get(name)
        if old is not None and _same_stat(old, stat.st_size, stat.st_mtime_ns):
            result[name] = list(old)
        else:
            result[name] = [stat.st_size, stat.st_mtime_ns, crc_of(path)]
    return result


def _same_stat(entry: Any, size: int, mtime_ns: int) -> bool:
    return isinstance(entry, list) and len(entry) == 3 and entry[0] == size and entry[1] == mtime_ns


def verify(
    folder: Path, record: Mapping[str, Any] | None, generation: int, *, deep: bool = False
) -> str | None:
    """Why the files of generation ``generation`` differ from their fingerprints (``record``,
    from `read_files`), or None (also None when the record describes another generation:
    nothing to compare).  A file is read only when its mtime moved, or always with ``deep``."""
    if not record or record.get("generation") != generation:
        return None
    files = record.get("files")
    if not isinstance(files, dict) or not files:
        return None
    for name, entry in files.items():
        if not isinstance(entry, list) or len(entry) != 3:
            return None  # a manifest from before fingerprints: nothing to compare
        path = folder / name
        try:
            stat = path.stat()
        except FileNotFoundError:
            return f"{name} is missing"
        if stat.st_size != entry[0]:
            return f"{name} has {stat.st_size:,} bytes, {entry[0]:,} when written"
        if (deep or stat.st_mtime_ns != entry[1]) and crc_of(path) != entry[2]:
            return f"{name} was changed after it was written (CRC differs)"
    return None


def discard_unreferenced(folder: Path) -> None:
    """Delete what a failed or killed write left: segment files no TOC refers to, and the
    writers' temporary folders.  Call with the write lock held."""
    if not folder.is_dir():
        return
    for name in _names(folder):
        if name.endswith(".tmp") and (folder / name).is_dir():
            shutil.rmtree(folder / name, ignore_errors=True)
    storage = FileStorage(str(folder))
    try:
        toc = whoosh_index.TOC.read(storage, INDEX_NAME)
    except DAMAGE_ERRORS:
        return  # no readable TOC: leave the files for the rebuild, which clears them
    whoosh_index.clean_files(storage, INDEX_NAME, toc.generation, toc.segments)


def create_index(folder: Path, schema: Any) -> whoosh_index.FileIndex:
    """A fresh, empty index for the current schema (clears this schema's TOC files)."""
    folder.mkdir(parents=True, exist_ok=True)
    return FileStorage(str(folder)).create_index(schema, indexname=INDEX_NAME)


def remove_other_versions(folder: Path) -> None:
    for name in other_versions(folder):
        try:
            (folder / name).unlink()
        except FileNotFoundError:
            continue
