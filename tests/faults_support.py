"""Helpers for the fault probes (docs/reliability.md): the user's files fingerprinted before and
after each probe, small file systems that fill up, read-only mounts.

``user_files`` (a fixture in the fault modules) holds the user's source folder and config under
one folder; a probe calls ``freeze()`` once it has written them, and the fixture's teardown
proves every byte, name, link and mode is as frozen: kzreader never writes the user's files.

Mounting needs root (the CI container runs as root); where it is not allowed the tests that
need a real full or read-only file system skip, and say why.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path


def fingerprint(root: Path) -> dict[str, tuple[str, int, str]]:
    """Every entry under ``root`` (links not followed): kind, mode and content hash."""
    result: dict[str, tuple[str, int, str]] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = path.lstat()
            rel = os.fsencode(path.relative_to(root)).hex()
            if stat.S_ISLNK(info.st_mode):
                result[rel] = ("link", info.st_mode, os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                result[rel] = ("dir", info.st_mode, "")
            elif stat.S_ISREG(info.st_mode):
                with path.open("rb") as handle:  # not read_bytes: probes may patch it
                    digest = hashlib.sha256(handle.read()).hexdigest()
                result[rel] = ("file", info.st_mode, digest)
            else:
                result[rel] = ("special", info.st_mode, "")
    return result


class UserFiles:
    """The user's side of a probe: ``sources`` (a folder of articles) and ``config``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sources = root / "sources"
        self.sources.mkdir(parents=True)
        self.config = root / "config.yaml"
        self.frozen: dict[str, tuple[str, int, str]] | None = None

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.sources / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def freeze(self) -> None:
        self.frozen = fingerprint(self.root)
        assert self.frozen, "nothing to protect"

    def check(self) -> None:
        if self.frozen is not None:
            assert fingerprint(self.root) == self.frozen, "kzreader changed the user's files"


def can_mount() -> str | None:
    """None when this process may mount file systems; else why not."""
    if os.geteuid() != 0:
        return "mounting needs root"
    probe = Path("/tmp") / f"kz-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            return f"mount is not allowed here: {done.stderr.strip()}"
        subprocess.run(["umount", str(probe)], check=True)
        return None
    except FileNotFoundError:
        return "no mount command"
    finally:
        probe.rmdir()


@contextlib.contextmanager
def small_filesystem(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (e.g. "256k") mounted at ``path`` for the block."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """``path`` bind-mounted over itself read-only for the block (EROFS, even for root)."""
    subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)
