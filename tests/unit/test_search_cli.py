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
    assert list(document)[:2] == ["query", "total"] and list(document)[-1] == "hits"
    assert {"suggestion", "total_exact", "total_note", "synonyms"} <= set(document)
    assert document["query"] == "police killed" and document["total"] >= 3
    code, shown, _ = run(
        capsys, "--source", str(folder), "show", document["hits"][0]["article"], "--json"
    )
    text = json.loads(shown)["text"]
    for fragment in document["hits"][0]["fragments"]:
        for start, end in fragment["matches"]:
            assert text[start:end].lower() in {
                "police",
                "killed",
                "kill",
                "killing",
                "dead",
                "died",
            }


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


def test_counts_are_said_in_the_singular_and_plural(capsys, folder: Path) -> None:
    code, out, _ = run(capsys, "--source", str(folder), "search", "peacekeepers", "--limit", "1")
    first = out.splitlines()[0]
    assert code == 0 and first.endswith("; showing 1") and " articles match" in first
    code, out, _ = run(capsys, "--source", str(folder), "search", "outlet:newser")
    lines = [line for line in out.splitlines() if "match" in line]
    assert lines and lines[0].startswith("1 article matches"), lines


MARKUP_TITLE = "Storm damage [video] in [bold]Port Selby[/bold] [/]"


@pytest.fixture
def markup_folder(tmp_path: Path) -> Path:
    from tests.unit.search_corpus import article_body, write_articles

    return write_articles(
        tmp_path / "markup",
        [(MARKUP_TITLE, "[photos] Gazette", None, article_body("Floods [/] hit [red]the coast."))],
    )


@pytest.mark.parametrize("query", ["zzzz [/]", "floods [/]", "[bold]floods", "?[/]", "kiled [/]"])
def test_markup_in_a_query_is_text(capsys, markup_folder: Path, query: str) -> None:
    code, out, err = run(capsys, "--source", str(markup_folder), "search", query)
    assert code in (0, 1) and "Traceback" not in err
    if code == 1:
        assert f"no articles match {query!r}" in out or "bad query" in err


def test_titles_and_outlets_keep_their_brackets(capsys, markup_folder: Path) -> None:
    code, out, _ = run(capsys, "--source", str(markup_folder), "search", "floods")
    assert code == 0
    flat = " ".join(out.split())
    assert MARKUP_TITLE in flat and "[photos] Gazette" in flat and "[red]the coast" in flat


def test_control_characters_never_reach_the_output(capsys, folder: Path) -> None:
    code, out, _ = run(
        capsys, "--source", str(folder), "search", "police\x1b]52;c;aGk=\x07", "--json"
    )
    assert code in (0, 1)
    document = json.loads(out)
    assert "\x1b" not in out and "\x07" not in document["query"]
    assert document["query"].startswith("police")


def test_a_100000_character_query_is_one_clear_line(capsys, folder: Path) -> None:
    code, out, err = run(capsys, "--source", str(folder), "search", "police " * 15_000)
    assert code == 2 and out == "" and err.count("\n") == 1 and "too long" in err


def test_date_ranges_cover_the_days_asked(capsys, tmp_path: Path) -> None:
    from tests.unit.search_corpus import article_body, write_articles

    days = ["1987-02-27", "1987-03-01", "1987-03-03", "1987-03-05", "1987-03-06", "1987-11-20"]
    folder = write_articles(
        tmp_path / "dated", [(f"Grain {d}", "Wire", d, article_body("Grain prices.")) for d in days]
    )
    _code, out, _ = run(
        capsys, "--source", str(folder), "search", "published:[1987-03-01 TO 1987-03-05]", "--json"
    )
    found = {h["title"] for h in json.loads(out)["hits"]}
    assert found == {"Grain 1987-03-01", "Grain 1987-03-03", "Grain 1987-03-05"}
    code, out, _ = run(
        capsys, "--source", str(folder), "search", "grain published:[1987-03 TO 1987-03]", "--json"
    )
    assert code == 0 and len(json.loads(out)["hits"]) == 4
