"""The attribute kind beside ages: nationality (with containment), role and status of named
people, matched across reports as ages are (invented people and sentences)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kzreader.config import FactsConfig
from kzreader.facts import Fact, Verdict, facts_for
from kzreader.facts.context import ReportContext, SentenceContext
from kzreader.facts.extract import attributes as extract_attributes
from kzreader.facts.text.demonyms import DEMONYMS, contains
from kzreader.facts.text.sentences import sentences_of
from kzreader.library import Article


def article(aid: str, text: str, published: datetime | None = None) -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=published, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def found(text: str) -> list[extract_attributes.AttributeClaim]:
    a = article("x", text)
    report = ReportContext([a], FactsConfig())
    sents = sentences_of(a.text)
    return [
        f
        for k, s in enumerate(sents)
        for f in extract_attributes.extract(
            SentenceContext(report, 0, s, sents[k - 1] if k else None)
        )
    ]


def facts(*texts: str, times: list[datetime] | None = None) -> list[Fact]:
    arts = [article(chr(ord("a") + i), t, times[i] if times else None) for i, t in enumerate(texts)]
    return [
        f
        for f in facts_for(arts).facts
        if f.label.split(":")[0] in ("nationality", "role", "status")
    ]


def test_demonyms_contain_their_parts() -> None:
    assert DEMONYMS["Texan"] == "US-TX" and DEMONYMS["American"] == "US"
    assert contains("US", DEMONYMS["Texan"]) and contains("GB", DEMONYMS["Scot"])
    assert not contains("US", "GB-SCT") and DEMONYMS["South Korean"] == "KR"


def test_titles_appositions_and_demonyms_are_read() -> None:
    got = {(f.what, f.value, f.qualifier, f.surname) for f in found(
        "Velmorian officials met Armenian Prime Minister Aram Vostanyan on Monday."
    )}  # fmt: skip
    assert got == {("role", "prime minister", None, "Vostanyan"),
                   ("nationality", "Armenian", None, "Vostanyan")}  # fmt: skip
    (role,) = found("The loan was approved by Ilse Marten, the bank's chief executive, on Monday.")
    assert (role.value, role.role_class) == ("chief executive", "executive")
    (role,) = found("The fund was run by Ilse Marten, its former chairwoman.")
    assert (role.value, role.qualifier) == ("chairman", "former")
    (nat,) = found("The climber, Ana Brell, a Scottish national, was rescued on Sunday.")
    assert (nat.what, nat.value) == ("nationality", "Scottish")
    (status,) = found("Police said Tomas Verin was arrested at the border.")
    assert (status.what, status.value, status.surname) == ("status", "arrested", "Verin")


def test_no_attribute_without_a_named_person() -> None:
    assert found("The president said the chief executive was arrested.") == []
    assert found("The Armenian delegation arrived on Monday.") == []


STORY = "Talks on the Velmor dam ended on Monday without a deal, officials said. "


def test_nationality_containment_and_conflict() -> None:
    a = STORY + "The Texan engineer Dale Morrow led the team."
    b = STORY + "The American engineer Dale Morrow led the team."
    c = STORY + "The Canadian engineer Dale Morrow led the team."
    (fact,) = [f for f in facts(a, b) if f.label.startswith("nationality")]
    assert fact.verdict == Verdict.COMPATIBLE and fact.reason == "Texan is American"
    (fact,) = [f for f in facts(b, c) if f.label.startswith("nationality")]
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "American vs Canadian"


def test_roles_of_one_class_conflict_roles_of_two_may_be_held_together() -> None:
    a = STORY + "Ilse Marten, the bank's chief executive, said so."
    b = STORY + "Ilse Marten, its chairman, said so."
    c = STORY + "Ilse Marten, the bank's chief financial officer, said so."
    (fact,) = facts(a, b)
    assert fact.verdict == Verdict.COMPATIBLE
    assert fact.reason == "chief executive and chairman: may be held together"
    (fact,) = facts(a, c)
    assert fact.verdict == Verdict.CONFLICT
    assert fact.reason == "chief executive vs chief financial officer"
    (fact,) = facts(a, a.replace("the bank's", "the bank's former"))
    assert (
        fact.verdict == Verdict.CONFLICT
        and fact.reason == "chief executive vs former chief executive"
    )
    d = STORY + "Ilse Marten, the bank's chairman and chief executive, said so."
    (fact,) = facts(c.replace("chief financial officer", "chairman"), a)
    assert fact.verdict == Verdict.COMPATIBLE
    assert facts(d, d)[0].verdict == Verdict.AGREE


def test_a_lawyer_is_an_attorney_and_may_be_a_prosecutor_but_not_a_judge() -> None:
    lawyer = STORY + "Local lawyer Ada Brenner, the building's owner, said so."
    attorney = STORY + "The building belongs to local attorney Ada Brenner."
    (fact,) = facts(lawyer, attorney)
    assert fact.verdict == Verdict.AGREE, fact.reason
    prosecutor = STORY + "Ada Brenner, the prosecutor, said so."
    (fact,) = facts(lawyer, prosecutor)
    assert fact.verdict == Verdict.COMPATIBLE, fact.reason
    judge = STORY + "Ada Brenner, the judge, said so."
    (fact,) = facts(prosecutor, judge)
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "prosecutor vs judge"
    defence = STORY + "Ada Brenner, the defense attorney, said so."
    (fact,) = facts(defence, STORY + "Ada Brenner, the defence lawyer, said so.")
    assert fact.verdict == Verdict.AGREE, fact.reason


def test_two_people_of_one_surname_are_not_compared() -> None:
    a = STORY + "Prime Minister Aram Vostanyan spoke. President Lilit Vostanyan did not."
    b = STORY + "President Lilit Vostanyan spoke. Prime Minister Aram Vostanyan did not."
    assert {f.verdict for f in facts(a, b)} == {Verdict.AGREE}


def test_statuses() -> None:
    jan5, jan6 = datetime(2024, 1, 5, tzinfo=UTC), datetime(2024, 1, 6, tzinfo=UTC)
    dead = STORY + "Police said Tomas Verin was killed in the clash."
    hurt = STORY + "Police said Tomas Verin was wounded in the clash."
    (fact,) = facts(dead, hurt)
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "dead vs injured"
    (fact,) = facts(hurt, dead, times=[jan5, jan6])
    assert fact.verdict == Verdict.UPDATE
    arrested = STORY + "Police said Tomas Verin was arrested at the border."
    charged = STORY + "Police said Tomas Verin was charged with arson."
    (fact,) = facts(arrested, charged, times=[jan5, jan6])
    assert fact.verdict == Verdict.COMPATIBLE and "then charged" in fact.reason
    loose = STORY + "Police said Tomas Verin remains at large."
    (fact,) = facts(loose, arrested, times=[jan5, jan6])
    assert fact.verdict == Verdict.UPDATE
    (fact,) = facts(loose, arrested)
    assert fact.verdict == Verdict.CONFLICT


def test_a_demonym_describes_its_own_noun_not_a_name_after_a_verb() -> None:
    assert found("The Danish champion floored Dale Morrow in the third round.") == []
    assert found("The Danish captain met Dale Morrow at the airport.") == []
    (nat,) = [f for f in found("The Danish sailing coach Dale Morrow spoke.") if f.what != "role"]
    assert (nat.value, nat.surname) == ("Danish", "Morrow")
    a = STORY + "The talks were led by American engineer Dale Morrow."
    b = STORY + "The Canadian negotiator thanked Dale Morrow for his patience."
    assert [f for f in facts(a, b) if f.label.startswith("nationality")] == []


def test_her_former_lawyer_is_a_past_relation_not_a_past_role() -> None:
    (role,) = found("The singer rehired her former attorney Ada Brenner on Monday.")
    assert (role.value, role.qualifier) == ("lawyer", None)
    (role,) = found("The singer rehired Ada Brenner, her former lawyer, on Monday.")
    assert (role.value, role.qualifier) == ("lawyer", None)
    (role,) = found("The fund was run by Ilse Marten, its former chairwoman.")
    assert role.qualifier == "former"  # an organisation's: a past post
    a = STORY + "The singer rehired her former attorney Ada Brenner."
    b = STORY + "The singer rehired longtime lawyer Ada Brenner."
    (fact,) = facts(a, b)
    assert fact.verdict == Verdict.COMPATIBLE, fact.reason  # one role, both true


def test_the_title_of_someone_fired_or_replaced_is_a_former_one() -> None:
    (role,) = found("A year ago the club fired president Ada Brenner and hired a coach.")
    assert (role.value, role.qualifier) == ("president", "former")
    (role,) = found("The board replaced chairman Ada Brenner on Monday.")
    assert role.qualifier == "former"
    a = STORY + "Last year the club fired president Ada Brenner."
    b = STORY + "The deal was struck by former president Ada Brenner."
    (fact,) = facts(a, b)
    assert fact.verdict == Verdict.AGREE, fact.reason
