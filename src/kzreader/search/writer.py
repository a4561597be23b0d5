"""Writing articles into the index: documents, the incremental diff, bulk and small commits."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import CLEAR

from kzreader.library import Article
from kzreader.search.results import UpdateStats
from kzreader.search.schema import INDEX_NAME

Progress = Callable[[int, int], None]
#: Per-process memory for Whoosh's posting pools (the build stays well under 1 GB).
LIMIT_MB = 192
PROGRESS_EVERY = 0.1


@dataclass(frozen=True)
class Changes:
    added: tuple[Article, ...]
    updated: tuple[Article, ...]
    deleted: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.added) + len(self.updated) + len(self.deleted)

    def stats(self) -> UpdateStats:
        return UpdateStats(
            added=len(self.added), updated=len(self.updated), deleted=len(self.deleted)
        )


def diff(indexed: Mapping[str, str], articles: Iterable[Article]) -> Changes:
    """What to add, replace and delete so the index holds exactly ``articles``."""
    added, updated = [], []
    current = set()
    for article in articles:
        current.add(article.id)
        sha = indexed.get(article.id)
        if sha is None:
            added.append(article)
        elif sha != article.sha256:
            updated.append(article)
    deleted = sorted(set(indexed) - current)
    return Changes(tuple(added), tuple(updated), tuple(deleted))


def _naive_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def document(article: Article) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": article.id,
        "sha": article.sha256,
        "outlet": article.outlet,
        "title": article.title,
        "body": article.text,
    }
    if article.published is not None:
        doc["published"] = _naive_utc(article.published)
    return doc


class WriteLock:
    """Whoosh's own write lock (an flock: a killed holder releases it), taken with a timeout."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = FileStorage(str(folder)).lock(f"{INDEX_NAME}_WRITELOCK")
        self.held = False

    def acquire(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self._lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        self.held = True
        return True

    def release(self) -> None:
        if self.held:
            self._lock.release()
            self.held = False


class _Ticker:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.progress, self.done, self.last = total, progress, 0, 0.0

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.progress and (now - self.last >= PROGRESS_EVERY or self.done == self.total):
            self.last = now
            self.progress(self.done, self.total)


def write_all(
    ix: Any, articles: Sequence[Article], procs: int = 1, progress: Progress | None = None
) -> None:
    """Replace the whole index with ``articles`` in one commit (the old one serves until then)."""
    if procs > 1:
        # subargs go to the sub-writers in the worker processes; _lk only to this one (the
        # caller holds the lock).  Never call this from a threaded process: it forks.
        sub = {"limitmb": LIMIT_MB // procs}
        writer = ix.writer(
            procs=procs, multisegment=True, batchsize=256, subargs=sub, limitmb=64, _lk=False
        )
    else:
        writer = ix.writer(limitmb=LIMIT_MB, _lk=False)
    ticker = _Ticker(len(articles), progress)
    try:
        for article in articles:
            writer.add_document(**document(article))
            ticker.step()
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR)
    if procs > 1 and ix.doc_count() != len(articles):
        # A worker process died (Whoosh's MpWriter drops its documents silently): do it again
        # in this process rather than keep a partial index.
        write_all(ix, articles, procs=1, progress=progress)


def write_changes(ix: Any, changes: Changes, progress: Progress | None = None) -> None:
    """Apply a small set of changes: only those documents are written."""
    writer = ix.writer(limitmb=LIMIT_MB, _lk=False)
    ticker = _Ticker(len(changes), progress)
    try:
        for article_id in changes.deleted:
            writer.delete_by_term("id", article_id)
            ticker.step()
        for article in changes.updated:
            writer.update_document(**document(article))
            ticker.step()
        for article in changes.added:
            writer.add_document(**document(article))
            ticker.step()
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
