"""A damaged, foreign or unwritable library cache is never trusted and never fatal; articles
read from it behave as plain Articles; concurrent processes each see whole versions."""

from __future__ import annotations

import copy
import dataclasses
import os
import pickle
import struct
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_library_cache import assert_same, cache_file, cached, plain, rows, story, write

from kzreader.library import Article, cache, lazyarticle
from kzreader.library import cachefile as cf
from kzreader.library import cachekeys as keys
from kzreader.library import loader as loader_module


def library_of(tmp_path: Path, count: int = 4) -> Path:
    folder = tmp_path / "lib"
    for n in range(count):
        write(folder, f"s{n}.txt", story(n))
    return folder


def bodies_start(data: bytes) -> int:
    key_len = struct.unpack_from("<H", data, 8)[0]
    meta_len = struct.unpack_from("<Q", data, 10 + key_len)[0]
    return 10 + key_len + 20 + meta_len


def damaged_loads(folder: Path, expect: str) -> None:
    """The next load warns once (naming the cache file and the reason) and equals a plain
    load; the one after is clean."""
    library = cached(folder)
    assert [(w.path, w.message) for w in library.warnings] == [
        (cache_file(folder), f"library cache rebuilt ({expect})")
    ]
    assert rows(library) == rows(plain(folder))
    assert_same(cached(folder), plain(folder))


@pytest.mark.parametrize(
    ("damage", "expect"),
    [
        (lambda data: data[: len(data) // 2], "damaged: "),
        (lambda data: data[:5], "damaged: cut short"),
        (lambda data: b"", "damaged: cut short"),
        (lambda data: os.urandom(len(data)), "damaged: not a kzreader library cache"),
        (lambda data: data + b"trailing", "damaged: "),
        (lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]) + b"", None),  # a body: lazily
    ],
)
def test_cut_short_garbled_or_grown_caches_are_rebuilt(tmp_path, damage, expect):
    folder = library_of(tmp_path)
    cached(folder)
    file = cache_file(folder)
    file.write_bytes(damage(file.read_bytes()))
    if expect is None:  # a damaged body is found when its text is read, then read from the file
        assert_same(cached(folder), plain(folder))
        return
    library = cached(folder)
    assert len(library.warnings) == 1 and library.warnings[0].path == file
    assert library.warnings[0].message.startswith(f"library cache rebuilt ({expect}")
    assert rows(library) == rows(plain(folder))
    assert_same(cached(folder), plain(folder))


def test_a_garbled_meta_fails_its_checksum(tmp_path):
    folder = library_of(tmp_path)
    cached(folder)
    file = cache_file(folder)
    data = bytearray(file.read_bytes())
    data[bodies_start(bytes(data)) - 10] ^= 0x55  # inside the meta
    file.write_bytes(bytes(data))
    damaged_loads(folder, "damaged: checksum mismatch")


def test_a_cache_of_another_version_is_rebuilt(tmp_path):
    folder = library_of(tmp_path)
    cached(folder)
    file = cache_file(folder)
    data = bytearray(file.read_bytes())
    data[10] = ord("0") if data[10] != ord("0") else ord("1")  # the key's first digit
    file.write_bytes(bytes(data))
    damaged_loads(folder, "written by another version of kzreader")


@pytest.mark.parametrize("settled", [True, False])  # both the whole-folder and per-file paths
@pytest.mark.parametrize(
    ("change", "expect"),
    [
        (lambda e: (*e[:7], "not details", e[8]), "ValueError"),
        (lambda e: (*e[:3], "x", *e[4:]), "ValueError"),
        (lambda e: (*e[:4], None, None, None, None, e[8]), "TypeError"),
    ],
)
def test_an_entry_that_makes_no_sense_is_distrusted(tmp_path, monkeypatch, settled, change, expect):
    if settled:
        monkeypatch.setattr(cache, "RACY_NS", 0)
    folder = library_of(tmp_path)
    cached(folder)
    file = cache_file(folder)
    snapshot = cf.Snapshot.open(file, keys.cleaner_key())
    ((key, folder_),) = snapshot.folders.items()
    entries = folder_.rows.entries(folder_.rels)
    writer = cf.SnapshotWriter()
    writer.copy(snapshot, 0, sum(e[cf.A_BODY][1] for e in entries.values()))
    entries["s1.txt"] = change(entries["s1.txt"])  # nonsense under a valid checksum
    writer.write(file, keys.cleaner_key(), {key: folder_.dump(entries)})
    damaged_loads(folder, f"damaged: {expect} in the entry for s1.txt")


def damage_first_body(folder: Path) -> None:
    file = cache_file(folder)
    data = bytearray(file.read_bytes())
    data[bodies_start(bytes(data)) + 3] ^= 0x55  # inside the first body (s0.txt's)
    file.write_bytes(bytes(data))


