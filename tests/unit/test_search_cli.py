"""`kzreader search` and `kzreader index`: output, JSON contract, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kzreader.cli import main


@pytest.fixture
def folder(seeds: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "articles"
    shutil.copytree(seeds, copy)
    return copy


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_contract(capsys, folder: Path) -> None:
    code, out, _err = run(capsys, "--source", str(folder), "search", "police killed", "--json")
    assert code == 0
    document = json.loads(out)
    assert list(document) == ["query", "total", "suggestion", "hits"]
    assert document["query"] == "police killed" and document["total"] >= 3
    code, shown, _ = run(
        capsys, "--source", str(folder), "show", document["hits"][0]["article"], "--json"
    )
    text = json.loads(shown)["text"]
    for fragment in document["hits"][0]["fragments"]:
        for start, end in fragment["matches"]:
            assert text[start:end].lower() in {"police", "killed", "kill", "killing"}


def test_search_limit_and_outlet(capsys, folder: Path) -> None:
    _, out, _ = run(capsys, "--source", str(folder), "search", "police", "--json", "--limit", "2")
    hits = json.loads(out)["hits"]
    assert len(hits) == 2
    outlet = hits[0]["outlet"]
    _, out, _ = run(
        capsys, "--source", str(folder), "search", "police", "--json", "--outlet", outlet
    )
    assert {h["outlet"] for h in json.loads(out)["hits"]} == {outlet}


def test_search_text_output_highlights(capsys, folder: Path) -> None:
    code, out, _ = run(capsys, "--source", str(folder), "search", "protesters", "--limit", "1")
    assert code == 0
    assert "articles match" in out and "score" in out


def test_no_hits_exit_1_with_suggestion(capsys, folder: Path) -> None:
    code, out, _ = run(capsys, "--source", str(folder), "search", "polise kiled")
    assert code == 1 and "did you mean: police killed?" in out
    code, out, _ = run(capsys, "--source", str(folder), "search", "polise kiled", "--json")
    assert code == 1 and json.loads(out)["suggestion"] == "police killed"


@pytest.mark.parametrize("query", ['"police', "AND", "((", "title:", "x" * 10_000])
def test_malformed_query_exit_2_one_line(capsys, folder: Path, query: str) -> None:
    code, out, err = run(capsys, "--source", str(folder), "search", query)
    assert code == 2 and out == ""
    assert err.startswith("kzreader: error: bad query:") and err.count("\n") == 1


def test_index_then_up_to_date_then_rebuild(capsys, folder: Path) -> None:
    code, out, _ = run(capsys, "--source", str(folder), "index")
    assert code == 0 and "index rebuilt: 5 added" in out
    code, out, _ = run(capsys, "--source", str(folder), "index")
    assert code == 0 and "up to date" in out
    code, out, err = run(capsys, "--source", str(folder), "index", "--rebuild")
    assert code == 0 and "index rebuilt" in out and "warning" not in err


def test_corrupted_index_is_rebuilt_on_next_run(capsys, folder: Path) -> None:
    run(capsys, "--source", str(folder), "index")
    from kzreader import locations

    index_dir = locations.index_dir([folder])
    for toc in index_dir.glob("*.toc"):
        toc.write_bytes(b"garbage")
    code, out, err = run(capsys, "--source", str(folder), "search", "police", "--json")
    assert code == 0 and json.loads(out)["total"] > 0
    assert "warning: rebuilt the search index: the index was damaged" in err
