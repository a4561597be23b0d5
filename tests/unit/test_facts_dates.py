"""The ``date`` kind: dates read and resolved against an article's publication day, and the
comparator's verdicts, on invented sentences and articles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kzreader.facts import Fact, Kind, Verdict, facts_for
from kzreader.facts.text.calendar import date_mentions
from kzreader.facts.text.calendar_spans import Span, day_label, resolve
from kzreader.library import Article

WED = date(2030, 5, 15)  # a Wednesday


def article(aid: str, text: str, published: datetime | None = None) -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=published, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def dates(report: list[Fact]) -> list[Fact]:
    return [f for f in report if f.kind == Kind.DATE]


def spans(text: str, reference: date | None = WED) -> dict[str, str]:
    """Each mention's text -> its span label in the finest frame."""
    out = {}
    for m in date_mentions(text):
        found = {s.frame: s for s in resolve(m, reference)}
        best = found.get("abs") or found.get("md") or found.get("wd")
        out[m.text] = day_label(best) if best else "-"
    return out


# -- reading dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The dam broke on Dec. 19.", {"Dec. 19": "Dec 19"}),
        ("It opened on 19 December 2008.", {"19 December 2008": "Dec 19"}),
        ("It opened on December 19, 2008.", {"December 19, 2008": "Dec 19"}),
        ("Filed on 12/19/2008 and again on 12/20.", {"12/19/2008": "Dec 19", "12/20": "Dec 20"}),
        ("The report is dated 2008-12-19.", {"2008-12-19": "Dec 19"}),
        ("The strike began in April last year.", {"in April last year": "Apr 2029"}),
        ("The mine closed in May 2012.", {"in May 2012": "May 2012"}),
        ("Rebels have fought the army since June.", {"since June": "Jun 2029"}),
        ("The bridge fell on Monday.", {"on Monday": "May 13"}),
        ("The bridge fell yesterday.", {"yesterday": "May 13-May 15"}),
        ("The mayor resigned six months ago.", {"six months ago": "Nov 1-Nov 26"}),
    ],
)
def test_dates_resolve_against_the_reference(text: str, expected: dict[str, str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "They may 14 people spare.",  # modal "may"
        "Rescuers worked 24/7 after 9/11.",
        "Crowds will march on the capital.",
    ],
)
def test_what_is_no_date(text: str) -> None:
    assert date_mentions(text) == ()


def test_a_weekday_looks_back_unless_the_clause_speaks_of_the_future() -> None:
    assert spans("The ferry sank on Monday.") == {"on Monday": "May 13"}
    assert spans("The ferry will sail on Monday.") == {"on Monday": "May 20"}
    assert spans("The coach is expected to return to work on Monday.") == {"on Monday": "May 20"}
    assert spans("The clerk might have been fired on Monday.") == {"on Monday": "May 13"}
    assert spans("The ferry sank last Wednesday.") == {"last Wednesday": "May 8"}
    assert spans("The ferry sank on Wednesday.") == {"on Wednesday": "May 15"}  # the same day


def test_without_a_reference_relative_days_resolve_to_nothing() -> None:
    assert spans("The bridge fell yesterday.", None) == {"yesterday": "-"}
    assert spans("The bridge fell on Monday.", None) == {"on Monday": "Mon"}
    assert spans("The bridge fell on May 13.", None) == {"May 13": "May 13"}


def test_a_year_is_shared_within_a_sentence_and_taken_from_the_past() -> None:
    text = "The officer was killed June 24, 2005, four days after a shooting on June 20."
    found = {m.text: m.year for m in date_mentions(text)}
    assert found["June 20"] == 2005
    (m,) = date_mentions("The inquiry into the crash on June 20 continues.")
    (abs_span,) = [s for s in resolve(m, date(2031, 3, 1)) if s.frame == "abs"]
    assert day_label(abs_span) == "Jun 20" and date.fromordinal(int(abs_span.low)).year == 2030


def test_parts_of_the_day_and_hedges() -> None:
    (night,) = date_mentions("The fire was set on Friday night.")
    assert night.part is not None and night.part[1] > 1440
    (forecast,) = date_mentions("The deal may come as early as May 14.")
    assert forecast.hedge == "as early as" and forecast.future
    (span,) = [s for s in resolve(forecast, None) if s.frame == "md"]
    assert span.high - span.low > 30  # May 14 or later
    assert day_label(Span("wd", 4.0, 5.0)) == "Fri"


