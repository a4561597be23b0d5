"""`kzreader sources` and `kzreader show` through cli.main, plus the installed script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzreader.cli import main

GOOD = "Council Meets\nBy Example Daily Staff\nMay 4, 2024 10:30 GMT\n\nThe council met.\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sources_json_lists_the_five_seeds(capsys):
    code, out, err = run(capsys, "sources", "--json")
    assert code == 0 and err == ""
    articles = json.loads(out)["articles"]
    assert len(articles) == 5
    assert {a["file"] for a in articles} == {a["id"] + ".txt" for a in articles}
    first = articles[0]
    assert first == {
        "id": "000_41c204d69b74ce87",
        "file": "000_41c204d69b74ce87.txt",
        "outlet": "Newser",
        "title": "Kazakhstan Asks for Help Containing Protests",
        "published": "2022-01-05T18:10:00-06:00",
        "url": None,  # a local file; stored web articles carry theirs
    }
    outlets = [a["outlet"] for a in articles]
    assert outlets == [
        "Newser",
        "unknown",
        "unknown",
        "The Associated Press (republished)",
        "RFE/RL",
    ]
    assert articles[4]["title"].startswith("Russian-Led Security Bloc To Send Peacekeeping")


def test_sources_plain_output(capsys):
    code, out, _ = run(capsys, "sources")
    assert code == 0
    assert "5 articles" in out
    assert "000_41c204d69b74ce87" in out and "2022-01-05 18:10 CST" in out


def test_show_json_contract(capsys):
    code, out, err = run(capsys, "show", "004", "--json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert set(doc) == {
        "id", "file", "outlet", "title", "byline", "published", "url", "feed", "text",
        "paragraphs", "captions",
    }  # fmt: skip
    assert doc["text"] == "\n\n".join(doc["paragraphs"])
    assert "317 people were wounded" in doc["text"]
    assert "please wait" not in doc["text"]
    assert len(doc["captions"]) == 1


def test_show_plain_output(capsys):
    code, out, _ = run(capsys, "show", "000_41c204d69b74ce87")
    assert code == 0
    assert out.startswith("Kazakhstan Asks for Help Containing Protests\n")
    assert "Newser · By Newser Editors and Wire Services · 2022-01-05 18:10 CST" in out
    assert "Captions" in out and "Tap to install" not in out


def test_show_keeps_brackets_literal(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Title\n\nThe figure [1] was [bold]revised[/bold].\n")
    code, out, _ = run(capsys, "show", "a", "--source", str(tmp_path))
    assert code == 0
    assert "The figure [1] was [bold]revised[/bold]." in out


def test_unknown_article_id_exits_2(capsys):
    code, out, err = run(capsys, "show", "nope")
    assert code == 2 and out == ""
    assert err.startswith("kzreader: error: unknown article id 'nope'")
    assert err.count("\n") == 1


def test_missing_source_folder_exits_2(tmp_path, capsys):
    missing = tmp_path / "gone"
    code, out, err = run(capsys, "sources", "--source", str(missing))
    assert (code, out) == (2, "")
    assert err == f"kzreader: error: {missing}: source folder does not exist\n"


def test_source_override_and_warnings_name_files(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = run(capsys, "sources", "--json", "--source", str(tmp_path))
    assert code == 0
    assert [a["id"] for a in json.loads(out)["articles"]] == ["good"]
    assert json.loads(out)["articles"][0]["outlet"] == "Example Daily"
    lines = err.splitlines()
    assert len(lines) == 2
    assert any(str(tmp_path / "bin.txt") in line and "binary" in line for line in lines)
    assert any(str(tmp_path / "empty.txt") in line and "empty" in line for line in lines)


def test_source_before_the_command(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(GOOD)
    code, out, _ = run(capsys, "--source", str(tmp_path), "sources", "--json")
    assert code == 0
    assert [a["id"] for a in json.loads(out)["articles"]] == ["good"]
    config = tmp_path / "c.yaml"
    config.write_text("outlets:\n  good: {outlet: From Config}\n")
    argv = ["--config", str(config), "--source", str(tmp_path), "sources", "--json"]
    code, out, _ = run(capsys, *argv)
    assert json.loads(out)["articles"][0]["outlet"] == "From Config"


def test_show_nested_id(tmp_path, capsys):
    (tmp_path / "event").mkdir()
    (tmp_path / "event" / "bbc.txt").write_text(GOOD)
    code, out, _ = run(capsys, "show", "event/bbc", "--json", "--source", str(tmp_path))
    assert code == 0 and json.loads(out)["id"] == "event/bbc"


def test_empty_library_exits_1(tmp_path, capsys):
    code, out, _ = run(capsys, "sources", "--json", "--source", str(tmp_path))
    assert code == 1 and json.loads(out) == {"articles": []}


def test_config_sources_max_size_and_overrides(tmp_path, capsys):
    news = tmp_path / "news"
    news.mkdir()
    (news / "good.txt").write_text(GOOD)
    (news / "big.txt").write_text(GOOD + "x" * 200_000)
    config = tmp_path / "c.yaml"
    config.write_text(
        "sources: [news]\nlibrary: {max_file_mb: 0.1}\noutlets:\n  good: {outlet: Override}\n"
    )
    code, out, err = run(capsys, "sources", "--json", "--config", str(config))
    assert code == 0
    assert json.loads(out)["articles"][0]["outlet"] == "Override"
    assert str(news / "big.txt") in err and "limit" in err


def test_bad_config_is_one_line_exit_2(tmp_path, capsys):
    config = tmp_path / "c.yaml"
    config.write_text("search:\n  limit: lots\n")
    code, out, err = run(capsys, "sources", "--config", str(config))
    assert (code, out) == (2, "")
    expected = f"{config}:2: search.limit: expected a whole number, got 'lots'"
    assert err == f"kzreader: error: {expected}\n"
    code, _, err = run(capsys, "sources", "--config", str(tmp_path / "none.yaml"))
    assert code == 2 and "config file not found" in err


def test_sources_never_writes_source_files(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    run(capsys, "show", "a", "--json", "--source", str(tmp_path))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_installed_script_prints_json(tmp_path):
    script = Path(sys.executable).with_name("kzreader")
    if not script.exists():
        found = shutil.which("kzreader")
        if found is None:
            pytest.skip("the kzreader console script is not installed")
        script = Path(found)
    (tmp_path / "a.txt").write_text(GOOD)
    result = subprocess.run(
        [str(script), "sources", "--json", "--source", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["articles"][0]["published"] == "2024-05-04T10:30:00+00:00"
