"""The Markdown report: outlets, facts, verdicts, quoted sentences, aligned rows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kzreader.facts import Verdict, facts_for
from kzreader.facts.diff import compare_articles
from kzreader.facts.model import Claim, Fact, FactReport, Kind
from kzreader.library import Article, load_library
from kzreader.report import quoted, render_report, short_names

RFE, AP = "004_df33a49b151eb0e2", "003_150cb1ac506318c6"


def police_fact(report: FactReport) -> Fact:
    """The police-deaths conflict (RFE/RL's "eight" vs AP's "Twelve"), whatever its label."""
    return next(
        f
        for f in report.facts
        if f.verdict == Verdict.CONFLICT
        and {(c.article, c.value) for c in f.claims} >= {(RFE, "eight"), (AP, "Twelve")}
    )


@pytest.fixture
def pair(seeds: Path) -> list[Article]:
    library = load_library([seeds])
    articles = [library.get(RFE), library.get(AP)]
    assert all(a is not None for a in articles)
    return articles  # type: ignore[return-value]


def test_short_names_prefer_a_known_unique_outlet(pair: list[Article]) -> None:
    unknown = replace(pair[1], id="x", outlet="unknown", title="A very long headline about a thing")
    twin = replace(pair[0], id="y")  # a second RFE/RL article: headlines tell them apart
    names = short_names([pair[0], unknown, twin], width=20)
    assert names["x"] == "A very long headlin…"
    assert names[RFE] != "RFE/RL" and names["y"] != "RFE/RL"
    assert short_names(pair)[RFE] == "RFE/RL"


def test_quoted_bolds_the_value_and_escapes_markdown() -> None:
    claim = Claim(
        "a",
        "Some *8* police_officers died.",
        100,
        130,
        "8",
        8,
        8,
        None,
        None,
        None,
        106,
        107,
        Kind.COUNT,
        "a",
    )
    assert quoted(claim) == r"> Some \***8**\* police\_officers died."


def test_facts_report_has_outlets_verdicts_and_quotes(pair: list[Article]) -> None:
    report = facts_for(pair)
    text = render_report(None, report, "Facts")
    assert text.startswith("# Facts\n")
    assert "| RFE/RL |" in text and f"`{AP}`" in text
    police = police_fact(report)
    assert f"### CONFLICT: {police.label}" in text
    assert f"*{police.reason}*" in text
    assert "- **RFE/RL**: eight (according to Interior Ministry)" in text
    assert "**Twelve** police officers were killed" in text
    assert "## Aligned sentences" not in text


def test_comparison_report_keeps_every_sentence_in_place(pair: list[Article]) -> None:
    report = facts_for(pair)
    comparison = compare_articles(pair, report)
    text = render_report(comparison, report)
    assert "## Aligned sentences" in text and "## Facts" in text
    assert text.count("— (no matching sentence)") == sum(
        s is None for row in comparison.rows for s in row.sentences.values()
    )
    assert f"**{len(comparison.rows)}.**" in text
    assert f"facts: {police_fact(report).label} (conflict)" in text


def test_empty_fact_report_says_so(pair: list[Article]) -> None:
    text = render_report(None, FactReport(tuple(pair), ()))
    assert "No fact is reported by two or more of these articles." in text


def test_report_needs_something_to_render() -> None:
    with pytest.raises(ValueError, match="comparison or a fact report"):
        render_report()


def test_variant_claims_without_numbers_render(pair: list[Article]) -> None:
    claim = Claim(
        RFE, "Toqaev spoke.", 0, 13, "Toqaev", None, None, None, None, None, 0, 6, Kind.NAME, RFE
    )
    fact = Fact("name: Toqaev", Verdict.VARIANT, "Toqaev / Tokayev", (claim,))
    text = render_report(None, FactReport(tuple(pair), (fact,)))
    assert "### VARIANT: name: Toqaev" in text and "> **Toqaev** spoke." in text


def test_report_names_the_selection_the_files_urls_and_copies(pair: list[Article]) -> None:
    from datetime import datetime

    web = replace(pair[1], url="https://example.org/news/12-police")
    copy = replace(pair[0], id="rfe-copy", outlet="Reprint | Daily", path=Path("/tmp/r.txt"))
    report = FactReport((pair[0], web, copy), ())
    when = datetime(2024, 5, 1, 9, 30)
    text = render_report(
        None, report, "Facts", selection="the open story “Unrest”",
        note="Filtered by verdict conflict: 0 of 9 facts.", copies={"rfe-copy": RFE}, when=when,
    )  # fmt: skip
    assert "Selection: the open story “Unrest” (3 articles, 2 independent sources). " in text
    assert "Exported 2024-05-01 09:30." in text
    assert "Filtered by verdict conflict: 0 of 9 facts." in text
    assert "| URL or file | Id | Copy of |" in text
    assert "| https://example.org/news/12-police |" in text
    assert f"| {pair[0].path} | `{RFE}` | — |" in text
    assert "| Reprint \\| Daily |" in text and "| `rfe-copy` | RFE/RL |" in text


def test_report_copies_default_to_the_claims_source_groups(pair: list[Article]) -> None:
    def claim(article: str, group: str) -> Claim:
        return Claim(article, "Eight died.", 0, 11, "Eight", 8, 8, "people", None, None, 0, 5,
                     Kind.COUNT, group)  # fmt: skip

    twin = replace(pair[1], id="twin", outlet="Twin Wire")
    fact = Fact("people killed", Verdict.AGREE, "2 copies of one source say 8",
                (claim(AP, "g"), claim("twin", "g")))  # fmt: skip
    text = render_report(None, FactReport((pair[1], twin), (fact,)))
    assert "### AGREE: people killed (count)" in text
    assert "- **Twin Wire** (copy of The Associated Press (republished)): Eight" in text
    assert "\n2 articles, 1 independent source.\n" in text
    assert "1 fact: 1 agree." in text
