"""The front door: `stories_for(library)` opens, updates or builds the stored grouping."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from kzreader.library import Article, Library
from kzreader.stories import store, update
from kzreader.stories.build import SETTINGS, Progress, group, persist
from kzreader.stories.model import Stories, make_story

#: More changed articles than this share of the library (and at least INCREMENTAL_MIN) are
#: grouped from scratch: document frequencies drift, and a full build is then as quick.
INCREMENTAL_SHARE, INCREMENTAL_MIN = 0.2, 200


def group_articles(
    articles: Sequence[Article], library: Library | None = None, progress: Progress | None = None
) -> Stories:
    """Group articles in memory (nothing stored): the pure form of `stories_for`."""
    library = library if library is not None else Library(tuple(articles))
    grouping = group(articles, progress)
    return Stories(tuple(grouping.stories), library, pairs=grouping.pairs)


def stories_for(
    library: Library, *, rebuild: bool = False, progress: Progress | None = None
) -> Stories:
    """The library grouped into stories, from the store in the cache dir when it is current.

    An unchanged library opens the store (fast: no vectors are read).  A few added, changed or
    removed articles update it incrementally; many, ``rebuild``, or a store that is missing,
    damaged or from another version, group from scratch and replace it.  Never raises for a
    bad store or an unwritable cache: the result's ``warning`` says what happened.
    """
    folder = store.folder_for(library)
    path = folder / store.FILE
    warning: str | None = None
    if not rebuild:
        try:
            snapshot = store.read_snapshot(path, SETTINGS)
            if _is_current(snapshot, library):
                return _from_snapshot(snapshot, library)
        except FileNotFoundError:
            pass
        except store.StoreDamaged as exc:
            warning = f"rebuilt the stories store: it was damaged ({exc})"
    try:
        lock = store.WriteLock(folder)
    except OSError as exc:
        return _unstored(library, progress, f"cannot write the stories store: {exc}")
    with lock:
        if not lock.acquire():
            return _unstored(
                library, progress, "another kzreader process is writing the stories store"
            )
        try:
            return _update_locked(library, path, rebuild, warning, progress)
        except OSError as exc:
            return _unstored(library, progress, f"cannot write the stories store: {exc}")


def _is_current(snapshot: store.Snapshot, library: Library) -> bool:
    return len(snapshot.shas) == len(library) and all(
        snapshot.shas.get(a.id) == a.sha256 for a in library
    )


def _from_snapshot(
    snapshot: store.Snapshot, library: Library, warning: str | None = None
) -> Stories:
    stories = []
    for stored in snapshot.stories.values():
        members = [library.get(a) for a in stored.members]
        present = [a for a in members if a is not None]
        stories.append(make_story(present, stored.title, stored.copies))
    pairs = {s.id: s.pairs for s in snapshot.stories.values()}
    return Stories(tuple(stories), library, pairs=pairs, warning=warning)


def _unstored(library: Library, progress: Progress | None, warning: str) -> Stories:
    stories = group_articles(library.articles, library, progress)
    return Stories(stories.stories, library, pairs=stories.pairs, warning=warning)


def _update_locked(
    library: Library, path: Path, rebuild: bool, warning: str | None, progress: Progress | None
) -> Stories:
    snapshot = None
    if not rebuild:
        try:
            snapshot = store.read_snapshot(path, SETTINGS)  # another process may have updated it
        except FileNotFoundError:
            snapshot = None
        except store.StoreDamaged as exc:
            warning = warning or f"rebuilt the stories store: it was damaged ({exc})"
            snapshot = None
    if snapshot is not None:
        if _is_current(snapshot, library):
            return _from_snapshot(snapshot, library)
        current = {a.id: a.sha256 for a in library}
        removed = [a for a, sha in snapshot.shas.items() if current.get(a) != sha]
        added = [a for a in library if snapshot.shas.get(a.id) != a.sha256]
        limit = max(INCREMENTAL_MIN, INCREMENTAL_SHARE * len(library))
        if len(removed) + len(added) <= limit:
            try:
                _incremental(path, library, added, removed)
                return _from_snapshot(store.read_snapshot(path, SETTINGS), library, warning)
            except (sqlite3.Error, store.StoreDamaged, KeyError, ValueError) as exc:
                warning = f"rebuilt the stories store: it was damaged ({type(exc).__name__}: {exc})"
    grouping = group(library.articles, progress)
    store.discard(path.parent)
    persist(grouping, path.parent)
    return Stories(tuple(grouping.stories), library, pairs=grouping.pairs, warning=warning)


def _incremental(
    path: Path, library: Library, added: Sequence[Article], removed: Sequence[str]
) -> None:
    conn = store.connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            update.apply(conn, library, added, removed)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()