def test_a_damaged_body_is_read_again_from_its_file(tmp_path, monkeypatch):
    folder = library_of(tmp_path)
    cached(folder)
    damage_first_body(folder)
    library = cached(folder)
    assert library.warnings == ()  # bodies are checked when read
    want = rows(plain(folder))
    reread: list[str] = []
    real = loader_module.read_article
    monkeypatch.setattr(
        loader_module, "read_article", lambda p, *a, **k: reread.append(p.name) or real(p, *a, **k)
    )
    assert rows(library) == want
    assert reread == ["s0.txt"]


def test_a_damaged_body_of_a_changed_file_is_an_error_naming_it(tmp_path):
    folder = library_of(tmp_path)
    cached(folder)
    damage_first_body(folder)
    library = cached(folder)
    write(folder, "s0.txt", story(9, " Edited since."))
    with pytest.raises(lazyarticle.CacheBodyLost, match=r"s0\.txt: the cached text is damaged"):
        _ = library.get("s0").text
    assert library.get("s1").text == plain(folder).get("s1").text


def test_an_unreadable_cache_path_still_loads(tmp_path):
    folder = library_of(tmp_path)
    cache_file(folder).mkdir(parents=True)  # a folder where the file should be
    library = cached(folder)
    assert rows(library) == rows(plain(folder))
    assert [w.path for w in library.warnings] == [cache_file(folder)] * 2
    assert "unreadable" in library.warnings[0].message
    assert "cannot write the library cache" in library.warnings[1].message


def test_an_unwritable_cache_dir_loads_without_caching_with_one_warning(tmp_path):
    folder = library_of(tmp_path)
    blocked = cache_file(folder).parent
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("not a folder")  # nothing can be made under it
    for _ in range(2):
        library = cached(folder)
        assert rows(library) == rows(plain(folder))
        assert len(library.warnings) == 1
        assert library.warnings[0].message.startswith("cannot write the library cache (")
        assert library.warnings[0].message.endswith("); loaded without it")


def writes_anyway(folder: Path) -> bool:
    """Whether this process writes into read-only folders (root with CAP_DAC_OVERRIDE)."""
    probe = folder / "probe"
    probe.mkdir(mode=0o555)
    try:
        (probe / "x").write_text("x")
    except PermissionError:
        return False
    finally:
        probe.chmod(0o755)
    return True


def test_a_read_only_cache_dir(tmp_path):
    if writes_anyway(tmp_path):
        pytest.skip("this process writes into read-only folders (root)")
    folder = library_of(tmp_path)
    cached(folder)  # a valid cache, then the folder becomes read-only
    directory = cache_file(folder).parent
    directory.chmod(0o555)
    try:
        assert_same(cached(folder), plain(folder))  # unchanged: read, nothing to write
        write(folder, "new.txt", story(7))
        library = cached(folder)
        assert rows(library) == rows(plain(folder))
        assert [w.message.split(" (")[0] for w in library.warnings] == [
            "cannot write the library cache"
        ]
    finally:
        directory.chmod(0o755)


def test_a_version_open_in_one_process_survives_its_replacement(tmp_path):
    folder = library_of(tmp_path)
    cached(folder)
    first = cached(folder)  # lazy articles over version 1
    want = {a.id: a.text for a in plain(folder)}
    write(folder, "s0.txt", story(5, " Changed."))
    write(folder, "s9.txt", story(9))
    second = cached(folder)  # writes version 2 over version 1's name
    assert "Changed" in second.get("s0").text
    assert {a.id: a.text for a in first if a.id != "s0"} == {
        k: v for k, v in want.items() if k != "s0"
    }
    assert_same(cached(folder), plain(folder))


LOADER = """
import hashlib, sys
from pathlib import Path
from kzreader.config import Config
from kzreader.library import open_library
from kzreader.library.lazyarticle import values
library = open_library(Config(), [Path(sys.argv[1])])
print(hashlib.sha256(repr([values(a) for a in library]).encode()).hexdigest())
print(len(library.warnings))
"""


def test_concurrent_processes_each_see_a_whole_version(tmp_path):
    folder = library_of(tmp_path, 300)
    want = plain(folder)
    digests = set()
    for _round in range(2):  # cold (all write), then warm while some rewrite after an edit
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", LOADER, str(folder)], stdout=subprocess.PIPE, text=True
            )
            for _ in range(4)
        ]
        for proc in procs:
            out, _ = proc.communicate(timeout=120)
            assert proc.returncode == 0
            digest, warnings = out.split()
            assert warnings == "0"
            digests.add(digest)
        write(folder, "s5.txt", story(5, " Edited between rounds."))
    assert len(digests) == 2  # one library per round, the same in every process
    assert_same(cached(folder), plain(folder))
    assert rows(want) != rows(plain(folder))


def test_stale_temporary_files_are_removed(tmp_path):
    folder = library_of(tmp_path)
    cached(folder)
    directory = cache_file(folder).parent
    old = directory / ".kzlib-dead.tmp"
    young = directory / ".kzlib-writing.tmp"
    old.write_bytes(b"left by a killed process")
    young.write_bytes(b"another process writing")
    os.utime(old, (0, 0))
    write(folder, "new.txt", story(8))
    cached(folder)
    assert not old.exists() and young.exists()


