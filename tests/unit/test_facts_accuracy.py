"""The value-aware accuracy scorer (benchmarks/facts_accuracy.py): reading gold values and
deciding which flagged facts match which DIVERGENCES.md sections."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kzreader.facts import Claim, Fact, Kind, Verdict

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "facts_accuracy", ROOT / "benchmarks" / "facts_accuracy.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["facts_accuracy"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150 m", {("num", 150.0)}),
        ("$2.5 million", {("num", 2_500_000.0)}),
        ("2.5m dollars", {("num", 2_500_000.0)}),
        ("US$13.9bn", {("num", 13_900_000_000.0)}),
        ("30bn euros", {("num", 30_000_000_000.0)}),
        ("eight", {("num", 8.0)}),
        ("Sixty-five per cent", {("num", 65.0)}),
        ("two thousand", {("num", 2000.0)}),
        ("86-yard", {("num", 86.0)}),
        ("10-5", {("num", 10.0), ("num", 5.0)}),
        ("4,183 yards", {("num", 4183.0)}),
        ("11am", {("time", 11, 0)}),
        ("about 7 p.m.", {("time", 19, 0)}),
        ("07:37 a.m. UTC", {("time", 7, 37)}),
        ("0737 GMT", {("time", 7, 37)}),
        ("Dec. 31", {("date", 12, 31), ("num", 31.0)}),
        ("last Thursday", {("weekday", "thursday")}),
        ("a helicopter and a plane", set()),
        ("Raite", set()),
    ],
)
def test_gold_values_are_read(
    scorer: ModuleType, value: str, expected: set[tuple[object, ...]]
) -> None:
    assert scorer.atoms(value)[0] == expected


def test_bracketed_notes_count_only_without_a_value_outside(scorer: ModuleType) -> None:
    assert scorer.atoms(scorer._primary("230,000 (in 13 countries)"))[0] == {("num", 230000.0)}
    assert scorer.atoms(scorer._primary("(late edition) 12"))[0] == {("num", 12.0)}


def claim(article: str, sentence: str, value: str, low: float | None, kind: Kind) -> Claim:
    start = sentence.index(value)
    return Claim(
        article, sentence, 0, len(sentence), value, low, low, None, None, None, start,
        start + len(value), kind, article,
    )  # fmt: skip


SECTION = """# Divergences: an invented event

## 1. Officers killed
- `a.txt` — "Eight officers were killed on Monday."
- `b.txt` — "Twelve officers were killed, police said."
kind: count
verdict: update
values: `a.txt` = eight; `b.txt` = 12 (later report)

## 2. The mayor's name
- `a.txt` — "Mayor Raite spoke."
- `b.txt` — "Mayor Rayte spoke."
kind: name
verdict: variant
values: `a.txt` = Raite; `b.txt` = Rayte

## 3. Injured
- `a.txt` — "More than 300 people were hurt."
- `b.txt` — "317 people were hurt."
kind: count
verdict: compatible
values: `a.txt` = more than 300; `b.txt` = 317
"""


def test_a_fact_matches_the_section_whose_quoted_values_it_opposes(
    scorer: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "DIVERGENCES.md"
    path.write_text(SECTION, encoding="utf-8")
    killed, name, injured = scorer.sections(path)
    assert (killed.kind, killed.verdict, killed.divergent) == ("count", "update", True)
    assert killed.values == {"a": "eight", "b": "12 (later report)"}
    assert injured.lookalike and not injured.divergent
    toll = Fact("officers killed", Verdict.UPDATE, "8 vs 12", (
        claim("a", "Eight officers were killed on Monday.", "Eight", 8, Kind.COUNT),
        claim("b", "Twelve officers were killed, police said.", "Twelve", 12, Kind.COUNT),
    ))  # fmt: skip
    assert scorer.matches(toll, killed) and not scorer.matches(toll, name)
    spelling = Fact("name: Raite", Verdict.VARIANT, "Raite / Rayte", (
        claim("a", "Mayor Raite spoke.", "Raite", None, Kind.NAME),
        claim("b", "Mayor Rayte spoke.", "Rayte", None, Kind.NAME),
    ))  # fmt: skip
    assert scorer.matches(spelling, name)
    wrong_value = Fact("officers killed", Verdict.CONFLICT, "8 vs 13", (
        claim("a", "Eight officers were killed on Monday.", "Eight", 8, Kind.COUNT),
        claim("b", "Thirteen officers were killed, police said.", "Thirteen", 13, Kind.COUNT),
    ))  # fmt: skip
    assert not scorer.matches(wrong_value, killed)  # 13 is not the gold's 12, nor quoted
    hurt = Fact("people injured", Verdict.CONFLICT, "more than 300 vs 317", (
        claim("a", "More than 300 people were hurt.", "More than 300", 301, Kind.COUNT),
        claim("b", "317 people were hurt.", "317", 317, Kind.COUNT),
    ))  # fmt: skip
    assert scorer.matches(hurt, injured)  # a flagged look-alike


def test_floors_compare_the_figures_as_printed(scorer: ModuleType) -> None:
    assert scorer.below_floors(62 / 102, 1.0, 0.0, 0.608, 0.99, 0.0) == []  # 0.6078 prints 0.608
    assert scorer.below_floors(61 / 102, 1.0, 0.0, 0.608, 0.99, 0.0) == ["recall 0.598 < 0.608"]
    assert scorer.below_floors(0.7, 0.98, 0.02, 0.6, 0.99, 0.0) == [
        "precision 0.980 < 0.990",
        "look-alikes 0.020 > 0.000",
    ]
