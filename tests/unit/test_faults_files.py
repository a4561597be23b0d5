"""Faults and bad input, files and folders (docs/reliability.md, issue 14).

Each probe puts one bad file next to a good article in the user's folder and runs the commands
over it: the good article loads, the bad file loads cleanly or is skipped with one warning
naming it, nothing is written to the user's files (fingerprinted before and after), no
traceback, no control character in the output.  Decoding is the web engineer's (decode.py is
being changed): these tests check behaviour, not which decoder ran.
"""

from __future__ import annotations

import json
import os
from io import StringIO
from pathlib import Path

import pytest

from kzreader.cli import main
from tests.faults_support import UserFiles
from tests.safety_corpus import unsafe_in

GOOD = (
    "Council meets\nBy Example Daily Staff\n\n"
    "The council met on Monday and voted to open the bridge, officials said.\n\n"
    "Twelve people were injured in the crush at the gate, the mayor said.\n"
)
SENTENCE = "The council met on Monday and voted to open the bridge, officials said. "
RUSSIAN = "Мэр сказал\n\nМэр города сказал, что погибли десять человек.\n"


@pytest.fixture
def user(tmp_path: Path):
    files = UserFiles(tmp_path / "user")
    files.config.write_text("search:\n  limit: 5\n", encoding="utf-8")
    yield files
    files.check()  # every probe: the user's files and config are byte-identical afterwards


def run(user: UserFiles, *argv: str) -> tuple[int, str, str]:
    from contextlib import redirect_stderr, redirect_stdout

    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--config", str(user.config), "--source", str(user.sources), *argv])
    return code, out.getvalue(), err.getvalue()


def probe(user: UserFiles, name: str, data: bytes) -> tuple[dict[str, dict], list[str]]:
    """Write the probe, freeze the user's files, run every command; (articles by file, warnings)."""
    user.write("good.txt", GOOD)
    user.write(name, data)
    user.freeze()
    code, out, err = run(user, "sources", "--json")
    assert code == 0, err
    articles = {a["file"]: a for a in json.loads(out)["articles"]}
    assert "good.txt" in articles
    warnings = err.splitlines()
    assert all(line.startswith("kzreader: warning: ") for line in warnings), err
    assert unsafe_in(out + err) == []
    for argv in (["search", "council", "--json"], ["facts"], ["sources"], ["show", "good"]):
        code, out, err = run(user, *argv)
        assert code in (0, 1) and "Traceback" not in err, (argv, err)
        assert unsafe_in(out + err) == []
    if name in articles:
        code, out, err = run(user, "show", articles[name]["id"], "--json")
        assert code == 0 and unsafe_in(out) == []
        code, out, err = run(user, "compare", "good", articles[name]["id"])
        assert code == 0 and "Traceback" not in err
    return articles, warnings


def skipped(user: UserFiles, name: str, data: bytes, reason: str) -> None:
    articles, warnings = probe(user, name, data)
    assert name not in articles
    (warning,) = [w for w in warnings if name in w]
    assert reason in warning, warning


def loaded(user: UserFiles, name: str, data: bytes) -> str:
    """The probe loads; returns its clean text."""
    articles, _warnings = probe(user, name, data)
    assert name in articles, _warnings
    _code, out, _ = run(user, "show", articles[name]["id"], "--json")
    return json.loads(out)["text"]


def test_empty_file(user):
    skipped(user, "empty.txt", b"", "empty file")


def test_whitespace_only_file(user):
    skipped(user, "blank.md", b" \n\t\n  \r\n", "empty file")


def test_binary_file(user):
    skipped(user, "image.txt", bytes(range(256)) * 64, "binary")


def test_nul_bytes_early_mean_binary(user):
    skipped(user, "nul.txt", b"Title\n\nThe council \x00 met.\n", "binary")


def test_a_nul_after_the_first_8_kb_does_not_stay_in_the_text(user):
    data = (SENTENCE * 150).encode() + b"\x00 and then the vote, officials said.\n"
    assert data.index(b"\x00") > 8192
    text = loaded(user, "late-nul.txt", data)
    assert "\x00" not in text and "and then the vote" in text


def test_invalid_utf8(user):
    text = loaded(user, "bad.txt", GOOD.encode().replace(b"voted", b"vot\xffed"))
    assert "The council met on Monday" in text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_unicode_with_a_byte_order_mark(user, encoding):
    data = GOOD.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    text = loaded(user, "bom.txt", data)
    assert "The council met on Monday" in text and "\ufeff" not in text


