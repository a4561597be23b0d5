"""Money: reading amounts (currencies, scales, ranges, conversions), what the money measures,
the dated exchange-rate table, and the facts the money kind finds across invented articles."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kzreader.config import FactsConfig
from kzreader.facts import Fact, Kind, Verdict, facts_for
from kzreader.facts.context import ReportContext, SentenceContext
from kzreader.facts.extract import money
from kzreader.facts.text.currency import local_dollar
from kzreader.facts.text.currency_rates import CURRENCIES, convert, rate
from kzreader.facts.text.sentences import sentences_of
from kzreader.library import Article

MAY_2010 = datetime(2010, 5, 5, 12, tzinfo=UTC)


def article(aid: str, text: str, published: datetime | None = None, outlet: str = "") -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=outlet or aid, title=aid, published=published,
        text=text, paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def found(text: str, outlet: str = "", published: datetime | None = None) -> list[money.MoneyClaim]:
    a = article("x", text, published, outlet)
    report = ReportContext([a], FactsConfig())
    sents = sentences_of(text)
    return [
        m
        for k, s in enumerate(sents)
        for m in money.extract(SentenceContext(report, 0, s, sents[k - 1] if k else None))
    ]


def one(text: str, outlet: str = "") -> money.MoneyClaim:
    (m,) = found(text, outlet)
    return m


def money_facts(*articles: Article) -> list[Fact]:
    return [f for f in facts_for(articles).facts if f.kind == Kind.MONEY]


def fact_with(facts: list[Fact], value: str) -> Fact:
    return next(f for f in facts if any(c.value == value for c in f.claims))


# -- reading amounts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "currency", "amount"),
    [
        ("Orvik agreed a $13.9bn takeover.", "$13.9bn", "USD", 13.9e9),
        ("Orvik agreed a US$13.9 billion takeover.", "US$13.9 billion", "USD", 13.9e9),
        ("The firm was fined twelve million dollars.", "twelve million dollars", "USD", 12e6),
        ("The club paid €2.5m for the striker.", "€2.5m", "EUR", 2.5e6),
        ("The loan was worth Dh472.72bn in all.", "Dh472.72bn", "AED", 472.72e9),
        ("Savers lost euro110 billion in the crash.", "euro110 billion", "EUR", 110e9),
        ("The state will lend 30bn euros to the banks.", "30bn euros", "EUR", 30e9),
        ("Shares added 26 cents on Tuesday.", "26 cents", "USD", 0.26),
        ("The package is worth £25.7bn.", "£25.7bn", "GBP", 25.7e9),
        ("The bank lost 93.6 billion pounds.", "93.6 billion pounds", "GBP", 93.6e9),
        ("The plan costs 1.2 trillion yen.", "1.2 trillion yen", "JPY", 1.2e12),
    ],
)
def test_amounts_with_their_currency_and_scale(
    text: str, value: str, currency: str, amount: float
) -> None:
    m = one(text)
    assert (m.claim.value, m.claim.unit, m.currency) == (value, currency, currency)
    assert m.low == pytest.approx(amount)


def test_what_is_not_money() -> None:
    assert found("A 200-pound man was arrested.") == []  # weight
    assert found("The team won 3-1 and won again.") == []
    assert found("The loan was worth a? 110 billion in all.") == []  # a sign lost in encoding
    assert found("The loan was worth \ufffd\ufffd110 billion in all.") == []


def test_ranges_and_whose_dollar() -> None:
    deal = one("The Journal said Orvik will pay $12 billion to $13 billion for the firm.")
    assert (deal.low, deal.high, deal.claim.value) == (12e9, 13e9, "$12 billion to $13 billion")
    assert (
        one("The state will spend $43 billion on roads.", outlet="news.example.com.au").currency
        == "AUD"
    )
    assert one("The state will spend A$43 billion on roads.").currency == "AUD"
    assert local_dollar("theglobe.example.ca") == "CAD" and local_dollar("example.com") == "USD"
    primary, bracket = found("Damage was estimated at $US1 million ($1.52 million).")
    assert primary.currency == "USD" and bracket.currency == money.UNKNOWN_DOLLAR
    assert bracket.derived and not primary.derived


def test_what_the_money_measures() -> None:
    assert one("Orvik will pay $25 a share for the firm.").role == "per share"
    assert one("Orvik agreed a $13.9 billion deal for the firm.").role == "deal"
    assert one("Orvik had about $39 billion in revenue last year.").role == "revenue"
    assert one("The fire caused more than $1 million in damage.").role == "damage"
    assert one("With a market value of about $115 billion, Orvik can pay in stock.").role == "value"
    change, level = found("Tessel shares soared $5.27, or nearly 28 percent, to finish at $24.13.")
    assert (change.role, change.direction) == ("share change", "up")
    assert (level.role, level.change) == ("share price", pytest.approx(5.27))
    basis = one("Including Tessel's net debt, Orvik values the acquisition at $13.9 billion.")
    assert basis.scope == "basis"
    assert one("The merged company would be worth about $22 billion.").scope == "whole"


# -- the dated table --------------------------------------------------------------------------


def test_the_table_converts_only_covered_years() -> None:
    assert rate("USD", 2010) == pytest.approx(1.3257)  # ECB annual average, dollars per euro
    assert convert(110e9, "EUR", "USD", 2010) == pytest.approx(145.83e9, rel=1e-3)
    assert convert(3.6725, "AED", "USD", 2012) == pytest.approx(1.0)  # the peg
    assert convert(1.0, "EUR", "USD", 1990) is None  # before the euro
    assert convert(1.0, "XXX", "USD", 2010) is None
    assert {"USD", "GBP", "JPY", "AUD", "AED"} <= CURRENCIES


# -- facts across articles --------------------------------------------------------------------


def test_a_deal_on_two_bases_is_compatible() -> None:
    a = article(
        "a",
        "Orvik agreed a $13.2 billion acquisition of Tessel on Tuesday.\n\nIncluding Tessel's "
        "net debt, Orvik values the acquisition at $13.9 billion.",
    )
    b = article("b", "Orvik announced Tuesday that it will buy Tessel for $13.9 billion.")
    c = article("c", "Orvik will acquire Tessel for about $13 billion, sources said on Tuesday.")
    (deal,) = money_facts(a, b, c)
    assert deal.verdict == Verdict.COMPATIBLE and deal.label == "deal value"
    assert "another basis" in deal.reason


def test_share_prices_are_checked_by_their_changes() -> None:
    a = article("a", "Tessel shares soared $5.27, or nearly 28 percent, to finish Monday at "
                     "$24.13.")  # fmt: skip
    b = article("b", "Tessel shares added 26 cents to close at $24.34 on Tuesday.")
    price = fact_with(money_facts(a, b), "$24.13")
    assert price.verdict == Verdict.CONFLICT and price.label == "share price (tesel)"
    assert "previous close of 24.08, not $24.13" in price.reason
    c = article("c", "Tessel shares added 21 cents to close at $24.34 on Tuesday.")
    later = fact_with(money_facts(a, c), "$24.13")
    assert later.verdict == Verdict.UPDATE and "later close" in later.reason


def test_per_share_prices_deal_values_and_changes_stay_apart() -> None:
    a = article("a", "The Journal said Orvik will pay $24 to $26 per share for Tessel.")
    b = article("b", "The $25-per-share price is a nice payoff for Tessel stockholders, who get "
                     "a $13.2 billion deal.")  # fmt: skip
    facts = money_facts(a, b)
    per_share = fact_with(facts, "$24 to $26")
    assert per_share.verdict == Verdict.COMPATIBLE
    assert per_share.label == "price per share (tesel)"
    assert all(f.label != "deal value" for f in facts)  # one deal value: no fact


def test_other_currencies_through_the_dated_table() -> None:
    a = article("a", "Greece gets a euro110 billion loan package to avoid default.", MAY_2010)
    b = article("b", "Greece can get a $144 billion bailout to avoid default.", MAY_2010)
    (bailout,) = money_facts(a, b)
    assert bailout.verdict == Verdict.COMPATIBLE and "annual average" in bailout.reason
    undated = article("c", "Greece can get a $144 billion bailout to avoid default.")
    (unknown,) = money_facts(a, undated)
    assert unknown.verdict == Verdict.COMPATIBLE and "not comparable" in unknown.reason


def test_the_one_conversion_that_does_not_fit_is_set_against_the_nearest() -> None:
    text = "Greece agreed a euro110 billion ({x}) bailout from the fund at the weekend."
    a = article("a", text.format(x="$141 billion"), MAY_2010)
    b = article("b", text.format(x="$144 billion"), MAY_2010)
    c = article("c", text.format(x="Dh472.72bn"), MAY_2010)
    facts = money_facts(a, b, c)
    outlier = next(f for f in facts if f.verdict == Verdict.CONFLICT)
    assert [x.value for x in outlier.claims] == ["$141 billion", "Dh472.72bn"]
    assert "at the peg" in outlier.reason
    assert any(f.verdict == Verdict.COMPATIBLE and len(f.claims) >= 4 for f in facts)


def test_another_bidder_and_another_year_are_other_facts() -> None:
    a = article("a", "The Hawks offered Ramos an eight-year, $160 million contract on Monday.")
    b = article("b", "The Owls offered Ramos an eight-year, $184 million contract on Monday.")
    assert money_facts(a, b) == []
    c = article("c", "Orvik bought Plinth for $19 billion in 2002, its biggest deal.")
    d = article("d", "Orvik will buy Tessel for $13.9 billion, its biggest deal since 2002.")
    assert money_facts(c, d) == []


def test_money_claims_carry_kind_and_currency_in_json() -> None:
    a = article("a", "Damage to the church was estimated at $1 million, officials said.")
    b = article("b", "Officials estimate the damage to the church at more than $1 million.")
    doc = facts_for([a, b]).to_json()
    (damage,) = [f for f in doc["facts"] if f["label"] == "damage"]
    assert {(c["kind"], c["unit"]) for c in damage["claims"]} == {("money", "USD")}
    assert damage["verdict"] == "compatible"


def test_a_question_and_a_figure_set_beside_for_comparison_are_no_claims() -> None:
    assert found("Should the Hawks go higher than $25 million a season for Ramos?") == []
    assert found("Will Orvik really pay $13.9 billion?\u201d") == []
    assert found("The offer would be the club's largest, dwarfing the four-year, "
                 "$90 million deal that Lenz got last summer.") == []  # fmt: skip
    assert found("Sales hit $5 billion, compared with $4 billion a year earlier.")[0].low == 5e9
    assert len(found("The offer is less than the $184 million reported earlier.")) == 0
    (own,) = found("Compared with last year, revenue rose to $5 billion.")
    assert own.low == 5e9  # the comparison is of the clause before the comma
    (topped,) = found("Sales topped $5 billion last year.")
    assert topped.low >= 5e9  # still a claim
    (hedged,) = found("The Hawks offered more than $160 million.")
    assert hedged.low > 160e6  # "more than $X" is a hedge, still a claim
    a = article("a", "The Hawks offered Ramos at least $160 million on Monday.")
    b = article("b", "The Hawks offer would dwarf the four-year, $90 million deal that "
                     "Lenz got, and more than the $100 million paid to Orr.")  # fmt: skip
    assert [f for f in money_facts(a, b) if f.verdict == Verdict.CONFLICT] == []


def test_the_agent_of_a_gapped_clause_owns_its_amount() -> None:
    a = article("a", "The Hawks bid $160 million over eight years, the Owls between $140 million "
                     "and $150 million over seven years.")  # fmt: skip
    b = article("b", "The Hawks raised their eight-year bid for Ramos to as much as $184 million.")
    assert [f for f in money_facts(a, b) if f.verdict == Verdict.CONFLICT and
            any(c.value.startswith("$140") for c in f.claims)] == []  # fmt: skip
    c = article("c", "The Owls offered an eight-year contract, surpassing the $90 million deal "
                     "that Lenz got.")  # fmt: skip
    assert [m.low for m in found(c.text)] == []
    (own,) = found("Its revenue surpassed $5 billion last year.")
    assert own.low >= 5e9


def test_an_expected_figure_is_a_forecast_not_a_claim() -> None:
    assert found("The Hawks' offer was expected to be in the range of $145 million to "
                 "$175 million, a columnist wrote.") == []  # fmt: skip
    assert found("Analysts forecast revenue of $5 billion for the quarter.") == []
    (said,) = found("The Hawks offered $184 million, more than expected.")
    assert said.low == 184e6
    (deal,) = found("The deal, expected to close in June, values Tessel at $13.9 billion.")
    assert deal.low == 13.9e9
    (deal,) = found("The deal is expected to close at $13.9 billion in June.")
    assert deal.low == 13.9e9
    a = article("a", "The Hawks' offer was expected to be between $145 million and $175 million.")
    b = article("b", "The Hawks' offer was as high as $184 million, reports said.")
    assert [f for f in money_facts(a, b) if f.verdict == Verdict.CONFLICT] == []
