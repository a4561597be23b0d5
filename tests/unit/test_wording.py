"""How the faces word facts: plurals, cutting without changing a number, copies, unit notes."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kzreader.facts import Claim, Fact, Kind, Verdict
from kzreader.library import Article
from kzreader.wording import (
    copy_origins,
    fit,
    fit_values,
    grouped_values,
    kinds_of,
    money_amount,
    number,
    plural,
    source_count,
    value_notes,
)


def claim(
    article: str,
    value: str,
    low: float | None,
    high: float | None,
    unit: str | None,
    kind: Kind = Kind.MEASURE,
    group: str | None = None,
) -> Claim:
    sentence = f"They said {value} today."
    return Claim(article, sentence, 0, len(sentence), value, low, high, unit, None, None,
                 10, 10 + len(value), kind, group or article)  # fmt: skip


def fact(verdict: Verdict, *claims: Claim, label: str = "distance") -> Fact:
    return Fact(label, verdict, "because", tuple(claims))


def article(aid: str) -> Article:
    return Article(aid, Path(f"{aid}.txt"), aid.upper(), f"Headline {aid}", None, "x", ("x",), "0")


def test_plural() -> None:
    assert plural(1, "fact") == "1 fact"
    assert plural(2, "row") == "2 rows"
    assert plural(0, "article") == "0 articles"
    assert plural(1200, "story", "stories") == "1,200 stories"
    assert plural(1, "story", "stories") == "1 story"


def test_fit_never_cuts_inside_a_number() -> None:
    assert fit("at least 16", 10) == "at least…"
    assert fit("at least 16", 11) == "at least 16"
    assert fit("more than 200, 249", 16) == "more than 200…"
    assert fit("2,000,000", 5) == "…"  # a number too wide: only the ellipsis
    assert fit("Nazarbayev", 8) == "Nazarba…"  # a word without a digit may be cut
    assert fit("12 police dead", 8) == "12…"
    assert fit("about $14 billion in fines", 16) == "about…"  # never "about $14…"
    assert fit("about $14 billion in fines", 20) == "about $14 billion…"
    # names: cut anywhere but inside a number
    assert fit("A Russia-Led Alliance", 12, whole_words=False) == "A Russia-Le…"
    assert fit("Dozens of protesters, 12 police", 24, whole_words=False) == "Dozens of protesters…"


def test_fit_values_keeps_whole_values_and_counts_the_rest() -> None:
    assert fit_values(["more than 200", "249"], 30) == "more than 200, 249"
    assert fit_values(["more than 200", "249"], 16) == "more than 200 +1"
    assert fit_values(["eight ×4", "Twelve"], 12, " · ") == "eight ×4 +1"
    assert fit_values(["Nazarbayev", "Nazarbaev"], 12) == "Nazarbay… +1"


WORDS = st.one_of(
    st.from_regex(r"[A-Za-z]{1,9}", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}(,[0-9]{3}){0,2}(\.[0-9])?", fullmatch=True),
    st.sampled_from(["more", "than", "at", "least", "about", "$13.9bn", "16-yard", "(2011)"]),
    st.sampled_from(["billion", "million", "per", "cent", "percent"]),
)


@given(st.lists(WORDS, min_size=1, max_size=8), st.integers(1, 40), st.booleans())
def test_a_cut_value_says_so_and_keeps_every_number_whole(
    words: list[str], width: int, whole_words: bool
) -> None:
    text = " ".join(words)
    shown = fit(text, width, whole_words=whole_words)
    assert len(shown) <= width
    if shown == text:
        return
    assert shown.endswith("…")  # a cut value says so
    kept = shown[:-1].split()
    for n, token in enumerate(kept):
        if any(ch.isdigit() for ch in token):  # a number is whole (its separators aside)
            assert words[n].startswith(token) and words[n][len(token) :] in ("", ",", "(")
            if n + 1 < len(words) and words[n + 1] in ("billion", "million", "per", "percent"):
                assert len(kept) > n + 1, (text, shown)  # and keeps its scale


def test_number_reads_as_written() -> None:
    assert [number(x) for x in (4183.0, 0.5, 1.5, 48.2803, 1609.344, 2.0)] == [
        "4,183",
        "0.5",
        "1.5",
        "48.3",
        "1,609",
        "2",
    ]
    assert money_amount(13.9e9, 13.9e9, "USD") == "13.9 billion USD"
    assert money_amount(11.7e9, 14.3e9, "EUR") == "11.7–14.3 billion EUR"
    assert money_amount(24.13, 24.13, None) == "24.13"


def test_values_in_words_get_their_figure_in_the_common_unit() -> None:
    half = claim("a", "half a mile", 804.672, 804.672, "m")
    more = claim("b", "a mile and a half", 2414.016, 2414.016, "m")
    notes = value_notes(fact(Verdict.CONFLICT, half, more))
    assert notes == ["≈ 0.5 mile", "≈ 1.5 mile"]
    shown = [v for v, _ids in grouped_values(fact(Verdict.CONFLICT, half, more))]
    assert shown == ["half a mile (≈ 0.5 mile)", "a mile and a half (≈ 1.5 mile)"]


def test_a_value_in_another_unit_is_converted_to_the_one_most_use() -> None:
    miles = [claim(aid, "30 miles", 48280.3, 48280.3, "m") for aid in ("a", "b")]
    km = claim("c", "about 48km", 43200.0, 52800.0, "m")
    notes = value_notes(fact(Verdict.COMPATIBLE, *miles, km))
    assert notes == [None, None, "≈ 29.8 miles"]  # the written figure, not the hedge's interval


def test_values_that_read_well_get_no_note() -> None:
    yards = [claim("a", "84-yard", 76.81, 76.81, "m"), claim("b", "86-yard", 78.64, 78.64, "m")]
    assert value_notes(fact(Verdict.CONFLICT, *yards)) == [None, None]
    words = [claim("a", "seven-yard", 6.4, 6.4, "m"), claim("b", "7-yard", 6.4, 6.4, "m")]
    assert value_notes(fact(Verdict.AGREE, *words)) == [None, None]  # they agree: no help
    bare = [claim("a", "4.4", 4.4, 4.4, "magnitude"), claim("b", "4.2 magnitude", 4.2, 4.2,
            "magnitude")]  # fmt: skip
    assert value_notes(fact(Verdict.UPDATE, *bare)) == [None, None]  # "≈ 4.4 magnitude" repeats
    scores = [claim("a", "20-13", None, None, "pts"), claim("b", "20-14", None, None, "pts")]
    assert value_notes(fact(Verdict.CONFLICT, *scores)) == [None, None]
    counts = [claim("a", "eight", 8, 8, "police", Kind.COUNT), claim("b", "12", 12, 12, "police",
              Kind.COUNT)]  # fmt: skip
    assert value_notes(fact(Verdict.CONFLICT, *counts)) == [None, None]


def test_money_notes_amounts_in_words_and_mixed_currencies() -> None:
    words = claim("a", "twelve million dollars", 12e6, 12e6, "USD", Kind.MONEY)
    figures = claim("b", "$13m", 13e6, 13e6, "USD", Kind.MONEY)
    assert value_notes(fact(Verdict.CONFLICT, words, figures)) == ["≈ 12 million USD", None]
    euros = claim("c", "€10m", 10e6, 10e6, "EUR", Kind.MONEY)
    assert value_notes(fact(Verdict.COMPATIBLE, figures, euros)) == ["in USD", "in EUR"]


def test_grouped_values_list_each_value_once_with_its_articles() -> None:
    claims = [
        claim("a", "eight", 8, 8, "police", Kind.COUNT),
        claim("b", "Eight", 8, 8, "police", Kind.COUNT),
        claim("b", "eight", 8, 8, "police", Kind.COUNT),
        claim("c", "12", 12, 12, "police", Kind.COUNT),
    ]
    assert grouped_values(fact(Verdict.CONFLICT, *claims)) == [("eight", ["a", "b"]), ("12", ["c"])]


def test_copies_are_the_later_articles_of_a_source_group() -> None:
    articles = [article(a) for a in ("wire", "copy", "own", "copy2")]
    groups = {"wire": "g1", "copy": "g1", "own": "own", "copy2": "g1"}
    assert copy_origins(articles, groups) == {"copy": "wire", "copy2": "wire"}
    assert copy_origins(articles, {}) == {}
    assert source_count(articles, groups) == 2
    assert source_count(articles, {}) == 4


def test_kinds_come_in_kind_order() -> None:
    money = fact(Verdict.AGREE, claim("a", "$1", 1, 1, "USD", Kind.MONEY))
    count = fact(Verdict.AGREE, claim("a", "8", 8, 8, "x", Kind.COUNT))
    assert kinds_of([money, count, money]) == [Kind.COUNT, Kind.MONEY]


def test_no_note_breaks_on_odd_values() -> None:
    odd = [
        claim("a", "", 1.0, 1.0, "m"),
        claim("b", "%%%", 5.0, 5.0, "%"),
        claim("c", "1.2.3 km", 1.0, 1.0, "m"),
    ]
    notes = value_notes(fact(Verdict.CONFLICT, *odd))
    assert len(notes) == 3
    assert all(n is None or re.match(r"≈ \S", n) for n in notes)
