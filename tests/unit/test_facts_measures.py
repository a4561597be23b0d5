"""Measures with units: reading figures (units, glued and hyphenated forms, fractions, signs),
what a figure measures, and the facts the measure kind finds across invented articles."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kzreader.config import FactsConfig
from kzreader.facts import Fact, Kind, Verdict, facts_for
from kzreader.facts.context import ReportContext, SentenceContext
from kzreader.facts.extract import measures
from kzreader.facts.text.sentences import sentences_of
from kzreader.facts.text.units import CANONICAL, round_width, unit
from kzreader.library import Article


def article(aid: str, text: str, published: datetime | None = None, outlet: str = "") -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=outlet or aid, title=aid, published=published,
        text=text, paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def found(text: str, published: datetime | None = None) -> list[measures.MeasureClaim]:
    a = article("x", text, published)
    report = ReportContext([a], FactsConfig())
    sents = sentences_of(text)
    return [
        m
        for k, s in enumerate(sents)
        for m in measures.extract(SentenceContext(report, 0, s, sents[k - 1] if k else None))
    ]


def one(text: str) -> measures.MeasureClaim:
    (m,) = found(text)
    return m


def measure_facts(*articles: Article) -> list[Fact]:
    return [f for f in facts_for(articles).facts if f.kind == Kind.MEASURE]


def fact_with(facts: list[Fact], value: str) -> Fact:
    return next(f for f in facts if any(c.value == value for c in f.claims))


# -- reading figures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "dimension", "low"),
    [
        ("The pier is 10 km long.", "10 km", "distance", 10_000),
        ("They chased him for 48km through the hills.", "48km", "distance", 48_000),
        ("It reached 193km/h on the bridge.", "193km/h", "speed", 193),
        ("Speeds hit 120 miles per hour on the road.", "120 miles per hour", "speed", 193.12),
        ("The 170,000-square-foot hall opened.", "170,000-square-foot", "area", 15_793.5),
        ("She lived half a mile away from the mill.", "half a mile", "distance", 804.67),
        ("He moved a mile and a half away from here.", "a mile and a half", "distance", 2414.0),
        ("The hearing ended after 4 1/2 hours of testimony.", "4 1/2 hours", "duration", 16_200),
        ("A 60m wave hit the harbour.", "60m", "distance", 60),
        ("She won the 5k race in the park.", "5k", "distance", 5000),
        ("The court used 2.5 GB of storage.", "2.5 GB", "data", 2.5e9),
        ("The chip runs at 3.2 GHz.", "3.2 GHz", "frequency", 3.2e9),
    ],
)
def test_figures_are_read_in_the_canonical_unit_of_their_dimension(
    text: str, value: str, dimension: str, low: float
) -> None:
    m = one(text)
    assert m.claim.value == value and m.dimension == dimension
    assert m.claim.unit in CANONICAL and CANONICAL[m.claim.unit] == dimension
    assert m.low == pytest.approx(low, rel=1e-3)


def test_glued_m_and_k_are_never_millions_by_default() -> None:
    assert found("About 60m people watched the final.") == []
    assert found("The firm has 5k staff.") == []
    assert found("The new phones run on 3G and 4G networks.") == []


@pytest.mark.parametrize(
    "text",
    [
        "A magnitude 6.1 quake struck the island.",
        "The 6.1-magnitude quake struck the island.",
        "A 6.1 quake struck the island.",
        "The quake had a magnitude of 6.1, officials said.",
    ],
)
def test_magnitudes_in_every_form(text: str) -> None:
    m = one(text)
    assert m.dimension == "magnitude" and m.low == 6.1 and m.claim.unit == "magnitude"


def test_a_preliminary_magnitude_is_worded_as_a_first_figure() -> None:
    assert one("The quake had a preliminary magnitude of 4.4.").cue == "update"


def test_temperatures_with_and_without_a_scale() -> None:
    assert one("Firefighters worked in minus-20 degree temperatures.").low == -20
    bare = one("Outside temperatures were minus 17 as crews worked.")
    assert (bare.dimension, bare.low, bare.claim.unit) == ("degrees", -17, "deg")
    celsius = one("It was 35 degrees Celsius in the shade.")
    assert (celsius.dimension, celsius.low) == ("temperature", 35)
    fahrenheit = one("It was 95 degrees Fahrenheit in the shade.")
    assert fahrenheit.low == pytest.approx(35.0)
    assert found("The car made a 90-degree turn.") == []


def test_calibres_gauges_and_field_positions() -> None:
    assert one("He carried a 9mm pistol.").dimension == "calibre"
    assert one("He carried a .45-caliber rifle.").low == pytest.approx(11.43)
    assert one("He carried a 12-gauge shotgun.").dimension == "gauge"
    assert found("They took over at the 27-yard line.") == []


def test_a_bracketed_conversion_folds_into_its_figure() -> None:
    m = one("The quake struck at a depth of 10 kilometres (6 miles), officials said.")
    assert m.claim.value == "10 kilometres" and m.role == "depth"
    assert m.conversion is not None and m.conversion[0] < 10_000 < m.conversion[1]


def test_rounding_allowed_by_a_written_figure() -> None:
    assert round_width("4.4") == pytest.approx(0.05)
    assert round_width("86") == 0.5
    assert round_width("30", converted=True) == 3.0  # "30 miles" may round 48 km
    assert round_width("1") == pytest.approx(0.1)  # never more than a tenth
    assert unit("miles per hour") is not None and unit("percentage points") is not None


def test_what_a_figure_measures() -> None:
    building = one("Police evacuated the building, about 15 miles north of Halbury.")
    assert (building.landmark, building.locatum) == ("north halbury", "build")
    run = one("Okafor broke off an 84-yard touchdown run.")
    assert run.role == "yards run" and "okafor" in run.subjects
    passing = one("Dunmore set a record with 4,183 passing yards in a season.")
    assert (passing.role, passing.scope) == ("yards passing", "season")
    share = one("Some 52 percent of traffic with Varnia was out of service.")
    assert (share.role, share.predicate) == ("traffic", "lost")
    fell = one("Varnish stocks fell 5.4 per cent in early trading.")
    assert fell.direction == "down"


def test_a_part_of_one_duration_is_not_its_length() -> None:
    a = article("a", "The judge gave Orr a 20-year sentence for the robbery.")
    b = article("b", "Orr must serve at least 12 years of the 20-year sentence, the judge said.")
    assert [f for f in measure_facts(a, b) if f.verdict == Verdict.CONFLICT] == []
    (part,) = [m for m in found(b.text) if m.claim.value.startswith("at least")]
    assert part.claim.measure.startswith("part of")
    (whole,) = found("Jurors heard 30 hours of testimony.")
    assert not whole.claim.measure.startswith("part of")


def test_a_background_event_is_anchored_by_its_year() -> None:
    published = datetime(2013, 7, 3, tzinfo=UTC)
    old, last, this = found(
        "In 2004, a magnitude 9.1 quake hit the coast. Last year, a 6.4-magnitude quake hit the "
        "north. The 6.1-magnitude quake left hundreds injured in a region that was devastated "
        "by the tsunami of 2004.",
        published,
    )
    assert (old.anchor, last.anchor, this.anchor) == (2004, 2012, None)


# -- facts across articles --------------------------------------------------------------------


def test_a_matching_conversion_agrees_and_the_same_number_in_another_unit_does_not() -> None:
    a = article("a", "The mine collapsed at a depth of 10 kilometres (6 miles), officials said.")
    b = article("b", "The mine collapsed at a depth of just six miles, officials said.")
    (depth,) = measure_facts(a, b)
    assert depth.verdict == Verdict.COMPATIBLE and depth.label == "depth"
    c = article("c", "Police chased the van for 30 miles before it stopped near Orbeck.")
    d = article("d", "Police chased the van for 30 km before it stopped near Orbeck.")
    (chase,) = measure_facts(c, d)
    assert chase.verdict == Verdict.CONFLICT and "unit confusion" in chase.reason


def test_two_quakes_are_two_facts_and_a_preliminary_magnitude_is_revised() -> None:
    when = datetime(2013, 7, 3, tzinfo=UTC)
    a_text = (
        "A 5.8-magnitude quake hit Norvalia on Tuesday. In 2004, a magnitude 9.1 quake off "
        "Norvalia triggered a tsunami."
    )
    b_text = (
        "A quake with a preliminary magnitude of 6.1 hit Norvalia on Tuesday. The 2004 tsunami "
        "was triggered by a 9.1-magnitude quake off Norvalia."
    )
    a, b = article("a", a_text, when), article("b", b_text, when)
    facts = measure_facts(a, b)
    today = fact_with(facts, "5.8-magnitude")
    assert today.verdict == Verdict.UPDATE and "first figure" in today.reason
    assert {c.value for c in today.claims} == {"5.8-magnitude", "6.1"}
    old = fact_with(facts, "9.1")
    assert old.verdict == Verdict.AGREE and old.label == "magnitude (2004)"


def test_magnitudes_far_apart_are_different_quakes() -> None:
    a = article("a", "Last year a 6.4-magnitude quake rocked the west coast of Norvalia.")
    b = article("b", "Last year an 8.6-magnitude quake struck off the coast of Norvalia.")
    assert measure_facts(a, b) == []


def test_distances_from_one_landmark_of_different_things_stay_apart() -> None:
    a = article("a", "Police evacuated the office building, about 15 miles north of Halbury, "
                     "after the shooting.")  # fmt: skip
    b = article("b", "After the shooting, a motorist 50 miles north of Halbury spotted the car "
                     "of the gunman.")  # fmt: skip
    c = article("c", "Police evacuated the office building, about 24km north of Halbury, after "
                     "the shooting.")  # fmt: skip
    facts = measure_facts(a, b, c)
    (building,) = facts
    assert building.verdict == Verdict.COMPATIBLE
    assert {x.article for x in building.claims} == {"a", "c"}


def test_a_temperature_without_scale_is_read_both_ways() -> None:
    a = article("a", "Firefighters fought the blaze in temperatures of minus 17 degrees.")
    b = article("b", "Firefighters fought the blaze in temperatures of minus 20 degrees.")
    (cold,) = measure_facts(a, b)
    assert cold.verdict == Verdict.CONFLICT and cold.label == "temperature"
    c = article("c", "Firefighters fought the blaze in temperatures of minus 29C.")
    (either,) = measure_facts(b, c)  # minus 20 degrees Fahrenheit is minus 29 Celsius
    assert either.verdict == Verdict.COMPATIBLE


def test_shares_by_place_and_a_passing_peak() -> None:
    a = article("a", "Internet services in Varnia were down by 80 percent, in Ostrel by 65 "
                     "percent.")  # fmt: skip
    b = article("b", "At one point 52 percent of voice traffic in Varnia and 82 percent in "
                     "Ostrel was out of service, the operator said.")  # fmt: skip
    facts = measure_facts(a, b)
    varnia = fact_with(facts, "80 percent")
    assert varnia.verdict == Verdict.CONFLICT  # a peak of 52 cannot hold 80
    ostrel = fact_with(facts, "65 percent")
    assert ostrel.verdict == Verdict.COMPATIBLE  # 65 later, below a peak of 82


def test_yards_of_one_play_and_of_different_players() -> None:
    a = article("a", "Okafor ran for 226 yards, including an 84-yard scamper on the first play "
                     "of the second half, and Brandt ran for 101 yards.")  # fmt: skip
    b = article("b", "Okafor's big day included an 86-yard touchdown run on the first play of "
                     "the second half, and Brandt ran for 101 yards.")  # fmt: skip
    facts = measure_facts(a, b)
    run = fact_with(facts, "84-yard")
    assert run.verdict == Verdict.CONFLICT and run.reason == "84-yard vs 86-yard"
    assert fact_with(facts, "101 yards").verdict == Verdict.AGREE
    assert not any("226 yards" in {c.value for c in f.claims} for f in facts)


def test_records_and_scores_are_pairs() -> None:
    a = article("a", "The Harriers (10-5) clinched a playoff berth with a 20-13 win.")
    b = article("b", "By beating the Wolves 20-13, the Harriers' record rose to 9-5.")
    facts = measure_facts(a, b)
    record = fact_with(facts, "10-5")
    assert record.verdict == Verdict.CONFLICT and record.label == "record"
    assert all(c.low is None for c in record.claims)  # a pair is no interval
    assert fact_with(facts, "20-13").verdict == Verdict.AGREE
    c = article("c", "The Harriers (10-5) lost ground while the Wolves (2-13) fell again.")
    assert fact_with(measure_facts(a, c), "10-5").verdict == Verdict.AGREE


def test_how_long_the_shaking_lasted() -> None:
    a = article("a", "The quake was felt strongly for around 15 seconds in Varnham.")
    b = article("b", "People ran into the streets in Varnham as the quake shook houses for "
                     "around one minute.")  # fmt: skip
    (shaking,) = measure_facts(a, b)
    assert shaking.verdict == Verdict.CONFLICT
    assert shaking.reason == "around 15 seconds vs around one minute"


def test_a_closing_figure_updates_one_from_the_session() -> None:
    a = article("a", "Markets reacted with alarm as Varnish stocks plunged 5.4 per cent.")
    b = article("b", "Markets reacted with alarm as Varnish stocks closed down 3.9 percent.")
    (stocks,) = measure_facts(a, b)
    assert stocks.verdict == Verdict.UPDATE and "closing figure" in stocks.reason


def test_measure_claims_carry_kind_and_canonical_unit_in_json() -> None:
    a = article("a", "The quake struck at a depth of 10 kilometres, officials said.")
    b = article("b", "The quake struck at a depth of 10 km, officials said.")
    doc = facts_for([a, b]).to_json()
    (depth,) = [f for f in doc["facts"] if f["label"] == "depth"]
    assert [(c["kind"], c["unit"], c["low"]) for c in depth["claims"]] == [
        ("measure", "m", 10000),
        ("measure", "m", 10000),
    ]
    assert depth["verdict"] == "agree"
