"""Articles: discover, read, clean, and identify outlet, title and date."""

from kzreader.library.article import Article, LoadWarning
from kzreader.library.loader import Library, SourceError, load_library, open_library

__all__ = ["Article", "Library", "LoadWarning", "SourceError", "load_library", "open_library"]
