"""The SQLite store: schema, WAL, ids, read state, damage moved aside; stored articles in the
library (ids, sources key, warnings)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from kzreader import locations
from kzreader.config import load_config
from kzreader.library import open_library
from kzreader.web.store import (
    SCHEMA_VERSION,
    ArticleRecord,
    Store,
    StoreError,
    open_store,
    url_id,
)


def record(url: str, text: str = "First paragraph.\n\nSecond paragraph.", **kw) -> ArticleRecord:
    paragraphs = tuple(text.split("\n\n"))
    return ArticleRecord(
        url=url,
        outlet=kw.pop("outlet", "The Gazette"),
        title=kw.pop("title", "A title"),
        text=text,
        paragraphs=paragraphs,
        sha256=kw.pop("sha256", str(hash(text))),
        **kw,
    )


def test_schema_wal_and_version(tmp_path):
    path = tmp_path / "s.sqlite3"
    Store.open(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == str(
        SCHEMA_VERSION
    )
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"feeds", "articles", "entries", "fetch_errors", "meta"} <= tables
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer kzreader"):
        Store.open(path)


def test_ids_are_stable_short_and_never_reused(tmp_path):
    with Store.open(tmp_path / "s.sqlite3") as store:
        first, outcome = store.save_article(record("http://a/1"))
        assert outcome == "new" and first == url_id("http://a/1") and len(first) == 14
        again, outcome = store.save_article(record("http://a/1", "Changed.\n\nText."))
        assert (again, outcome) == (first, "updated")
        _same, outcome = store.save_article(record("http://a/1", "Changed.\n\nText."))
        assert outcome == "unchanged"
        # a canonical URL that matches an existing article updates that article
        other, outcome = store.save_article(
            record("http://a/1?utm=x", canonical_url="http://a/1", sha256="z")
        )
        assert other == first and outcome == "updated"
        # a taken short id is lengthened, never shared
        store._db.execute("UPDATE articles SET id = ? WHERE id = ?", (url_id("http://a/2"), first))
        store._db.commit()
        second, _ = store.save_article(record("http://a/2"))
        assert second == url_id("http://a/2", 12)


def test_read_state(tmp_path):
    with Store.open(tmp_path / "s.sqlite3") as store:
        a, _ = store.save_article(record("http://a/1"))
        b, _ = store.save_article(record("http://a/2"))
        assert store.unread_ids() == {a, b} and store.read_ids() == set()
        assert store.mark_read([a, "web:unknown"]) == 1
        assert store.read_ids() == {a} and store.unread_ids() == {b}
        assert store.mark_read([a], read=False) == 1
        assert store.read_ids() == set()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-db"])
def test_a_damaged_store_is_moved_aside_never_deleted(tmp_path, damage):
    path = tmp_path / "store.sqlite3"
    with Store.open(path) as store:
        for i in range(50):
            store.save_article(record(f"http://a/{i}", "Para one.\n\n" + "x" * 3000))
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    original = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not a database at all" * 1000)
    elif damage == "truncated":
        path.write_bytes(original[: 4096 + 100])
    else:
        path.unlink()
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE t (x)")
        other.commit()
        other.close()
    damaged = path.read_bytes()
    store, warning = open_store(path)
    store.close()
    assert warning is not None and "moved aside to store.sqlite3.damaged-" in warning
    assert warning.count("\n") == 0
    aside = [
        p
        for p in tmp_path.iterdir()
        if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert Store.open(path).article_count() == 0  # a fresh store in its place


def test_stored_articles_join_the_library_and_its_index_key(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "local.txt").write_text("Local Headline\n\nA local report.\n", encoding="utf-8")
    config = load_config(None)
    plain = open_library(config, [folder])
    assert [a.id for a in plain] == ["local"] and not locations.store_file().exists()
    store, _ = open_store()
    with store:
        article_id, _ = store.save_article(
            record(
                "http://a/story",
                feed="http://a/feed",
                title="Web story",
                outlet="Site",
                published=datetime(2024, 1, 2, 3, 4, tzinfo=UTC),
                captions=("A caption",),
            )
        )
    library = open_library(config, [folder])
    assert [a.id for a in library] == ["local", article_id]
    article = library.get(article_id)
    assert article is not None
    assert (article.url, article.feed, article.outlet) == (
        "http://a/story",
        "http://a/feed",
        "Site",
    )
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")
    assert article.captions == ("A caption",) and article.published.year == 2024
    assert article.file == article_id and article.path.parent == locations.store_file()
    assert locations.store_file() in library.sources
    assert locations.index_dir(library.sources) != locations.index_dir(plain.sources)


def test_a_file_with_a_stored_id_keeps_it_and_the_stored_one_gets_the_long_id(tmp_path):
    store, _ = open_store()
    with store:
        article_id, _ = store.save_article(record("http://a/story"))
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / f"{article_id}.txt").write_text("Same Name\n\nA file.\n", encoding="utf-8")
    library = open_library(load_config(None), [folder])
    ids = [a.id for a in library]
    assert ids[0] == article_id and library.get(article_id).url is None
    assert ids[1].startswith("web:") and len(ids[1]) == 4 + 64


def test_the_library_reports_a_damaged_store_in_one_warning_and_loads_the_files(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "local.txt").write_text("Local Headline\n\nA local report.\n", encoding="utf-8")
    path = locations.store_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage" * 500)
    library = open_library(load_config(None), [folder])
    assert [a.id for a in library] == ["local"]
    [warning] = [w for w in library.warnings if "web store" in w.message]
    assert "moved aside" in warning.message and "\n" not in str(warning)
    assert any(".damaged-" in p.name for p in path.parent.iterdir())


def test_a_row_that_fails_its_check_is_a_warning_not_dropped_silently(tmp_path):
    store, _ = open_store()
    with store:
        article_id, _ = store.save_article(record("http://a/story"))
        store._db.execute("UPDATE articles SET paragraphs = 7")
        store._db.commit()
    library = open_library(load_config(None), [tmp_path])
    assert library.get(article_id) is None
    assert any(article_id in w.message and "disagree" in w.message for w in library.warnings)
