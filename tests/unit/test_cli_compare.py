"""`kzreader compare`: argument checks, the JSON contract and the plain table."""

from __future__ import annotations

import json

import pytest
from fact_fakes import FakeClaim, FakeFact, FakeReport, FakeValueClaim

from kzreader import cli
from kzreader.commands import compare as compare_cmd
from kzreader.commands.compare import compare_table
from kzreader.facts import Verdict
from kzreader.facts.text.sentences import split_sentences
from kzreader.library import load_library

RFE, AP = "004_df33a49b151eb0e2", "003_150cb1ac506318c6"


@pytest.fixture
def seed_ids(seeds) -> list[str]:
    ids = [a.id for a in load_library((seeds,))]
    if RFE not in ids or AP not in ids:
        pytest.skip("seed articles 003/004 are absent")
    return ids


def run(capsys: pytest.CaptureFixture[str], seeds, *args: str) -> tuple[int, str, str]:
    code = cli.main(["compare", "--source", str(seeds), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("count", [1, 5])
def test_needs_two_to_four_ids(capsys, seeds, seed_ids, count: int) -> None:
    ids = (seed_ids * 5)[:count]
    code, out, err = run(capsys, seeds, *ids)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "2 to 4 article ids" in err


def test_unknown_and_repeated_ids_are_usage_errors(capsys, seeds, seed_ids) -> None:
    code, out, err = run(capsys, seeds, RFE, "no-such-article")
    assert code == 2 and out == "" and "unknown article id 'no-such-article'" in err
    code, out, err = run(capsys, seeds, RFE, RFE[:3])
    assert code == 2 and "distinct" in err and "Traceback" not in err


def test_json_contract_on_rfe_and_ap(capsys, seeds, seed_ids) -> None:
    code, out, err = run(capsys, seeds, RFE[:3], AP[:3], "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["articles"] == [RFE, AP]
    library = load_library((seeds,))
    for aid in (RFE, AP):
        text = library.get(aid).text
        spans = [
            (s["start"], s["end"]) for r in doc["rows"] if (s := r["sentences"][aid]) is not None
        ]
        assert sorted(spans) == [(s.start, s.end) for s in split_sentences(text)]
        for r in doc["rows"]:
            s = r["sentences"][aid]
            if s is not None:
                assert text[s["start"] : s["end"]] == s["text"]
    for r in doc["rows"]:
        assert set(r) == {"sentences", "similarity", "diff", "facts"}
        assert list(r["sentences"]) == [RFE, AP]
        for op in r["diff"]:
            assert op[0] in ("equal", "replace", "delete", "insert")
            assert len(op) == (3 if op[0] == "replace" else 2)
        for f in r["facts"]:
            assert set(f) == {"label", "verdict"}
    assert any(all(r["sentences"].values()) for r in doc["rows"])


def test_plain_table_marks_differences_and_facts(capsys, seeds, seed_ids, monkeypatch) -> None:
    library = load_library((seeds,))
    first = split_sentences(library.get(RFE).text)[0]
    report = FakeReport(
        (FakeFact("toll", Verdict.CONFLICT, (FakeClaim(RFE, first.start, first.end),)),)
    )
    monkeypatch.setattr(compare_cmd, "compare_facts", lambda articles: report)
    monkeypatch.setenv("COLUMNS", "120")
    code, out, err = run(capsys, seeds, RFE, AP)
    assert code == 0, err
    assert "RFE/RL" in out or RFE in out
    assert "conflict toll" in out
    assert "facts" in out


def test_rendered_cells_style_the_changed_words() -> None:
    from pathlib import Path

    from kzreader.facts.diff import compare_articles
    from kzreader.library import Article

    def make(aid: str, text: str) -> Article:
        return Article(aid, Path(aid), "o", aid, None, text, (text,), "0")

    comparison = compare_articles(
        [make("a", "Eight police were killed."), make("b", "Twelve police were killed.")]
    )
    table = compare_table(comparison)
    a_cell, b_cell = (col._cells[0] for col in table.columns[:2])
    styled_a = {a_cell.plain[s.start : s.end]: str(s.style) for s in a_cell.spans}
    styled_b = {b_cell.plain[s.start : s.end]: str(s.style) for s in b_cell.spans}
    assert styled_a == {"Eight": "bold yellow"}
    assert styled_b == {"Twelve": "bold yellow"}


def test_rendered_cells_underline_divergent_values() -> None:
    from pathlib import Path

    from kzreader.facts.diff import compare_articles
    from kzreader.library import Article

    def make(aid: str, text: str) -> Article:
        return Article(aid, Path(aid), "o", aid, None, text, (text,), "0")

    a = make("a", "Markets shut. Eight police were killed.")
    b = make("b", "Twelve police were killed.")
    claims = (FakeValueClaim("a", 14, 39, 14, 19), FakeValueClaim("b", 0, 26, 0, 6))
    report = FakeReport((FakeFact("police killed", Verdict.CONFLICT, claims),))
    comparison = compare_articles([a, b], report)
    table = compare_table(comparison, report)
    cells = list(zip(table.columns[0]._cells, table.columns[1]._cells, strict=True))
    a_cell, b_cell = next(pair for pair in cells if pair[0].plain.startswith("Eight"))
    underlined_a = [
        a_cell.plain[s.start : s.end] for s in a_cell.spans if "underline" in str(s.style)
    ]
    underlined_b = [
        b_cell.plain[s.start : s.end] for s in b_cell.spans if "underline" in str(s.style)
    ]
    assert underlined_a == ["Eight"] and underlined_b == ["Twelve"]
    assert Verdict.CONFLICT in str(table.columns[2]._cells[cells.index((a_cell, b_cell))])
