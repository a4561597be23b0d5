"""Plain output of `kzreader facts` and `compare`: one line per sentence into a pipe (never one
word a line), wrapped to the terminal's width on a terminal, copies of one report named."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kzreader import cli
from kzreader.commands import compare as compare_cmd
from kzreader.commands import facts as facts_cmd
from kzreader.commands.plain_console import PlainConsole
from kzreader.facts import Claim, Fact, Kind, Verdict, facts_for
from kzreader.facts.diff import compare_articles
from kzreader.library import load_library

RFE, AP = "004_df33a49b151eb0e2", "003_150cb1ac506318c6"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def terminal(width: int) -> tuple[PlainConsole, io.StringIO]:
    buffer = io.StringIO()
    console = PlainConsole(file=buffer, width=width, force_terminal=True, color_system=None,
                           highlight=False, markup=False, emoji=False)  # fmt: skip
    return console, buffer


def test_piped_facts_keep_each_sentence_on_one_line(capsys, seeds: Path) -> None:
    code, out, err = run(capsys, "--source", str(seeds), "facts")
    assert code == 0, err
    lines = [line.strip() for line in out.splitlines()]
    report = facts_for(load_library([seeds]).articles)
    for fact in report.facts:
        assert any(line.startswith(fact.verdict.upper()) and fact.label in line for line in lines)
        for claim in fact.claims:
            assert claim.sentence in lines  # whole, even far past 80 columns
    assert max(len(line) for line in out.splitlines()) > 120
    words = [line for line in lines if line and " " not in line]
    assert not words, words[:5]  # never one word a line


def test_piped_compare_keeps_each_sentence_on_one_line(capsys, seeds: Path) -> None:
    code, out, err = run(capsys, "--source", str(seeds), "compare", RFE, AP)
    assert code == 0, err
    library = load_library([seeds])
    pair = [library.get(RFE), library.get(AP)]
    comparison = compare_articles(pair, facts_for(pair))
    lines = out.splitlines()
    assert lines[0] == f"compare: {RFE} | {AP}"
    assert lines[1].startswith("  A  RFE/RL · ") and lines[2].startswith("  B  The Associated")
    for number, row in enumerate(comparison.rows, 1):
        assert any(line.startswith(f"{number}. ") for line in lines)
        for aid, sentence in row.sentences.items():
            if sentence is not None:
                letter = "A" if aid == RFE else "B"
                assert f"  {letter}  {sentence.text}" in lines


def test_facts_on_a_narrow_terminal_wrap_under_their_outlet(seeds: Path) -> None:
    report = facts_for(load_library([seeds]).articles)
    fact = report.facts[0]
    console, buffer = terminal(60)
    facts_cmd.print_fact(console, fact, {a.id: a.outlet for a in report.articles})
    lines = buffer.getvalue().splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert lines[0].startswith(f"{fact.verdict.upper()}  {fact.label} ({fact.kind})")
    body = [line for line in lines[1:] if line.startswith("      ")]
    assert body and all(line.startswith("      ") for line in body)  # hanging indent
    flat = " ".join(" ".join(lines).split())
    for claim in fact.claims:
        assert " ".join(claim.sentence.split()) in flat


def test_compare_on_a_terminal_is_a_table_when_wide_and_blocks_when_narrow(seeds: Path) -> None:
    library = load_library([seeds])
    pair = [library.get(RFE), library.get(AP)]
    report = facts_for(pair)
    comparison = compare_articles(pair, report)
    wide, wide_out = terminal(160)
    compare_cmd.print_comparison(wide, comparison, report)
    assert "┃" in wide_out.getvalue() or "│" in wide_out.getvalue()
    narrow, narrow_out = terminal(70)
    compare_cmd.print_comparison(narrow, comparison, report)
    text = narrow_out.getvalue()
    assert "│" not in text and all(len(line) <= 70 for line in text.splitlines())
    assert "1. " in text and "  A  " in text


def test_copies_are_named_in_the_plain_facts() -> None:
    def claim(aid: str, group: str) -> Claim:
        sentence = "Officials said 12 people were hurt."
        return Claim(aid, sentence, 0, len(sentence), "12", 12, 12, "people", None, None, 15, 17,
                     Kind.COUNT, group)  # fmt: skip

    fact = Fact("people injured", Verdict.AGREE, "2 copies of one source say 12",
                (claim("wire", "g"), claim("reprint", "g"), claim("own", "own")))  # fmt: skip
    outlets = {"wire": "Wire", "reprint": "Reprint", "own": "Own"}
    lines = [str(line) for _indent, line in facts_cmd.fact_lines(fact, outlets)]
    assert "Reprint (copy of Wire): 12" in lines
    assert "Wire: 12" in lines and "Own: 12" in lines


def test_no_facts_reads_as_english(capsys, tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("A quiet day.\n\nNothing happened.\n", encoding="utf-8")
    code, out, err = run(capsys, "--source", str(tmp_path), "facts")
    assert code == 1 and out == ""
    assert "no facts in 1 article (stories with two or more reports: 0 of 1)" in err
