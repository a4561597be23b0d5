"""Faults of the stories store (``kzreader.stories``, in the cache dir; docs/reliability.md,
issue 14 "Faults and bad input").

The store is derived data: whatever happens to it, the next ``kzreader stories`` answers with
the grouping a fresh build gives and at most one warning, the run after it silently, never a
traceback.  Each store file truncated, emptied, filled with garbage or deleted in turn; bytes
flipped inside it; a lock left by a killed writer; a hot journal left by a killed update;
kill -9 during a full build and during an update; two rebuilds and a read at once over several
rounds; a read-only and a full cache dir.  The user's files and config are fingerprinted
before every probe and compared after it.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from stores_faults import (
    child_env,
    damage,
    flip,
    kz,
    kz_process,
    lines,
    report,
    stories_of,
    write_library,
)

from kzreader import locations
from kzreader.stories import store as stories_store
from tests.faults_support import UserFiles, can_mount, read_only, small_filesystem

STORIES = ("stories", "--json")


@pytest.fixture
def user(tmp_path: Path):
    files = UserFiles(tmp_path / "user")
    files.config.write_text("search:\n  limit: 50\n", encoding="utf-8")
    yield files
    files.check()  # the user's files and config are byte-identical after every probe


def answer(user: UserFiles) -> tuple[list[tuple[str, tuple[str, ...]]], list[str]]:
    """``stories --json``: (stories, stderr lines); exit 0 and no traceback."""
    code, out, err = kz(user, *STORIES)
    assert code == 0 and "Traceback" not in err, err
    return stories_of(out), lines(err)


def store_folder() -> Path:
    (folder,) = (locations.cache_dir() / "stories").iterdir()
    return folder


def every_article_once(stories: list[tuple[str, tuple[str, ...]]], count: int) -> None:
    members = [a for _sid, articles in stories for a in articles]
    assert len(members) == len(set(members)) == count


@pytest.fixture
def built(user: UserFiles) -> tuple[Path, list[tuple[str, tuple[str, ...]]]]:
    """A library of 60 reports of 20 happenings, its store built: (a pristine copy, stories)."""
    write_library(user, 20)
    user.freeze()
    expected, err = answer(user)
    assert err == [] and len(expected) > 1
    pristine = user.root.parent / "pristine-stories"
    shutil.copytree(store_folder(), pristine)
    return pristine, expected


def restore(pristine: Path) -> Path:
    folder = store_folder()
    shutil.rmtree(folder)
    shutil.copytree(pristine, folder)
    return folder


@pytest.mark.parametrize("how", ["truncated", "emptied", "garbage", "deleted"])
def test_each_stories_file_damaged_in_turn(user, built, how):
    pristine, expected = built
    names = sorted(p.name for p in pristine.iterdir())
    assert names == [stories_store.LOCK, stories_store.FILE]
    for name in names:
        folder = restore(pristine)
        damage(folder / name, how)
        found, err = answer(user)
        assert found == expected, (name, how)
        warned = name == stories_store.FILE and how != "deleted"
        assert len(err) == warned, (name, how, err)  # one warning when the store was damaged
        if warned:
            assert err[0].startswith("kzreader: warning: rebuilt the stories store: it ")
        assert answer(user) == (expected, []), (name, how)  # then trusted, silently


@pytest.mark.parametrize("k", range(1, 16))
def test_bytes_flipped_inside_the_store(user, built, k):
    """Damage that keeps the file's size: in the snapshot it fails its hash (rebuilt, one
    warning); elsewhere the unchanged library opens from the snapshot alone, and an update
    that reads a damaged table rebuilds with one warning."""
    pristine, expected = built
    folder = restore(pristine)
    path = folder / stories_store.FILE
    flip(path, path.stat().st_size * k // 16)
    found, err = answer(user)
    assert found == expected and len(err) <= 1, err
    user.frozen = None  # an edit on purpose: the next run updates the store and reads its tables
    user.write("r0003-1.txt", report(3, 1) + "\nThe volunteers stayed for the night.\n")
    user.freeze()
    found, err = answer(user)
    every_article_once(found, 60)
    assert len(err) <= 1, err
    assert answer(user) == (found, [])


HOLD_LOCK = """
import sys, time
from pathlib import Path
from kzreader.stories.store import WriteLock
lock = WriteLock(Path(sys.argv[1]))
assert lock.acquire(1.0)
print("locked", flush=True)
time.sleep(120)
"""


def test_a_lock_left_by_a_killed_writer(user, built):
    _pristine, expected = built
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(store_folder())],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    assert answer(user) == (expected, [])  # a current store is read without the lock
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    user.frozen = None
    user.write("r0100-0.txt", report(100, 0))
    user.freeze()
    started = time.monotonic()
    found, err = answer(user)  # the dead holder's lock is free: no wait
    assert time.monotonic() - started < 30 and err == []
    every_article_once(found, 61)


def test_a_lock_held_by_a_live_writer_is_waited_for_then_said(user, built, monkeypatch):
    _pristine, expected = built
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(store_folder())],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        real = stories_store.WriteLock.acquire
        monkeypatch.setattr(stories_store.WriteLock, "acquire", lambda self: real(self, 0.5))
        code, out, err = kz(user, "stories", "--json", "--rebuild")
        assert code == 0 and stories_of(out) == expected
        assert lines(err) == [
            "kzreader: warning: another kzreader process is writing the stories store"
        ]
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()


KILLED_UPDATE = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE articles SET story = 'sforged'")
db.execute("DELETE FROM vectors")
db.execute("UPDATE snapshot SET data = x'00', digest = 'forged'")
print("written", flush=True)
os._exit(9)  # as kill -9 would: the rollback journal stays behind, hot
"""


