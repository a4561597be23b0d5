"""The index folder on disk: the Whoosh index, its manifest, and damage detection.

The manifest (``manifest.json``, written atomically) records the schema version, the Whoosh
generation it describes and each article's sha256.  The index itself also stores each sha, so a
manifest that is missing or describes another generation (a process killed between commit and
manifest write) is rebuilt from the index, never trusted blindly.
"""

from __future__ import annotations

import json
import os
import pickle
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
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        Path(tmp).replace(folder / MANIFEST)
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
        if count and reader.doc_field_length(count - 1, "body") is None:
            raise IndexDamaged("missing field lengths")


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
