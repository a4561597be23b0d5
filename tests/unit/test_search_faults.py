"""The index under faults: damage inside a segment, kill -9 of a two-process build, a full
disk, a read-only cache, another process's first build."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kzreader.cli import main
from kzreader.library import load_library
from kzreader.search import IndexUnavailable, SearchIndex
from kzreader.search.writer import WriteLock
from tests.unit.search_corpus import article_body, write_articles

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(seeds: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "articles"
    shutil.copytree(seeds, copy)
    return copy


def built(folder: Path) -> SearchIndex:
    ix = SearchIndex.open(load_library([folder]))
    ix.update()
    return ix


def the_segment(ix: SearchIndex) -> Path:
    """The postings file of the index's only segment (read by searches, never at open)."""
    (postings,) = [p for p in ix.folder.iterdir() if p.suffix == ".pst"]
    return postings


def postings_region(path: Path) -> tuple[int, int]:
    """Where the postings are in ``path``: all of a ``.pst`` file, or a compound segment's
    ``.pst`` part."""
    if path.suffix == ".pst":
        return 0, path.stat().st_size
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.structfile import StructFile

    with path.open("rb") as handle:
        storage = CompoundStorage(StructFile(handle), use_mmap=False)
        (entry,) = [v for k, v in storage._dir.items() if k.endswith(".pst")]
    return entry["offset"], entry["offset"] + entry["length"]


def overwrite(
    path: Path, start: float, end: float, keep_mtime: bool, region: tuple[int, int] | None = None
) -> None:
    """Garbage over ``start``..``end`` (fractions) of the file (or of ``region`` in it), its
    size unchanged."""
    stat = path.stat()
    data = bytearray(path.read_bytes())
    low, high = region or (0, len(data))
    a, b = low + int((high - low) * start), low + int((high - low) * end)
    rnd = random.Random(7)
    data[a:b] = bytes(rnd.randrange(256) for _ in range(b - a))
    path.write_bytes(bytes(data))
    if keep_mtime:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- damage inside a segment ---------------------------------------------------------------


def test_bytes_overwritten_in_a_segment_are_found_at_open(folder: Path, capsys) -> None:
    ix = built(folder)
    ix.close()
    overwrite(the_segment(ix), 0.5, 0.501, keep_mtime=False)  # a few hundred bytes, same size
    with SearchIndex.open(load_library([folder])) as again:
        assert "CRC" in (again.problem or "") and again.needs_update()
    code, out, err = run(capsys, "--source", str(folder), "index")
    assert code == 0 and "index rebuilt" in out
    assert err.count("warning") == 1 and "damaged" in err
    code, out, err = run(capsys, "--source", str(folder), "index")
    assert "up to date" in out and err == ""


def test_damage_found_mid_search_is_rebuilt_with_one_warning(folder: Path, capsys) -> None:
    ix = built(folder)
    ix.close()
    # a backup tool could restore the mtime: the quick check at open passes
    segment = the_segment(ix)
    overwrite(segment, 0.0, 1.0, keep_mtime=True, region=postings_region(segment))
    with SearchIndex.open(load_library([folder])) as again:
        assert again.problem is None
        with pytest.raises(IndexUnavailable) as caught:
            for word in ("police", "protesters", "government", "killed"):
                again.search(word)
        assert caught.value.damaged and "CRC" in str(caught.value)
    code, out, err = run(capsys, "--source", str(folder), "search", "police", "--json")
    assert code == 0 and json.loads(out)["total"] > 0
    assert err.count("warning") == 1 and "rebuilt the search index" in err


# --- kill -9 of a two-process build --------------------------------------------------------

KILLED_PARALLEL_BUILD = """
import sys, time
from pathlib import Path
from kzreader.library import load_library
from kzreader.search import SearchIndex

def progress(done, total):
    if done >= 600:  # both workers have batches: they are running
        print("workers", flush=True)
        time.sleep(120)

ix = SearchIndex.open(load_library([Path(sys.argv[1])]))
ix.update(rebuild=True, procs=2, progress=progress)
"""


