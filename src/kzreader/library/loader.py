"""Discover and read article files from the configured folders."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kzreader.library.article import Article, LoadWarning
from kzreader.library.clean import clean_document
from kzreader.library.decode import DecodeError, declared_charset, decode_text
from kzreader.library.meta import (
    MANIFEST_NAME,
    ManifestEntry,
    front_matter_date,
    read_manifest,
    web_url,
)
from kzreader.safetext import one_line, sanitize

if TYPE_CHECKING:
    from kzreader.config import Config

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# Folder notes, not articles, skipped silently: stems README/SOURCES/DIVERGENCES/CHANGELOG, and
# stems with a part starting README/LICENSE/LICENCE/COPYING ("ECBplus-COPYING-CC"), any case.
_NOTE_STEMS = frozenset(("readme", "sources", "divergences", "changelog"))
_NOTE_PART = re.compile(r"(?:^|[-_. ])(?:readme|licen[cs]e|copying)", re.I)


class SourceError(Exception):
    """A source folder that cannot be read at all."""


@dataclass(frozen=True)
class Library:
    """The loaded articles in a stable order, plus what was skipped and why.  ``sources``: the
    folders and, when stored articles are included, the web store file."""

    articles: tuple[Article, ...]
    warnings: tuple[LoadWarning, ...] = ()
    sources: tuple[Path, ...] = ()
    _by_id: Mapping[str, Article] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {a.id: a for a in self.articles})

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def __len__(self) -> int:
        return len(self.articles)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.articles)


def discover(folder: Path, warnings: list[LoadWarning] | None = None) -> list[Path]:
    """Article files under ``folder``, sorted, skipping hidden files and folders.

    Raises ``SourceError`` when the folder is missing, not a folder, cannot be listed, or is
    no folder of articles (the root, /proc, kzreader's own cache or data dir).  Below it, what
    cannot be read is a warning appended to ``warnings`` and the rest is found: a subfolder
    that cannot be listed, a symlink loop, a broken link, a special file named like an article.
    Symlinked folders are followed once; kzreader's cache and data dirs are never entered.
    """
    from kzreader.config import source_problem  # config imports nothing of the library

    if not folder.exists():
        raise SourceError(f"{_shown(folder)}: source folder does not exist")
    if not folder.is_dir():
        raise SourceError(f"{_shown(folder)}: source is not a folder")
    problem = source_problem(folder)
    if problem:
        raise SourceError(f"{_shown(folder)}: {problem}")
    try:
        with os.scandir(folder):
            pass
    except OSError as exc:
        raise SourceError(f"{_shown(folder)}: cannot list the folder: {exc.strerror}") from None
    return sorted(_walk(folder, [] if warnings is None else warnings))


def _walk(folder: Path, warnings: list[LoadWarning]) -> list[Path]:
    """Depth-first, without recursion; each real folder once (symlink loops end there)."""
    from kzreader import locations

    own = set()
    for root in (locations.cache_dir(), locations.data_dir()):
        try:
            own.add(root.expanduser().resolve())
        except (OSError, RuntimeError):
            continue
    seen: set[tuple[int, int]] = set()
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = current.stat()
        except OSError as exc:
            warnings.append(LoadWarning(current, f"folder skipped: {exc.strerror}"))
            continue
        if (info.st_dev, info.st_ino) in seen:
            what = "folder skipped: already read through another link (or a link loop)"
            warnings.append(LoadWarning(current, what))
            continue
        seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as exc:
            warnings.append(LoadWarning(current, f"folder skipped: cannot list it: {exc.strerror}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError as exc:  # a vanished entry
                warnings.append(LoadWarning(path, f"skipped: {exc.strerror}"))
                continue
            if is_dir:
                if _resolved(path) not in own:
                    stack.append(path)
                continue
            if path.suffix.lower() not in SUFFIXES or _is_folder_note(path):
                continue
            if is_file:
                found.append(path)
            elif entry.is_symlink():
                warnings.append(LoadWarning(path, "skipped: a link to nothing (or a link loop)"))
            else:
                warnings.append(LoadWarning(path, "skipped: not a regular file"))
    return found


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _shown(path: Path) -> str:
    return one_line(_decoded(str(path)))


def _decoded(name: str) -> str:
    """A file name as text: bytes that were not UTF-8 (held as lone surrogates) become U+FFFD."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "replace")
    return name


def _is_folder_note(path: Path) -> bool:
    return path.stem.lower() in _NOTE_STEMS or _NOTE_PART.search(path.stem) is not None


def source_prefixes(sources: Sequence[Path]) -> dict[Path, str]:
    """What starts the ids of each source folder's articles: nothing with one folder; with
    several, the folder's name ("quake/bbc"), or as many trailing parts of its path as make it
    unique ("2024/news/bbc", "2025/news/bbc").  Depends only on the set of folders."""
    folders = list(dict.fromkeys(Path(s) for s in sources))
    if len(folders) < 2:
        return dict.fromkeys(folders, "")
    parts = {f: f.expanduser().absolute().parts[1:] or (f.as_posix(),) for f in folders}
    prefixes = {}
    for folder in folders:
        mine = parts[folder]
        tail = mine
        for n in range(1, len(mine) + 1):
            if all(other[-n:] != mine[-n:] for f, other in parts.items() if f != folder):
                tail = mine[-n:]
                break
        prefixes[folder] = "/".join(_decoded(p) for p in tail)
    return prefixes


def article_id(path: Path, folder: Path, prefix: str = "") -> str:
    """The file stem; for files in subfolders, the relative path without suffix ("event/bbc"),
    so that same-named files in different subfolders keep distinct, stable ids; with several
    source folders, ``prefix`` (see ``source_prefixes``) and a slash before it.  Bytes of a
    file name that are not UTF-8 show as U+FFFD."""
    rel = path.relative_to(folder)
    name = rel.with_suffix("").as_posix() if len(rel.parts) > 1 else path.stem
    name = _decoded(name)
    return f"{prefix}/{name}" if prefix else name


def read_article(
    path: Path, max_bytes: int = 5 * 1024 * 1024, article_id: str | None = None
) -> tuple[Article, list[str]]:
    """Read one file into an Article; raises ``ValueError`` with the reason to skip it."""
    size = path.stat().st_size
    if size > max_bytes:
        mib = 1024 * 1024
        raise ValueError(f"skipped: {size / mib:.1f} MB is over the {max_bytes / mib:g} MB limit")
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError("skipped: empty file")
    suffix = path.suffix.lower()
    is_html = suffix in (".html", ".htm")
    try:
        decoded = decode_text(raw, declared=declared_charset(raw) if is_html else None)
    except DecodeError as exc:
        raise ValueError(f"skipped: {exc}") from None
    notes = list(decoded.notes)
    text = sanitize(decoded.text)  # untrusted: no terminal controls or bidi overrides past here
    doc = clean_document(text, is_html=is_html, is_markdown=suffix in (".md", ".markdown"))
    if not doc.paragraphs:
        raise ValueError("skipped: no article text after cleaning")
    digest = hashlib.sha256(raw).hexdigest()
    # a file name is outside text too: ids and fallback titles are sanitised like the body
    name = one_line(article_id or path.stem) or digest[:12]
    article = Article(
        id=name,
        path=path,
        outlet=doc.outlet or "unknown",
        title=doc.title or name,
        published=doc.published,
        text="\n\n".join(doc.paragraphs),
        paragraphs=tuple(doc.paragraphs),
        sha256=digest,
        byline=doc.byline,
        captions=tuple(doc.captions),
        encoding=decoded.encoding,
        url=web_url(doc.canonical_url),
    )
    return article, notes


#: What reading a folder yields, in order: what `discover` warned about, then per file, in
#: `discover` order, the article and its notes (such as "decoded as cp1252") or the warning
#: that says why the file is skipped.
FileResult = tuple[Article, Sequence[str]] | LoadWarning


class FolderReader(Protocol):
    """Reads a folder's article files: `read_folder` (every file read and cleaned) or the cache
    of cleaned files (`library.cache.LibraryCache`), which must yield exactly what it yields."""

    def read_folder(self, folder: Path, max_bytes: int, prefix: str) -> Iterable[FileResult]: ...

    def finish(self) -> Sequence[LoadWarning]:
        """Called once after the last folder; what went wrong with the reader itself."""
        ...


def read_folder(folder: Path, max_bytes: int, prefix: str = "") -> Iterator[FileResult]:
    """Every article file under ``folder`` read and cleaned (ids start with ``prefix``, see
    `source_prefixes`), after what `discover` warned about."""
    warnings: list[LoadWarning] = []
    paths = discover(folder, warnings)
    yield from warnings
    for path in paths:
        try:
            yield read_article(path, max_bytes, article_id(path, folder, prefix))
        except (ValueError, OSError) as exc:
            yield skipped(path, exc)


def skipped(path: Path, exc: ValueError | OSError) -> LoadWarning:
    """The warning for a file that is skipped (ValueError) or cannot be read (OSError)."""
    if isinstance(exc, OSError):
        return LoadWarning(path, f"skipped: cannot read it: {exc.strerror}")
    return LoadWarning(path, str(exc))


def load_library(
    sources: Sequence[Path],
    overrides: Mapping[str, object] | None = None,
    max_bytes: int = 5 * 1024 * 1024,
    reader: FolderReader | None = None,
) -> Library:
    """Load every article under ``sources``.  Bad files become warnings; the rest load.

    ``reader`` reads each folder (default: `read_folder`, no cache).
    Raises ``SourceError`` when a source folder is missing or not a folder.
    """
    articles: list[Article] = []
    warnings: list[LoadWarning] = []
    seen: dict[str, Article] = {}
    manifests: dict[Path, dict[str, ManifestEntry]] = {}
    prefixes = source_prefixes(sources)
    read = reader.read_folder if reader is not None else read_folder
    for folder in prefixes:  # each folder once, in the order given
        for item in read(folder, max_bytes, prefixes[folder]):
            if isinstance(item, LoadWarning):
                warnings.append(item)
                continue
            article, notes = item
            if notes:
                warnings.extend(LoadWarning(article.path, note) for note in notes)
            if article.id in seen:
                first = seen[article.id].path
                warnings.append(
                    LoadWarning(article.path, f"skipped: id {article.id!r} already used by {first}")
                )
                continue
            seen[article.id] = article
            if article.outlet == "unknown" or article.published is None or not article.url:
                parent = article.folder
                if parent not in manifests:
                    manifests[parent] = _manifest(parent, warnings)
                manifest = manifests[parent]  # most folders have none: no file name asked
                listed = manifest.get(article.file) if manifest else None
                if listed is not None:
                    article = _from_manifest(article, listed, warnings)
            articles.append(_apply_override(article, overrides) if overrides else article)
    if reader is not None:
        warnings.extend(reader.finish())
    return Library(tuple(articles), tuple(warnings), tuple(Path(s) for s in sources))


def open_library(config: Config, sources: Sequence[Path] | None = None) -> Library:
    """The user's library as both faces open it: the folders (``sources``, default the
    config's), with the config's outlet overrides and file-size limit.

    The one place the faces load the library, so that what else a library holds (the web store,
    a cache of cleaned files) is added here once for both.  Raises ``SourceError``.
    """
    from kzreader.library.cache import LibraryCache, collector_paused  # it imports this module
    from kzreader.library.stored import with_store

    folders = tuple(sources) if sources else config.source_dirs
    with collector_paused():
        library = load_library(
            folders,
            overrides=config.outlets,
            max_bytes=int(config.library.max_file_mb * 1024 * 1024),
            reader=LibraryCache.for_sources(folders),
        )
        return with_store(library, overrides=config.outlets)  # + the web store's articles


def _manifest(folder: Path, warnings: list[LoadWarning]) -> dict[str, ManifestEntry]:
    """The folder's manifest; an unreadable one is a warning, never a silent blank."""
    try:
        return read_manifest(folder)
    except (OSError, UnicodeDecodeError) as exc:
        warnings.append(LoadWarning(folder / MANIFEST_NAME, f"manifest ignored: {exc}"))
        return {}


def _from_manifest(article: Article, entry: ManifestEntry, warnings: list[LoadWarning]) -> Article:
    """What the folder's ``SOURCES.md`` row says and the file's own text does not."""
    changes: dict[str, object] = {}
    if article.outlet == "unknown" and entry.outlet and one_line(entry.outlet):
        changes["outlet"] = one_line(entry.outlet)
    if article.published is None and entry.published:
        when = front_matter_date(entry.published)
        if when is None:
            note = f"published {one_line(entry.published)!r} of {article.file} is not a date"
            manifest = article.folder / MANIFEST_NAME
            warnings.append(LoadWarning(manifest, f"{note}; ignored", line=entry.line))
        else:
            changes["published"] = when
    if not article.url and web_url(entry.url):
        changes["url"] = web_url(entry.url)
    if entry.title and article.title == article.id and one_line(entry.title):
        changes["title"] = one_line(entry.title)  # the text gave no headline
    return article.with_changes(**changes) if changes else article


def _apply_override(article: Article, overrides: Mapping[str, object]) -> Article:
    override = overrides.get(article.id) or overrides.get(article.file)
    if override is None:
        return article
    changes: dict[str, object] = {
        name: getattr(override, name)
        for name in ("outlet", "title", "published")
        if getattr(override, name, None) is not None
    }
    for name in ("outlet", "title"):
        if isinstance(changes.get(name), str):
            changes[name] = one_line(str(changes[name]))
    return article.with_changes(**changes) if changes else article