def test_a_hot_journal_left_by_a_killed_update(user, built):
    _pristine, expected = built
    path = store_folder() / stories_store.FILE
    done = subprocess.run(
        [sys.executable, "-c", KILLED_UPDATE, str(path)], capture_output=True, text=True
    )
    assert done.stdout.strip() == "written"
    assert (path.parent / f"{stories_store.FILE}-journal").stat().st_size > 0
    found, err = answer(user)  # rolled back (or rebuilt): the committed grouping
    assert found == expected and len(err) <= 1, err
    assert answer(user) == (expected, [])


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".stories-"))


@pytest.mark.parametrize("delay", [None, 0.0, 0.1])
def test_kill_9_during_a_full_build(user, delay):
    """Killed while grouping (``None``: before the new store is begun) or while the new store
    is written: the old store serves; the next run answers silently and nothing half-written
    is left behind once a writer has run."""
    count = write_library(user, 700, 3)
    user.freeze()
    expected, err = answer(user)
    assert err == []
    folder = store_folder()
    build = kz_process(user, "stories", "--rebuild", "--json")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        if temporaries(folder) if delay is not None else _busy(build):
            break
        time.sleep(0.005)
    time.sleep(delay or 0.0)
    build.send_signal(signal.SIGKILL)
    build.wait()
    found, err = answer(user)
    assert found == expected and len(err) <= 1, err
    assert answer(user) == (expected, [])
    code, _out, err = kz(user, "stories", "--rebuild", "--json")  # a writer cleans up after it
    assert code == 0 and lines(err) == []
    assert temporaries(folder) == []
    every_article_once(expected, count)


def _busy(process: subprocess.Popen[str]) -> bool:
    """Whether ``process`` has used half a second of CPU (loading or grouping by then)."""
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") > 0.5


UPDATER = """
import sys
from pathlib import Path
from kzreader.library import load_library
from kzreader.stories import api, stories_for
real = api._incremental
def slow(*args):
    print("updating", flush=True)
    real(*args)
api._incremental = slow
stories_for(load_library([Path(sys.argv[1])]))
"""


