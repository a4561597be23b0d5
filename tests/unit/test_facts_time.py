"""The ``time`` kind: clock times, zones, parts of the day, times in a game, what event a time
belongs to, and the comparator's verdicts, on invented sentences and articles."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kzreader.facts import Fact, Kind, Verdict, facts_for
from kzreader.facts.text.clock import clock_times, is_dateline
from kzreader.facts.text.clock_events import event_of
from kzreader.facts.text.clock_game import clause_plays, game_times, sport
from kzreader.facts.text.clock_parts import parts_of_day
from kzreader.library import Article


def article(aid: str, text: str, published: datetime | None = None) -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=published, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def times(report: list[Fact]) -> list[Fact]:
    return [f for f in report if f.kind == Kind.TIME]


def one(text: str) -> tuple[float, float, str | None, str | None]:
    (t,) = [t for t in clock_times(text) if t.restates is None]
    return t.low, t.high, t.zone.name if t.zone else None, t.hedge


# -- reading clock times ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("The blast came at 11am.", 660),
        ("The blast came at 11 a.m. on the dot.", 660),
        ("It struck at 9:27 p.m.", 21 * 60 + 27),
        ("The line went down at 07:37 near the port.", 7 * 60 + 37),
        ("The ship sank at 0737 GMT.", 7 * 60 + 37),
        ("Talks resumed at noon.", 720),
        ("The curfew began at midnight.", 0),
        ("The ferry left at 10.30am.", 630),
        ("They met at ten o'clock in the evening.", 22 * 60),
    ],
)
def test_clock_readings(text: str, minutes: int) -> None:
    (t,) = clock_times(text)
    assert t.reading == minutes


def test_a_round_hour_is_rounded_and_a_hedge_widens_it() -> None:
    assert one("The fire broke out at 7 p.m.")[:2] == (1130.0, 1150.0)
    assert one("The fire broke out at about 7 p.m.")[:2] == (1125.0, 1155.0)
    assert one("The fire broke out at 7:05 p.m.")[:2] == (1143.0, 1147.0)
    low, high, _zone, hedge = one("The fire broke out shortly after midnight.")
    assert hedge == "after" and low < 0 < high <= 30


def test_ranges_zones_and_conversions() -> None:
    low, high, zone, hedge = one("The line was cut between 07:28 and 08:06 UTC.")
    assert (low, high, zone, hedge) == (448.0, 486.0, "UTC", "range")
    assert one("Shots rang out at 9:40 p.m. local time.")[2] == "local"
    assert one("The session opened at 3 p.m. Eastern time.")[2] == "ET"
    first, second = clock_times("The cut happened at 10:00 am (0800 GMT) on Friday.")
    assert first.zone is None and second.restates == 0 and second.zone is not None
    assert one("Officials spoke shortly before noon EDT.")[2:] == ("EDT", "nearly")


@pytest.mark.parametrize(
    "text",
    [
        "With 4:08 to go, the visitors scored.",  # a game clock
        "He ran the course in 2:05:30.",  # a race time
        "The verse is John 3:16.",
        "They spent 2000 hours of footage on it.",
        "The rally starts at 7:30 sharp.",  # a.m. or p.m.? not said
        "Noon Street was closed.",
        "They met at ten o'clock.",
    ],
)
def test_what_is_no_clock_time(text: str) -> None:
    assert clock_times(text) == ()


def test_parts_of_the_day() -> None:
    (night,) = parts_of_day("The fire was set Friday night.")
    assert night.day_word == "friday" and night.high > 1440  # it runs past midnight
    (early,) = parts_of_day("It struck early Tuesday.")
    assert (early.low, early.high) == (0.0, 540.0)
    (by,) = parts_of_day("They had returned by Saturday evening.")
    assert by.text.startswith("by") and by.low < 900
    assert parts_of_day("in the fourth quarter") == ()


def test_datelines_are_no_events() -> None:
    assert is_dateline("Updated 4 / 9 / 2030 6:04 PM")
    assert not is_dateline("The ferry updated its timetable at 6:04 p.m. on Monday.")


# -- what event a time belongs to ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expr", "cls"),
    [
        ("The quake hit inland at 0737 GMT.", "0737 GMT", "incident"),
        ("The minister said at 3 p.m. that the dam held.", "3 p.m.", "report"),
        ("Medics arrived at the scene at 4:10 p.m.", "4:10 p.m.", "arrival"),
        ("At 9:32 p.m., it was followed by a smaller quake.", "9:32 p.m.", "incident"),
        ("The blaze, which started about 9:40 p.m., spread.", "about 9:40 p.m.", "incident"),
        ("He was fired from the bakery on Thursday.", "on Thursday", "job"),
        ("The gunman fired at the guards on Thursday.", "on Thursday", "incident"),
        ("The verdict came on Monday.", "Monday", "verdict"),
        ("The murder trial starts Monday.", "Monday", "trial"),
        ("He was charged with murder on Saturday.", "Saturday", "charge"),
        ("The fiscal quarter ended July 31.", "July 31", "period"),
        ("She was on leave Monday.", "Monday", None),
        ("It was followed by a 3.1 aftershock at 4:12 a.m.", "4:12 a.m.", "aftershock"),
        ("Then an aftershock at 4:12 and a 2.2 at 4:15 a.m.", "4:15 a.m.", "aftershock"),
    ],
)
def test_the_event_a_time_attaches_to(text: str, expr: str, cls: str | None) -> None:
    start = text.index(expr)
    assert event_of(text, start, start + len(expr)).cls == cls


def test_a_simultaneous_clause_and_a_coordinated_verb_add_their_event() -> None:
    text = "He walked into the depot about 10 a.m. and opened fire."
    start = text.index("about")
    assert "incident" in event_of(text, start, start + 13).classes
    text = "Our reporter arrived at the border at noon as the shelling began."
    start = text.index("noon")
    event = event_of(text, start, start + 4)
    assert event.cls == "arrival" and "incident" in event.also


def test_a_verb_outside_the_lexicon_is_the_head() -> None:
    text = "The singer checked into a clinic on Thursday night."
    start = text.index("on Thursday")
    event = event_of(text, start, start + 11)
    assert event.cls is None and event.word == "checked"


# -- verdicts --------------------------------------------------------------------------------

QUAKE = "A strong earthquake struck the coast of Veloria. {t} The shaking was felt in the capital."


def test_times_that_exclude_each_other_conflict() -> None:
    a = article("a", QUAKE.format(t="The quake struck at 7 p.m., officials said."))
    b = article("b", QUAKE.format(t="The quake struck at 9 p.m., the agency said."))
    (fact,) = times(list(facts_for([a, b]).facts))
    assert fact.verdict == Verdict.CONFLICT
    assert fact.reason == "7 p.m. vs 9 p.m."
    assert {c.kind for c in fact.claims} == {Kind.TIME}


def test_a_hedged_time_fits_a_close_precise_one() -> None:
    a = article("a", QUAKE.format(t="The quake struck at about 7 p.m., officials said."))
    b = article("b", QUAKE.format(t="The quake struck at 7:05 p.m., the agency said."))
    (fact,) = times(list(facts_for([a, b]).facts))
    assert fact.verdict == Verdict.COMPATIBLE
    assert "7:05 p.m." in fact.reason and "about 7 p.m." in fact.reason


def test_local_time_and_utc_compare_through_the_storys_own_conversion() -> None:
    a = article("a", QUAKE.format(t="The quake struck at 3 p.m. (1200 GMT), witnesses said."))
    b = article("b", QUAKE.format(t="The quake struck at about 12:00 GMT, the agency said."))
    c = article("c", QUAKE.format(t="The quake struck at 3:20 p.m., a charity said."))
    (fact,) = times(list(facts_for([a, b, c]).facts))
    assert fact.verdict == Verdict.CONFLICT
    assert fact.reason.endswith("vs 3:20 p.m.")  # 12:00 GMT is 3 p.m. there: the two agree


def test_local_and_utc_without_an_offset_are_not_comparable() -> None:
    a = article("a", QUAKE.format(t="The quake struck at 10 a.m., officials said."))
    b = article("b", QUAKE.format(t="The quake struck at 0600 GMT, the survey said."))
    (fact,) = times(list(facts_for([a, b]).facts))
    assert fact.verdict == Verdict.COMPATIBLE and fact.reason.startswith("not comparable")


def test_one_reading_as_local_time_and_as_gmt_is_a_zone_mixup() -> None:
    a = article("a", QUAKE.format(t="The quake struck at 0737 GMT, the survey said."))
    b = article("b", QUAKE.format(t="The quake struck at 7:37 a.m. local time."))
    (fact,) = times(list(facts_for([a, b]).facts))
    assert fact.verdict == Verdict.CONFLICT and "mislabels" in fact.reason


def test_times_of_different_events_stay_apart() -> None:
    a = article("a", QUAKE.format(t="The quake struck at 7 p.m., officials said."))
    b = article("b", QUAKE.format(t="Rescuers arrived in the capital at 9 p.m., officials said."))
    assert times(list(facts_for([a, b]).facts)) == []


def test_a_statements_time_is_no_claim() -> None:
    a = article("a", QUAKE.format(t="The governor said at 7 p.m. that the port was closed."))
    b = article("b", QUAKE.format(t="The governor said at 9 p.m. that the port was closed."))
    assert times(list(facts_for([a, b]).facts)) == []


def test_a_series_of_events_in_one_report_is_not_a_disagreement() -> None:
    a = article(
        "a",
        "A small quake struck the valley at about 7:30 a.m. near the dam. The main quake struck "
        "the valley at about 9:30 a.m., the survey said.",
    )
    b = article(
        "b",
        "The main quake struck the valley at 9:27 a.m., the survey said. At 9:32 p.m. it was "
        "followed by a smaller quake in the hills.",
    )
    facts = times(list(facts_for([a, b]).facts))
    assert [f.verdict for f in facts] == [Verdict.COMPATIBLE]  # 9:30 fits 9:27; nothing else


def test_a_part_of_the_day_against_a_clock_time() -> None:
    a = article("a", QUAKE.format(t="The quake struck the coast yesterday afternoon."))
    b = article("b", QUAKE.format(t="The quake struck at 7:37 a.m. local time."))
    (fact,) = times(list(facts_for([a, b]).facts))
    assert fact.verdict == Verdict.CONFLICT
    c = article("c", QUAKE.format(t="The quake struck the coast late on Tuesday."))
    d = article("d", QUAKE.format(t="The quake struck at 9:10 p.m. local time."))
    (fact,) = times(list(facts_for([c, d]).facts))
    assert fact.verdict == Verdict.COMPATIBLE


# -- times in a game -------------------------------------------------------------------------

GAME = (
    "The Harbor Gulls beat the Ridge Foxes 20-13 on Sunday. The rookie quarterback threw for "
    "205 yards and two touchdowns. {p}"
)


def test_game_times_read_as_progress_through_the_game() -> None:
    (late,) = game_times("Kowal was stuffed on fourth-and-inches late in the fourth quarter.")
    assert (late.scale, late.low, late.high) == ("quarter", 3.6, 4.0)
    (first,) = game_times("Mbeki scored on the first play of the second half.")
    assert (first.low, first.high) == (2.0, 2.05)
    (clock,) = game_times("Ames tied it with a field goal with 10:03 to play in the third quarter.",
                          "football")  # fmt: skip
    assert 2.3 < clock.low < clock.high < 2.4
    (bare,) = game_times("The visitors scored with 4:08 to go.")
    assert bare.scale == "clock" and bare.remaining is not None
    assert game_times("They led heading into the fourth quarter.") == ()
    assert game_times("Their only loss came in week 3 late in the fourth quarter.") == ()


def test_plays_are_read_from_the_clause_of_the_time() -> None:
    text = (
        "Lund's interception opened the scoring and they stuffed Kowal early in the fourth quarter."
    )
    start = text.index("early")
    assert clause_plays(text, start, len(text) - 1) == {"stop"}
    assert sport("touchdown after touchdown, 300 yards") == "football"


def test_a_play_timed_in_different_quarters_conflicts() -> None:
    a = article("a", GAME.format(p="Tomas Lund intercepted a pass in the third quarter."))
    b = article("b", GAME.format(p="Lund's interception came late in the fourth quarter."))
    (fact,) = times(list(facts_for([a, b]).facts))
    assert fact.verdict == Verdict.CONFLICT


def test_a_late_score_fits_a_clock_near_the_end() -> None:
    a = article("a", GAME.format(p="Rey caught a touchdown pass late in the fourth quarter."))
    b = article("b", GAME.format(p="Rey caught a touchdown pass with 4:08 to play in the fourth "
                                   "quarter."))  # fmt: skip
    (fact,) = times(list(facts_for([a, b]).facts))
    assert fact.verdict == Verdict.COMPATIBLE


def test_a_game_time_without_a_play_is_no_claim() -> None:
    a = article("a", GAME.format(p="The coach praised his fourth quarter magic."))
    b = article("b", GAME.format(p="The coach trusted his second quarter plan."))
    assert times(list(facts_for([a, b]).facts)) == []


def test_an_aftershock_s_time_is_not_the_quake_s() -> None:
    a = article(
        "a",
        "The quake struck the valley at 4:07 a.m., the survey said. It was followed by a 3.1 "
        "aftershock at 4:12 a.m. and a 2.2 at 4:15 a.m.",
    )
    b = article("b", "The temblor struck the valley at 4:07 a.m., the survey said.")
    assert [f for f in times(facts_for([a, b]).facts) if f.verdict == Verdict.CONFLICT] == []
    prev = "A 4.6 quake struck the valley at 4:07 a.m."
    text = "It was followed by a 3.1 aftershock at 4:12 a.m. and a 2.2 at 4:15 a.m."
    for expr in ("4:12 a.m.", "4:15 a.m."):
        at = text.index(expr)
        assert event_of(text, at, at + len(expr), prev).cls == "aftershock"
