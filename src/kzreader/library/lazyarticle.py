"""Articles read back from the library cache: their metadata now, their text when first used
(`LazyArticle`), made from a folder's entries or rows (`Place`)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzreader.library import cachefile as cf
from kzreader.library.article import Article, LoadWarning
from kzreader.library.cachefile import decode_body

if TYPE_CHECKING:
    from kzreader.library.loader import FileResult

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


class Place:
    """One source folder as the cache reads it: its subfolders' paths made once, and its
    articles made from entries (`cache.LibraryCache`) or from a `cachefile.Table`'s rows."""

    def __init__(self, folder: Path, key: str, prefix: str, snapshot: cf.Snapshot | None) -> None:
        self.folder = folder
        self.key = key
        self.prefix = prefix
        self.snapshot = snapshot
        self._dirs: dict[str, Path] = {"": folder}
        self._zones: dict[Any, Any] = {}
        self._dates: dict[Any, Any] = {}

    def split(self, rel: str) -> tuple[Path, str]:
        """(the Path of the file's folder, shared by its files; the file's name)."""
        sub, _, name = rel.rpartition("/")
        directory = self._dirs.get(sub)
        if directory is None:
            directory = self._dirs[sub] = self.folder / sub
        return directory, name

    def path(self, rel: str) -> Path:
        directory, name = self.split(rel)
        return directory / name

    def result(self, rel: str, entry: Any) -> FileResult:
        """What reading the file gave, from its entry; raises ValueError (and IndexError,
        TypeError) on an entry that makes no sense."""
        kind = entry[cf.KIND]
        if kind == "s" and len(entry) == cf.SKIP_LEN:
            return LoadWarning(self.path(rel), entry[cf.S_MESSAGE])
        if kind != "a" or len(entry) != cf.ARTICLE_LEN:
            raise ValueError("unknown entry kind")
        article = self.article(
            rel, entry[cf.A_ID], entry[cf.A_OUTLET], entry[cf.SHA], entry[cf.A_DETAILS]
        )
        article.__dict__["_body"] = entry[cf.A_BODY]
        return article, entry[cf.A_NOTES]

    def row(self, table: cf.Table, i: int, rel: str) -> FileResult:
        """`result` for row ``i`` of ``table``, made from the columns."""
        kind = table.kind[i]
        if kind == "s":
            return LoadWarning(self.path(rel), table.message[i])  # type: ignore[arg-type]
        if kind != "a":
            raise ValueError("unknown entry kind")
        article = self.article(rel, table.id[i], table.outlet[i], table.sha[i], table.details[i])
        at = 4 * i
        body = table.body
        article.__dict__["_body"] = (body[at], body[at + 1], body[at + 2], body[at + 3])
        return article, table.notes[i]  # type: ignore[return-value]

    def article(self, rel: str, id: Any, outlet: Any, sha: Any, details: Any) -> LazyArticle:
        """The article of an entry; its ``_body`` is set by the caller."""
        title, published, byline, captions, encoding, url, feed = details
        if published is not None:  # a datetime is immutable: one object per stored value
            value = self._dates.get(published)
            if value is None:
                value = self._dates[published] = cf.decode_published(published, self._zones)
            published = value
        directory, name = self.split(rel)
        article = object.__new__(LazyArticle)
        article.__dict__.update(
            id=id,
            outlet=outlet,
            title=title,
            published=published,
            sha256=sha,
            byline=byline,
            captions=captions,
            encoding=encoding,
            url=url,
            feed=feed,
            _dir=directory,
            _name=name,
            _snapshot=self.snapshot,
        )
        return article
