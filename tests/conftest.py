"""Shared fixtures: every test runs with its own empty config, cache and data directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzreader.locations import seeds_dir

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads the user's config or touches the user's cache."""
    root = tmp_path_factory.mktemp("kz-home")
    monkeypatch.setenv("KZREADER_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("KZREADER_CACHE_DIR", str(root / "cache"))
    monkeypatch.setenv("KZREADER_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
    return root


@pytest.fixture
def seeds() -> Path:
    return seeds_dir()


@pytest.fixture
def clusters_dir() -> Path:
    path = CORPORA / "clusters"
    if not path.is_dir():
        pytest.skip("../shared/corpora/clusters is absent")
    return path
