"""Stored articles (the web store, ``kzreader.web.store``) as library articles.

They are ``Article``s like files, with ``url``, ``feed`` and ``outlet`` (the site name) set.
Their ids are the store's (``web:`` and 10 hex digits of the URL's SHA-256; see
``web/store.py``); ``path`` is ``<store file>/<id>`` (a place inside the store, not a file on
disk) so that ``file`` (the last part of ``path``) is the id, and ``sha256`` is that of the
stored fields (title, outlet, byline, published, text, captions), so that the search index
updates when what a stored article says changes.

The store is part of the library whatever the source folders are (``--source DIR`` included):
it is the user's own collection, like the folders in the config.  The store file joins the
library's ``sources``, so the search index, keyed by them, accounts for the store.  A library
without a store file (nothing fetched yet) is the folders alone, and opening it creates no
store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from kzreader.library.article import Article, LoadWarning
from kzreader.library.loader import Library, _apply_override


def with_store(library: Library, overrides: Mapping[str, object] | None = None) -> Library:
    """``library`` plus the web store's articles; the store file joins ``sources`` so that
    what is keyed by them (the search index) accounts for the store."""
    from kzreader import locations

    path = locations.store_file()
    if not path.exists():
        return library
    stored, warnings = stored_articles(path, {a.id for a in library.articles})
    stored = [_apply_override(a, overrides or {}) for a in stored]
    return Library(
        library.articles + tuple(stored),
        library.warnings + tuple(warnings),
        (*library.sources, path),
    )


def stored_articles(path: Path, taken: set[str]) -> tuple[list[Article], list[LoadWarning]]:
    """The articles of the store at ``path``; ``taken``: ids the files already use.  A
    damaged store is moved aside (never deleted) with one warning; the files still load."""
    from kzreader.web.store import StoreDamaged, StoreError, move_aside, read_rows, set_log_aside

    log = set_log_aside(path)  # a log SQLite would ignore: moved aside before it is overwritten
    try:
        rows, problems = read_rows(path)
    except StoreDamaged as exc:
        try:
            moved = move_aside(path)
        except OSError as err:
            return [], [LoadWarning(path, f"web store damaged ({exc}); not moved: {err}")]
        return [], [
            LoadWarning(
                path,
                f"web store damaged, moved aside to {moved.name} (nothing deleted); "
                f"stored articles are missing until it is repaired: {_reason(exc, path)}",
            )
        ]
    except StoreError as exc:
        return [], [LoadWarning(path, f"web store not read: {_reason(exc, path)}")]
    warnings = [LoadWarning(path, f"stored article {problem}") for problem in problems]
    if log:
        warnings.insert(0, LoadWarning(path, log.removeprefix(f"{path}: ")))
    articles = []
    for row in rows:
        article_id = row.id
        if article_id in taken:
            article_id = "web:" + hashlib.sha256(row.url.encode("utf-8")).hexdigest()
        taken.add(article_id)
        articles.append(
            Article(
                id=article_id,
                path=path / article_id,
                outlet=row.outlet,
                title=row.title,
                published=row.published,
                text=row.text,
                paragraphs=row.paragraphs,
                sha256=row.sha256,
                byline=row.byline,
                captions=row.captions,
                url=row.url,
                feed=row.feed,
            )
        )
    return articles, warnings


def _reason(exc: Exception, path: Path) -> str:
    return str(exc).removeprefix(f"{path}: ")
