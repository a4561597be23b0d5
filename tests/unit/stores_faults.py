"""Shared pieces of the store fault probes (``test_faults_stores_*.py``, docs/reliability.md).

Invented articles for the user's folder and for the web store (every name, place and number is
made up, built from syllables), the CLI run in-process and as a subprocess, and the ways a
file is damaged.  The user's files are fingerprinted by ``tests.faults_support.UserFiles``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path

from kzreader.cli import main
from kzreader.web.store import ArticleRecord, Store, url_id
from tests.faults_support import UserFiles

SRC = Path(__file__).resolve().parents[2] / "src"

_FIRST = ["Vel", "Ost", "Bren", "Kar", "Mol", "Tess", "Dun", "Hal", "Pir", "Zan", "Rov", "Quel"]
_LAST = ["mora", "vac", "holt", "dell", "wick", "stad", "grove", "mere", "ford", "ley"]
_WHAT = [
    ("flood", "The river burst its banks in {p} and flooded {n} homes, the fire service said."),
    ("fire", "A warehouse fire in {p} burned for {n} hours before crews put it out, police said."),
    ("strike", "Bus drivers in {p} walked out for {n} days over pay, the union said."),
    ("vote", "The {p} council voted {n} to 3 to close the old bridge, the mayor said."),
    ("crash", "A freight train left the rails near {p}, injuring {n} workers, officials said."),
    ("storm", "A storm cut power to {n} thousand homes in {p} overnight, the utility said."),
]


def place(n: int) -> str:
    return _FIRST[n % len(_FIRST)] + _LAST[(n // len(_FIRST)) % len(_LAST)]


def report(n: int, copy: int = 0) -> str:
    """Report ``copy`` of happening ``n``: a title, a byline and two paragraphs."""
    kind, lead = _WHAT[n % len(_WHAT)]
    town = place(n)
    count = n % 40 + 5
    heads = [f"{town} {kind}: {count} affected", f"{kind.title()} hits {town}", f"{town} {kind}"]
    body = lead.format(p=town, n=count)
    later = (
        f"Residents of {town} were told to expect more news on day {n % 28 + 1}, "
        f"and {count + copy} volunteers came to help, a spokesman said."
    )
    return f"{heads[copy % 3]}\nBy Outlet{copy} Staff\n\n{body}\n\n{later}\n"


def write_library(user: UserFiles, happenings: int, copies: int = 3) -> int:
    """``happenings`` x ``copies`` files in the user's folder; returns how many."""
    for n in range(happenings):
        for c in range(copies):
            user.write(f"r{n:04d}-{c}.txt", report(n, c))
    return happenings * copies


def kz(user: UserFiles, *argv: str) -> tuple[int, str, str]:
    """The CLI in this process over the user's folder and config: (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--config", str(user.config), "--source", str(user.sources), *argv])
    return code, out.getvalue(), err.getvalue()


def kz_process(user: UserFiles, *argv: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "kzreader", "--config", str(user.config)]
    command += ["--source", str(user.sources), *argv]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env()
    )


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(SRC.parent)])}


def damage(path: Path, how: str) -> None:
    """Truncate (to half), empty, fill with garbage (as long, at least 64 bytes) or delete."""
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "emptied":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(os.urandom(max(len(data), 64)))
    elif how == "deleted":
        path.unlink()
    else:
        raise ValueError(how)


def flip(path: Path, at: int, length: int = 64) -> None:
    """XOR ``length`` bytes from offset ``at``: damage inside a file that keeps its size."""
    data = bytearray(path.read_bytes())
    data[at : at + length] = bytes(b ^ 0xA5 for b in data[at : at + length])
    path.write_bytes(bytes(data))


def stories_of(out: str) -> list[tuple[str, tuple[str, ...]]]:
    """``stories --json`` as (id, sorted members) per story, in order."""
    return [(s["id"], tuple(sorted(s["articles"]))) for s in json.loads(out)["stories"]]


def lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


# --- the web store ---------------------------------------------------------------------------

#: Where the invented web articles say they come from (tests that fetch pass a local server's).
BASE = "http://127.0.0.1:9"


def web_record(i: int, base: str = BASE) -> ArticleRecord:
    town = place(i + 7)
    text = (
        f"The harbour board of {town} met on day {i % 28 + 1} and approved {i % 9 + 2} new "
        f"berths, officials said.\n\nWork in {town} starts in spring, the board said."
    )
    return ArticleRecord(
        url=f"{base}/harbour/{i}",
        outlet="Harbour Times",
        title=f"{town} harbour gets {i % 9 + 2} berths",
        text=text,
        paragraphs=tuple(text.split("\n\n")),
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        feed=f"{base}/harbour.xml",
    )


def fill_store(path: Path, count: int, base: str = BASE, read: int = 3) -> list[str]:
    """A web store with one feed (fetched once, ETag ``"1"``) and ``count`` articles, the first
    ``read`` marked read; closed cleanly (checkpointed).  Returns the article ids."""
    with Store.open(path) as store:
        store.add_feed(f"{base}/harbour.xml", "Harbour Times")
        store.feed_ok(
            f"{base}/harbour.xml", title="Harbour Times", site_url=None, etag='"1"',
            last_modified=None,
        )  # fmt: skip
        ids = [store.save_article(web_record(i, base))[0] for i in range(count)]
        store.mark_read(ids[:read])
    return ids


def web_ids(count: int, base: str = BASE, start: int = 0) -> list[str]:
    return [url_id(web_record(i, base).url) for i in range(start, start + count)]


KILLED_WRITER = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from stores_faults import web_record
from kzreader.web.store import Store
store = Store.open(Path(sys.argv[1]))
store._db.execute("PRAGMA wal_autocheckpoint = 0")  # every commit stays in the log
store.add_feed(sys.argv[2] + "/ferry.xml", "Ferry News")
for i in range(100, 105):
    store.save_article(web_record(i, sys.argv[2]))
os._exit(9)  # committed, never closed: as after kill -9, the log holds them
"""


def killed_writer(path: Path, base: str = BASE) -> list[str]:
    """Another feed and 5 articles committed by a process that then dies without closing
    the store: they are in its write-ahead log only.  Returns their ids."""
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(path), base, str(Path(__file__).parent)],
        env=child_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 9, done.stderr
    assert Path(f"{path}-wal").stat().st_size > 32 * 1024
    return web_ids(5, base, start=100)


def store_contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a committed run wrote, as a plain SQLite reader sees it (read-only)."""
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            "feeds": db.execute("SELECT url, title FROM feeds ORDER BY url").fetchall(),
            "articles": db.execute("SELECT id, sha256 FROM articles ORDER BY id").fetchall(),
            "read": db.execute(
                "SELECT id FROM articles WHERE read_at IS NOT NULL ORDER BY id"
            ).fetchall(),
        }
    finally:
        db.close()
