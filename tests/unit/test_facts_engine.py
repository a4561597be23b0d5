"""The engine end to end on invented articles: alignment, verdicts, variants, API, JSON shape."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from news_words import news_words

from kzreader.config import FactsConfig
from kzreader.facts import Claim, Fact, FactReport, Kind, Verdict, about_sentence, facts_for
from kzreader.library import Article


def article(aid: str, text: str, published: datetime | None = None, outlet: str = "") -> Article:
    return Article(
        id=aid,
        path=Path(f"{aid}.txt"),
        outlet=outlet or aid,
        title=aid,
        published=published,
        text=text,
        paragraphs=tuple(text.split("\n\n")),
        sha256="0" * 64,
    )


A = article(
    "a",
    "A ferry sank off the coast of Port Vila on Sunday. The coast guard said 14 sailors were "
    "killed and more than 60 were injured. Harbour master Yerlan Qasymov said 200 passengers "
    "were rescued.",
)
B = article(
    "b",
    "A ferry capsized near Port Vila. According to the coast guard, 19 sailors were killed and "
    "73 people were hurt. Harbour master Jerlan Kassymov said 200 passengers were rescued.",
)
C = article(
    "c",
    "The ferry disaster killed 14 sailors, the coast guard said. Some 65 others were injured.",
)


def by_label(report: FactReport) -> dict[str, Fact]:
    return {f.label: f for f in report.facts}


def test_conflict_compatible_agree_and_variant() -> None:
    report = facts_for([A, B, C])
    facts = by_label(report)
    killed = facts["sailors killed"]
    assert killed.verdict == Verdict.CONFLICT
    assert killed.reason == "14 vs 19"
    assert {c.article for c in killed.claims} == {"a", "b", "c"}
    injured = next(f for f in report.facts if f.claims[0].measure == "injured")
    assert injured.verdict == Verdict.COMPATIBLE
    assert "more than 60 includes" in injured.reason
    rescued = facts["passengers rescued"]
    assert rescued.verdict == Verdict.AGREE
    variant = next(f for f in report.facts if f.verdict == Verdict.VARIANT)
    assert "Qasymov" in variant.reason and "Kassymov" in variant.reason
    assert {c.value for c in variant.claims} == {"Qasymov", "Kassymov"}
    assert all(c.low is None and c.high is None for c in variant.claims)


def test_disagreements_come_first() -> None:
    order = [f.verdict for f in facts_for([A, B, C]).facts]
    rank = [Verdict.CONFLICT, Verdict.UPDATE, Verdict.VARIANT, Verdict.COMPATIBLE, Verdict.AGREE]
    assert order == sorted(order, key=rank.index)


def test_claims_point_into_the_article_text() -> None:
    texts = {a.id: a.text for a in (A, B, C)}
    for fact in facts_for([A, B, C]).facts:
        for claim in fact.claims:
            text = texts[claim.article]
            assert text[claim.start : claim.end] == claim.sentence
            assert text[claim.value_start : claim.value_end] == claim.value
            assert claim.start <= claim.value_start < claim.value_end <= claim.end


def test_later_report_is_an_update() -> None:
    early = article(
        "early", "Officials said 8 miners were killed in the blast.", datetime(2030, 3, 1)
    )
    late = article(
        "late", "Officials said 12 miners were killed in the blast.", datetime(2030, 3, 2)
    )
    (fact,) = facts_for([late, early]).facts
    assert fact.verdict == Verdict.UPDATE
    assert fact.reason == "later report (Mar 2) revises 8 to 12"


def test_wording_marks_an_update_without_dates() -> None:
    a = article("x", "Officials said 8 miners were killed in the blast.")
    b = article("y", "The miners' death toll has risen to 12, officials said.")
    (fact,) = facts_for([a, b]).facts
    assert fact.verdict == Verdict.UPDATE
    assert "8 to 12" in fact.reason


def test_different_measures_and_subjects_never_mix() -> None:
    a = article("x", "Police said 30 protesters were arrested. 30 officers were injured.")
    b = article("y", "Police said 45 protesters were injured. 12 officers were arrested.")
    for fact in facts_for([a, b]).facts:
        assert len({c.measure for c in fact.claims}) == 1
    assert facts_for([a, b]).facts == ()


def test_same_number_for_unrelated_things_is_not_a_fact() -> None:
    a = article("x", "Guards surrounded 200 protesters in the square.")
    b = article("y", "Officials said 200 protesters were detained.")
    assert facts_for([a, b]).facts == ()


def test_background_years_stay_apart() -> None:
    a = article("x", "The quake killed 40 people. In 1998, a flood killed 900 people.")
    b = article("y", "The quake killed 45 people. A 1998 flood killed 950 people.")
    facts = by_label(facts_for([a, b]))
    assert facts["people killed"].reason == "40 vs 45"
    assert facts["people killed (1998)"].reason == "900 vs 950"


def test_different_people_sharing_a_surname_are_no_variant() -> None:
    a = article("x", "Minister Arman Temirov spoke. Later Temirov left.")
    b = article("y", "Judge Dana Temirow ruled. Temirow left.")
    assert [f for f in facts_for([a, b]).facts if f.verdict == Verdict.VARIANT] == []
    c = article("z", "Minister Arman Temirow spoke.")
    variants = [f for f in facts_for([a, c]).facts if f.verdict == Verdict.VARIANT]
    assert len(variants) == 1


def test_min_outlets_and_single_article() -> None:
    assert facts_for([A]).facts == ()
    assert facts_for([A, B, C], config=FactsConfig(min_outlets=3)).facts != ()
    three = facts_for([A, B, C], config=FactsConfig(min_outlets=3)).facts
    assert all(len(f.articles) >= 3 for f in three)


def test_query_filters_loosely() -> None:
    report = facts_for([A, B, C], "killed sailor")
    assert [f.label for f in report.facts] == ["sailors killed"]
    assert facts_for([A, B, C], "earthquake").facts == ()


def test_about_sentence() -> None:
    start = A.text.index("The coast guard said")
    end = A.text.index(". Harbour") + 1
    facts = about_sentence([A, B, C], "a", start, end)
    assert {f.claims[0].measure for f in facts} == {"killed", "injured"}
    assert all(any(c.article != "a" for c in f.claims) for f in facts)
    first = A.text.index("A ferry")
    assert about_sentence([A, B, C], "a", first, first + 10) == []


def test_json_shape() -> None:
    doc = facts_for([A, B, C]).to_json()
    assert set(doc) == {"articles", "facts"}
    assert set(doc["articles"][0]) == {"id", "file", "outlet", "title", "published", "url"}
    fact = doc["facts"][0]
    assert set(fact) == {"label", "verdict", "reason", "claims"}
    claim = fact["claims"][0]
    assert set(claim) == {
        "article", "sentence", "start", "end", "value", "low", "high", "unit", "attribution",
        "kind", "source_group", "part",
    }  # fmt: skip
    assert isinstance(claim["low"], int)
    more_than = next(c for f in doc["facts"] for c in f["claims"] if c["value"] == "more than 60")
    assert (more_than["low"], more_than["high"]) == (61, 90)


def test_claim_is_a_frozen_record() -> None:
    claim = Claim("a", "s", 0, 1, "8", 8, 8, None, None, "killed", 0, 1, Kind.COUNT, "g1")
    assert claim.to_json()["low"] == 8
    assert (claim.to_json()["kind"], claim.to_json()["source_group"]) == ("count", "g1")


def test_unrelated_stories_never_align() -> None:
    flood = article(
        "flood",
        "Floods swept the Marova valley on Monday. Officials in Marova said 40 people were killed "
        "and the river Telbek burst its banks near Kelvin Bridge.",
    )
    fire = article(
        "fire",
        "A fire gutted a warehouse in Dunmore harbour. Dunmore firefighters said 3 people were "
        "killed when the Ostrander building collapsed.",
    )
    assert facts_for([flood, fire]).facts == ()
    assert facts_for([flood, fire, A, B]).facts == facts_for([A, B]).facts


def test_an_invented_wildfire_cluster() -> None:
    wire = article(
        "wire",
        "A wildfire tore through villages in the Dravan hills on Tuesday, killing at least 23 "
        "people and forcing some 4,000 residents to flee, officials said.\n\nFire chief Mateo "
        "Orlanski told reporters that 14 firefighters were injured. About 300 homes were "
        "destroyed.",
    )
    agency = article(
        "agency",
        "The death toll from a wildfire in the Dravan hills has risen to 31, the civil "
        "protection agency said on Wednesday.\n\nNineteen firefighters were hurt, the agency "
        "said, and 420 houses were burned. Fire chief Mateo Orlansky said winds of up to 90 km/h "
        "fanned the flames.",
    )
    local = article(
        "local",
        "The fire that broke out in the Dravan hills on Monday has killed 23 people, officials "
        "said. "
        "Among the dead are four children.\n\nThe civil protection agency said 14 firefighters "
        "were injured. In 2007, a similar fire in the region killed 67 people.",
    )
    facts = by_label(facts_for([wire, agency, local]))
    assert facts["people killed"].verdict == Verdict.UPDATE
    assert facts["people killed"].reason.endswith("23 to 31")
    assert facts["firefighters injured"].reason == "14 vs 19"
    assert facts["homes damaged or destroyed"].verdict == Verdict.CONFLICT
    assert any(f.verdict == Verdict.VARIANT and "Orlansky" in f.reason for f in facts.values())
    assert not any("2007" in label for label in facts)  # only one report gives the 2007 toll


_NEWS_WORDS = news_words(
    "300", "arrested", "protesters", "Qasymov", "Kassymov", "rose", "to", ";", "others"
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NEWS_WORDS), min_size=5, max_size=40), min_size=2,
                max_size=4))  # fmt: skip
def test_reports_on_arbitrary_articles_are_consistent(bodies: list[list[str]]) -> None:
    arts = [article(f"r{n}", " ".join(words)) for n, words in enumerate(bodies)]
    texts = {a.id: a.text for a in arts}
    report = facts_for(arts)
    for fact in report.facts:
        assert isinstance(fact.verdict, Verdict)
        assert len({c.article for c in fact.claims}) >= 2
        for claim in fact.claims:
            assert texts[claim.article][claim.value_start : claim.value_end] == claim.value
            assert texts[claim.article][claim.start : claim.end] == claim.sentence


def test_a_shared_first_name_is_no_variant_of_different_people() -> None:
    a = article("x", "Actress Julia Marlow won the prize. Julia Marlow thanked the jury.")
    b = article("y", "Prime Minister Yulia Danko won the vote. Yulia Danko thanked the jury.")
    assert [f for f in facts_for([a, b]).facts if f.verdict == Verdict.VARIANT] == []
    c = article("z", "Actress Yulia Marlow won the prize. Marlow thanked the jury.")
    variants = [f for f in facts_for([a, c]).facts if f.verdict == Verdict.VARIANT]
    assert [f.reason.split(" (")[0] for f in variants] == ["Julia / Yulia"]


def test_dates_with_and_without_zones_compare() -> None:
    from datetime import timedelta, timezone

    early = article(
        "early",
        "Officials said 8 miners were killed in the blast.",
        datetime(2030, 3, 1, 9, tzinfo=timezone(timedelta(hours=-6))),
    )
    late = article(
        "late", "Officials said 12 miners were killed in the blast.", datetime(2030, 3, 2)
    )
    (fact,) = facts_for([early, late]).facts
    assert fact.verdict == Verdict.UPDATE
    assert fact.reason == "later report (Mar 2) revises 8 to 12"


def test_sentence_at() -> None:
    from kzreader.facts.engine import sentence_at

    offset = A.text.index("The coast guard")
    sentence = sentence_at(A, offset + 5)
    assert sentence.start == offset and A.text[sentence.start : sentence.end] == sentence.text
    assert sentence_at(A, 10**6).end == len(A.text.rstrip())
    assert sentence_at(article("blank", "   "), 0).text == ""


def test_an_invented_quake_cluster() -> None:
    def read(name: str, text: str) -> Article:
        return article(name, text)

    wire = read(
        "wire",
        "A magnitude 6.4 earthquake struck northern Norvalia early Sunday, killing at least 37 "
        "people and injuring more than 400, officials said.\n\nThe quake hit at 4:12 a.m. at a "
        "depth of 10 kilometers (6 miles), about 80 kilometers (50 miles) north of Selmir. More "
        "than 100 aftershocks followed.\n\nInterior Minister Arvid Tarkanen said 1,200 buildings "
        "were damaged and 15 people were missing.\n\nIn 2009, a quake in the same region killed "
        "212 people.",
    )
    later = read(
        "later",
        "The death toll from Sunday's earthquake in northern Norvalia rose to 52 on Monday, the "
        "interior ministry said.\n\nAbout 1,300 buildings were damaged, Interior Minister Arvid "
        "Tarkkanen told reporters in Selmir. Nine people remain missing.\n\nThe 6.2 magnitude "
        "quake struck 85 km (53 miles) north of Selmir at 4:12 a.m. local time (0112 GMT). "
        "Norvalia's worst earthquake in recent memory, in 2009, killed 212 people.",
    )
    report = facts_for([wire, later])
    facts = by_label(report)
    assert facts["people killed"].verdict == Verdict.UPDATE
    assert facts["people killed"].reason.endswith("37 to 52")
    assert facts["people missing"].reason == "15 vs 9"
    assert facts["buildings damaged or destroyed"].verdict == Verdict.COMPATIBLE
    assert facts["people killed (2009)"].verdict == Verdict.AGREE
    assert any(f.verdict == Verdict.VARIANT and "Tarkkanen" in f.reason for f in report.facts)
    values = {c.value for f in report.facts if f.kind == Kind.COUNT for c in f.claims}
    assert not values & {"6.4", "6.2", "4", "12", "10", "80", "85", "100", "0112"}
    # the same figures as measures: one quake's magnitude and its distance from Selmir differ
    assert facts["magnitude"].verdict == Verdict.CONFLICT
    assert facts["magnitude"].reason == "6.4 vs 6.2 magnitude"
    distance = facts["distance north of selmir"]  # "about 80 kilometers" includes 85 km
    assert distance.verdict == Verdict.COMPATIBLE and "85 km" in distance.reason


def test_a_dropped_surname_particle_is_a_variant() -> None:
    a = article("x", "Police named the driver as Tomas LaVarno. LaVarno was held overnight.")
    b = article("y", "The driver, Tomas Varno, was held overnight by police.")
    (variant,) = [f for f in facts_for([a, b]).facts if f.verdict == Verdict.VARIANT]
    assert variant.reason.startswith("LaVarno / Varno")
    assert {c.value for c in variant.claims} == {"LaVarno", "Varno"}


def test_particle_spellings_of_one_name() -> None:
    a = article("x", "Coach Ewan McTavel praised the side. McTavel smiled.")
    b = article("y", "Coach Ewan MacTavel praised the side.")
    (variant,) = [f for f in facts_for([a, b]).facts if f.verdict == Verdict.VARIANT]
    assert "McTavel" in variant.reason and "MacTavel" in variant.reason
    c = article("z", "Lena van der Holt chaired the inquiry into the ferry.")
    d = article("w", "Lena Van Der Holt chaired the inquiry into the ferry.")
    assert [f for f in facts_for([c, d]).facts if f.verdict == Verdict.VARIANT] == []  # case only


def test_a_particle_never_joins_different_people() -> None:
    a = article("x", "Ana DeVarno spoke for the family. DeVarno thanked the rescuers.")
    b = article("y", "Luis Varno spoke for the union. Varno thanked the rescuers.")
    assert [f for f in facts_for([a, b]).facts if f.verdict == Verdict.VARIANT] == []


def test_an_article_particle_needs_the_same_first_name() -> None:
    a = article("x", "Minister Rafi al-Harun chaired the oil meeting in Korvat.")
    b = article("y", "Minister Rafi Harun chaired the oil meeting in Korvat.")
    (variant,) = [f for f in facts_for([a, b]).facts if f.verdict == Verdict.VARIANT]
    assert variant.reason.startswith("al-Harun / Harun")
    c = article("z", "Harun, the oil minister, chaired the meeting in Korvat.")
    assert [f for f in facts_for([a, c]).facts if f.verdict == Verdict.VARIANT] == []
    d = article("w", "Minister Dilan Harun chaired the oil meeting in Korvat.")
    assert [f for f in facts_for([a, d]).facts if f.verdict == Verdict.VARIANT] == []