# --- articles from the cache ---------------------------------------------------------------------


def test_cached_articles_behave_as_plain_articles(tmp_path, seeds):
    cached(seeds)
    lazy = {a.id: a for a in cached(seeds)}
    for article in plain(seeds):
        other = lazy[article.id]
        assert isinstance(other, lazyarticle.LazyArticle) and isinstance(other, Article)
        assert other == article and article == other and hash(other) == hash(article)
        assert other.path == article.path and other.file == article.file
        assert other.folder == article.folder == article.path.parent
        assert other.summary() == article.summary() and other.to_json() == article.to_json()
        assert other.paragraph_spans() == article.paragraph_spans()
        for clone in (pickle.loads(pickle.dumps(other)), copy.copy(other), copy.deepcopy(other)):
            assert type(clone) is Article and clone == article
        assert dataclasses.asdict(other) == dataclasses.asdict(article)
        assert dataclasses.replace(other, title="T") == dataclasses.replace(article, title="T")
        with pytest.raises(dataclasses.FrozenInstanceError):
            other.text = "x"  # type: ignore[misc]
    assert len(set(lazy.values()) | set(plain(seeds))) == len(lazy)


def test_finding_an_article_in_a_list_reads_no_text(tmp_path):
    folder = library_of(tmp_path, 6)
    cached(folder)
    rows_ = list(cached(folder).articles)
    again = cached(folder).get("s5")  # equal to the last row, another object
    assert rows_.index(again) == 5 and again in rows_
    assert [a.id for a in rows_ if "text" in vars(a)] == ["s5"]  # compared to the end
    assert rows_[0] != rows_[1] and "text" not in vars(rows_[0])


def test_with_changes_keeps_the_text_unread(tmp_path):
    folder = library_of(tmp_path)
    cached(folder)
    article = cached(folder).get("s1")
    changed = article.with_changes(outlet="Other", title="New")
    assert "text" not in vars(changed) and "path" not in vars(changed)
    assert (changed.outlet, changed.title, changed.id) == ("Other", "New", "s1")
    assert changed.text == plain(folder).get("s1").text
    assert changed == dataclasses.replace(plain(folder).get("s1"), outlet="Other", title="New")
    with pytest.raises(TypeError, match="no field 'colour'"):
        article.with_changes(colour="red")


class _Odd(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)


@pytest.mark.parametrize(
    "value",
    [
        None,
        datetime(2024, 5, 4),
        datetime(2024, 5, 4, 10, 30, 5, 123, tzinfo=UTC),
        datetime(2024, 5, 4, 10, 30, tzinfo=timezone(timedelta(hours=-5), "EST")),
        datetime(2024, 5, 4, 10, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        datetime(2024, 11, 3, 1, 30, tzinfo=ZoneInfo("America/New_York"), fold=1),
    ],
)
def test_dates_round_trip_with_their_zone(value):
    zones: dict[object, tzinfo | None] = {}
    back = cf.decode_published(cf.encode_published(value), zones)
    assert back == value
    if value is not None:
        assert back is not None
        assert (back.tzname(), back.utcoffset(), back.fold) == (
            value.tzname(),
            value.utcoffset(),
            value.fold,
        )
        assert type(back.tzinfo) is type(value.tzinfo)


def test_an_uncacheable_value_is_cleaned_on_each_load(tmp_path, monkeypatch):
    folder = library_of(tmp_path, 2)
    real = loader_module.read_article

    def odd(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        article, notes = real(path, *args, **kwargs)
        if path.name == "s1.txt":
            article = dataclasses.replace(article, published=datetime(2020, 1, 1, tzinfo=_Odd()))
        return article, notes

    monkeypatch.setattr(cache, "read_article", odd)
    with pytest.raises(cf.Uncacheable):
        cf.encode_published(datetime(2020, 1, 1, tzinfo=_Odd()))
    for _ in range(2):
        library = cached(folder)
        assert library.warnings == ()
        assert isinstance(library.get("s1").published.tzinfo, _Odd)
    assert isinstance(cached(folder).get("s0"), lazyarticle.LazyArticle)
    assert not isinstance(cached(folder).get("s1"), lazyarticle.LazyArticle)


def test_without_pread_bodies_are_read_by_seek_and_read(tmp_path, monkeypatch):
    folder = library_of(tmp_path)
    cached(folder)
    monkeypatch.delattr(os, "pread")  # as on Windows
    assert_same(cached(folder), plain(folder))


def test_a_missing_or_plain_file_source_is_the_loader_error(tmp_path):
    from kzreader.library import SourceError

    with pytest.raises(SourceError, match="source folder does not exist"):
        cached(tmp_path / "nope")
    write(tmp_path, "file.txt", story(1))
    with pytest.raises(SourceError, match="source is not a folder"):
        cached(tmp_path / "file.txt")
    assert not cache_file(tmp_path / "nope").exists()
