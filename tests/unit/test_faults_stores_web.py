"""Faults of the web store (``kzreader.web``: SQLite in WAL mode in the data dir;
docs/reliability.md, issue 14 "Faults and bad input").

The store holds what cannot be rebuilt, so damage must never lose what a committed run wrote:
a damaged file is moved aside (never deleted) with one clear line, the rest of the library
loads, and the next run starts a new store silently.  Probes: the store file truncated,
emptied, filled with garbage, deleted, or damaged inside; its ``-wal`` and ``-shm`` files
truncated, emptied, filled with garbage or deleted after a writer died with commits in the
log; kill -9 during a refresh; two refreshes and a read at once over several rounds; the
database locked by another process; a read-only and a full data dir.  Every command that
reads or writes the store is run over each (``sources``, ``stories``, ``search``, ``export``,
``feeds list|export|add|remove``, ``add``, ``refresh``), and the reader's loading path (the
core functions its workers call).  The user's files and config are fingerprinted before and
after every probe.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from stores_faults import (
    child_env,
    damage,
    fill_store,
    flip,
    killed_writer,
    kz,
    lines,
    store_contents,
    web_ids,
    web_record,
    write_library,
)
from web_server import LocalServer, Route, article_html, rss

from kzreader import locations
from kzreader.config import load_config
from kzreader.library import open_library
from kzreader.stories import stories_for
from kzreader.web import store as web_store
from tests.faults_support import UserFiles, can_mount, fingerprint, read_only, small_filesystem

FILES = 10  # articles in the user's folder
STORED = 20  # articles in the web store


@pytest.fixture(scope="module")
def shared_server() -> Iterator[LocalServer]:
    server = LocalServer().start()
    yield server
    server.stop()


@pytest.fixture
def server(shared_server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> LocalServer:
    """127.0.0.1 only: the feed of the stored articles (304 for the ETag it was stored with)
    and their pages; the CLI's fetcher without the per-host pause."""
    from kzreader.web import FetchLimits

    shared_server.routes.clear()
    base = shared_server.url("")
    items = []
    for i in range(STORED):
        record = web_record(i, base)
        shared_server.page(f"/harbour/{i}", article_html(record.title, list(record.paragraphs)))
        items.append({"title": record.title, "link": record.url, "guid": f"h{i}"})
    shared_server.routes["/harbour.xml"] = Route(
        body=rss("Harbour Times", items),
        headers={"Content-Type": "application/rss+xml"},
        etag='"1"',
    )
    shared_server.routes["/ferry.xml"] = Route(  # the killed writer's feed (stores_faults)
        body=rss("Ferry News", []), headers={"Content-Type": "application/rss+xml"}
    )
    monkeypatch.setattr("kzreader.web.update.FetchLimits", lambda: FetchLimits(host_interval=0))
    return shared_server


@pytest.fixture
def user(tmp_path: Path) -> Iterator[UserFiles]:
    files = UserFiles(tmp_path / "user")
    files.config.write_text("search:\n  limit: 50\n", encoding="utf-8")
    write_library(files, 5, 2)
    files.freeze()
    yield files
    files.check()  # the user's files and config are byte-identical after every probe


def store_path() -> Path:
    return locations.store_file()


@pytest.fixture
def stocked(user: UserFiles, server: LocalServer) -> dict[str, list[tuple[object, ...]]]:
    """The web store with one feed and STORED articles, closed cleanly; what it holds."""
    fill_store(store_path(), STORED, server.url(""))
    code, out, err = kz(user, "sources", "--json")
    assert code == 0 and err == "" and len(json.loads(out)["articles"]) == FILES + STORED
    return store_contents(store_path())


def library_ids(user: UserFiles) -> tuple[set[str], list[str]]:
    """``sources --json``: (ids, stderr lines); exit 0 and no traceback."""
    code, out, err = kz(user, "sources", "--json")
    assert code == 0 and "Traceback" not in err, err
    return {a["id"] for a in json.loads(out)["articles"]}, lines(err)


def file_ids(ids: set[str]) -> set[str]:
    return {i for i in ids if not i.startswith("web:")}


def asides() -> dict[str, bytes]:
    """The store files moved aside (their -wal and -shm files go with them)."""
    folder = store_path().parent
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))
    }


