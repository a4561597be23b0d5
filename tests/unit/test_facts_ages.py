"""Ages of named people as facts, on invented reports of an invented warehouse shooting."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzreader.facts import Fact, Verdict, facts_for
from kzreader.facts.extract.ages import _named
from kzreader.facts.text.names import mentions
from kzreader.library import Article

STORY = (
    "A gunman opened fire at the Halvard Freight warehouse in Dunmore on Monday, wounding two "
    "workers before fleeing in a grey van, police said."
)


def article(aid: str, text: str, published: datetime | None = None) -> Article:
    body = STORY + "\n\n" + text
    return Article(
        id=aid,
        path=Path(f"{aid}.txt"),
        outlet=aid,
        title=aid,
        published=published,
        text=body,
        paragraphs=tuple(body.split("\n\n")),
        sha256="0" * 64,
    )


def ages(*arts: Article) -> list[Fact]:
    return [f for f in facts_for(list(arts)).facts if f.claims[0].measure == "age"]


def tied(sentence: str) -> list[tuple[str, str]]:
    """(name, age) pairs the sentence ties together."""
    return [(m.text, sentence[a:b]) for m, a, b in _named(sentence, mentions(sentence))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Police named the suspect as Tomas Varno, 38, of Dunmore.", [("Tomas Varno", "38")]),
        ("Tomas Varno, a 38-year-old forklift driver, was held.", [("Tomas Varno", "38")]),
        ("The suspect, 38-year-old Tomas Varno, was held.", [("Tomas Varno", "38")]),
        ("Officers arrested Tomas Varno (38) at his home.", [("Tomas Varno", "38")]),
        ("Tomas Varno, aged 38, was held overnight.", [("Tomas Varno", "38")]),
        (
            "Police said the 39-year-old former Sergeant Ilse Marek was hurt.",
            [("Ilse Marek", "39")],
        ),
        ("Tomas Varno Jr., 38, was held.", [("Tomas Varno Jr", "38")]),
        ("A 38-year-old man was arrested in Dunmore.", []),  # nobody named
        ("The 39-year-old Dunmore man shot two co-workers.", []),  # a man from Dunmore
        ("He is a 39-year-old Gulf War veteran.", []),
        ("The 39-year-old Dunmore Bay police officer was hurt.", []),
        ("A 39-year-old Port Selby, Ore., man was held.", []),
        ("The 39-year-old Varno's lawyer spoke.", [("Varno's", "39")]),
        ("The 39-year-old Varno allegedly fled.", [("Varno", "39")]),
        ("The 39-year-old Varno, who had been fired, fled.", [("Varno", "39")]),
        ("In Dunmore, 38 people were evacuated.", []),  # a count, not an age
        ("Ilse Marek, 1,200 workers and their families gathered.", []),
        ("On Monday, 38, police said, nothing happened.", []),  # no name before the comma
        # a past age is no current one
        ("Her lawyer said then-17-year-old Tomas Varno was at the depot.", []),
        ("Her lawyer said the then- 17-year-old Tomas Varno was there.", []),
        ("Tomas Varno, then aged 17, was at the depot.", []),
        ("Tomas Varno, 17 at the time, was at the depot.", []),
        ("The 17-year-old at the time, Tomas Varno, fled.", []),
    ],
)
def test_ages_tied_to_names(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert tied(sentence) == expected


def test_different_ages_for_one_person_conflict() -> None:
    a = article("a", "Police named the suspect as Tomas Varno, 38, of Dunmore.")
    b = article("b", "The suspect, 39-year-old Tomas Varno, was held overnight, police said.")
    c = article("c", "Tomas Varno, a 38-year-old forklift driver, was held overnight.")
    (fact,) = ages(a, b, c)
    assert (fact.label, fact.verdict, fact.reason) == ("age: Varno", Verdict.CONFLICT, "38 vs 39")
    assert [(x.article, x.value, x.low, x.high) for x in fact.claims] == [
        ("a", "38", 38, 38),
        ("b", "39", 39, 39),
        ("c", "38", 38, 38),
    ]
    for claim in fact.claims:
        text = {"a": a, "b": b, "c": c}[claim.article].text
        assert text[claim.value_start : claim.value_end] == claim.value
        assert text[claim.start : claim.end] == claim.sentence
    doc = fact.to_json()
    assert set(doc["claims"][0]) == {
        "article", "sentence", "start", "end", "value", "low", "high", "unit", "attribution",
        "kind", "source_group", "part",
    }  # fmt: skip
    assert doc["claims"][0]["unit"] == "years"


def test_equal_ages_agree() -> None:
    a = article("a", "Police named the suspect as Tomas Varno, 38, of Dunmore.")
    b = article("b", "Tomas Varno (38) was held overnight.")
    (fact,) = ages(a, b)
    assert (fact.verdict, fact.reason) == (Verdict.AGREE, "2 reports say 38")


def test_a_bare_surname_counts_only_when_it_names_one_person() -> None:
    a = article("a", "The suspect is Tomas Varno. Varno, 38, was held overnight.")
    b = article("b", "Tomas Varno was arrested. The 39-year-old Varno was held overnight.")
    (fact,) = ages(a, b)
    assert fact.reason == "38 vs 39"
    # a second Varno in the story: the bare surname could be either of them
    c = article("c", "His sister Ilse Varno spoke to reporters. Varno, 41, was held overnight.")
    assert [f.reason for f in ages(a, c)] == []


def test_different_people_are_never_compared() -> None:
    a = article("a", "The wounded were Ilse Marek, 44, and Tomas Varno, 38.")
    b = article("b", "Ilse Varno, 39, said her brother was a quiet man. Tomas Marek, 47, agreed.")
    assert ages(a, b) == []
    unnamed = article("c", "A 39-year-old man was arrested. Two workers, 38 and 44, were hurt.")
    assert ages(a, unnamed) == []


def test_an_age_is_never_compared_with_a_count() -> None:
    a = article("a", "Tomas Varno, 38, was arrested. Police said 38 people were evacuated.")
    b = article("b", "Tomas Varno, 38, was arrested. Police said 39 people were evacuated.")
    facts = facts_for([a, b]).facts
    for fact in facts:
        assert len({c.measure for c in fact.claims}) == 1
    evacuated = next(f for f in facts if f.claims[0].measure == "evacuated")
    assert evacuated.reason == "38 vs 39"
    (age,) = ages(a, b)
    assert age.verdict == Verdict.AGREE


def test_spellings_of_one_name_share_an_age() -> None:
    a = article("a", "Police named the suspect as Tomas LaVarno, 38, of Dunmore.")
    b = article("b", "The suspect, 39-year-old Tomas Varno, was held overnight.")
    (fact,) = ages(a, b)
    assert fact.reason == "38 vs 39"
    assert any(f.verdict == Verdict.VARIANT for f in facts_for([a, b]).facts)


def test_a_junior_and_a_senior_are_two_people() -> None:
    a = article("a", "Tomas Varno Jr., 38, was held. His father Tomas Varno Sr., 66, spoke.")
    b = article("b", "Tomas Varno Jr., 38, was held overnight.")
    assert ages(a, b) == []


def test_a_report_a_year_later_gives_an_older_age() -> None:
    spring = datetime(2031, 4, 9)
    early = article("a", "Police named the suspect as Tomas Varno, 38, of Dunmore.", spring)
    trial = article("b", "Tomas Varno, 39, was convicted on Friday.", datetime(2032, 3, 20))
    (fact,) = ages(early, trial)
    assert fact.verdict == Verdict.COMPATIBLE
    assert fact.reason.startswith("38 (Apr 9, 2031) and 39 (Mar 20, 2032)")
    next_day = article("c", "Tomas Varno, 39, was charged on Tuesday.", datetime(2031, 4, 10))
    (fact,) = ages(early, next_day)
    assert (fact.verdict, fact.reason) == (Verdict.CONFLICT, "38 vs 39")


def test_undated_reports_fit_a_dated_time_of_the_same_age() -> None:
    arrest = article(
        "a", "Police named the suspect as Tomas Varno, 38, of Dunmore.", datetime(2031, 4, 9)
    )
    trial = article("b", "Tomas Varno, 40, was convicted on Friday.", datetime(2033, 2, 20))
    undated = article("c", "Deputies were still searching for Tomas Varno, 38, on Monday.")
    (fact,) = ages(arrest, trial, undated)
    assert fact.verdict == Verdict.COMPATIBLE
    assert fact.reason.startswith("38 (Apr 9, 2031) and 40 (Feb 20, 2033)")
    other = article("d", "Deputies were still searching for Tomas Varno, 39, on Monday.")
    (fact,) = ages(arrest, trial, other)  # 39 is no dated report's age: when was it true?
    assert fact.verdict == Verdict.CONFLICT
    later = article("e", "Deputies were still searching for Tomas Varno, 40, on Monday.")
    (fact,) = ages(arrest, later)
    assert fact.verdict == Verdict.CONFLICT  # one dated report alone tells no ageing


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 99), st.integers(1, 99), st.sampled_from(["{n}, {a},", "{a}-year-old {n}"]))
def test_verdict_follows_the_ages(x: int, y: int, form: str) -> None:
    a = article("a", "Police said " + form.format(n="Tomas Varno", a=x) + " was arrested.")
    b = article("b", "Police said Tomas Varno, " + str(y) + ", was arrested.")
    (fact,) = ages(a, b)
    assert fact.verdict == (Verdict.AGREE if x == y else Verdict.CONFLICT)
    assert fact.reason == (f"2 reports say {x}" if x == y else f"{x} vs {y}")


def test_a_past_age_does_not_meet_the_current_one() -> None:
    a = article("a", "The trial of 18-year-old Tomas Varno opened on Monday.")
    b = article(
        "b",
        "The trial of 18-year-old Tomas Varno opened. His lawyer said then-17-year-old "
        "Varno was at the depot but did not fire.",
    )
    (fact,) = ages(a, b)
    assert (fact.verdict, fact.reason) == (Verdict.AGREE, "2 reports say 18")


def test_an_invented_crash_cluster() -> None:
    def report(aid: str, text: str) -> Article:
        return Article(
            id=aid,
            path=Path(f"{aid}.txt"),
            outlet=aid,
            title=aid,
            published=None,
            text=text,
            paragraphs=tuple(text.split("\n\n")),
            sha256="0" * 64,
        )

    wire = report(
        "wire",
        "A pickup truck crossed the median on Route 9 near Kellsford on Saturday night and hit a "
        "minivan, killing three people, state police said.\n\nThe driver of the pickup, Dwayne "
        "McAllister, 27, of Kellsford, was charged with drunken driving. The minivan's driver, "
        "Rosa DeMarco, 41, and her daughter, Lina DeMarco, 12, died at the scene. A passenger, "
        "Ivo Petrak, 63, died later in hospital.\n\nTrooper Ana Bell said McAllister, a "
        "27-year-old Gulf War veteran, had two earlier convictions. A 45-year-old Kellsford man "
        "who stopped to help was treated for burns.",
    )
    local = report(
        "local",
        "Three people died when a pickup slammed into a minivan on Route 9 outside Kellsford "
        "late Saturday, police said.\n\nPolice identified the victims as Rosa De Marco, 42, her "
        "daughter Lina, 12, and Ivo Petrak, 68, all of Dunmore. The pickup's driver, "
        '28-year-old Dwayne MacAllister, was arrested.\n\n"It was terrible," said Tom Grady, '
        "44, who stopped to help.",
    )
    tv = report(
        "tv",
        "The crash on Route 9 near Kellsford killed three, police said. Dwayne McAllister (27) "
        "faces charges. The 45-year-old Kellsford man who helped, Tom Grady, is recovering. "
        "Rosa DeMarco, 41, was a nurse.",
    )
    facts = {f.label: f for f in facts_for([wire, local, tv]).facts}
    assert facts["age: McAllister"].reason == "27 vs 28"
    assert facts["age: DeMarco"].reason == "41 vs 42"  # De Marco / DeMarco: one spelling
    assert facts["age: Petrak"].reason == "63 vs 68"
    assert facts["name: McAllister"].verdict == Verdict.VARIANT
    assert facts["people killed"].verdict == Verdict.AGREE
    # Lina (no surname in one report) and Tom Grady (the tv's age names nobody) are no facts
    assert sorted(label for label in facts if label.startswith("age:")) == [
        "age: DeMarco", "age: McAllister", "age: Petrak",
    ]  # fmt: skip
