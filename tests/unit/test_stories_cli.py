"""`kzreader stories`: output, the JSON contract, QUERY, exit codes, untrusted text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stories_fakes import COURT, QUAKE_ONE, QUAKE_TWO, write_files

from kzreader.cli import main


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    specs = {f"q1-{s[0]}": s for s in QUAKE_ONE} | {f"q2-{s[0]}": s for s in QUAKE_TWO}
    specs |= {f"court-{s[0]}": s for s in COURT}
    hostile = (
        "wire",
        "[bold red]Ostrevac[/] \x1b[31mmarkup[/link] in a title",
        "2030-01-01T00:00:00+00:00",
        "A [blink]sentence[/blink] about [link=file:///etc]nothing[/link] else.",
    )
    specs["hostile"] = hostile
    write_files(tmp_path / "articles", specs)
    return tmp_path / "articles"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys, folder: Path) -> None:
    code, out, err = run(capsys, "--source", str(folder), "stories", "--json")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert list(document) == ["stories"]
    keys = ["id", "title", "articles", "outlets", "first", "last", "copies"]
    assert all(list(s) == keys for s in document["stories"])
    listed = [a for s in document["stories"] for a in s["articles"]]
    assert len(listed) == len(set(listed)) == 9  # every article in exactly one story
    quake = next(s for s in document["stories"] if "q1-wire" in s["articles"])
    assert set(quake["articles"]) == {"q1-wire", "q1-gazette", "q1-radio"}
    assert quake["first"] <= quake["last"]
    lasts = [s["last"] for s in document["stories"]]
    assert lasts == sorted(lasts, reverse=True)  # newest last report first


def test_query_filters_and_no_match_exits_1(capsys, folder: Path) -> None:
    code, out, _ = run(capsys, "--source", str(folder), "stories", "Brenzi", "--json")
    assert code == 0
    (story,) = json.loads(out)["stories"]
    assert set(story["articles"]) == {"q2-wire", "q2-gazette", "q2-radio"}
    code, out, _ = run(capsys, "--source", str(folder), "stories", "zzyzx", "--json")
    assert code == 1 and json.loads(out) == {"stories": []}
    code, out, _ = run(capsys, "--source", str(folder), "stories", "zzyzx")
    assert code == 1 and "no stories match" in out
    code, out, _ = run(capsys, "--source", str(folder), "stories", "Brenzi")
    assert code == 0 and out.startswith("1 story, 3 articles matching 'Brenzi' (of ")


def test_plain_output_renders_titles_as_text(capsys, folder: Path) -> None:
    code, out, _ = run(capsys, "--source", str(folder), "stories")
    assert code == 0
    assert "[bold red]Ostrevac[/]" in out  # markup shown as typed, not interpreted
    assert "\x1b" not in out
    assert "9 articles" in out and "q1-radio" in out


def test_rebuild_flag_and_warning_once(capsys, folder: Path) -> None:
    run(capsys, "--source", str(folder), "stories", "--json")
    from kzreader.library import load_library
    from kzreader.stories import store

    path = store.folder_for(load_library([folder])) / store.FILE
    path.write_bytes(b"garbage")
    code, out, err = run(capsys, "--source", str(folder), "stories", "--json")
    assert code == 0 and json.loads(out)["stories"]
    assert err.count("warning: rebuilt the stories store") == 1
    code, _, err = run(capsys, "--source", str(folder), "stories", "--rebuild")
    assert code == 0 and err == ""