#: Every command that opens the store; the exit codes each may give.
COMMANDS = [
    (("sources", "--json"), {0}),
    (("stories", "--json"), {0}),
    (("search", "harbour OR council", "--json"), {0, 1}),
    (("export", "--json"), {0}),
    (("feeds", "list", "--json"), {0, 1, 2}),
    (("feeds", "export"), {0, 2}),
    (("refresh",), {0, 1, 2}),
]


def no_traceback(user: UserFiles, argv: tuple[str, ...], codes: set[int]) -> list[str]:
    code, _out, err = kz(user, *argv)
    assert code in codes and "Traceback" not in err, (argv, code, err)
    return lines(err)


# --- the store file --------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["truncated", "garbage"])
@pytest.mark.parametrize(
    ("argv", "codes"), COMMANDS, ids=lambda v: " ".join(v)[:12] if isinstance(v, tuple) else ""
)
def test_a_damaged_store_file_is_moved_aside_by_whichever_command_finds_it(
    user, stocked, how, argv, codes
):
    path = store_path()
    damage(path, how)
    damaged = path.read_bytes()
    err = no_traceback(user, argv, codes)
    assert len(err) == 1 and "moved aside to store.sqlite3.damaged-" in err[0], err
    assert list(asides().values()) == [damaged]  # kept as it was: nothing deleted
    ids, err = library_ids(user)
    assert ids == file_ids(ids) and len(ids) == FILES and err == []  # then silently
    assert no_traceback(user, ("feeds", "list", "--json"), {1}) == []  # a new, empty store


@pytest.mark.parametrize("how", ["emptied", "deleted"])
def test_an_emptied_or_deleted_store_file_is_a_new_store(user, stocked, how):
    """Nothing is left in it to keep: the next run starts a new store, silently."""
    damage(store_path(), how)
    for argv, codes in COMMANDS:
        assert no_traceback(user, argv, codes) == [], argv
    ids, _err = library_ids(user)
    assert len(ids) == FILES


