"""Every path kzreader uses: bundled seeds, user config, cache and data directories.

Nothing else in the package builds a path to a user directory.  Tests isolate kzreader by
setting ``KZREADER_CONFIG_DIR``, ``KZREADER_CACHE_DIR`` and ``KZREADER_DATA_DIR`` (or the XDG
variables).  The cache holds what can be rebuilt (index, stories, cleaned library); the data dir
holds what cannot (the web store: fetched articles, feeds, read state; the reader's own state).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

APP_NAME = "kzreader"
CONFIG_FILE_NAME = "config.yaml"


def seeds_dir() -> Path:
    """The bundled seed articles: inside the installed package, or at the source tree's top."""
    packaged = Path(__file__).parent / "seeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "seeds"


def config_dir() -> Path:
    """The user's config directory (never written by kzreader)."""
    override = os.environ.get("KZREADER_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs  # about 10 ms: only when no override is set

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_config_file() -> Path:
    return config_dir() / CONFIG_FILE_NAME


def cache_dir() -> Path:
    """The cache root: indexes and other derived, rebuildable data."""
    override = os.environ.get("KZREADER_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The data root: the web store and the reader's state (never the user's config)."""
    override = os.environ.get("KZREADER_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def store_file() -> Path:
    """The SQLite store of articles and feeds fetched from the web."""
    return data_dir() / "store.sqlite3"


def sources_key(sources: Sequence[Path]) -> str:
    """A short stable key for a set of source folders (order does not matter)."""
    import hashlib  # loads OpenSSL: a few ms the first screen does not need

    joined = "\n".join(sorted(str(Path(s).expanduser().resolve()) for s in sources))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def index_dir(sources: Sequence[Path]) -> Path:
    """Where the search index for this set of source folders lives."""
    return cache_dir() / "index" / sources_key(sources)


def library_cache_file(sources: Sequence[Path]) -> Path:
    """Where the cleaned library for this set of source folders is kept (`library.cache`)."""
    return cache_dir() / "library" / f"{sources_key(sources)}.kzlib"
