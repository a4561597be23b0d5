"""The count kind on invented sentences and articles: predicates beyond casualties, roles,
parts and wholes, scopes, earlier reports, and what must stay apart (issue 11, items 1 and 8)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kzreader.facts import Fact, Verdict, facts_for
from kzreader.facts.engine import clear_caches
from kzreader.facts.extract.counts import COUNT, sentence_claims
from kzreader.facts.text.quantities import find_quantities
from kzreader.library import Article

FLAGGED = (Verdict.CONFLICT, Verdict.UPDATE)


def claims(text: str) -> list[tuple[str, str, str | None]]:
    return [(c.quantity.number.text, c.measure, c.quantity.subject) for c in sentence_claims(text)]


def article(aid: str, text: str, day: int | None = None) -> Article:
    published = datetime(2031, 4, day, 12, tzinfo=UTC) if day else None
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=published, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def facts(*texts: str) -> list[Fact]:
    clear_caches()
    return list(facts_for([article(f"a{n}", t) for n, t in enumerate(texts)]).facts)


def about(found: list[Fact], word: str) -> list[Fact]:
    return [f for f in found if f.kind == "count" and word in f.label]


# -- predicates: any count of people or things, whatever its verb or noun --------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the general predicate lexicon: classes of synonyms
        ("Three power lines were cut in the storm.", [("Three", "damaged", "line")]),
        ("The storm severed four power lines.", [("four", "damaged", "line")]),
        ("The mill will cut 400 jobs by March.", [("400", "cut", "jobs")]),
        ("The carmaker slashed 1,200 jobs.", [("1,200", "cut", "jobs")]),
        ("About 900 families fled their homes.", [("About 900", "evacuated", "family")]),
        ("More than 5,000 fans joined the march.", [("More than 5,000", "gathered", "fan")]),
        ("Two shells landed near the harbour.", [("Two", "landed", "bombs")]),
        ("The brewery employs 350 people.", [("350", "employed", "people")]),
        ("Prosecutors charged 14 directors with fraud.", [("14", "charged", "director")]),
        ("The rebels freed 23 hostages on Sunday.", [("23", "released", "hostage")]),
        ("The outage affected 40,000 homes.", [("40,000", "affected", "buildings")]),
        ("Two ferries went down in the gale.", [("Two", "damaged", "ferry")]),
        # the governing verb outside the lexicon, keyed by its stem
        ("The bank offered 5 million new shares.", [("5 million", "v:offer", "share")]),
        ("The council is offering 30 grants.", [("30", "v:offer", "grant")]),
        ("The airline sold 12 jets last year.", [("12", "v:sell", "aircraft")]),
        ("Eighty buses were repainted.", [("Eighty", "v:repaint", "vehicles")]),
        # bare counts of things and of event nouns
        ("There were three explosions near the port.", [("three", COUNT, "bombs")]),
        ("Two bombs, a mortar and a rifle lay on the table.", [("Two", COUNT, "bombs")]),
    ],
)
def test_predicates(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a unit the measure kind reads, money, scores and records are no counts
        "The convoy drove 30 miles north.",
        "The runner gained 86 yards on the play.",
        "A magnitude 6.1 quake struck.",
        "The deal was worth $13.9 billion.",
        "The drive holds 500 GB of data.",
        "The Hornets took a 20-13 lead.",
        "The Hornets (10-5, 4-4 away) won again.",
        "He is 50 years old.",
        "Two men, ages 47 and 48, were questioned.",
        # counts that say nothing by themselves
        "About 300 people were there.",
        "The minister spoke three times.",
        "One of the victims was a child who died later.",
    ],
)
def test_no_count_claims(text: str) -> None:
    counts = [c for c in sentence_claims(text) if c.quantity.subject != "men"]
    assert counts == []


def test_a_bare_count_beside_a_measure_qualifies_it() -> None:
    assert claims("He ran for 226 yards on 22 carries.") == []


# -- roles: who did what to whom -------------------------------------------------------------


def test_the_agent_of_a_killing_was_not_killed() -> None:
    # (the gunmen are a bare count of a noun outside the lexicon's classes: no claim)
    assert claims("Two gunmen killed 12 villagers.") == [("12", "killed", "villager")]
    assert claims("Four soldiers killed the attackers.") == [("Four", COUNT, "soldiers")]
    # a passive or intransitive verb after the noun is the count's own
    assert claims("Four soldiers killed in the ambush were buried.") == [
        ("Four", "killed", "soldiers")
    ]


def test_a_relative_clause_describes_the_group() -> None:
    # "refugees who fled" counts refugees; "the 12 who died" still counts the dead
    assert claims("At least 9,000 refugees who fled the war live in the camp.") == [
        ("At least 9,000", COUNT, "refugees")
    ]
    assert claims("Nine people who were injured in the crash remain in hospital.") == [
        ("Nine", "injured", "people")
    ]


def test_an_aside_does_not_hide_the_verb() -> None:
    assert claims("One bomb, which did not explode, fell inside the depot.") == [
        ("One", "landed", "bombs")
    ]


# -- parts and wholes ------------------------------------------------------------------------


def test_partitives() -> None:
    # "two of the three passengers died": the two died, the three are the whole
    found = sentence_claims("Two of the three passengers died.")
    assert [(c.quantity.number.text, c.measure) for c in found] == [("Two", "killed")]
    qs = find_quantities("Two of the three passengers died.")
    assert [(q.part, q.whole) for q in qs] == [(True, False), (False, True)]
    assert claims("Two of the bombs fell inside the depot.") == [("Two", "landed", "bombs")]
    assert claims("We lost three out of four lines.") == [("three", "v:lose", "line")]
    # a part of a measure given elsewhere is no fact of its own
    assert claims("Two of the dead were children.") == []
    assert claims("Five of them were arrested.") == []


def test_parts_set_inside_another_count() -> None:
    assert claims("Two buildings, one used by the post office, caught fire.") == [
        ("Two", "damaged", "buildings")
    ]
    # one thing told after another is no count of a group
    assert claims("One rocket hit a school and another rocket hit the market.") == []
    found = sentence_claims("One was fully severed, while the other two were only damaged.")
    assert [(c.quantity.number.text, c.quantity.additive) for c in found] == [("two", True)]


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("The wave killed 9,000 people in the province alone.", "part"),
        ("The wave killed 9,000 people in the province and thousands more elsewhere.", "part"),
        ("The wave killed 9,000 people in 11 countries.", "whole"),
        ("The wave killed 9,000 people across Asia.", "whole"),
        ("The wave killed 9,000 people in all.", "whole"),
        ("The wave killed 9,000 people on Sunday.", None),
    ],
)
def test_scopes(text: str, scope: str | None) -> None:
    assert sentence_claims(text)[0].scope == scope


def test_places_inside_and_outside() -> None:
    (inside,) = sentence_claims("Two shells fell inside the depot.")
    (outside,) = sentence_claims("Two shells fell outside the depot.")
    assert (inside.where, outside.where) == ("in:depot", "out:depot")


def test_earlier_reports_and_background_months() -> None:
    (first,) = sentence_claims("Local radio originally reported that three people died.")
    assert first.superseded
    (plain,) = sentence_claims("Local radio reported that three people died.")
    assert not plain.superseded
    (january,) = sentence_claims("In January, five cables were cut off the coast.")
    (earlier,) = sentence_claims("Earlier this year, five cables were cut off the coast.")
    assert january.years and earlier.years and january.years != earlier.years


# -- end to end: what is one fact, what stays apart -------------------------------------------

LINES = "A storm swept the valley of Brenn on Monday. {} Crews worked through the night."


def test_counts_of_things_conflict() -> None:
    found = facts(
        LINES.format("Three power lines were cut near the dam, officials said."),
        LINES.format("The storm severed four power lines near the dam, officials said."),
    )
    (lines,) = about(found, "line")
    assert lines.verdict == Verdict.CONFLICT and lines.reason == "3 vs 4"


def test_jobs_cut_and_shares_offered() -> None:
    text = "The Orvel steel mill will cut {} jobs, the company said on Tuesday."
    (jobs,) = about(facts(text.format("400"), text.format("450")), "job")
    assert jobs.verdict == Verdict.CONFLICT
    shares = "Orvel Bank offered {} new shares to investors on Friday, the bank said."
    offered = about(facts(shares.format("5 million"), shares.format("6 million")), "share")
    assert [f.verdict for f in offered] == [Verdict.CONFLICT]
    assert offered[0].label == "new shares (offered)"


def test_different_predicates_of_one_noun_stay_apart() -> None:
    a = "Orvel Bank offered 5 million shares on Friday, the bank said."
    b = "Orvel Bank sold 2 million shares on Friday, the bank said."
    assert not [f for f in about(facts(a, b), "share") if f.verdict in FLAGGED]


def test_a_bare_count_meets_a_verb_of_its_noun() -> None:
    a = "A shell hit the Brenn school, where 300 pupils were attending class, the mayor said."
    b = "A shell hit a 200-pupil school in Brenn, the mayor said."
    (pupils,) = about(facts(a, b), "pupil")
    assert pupils.verdict == Verdict.CONFLICT and pupils.reason == "300 vs 200"


def test_a_part_is_no_conflict_with_the_whole() -> None:
    base = "In 1990 a flood on the Tarn river killed {}."
    found = facts(
        base.format("9,000 people in the province alone"),
        base.format("20,000 people in 11 countries"),
        base.format("20,000 people across the region's countries"),
    )
    assert not [f for f in about(found, "killed") if f.verdict in FLAGGED]


def test_countries_of_the_whole_conflict() -> None:
    base = "In 1990 a flood on the Tarn river killed 20,000 people in {} countries."
    (countries,) = about(facts(base.format("13"), base.format("14")), "countries")
    assert countries.verdict == Verdict.CONFLICT and countries.reason == "13 vs 14"


def test_where_things_landed() -> None:
    a = "Two shells fell inside the Brenn depot, a spokesman said."
    b = "One shell fell inside the Brenn depot, a spokesman said."
    c = "Three shells fell outside the Brenn depot, a spokesman said."
    landed = about(facts(a, b, c), "landed")
    assert [(f.verdict, f.reason) for f in landed] == [(Verdict.CONFLICT, "2 vs 1")]
    assert len(landed[0].claims) == 2


def test_another_count_in_another_city_is_that_citys_figure() -> None:
    march = "About 90,000 people marched in Warsaw on Saturday against the new labour law. "
    a = march + "In Danzig, another 8,000 people marched to the port."
    b = march + "In Gdansk a further 8,000 people marched to the port, organisers said."
    c = march + "Police said about 30,000 people marched in Gdansk on Saturday."
    d = march + "About 9,000 more people marched in Warsaw later in the day."
    found = [f for f in about(facts(a, b, c, d), "protest") if f.verdict in FLAGGED]
    # the Danzig/Gdansk figures meet (one place in the gazetteer); Warsaw's toll stays one fact,
    # and d's "9,000 more" in Warsaw is a part of it, no figure of its own
    assert [(f.verdict, f.reason) for f in found] == [(Verdict.CONFLICT, "8,000 vs about 30,000")]
    assert sorted(c.article for c in found[0].claims) == ["a0", "a1", "a2"]
    assert not [f for f in about(facts(a, b, d), "protest") if f.verdict in FLAGGED]


def test_another_count_without_a_new_place_is_a_part() -> None:
    a = "Two miners were killed in the blast at Orvek. Another three were killed in the blast."
    b = "Three miners were killed in a blast at Orvek, officials said."
    killed = about(facts(a, b), "killed")
    assert "Another three" not in [c.value for f in killed for c in f.claims]


def test_first_reports_revised_in_one_article() -> None:
    a = (
        "A gunman shot three people at a clinic in Brenn on Monday. "
        "Local radio originally reported that two of the three victims died. "
        "Police later said one victim died."
    )
    b = "A gunman shot three people at a clinic in Brenn on Monday, killing one, police said."
    (killed,) = about(facts(a, b), "killed")
    assert killed.verdict == Verdict.UPDATE
    assert killed.reason == "first reports said 2; later reports 1"


def test_different_subjects_and_agents_stay_apart() -> None:
    a = "Police said gunmen killed 12 police officers in Brenn on Monday."
    b = "Police said 12 gunmen attacked a post in Brenn on Monday and killed 26 protesters."
    assert not [f for f in about(facts(a, b), "killed") if f.verdict in FLAGGED]


def test_an_enumeration_of_single_things_is_no_count() -> None:
    a = "One rocket hit a school in Brenn and another rocket hit the market, police said."
    b = "Two rockets hit a school in Brenn, police said."
    assert not [f for f in about(facts(a, b), "rocket") if f.verdict in FLAGGED]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some 4,000 people attended the vigil.", [("Some 4,000", "gathered", "people")]),
        ("Officials evacuated 1,200 residents overnight.", [("1,200", "evacuated", "people")]),
        ("Rioters torched 30 cars in the suburbs.", [("30", "damaged", "vehicles")]),
        ("The flood damaged about 600 homes.", [("about 600", "damaged", "buildings")]),
        ("No-one was hurt in the fire.", [("No-one", "injured", None)]),
    ],
)
def test_predicates_of_people_vehicles_and_buildings(
    text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert claims(text) == expected
    if text.startswith("No-one"):
        assert sentence_claims(text)[0].quantity.number.high == 0


def test_owners_keep_players_apart() -> None:
    a = "Dorrin Vale recorded 20 tackles as the Hawks beat the Owls on Thursday night."
    b = "Tam Ostrow recorded 16 tackles as the Hawks beat the Owls on Thursday night."
    assert not [f for f in about(facts(a, b), "tackles") if f.verdict in FLAGGED]
    c = "Dorrin Vale recorded 18 tackles as the Hawks beat the Owls on Thursday night."
    (points,) = [f for f in about(facts(a, c), "tackles") if f.verdict in FLAGGED]
    assert points.reason == "20 vs 18"


def test_parts_of_different_wholes_stay_apart() -> None:
    a = "Vale landed 28 of his 68 punches in the round, the judges said."
    b = "Vale landed 178 of his 369 punches in the fight, the judges said."
    assert not [f for f in about(facts(a, b), "punches") if f.verdict in FLAGGED]


def test_an_article_counting_a_noun_twice_needs_alike_sentences() -> None:
    a = "The Hawks scored two touchdowns in the first half. Vale later scored three touchdowns."
    b = "The Hawks won after scoring four touchdowns in the second half of a rainy game."
    assert not [f for f in about(facts(a, b), "touchdown") if f.verdict in FLAGGED]


def test_an_earlier_event_after_weeks_after() -> None:
    (claim,) = sentence_claims("The attack came weeks after a gunman shot eight people.")
    assert claim.years == {0}
    (current,) = sentence_claims("Two days after the attack, the toll rose to 24.")
    assert current.years == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe was the mother of 12 children.",
        "His two brothers, 17 and 22, were also arrested.",
        "The singer died at 75 in his home.",
        "He spent 19 seasons with the club.",
        "Fans of the 76ers cheered.",
        "He delivered more than $300, 000 in cash.",
        "When one is killed, all of us lose.",
    ],
)
def test_numbers_that_count_nothing(text: str) -> None:
    assert [c for c in claims(text) if c[2] != "brother"] == []


def test_ages_beside_a_count_do_not_hide_its_verb() -> None:
    assert claims("His two brothers, 17 and 22, were also arrested.") == [
        ("two", "arrested", "brother")
    ]


def test_a_verb_between_a_cue_and_the_count_governs_it() -> None:
    # he is accused; the girls were assaulted
    assert claims("He is accused of assaulting two girls.") == [("two", "v:assault", "children")]
    # verbs that pass a figure on do not: "the toll has risen to 45"
    assert claims("The death toll has risen to 45.") == [("45", "killed", None)]


def test_a_day_before_a_year_is_a_date() -> None:
    assert claims("Jeffs was charged againJuly 23, 2008.4:49 pm") == []


def test_an_unknown_figure_bridges_no_two_facts() -> None:
    a = (
        "The army said seven people were killed in the raid on Orvel on Tuesday. "
        "The rebels said an unspecified number of fighters were killed near Brenn."
    )
    b = "Seven people were killed in the raid on Orvel on Tuesday, the army said."
    c = "Rebels said dozens of fighters were killed near Brenn in fighting with the army."
    assert not [f for f in about(facts(a, b, c), "killed") if f.verdict in FLAGGED]


@pytest.mark.parametrize(
    "text",
    [
        "The board approved a three-for-two stock split.",
        "The board approved a two for one stock split.",
        "Revs 291.8 mln vs 151.1 mln",
        "Copper stocks fell to 109,200 short tons.",
        "Car sales dropped 45 pct to 6,627 from 12,194 cars.",
        "The number of working rigs fell by 38 to 801.",
        "The company has 9.2 mln shares outstanding.",
    ],
)
def test_ratios_tables_and_levels_are_no_counts(text: str) -> None:
    assert claims(text) == []


def test_a_toll_that_rose_is_still_a_toll() -> None:
    assert claims("The death toll from the fire in the hills has risen to 31.") == [
        ("31", "killed", None)
    ]


def test_parts_of_a_named_whole() -> None:
    found = sentence_claims("Some 2,800 workers of the plant's 3,300 employees were laid off.")
    # the 2,800 were laid off; the 3,300 are the whole (a bare count of the workforce)
    assert [(c.quantity.number.text, c.measure, c.quantity.of_whole) for c in found] == [
        ("Some 2,800", "cut", 3300.0),
        ("3,300", COUNT, None),
    ]
    (one,) = find_quantities("Troops captured one of the army's strongest positions.")[:1]
    assert (one.part, one.subject) == (True, "position")


def test_names_inside_the_counted_phrase_keep_counts_apart() -> None:
    a = "Twelve Orvelian soldiers were killed in the border clash on Monday, officials said."
    b = "Twelve Brennish soldiers were killed in the border clash on Monday, officials said."
    c = "Nine Orvelian soldiers were killed in the border clash on Monday, officials said."
    killed = about(facts(a, b, c), "killed")
    assert [
        (f.verdict, sorted({x.article for x in f.claims})) for f in killed if len(f.claims) > 1
    ] == [(Verdict.CONFLICT, ["a0", "a2"])]


def test_a_named_group_is_no_bare_count_of_the_whole() -> None:
    # bare counts (no predicate of the lexicon): the 9 Velmor League countries are some of the
    # 60 countries at the talks, not another figure for them
    a = "The tariff applies in the nine Velmor League countries, the trade minister said in Orvel."
    b = "Sixty countries are attending the trade talks in Orvel, the trade minister said."
    c = "Some 60 countries are attending the trade talks in Orvel this week."
    found = [f for f in facts(a, b, c) if f.kind == "count"]
    assert not [f for f in found if f.verdict in FLAGGED]
    assert [(f.verdict, f.reason) for f in found if len(f.claims) > 1] == [
        (Verdict.COMPATIBLE, "some 60 includes 60")
    ]
