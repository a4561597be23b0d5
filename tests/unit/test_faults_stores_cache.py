"""Faults of the library cache (``library/cache.py``, in the cache dir; docs/reliability.md,
issue 14) that ``test_library_cache_damage.py`` leaves out: kill -9 while the cache is
written, and a real read-only or full cache dir (its chmod probe skips as root, where the
suite runs).  After each: ``sources`` lists what a load without the cache lists, with at most
one warning, then silently once the cache can be written; the user's files are fingerprinted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from stores_faults import child_env, kz, lines, report, write_library

from kzreader import locations
from kzreader.library.cache import ENV_SWITCH
from tests.faults_support import UserFiles, can_mount, read_only, small_filesystem

MOUNT = can_mount()


@pytest.fixture
def user(tmp_path: Path):
    files = UserFiles(tmp_path / "user")
    files.config.write_text("search:\n  limit: 50\n", encoding="utf-8")
    yield files
    files.check()


def listing(
    user: UserFiles, monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[str, list[str]]:
    """``sources --json`` (its stdout, stderr lines); without the cache when ``monkeypatch``."""
    if monkeypatch is not None:
        monkeypatch.setenv(ENV_SWITCH, "0")
    try:
        code, out, err = kz(user, "sources", "--json")
    finally:
        if monkeypatch is not None:
            monkeypatch.delenv(ENV_SWITCH)
    assert code == 0 and "Traceback" not in err, err
    return out, lines(err)


def cache_folder() -> Path:
    return locations.cache_dir() / "library"


def written(user: UserFiles) -> None:
    out, err = listing(user)
    assert err == [] and json.loads(out)["articles"]
    assert [p.suffix for p in cache_folder().iterdir()] == [".kzlib"]


SLOW_WRITER = """
import os, sys, time, types
from pathlib import Path
from kzreader.library import cachefile
from kzreader.cli import main

class Slow:
    def __init__(self, handle):
        self.handle, self.writes = handle, 0
    def write(self, data):
        self.handle.write(data)
        self.writes += 1
        if self.writes == 2 and sys.argv[1] == "half":  # the head is out, the rest is not
            self.handle.flush()
            print("writing", file=sys.stderr, flush=True)
            time.sleep(60)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.handle.close()

cachefile.os = types.SimpleNamespace(**{**vars(os), "fdopen": lambda *a: Slow(os.fdopen(*a))})
real_replace = Path.replace
def replace(self, target):
    if self.name.startswith(".kzlib-"):
        print("replacing", file=sys.stderr, flush=True)
        time.sleep(60)
    return real_replace(self, target)
if sys.argv[1] == "whole":
    Path.replace = replace
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("old", [False, True], ids=["cold", "after-an-edit"])
@pytest.mark.parametrize("when", ["half", "whole"])
def test_kill_9_while_the_cache_is_written(user, monkeypatch, when, old):
    """Killed with the new version half written, or whole but not yet renamed over the old
    one: the next load reads the files (and the old version) and writes the cache."""
    write_library(user, 100, 3)
    user.freeze()
    if old:
        written(user)
        user.frozen = None
        user.write("r0007-1.txt", report(7, 1) + "\nA line added later.\n")
        user.freeze()
    want, _ = listing(user, monkeypatch)
    argv = ["--config", str(user.config), "--source", str(user.sources), "sources", "--json"]
    load = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, when, *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert load.stderr is not None
    assert load.stderr.readline().strip() == {"half": "writing", "whole": "replacing"}[when]
    assert sum(p.name.startswith(".kzlib-") for p in cache_folder().iterdir()) == 1
    load.send_signal(signal.SIGKILL)
    load.wait()
    out, err = listing(user)
    assert out == want and err == []
    assert listing(user) == (want, [])


@pytest.mark.skipif(MOUNT is not None, reason=f"a read-only mount: {MOUNT}")
def test_a_read_only_cache_dir(user, monkeypatch):
    write_library(user, 20)
    user.freeze()
    written(user)
    with read_only(locations.cache_dir()):
        want, _ = listing(user, monkeypatch)
        assert listing(user) == (want, [])  # unchanged: read, nothing to write
        user.frozen = None
        user.write("r0100-0.txt", report(100, 0))
        user.freeze()
        want, _ = listing(user, monkeypatch)
        out, err = listing(user)
        assert out == want and len(err) == 1, err
        assert "cannot write the library cache (Read-only file system)" in err[0]


@pytest.mark.skipif(MOUNT is not None, reason=f"a full file system: {MOUNT}")
@pytest.mark.parametrize("size", ["4k", "64k"])
def test_a_full_cache_dir(user, tmp_path, monkeypatch, size):
    write_library(user, 150, 2)
    user.freeze()
    want, _ = listing(user, monkeypatch)
    with small_filesystem(tmp_path / "small", size) as small:
        monkeypatch.setenv("KZREADER_CACHE_DIR", str(small))
        for _ in range(2):
            out, err = listing(user)
            assert out == want and len(err) == 1, err
            assert "cannot write the library cache (No space left on device)" in err[0]
            assert [p.name for p in small.rglob("*") if p.is_file()] == []  # nothing partial
    monkeypatch.setenv("KZREADER_CACHE_DIR", str(tmp_path / "roomy"))
    assert listing(user)[0] == want
    assert listing(user) == (want, [])
    assert os.listdir(tmp_path / "roomy" / "library")
