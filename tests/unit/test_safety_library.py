"""Source folders: what cannot be read is a warning naming it, never a silent gap or a crash.

Issue 14: an unlistable source folder or subfolder was dropped without a warning; ``sources:
[/proc]`` crashed and ``[/]`` loaded 34,002 files quietly; same file names in several
``--source`` folders collided (four cluster folders loaded 33 of 40).  Also: symlink loops,
a source that is a file, a missing folder, odd file names.  The tests run as root here, so an
unreadable folder or file is simulated by making ``os.scandir`` / ``read_bytes`` raise the
error the kernel gives (a real ``chmod`` test runs too when not root).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kzreader.cli import main
from kzreader.library import SourceError, load_library
from kzreader.library.loader import discover, source_prefixes

BODY = "Council meets\n\nThe council met on {n} and voted to open the bridge.\n"


def article(folder: Path, name: str, n: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(BODY.format(n=n), encoding="utf-8")
    return path


def sources_json(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = main([*argv, "sources", "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out)["articles"] if out else []), err


def refuse(monkeypatch, denied: Path) -> None:
    """``os.scandir`` of ``denied`` fails as it does for a folder without read permission."""
    real = os.scandir

    def scandir(path="."):  # type: ignore[no-untyped-def]
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unlistable_subfolder_is_a_warning_and_the_rest_loads(tmp_path, monkeypatch, capsys):
    article(tmp_path / "ok", "a.txt")
    article(tmp_path / "locked", "b.txt")
    refuse(monkeypatch, tmp_path / "locked")
    library = load_library([tmp_path])
    assert [a.id for a in library] == ["ok/a"]
    (warning,) = library.warnings
    assert warning.path == tmp_path / "locked"
    assert "cannot list it: Permission denied" in warning.message
    code, articles, err = sources_json(capsys, "--source", str(tmp_path))
    assert code == 0 and len(articles) == 1
    assert f"{tmp_path / 'locked'}: folder skipped: cannot list it" in err


def test_an_unlistable_source_folder_is_an_error(tmp_path, monkeypatch, capsys):
    article(tmp_path, "a.txt")
    refuse(monkeypatch, tmp_path)
    with pytest.raises(SourceError, match="cannot list the folder: Permission denied"):
        load_library([tmp_path])
    code, _, err = sources_json(capsys, "--source", str(tmp_path))
    assert code == 2 and err.count("\n") == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_real_unreadable_folder(tmp_path):  # pragma: no cover - not run as root
    article(tmp_path / "locked", "b.txt")
    article(tmp_path, "a.txt")
    (tmp_path / "locked").chmod(0)
    try:
        library = load_library([tmp_path])
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert [a.id for a in library] == ["a"] and len(library.warnings) == 1


def test_an_unreadable_file_is_a_warning(tmp_path, monkeypatch):
    article(tmp_path, "a.txt")
    locked = article(tmp_path, "b.txt")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    library = load_library([tmp_path])
    assert [a.id for a in library] == ["a"]
    assert [str(w) for w in library.warnings] == [
        f"{locked}: skipped: cannot read it: Permission denied"
    ]


@pytest.mark.parametrize("folder", ["/", "/proc", "/proc/self", "/sys", "/dev"])
def test_system_folders_are_refused_not_walked(folder, capsys):
    with pytest.raises(SourceError, match="not a folder of articles"):
        load_library([Path(folder)])
    code, _, err = sources_json(capsys, "--source", folder)
    assert code == 2 and "not a folder of articles" in err


def test_kzreaders_own_dirs_are_never_entered(tmp_path, monkeypatch):
    article(tmp_path, "a.txt")
    cache = tmp_path / "cache"
    article(cache / "index", "stray.txt")  # an article-like file in the cache: not an article
    monkeypatch.setenv("KZREADER_CACHE_DIR", str(cache))
    assert [a.id for a in load_library([tmp_path])] == ["a"]
    with pytest.raises(SourceError, match="kzreader's own cache dir"):
        load_library([cache])


def test_same_names_in_several_folders_keep_unique_stable_ids(tmp_path, capsys):
    folders = [tmp_path / f"event-{n}" for n in range(4)]
    for n, folder in enumerate(folders):
        for name in ("ap.txt", "bbc.txt", "reuters.txt"):
            article(folder, name, n)
    library = load_library(folders)
    assert len(library) == 12 and not library.warnings
    assert library.get("event-2/bbc") is not None
    assert library.get("event-2/bbc").path == folders[2] / "bbc.txt"
    # the same ids in any order of the folders, and run after run
    assert {a.id for a in load_library(folders[::-1])} == {a.id for a in library}
    argv = [x for f in folders for x in ("--source", str(f))]
    code, articles, err = sources_json(capsys, *argv)
    assert code == 0 and len(articles) == 12 and err == ""
    assert main([*argv, "show", "event-3/reuters", "--json"]) == 0
    assert json.loads(capsys.readouterr()[0])["file"] == "reuters.txt"


def test_the_cluster_folders_load_whole_side_by_side(clusters_dir, capsys):
    folders = sorted(p for p in clusters_dir.iterdir() if p.is_dir())[:4]
    expected = sum(len(discover(f)) for f in folders)
    library = load_library(folders)
    assert len(library) == expected
    assert not [w for w in library.warnings if "already used" in w.message]


def test_folder_name_clashes_take_more_of_the_path(tmp_path):
    a, b, c = tmp_path / "2024" / "news", tmp_path / "2025" / "news", tmp_path / "wire"
    assert source_prefixes([a, b, c]) == {a: "2024/news", b: "2025/news", c: "wire"}
    assert source_prefixes([a]) == {a: ""}
    assert source_prefixes([a, a]) == {a: ""}  # the same folder twice is one folder


def test_a_symlink_loop_ends_with_a_warning(tmp_path):
    article(tmp_path, "a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # a link to itself
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    library = load_library([tmp_path])
    assert [a.id for a in library] == ["a"]
    messages = sorted(w.message for w in library.warnings)
    assert len(messages) == 3
    assert any("already read" in m for m in messages)
    assert any("a link to nothing" in m for m in messages)
    assert any("Too many levels of symbolic links" in m for m in messages)


def test_a_linked_folder_is_read_once(tmp_path):
    article(tmp_path / "real", "a.txt")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    library = load_library([tmp_path])
    assert len(library) == 1 and len(library.warnings) == 1


def test_a_fifo_named_like_an_article_is_skipped_not_read(tmp_path):
    article(tmp_path, "a.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block for ever
    library = load_library([tmp_path])
    assert [a.id for a in library] == ["a"]
    assert [w.message for w in library.warnings] == ["skipped: not a regular file"]


def test_a_source_that_is_a_file_or_missing(tmp_path, capsys):
    path = article(tmp_path, "a.txt")
    for folder, message in ((path, "source is not a folder"), (tmp_path / "no", "does not exist")):
        with pytest.raises(SourceError, match=message):
            load_library([folder])
        code, _, err = sources_json(capsys, "--source", str(folder))
        assert code == 2 and message in err and err.count("\n") == 1


def test_odd_file_names(tmp_path, capsys):
    names = ["with space.txt", "new\nline.txt", "café ünï 日本.txt", "tab\there.md", "-dash.txt"]
    for n, name in enumerate(names):
        article(tmp_path, name, n)
    raw = os.fsencode(tmp_path) + b"/latin1-caf\xe9.txt"  # not UTF-8: held as a surrogate
    with open(raw, "wb") as handle:
        handle.write(BODY.format(n=9).encode())
    library = load_library([tmp_path])
    ids = sorted(a.id for a in library)
    assert ids == sorted(
        ["with space", "new line", "café ünï 日本", "tab here", "-dash", "latin1-caf\ufffd"]
    )
    assert not library.warnings
    code, articles, err = sources_json(capsys, "--source", str(tmp_path))
    assert code == 0 and len(articles) == 6, err
    for article_id in ids:
        assert main(["--source", str(tmp_path), "show", "--", article_id]) == 0
        out, _ = capsys.readouterr()
        assert "The council met" in out
    assert main(["--source", str(tmp_path), "sources"]) == 0
    assert "latin1-caf\ufffd" in capsys.readouterr()[0]
