"""The CLI shows untrusted text as text: no markup parsed, no control character written.

Issue 14 #1 and #4: titles, outlets and file names holding Rich markup crashed ``sources`` (at
110+ columns) and ``facts``, and ``[video]``/``[photos]`` vanished; escape sequences reached the
terminal.  The library sanitises text where it enters; these tests also switch that off
(``raw_library``) to check that every command stands on its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from safety_corpus import raw_library, unsafe_in, write_hostile

from kzreader.cli import main

__all__ = ["raw_library"]  # a fixture, used by name

IDS = ("a[b]", "b", "c [$accent] c")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hostile(tmp_path) -> Path:
    return write_hostile(tmp_path / "hostile")


def ids(folder: Path, capsys) -> list[str]:
    _code, out, _ = run(capsys, "--source", str(folder), "sources", "--json")
    return [a["id"] for a in json.loads(out)["articles"]]


def commands(folder: Path, capsys) -> list[list[str]]:
    a, b, c = ids(folder, capsys)
    source = ["--source", str(folder)]
    plain = [
        ["sources"],
        ["show", a],
        ["show", b],
        ["search", "killed"],
        ["search", "police OR mayor", "--limit", "5"],
        ["facts"],
        ["facts", "killed"],
        ["compare", a, b],
        ["compare", a, b, c],
    ]
    return [source + argv for argv in plain] + [[*source, *argv, "--json"] for argv in plain]


@pytest.mark.parametrize("columns", ["80", "140"])
def test_sources_keeps_markup_literal_at_every_width(hostile, capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _err = run(capsys, "--source", str(hostile), "sources")
    assert code == 0
    flat = " ".join(out.split())  # the table may fold a cell over two lines
    for literal in ("[video]", "[/b]", "[@click=app.quit]", "[photos] [/x]", ":thumbs_up:"):
        assert literal in flat, literal
    assert "Other [/] Net" in flat and "Ten killed [red]in[/red] city [/]" in flat
    assert "👍" not in out  # an emoji code stays text


def test_facts_table_keeps_markup_in_outlets_literal(hostile, capsys):
    code, out, err = run(capsys, "--source", str(hostile), "facts")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "Other [/] Net" in flat and "Third [/] Wire" in flat and "[photos] [/x]" in flat


def test_compare_title_and_headers_keep_markup_literal(hostile, capsys):
    a, b, _c = ids(hostile, capsys)
    code, out, err = run(capsys, "--source", str(hostile), "compare", a, b)
    assert code == 0, err
    assert f"compare: {a} | {b}" in out
    flat = " ".join(out.split())
    assert "[$accent]people[/]" in flat


def test_every_command_plain_and_json_is_free_of_controls(hostile, capsys):
    for argv in commands(hostile, capsys):
        code, out, err = run(capsys, *argv)
        assert code in (0, 1), (argv, err)
        assert not unsafe_in(out), (argv, unsafe_in(out))
        assert not unsafe_in(err), (argv, unsafe_in(err))
        if "--json" in argv:
            json.loads(out)


def test_faces_stand_on_their_own_without_the_library_sanitiser(hostile, capsys, raw_library):
    """Defence in depth: the same commands over text that skipped the sanitiser."""
    source = ["--source", str(hostile)]
    code, out, _ = run(capsys, *source, "sources", "--json")
    assert unsafe_in(out) == []
    # the data is intact: JSON escapes carry the raw characters, nothing raw is printed
    raw = json.loads(out)["articles"]
    assert any("\x1b]52" in a["outlet"] for a in raw)
    assert any("\u202e" in a["id"] for a in raw)
    for argv in commands(hostile, capsys):
        code, out, err = run(capsys, *argv)
        assert code in (0, 1), (argv, err)
        assert not unsafe_in(out), (argv, unsafe_in(out)[:5])
        assert not unsafe_in(err), (argv, unsafe_in(err)[:5])
    # plain output shows each control as a mark, in place
    code, out, _ = run(capsys, *source, "show", raw[0]["id"])
    assert "\ufffd]52;c;aGVsbG8=" in out and "\ufffd[2J" in out  # (Rich drops the BEL)


def test_a_skipped_file_with_a_hostile_name_warns_on_one_safe_line(hostile, capsys, raw_library):
    _code, _out, err = run(capsys, "--source", str(hostile), "sources")
    warnings = [line for line in err.splitlines() if "skipped: empty file" in line]
    assert len(warnings) == 1, err
    assert unsafe_in(err) == []
    assert "name[_].txt: skipped: empty file" in warnings[0]


def test_json_escapes_c1_and_bidi_controls_that_json_leaves_raw(capsys):
    from kzreader.commands.base import json_text

    document = {"t": "a\x1b b\x85 c\u202e d\u2028 e\x7f caf\udce9"}
    text = json_text(document)
    assert unsafe_in(text) == [] and "\u2028" not in text
    assert json.loads(text) == document


def test_output_piped_into_head_exits_zero_quietly(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(400):
        body = f"Item {n}\n\nThe council met on day {n} and voted. " + "Words go on. " * 40
        (folder / f"{n:04d}.txt").write_text(body, encoding="utf-8")
    for argv in (["sources"], ["show", "0001"], ["sources", "--json"]):
        pipe = subprocess.run(
            f"{sys.executable} -m kzreader --source {folder} {' '.join(argv)} | head -1",
            shell=True,
            capture_output=True,
            text=True,
            executable="/bin/bash",
            env=_env(tmp_path, "PIPESTATUS"),
        )
        first = subprocess.run(
            ["/bin/bash", "-c", f"{sys.executable} -m kzreader --source {folder} "
             f"{' '.join(argv)} | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}"],
            capture_output=True, text=True, env=_env(tmp_path, "status"),
        )  # fmt: skip
        assert pipe.stderr == "", (argv, pipe.stderr)
        assert first.stdout.strip() == "0", (argv, first.stdout, first.stderr)


def _env(tmp_path: Path, name: str) -> dict[str, str]:
    import os

    env = dict(os.environ)
    for var in ("CONFIG", "CACHE", "DATA"):
        env[f"KZREADER_{var}_DIR"] = str(tmp_path / name / var.lower())
    return env


def test_visible_marks_controls_in_place():
    from kzreader.safetext import MARK, visible

    text = "a\x1b[2Jb\r\n\u202ec\x9b caf\udce9\tend"
    shown = visible(text)
    assert len(shown) == len(text)
    assert shown == f"a{MARK}[2Jb{MARK}\n{MARK}c{MARK} caf{MARK}\tend"
    plain = "Les manifestants — 8 morts [video] 日本語"
    assert visible(plain) is plain


def test_show_into_a_pipe_prints_what_rich_prints_there(hostile, capsys):
    """The plain fast path (a 5 MB article took 15 s through Rich) prints what the Rich path
    printed into a pipe."""
    import io

    from rich.text import Text

    from kzreader.commands.library import show_lines, show_plain
    from kzreader.commands.plain_console import PlainConsole
    from kzreader.library import load_library

    for article in load_library([hostile]):
        show_plain(article)
        fast, _ = capsys.readouterr()
        out = PlainConsole(file=io.StringIO(), highlight=False, markup=False, emoji=False)
        for line, style in show_lines(article):  # the Rich path, as into a pipe before
            if line is None:
                out.print()
            else:
                out.print(Text(line, style=style), soft_wrap=True)
        assert fast == out.file.getvalue()
        assert unsafe_in(fast) == []
