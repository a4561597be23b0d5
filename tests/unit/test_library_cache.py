"""The library cache gives exactly what cleaning the files gives, and sees every change.

Each test compares a load through the cache (`open_library`, as both faces load) with a plain
load (`load_library`, every file read and cleaned), field by field, warnings included.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from pathlib import Path

import pytest

from kzreader import locations
from kzreader.config import Config, LibraryConfig, OutletOverride
from kzreader.library import Library, cache, lazyarticle, load_library, open_library
from kzreader.library import cachefile as cf
from kzreader.library import cachekeys as keys

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpora" / "bulk" / "news.jsonl.gz"


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def story(n: int, extra: str = "") -> str:
    return f"Story number {n}\n\nThe council met for meeting {n}.{extra}\n\nIt voted on item {n}.\n"


def cached(folder: Path | list[Path], config: Config | None = None) -> Library:
    return open_library(config or Config(), folder if isinstance(folder, list) else [folder])


def plain(folder: Path | list[Path], config: Config | None = None) -> Library:
    config = config or Config()
    folders = folder if isinstance(folder, list) else [folder]
    return load_library(folders, config.outlets, int(config.library.max_file_mb * 1024 * 1024))


def rows(library: Library) -> list[tuple[object, ...]]:
    return [lazyarticle.values(a) for a in library]


def assert_same(got: Library, want: Library) -> None:
    """Every field of every article, the order, and the warnings."""
    assert [a.id for a in got] == [a.id for a in want]
    assert rows(got) == rows(want)
    assert [(str(w.path), w.message) for w in got.warnings] == [
        (str(w.path), w.message) for w in want.warnings
    ]
    assert got.sources == want.sources
    for a in got:
        assert got.get(a.id) is a
        assert a.file == want.get(a.id).file and a.folder == want.get(a.id).folder


def cache_file(folder: Path | list[Path]) -> Path:
    return locations.library_cache_file(folder if isinstance(folder, list) else [folder])


class Reads:
    """Counts the files the cache reads and cleans (misses)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = cache.read_article

        def counting(path: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            self.names.append(path.name)
            return real(path, *args, **kwargs)

        monkeypatch.setattr(cache, "read_article", counting)

    def take(self) -> list[str]:
        names, self.names = sorted(self.names), []
        return names


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    return Reads(monkeypatch)


@pytest.fixture
def settled_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled (no racy margin), so the stat-only path runs."""
    monkeypatch.setattr(cache, "RACY_NS", 0)


# --- the same library --------------------------------------------------------------------------


def test_seeds_cold_and_warm_equal_a_plain_load(seeds):
    want = plain(seeds)
    cold = cached(seeds)
    assert_same(cold, want)
    assert cache_file(seeds).is_file()
    warm = cached(seeds)
    assert all(isinstance(a, lazyarticle.LazyArticle) for a in warm)
    assert all("text" not in vars(a) for a in warm)  # metadata only, until text is asked for
    assert_same(warm, want)
    assert any(a.captions for a in warm) and any(a.byline for a in warm)
    assert_same(cached(seeds), want)


def test_clusters_equal_a_plain_load(clusters_dir):
    want = plain(clusters_dir)
    assert_same(cached(clusters_dir), want)
    warm = cached(clusters_dir)
    assert all(isinstance(a, lazyarticle.LazyArticle) for a in warm)
    assert_same(warm, want)
    zones = {type(a.published.tzinfo).__name__ for a in warm if a.published}
    assert zones == {"timezone", "ZoneInfo", "NoneType"}  # every kind of date round-trips


def test_thousands_of_bulk_articles_equal_a_plain_load(tmp_path):
    if not CORPUS.is_file():
        pytest.skip("../shared/corpora/bulk is absent")
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_library import write_files  # the benchmark's own library of files

    folder = tmp_path / "bulk"
    write_files(CORPUS, folder, 2500)
    want = plain(folder)
    assert len(want) > 2000
    assert_same(cached(folder), want)
    assert_same(cached(folder), want)


def test_several_folders_subfolders_overrides_and_duplicate_ids(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write(one, "a.txt", story(1))
    write(one, "event/b.md", story(2))
    write(one, "event/deep/c.html", "<title>Deep</title><p>The deep story was told.</p>")
    write(one, "a.md", story(3))  # "one/a" too: a.txt, after it, is skipped naming it
    write(two, "legacy.txt", "Caf\u00e9 Opens\n\nThe caf\u00e9 opened today.\n".encode("cp1252"))
    write(two, "empty.txt", b"")
    write(two, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(two, "unknown.txt", story(4))
    write(two, "SOURCES.md", "| file | outlet |\n|---|---|\n| `unknown.txt` | u.example |\n")
    config = Config(outlets={"two/legacy": OutletOverride(outlet="Over", title="Ride")})
    want = plain([one, two], config)
    skipped = {"a.txt", "legacy.txt", "empty.txt", "binary.txt"}
    assert {w.path.name for w in want.warnings} == skipped
    assert [a.id for a in want][:3] == ["one/a", "one/event/b", "one/event/deep/c"]
    for _ in range(3):
        assert_same(cached([one, two], config), want)
    assert cached([one, two], config).get("two/legacy").title == "Ride"
    assert cached([one, two], config).get("two/unknown").outlet == "u.example"


# --- what changed --------------------------------------------------------------------------------


def test_an_edited_file_is_read_again_and_only_it(tmp_path, reads, settled_now):
    for n in range(4):
        write(tmp_path, f"s{n}.txt", story(n))
    cached(tmp_path)
    reads.take()
    assert_same(cached(tmp_path), plain(tmp_path))  # every file as it was: no file read
    assert reads.take() == []
    write(tmp_path, "s2.txt", story(2, " With a new sentence."))
    library = cached(tmp_path)
    assert "new sentence" in library.get("s2").text
    assert reads.take() == ["s2.txt"]
    assert_same(library, plain(tmp_path))


def test_an_edit_in_the_same_second_with_the_same_size_is_seen(tmp_path, settled_now):
    path = write(tmp_path, "a.txt", story(1))
    before = path.stat()
    cached(tmp_path)
    write(tmp_path, "a.txt", story(2))  # same length, other bytes
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same mtime
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert_same(cached(tmp_path), plain(tmp_path))
    assert "meeting 2" in cached(tmp_path).get("a").text


def coarse_stat(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system that keeps neither ctime nor stable inodes (FAT, some network mounts)."""

    def key(st: os.stat_result) -> tuple[int, ...]:
        return (st.st_size, st.st_mtime_ns, 0, 0, st.st_mode)

    monkeypatch.setattr(cf, "stat_key", key)


def test_racy_entries_are_checked_by_content(tmp_path, monkeypatch, reads):
    """With only size and mtime, an edit that keeps both is caught while the entry is racy
    (the file changed within RACY_NS of being read): its bytes are compared every load."""
    coarse_stat(monkeypatch)
    path = write(tmp_path, "a.txt", story(1))
    before = path.stat()
    cached(tmp_path)
    (folder,) = cf.Snapshot.open(cache_file(tmp_path), keys.cleaner_key()).folders.values()
    assert folder.rels == ("a.txt",) and folder.rows.settled == b"\0"  # racy
    reads.take()
    cached(tmp_path)
    assert reads.take() == []  # same bytes: hashed, not cleaned again
    write(tmp_path, "a.txt", story(2))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert "meeting 2" in cached(tmp_path).get("a").text
    assert reads.take() == ["a.txt"]


def test_settled_entries_trust_the_stat(tmp_path, monkeypatch, reads, settled_now):
    """Once settled, an unchanged stat means an unchanged file: nothing is read.  (This is the
    documented limit: on a file system without ctime and inodes, an edit of an old file that
    keeps its size and mtime goes unseen, as in git.)"""
    write(tmp_path, "a.txt", story(1))
    write(tmp_path, "b.txt", story(2))
    cached(tmp_path)
    reads.take()
    hashed: list[str] = []
    real = cache._same_bytes
    monkeypatch.setattr(cache, "_same_bytes", lambda p, sha: hashed.append(p.name) or real(p, sha))
    assert_same(cached(tmp_path), plain(tmp_path))
    assert reads.take() == [] and hashed == []


def test_a_file_replaced_by_another_is_read_again(tmp_path, reads, settled_now):
    path = write(tmp_path, "a.txt", story(1))
    other = write(tmp_path, "elsewhere/other.txt", story(2))
    shutil.copystat(path, other)  # same mtime, size: only the inode tells
    cached(tmp_path)
    reads.take()
    other.replace(path)
    assert "meeting 2" in cached(tmp_path).get("a").text
    assert_same(cached(tmp_path), plain(tmp_path))
    assert reads.take() == ["a.txt"]


def test_a_copy_with_the_same_bytes_is_not_cleaned_again(tmp_path, reads, settled_now):
    path = write(tmp_path, "a.txt", story(1))
    cached(tmp_path)
    reads.take()
    copy = tmp_path / "copy.tmp"
    shutil.copy2(path, copy)
    copy.replace(path)  # new inode, same bytes and mtime
    assert_same(cached(tmp_path), plain(tmp_path))
    assert reads.take() == []
    file = cache_file(tmp_path)
    written = file.stat().st_mtime_ns
    assert_same(cached(tmp_path), plain(tmp_path))  # the new stat was kept: nothing to write
    assert file.stat().st_mtime_ns == written


def test_touching_a_file_keeps_its_cleaned_article(tmp_path, reads, settled_now):
    path = write(tmp_path, "a.txt", story(1))
    cached(tmp_path)
    reads.take()
    os.utime(path, ns=(10**18, 10**18))
    assert_same(cached(tmp_path), plain(tmp_path))
    assert reads.take() == []


def test_renamed_deleted_and_added_files(tmp_path, reads, settled_now):
    for n in range(5):
        write(tmp_path, f"s{n}.txt", story(n))
    cached(tmp_path)
    reads.take()
    (tmp_path / "s1.txt").rename(tmp_path / "renamed.txt")
    (tmp_path / "s2.txt").unlink()
    write(tmp_path, "new.txt", story(7))
    write(tmp_path, "sub/newer.md", story(8))
    library = cached(tmp_path)
    assert_same(library, plain(tmp_path))
    assert [a.id for a in library] == ["new", "renamed", "s0", "s3", "s4", "sub/newer"]
    assert reads.take() == ["new.txt", "newer.md", "renamed.txt"]
    assert_same(cached(tmp_path), plain(tmp_path))
    assert reads.take() == []


def test_folder_changes_that_discover_sees(tmp_path, settled_now):
    """Every kind of change under a folder: the cached load follows discover()."""
    write(tmp_path, "a.txt", story(1))
    write(tmp_path, "sub/b.txt", story(2))
    steps = [
        lambda: write(tmp_path, ".hidden.txt", story(3)),  # not an article
        lambda: write(tmp_path, ".git/c.txt", story(3)),  # inside a hidden folder
        lambda: write(tmp_path, "README.md", story(3)),  # a folder note
        lambda: write(tmp_path, "notes.pdf", story(3)),  # another suffix
        lambda: (tmp_path / "sub" / "b.txt").rename(tmp_path / "sub" / "B.TXT"),
        lambda: (tmp_path / "sub").rename(tmp_path / "moved"),
        lambda: (tmp_path / "a.txt").unlink(),
        lambda: (tmp_path / "a.txt").mkdir(),  # a folder named like an article
        lambda: write(tmp_path, "a.txt/inner.txt", story(4)),
        lambda: (tmp_path / "link.txt").symlink_to(tmp_path / "moved" / "B.TXT"),
        lambda: (tmp_path / "dangling.txt").symlink_to(tmp_path / "later.txt"),
        lambda: write(tmp_path, "later.txt", story(5)),  # the dangling link now points at it
        lambda: (tmp_path / "linked").symlink_to(tmp_path / "moved", target_is_directory=True),
        lambda: write(tmp_path, "moved/c.txt", story(6)),  # seen through the link too
        lambda: (tmp_path / "linked").unlink(),
    ]
    assert_same(cached(tmp_path), plain(tmp_path))
    for step in steps:
        step()
        want = plain(tmp_path)
        assert_same(cached(tmp_path), want)
        assert_same(cached(tmp_path), want)


def test_the_listing_changes_whenever_discover_does(tmp_path):
    """The shortcut's premise: if discover() would give other files, the listing differs."""
    from kzreader.library.loader import discover

    write(tmp_path, "a.txt", story(1))
    write(tmp_path, "x/y/b.md", story(2))

    def state() -> tuple[bytes, list[Path]]:
        digest, usable, _stats = keys.listing(str(tmp_path))
        return (digest if usable else b"unusable"), discover(tmp_path)

    seen = [state()]
    for step in (
        lambda: write(tmp_path, "x/c.html", "<p>C</p>"),
        lambda: (tmp_path / "x" / "c.html").rename(tmp_path / "x" / "d.html"),
        lambda: (tmp_path / "x" / "y").rename(tmp_path / "x" / "z"),
        lambda: write(tmp_path, "x/z/.e.txt", story(3)),
        lambda: (tmp_path / "x" / "z" / "b.md").unlink(),
        lambda: (tmp_path / "f.txt").symlink_to(tmp_path / "a.txt"),
        lambda: (tmp_path / "g.txt").symlink_to(tmp_path / "nowhere.txt"),
        lambda: write(tmp_path, "nowhere.txt", story(4)),
    ):
        step()
        seen.append(state())
    for (d1, files1), (d2, files2) in itertools.pairwise(seen):
        if files1 != files2:
            assert d1 != d2


def test_an_unchanged_listing_skips_discover(tmp_path, monkeypatch, settled_now):
    write(tmp_path, "a.txt", story(1))
    write(tmp_path, "sub/b.txt", story(2))
    calls: list[Path] = []
    real = cache.discover

    def spy(folder: Path, *args: object) -> list[Path]:
        calls.append(folder)
        return real(folder, *args)

    monkeypatch.setattr(cache, "discover", spy)
    cached(tmp_path)
    assert calls == [tmp_path]
    cached(tmp_path)
    assert calls == [tmp_path]  # the listing stood in for it
    write(tmp_path, "sub/c.txt", story(3))
    assert_same(cached(tmp_path), plain(tmp_path))
    assert calls == [tmp_path, tmp_path]
    (tmp_path / "linked").symlink_to(tmp_path / "sub", target_is_directory=True)
    cached(tmp_path)
    cached(tmp_path)
    assert len(calls) == 4  # a linked folder: discover() every time


def test_what_discover_warns_about_is_said_again_from_the_cache(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", story(1))
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "pipe.md")
    write(tmp_path, "sub/b.txt", story(2))
    want = plain(tmp_path)
    assert {w.path.name for w in want.warnings} == {"dangling.txt", "pipe.md"}
    calls: list[Path] = []
    real = cache.discover

    def spy(folder: Path, *args: object) -> list[Path]:
        calls.append(folder)
        return real(folder, *args)

    monkeypatch.setattr(cache, "discover", spy)
    assert_same(cached(tmp_path), want)
    assert_same(cached(tmp_path), want)
    assert len(calls) == 1  # the second load said them from the cache


def test_a_cache_dir_inside_the_source_folder_is_left_out(tmp_path, monkeypatch, settled_now):
    source = tmp_path / "news"
    write(source, "a.txt", story(1))
    monkeypatch.setenv("KZREADER_CACHE_DIR", str(source / "kzcache"))
    want = plain(source)
    assert [a.id for a in want] == ["a"]
    assert_same(cached(source), want)
    assert (source / "kzcache").is_dir()  # the cache, written inside the folder
    reads_before = cache_file(source).stat().st_mtime_ns
    assert_same(cached(source), want)
    assert cache_file(source).stat().st_mtime_ns == reads_before  # its own files changed nothing


def test_skipped_files_and_their_fixes(tmp_path, settled_now):
    write(tmp_path, "ok.txt", story(1))
    empty = write(tmp_path, "empty.txt", b"")
    big = write(tmp_path, "big.txt", story(2, " And more." * 300))
    config = Config(library=LibraryConfig(max_file_mb=0.002))
    assert_same(cached(tmp_path, config), plain(tmp_path, config))
    assert_same(cached(tmp_path, config), plain(tmp_path, config))  # skipped, from the cache
    assert_same(cached(tmp_path), plain(tmp_path))  # a larger limit: big.txt loads
    assert_same(cached(tmp_path, config), plain(tmp_path, config))  # and is skipped again
    write(tmp_path, "empty.txt", story(3))
    os.utime(empty, ns=(10**18, 10**18))
    assert cached(tmp_path).get("empty") is not None
    assert_same(cached(tmp_path), plain(tmp_path))
    big.unlink()
    assert_same(cached(tmp_path, config), plain(tmp_path, config))


def test_manifest_and_config_changes_apply_to_cached_articles(tmp_path, settled_now):
    write(tmp_path, "a.txt", story(1))
    assert cached(tmp_path).get("a").outlet == "unknown"
    write(tmp_path, "SOURCES.md", "| file | outlet |\n|---|---|\n| `a.txt` | first.example |\n")
    assert cached(tmp_path).get("a").outlet == "first.example"
    write(tmp_path, "SOURCES.md", "| file | outlet |\n|---|---|\n| `a.txt` | second.example |\n")
    assert cached(tmp_path).get("a").outlet == "second.example"
    config = Config(outlets={"a.txt": OutletOverride(title="Config Title")})
    library = cached(tmp_path, config)
    assert library.get("a").title == "Config Title"
    assert "text" not in vars(library.get("a"))  # the changes kept the text unread
    assert_same(library, plain(tmp_path, config))


def test_another_cleaner_version_rebuilds_everything_with_one_warning(tmp_path, monkeypatch, reads):
    for n in range(3):
        write(tmp_path, f"s{n}.txt", story(n))
    cached(tmp_path)
    reads.take()
    monkeypatch.setattr(keys, "_KEY", "0" * 64)  # as after an upgrade or an edit of clean.py
    library = cached(tmp_path)
    assert [w.message for w in library.warnings] == [
        "library cache rebuilt (written by another version of kzreader)"
    ]
    assert library.warnings[0].path == cache_file(tmp_path)
    assert reads.take() == ["s0.txt", "s1.txt", "s2.txt"]
    assert cached(tmp_path).warnings == ()
    assert_same(cached(tmp_path), plain(tmp_path))


def test_the_key_covers_the_format_python_and_every_library_module(monkeypatch):
    key = keys.cleaner_key()
    assert key == keys.cleaner_key()
    monkeypatch.setattr(keys, "_KEY", None)
    monkeypatch.setattr(keys, "FORMAT", keys.FORMAT + 1)
    assert keys.cleaner_key() != key
    monkeypatch.setattr(keys, "FORMAT", keys.FORMAT - 1)
    package = Path(cache.__file__).resolve().parent
    modules = [*sorted(package.rglob("*.py")), package.parent / "safetext.py"]
    assert {p.name for p in modules} >= {"clean.py", "loader.py", "decode.py", "safetext.py"}
    real = Path.read_bytes
    for module in modules:
        monkeypatch.setattr(keys, "_KEY", None)
        monkeypatch.setattr(
            Path, "read_bytes", lambda p, m=module: real(p) + (b"#" if p == m else b"")
        )
        assert keys.cleaner_key() != key, module.name
    monkeypatch.setattr(Path, "read_bytes", real)
    monkeypatch.setattr(keys, "_KEY", None)
    assert keys.cleaner_key() == key


def test_the_key_covers_the_packages_cleaning_imports(monkeypatch):
    """Every third-party package a library module imports is one whose version is in the key."""
    import ast

    package = Path(cache.__file__).resolve().parent
    imported = set()
    for module in package.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = {n for n in imported if n not in sys.stdlib_module_names and n != "kzreader"}
    assert third_party <= set(keys.CLEANER_DEPENDENCIES)
    versions = keys.dependency_versions()
    assert any(v.startswith("trafilatura-") for v in versions)  # a dist-info name: the version
    key = keys.cleaner_key()
    monkeypatch.setattr(keys, "_KEY", None)
    monkeypatch.setattr(keys, "dependency_versions", lambda: [*versions[:-1], "courlan-9.9"])
    assert keys.cleaner_key() != key


def test_turned_off_it_writes_nothing(tmp_path, monkeypatch, seeds):
    monkeypatch.setenv(cache.ENV_SWITCH, "0")
    assert_same(cached(seeds), plain(seeds))
    assert not cache_file(seeds).exists()
    assert not any(isinstance(a, lazyarticle.LazyArticle) for a in cached(seeds))


def test_cli_output_is_the_same_with_and_without_the_cache(seeds, capsys, monkeypatch):
    from kzreader.cli import main

    first = seeds_ids = [a.id for a in plain(seeds)]
    outputs = []
    for switch in ("0", "1", "1"):
        monkeypatch.setenv(cache.ENV_SWITCH, switch)
        for argv in (
            ["sources", "--json"],
            ["show", first[1], "--json"],
            ["search", "police", "--json"],
            ["facts", "--articles", *seeds_ids[:3], "--json"],
        ):
            main(["--source", str(seeds), *argv])
        outputs.append(capsys.readouterr())
    assert outputs[0] == outputs[1] == outputs[2]
    assert '"text"' in outputs[0].out and "hits" in outputs[0].out