def test_cp1252(user):
    text = loaded(
        user, "cp1252.txt", "Café vote\n\nThe mayor’s office said “ten”.\n".encode("cp1252")
    )
    assert "mayor’s office said “ten”" in text


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_cyrillic_legacy_encodings(user, encoding):
    text = loaded(user, f"{encoding}.txt", RUSSIAN.encode(encoding))
    assert "погибли десять человек" in text and unsafe_in(text) == []


def test_a_file_over_the_size_limit(user):
    data = ("Big\n\n" + SENTENCE * (5 * 1024 * 1024 // len(SENTENCE) + 2000)).encode()
    assert len(data) > 5 * 1024 * 1024
    skipped(user, "big.txt", data, "over the 5 MB limit")


def test_a_one_megabyte_single_line(user):
    text = loaded(
        user, "line.txt", ("Line\n\n" + SENTENCE * (1024 * 1024 // len(SENTENCE))).encode()
    )
    assert len(text) > 1_000_000 and text.count("\n") == 0


def test_unclosed_html(user):
    data = "<html><body><p>" + SENTENCE + "</p>" + "<b><i>x " * 20000
    text = loaded(user, "unclosed.html", data.encode())
    assert "The council met on Monday" in text


def test_deeply_nested_html(user):
    depth = 20000
    data = "<html><body>" + "<div>" * depth + "<p>" + SENTENCE + "</p>" + "</div>" * depth
    text = loaded(user, "nested.html", (data + "</body></html>").encode())
    assert "The council met on Monday" in text


def test_html_with_40000_mismatched_close_tags(user):
    """Issue 14 #6 (took 41.5 s to load); a regression guard for the web engineer's fix."""
    body = "<div>" * 40000 + "</span>" * 40000
    data = f"<html><body><p>{SENTENCE}</p>{body}</body></html>"
    text = loaded(user, "mismatched.html", data.encode())
    assert "The council met on Monday" in text


def test_odd_file_names(user):
    user.write("good.txt", GOOD)
    for n, name in enumerate(
        ["a b.txt", "new\nline.txt", "日本 café.md", "\x1b]0;x\x07.txt", "-x.txt"]
    ):
        user.write(name, GOOD.replace("twelve", str(n)))
    user.freeze()
    code, out, err = run(user, "sources", "--json")
    assert code == 0 and err == "" and len(json.loads(out)["articles"]) == 6
    assert unsafe_in(out) == []


def test_a_symlink_loop_and_a_dangling_link(user):
    user.write("good.txt", GOOD)
    (user.sources / "loop").symlink_to(user.sources, target_is_directory=True)
    (user.sources / "gone.txt").symlink_to(user.sources / "nothing.txt")
    user.freeze()
    code, out, err = run(user, "sources", "--json")
    assert code == 0 and len(json.loads(out)["articles"]) == 1
    assert len(err.splitlines()) == 2 and "loop" in err and "gone.txt" in err


def test_an_unreadable_file(user, monkeypatch):
    user.write("good.txt", GOOD)
    locked = user.write("locked.txt", GOOD)
    user.freeze()
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, out, err = run(user, "sources", "--json")
    assert code == 0 and len(json.loads(out)["articles"]) == 1
    assert err == f"kzreader: warning: {locked}: skipped: cannot read it: Permission denied\n"


@pytest.mark.parametrize("kind", ["file", "missing"])
def test_a_source_that_is_a_file_or_missing(user, kind):
    user.write("good.txt", GOOD)
    user.freeze()
    target = user.sources / "good.txt" if kind == "file" else user.root / "nowhere"
    code = main(["--config", str(user.config), "--source", str(target), "sources"])
    assert code == 2


def test_the_user_files_check_catches_a_change(tmp_path):
    """The fingerprint used by every probe above does see a one-byte change and a chmod."""
    files = UserFiles(tmp_path / "u")
    path = files.write("a.txt", "abc")
    files.freeze()
    path.write_text("abd")
    with pytest.raises(AssertionError):
        files.check()
    path.write_text("abc")
    files.check()
    os.chmod(path, 0o600)
    with pytest.raises(AssertionError):
        files.check()
