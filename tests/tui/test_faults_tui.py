"""The reader on a full or read-only cache dir: one clear notification, no traceback, the
library still readable (docs/reliability.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzreader.config import Config, SearchConfig
from kzreader.tui.app import make_app
from tests.faults_support import can_mount, read_only, small_filesystem
from tests.tui.conftest import parts
from tests.unit.test_faults_index import invented_article

MOUNT = can_mount()


def folder_of(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for n in range(count):
        (folder / f"a{n:04d}.txt").write_text(invented_article(n), encoding="utf-8")
    return folder


async def ready(pilot) -> None:
    """Until the library is loaded and the index ready or failed (``settle`` would re-raise
    the failed index worker, which is the point of these probes)."""
    screen = pilot.app.screen
    for _ in range(500):
        await pilot.pause(0.02)
        if screen.ready and not any(w.is_running for w in pilot.app.workers):
            return


async def open_reader(folder: Path) -> tuple[list[str], int, bool]:
    app = make_app(Config(search=SearchConfig(debounce_ms=0)), [folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        screen, sources, view, _ = parts(app)
        if screen.left == "stories":  # several stories: the reader opens on them; g: articles
            await pilot.press("g")
        await pilot.press("enter")
        await ready(pilot)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        return errors, len(sources.rows), view.article is not None


@pytest.mark.skipif(MOUNT is not None, reason=f"a full file system: {MOUNT}")
async def test_a_full_cache_dir_is_one_notification(tmp_path, monkeypatch) -> None:
    folder = folder_of(tmp_path, 400)
    with small_filesystem(tmp_path / "small", "200k") as small:
        monkeypatch.setenv("KZREADER_CACHE_DIR", str(small))
        errors, rows, opened = await open_reader(folder)
    assert rows == 400 and opened  # reading goes on without search
    assert len(errors) == 1 and "No space left on device" in errors[0], errors
    assert "\n" not in errors[0] and "Traceback" not in errors[0]


@pytest.mark.skipif(MOUNT is not None, reason=f"a read-only mount: {MOUNT}")
async def test_a_read_only_cache_dir_is_one_notification(tmp_path, monkeypatch) -> None:
    folder = folder_of(tmp_path, 20)
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("KZREADER_CACHE_DIR", str(cache))
    with read_only(cache):
        errors, rows, opened = await open_reader(folder)
    assert rows == 20 and opened
    assert len(errors) == 1 and "Read-only file system" in errors[0], errors
