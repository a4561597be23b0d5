"""kzreader: a terminal news reader for following one story across many outlets."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata only when asked: importlib.metadata
    # costs ~30 ms at start-up, which every command and the reader would otherwise pay.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("kzreader")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'kzreader' has no attribute {name!r}")