def test_kill_9_during_an_incremental_update(user):
    """The update is one transaction: killed inside it, the store holds the grouping before it
    (or after it); the next run answers for the edited library with at most one warning."""
    count = write_library(user, 60, 3)
    user.freeze()
    answer(user)
    user.frozen = None
    for n in range(60, 70):
        user.write(f"r{n:04d}-0.txt", report(n, 0))
    user.freeze()
    updater = subprocess.Popen(
        [sys.executable, "-c", UPDATER, str(user.sources)],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert updater.stdout is not None and updater.stdout.readline().strip() == "updating"
    time.sleep(0.02)
    updater.send_signal(signal.SIGKILL)
    updater.wait()
    found, err = answer(user)
    every_article_once(found, count + 10)
    assert len(err) <= 1, err
    assert answer(user) == (found, [])


def test_two_rebuilds_and_a_read_at_once(user):
    write_library(user, 300, 2)
    user.freeze()
    expected, _ = answer(user)
    for _round in range(3):
        jobs = [kz_process(user, "stories", "--rebuild", "--json") for _ in range(2)]
        jobs.append(kz_process(user, *STORIES))
        answers = [job.communicate(timeout=300) for job in jobs]
        for job, (out, err) in zip(jobs, answers, strict=True):
            assert job.returncode == 0 and "Traceback" not in err, err
            assert stories_of(out) == expected
            assert lines(err) in ([], ["kzreader: warning: another kzreader process is writing "
                                       "the stories store"])  # fmt: skip
        assert answer(user) == (expected, [])
        assert temporaries(store_folder()) == []


MOUNT = can_mount()


@pytest.fixture
def cache_on(monkeypatch: pytest.MonkeyPatch):
    def use(folder: Path) -> Path:
        monkeypatch.setenv("KZREADER_CACHE_DIR", str(folder))
        return folder

    return use


def without_library_cache(err: list[str]) -> list[str]:
    """stderr less the library cache's own one warning (library/cache.py's probes)."""
    assert sum("cannot write the library cache" in line for line in err) <= 1, err
    return [line for line in err if "cannot write the library cache" not in line]


@pytest.mark.skipif(MOUNT is not None, reason=f"a read-only mount: {MOUNT}")
def test_a_read_only_cache_dir_with_a_good_store(user, built):
    _pristine, expected = built
    with read_only(locations.cache_dir()):
        assert answer(user) == (expected, [])


@pytest.mark.skipif(MOUNT is not None, reason=f"a read-only mount: {MOUNT}")
def test_a_read_only_cache_dir_after_an_edit(user, built):
    """The store cannot be updated: the stories are grouped in memory, with one warning."""
    user.frozen = None
    user.write("r0100-0.txt", report(100, 0))
    user.freeze()
    with read_only(locations.cache_dir()):
        for _ in range(2):
            found, err = answer(user)
            err = without_library_cache(err)
            assert len(err) == 1 and "cannot write the stories store" in err[0], err
            assert "Read-only file system" in err[0]
    code, out, _err = kz(user, "stories", "--rebuild", "--json")
    assert code == 0 and found == stories_of(out)  # what a full build of the edited library gives
    every_article_once(found, 61)


@pytest.mark.skipif(MOUNT is not None, reason=f"a read-only mount: {MOUNT}")
def test_a_read_only_cache_dir_without_a_store(user, tmp_path, cache_on):
    write_library(user, 20)
    user.freeze()
    expected, _ = answer(user)
    empty = cache_on(tmp_path / "ro-cache")
    empty.mkdir()
    with read_only(empty):
        found, err = answer(user)
        assert found == expected
        err = without_library_cache(err)
        assert len(err) == 1 and "cannot write the stories store" in err[0], err


@pytest.mark.skipif(MOUNT is not None, reason=f"a full file system: {MOUNT}")
@pytest.mark.parametrize("size", ["40k", "120k"])
def test_a_full_cache_dir(user, tmp_path, cache_on, size):
    """Full before the store is begun, or half-way through writing it: grouped in memory with
    one warning, nothing partial left; with room again the next run stores it."""
    write_library(user, 120, 2)
    user.freeze()
    expected, _ = answer(user)
    with small_filesystem(tmp_path / "small", size) as small:
        cache_on(small)
        for _ in range(2):
            found, err = answer(user)
            assert found == expected
            err = without_library_cache(err)
            assert len(err) == 1 and "cannot write the stories store" in err[0], err
            assert "full" in err[0] or "No space left" in err[0], err
            left = [p.name for p in small.rglob("*") if p.name.startswith(".stories-")]
            assert left == []
    cache_on(tmp_path / "roomy")
    assert answer(user) == (expected, [])
    assert json.loads(kz(user, *STORIES)[1])["stories"]  # stored, and read back


# --- the facts cache beside the store (stories/factcache.py) -----------------------------------

FACTS = ("facts", "--json")


@pytest.fixture
def facts_built(user: UserFiles) -> str:
    """15 reports, their facts computed and cached; the ``facts --json`` they give."""
    write_library(user, 5)
    user.freeze()
    code, out, err = kz(user, *FACTS)
    assert code == 0 and err == ""
    assert (store_folder() / "facts.sqlite3").stat().st_size > 0
    return out


def facts_answer(user: UserFiles) -> tuple[str, list[str]]:
    code, out, err = kz(user, *FACTS)
    assert code == 0 and "Traceback" not in err, err
    return out, lines(err)


@pytest.mark.parametrize("how", ["truncated", "emptied", "garbage", "deleted"])
def test_the_facts_cache_damaged(user, facts_built, how):
    damage(store_folder() / "facts.sqlite3", how)
    out, err = facts_answer(user)
    assert out == facts_built
    if how in ("emptied", "deleted"):  # an empty file is an empty SQLite database: nothing lost
        assert err == []
    else:
        assert len(err) == 1 and "removed the facts cache: it was damaged" in err[0], err
    assert facts_answer(user) == (facts_built, [])


@pytest.mark.skipif(MOUNT is not None, reason=f"a read-only mount: {MOUNT}")
def test_the_facts_cache_in_a_read_only_cache_dir(user, facts_built):
    with read_only(locations.cache_dir()):
        out, err = facts_answer(user)
        assert out == facts_built
        # read from the cache, and nothing to write: no warning
        assert without_library_cache(err) == [], err
        user.frozen = None
        for copy in (0, 1):  # a new story of two reports: its facts cannot be kept
            user.write(f"r0100-{copy}.txt", report(100, copy))
        user.freeze()
        _edited, err = facts_answer(user)
        err = [line for line in without_library_cache(err) if "stories store" not in line]
        assert len(err) == 1 and "cannot keep the facts cache" in err[0], err
        assert "Read-only file system" in err[0], err
    # writable again: the store is updated (incrementally, so its stories may differ from the
    # in-memory full grouping above) and the facts are kept: a second run reads the same
    again, err = facts_answer(user)
    assert without_library_cache(err) == [] and json.loads(again)["facts"], err
    assert facts_answer(user) == (again, [])


@pytest.mark.skipif(MOUNT is not None, reason=f"a full file system: {MOUNT}")
def test_the_facts_cache_in_a_full_cache_dir(user, facts_built, tmp_path, cache_on):
    """The cache dir filled to the last block: neither the stories store nor the facts cache
    can be written; the facts are the same, one warning for each, nothing half-written kept."""
    with small_filesystem(tmp_path / "small", "256k") as small:
        cache_on(small)
        fill(small / "filler")
        out, err = facts_answer(user)
        assert out == facts_built and "Traceback" not in "".join(err)
        err = without_library_cache(err)
        assert [line.split(":")[2].strip() for line in err] == [
            "cannot write the stories store",
            "cannot keep the facts cache",
        ], err
        assert not [p for p in small.rglob("facts.sqlite3") if p.stat().st_size > 0]
    cache_on(tmp_path / "roomy")
    assert facts_answer(user) == (facts_built, [])
    assert any(p.stat().st_size > 0 for p in (tmp_path / "roomy").rglob("facts.sqlite3"))


def fill(path: Path) -> None:
    """Write ``path`` until the file system says it is full."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC, exc
    finally:
        os.close(fd)
