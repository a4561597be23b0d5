"""The persisted index: incremental updates, damage, other versions, concurrent use, kill -9."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kzreader.library import load_library
from kzreader.search import IndexUnavailable, SearchIndex
from kzreader.search import index as index_module
from kzreader.search.schema import INDEX_NAME, SCHEMA_VERSION
from kzreader.search.store import MANIFEST
from kzreader.search.writer import WriteLock


@pytest.fixture
def folder(seeds: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "articles"
    shutil.copytree(seeds, copy)
    return copy


def add_word(path: Path, word: str) -> None:
    """Insert ``word`` mid-body (the cleaner may drop lines appended after the story)."""
    text = path.read_text(encoding="utf-8")
    middle = text.index(" the ", len(text) // 2)
    path.write_text(f"{text[:middle]} {word}{text[middle:]}", encoding="utf-8")


def built(folder: Path) -> SearchIndex:
    ix = SearchIndex.open(load_library([folder]))
    ix.update()
    return ix


def reopened(folder: Path) -> SearchIndex:
    return SearchIndex.open(load_library([folder]))


def test_edited_file_is_reindexed_alone(folder: Path) -> None:
    built(folder).close()
    victim = sorted(folder.iterdir())[1]
    add_word(victim, "Zanzibarquux")
    with reopened(folder) as ix:
        assert ix.needs_update()
        stats = ix.update()
        assert (stats.added, stats.updated, stats.deleted, stats.rebuilt) == (0, 1, 0, False)
        assert [h.article for h in ix.search("zanzibarquux").hits] == [victim.stem]
        assert not ix.needs_update()


def test_deleted_and_added_files(folder: Path) -> None:
    built(folder).close()
    gone, source = sorted(folder.iterdir())[:2]
    gone.unlink()
    shutil.copy(source, folder / "999_new.txt")
    add_word(folder / "999_new.txt", "Quokkaword")
    with reopened(folder) as ix:
        stats = ix.update()
        assert (stats.added, stats.updated, stats.deleted) == (1, 0, 1)
        assert [h.article for h in ix.search("quokkaword").hits] == ["999_new"]
        assert gone.stem not in {h.article for h in ix.search("police", limit=50).hits}


def test_manifest_lost_falls_back_to_the_index(folder: Path) -> None:
    ix = built(folder)
    ix.close()
    (ix.folder / MANIFEST).unlink()
    with reopened(folder) as again:
        assert not again.needs_update()
        assert again.update().changed == 0


def segment_files(folder: Path) -> list[Path]:
    """Each segment's terms file (compound segments: the one .seg file)."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".trm", ".seg"))


def toc_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".toc")


def truncate_segment(folder: Path) -> None:
    seg = segment_files(folder)[0]
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])


def delete_segment(folder: Path) -> None:
    segment_files(folder)[0].unlink()


def garbage_toc(folder: Path) -> None:
    toc_files(folder)[-1].write_bytes(b"this is not a table of contents")


@pytest.mark.parametrize("damage", [truncate_segment, delete_segment, garbage_toc])
def test_damaged_index_is_rebuilt_with_a_reason(folder: Path, damage) -> None:
    ix = built(folder)
    ix.close()
    damage(ix.folder)
    with reopened(folder) as again:
        with pytest.raises(IndexUnavailable) as unusable:  # a clear error, not a traceback
            again.search("police")
        assert unusable.value.damaged and "damaged" in str(unusable.value)
        assert again.needs_update()
        stats = again.update()
        assert stats.rebuilt and "damaged" in (stats.reason or "")
        assert again.search("police").total > 0
        assert not again.needs_update()


def test_missing_toc_is_rebuilt(folder: Path) -> None:
    ix = built(folder)
    ix.close()
    for toc in toc_files(ix.folder):
        toc.unlink()
    with reopened(folder) as again:
        assert again.needs_update()
        assert again.update().rebuilt
        assert again.search("police").total > 0


