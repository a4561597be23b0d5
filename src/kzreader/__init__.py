"""kzreader: a terminal news reader for following one story across many outlets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kzreader")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