@pytest.mark.parametrize("k", range(1, 8))
def test_damage_inside_the_store_file(user, stocked, k):
    """Pages damaged in place: whichever command reads one says so in one line and moves the
    file aside as it was; commands that read none answer from it as before."""
    path = store_path()
    flip(path, path.stat().st_size * k // 8, 512)
    damaged = path.read_bytes()
    for argv, codes in COMMANDS:
        err = no_traceback(user, argv, codes)
        assert len(err) <= 1, (argv, err)
        if asides():
            assert list(asides().values()) == [damaged]
    ids, err = library_ids(user)
    assert err == [] and len(file_ids(ids)) == FILES
    if not asides():  # nothing noticed it: every stored article is still there
        assert len(ids) == FILES + STORED


# --- its write-ahead log and shared-memory index ---------------------------------------------


@pytest.fixture
def logged(user, stocked, server) -> list[str]:
    """A writer died with a feed and 5 articles committed to the write-ahead log only."""
    return killed_writer(store_path(), server.url(""))


def test_commits_in_the_log_of_a_killed_writer_are_kept(user, logged):
    ids, err = library_ids(user)
    assert err == [] and set(logged) <= ids and len(ids) == FILES + STORED + 5
    code, out, _ = kz(user, "feeds", "list", "--json")
    assert code == 0 and len(json.loads(out)["feeds"]) == 2


@pytest.mark.parametrize("how", ["truncated", "emptied", "garbage", "deleted"])
def test_the_shared_memory_index_damaged(user, logged, how):
    """``-shm`` is an index of the log: SQLite rebuilds it; nothing is lost."""
    damage(Path(f"{store_path()}-shm"), how)
    for argv, codes in COMMANDS:
        assert no_traceback(user, argv, codes) == [], argv
    ids, _ = library_ids(user)
    assert set(logged) <= ids and len(ids) == FILES + STORED + 5


@pytest.mark.parametrize("how", ["truncated", "emptied", "deleted"])
def test_the_log_cut_short(user, server, logged, how):
    """A log cut short is a crash's log: the whole commits before the cut are kept, the rest
    (lost with the bytes) is not guessed at; the checkpointed store is whole."""
    damage(Path(f"{store_path()}-wal"), how)
    ids, err = library_ids(user)
    assert err == [] and len(file_ids(ids)) == FILES
    web = ids - file_ids(ids)
    assert (
        set(web_ids(STORED, server.url("")))
        <= web
        <= set(web_ids(STORED, server.url(""))) | set(logged)
    )
    for argv, codes in COMMANDS:
        assert no_traceback(user, argv, codes) == [], argv
    assert library_ids(user)[0] == ids


def test_a_log_filled_with_garbage_is_moved_aside_with_one_warning(user, logged):
    log = Path(f"{store_path()}-wal")
    damage(log, "garbage")
    garbage = log.read_bytes()
    ids, err = library_ids(user)
    assert len(ids) == FILES + STORED  # the checkpointed store; the log's commits are garbled
    assert len(err) == 1 and "write-ahead log" in err[0] and "moved aside" in err[0], err
    assert list(asides().values()) == [garbage]  # kept, never overwritten by the next writer
    code, _out, err = kz(user, "feeds", "add", "http://127.0.0.1:9/another.xml")
    assert code == 0 and err == ""
    assert library_ids(user) == (ids, [])
    assert list(asides().values()) == [garbage]


# --- kill -9, concurrency --------------------------------------------------------------------

CLI = (
    "import sys\n"
    "import kzreader.web.update as update\n"
    "from kzreader.web import FetchLimits\n"
    "update.FetchLimits = lambda: FetchLimits(host_interval=float(sys.argv[1]))\n"
    "from kzreader.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)


def cli_process(user: UserFiles, *argv: str, interval: float = 0.0) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", CLI, str(interval), "--config", str(user.config)]
    command += ["--source", str(user.sources), *argv]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env()
    )


def slow_feed(server: LocalServer, path: str, count: int, start: int = 0) -> str:
    items = []
    for i in range(start, start + count):
        record = web_record(i, server.url(""))
        server.page(f"/harbour/{i}", article_html(record.title, list(record.paragraphs)))
        server.routes[f"/harbour/{i}"].delay = 0.1
        items.append({"title": record.title, "link": record.url, "guid": f"h{i}"})
    server.routes[path] = Route(
        body=rss("Harbour Times", items), headers={"Content-Type": "application/rss+xml"}
    )
    return server.url(path)


def test_kill_9_during_a_refresh_loses_at_most_the_entries_in_flight(user, server):
    feed = slow_feed(server, "/slow.xml", 30)
    assert kz(user, "feeds", "add", feed)[0] == 0
    refresh = cli_process(user, "refresh", interval=0.2)
    assert refresh.stdout is not None
    stored: list[str] = []
    deadline = time.monotonic() + 60
    for line in refresh.stdout:  # not a terminal: one line per event
        if line.startswith("page new: "):
            stored.append(line.removeprefix("page new: ").strip())
        if len(stored) >= 6 or time.monotonic() > deadline:
            break
    refresh.send_signal(signal.SIGKILL)
    refresh.wait()
    db = sqlite3.connect(store_path())
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    urls = {row[0] for row in db.execute("SELECT url FROM articles")}
    db.close()
    assert set(stored) <= urls and len(urls) < 30  # every page said stored is stored
    code, out, err = kz(user, "refresh")
    assert code == 0 and err == "" and f"{30 - len(urls)} new" in out
    ids, err = library_ids(user)
    assert err == [] and ids - file_ids(ids) == set(web_ids(30, server.url("")))


def test_two_refreshes_and_a_read_at_once(user, server):
    for n in range(3):
        feed = slow_feed(server, "/growing.xml", 8 * (n + 1))
        if n == 0:
            assert kz(user, "feeds", "add", feed)[0] == 0
        jobs = [cli_process(user, "refresh") for _ in range(2)]
        jobs.append(cli_process(user, "sources", "--json"))
        answers = [job.communicate(timeout=120) for job in jobs]
        for job, (_out, err) in zip(jobs, answers, strict=True):
            assert job.returncode == 0 and "Traceback" not in err, err
            assert lines(err) == [], err
        seen = {a["id"] for a in json.loads(answers[-1][0])["articles"]}
        assert len(file_ids(seen)) == FILES  # a whole library, whatever was stored by then
        ids, err = library_ids(user)
        assert err == [] and ids - file_ids(ids) == set(web_ids(8 * (n + 1), server.url("")))
        code, out, _ = kz(user, "feeds", "list", "--json")
        assert code == 0 and json.loads(out)["feeds"][0]["failing_pages"] == []


def test_the_same_page_saved_by_two_processes_at_once(tmp_path):
    """Found by the probe above under load (one run in six with three runs at once): two
    refreshes fetched the same page, both looked its URL up before either wrote it, and the
    second insert died with ``IntegrityError: UNIQUE constraint failed: articles.url``.  Here
    another connection stores the page inside an open write transaction while `save_article`
    runs: it must look the URL up only once it holds the write lock, and find the row."""
    path = tmp_path / "store.sqlite3"
    record = web_record(1)
    with web_store.Store.open(path):
        pass  # the schema
    other = sqlite3.connect(path, timeout=30, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute(
        "INSERT INTO articles (id, url, outlet, title, text, paragraphs, captions, sha256, "
        "fetched, source) VALUES ('w-other', ?, ?, ?, ?, 1, '[]', ?, '2026-01-01T00:00:00Z', "
        "'page')",
        (record.url, record.outlet, record.title, record.text, record.sha256),
    )
    outcome: list[tuple[str, str] | BaseException] = []

    def save() -> None:
        try:
            with web_store.Store.open(path) as store:
                outcome.append(store.save_article(record))
        except Exception as exc:  # noqa: BLE001 - handed to the assertion below
            outcome.append(exc)

    worker = threading.Thread(target=save)
    worker.start()
    time.sleep(1.0)  # the worker is waiting for the write lock by now
    other.execute("COMMIT")
    other.close()
    worker.join(60)
    assert outcome == [("w-other", "unchanged")], outcome
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone() == (1,)
    db.close()


# --- locked, read-only, full -----------------------------------------------------------------

HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":
    db.execute("PRAGMA locking_mode = EXCLUSIVE")
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE articles SET title = 'uncommitted'")
if sys.argv[2] == "exclusive":
    db.execute("COMMIT")
    db.execute("BEGIN EXCLUSIVE")
    db.execute("UPDATE articles SET title = 'uncommitted'")
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(monkeypatch):
    """Start a process that holds the store's write lock (``exclusive``: every lock)."""
    started: list[subprocess.Popen[str]] = []
    monkeypatch.setattr(web_store, "BUSY_TIMEOUT", 0.5)

    class Hold:
        def __call__(self, mode: str) -> None:
            proc = subprocess.Popen(
                [sys.executable, "-c", HOLD, str(store_path()), mode],
                stdout=subprocess.PIPE,
                text=True,
            )
            started.append(proc)
            assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"

        def kill(self) -> None:
            for proc in started:
                proc.send_signal(signal.SIGKILL)
                proc.wait()

    hold = Hold()
    yield hold
    hold.kill()


def writers(server: LocalServer) -> list[tuple[str, ...]]:
    """The commands that write the store."""
    return [
        ("feeds", "add", "http://127.0.0.1:9/another.xml"),
        ("feeds", "remove", server.url("/harbour.xml")),
        ("refresh",),
        ("add", server.url("/harbour/0")),
    ]


def test_a_store_locked_by_another_writer(user, stocked, server, holder):
    """Readers see what was committed; each writing command says in one line that the store
    is busy, and the store is as it was."""
    holder("immediate")
    ids, err = library_ids(user)
    assert err == [] and len(ids) == FILES + STORED
    for argv, codes in COMMANDS[:5]:
        assert no_traceback(user, argv, codes) == [], argv
    for argv in writers(server):
        code, _out, err = kz(user, *argv)
        assert code == 2 and "Traceback" not in err, (argv, err)
        assert len(lines(err)) == 1 and "locked" in err, (argv, err)
    assert store_contents(store_path()) == stocked


def test_a_lock_left_by_a_killed_writer(user, stocked, server, holder):
    """A writer killed inside its transaction: the kernel drops its locks, its uncommitted
    change is rolled back, the next writer goes through at once."""
    holder("immediate")
    holder.kill()
    code, _out, err = kz(user, "feeds", "add", "http://127.0.0.1:9/another.xml")
    assert code == 0 and err == ""
    contents = store_contents(store_path())
    assert contents["articles"] == stocked["articles"] and contents["read"] == stocked["read"]
    assert len(contents["feeds"]) == 2
    assert library_ids(user)[1] == []


def test_a_store_locked_exclusively(user, stocked, server, holder):
    """Not even readable: the files load, with one line saying the store was not read."""
    holder("exclusive")
    ids, err = library_ids(user)
    assert ids == file_ids(ids) and len(ids) == FILES
    assert len(err) == 1 and "web store not read" in err[0] and "locked" in err[0]
    for argv, codes in COMMANDS + [(w, {2}) for w in writers(server)]:
        assert len(no_traceback(user, argv, codes | {2})) == 1, argv


MOUNT = can_mount()


def data_fingerprint() -> dict[str, tuple[str, int, str]]:
    return fingerprint(store_path().parent)


@pytest.mark.skipif(MOUNT is not None, reason=f"a read-only mount: {MOUNT}")
@pytest.mark.parametrize("state", ["closed", "logged"])
def test_a_read_only_data_dir(user, stocked, server, state):
    """Reading works (the log of a killed writer too); writing commands fail with one line."""
    extra = killed_writer(store_path(), server.url("")) if state == "logged" else []
    if state == "closed":  # as the last writer leaves it: no -wal, no -shm
        log = Path(f"{store_path()}-wal")
        assert log.stat().st_size == 0  # the readers' (they leave an empty log)
        log.unlink()
        Path(f"{store_path()}-shm").unlink()
    before = data_fingerprint()
    with read_only(store_path().parent):
        ids, err = library_ids(user)
        assert err == [] and len(ids) == FILES + STORED + len(extra) and set(extra) <= ids
        for argv, codes in COMMANDS[:4]:
            assert no_traceback(user, argv, codes) == [], argv
        code, out, err = kz(user, "feeds", "list", "--json")
        assert code == 0 and err == "" and len(json.loads(out)["feeds"]) == 1 + bool(extra)
        code, out, err = kz(user, "feeds", "export")
        assert code == 0 and err == "" and server.url("/harbour.xml") in out
        for argv in writers(server):
            code, out, err = kz(user, *argv)
            assert code == 2 and "Traceback" not in err and len(lines(err)) == 1, (argv, err)
            assert "read-only" in err.lower() or "readonly" in err.lower(), (argv, err)
    assert data_fingerprint() == before


def fill_up(filler: Path) -> None:
    """Write ``filler`` until its file system has no byte left."""
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 16, 1 << 12, 1):
            with contextlib.suppress(OSError):  # ENOSPC: the point
                while True:
                    os.write(fd, bytes(size))
    finally:
        os.close(fd)


@pytest.mark.skipif(MOUNT is not None, reason=f"a full file system: {MOUNT}")
def test_a_full_data_dir(user, server, tmp_path, monkeypatch):
    """Writing commands fail with one line (one that fits in the log's space already taken
    may go through); reading works; nothing committed is lost; with room again the next
    write goes through."""
    with small_filesystem(tmp_path / "data", "8m") as data:
        monkeypatch.setenv("KZREADER_DATA_DIR", str(data))
        fill_store(store_path(), STORED, server.url(""))
        committed = store_contents(store_path())
        filler = data / "filler"
        fill_up(filler)
        ids, err = library_ids(user)
        assert err == [] and len(ids) == FILES + STORED
        failed = 0
        for argv in writers(server):
            code, _out, err = kz(user, *argv)
            assert code in (0, 2) and "Traceback" not in err, (argv, err)
            if code == 2:
                failed += 1
                assert len(lines(err)) == 1 and "disk is full" in err, (argv, err)
        assert failed >= 1
        assert store_contents(store_path()) == committed  # the failed wrote nothing
        filler.unlink()
        code, _out, err = kz(user, "feeds", "add", "http://127.0.0.1:9/another.xml")
        assert code == 0 and err == ""
        assert len(library_ids(user)[0]) == FILES + STORED


# --- the reader's loading path ---------------------------------------------------------------


def garbage_store() -> None:
    damage(store_path(), "garbage")


def garbage_log() -> None:
    killed_writer(store_path())
    damage(Path(f"{store_path()}-wal"), "garbage")


def damaged_page() -> None:
    flip(store_path(), 9000, 512)


@pytest.mark.parametrize("probe", [garbage_store, garbage_log, damaged_page])
def test_the_readers_loading_path_recovers(user, stocked, probe):
    """What the reader's workers call (``open_library``, then ``stories_for``): no exception,
    at most one warning each, then silent."""
    probe()
    config = load_config(user.config)
    for turn in range(2):
        library = open_library(config, [user.sources])
        web_warnings = [w for w in library.warnings if "web store" in str(w)]
        assert len(web_warnings) <= (1 if turn == 0 else 0), web_warnings
        assert len(file_ids({a.id for a in library})) == FILES
        stories = stories_for(library)
        assert sorted(a for s in stories for a in s.articles) == sorted(a.id for a in library)
        assert turn == 0 or stories.warning is None
