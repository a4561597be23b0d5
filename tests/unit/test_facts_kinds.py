"""Kinds of facts: the registry, the extractor/comparator contract, kinds and units in claims,
and source groups (copies of one wire report count as one source)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from news_words import news_words

from kzreader.config import FactsConfig
from kzreader.facts import Claim, Fact, Kind, Verdict, facts_for
from kzreader.facts import kinds as registry
from kzreader.facts.context import Found, ReportContext, SentenceContext
from kzreader.facts.engine import clear_caches
from kzreader.facts.extract import counts as extract_counts
from kzreader.facts.text.sentences import sentences_of
from kzreader.facts.text.units import CANONICAL, to_canonical, unit
from kzreader.library import Article


def article(aid: str, text: str, published: datetime | None = None) -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=published, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


TOLL = (
    "A bridge collapsed over the Narva river on Monday. {n} police officers were killed, "
    "officials said."
)
A = article("a", TOLL.format(n="Eight") + " The governor, Ilse Varnholm, 52, spoke at the scene.")
B = article("b", TOLL.format(n="Eight") + " Governor Ilse Varnholm, 52, visited the bridge.")
C = article("c", TOLL.format(n="Eight") + " Ilse Varnholm, 52, the governor, said.")


def contexts(a: Article, report: ReportContext | None = None) -> list[SentenceContext]:
    report = report or ReportContext([a], FactsConfig())
    sents = sentences_of(a.text)
    return [SentenceContext(report, 0, s, sents[k - 1] if k else None) for k, s in enumerate(sents)]


def test_the_registry_holds_the_first_kinds_each_an_extractor_and_a_comparator() -> None:
    names = [k.name for k in registry.KINDS]
    assert names[:3] == ["count", "name", "age"] and len(set(names)) == len(names)
    assert {"measure", "money", "place", "attribute", "qualitative", "time", "date"} <= set(names)
    for spec in registry.KINDS:
        assert callable(spec.extract) and callable(spec.group) and callable(spec.judge)


def test_an_extractor_receives_a_sentence_context_and_returns_found_claims() -> None:
    found = [f for ctx in contexts(A) for f in extract_counts.extract(ctx)]
    (toll,) = found
    assert isinstance(toll, Found) and toll.article == 0
    assert toll.claim.kind == Kind.COUNT and toll.claim.value == "Eight"
    assert toll.claim.source_group == "a"  # by default each article is its own source
    assert A.text[toll.claim.value_start : toll.claim.value_end] == "Eight"
    assert toll.sentence.text == toll.claim.sentence


def test_claims_carry_their_kind_in_json() -> None:
    doc = facts_for([A, B, C]).to_json()
    kinds = {f["label"]: {c["kind"] for c in f["claims"]} for f in doc["facts"]}
    assert kinds["police officers killed"] == {"count"}
    assert kinds["age: Varnholm"] == {"attribute"}
    assert all(c["source_group"] == c["article"] for f in doc["facts"] for c in f["claims"])


def test_a_measure_claim_needs_a_canonical_unit() -> None:
    report = ReportContext([A], FactsConfig())
    sentence = sentences_of(A.text)[0]
    with pytest.raises(ValueError, match="canonical"):
        report.claim(0, sentence, Kind.MEASURE, 0, 1, unit="kilometres")
    claim = report.claim(0, sentence, Kind.MEASURE, 2, 8, unit="m", low=150.0, high=150.0)
    assert claim.unit == "m" and claim.value == sentence.text[2:8]


def test_units_normalise_per_dimension() -> None:
    km = unit("Kilometres")
    assert km is not None and (km.dimension, km.canonical) == ("distance", "m")
    miles = unit("miles")
    assert miles is not None and to_canonical(6, miles) == pytest.approx(9656.064)
    fahrenheit = unit("F")
    assert fahrenheit is not None and to_canonical(212, fahrenheit) == pytest.approx(100.0)
    square_miles = unit("square miles")
    assert square_miles is not None and square_miles.dimension == "area"
    assert unit("in") is None and unit("dollars") is None
    assert set(CANONICAL.values()) >= {"distance", "speed", "duration", "percent", "magnitude"}


# -- source groups --------------------------------------------------------------------------


def fact(facts: list[Fact], label: str) -> Fact:
    return next(f for f in facts if f.label == label)


def test_without_groups_every_article_is_independent() -> None:
    police = fact(list(facts_for([A, B, C]).facts), "police officers killed")
    assert police.verdict == Verdict.AGREE and police.reason == "3 reports say 8"
    assert police.sources == ("a", "b", "c")


def test_copies_of_one_report_are_one_source() -> None:
    report = facts_for([A, B, C], source_groups={"a": "wire-1", "b": "wire-1"})
    police = fact(list(report.facts), "police officers killed")
    assert police.reason == "3 reports, 2 independent sources, say 8"
    assert [c.source_group for c in police.claims] == ["wire-1", "wire-1", "c"]
    age = fact(list(report.facts), "age: Varnholm")
    assert age.verdict == Verdict.AGREE and age.reason == "3 reports, 2 independent sources, say 52"
    doc = report.to_json()
    assert {c["source_group"] for f in doc["facts"] for c in f["claims"]} == {"wire-1", "c"}


def test_agreement_only_between_copies_is_not_independent_confirmation() -> None:
    report = facts_for([A, B], source_groups={"a": "wire-1", "b": "wire-1"})
    police = fact(list(report.facts), "police officers killed")
    assert police.verdict == Verdict.AGREE
    assert police.reason == "2 copies of one source say 8"
    assert "independent" not in police.reason.replace("not independent", "")


def test_compatible_and_conflicting_copies_say_so() -> None:
    hedged = article("h", TOLL.format(n="More than seven"))
    exact = article("e", TOLL.format(n="Eight"))
    other = article("o", TOLL.format(n="Nine"))
    groups = {"h": "wire-1", "e": "wire-1"}
    police = fact(list(facts_for([hedged, exact], source_groups=groups).facts),
                  "police officers killed")  # fmt: skip
    assert police.verdict == Verdict.COMPATIBLE
    assert police.reason.endswith("(copies of one source)")
    three = fact(list(facts_for([hedged, exact, other], source_groups=groups).facts),
                 "police officers killed")  # fmt: skip
    assert three.verdict == Verdict.CONFLICT and "copies" not in three.reason
    both = fact(list(facts_for([exact, other], source_groups={"e": "w", "o": "w"}).facts),
                "police officers killed")  # fmt: skip
    assert both.verdict == Verdict.CONFLICT and both.reason == "8 vs 9 (copies of one source)"


def test_facts_rank_by_independent_sources() -> None:
    bridge = "A bridge collapsed over the Narva river on Monday, officials said. "
    a, b = article("a", TOLL.format(n="Eight")), article("b", TOLL.format(n="Eight"))
    c = article("c", TOLL.format(n="Eight") + " Two firefighters were injured at the bridge.")
    d = article("d", bridge + "Two firefighters were injured at the Narva bridge on Monday.")
    plain = [f.label for f in facts_for([a, b, c, d]).facts if f.kind == Kind.COUNT]
    assert plain == ["police officers killed", "firefighters injured"]  # 3 reports before 2
    grouped = facts_for([a, b, c, d], source_groups={"a": "w", "b": "w", "c": "w"})
    assert [(f.label, len(f.sources)) for f in grouped.facts if f.kind == Kind.COUNT] == [
        ("firefighters injured", 2),
        ("police officers killed", 1),
    ]


# -- a kind added through the contract -------------------------------------------------------

_COLOUR = re.compile(r"\b(red|blue|green|white|black)\s+(car|van|truck)\b", re.I)


@dataclass(eq=False, kw_only=True)
class Colour(Found):
    colour: str
    thing: str
    claim: Claim


def _extract_colours(ctx: SentenceContext) -> list[Colour]:
    return [
        Colour(
            article=ctx.article,
            sentence=ctx.sentence,
            colour=m.group(1).lower(),
            thing=m.group(2).lower(),
            claim=ctx.claim(Kind.QUALITATIVE, m.start(1), m.end(1), measure="colour"),
        )
        for m in _COLOUR.finditer(ctx.text)
    ]


def _group_colours(found: list[Colour], report: ReportContext) -> list[list[Colour]]:
    by_thing: dict[str, list[Colour]] = {}
    for f in found:
        by_thing.setdefault(f.thing, []).append(f)
    return list(by_thing.values())


def _judge_colours(group: list[Colour], report: ReportContext) -> Fact:
    colours = list(dict.fromkeys(f.colour for f in group))
    claims = tuple(f.claim for f in group)
    verdict = Verdict.AGREE if len(colours) == 1 else Verdict.CONFLICT
    return Fact(f"colour of the {group[0].thing}", verdict, " vs ".join(colours), claims)


def test_a_new_kind_is_one_extractor_one_comparator_and_one_registry_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = registry.KindSpec("colour", _extract_colours, _group_colours, _judge_colours)
    monkeypatch.setattr(registry, "KINDS", (*registry.KINDS, spec))
    clear_caches()
    x = article("x", "A red car hit a cyclist on Elm Road. Police are looking for the driver.")
    y = article("y", "A white car hit a cyclist on Elm Road, police said, and drove away.")
    report = facts_for([x, y])
    colour = fact(list(report.facts), "colour of the car")
    assert colour.verdict == Verdict.CONFLICT and colour.reason == "red vs white"
    assert colour.kind == Kind.QUALITATIVE
    assert [x.text[c.value_start : c.value_end] for c in colour.claims[:1]] == ["red"]
    clear_caches()


# -- every registered kind, on any text ------------------------------------------------------

_WORDS = news_words(
    "Jane",
    "Roe",
    "38",
    ",",
    "(",
    ")",
    "-year-old",
    "aged",
    "$",
    "7:30",
    "a.m.",
    "Monday",
    "km",
    "miles",
    "van",
    "der",
    "Berg",
    "O'Neil",
    "al-Harun",
    "\n",
    "“",
    "”",
    "…",
    "%",
    "0",
)


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join),
        st.text(max_size=200),
    )
)
def test_every_registered_extractor_reads_any_sentence(text: str) -> None:
    """The contract's first rule: an extractor never raises, and what it finds points into the
    sentence it was given (for the claims it builds, into the article's text)."""
    a = article("p", text)
    report = ReportContext([a], FactsConfig())
    for ctx in contexts(a, report):
        for spec in registry.KINDS:
            for found in spec.extract(ctx):
                assert isinstance(found, Found) and found.article == 0
                assert found.sentence is ctx.sentence
                claim = getattr(found, "claim", None)
                if claim is not None:
                    assert claim.kind in set(Kind)
                    assert ctx.sentence.start <= claim.value_start <= claim.value_end
                    assert claim.value_end <= ctx.sentence.end
