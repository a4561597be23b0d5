"""What a version of the library cache is checked against: the key of the code that cleaned
it (`cleaner_key`) and each folder's listing (`listing`).  See `library.cache`."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from kzreader import locations
from kzreader.library import cachefile as cf
from kzreader.library.loader import SUFFIXES

#: Bump when the file layout or an entry's meaning changes (the sources' digest covers code).
FORMAT = 1

#: Third-party packages whose versions change what cleaning gives (HTML extraction and legacy
#: code pages): their installed versions are part of the key.  A package that `library`
#: starts to import belongs here (a test checks the imports); trafilatura's own extractors too.
CLEANER_DEPENDENCIES = (
    "trafilatura",
    "lxml",
    "lxml_html_clean",
    "charset_normalizer",
    "htmldate",
    "justext",
    "courlan",
)

_KEY: str | None = None


def cleaner_key() -> str:
    """The digest that a cache must carry to be used (see the module's doc)."""
    global _KEY
    if _KEY is None:
        digest = hashlib.sha256(
            f"kzlib {FORMAT} py{sys.version_info[:2]} marshal{cf.MARSHAL_VERSION}".encode()
        )
        package = Path(__file__).resolve().parent
        for path in [*sorted(package.rglob("*.py")), package.parent / "safetext.py"]:
            digest.update(path.relative_to(package.parent).as_posix().encode())
            try:
                digest.update(path.read_bytes())
            except OSError:  # no source (a bytecode-only install): the version must stand in
                from kzreader import __version__

                digest.update(f"unreadable {__version__}".encode())
        for installed in dependency_versions():
            digest.update(f"\0{installed}".encode("utf-8", "surrogateescape"))
        _KEY = digest.hexdigest()
    return _KEY


def dependency_versions() -> list[str]:
    """What is installed of `CLEANER_DEPENDENCIES`: their ``*.dist-info`` folder names (name
    and version), found beside each package without importing it (importlib.metadata costs
    ~150 ms to import; this ~1 ms); a package without one, by its file's size and mtime."""
    import importlib.util

    found: list[str] = []
    listed: dict[Path, list[str]] = {}
    for name in CLEANER_DEPENDENCIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin:
            found.append(f"{name} missing")
            continue
        origin = Path(spec.origin)
        site = origin.parent.parent
        if site not in listed:
            try:
                listed[site] = [p.name for p in site.iterdir() if p.name.endswith(".dist-info")]
            except OSError:
                listed[site] = []
        mine = [n for n in listed[site] if n.lower().startswith(f"{name.lower()}-")]
        if not mine:
            try:
                st = origin.stat()
                mine = [f"{name} {st.st_size} {st.st_mtime_ns}"]
            except OSError:
                mine = [f"{name} unreadable"]
        found.extend(sorted(mine))
    return found


def listing(folder: str) -> tuple[bytes, bool, dict[str, tuple[int, ...]]]:
    """What `discover()` depends on under ``folder``: (digest of the listing, whether the
    digest can stand in for `discover()`, `stat_key` of article files by relative path).
    kzreader's own cache and data dirs are left out, as `discover()` leaves them, and named in
    the digest.  Raises OSError when ``folder`` cannot be listed."""
    own = _own_dirs()
    digest = hashlib.blake2b("\0".join(sorted(own)).encode("utf-8", "surrogateescape"))
    stats: dict[str, tuple[int, ...]] = {}
    usable = True
    pending = [""]
    while pending:
        rel = pending.pop()
        prefix = f"{rel}/" if rel else ""
        # str paths and os.scandir: pathlib costs ~5 us a file, at 20,000 files 0.1 s
        here = os.path.join(folder, rel) if rel else folder  # noqa: PTH118
        try:
            with os.scandir(here) as scan:
                entries = list(scan)
        except OSError as exc:
            if not rel:
                raise
            digest.update(f"\0!{rel}\0{exc.errno}".encode("utf-8", "surrogateescape"))
            continue
        files, others = [], []
        for entry in entries:  # in the folder's own order: stable while it is unchanged
            name = entry.name
            if name[0] == ".":  # discover() skips every hidden part
                continue
            if entry.is_file(follow_symlinks=False):
                files.append(name)
                if name.lower().endswith(SUFFIXES):  # the files discover() may return
                    stats[prefix + name] = cf.stat_key(entry.stat())
            elif entry.is_dir(follow_symlinks=False):
                if own and os.path.realpath(entry.path) in own:
                    continue  # the cache dir inside a source folder: as if it were not there
                others.append(f"{name}\0d")
                pending.append(prefix + name)
            elif entry.is_symlink():
                kind = _link(entry)
                others.append(f"{name}\0l{kind}")
                if kind[0] == "d":
                    usable = False  # a linked folder: leave the walk to discover()
                elif kind[0] == "f":
                    stats[prefix + name] = cf.stat_key(entry.stat())
            else:
                others.append(f"{name}\0o")
        block = "\x01".join((rel, "\x01".join(files), "\x01".join(others)))
        digest.update(block.encode("utf-8", "surrogateescape") + b"\x02")
    return digest.digest(), usable, stats


def _own_dirs() -> set[str]:
    """kzreader's cache and data dirs, resolved (`discover()` never enters them)."""
    own = set()
    for root in (locations.cache_dir(), locations.data_dir()):
        try:
            own.add(str(root.expanduser().resolve()))
        except (OSError, RuntimeError):
            continue
    return own


def _link(entry: os.DirEntry[str]) -> str:
    """A symlink's kind after following it (d, f, o; ? when broken) and its target."""
    try:
        target = str(Path(entry.path).readlink())
        kind = "d" if entry.is_dir() else "f" if entry.is_file() else "o"
    except OSError as exc:
        return f"?{exc.errno}"
    return f"{kind}{target}"
