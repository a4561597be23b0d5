"""Discovery, decoding and bad files: every good file loads, every bad one is a warning."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kzreader.library import SourceError, load_library
from kzreader.library.decode import DecodeError, decode_bytes

GOOD = "Council Meets\n\nThe council met on Tuesday.\n\nIt approved the budget.\n"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def messages(library) -> dict[str, str]:
    return {w.path.name: w.message for w in library.warnings}


def test_decode_variants():
    assert decode_bytes(codecs.BOM_UTF8 + "café".encode()) == ("café", "utf-8")
    assert decode_bytes("café".encode("utf-16")) == ("café", "utf-16")
    assert decode_bytes("café “quoted”".encode("cp1252")) == ("café “quoted”", "cp1252")
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"abc\x00def")
    with pytest.raises(DecodeError, match="not UTF-8"):
        decode_bytes(b"abc \x81\x8d\x90 def")  # bytes cp1252 leaves undefined


def test_bad_files_are_skipped_with_a_warning_and_the_rest_load(tmp_path):
    write(tmp_path, "good.txt", GOOD)
    write(
        tmp_path, "legacy.txt", "Caf\u00e9 Opens\n\nThe caf\u00e9 opened today.\n".encode("cp1252")
    )
    write(tmp_path, "bom.txt", codecs.BOM_UTF8 + GOOD.encode())
    write(tmp_path, "wide.txt", GOOD.encode("utf-16"))
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.md", b"  \n\n ")
    write(tmp_path, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path, "broken.txt", b"Title\n\nbad \x81\x8d bytes\n")
    write(tmp_path, "big.txt", GOOD + "x" * 3000)
    library = load_library([tmp_path], max_bytes=2048)
    assert sorted(a.id for a in library) == ["bom", "good", "legacy", "wide"]
    assert library.get("legacy").title == "Café Opens"
    assert library.get("legacy").encoding == "cp1252"
    assert library.get("wide").paragraphs == library.get("good").paragraphs
    got = messages(library)
    assert "cp1252" in got["legacy.txt"]
    assert "empty" in got["empty.txt"] and "empty" in got["blank.md"]
    assert "binary" in got["binary.txt"]
    assert "not UTF-8" in got["broken.txt"]
    assert "limit" in got["big.txt"]
    assert all(str(tmp_path) in str(w) for w in library.warnings)


def test_missing_source_folder_raises(tmp_path):
    with pytest.raises(SourceError, match="source folder does not exist"):
        load_library([tmp_path / "nope"])


def test_folder_notes_are_skipped_silently(tmp_path):
    write(tmp_path, "story.txt", GOOD)
    for name in ("README.md", "SOURCES.md", "divergences.md", "LICENSE.txt", "X-COPYING-CC.TXT"):
        write(tmp_path, name, "# Notes\n\nNot an article.\n")
    library = load_library([tmp_path])
    assert [a.id for a in library] == ["story"]
    assert library.warnings == ()


def test_suffixes_hidden_files_and_nested_ids(tmp_path):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.md", GOOD)
    write(tmp_path, "c.html", "<title>Council Meets</title><p>The council met.</p>")
    write(tmp_path, "d.pdf", GOOD)
    write(tmp_path, ".hidden.txt", GOOD)
    write(tmp_path, "event-one/bbc.txt", GOOD)
    write(tmp_path, "event-two/bbc.txt", GOOD)
    library = load_library([tmp_path])
    assert [a.id for a in library] == ["a", "b", "c", "event-one/bbc", "event-two/bbc"]


def test_manifest_outlet_only_when_text_names_none(tmp_path):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.txt", "Council Meets\nBy Example Daily Staff\n\nThe council met.\n")
    write(
        tmp_path,
        "SOURCES.md",
        "| file | outlet |\n|---|---|\n| `a.txt` | a.example |\n| `b.txt` | b.example |\n",
    )
    library = load_library([tmp_path])
    assert library.get("a").outlet == "a.example"
    assert library.get("b").outlet == "Example Daily"


def test_manifest_gives_dates_urls_and_headlines_the_text_lacks(tmp_path):
    write(tmp_path, "a.txt", "Council Meets\n\nThe council met on Monday.\n")
    write(tmp_path, "b.txt", "---\npublished: 2024-05-02\n---\nVote Held\n\nA vote was held.\n")
    write(tmp_path, "c.txt", "Storm Nears\n\nA storm neared the coast.\n")
    write(
        tmp_path,
        "SOURCES.md",
        "# Saved reports\n\n"
        "| file | outlet | published | URL | note |\n|---|---|---|---|---|\n"
        "| `a.txt` | a.example | 2024-05-01 09:30 | https://a.example/council | kept |\n"
        "| `b.txt` | b.example | 2023-01-01 | javascript:alert(1) | |\n"
        "| `c.txt` | c.example | next week | | |\n",
    )
    library = load_library([tmp_path])
    a, b, c = library.get("a"), library.get("b"), library.get("c")
    assert (a.outlet, a.published.isoformat()[:16], a.url) == (
        "a.example", "2024-05-01T09:30", "https://a.example/council"
    )  # fmt: skip
    assert b.published.date().isoformat() == "2024-05-02"  # the file's own date wins
    assert b.url is None  # only http(s) addresses are kept
    assert c.published is None and c.outlet == "c.example"
    (warning,) = library.warnings
    assert str(warning) == (
        f"{tmp_path / 'SOURCES.md'}:7: published 'next week' of c.txt is not a date; ignored"
    )


def test_an_article_states_its_own_url_in_front_matter_or_its_page(tmp_path):
    write(tmp_path, "a.txt", "---\nurl: https://a.example/x?id=1\n---\nVote Held\n\nA vote.\n")
    write(tmp_path, "b.txt", "---\nlink: file:///etc/passwd\n---\nVote Held\n\nA vote.\n")
    body = "<p>" + "The council voted on Monday to close the old bridge for repairs. " * 4
    write(
        tmp_path,
        "c.html",
        '<html><head><title>Bridge Closed</title><link rel="canonical" '
        'href="https://c.example/news/bridge"></head><body><article><h1>Bridge Closed</h1>'
        f"{body}</p></article></body></html>",
    )
    library = load_library([tmp_path])
    assert library.get("a").url == "https://a.example/x?id=1"
    assert library.get("b").url is None
    assert library.get("c").url == "https://c.example/news/bridge"


def test_an_unreadable_manifest_is_a_warning_naming_it(tmp_path):
    write(tmp_path, "b.txt", "Council Meets\n\nThe council met on Monday.\n")
    write(tmp_path, "SOURCES.md", b"| file | outlet |\n| `b.txt` | caf\xe9 \xff |\n")
    library = load_library([tmp_path])
    assert library.get("b").outlet == "unknown"
    assert [(w.path.name, "manifest ignored" in w.message) for w in library.warnings] == [
        ("SOURCES.md", True)
    ]


def test_article_text_is_joined_paragraphs_and_hash_is_of_raw_bytes(tmp_path):
    import hashlib

    raw = GOOD.encode()
    write(tmp_path, "a.txt", raw)
    article = load_library([tmp_path]).get("a")
    assert article.text == "\n\n".join(article.paragraphs)
    assert article.sha256 == hashlib.sha256(raw).hexdigest()
    spans = article.paragraph_spans()
    assert [article.text[s:e] for s, e in spans] == list(article.paragraphs)


def test_loading_never_writes_source_files(tmp_path):
    paths = [write(tmp_path, "a.txt", GOOD), write(tmp_path, "b.html", "<p>Hi there.</p>")]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}
    load_library([tmp_path])
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.html"]


def test_config_overrides_win(tmp_path):
    from kzreader.config import OutletOverride

    write(tmp_path, "a.txt", "Council Meets\nBy Example Daily Staff\n\nThe council met.\n")
    library = load_library([tmp_path], overrides={"a": OutletOverride(outlet="Other", title="T")})
    assert (library.get("a").outlet, library.get("a").title) == ("Other", "T")


def test_published_key_compares_aware_and_naive_dates(tmp_path):
    write(tmp_path, "a.txt", "A\nMay 4, 2024 10:30 CST\n\nThe council met.\n")
    write(tmp_path, "b.txt", "B\nMay 4, 2024 12:00\n\nThe council met.\n")
    write(tmp_path, "c.txt", "C\n\nThe council met.\n")
    library = load_library([tmp_path])
    keys = {a.id: a.published_key for a in library}
    assert keys["c"] is None
    assert keys["a"] is not None and keys["b"] is not None
    assert keys["a"].isoformat() == "2024-05-04T16:30:00"
    assert sorted([keys["a"], keys["b"]]) == [keys["b"], keys["a"]]
