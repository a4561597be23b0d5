"""The qualitative kind: closed-class qualities (colour, strength, damage, how people died,
weapon, aircraft, a fire's cause) contradicted between aligned sentences (invented reports)."""

from __future__ import annotations

from pathlib import Path

from kzreader.config import FactsConfig
from kzreader.facts import Fact, Kind, Verdict, facts_for
from kzreader.facts.context import ReportContext, SentenceContext
from kzreader.facts.extract import qualities
from kzreader.facts.text.sentences import sentences_of
from kzreader.library import Article


def article(aid: str, text: str) -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=None, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def found(text: str) -> list[qualities.QualityClaim]:
    a = article("x", text)
    report = ReportContext([a], FactsConfig())
    sents = sentences_of(a.text)
    return [
        f
        for k, s in enumerate(sents)
        for f in qualities.extract(SentenceContext(report, 0, s, sents[k - 1] if k else None))
    ]


def qualitative(*texts: str) -> list[Fact]:
    arts = [article(chr(ord("a") + i), t) for i, t in enumerate(texts)]
    return [f for f in facts_for(arts).facts if f.kind == Kind.QUALITATIVE]


def test_each_class_is_read_with_what_it_is_said_of() -> None:
    (c,) = found("She was struck by a grey 2019 Velmor Sedan heading north.")
    assert (c.quality, c.value, c.thing) == ("colour", "grey", "sedan")
    (c,) = found("A strong 5.8-magnitude earthquake shook the valley.")
    assert (c.quality, c.value, c.thing, c.claim.value) == ("strength", "3", "quake", "strong")
    (c,) = found("The fire virtually destroyed the town's old church on Friday.")
    assert (c.quality, c.value, c.thing) == ("damage", "destroyed", "church")
    (c,) = found("The church was badly damaged by the flames.")
    assert (c.value, c.thing) == ("heavily damaged", "church")
    assert found("Many houses were badly damaged by the flames.") == []  # of many: no one degree
    (c,) = found("Two workers choked on smoke in the basement.")
    assert (c.quality, c.value) == ("death", "smoke")
    (c,) = found("He was armed with either a shotgun or a rifle, police said.")
    assert (c.quality, c.options) == ("weapon", frozenset(["shotgun", "rifle"]))
    assert [x.value for x in found("Police seized a pistol and a knife.")] == ["handgun", "knife"]
    (c,) = found("Investigators are treating it as suspicious and as potential arson.")
    assert (c.quality, c.value) == ("cause", "suspected")
    (c,) = found("The blaze was deliberately set on Friday night.")
    assert c.value == "stated"


def test_names_and_figures_of_speech_are_no_colour() -> None:
    assert found("He spoke at the White House on Monday.") == []
    assert found("Residents said the black smoke rose later.")[0].thing == "smoke"
    assert found("The red tide will return later this year.")[0].thing == "tide"
    assert found("They met black leaders.") == []  # people: no colour of a thing


CRASH = "A woman was hit by a {} Velmor Sedan on Elm Road on Friday night, police said."


def test_colours_conflict_and_spellings_vary() -> None:
    (fact,) = qualitative(CRASH.format("silver"), CRASH.format("grey"))
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "silver vs grey"
    (fact,) = qualitative(CRASH.format("gray"), CRASH.format("grey"))
    assert fact.verdict == Verdict.VARIANT and fact.reason == "gray / grey"
    (fact,) = qualitative(CRASH.format("grey"), CRASH.format("grey"))
    assert fact.verdict == Verdict.AGREE


def test_a_colour_in_unrelated_sentences_is_no_fact() -> None:
    a = CRASH.format("silver")
    b = "A woman was hit by a car. The mayor wore a grey coat at the Sedan festival in June."
    assert qualitative(a, b) == []


QUAKE = "A {} earthquake struck the Velmor valley on Sunday morning, the survey said."


def test_strength_two_steps_apart_conflicts_one_step_fits() -> None:
    (fact,) = qualitative(QUAKE.format("light"), QUAKE.format("powerful"))
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "light vs powerful"
    (fact,) = qualitative(QUAKE.format("strong"), QUAKE.format("massive"))
    assert fact.verdict == Verdict.COMPATIBLE


FIRE = "A fire {} the old church in Velmor on Friday night, the fire chief said."


def test_damage_of_two_stated_degrees_conflicts() -> None:
    (fact,) = qualitative(FIRE.format("virtually destroyed"), FIRE.format("badly damaged"))
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "destroyed vs heavily damaged"
    (fact,) = qualitative(FIRE.format("destroyed"), FIRE.format("damaged"))
    assert fact.verdict == Verdict.COMPATIBLE


def test_weapons_and_aircraft() -> None:
    gun = "Police said the gunman who shot the two managers on Monday carried a {}."
    (fact,) = qualitative(gun.format("rifle"), gun.format("shotgun"))
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "rifle vs shotgun"
    (fact,) = qualitative(gun.format("shotgun or a rifle"), gun.format("shotgun"))
    assert fact.verdict == Verdict.COMPATIBLE
    (fact,) = qualitative(gun.format("gun"), gun.format("shotgun"))
    assert fact.verdict == Verdict.COMPATIBLE
    air = "The army sent a {} with food to the flooded camp near Velmor on Tuesday."
    (fact,) = qualitative(air.format("helicopter"), air.format("plane"))
    assert fact.verdict == Verdict.CONFLICT
    (fact,) = qualitative(air.format("helicopter"), air.format("aircraft"))
    assert fact.verdict == Verdict.COMPATIBLE


def test_how_they_died_and_the_fires_cause() -> None:
    died = "Three bank workers {} when the branch in Velmor caught fire on Wednesday."
    (fact,) = qualitative(died.format("suffocated"), died.format("were burnt to death"))
    assert fact.verdict == Verdict.CONFLICT
    assert fact.reason == "suffocated or choked on smoke vs burnt to death"
    (fact,) = qualitative(died.format("suffocated"), died.format("choked on smoke"))
    assert fact.verdict == Verdict.AGREE
    cause = "The fire at the Velmor church on Friday {}, officials said."
    (fact,) = qualitative(
        cause.format("was deliberately set"), cause.format("was a suspicious fire")
    )
    assert fact.verdict == Verdict.CONFLICT
