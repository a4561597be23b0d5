"""Writing articles into the index: documents, the incremental diff, bulk and small commits.

A bulk build with ``procs=2`` feeds two worker processes (Whoosh's `MpWriter`, forked).  They
must not outlive this process: a ``kill -9`` of ``kzreader index`` used to leave them blocked
on their job queue forever, holding the write lock they inherited, so every later run said
another process was updating.  Here a forked child closes its copy of the lock's descriptor
at once (the lock is the parent's alone; an flock is released when its last descriptor
closes), and each worker asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``
on Linux; elsewhere it polls its parent).  A worker that fails (a full disk) exits quietly
with the error's errno instead of printing a traceback; the parent raises that error, writes no
TOC, and the caller removes what the failed run wrote.
"""

from __future__ import annotations

import errno
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import CLEAR

from kzreader.library import Article
from kzreader.search.results import UpdateStats
from kzreader.search.schema import INDEX_NAME

Progress = Callable[[int, int], None]
#: Per-process memory for Whoosh's posting pools (the build stays well under 1 GB).
LIMIT_MB = 192
PROGRESS_EVERY = 0.1
#: Segments as separate files, not one compound file: a compound segment's terms and postings
#: are copied out of its mmap into memory when the index opens (at 100,000 articles ~0.2-0.5 s
#: and ~200 MB); separate files are mapped as they are (5,000 articles: 5.1 -> 1.4 ms).
COMPOUND = False


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
        "words": article.text,  # the scoring twin of body (schema.SCORING_TWIN)
    }
    if article.published is not None:
        doc["published"] = _naive_utc(article.published)
    return doc


#: The write locks this process holds; a forked child closes its copies (see module doc).
_HELD: set[Any] = set()


def _forget_locks_in_child() -> None:
    for lock in list(_HELD):
        fd, lock.fd = lock.fd, None  # never unlock: LOCK_UN here would free the parent's lock
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                continue
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks_in_child)


class WriteLock:
    """Whoosh's own write lock (an flock: a killed holder releases it), taken with a timeout."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = FileStorage(str(folder)).lock(f"{INDEX_NAME}_WRITELOCK")
        self.held = False

    def acquire(self, timeout: float) -> bool:
        """True once held; False when another process holds it past ``timeout`` seconds.
        Raises OSError when the lock file cannot be opened (a read-only cache)."""
        deadline = time.monotonic() + timeout
        while not self._lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        self.held = True
        _HELD.add(self._lock)
        return True

    def release(self) -> None:
        if self.held:
            _HELD.discard(self._lock)
            self._lock.release()
            self.held = False


def held_elsewhere(folder: Path) -> bool:
    """Whether another process holds the write lock right now (False when it cannot tell)."""
    if not folder.is_dir():
        return False
    try:
        lock = WriteLock(folder)
        if lock.acquire(0):
            lock.release()
            return False
    except OSError:
        return False
    return True


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when ``parent`` dies (Linux), else watch it from a thread."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the request took hold
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass  # no prctl: fall back to watching

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class _Worker(SubWriterTask):
    """Whoosh's sub-writer process, tied to its parent's life and quiet when it fails."""

    def run(self) -> None:
        _die_with_parent(self._parent_pid)
        try:
            super().run()
        except OSError as exc:
            os._exit(_error_code(exc))  # the parent turns the code back into the error
        except BaseException:  # noqa: BLE001 - any failure: exit quietly, the parent reports it
            os._exit(WORKER_FAILED)


#: A worker's exit code when it failed with something other than an OSError.
WORKER_FAILED = 255


def _error_code(exc: OSError) -> int:
    code = exc.errno or 0
    return code if 0 < code < WORKER_FAILED else WORKER_FAILED


class WorkerFailed(OSError):
    """A worker process of a multi-process build failed (its errno, when it had one)."""


class _Workers(MpWriter):
    """`MpWriter` whose workers die with this process and whose failures are errors: no TOC is
    written when a worker failed, and no queue put ever blocks on dead workers."""

    docbuffer: list[Any]

    def _new_task(self) -> Any:
        task = _Worker(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        task._parent_pid = os.getpid()
        self.tasks.append(task)
        task.start()
        return task

    def _enqueue(self) -> None:
        import pickle

        from whoosh.util import random_name

        filename = f"{random_name()}.doclist"
        batch: list[Any] = self.docbuffer
        with self.temp_storage().create_file(filename).raw_file() as out:
            for item in batch:
                pickle.dump(item, out, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        self._put((filename, len(batch)))
        self.docbuffer = []

    def _put(self, job: Any) -> None:
        while True:
            try:
                self.jobqueue.put(job, timeout=0.5)
                return
            except queue.Full:
                self._check_workers(all_dead=True)

    def _check_workers(self, all_dead: bool = False) -> None:
        """Raise the error of a failed worker (when ``all_dead``: only once none is alive)."""
        failed = [t for t in self.tasks if t.exitcode not in (None, 0)]
        if not failed or (all_dead and any(t.is_alive() for t in self.tasks)):
            return
        code = failed[0].exitcode
        if code is not None and 0 < code < WORKER_FAILED:
            raise WorkerFailed(code, os.strerror(code))
        raise WorkerFailed(errno.EIO, f"an index worker process failed (exit code {code})")

    def _commit_toc(self, segments: Any) -> None:
        self._check_workers()  # all joined by now: a failed worker means missing documents
        super()._commit_toc(segments)

    def stop_workers(self) -> None:
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
        for task in self.tasks:
            task.join(5)


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
        sub = {"limitmb": LIMIT_MB // procs, "compound": COMPOUND}
        writer: Any = _Workers(
            ix,
            procs=procs,
            multisegment=True,
            batchsize=256,
            subargs=sub,
            limitmb=64,
            _lk=False,
            compound=COMPOUND,
        )
    else:
        writer = ix.writer(limitmb=LIMIT_MB, _lk=False, compound=COMPOUND)
    ticker = _Ticker(len(articles), progress)
    try:
        for article in articles:
            writer.add_document(**document(article))
            ticker.step()
        writer.commit(mergetype=CLEAR)
    except BaseException:
        _abandon(writer)
        raise
    if procs > 1 and ix.doc_count() != len(articles):
        # A worker process died (Whoosh's MpWriter drops its documents silently): do it again
        # in this process rather than keep a partial index.
        write_all(ix, articles, procs=1, progress=progress)


def write_changes(ix: Any, changes: Changes, progress: Progress | None = None) -> None:
    """Apply a small set of changes: only those documents are written."""
    writer = ix.writer(limitmb=LIMIT_MB, _lk=False, compound=COMPOUND)
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
        writer.commit()
    except BaseException:
        _abandon(writer)
        raise


def _abandon(writer: Any) -> None:
    """Stop a writer that failed: its workers end, its open files close (the caller removes
    the files it wrote)."""
    if isinstance(writer, _Workers):
        writer.stop_workers()
    if not writer.is_closed:
        try:
            writer.cancel()
        except OSError:
            return  # cancel closes files; on a full disk even that may fail
