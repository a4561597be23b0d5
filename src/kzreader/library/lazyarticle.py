"""Articles read back from the library cache: their metadata now, their text when first used."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from kzreader.library.article import Article
from kzreader.library.cachefile import decode_body

FIELD_NAMES = tuple(f.name for f in fields(Article))
_EQ_ORDER = (
    "id",
    "sha256",
    *(n for n in FIELD_NAMES if n not in ("id", "sha256", "path", "text", "paragraphs")),
    "path",
    "paragraphs",
    "text",
)


class LazyArticle(Article):
    """An `Article` from the cache: every field but ``path``, ``text`` and ``paragraphs`` is
    read with the library; those three are made when first used, so a command that needs a
    few articles' text reads only those.  It equals, and hashes like, the `Article` that
    cleaning the file gives; pickled or copied it becomes that plain `Article`."""

    # Not a dataclass of its own: Article's fields, __init__ and __repr__ apply.  Article's
    # frozen __init__ (used by dataclasses.replace) sets these through the setters.

    @property  # type: ignore[override]
    def path(self) -> Path:
        d = self.__dict__
        path = d.get("path")
        if path is None:
            path = d["path"] = d["_dir"] / d["_name"]
        return path  # type: ignore[no-any-return]

    @path.setter
    def path(self, value: Path) -> None:
        self.__dict__["path"] = value

    @property  # type: ignore[override]
    def text(self) -> str:
        d = self.__dict__
        return d["text"] if "text" in d else self._load()[0]  # type: ignore[no-any-return]

    @text.setter
    def text(self, value: str) -> None:
        self.__dict__["text"] = value

    @property  # type: ignore[override]
    def paragraphs(self) -> tuple[str, ...]:
        d = self.__dict__
        return d["paragraphs"] if "paragraphs" in d else self._load()[1]  # type: ignore[no-any-return]

    @paragraphs.setter
    def paragraphs(self, value: tuple[str, ...]) -> None:
        self.__dict__["paragraphs"] = value

    @property
    def file(self) -> str:
        d = self.__dict__
        return d["path"].name if "path" in d else d["_name"]  # type: ignore[no-any-return]

    @property
    def folder(self) -> Path:
        d = self.__dict__
        return d["path"].parent if "path" in d else d["_dir"]  # type: ignore[no-any-return]

    def _load(self) -> tuple[str, tuple[str, ...]]:
        d = self.__dict__
        offset, length, crc, own_text = d["_body"]
        data = d["_snapshot"].body(offset, length, crc)
        body = None
        if data is not None:
            try:
                body = decode_body(data, own_text)
            except (ValueError, EOFError, TypeError):
                body = None
        if body is None:
            body = _recover(self)
        d["paragraphs"], d["text"] = body[1], body[0]
        return body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        if other is self:
            return True
        # field by field, the text last: `current in rows` over a list of articles compares
        # with each until it matches, and must not read every article's text on the way
        return all(getattr(self, name) == getattr(other, name) for name in _EQ_ORDER)

    __hash__ = Article.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (Article, values(self))

    def with_changes(self, **changes: Any) -> Article:
        unknown = changes.keys() - set(FIELD_NAMES)
        if unknown:
            raise TypeError(f"Article has no field {sorted(unknown)[0]!r}")
        copy = object.__new__(LazyArticle)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy


def values(article: Article) -> tuple[Any, ...]:
    """Every field of ``article``, in Article's order."""
    return tuple(getattr(article, name) for name in FIELD_NAMES)


class CacheBodyLost(ValueError):
    """A cached body failed its check and the article's file no longer holds that article."""


def _recover(article: LazyArticle) -> tuple[str, tuple[str, ...]]:
    """The body cleaned again from the file, when the cached one failed its check."""
    from kzreader.library.loader import read_article

    try:
        fresh, _notes = read_article(article.path, max_bytes=1 << 62, article_id=article.id)
    except (ValueError, OSError) as exc:
        raise CacheBodyLost(f"{article.path}: the cached text is damaged and {exc}") from None
    if fresh.sha256 != article.sha256:
        raise CacheBodyLost(
            f"{article.path}: the cached text is damaged and the file has changed since the "
            "library was loaded; load it again"
        )
    return fresh.text, fresh.paragraphs
