"""Updates (``compare.updates``): a later report revising a figure, by publication stamps or by
wording, and same-time reports that disagree staying conflicts; through counts end to end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from kzreader.facts import Kind, Verdict, facts_for
from kzreader.facts.compare.updates import (
    Reading,
    Stamp,
    by_time,
    by_wording,
    later,
    revision,
    stamp,
    superseded_cue,
)
from kzreader.library import Article


def article(aid: str, text: str, published: datetime | None = None) -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=published, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def reading(value: float, when: Stamp | None, **cues: bool) -> Reading:
    return Reading(value, value, f"{value:g}", when, **cues)


MON, TUE = Stamp(date(2030, 3, 4)), Stamp(date(2030, 3, 5))


def test_stamps_and_which_report_is_later() -> None:
    naive = stamp(article("n", "x", datetime(2030, 3, 4, 13, 41)))
    bst = timezone(timedelta(hours=1))
    aware = stamp(article("a", "x", datetime(2030, 3, 4, 19, 12, tzinfo=bst)))
    assert naive == Stamp(date(2030, 3, 4)) and aware is not None and aware.instant is not None
    assert later(TUE, MON) and not later(MON, TUE)
    assert not later(aware, naive) and not later(naive, aware)  # one day, zone unknown: same time
    morning = Stamp(date(2030, 3, 4), datetime(2030, 3, 4, 8, tzinfo=UTC))
    noon = Stamp(date(2030, 3, 4), datetime(2030, 3, 4, 12, tzinfo=UTC))
    soon = Stamp(date(2030, 3, 4), datetime(2030, 3, 4, 8, 30, tzinfo=UTC))
    assert later(noon, morning) and not later(soon, morning)
    assert not later(None, MON) and stamp(article("u", "x")) is None


def test_a_later_higher_toll_is_an_update_and_a_later_lower_one_is_not() -> None:
    assert by_time([reading(8, MON), reading(12, TUE)], upward=True) == (
        "later report (Mar 5) revises 8 to 12"
    )
    assert by_time([reading(12, MON), reading(8, TUE)], upward=True) is None
    assert by_time([reading(4.4, MON), reading(4.2, TUE)], upward=False) is not None
    assert by_time([reading(8, MON), reading(12, MON)], upward=True) is None  # same time
    # moves both ways are no revision, only disagreement
    mixed = [reading(8, MON), reading(12, TUE), reading(5, Stamp(date(2030, 3, 6)))]
    assert by_time(mixed, upward=False) is None


def test_wording_marks_a_revision_or_a_superseded_figure() -> None:
    assert by_wording([reading(8, None), reading(12, None, revises=True)], upward=True) == (
        "later figure revises 8 to 12"
    )
    assert by_wording([reading(12, None), reading(8, None, revises=True)], upward=True) is None
    old = [reading(4.4, None, superseded=True), reading(4.2, None)]
    assert by_wording(old, upward=False) == "later figure revises 4.4 to 4.2"
    assert by_wording(old, upward=True) is None  # a toll is not revised down by wording either
    assert revision([reading(8, None), reading(12, None)]) is None
    assert superseded_cue("It was originally rated 4.4 by the survey.", 23)
    assert superseded_cue("A preliminary magnitude of 4.4 was given.", 27)
    assert not superseded_cue("The survey rated it 4.4 on Monday.", 20)


BLAST = "Officials said {n} miners were killed in the blast at the Orvek pit."


def count_fact(*arts: Article) -> tuple[Verdict, str]:
    (fact,) = [f for f in facts_for(list(arts)).facts if f.kind == Kind.COUNT]
    return fact.verdict, fact.reason


def test_counts_update_by_publication_day() -> None:
    a = article("a", BLAST.format(n="8"), datetime(2030, 3, 4, 9))
    b = article("b", BLAST.format(n="12"), datetime(2030, 3, 5, 9))
    assert count_fact(a, b) == (Verdict.UPDATE, "later report (Mar 5) revises 8 to 12")


def test_same_day_reports_with_unknown_zones_stay_a_conflict() -> None:
    a = article("a", BLAST.format(n="8"), datetime(2030, 3, 4, 9))
    b = article("b", BLAST.format(n="12"), datetime(2030, 3, 4, 18, tzinfo=UTC))
    assert count_fact(a, b) == (Verdict.CONFLICT, "8 vs 12")
    c = article("c", BLAST.format(n="8"), datetime(2030, 3, 4, 9, tzinfo=UTC))
    assert count_fact(c, b)[0] == Verdict.UPDATE  # both zoned, nine hours apart


def test_undated_reports_that_disagree_conflict() -> None:
    a = article("a", BLAST.format(n="eight"), datetime(2030, 3, 4, 9))
    b = article("b", BLAST.format(n="12"))
    assert count_fact(a, b) == (Verdict.CONFLICT, "8 vs 12")


def test_a_superseded_figure_is_revised_by_the_others() -> None:
    a = article("a", "Officials initially said 15 miners were killed in the blast at the pit.")
    b = article("b", "Officials said 12 miners were killed in the blast at the pit.")
    verdict, reason = count_fact(a, b)
    assert verdict == Verdict.CONFLICT  # a toll revised downwards by wording is still disputed
    assert reason == "15 vs 12"


def test_later_said_marks_a_revision() -> None:
    a = article("a", BLAST.format(n="8"))
    b = article("b", "Officials later said 12 miners were killed in the blast at the Orvek pit.")
    assert count_fact(a, b) == (Verdict.UPDATE, "later figure revises 8 to 12")
