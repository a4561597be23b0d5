"""The front door: `stories_for(library)` opens, updates or builds the stored grouping."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kzreader.library import Article, Library
from kzreader.stories import store
from kzreader.stories.model import Stories
from kzreader.stories.settings import FINGERPRINT as SETTINGS

if TYPE_CHECKING:
    from kzreader.stories.update import Applied

Progress = Callable[[int, int], None]

#: More changed articles than this share of the library (and at least INCREMENTAL_MIN) are
#: grouped from scratch: document frequencies drift, and a full build is then as quick.
INCREMENTAL_SHARE, INCREMENTAL_MIN = 0.2, 200


def group_articles(
    articles: Sequence[Article], library: Library | None = None, progress: Progress | None = None
) -> Stories:
    """Group articles in memory (nothing stored): the pure form of `stories_for`."""
    from kzreader.stories.build import group

    library = library if library is not None else Library(tuple(articles))
    grouping = group(articles, progress)
    return Stories(tuple(grouping.stories), library, pairs_of=grouping.pairs.get)


def stored_stories(library: Library) -> Stories | None:
    """The stored grouping when it is current or a few changes bring it up to date (an
    incremental update); ``None`` when only a grouping from scratch would do (no store, a
    damaged one, many changes, an unwritable cache).  Never groups the whole library: what a
    command that needs only a few articles' stories calls (`facts --articles`)."""
    path = store.folder_for(library) / store.FILE
    try:
        snapshot = store.read_snapshot(path, SETTINGS)
    except (FileNotFoundError, store.StoreDamaged):
        return None
    if _is_current(snapshot, library):
        return _from_snapshot(snapshot, library, path)
    added, removed = _changes(snapshot, library)
    if len(added) + len(removed) > _incremental_limit(library):
        return None
    found = stories_for(library, full=False)
    return found if found.warning is None else None


def _incremental_limit(library: Library) -> float:
    return max(INCREMENTAL_MIN, INCREMENTAL_SHARE * len(library))


def stories_for(
    library: Library,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    full: bool = True,
) -> Stories:
    """The library grouped into stories, from the store in the cache dir when it is current.

    An unchanged library opens the store (fast: no vectors are read).  A few added, changed or
    removed articles update it incrementally; many, ``rebuild``, or a store that is missing,
    damaged or from another version, group from scratch and replace it.  Never raises for a
    bad store or an unwritable cache: the result's ``warning`` says what happened.
    ``full=False`` (for `stored_stories`) never groups from scratch: where it would have to,
    the result is empty, with a warning.
    """
    folder = store.folder_for(library)
    path = folder / store.FILE
    warning: str | None = None
    snapshot: store.Snapshot | None = None
    if not rebuild:
        try:
            snapshot = store.read_snapshot(path, SETTINGS)
            if _is_current(snapshot, library):
                return _from_snapshot(snapshot, library, path)
        except FileNotFoundError:
            snapshot = None
        except store.StoreDamaged as exc:
            warning = f"rebuilt the stories store: {exc}"
            snapshot = None
    try:
        lock = store.WriteLock(folder)
    except OSError as exc:
        return _unstored(library, progress, f"cannot write the stories store: {exc}", full)
    with lock:
        if not lock.acquire():
            busy = "another kzreader process is writing the stories store"
            return _unstored(library, progress, busy, full)
        try:
            return _update_locked(library, path, snapshot, rebuild, warning, progress, full)
        except OSError as exc:
            return _unstored(library, progress, f"cannot write the stories store: {exc}", full)


def _changes(snapshot: store.Snapshot, library: Library) -> tuple[list[Article], list[str]]:
    """(added or changed articles, ids to remove: changed or gone) between store and library."""
    shas = snapshot.shas
    short = store.short_sha
    added = [a for a in library if shas.get(a.id) != short(a.sha256)]
    changed = [a.id for a in added if a.id in shas]
    new = len(added) - len(changed)
    if len(shas) == len(library) - new:  # nothing gone
        return added, changed
    gone = shas.keys() - {a.id for a in library}
    return added, changed + sorted(gone)


def _is_current(snapshot: store.Snapshot, library: Library) -> bool:
    return len(snapshot.shas) == len(library) and not _changes(snapshot, library)[0]


def _from_snapshot(
    snapshot: store.Snapshot, library: Library, path: Path, warning: str | None = None
) -> Stories:
    with store.no_collection():
        return Stories(
            tuple(snapshot.stories.values()),
            library,
            pairs_of=lambda sid: store.read_pairs(path, sid),
            warning=warning,
        )


def _unstored(
    library: Library, progress: Progress | None, warning: str, full: bool = True
) -> Stories:
    if not full:
        return Stories((), library, warning=warning)
    from kzreader.stories.build import group

    grouping = group(library.articles, progress)
    return Stories(tuple(grouping.stories), library, pairs_of=grouping.pairs.get, warning=warning)


def _update_locked(
    library: Library,
    path: Path,
    snapshot: store.Snapshot | None,
    rebuild: bool,
    warning: str | None,
    progress: Progress | None,
    full: bool = True,
) -> Stories:
    if not rebuild and (snapshot is None or store.read_generation(path) != snapshot.generation):
        try:  # another process wrote the store while this one waited for the lock
            snapshot = store.read_snapshot(path, SETTINGS)
        except FileNotFoundError:
            snapshot = None
        except store.StoreDamaged as exc:
            warning = warning or f"rebuilt the stories store: {exc}"
            snapshot = None
    if snapshot is not None and not rebuild:
        if _is_current(snapshot, library):
            return _from_snapshot(snapshot, library, path, warning)
        added, removed = _changes(snapshot, library)
        if len(removed) + len(added) <= _incremental_limit(library):
            try:
                _incremental(path, library, snapshot, added, removed)
            except (sqlite3.Error, KeyError, ValueError, TypeError, IndexError) as exc:
                warning = f"rebuilt the stories store: it was damaged ({type(exc).__name__}: {exc})"
            else:
                return _from_snapshot(snapshot, library, path, warning)
    if not full:
        return Stories((), library, warning=warning or "the stories store needs a full build")
    from kzreader.stories.build import group, persist

    grouping = group(library.articles, progress)
    store.discard(path.parent)
    persist(grouping, path.parent)
    return Stories(tuple(grouping.stories), library, pairs_of=grouping.pairs.get, warning=warning)


def _patch(
    snapshot: store.Snapshot, applied: Applied, added: Sequence[Article], removed: Sequence[str]
) -> None:
    """The snapshot as the update left the store (so it need not be read again)."""
    for sid in applied.gone:
        snapshot.stories.pop(sid, None)
        snapshot.rows.pop(sid, None)
    for story in applied.written:
        snapshot.stories[story.id] = story
        snapshot.rows[story.id] = store.story_row(story)
    for article_id in removed:
        snapshot.shas.pop(article_id, None)
    snapshot.shas.update((a.id, store.short_sha(a.sha256)) for a in added)


def _incremental(
    path: Path,
    library: Library,
    snapshot: store.Snapshot,
    added: Sequence[Article],
    removed: Sequence[str],
) -> None:
    """Update the store, and ``snapshot`` with it, in one transaction."""
    from kzreader.stories import update

    conn = store.connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            applied = update.apply(conn, library, added, removed, snapshot.stories)
            with store.no_collection():
                _patch(snapshot, applied, added, removed)
                store.write_snapshot(conn, snapshot.shas, snapshot.rows.values())
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()