# -- verdicts --------------------------------------------------------------------------------

DAY = datetime(2030, 5, 15, 12, tzinfo=UTC)  # Wednesday
TOLL = "A ferry sank in the Kessel strait {d}, killing nine people, the coast guard said."


def test_weekdays_that_differ_conflict() -> None:
    a = article("a", TOLL.format(d="on Monday"), DAY)
    b = article("b", TOLL.format(d="on Tuesday"), DAY)
    (fact,) = dates(list(facts_for([a, b]).facts))
    assert fact.verdict == Verdict.CONFLICT
    assert fact.reason == "on Monday (May 13) vs on Tuesday (May 14)"


def test_yesterday_and_the_weekday_it_names_agree() -> None:
    a = article("a", TOLL.format(d="on Tuesday"), DAY)
    b = article("b", TOLL.format(d="yesterday"), DAY)
    (fact,) = dates(list(facts_for([a, b]).facts))
    assert fact.verdict in (Verdict.AGREE, Verdict.COMPATIBLE)


def test_friday_night_fits_early_saturday() -> None:
    a = article("a", TOLL.format(d="on Friday night"))
    b = article("b", TOLL.format(d="early Saturday"))
    c = article("c", TOLL.format(d="on Sunday"))
    facts = dates(list(facts_for([a, b]).facts))
    assert [f.verdict for f in facts] == [Verdict.COMPATIBLE]
    (fact,) = dates(list(facts_for([a, c]).facts))
    assert fact.verdict == Verdict.CONFLICT


def test_a_forecast_revised_by_the_event_is_an_update() -> None:
    a = article("a", "Gerlach Foods may announce the merger as early as May 14, a source said.")
    b = article("b", "Gerlach Foods announced the merger on May 13, ending weeks of talks.")
    (fact,) = dates(list(facts_for([a, b]).facts))
    assert fact.verdict == Verdict.UPDATE
    assert "forecast" in fact.reason and fact.reason.endswith("May 13")


def test_a_tentative_date_made_precise_later_is_an_update() -> None:
    early = article(
        "early", "The clerk, who might have been fired as recently as a week ago, was arrested.",
        datetime(2030, 5, 13),
    )  # fmt: skip
    later = article(
        "later", "The clerk, who was fired from the bakery on Thursday, was arrested Monday.",
        datetime(2030, 5, 15),
    )  # fmt: skip
    (fact,) = dates(list(facts_for([early, later]).facts))
    assert fact.verdict == Verdict.UPDATE and "tentative" in fact.reason


def test_background_and_present_days_stay_apart() -> None:
    a = article("a", "A quake struck the coast on Monday. In April last year a quake struck "
                     "off the same coast.", DAY)  # fmt: skip
    b = article("b", "A quake struck the coast on Monday. A quake also struck off the coast in "
                     "May 2029.", DAY)  # fmt: skip
    facts = dates(list(facts_for([a, b]).facts))
    verdicts = {f.reason: f.verdict for f in facts}
    assert Verdict.CONFLICT in verdicts.values()  # April vs May of the background quake
    assert all("Monday" not in r or v == Verdict.AGREE for r, v in verdicts.items())


def test_statements_days_and_different_events_are_no_fact() -> None:
    a = article("a", "Police said on Monday that the ferry sank.", DAY)
    b = article("b", "Police said on Tuesday that the ferry sank.", DAY)
    assert dates(list(facts_for([a, b]).facts)) == []
    c = article("c", "The ferry sank on Monday. The captain was charged on Tuesday.", DAY)
    d = article("d", "The ferry sank on Monday. The captain was arrested on Wednesday.", DAY)
    assert all(f.verdict != Verdict.CONFLICT for f in dates(list(facts_for([c, d]).facts)))


def test_today_in_reports_of_different_days_is_two_events() -> None:
    a = article("a", "Norvik Telecom announced today that the cable was repaired.", DAY)
    b = article("b", "Norvik Telecom announced today that the cable was repaired.",
                DAY + timedelta(days=9))  # fmt: skip
    assert all(f.verdict != Verdict.CONFLICT for f in dates(list(facts_for([a, b]).facts)))


def test_a_year_given_against_none_is_not_comparable() -> None:
    a = article("a", "The two men met in November in the capital, the author wrote.")
    b = article("b", "The two men met from June 19, 1972, in the capital, the author wrote.")
    assert all(f.verdict != Verdict.CONFLICT for f in dates(list(facts_for([a, b]).facts)))
