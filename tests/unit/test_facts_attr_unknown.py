"""Figures a report says are unknown ("an unspecified number of", "did not say how many"): a
count claim with no interval, set beside the figures other outlets give, never a conflict."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kzreader.facts import Fact, Verdict, facts_for
from kzreader.facts.extract.counts import sentence_claims
from kzreader.facts.text.numbers import tokens
from kzreader.facts.text.unknown import unknown_counts
from kzreader.library import Article


def article(aid: str, text: str, published: datetime | None = None) -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=published, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def test_unknown_phrases_are_found_with_their_counted_noun() -> None:
    text = "The alliance approved sending an unspecified number of medics to the port."
    (u,) = unknown_counts(text, tokens(text))
    assert text[u.start : u.end] == "an unspecified number"
    assert (u.unit, u.subject) == ("medics", "medic")
    text = "The minister did not say how many soldiers would be deployed."
    (u,) = unknown_counts(text, tokens(text))
    assert text[u.start : u.end] == "did not say how many"
    assert u.subject == "soldiers"
    text = "It was not known how many people were trapped under the rubble."
    (u,) = unknown_counts(text, tokens(text))
    assert u.subject == "people"


def test_no_unknown_without_the_wording() -> None:
    for text in (
        "The number of soldiers rose to 40.",
        "Nobody knows how the fire started.",
        "They said how many were sent: forty.",
    ):
        assert unknown_counts(text, tokens(text)) == []


def test_an_unknown_figure_is_a_count_claim_with_a_measure() -> None:
    (c,) = sentence_claims("Officials declined to say how many soldiers were killed.")
    assert c.unknown and c.measure == "killed" and c.quantity.subject == "soldiers"
    assert sentence_claims("An unknown number of visitors.") == []  # no measure: no claim


def test_a_figure_in_the_same_sentence_wins() -> None:
    claims = sentence_claims(
        "Although it is unknown how many were injured, one agency says at least 50 people were."
    )
    assert not any(c.unknown for c in claims)


STORY = "The northern alliance met in Velmor on Monday to discuss the crisis. "
SENT = STORY + "Exactly {} peacekeepers will be sent to the border, the council said."
UNSPECIFIED = STORY + "The council approved sending an unspecified number of peacekeepers."


def _peacekeepers(facts: tuple[Fact, ...]) -> Fact:
    return next(f for f in facts if f.label.startswith("peacekeepers"))


def test_unknown_beside_a_figure_is_compatible_and_says_who_gives_none() -> None:
    a = article("a", UNSPECIFIED)
    b = article("b", STORY + "Its chairman did not say how many peacekeepers would be sent.")
    c = article("c", STORY + "About 900 peacekeepers will be sent to the border, the council said.")
    fact = _peacekeepers(facts_for([a, b, c]).facts)
    assert fact.verdict == Verdict.COMPATIBLE
    assert fact.reason == "unspecified vs about 900: 2 reports give no figure"
    unknown = [cl for cl in fact.claims if cl.article in ("a", "b")]
    assert [cl.value for cl in unknown] == ["an unspecified number", "did not say how many"]
    assert all(cl.low is None and cl.high is None for cl in unknown)
    assert a.text[unknown[0].value_start : unknown[0].value_end] == "an unspecified number"
    doc = facts_for([a, b, c]).to_json()
    claims = next(f for f in doc["facts"] if f["label"].startswith("peacekeepers"))["claims"]
    assert [cl["low"] is None for cl in claims] == [True, True, False]


def test_unknown_beside_conflicting_figures_keeps_the_conflict() -> None:
    a = article("a", UNSPECIFIED)
    b = article("b", SENT.format(900))
    c = article("c", SENT.format(400))
    fact = _peacekeepers(facts_for([a, b, c]).facts)
    assert fact.verdict == Verdict.CONFLICT
    assert fact.reason == "900 vs 400; 1 report gives no figure"


def test_only_unknowns_agree_that_the_figure_is_unknown() -> None:
    when = datetime(2024, 3, 4, tzinfo=UTC)
    a = article("a", UNSPECIFIED, when)
    b = article("b", STORY + "Its chairman did not say how many peacekeepers would be sent.", when)
    fact = _peacekeepers(facts_for([a, b]).facts)
    assert fact.verdict == Verdict.AGREE
    assert fact.reason == "2 reports say the figure is unknown"