def many_articles(tmp_path: Path, count: int = 1200) -> Path:
    return write_articles(
        tmp_path / "many",
        [
            (
                f"Harbour report {i}",
                "Wire",
                None,
                article_body(f"Item {i}: the harbour reopened after repairs worth {i} dollars."),
            )
            for i in range(count)
        ],
    )


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie is dead; only its parent's reaping is left


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_kill_9_of_a_parallel_build_takes_its_workers_along(tmp_path: Path) -> None:
    folder = many_articles(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_PARALLEL_BUILD, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "workers"
    workers = children(child.pid)
    assert len(workers) >= 2
    child.send_signal(signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 20
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers), "index workers outlived their parent"
    with SearchIndex.open(load_library([folder])) as again:
        lock = WriteLock(again.folder)
        assert lock.acquire(1.0), "the write lock is still held"
        lock.release()
        stats = again.update()
        assert stats.added == 1200 and stats.error is None
        assert again.search("harbour").total == 1200
        assert not [p for p in again.folder.iterdir() if p.name.endswith(".tmp")]


# --- a full disk ---------------------------------------------------------------------------

FULL_DISK_BUILD = """
import json, resource, signal, sys
from pathlib import Path
from kzreader.library import load_library
from kzreader.search import SearchIndex

ix = SearchIndex.open(load_library([Path(sys.argv[1])]))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # the workers inherit it
stats = ix.update(rebuild=True, procs=int(sys.argv[3]))
print(json.dumps({"error": stats.error, "rebuilt": stats.rebuilt}))
"""


@pytest.mark.parametrize("procs", [1, 2])
def test_a_full_disk_is_one_line_and_leaves_nothing_partial(tmp_path: Path, procs: int) -> None:
    folder = many_articles(tmp_path)
    small = sorted(folder.iterdir())[:5]
    few = tmp_path / "few"
    few.mkdir()
    for path in small:
        shutil.copy(path, few / path.name)
    ix = SearchIndex.open(load_library([few]))
    ix.update()
    ix.close()
    before = sorted(p.name for p in ix.folder.iterdir())
    for path in sorted(folder.iterdir())[5:]:
        shutil.copy(path, few / path.name)  # now 1,200 articles: the rebuild needs room
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK_BUILD, str(few), str(300_000), str(procs)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.strip() == ""
    report = json.loads(done.stdout)
    assert report["error"] and "cannot write the search index" in report["error"]
    assert os.strerror(errno.EFBIG) in report["error"]
    assert sorted(p.name for p in ix.folder.iterdir()) == before  # nothing partial kept
    with SearchIndex.open(load_library([few])) as again:
        assert again.problem is None
        assert again.search("harbour").total == 5  # the last committed index still answers


# --- a read-only cache ---------------------------------------------------------------------


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch):
    """Make every write under a folder fail with EROFS, as on a read-only mount (root ignores
    file modes, so a chmod would not do)."""
    real_open = os.open
    folders: list[str] = []
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def guarded(path, flags, *args, **kwargs):
        if flags & writing and any(str(path).startswith(f) for f in folders):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    return folders


def test_a_read_only_cache_searches_the_old_index(folder: Path, capsys, read_only) -> None:
    ix = built(folder)
    ix.close()
    victim = sorted(folder.iterdir())[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n\nA new line.\n", "utf-8")
    read_only.append(str(ix.folder))
    with SearchIndex.open(load_library([folder])) as again:
        assert again.needs_update()
        stats = again.update()
        assert stats.error and "Read-only" in stats.error and not stats.changed
        assert again.search("police").total > 0
    code, out, err = run(capsys, "--source", str(folder), "search", "police", "--json")
    assert code == 0 and json.loads(out)["total"] > 0
    assert err.count("\n") == 1 and "searching the index as it was last written" in err, err
    code, out, err = run(capsys, "--source", str(folder), "index")
    assert code == 2 and err.count("\n") == 1 and "Read-only" in err


# --- another process's first build ---------------------------------------------------------


def test_a_search_during_another_first_build_says_so(folder: Path, capsys) -> None:
    ix = SearchIndex.open(load_library([folder]))
    lock = WriteLock(ix.folder)
    assert lock.acquire(1.0)  # another process is building: nothing committed yet
    try:
        ix.lock_timeout = 0.2
        assert ix.update().changed == 0
        with pytest.raises(IndexUnavailable, match="building"):
            ix.search("police")
        code, out, err = run(capsys, "--source", str(folder), "search", "police")
        assert code == 1 and out == ""
        assert "building the search index" in err and err.count("\n") == 1
        assert "no articles match" not in out
    finally:
        lock.release()
        ix.close()


def test_the_empty_toc_of_another_first_build_is_not_no_hits(folder: Path, capsys) -> None:
    from kzreader.search import store
    from kzreader.search.schema import build_schema

    ix = SearchIndex.open(load_library([folder]))
    lock = WriteLock(ix.folder)
    assert lock.acquire(1.0)
    try:
        store.create_index(ix.folder, build_schema())  # what a first build writes before its docs
        ix.lock_timeout = 0.2
        assert ix.update().changed == 0 and not ix.usable
        with pytest.raises(IndexUnavailable, match="building"):
            ix.search("police")
        code, out, err = run(capsys, "--source", str(folder), "search", "police")
        assert code == 1 and out == "" and "building the search index" in err, err
    finally:
        lock.release()
        ix.close()
    # the lock gone, an empty committed index answers nothing (no error from BM25 over no
    # documents) until it is built
    ix = SearchIndex.open(load_library([folder]))
    try:
        assert ix.search("police", as_you_type=True).total == 0
        assert ix.search("police").total == 0
        assert ix.update().rebuilt and ix.search("police").total > 0
    finally:
        ix.close()


def test_a_last_article_without_a_body_is_not_damage(tmp_path: Path) -> None:
    # the length of an empty body reads as "no length" in Whoosh: once taken for a missing
    # length column, which rebuilt such an index at every open
    folder = tmp_path / "titles"
    folder.mkdir()
    for name in ("a1", "a2"):  # bodies of nothing the analyzer keeps (stop words, a letter)
        (folder / f"{name}.txt").write_text("Bridge vote, a headline\n\nOf the a, x.\n")
    (folder / "a0.txt").write_text("Bridge vote\n\nThe council voted on the bridge.\n")
    library = load_library([folder])
    from whoosh import index as whoosh_index

    from kzreader.search import store

    with SearchIndex.open(library) as ix:
        assert ix.update().rebuilt
        committed = whoosh_index.open_dir(str(ix.folder), indexname=store.INDEX_NAME)
        with committed.reader() as reader:
            last = reader.doc_count_all() - 1
            assert reader.doc_field_length(last, "body") is None  # the case: no length last
    for _ in range(2):
        with SearchIndex.open(load_library([folder])) as again:
            assert again.problem is None and not again.needs_update()
            assert again.search("bridge").total == 3