def test_stale_lock_file_does_not_block(folder: Path) -> None:
    ix = built(folder)
    ix.close()
    for name in os.listdir(ix.folder):
        assert not name.endswith("WRITELOCK.tmp")
    (ix.folder / f"{INDEX_NAME}_WRITELOCK").write_text("12345")  # left by a killed process
    victim = sorted(folder.iterdir())[0]
    add_word(victim, "Stalelockword")
    with reopened(folder) as again:
        again.lock_timeout = 0.5
        stats = again.update()
        assert stats.updated == 1 and stats.reason is None


def test_other_schema_version_is_rebuilt(folder: Path) -> None:
    ix = built(folder)
    ix.close()
    for path in list(ix.folder.iterdir()):  # pretend an older kzreader wrote it
        if f"{INDEX_NAME}_" in path.name:
            path.rename(path.with_name(path.name.replace(f"{INDEX_NAME}_", "kz0_")))
    with reopened(folder) as again:
        assert again.needs_update()
        stats = again.update()
        assert stats.rebuilt and "another version" in (stats.reason or "")
        assert not [p for p in again.folder.iterdir() if "kz0_" in p.name]
        assert json.loads((again.folder / MANIFEST).read_text())["schema"] == SCHEMA_VERSION


def test_second_process_reads_while_first_holds_the_lock(folder: Path) -> None:
    writer_ix = built(folder)
    reader_ix = reopened(folder)
    lock = WriteLock(writer_ix.folder)
    assert lock.acquire(1.0)
    try:
        victim = sorted(folder.iterdir())[0]
        add_word(victim, "Lockedword")
        reader_ix.library = load_library([folder])
        reader_ix.lock_timeout = 0.2
        stats = reader_ix.update()
        assert stats.changed == 0 and "another kzreader process" in (stats.reason or "")
        assert reader_ix.search("police").total > 0  # last committed state
    finally:
        lock.release()
    assert reader_ix.update().updated == 1
    writer_ix.close()
    reader_ix.close()


def test_search_sees_commits_from_another_instance(folder: Path, monkeypatch) -> None:
    monkeypatch.setattr(index_module, "RECHECK", 0.0)
    first = built(folder)
    second = reopened(folder)
    assert second.search("otherinstanceword").total == 0
    victim = sorted(folder.iterdir())[0]
    add_word(victim, "Otherinstanceword")
    first.library = load_library([folder])
    assert first.update().updated == 1
    assert second.search("otherinstanceword").total == 1
    first.close()
    second.close()


def test_search_from_a_thread_while_updating(folder: Path) -> None:
    ix = built(folder)
    errors: list[BaseException] = []
    stop = threading.Event()

    def typing() -> None:
        try:
            while not stop.is_set():
                for n in range(1, 8):
                    ix.search("police killed"[:n], as_you_type=True)
                ix.search("police killed")
        except BaseException as exc:  # noqa: BLE001 - any error in the thread fails the test below
            errors.append(exc)

    worker = threading.Thread(target=typing)
    worker.start()
    try:
        for _ in range(3):
            ix.update(rebuild=True)
    finally:
        stop.set()
        worker.join()
        ix.close()
    assert errors == []


KILLED_BUILD = """
import sys
from pathlib import Path
from kzreader.library import load_library
from kzreader.search import IndexUnavailable, SearchIndex

def progress(done, total):
    print(done, total, flush=True)
    if done > 5:
        import time; time.sleep(30)

ix = SearchIndex.open(load_library([Path(sys.argv[1])]))
ix.update(rebuild=True, progress=progress)
"""


def test_kill_9_mid_build_loses_only_that_run(folder: Path, tmp_path: Path) -> None:
    ix = built(folder)
    before = ix.search("police").total
    ix.close()
    for n in range(40):  # enough articles that the build is still running when killed
        shutil.copy(sorted(folder.iterdir())[0], folder / f"copy_{n:03}.txt")
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert child.stdout is not None
    for line in child.stdout:
        if int(line.split()[0]) > 5:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    for copy in folder.glob("copy_*.txt"):
        copy.unlink()
    with reopened(folder) as again:
        assert again.problem is None
        assert again.search("police").total == before
        assert not again.needs_update()
