"""Numbers and typed quantities on hand-written sentences (facts.numbers, facts.quantities)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from news_words import news_words

from kzreader.facts.extract.counts import sentence_claims
from kzreader.facts.text.numbers import find_numbers, hedge_interval
from kzreader.facts.text.quantities import find_quantities


def one(text: str):
    numbers = find_numbers(text)
    assert len(numbers) == 1, numbers
    return numbers[0]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("1,500 homes", 1500, 1500),
        ("twenty-four sailors", 24, 24),
        ("one hundred and twenty five boats", 125, 125),
        ("three million voters", 3_000_000, 3_000_000),
        ("a dozen riders", 12, 12),
        ("two dozen riders", 24, 24),
        ("2.5 million fans", 2_500_000, 2_500_000),
        ("Seventeen miners", 17, 17),
    ],
)
def test_exact_values(text: str, low: float, high: float) -> None:
    n = one(text)
    assert (n.low, n.high) == (low, high)
    assert n.hedge is None


@pytest.mark.parametrize(
    ("text", "hedge", "low", "high"),
    [
        ("more than 40 sailors", "more", 41, 60),
        ("over 40 sailors", "more", 41, 60),
        ("at least 16 miners", "least", 16, 24),
        ("up to 90 guests", "most", 45, 90),
        ("about 200 fans", "about", 180, 220),
        ("nearly 1,000 homes", "nearly", 900, 1000),
        ("some 70 riders", "about", 63, 77),
        ("fewer than 10 boats", "less", 5, 9),
        ("dozens of guests", "vague", 20, 150),
        ("hundreds of guests", "vague", 100, 1500),
        ("tens of thousands of fans", "vague", 20_000, 99_000),
        ("a handful of riders", None, 2, 8),
        ("several boats", "vague", 2, 15),
    ],
)
def test_hedges(text: str, hedge: str | None, low: float, high: float) -> None:
    n = one(text)
    assert (n.low, n.high) == (low, high)
    if hedge is not None:
        assert n.hedge == hedge


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("between 30 and 40 guests", 30, 40),
        ("30 to 40 guests", 30, 40),
        ("30-40 guests", 30, 40),
        ("three or four boats", 3, 4),
    ],
)
def test_ranges(text: str, low: float, high: float) -> None:
    n = one(text)
    assert (n.low, n.high, n.hedge) == (low, high, "range")


def test_from_to_keeps_the_later_figure() -> None:
    n = one("the toll rose from 8 to 12")
    assert (n.low, n.high, n.hedge) == (12, 12, "revised")


def test_zero_counts() -> None:
    assert one("no one was hurt").value == 0
    assert one("there were no casualties").value == 0


def test_hedge_width_is_configurable() -> None:
    assert hedge_interval("more", 100, 1.0, 0.1) == (101, 200)
    assert hedge_interval("about", 100, 0.5, 0.2) == (80, 120)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(q.number.text, q.kind) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 1998, 40 sailors drowned.", [("1998", "year"), ("40", "count")]),
        ("a 1998 flood killed 40", [("1998", "year"), ("40", "count")]),
        ("on March 3 the dam broke", [("3", "date")]),
        ("the 3rd of March", [("3", "ordinal")]),
        ("at 10:45 p.m. local time", [("10", "time"), ("45", "time")]),
        ("at 9 a.m. Friday", [("9", "time")]),
        ("a 63-year-old farmer", [("63", "age")]),
        ("the farmer, 63, said", [("63", "age")]),
        ("he was 63 years old", [("63", "age")]),
        ("a fare of $2.50", [("2.50", "money")]),
        ("a fine of 500 rupees", [("500", "money")]),
        ("a 40 billion euro loan", [("40 billion", "money")]),
        ("turnout fell 12 percent", [("12", "percent")]),
        ("turnout fell 12%", [("12", "percent")]),
        ("a 7.2 magnitude tremor", [("7.2", "magnitude")]),
        ("a magnitude-7.2 tremor", [("7.2", "magnitude")]),
        ("20 kilometres north of the port", [("20", "distance")]),
        ("a 12-mile detour", [("12", "distance")]),
        ("speeds of 90 mph", [("90", "distance")]),
        ("a 90-day ban", [("90", "duration")]),
        ("for 15 seconds", [("15", "duration")]),
        ("on Highway 61 near the port", [("61", "ident")]),
        ("12 firefighters were hurt", [("12", "count")]),
    ],
)
def test_typing(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "unit", "subject"),
    [
        ("14 police officers were hurt", "police officers", "police"),
        ("nine officers of police were hurt", "officers of police", "police"),
        ("40 protesters were held", "protesters", "protesters"),
        ("three sailors died", "sailors", "sailor"),
        ("300 were injured", None, None),
    ],
)
def test_counted_noun(text: str, unit: str | None, subject: str | None) -> None:
    (q,) = [q for q in find_quantities(text) if q.kind == "count"]
    assert (q.unit, q.subject) == (unit, subject)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_extraction_never_crashes(text: str) -> None:
    for n in find_numbers(text):
        assert 0 <= n.start <= n.end <= len(text)
        assert n.low <= n.high
    for claim in sentence_claims(text):
        assert text[claim.value_start : claim.value_end] == claim.quantity.number.text


_WORDS = st.sampled_from(news_words("hundreds", "-", "year-old", "$", "%", "magnitude", "km"))


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=30))
def test_extraction_never_crashes_on_news_like_text(words: list[str]) -> None:
    text = " ".join(words)
    for claim in sentence_claims(text):
        assert claim.quantity.number.low <= claim.quantity.number.high
