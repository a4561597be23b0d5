"""Time claims: each clock time of an event, with its tolerance, zone and event (the ``time``
kind's extractor).

Clock times come from ``text.clock`` ("11am", "07:37", "0737 GMT", "noon", "about 7 p.m.",
"between 07:28 and 08:06 UTC"); a bracketed conversion right after one ("3 p.m. (1200 GMT)")
is the same instant in another zone: it gives the claim its UTC reading and tells the
comparator the local offset.  A sentence without a clock time may still put an event in a part
of the day ("yesterday afternoon", "early Tuesday"): a coarse claim.  Each claim carries the
event it attaches to (``text.clock_events``); a time that only dates a statement ("police
said at 3 p.m.") is no claim.

A time whose zone is unstated, or said to be "local", is read as the local time of the event.

Sports reports time plays by the game ("late in the fourth quarter", "with 4:08 to play",
"on the first play of the second half": ``text.clock_game``): such a claim's event is the
plays its clause reports (a score, an interception, a stop on downs...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzreader.facts.context import Found, SentenceContext, sentence_stems
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text.clock import DAY, ClockTime, Zone, clock_times, is_dateline
from kzreader.facts.text.clock_events import Event, event_of, places
from kzreader.facts.text.clock_game import GameTime, clause_plays, game_times, has_cue, sport
from kzreader.facts.text.clock_parts import parts_of_day
from kzreader.facts.text.sentences import sentences_of

Interval = tuple[float, float]
SKIPPED = frozenset(["report", "period"])
"""Event classes whose times are no facts of the story: a statement's, a period's end."""
COARSE_SLACK = 180.0
"""Minutes either side a part of the day is read with: "Friday night" for a 4 p.m. shooting,
"Tuesday morning" for a 2:30 a.m. arrest are loose wording, not disagreements."""


@dataclass(eq=False, kw_only=True)
class TimeClaim(Found):
    """A time claim and what the comparator needs (``compare.times``).

    ``local``/``utc``: minutes after midnight on the event's local clock / in UTC, when the
    text gives them; ``offset``: local minus UTC (hours, an interval) when the sentence gives
    both; ``said_local``: the text says "local time"; ``coarse``: a part of the day, not a
    clock reading."""

    claim: Claim
    local: Interval | None
    utc: Interval | None
    offset: Interval | None
    said_local: bool
    reading: int
    precise: bool
    coarse: bool
    event: Event
    places: frozenset[str]
    words: list[str]
    vector: dict[str, float] | None = None
    series: bool = False  # its article gives other, different times of such an event
    game: GameTime | None = None  # a time in a game (its event: the plays, ``event.also``)


def to_utc(span: Interval, zone: Zone) -> Interval | None:
    """Minutes in ``zone`` as minutes UTC (widened when the zone's offset is a range)."""
    if zone.low is None or zone.high is None:
        return None
    return span[0] - zone.high * 60, span[1] - zone.low * 60


def _offset(local: ClockTime, utc: Interval) -> Interval:
    """Local minus UTC, in hours, from one instant read on both clocks (normalised to the
    range of real zones, -12..+14)."""
    lo = (local.reading - utc[1]) / 60
    hi = (local.reading - utc[0]) / 60
    mid = (lo + hi) / 2
    shift = 0.0
    while mid + shift > 14:
        shift -= 24
    while mid + shift <= -12:
        shift += 24
    return lo + shift, hi + shift


def _unit(t: ClockTime) -> str | None:
    if t.zone is None:
        return None
    return "local" if t.zone.local else t.zone.name


def before(ctx: SentenceContext) -> str | None:
    """The sentence before this one in its article (across a paragraph break: one-sentence
    paragraphs are common), or None."""
    if ctx.previous is not None:
        return ctx.previous.text
    if ctx.part != "text":
        return None  # a headline or a caption: no sentence before it
    k = ctx.sentence.index
    sents = sentences_of(ctx.report.articles[ctx.article].text)
    return (
        sents[k - 1].text if 0 < k <= len(sents) and sents[k].start == ctx.sentence.start else None
    )


def claim_words(ctx: SentenceContext) -> list[str]:
    """The sentence's stems, and the previous sentence's when this one opens with a pronoun
    ("It took place at 7:37 AM local time."): what alignment compares."""
    words = list(ctx.words)
    if PRONOUN_START.match(ctx.text):
        prev = before(ctx)
        if prev:
            words += sentence_stems(prev)
    return words


PRONOUN_START = re.compile(r"\s*[\"“]?(?:It|This|That|They|He|She|The blast|The attack)\b")


def extract(ctx: SentenceContext) -> list[TimeClaim]:
    """Every time claim of one sentence."""
    if is_dateline(ctx.text):
        return []
    games = _games(ctx)
    times = clock_times(ctx.text)
    previous = before(ctx) if PRONOUN_START.match(ctx.text) else None
    if not times:
        return games or _coarse(ctx, previous)
    where = places(ctx.text)
    out: list[TimeClaim] = games
    for k, t in enumerate(times):
        if t.restates is not None:
            continue
        event = event_of(ctx.text, t.start, t.end, previous)
        if event.cls in SKIPPED and not event.also:
            continue  # the time of a statement, or a period's end, not of an event
        span: Interval = (t.low, t.high)
        local = span if t.zone is None or t.zone.local else None
        utc = to_utc(span, t.zone) if t.zone is not None else None
        offset = None
        end = t.end
        conversion = times[k + 1] if k + 1 < len(times) and times[k + 1].restates == k else None
        if conversion is not None and conversion.zone is not None:
            end = conversion.end
            close = ctx.text.find(")", end, end + 16)
            if close >= 0 and "(" not in ctx.text[end:close]:
                end = close + 1
            converted = to_utc((conversion.low, conversion.high), conversion.zone)
            if converted is not None:
                if utc is None:
                    utc = converted
                if local is not None:
                    offset = _offset(t, converted)
        claim = ctx.claim(
            Kind.TIME,
            t.start,
            end,
            low=float(t.low),
            high=float(t.high),
            unit=_unit(t),
            measure=event.cls,
        )
        out.append(
            TimeClaim(
                article=ctx.article,
                sentence=ctx.sentence,
                claim=claim,
                local=local,
                utc=utc,
                offset=offset,
                said_local=t.zone is not None and t.zone.local,
                reading=t.reading % DAY,
                precise=t.precise,
                coarse=False,
                event=event,
                places=where,
                words=claim_words(ctx),
            )
        )
    return out


def _sport(ctx: SentenceContext) -> str | None:
    """The sport the sentence's article reports (once per article), or None."""
    kinds: dict[int, str | None] = ctx.report.memo("clock_game.sport", dict)
    if ctx.article not in kinds:
        kinds[ctx.article] = sport(ctx.report.articles[ctx.article].text)
    return kinds[ctx.article]


def _games(ctx: SentenceContext) -> list[TimeClaim]:
    """Times in a game ("late in the fourth quarter") of the plays their clauses report."""
    if not has_cue(ctx.text):
        return []
    kind_of_sport = _sport(ctx)
    if kind_of_sport is None:
        return []  # no game: "the fourth quarter" of a company's year
    found = game_times(ctx.text, kind_of_sport)
    out = []
    for g in found:
        kinds = clause_plays(ctx.text, g.start, g.end)
        if not kinds:
            continue  # "fourth quarter magic": no play, no fact
        event = Event("play", None, frozenset(kinds), "play")
        claim = ctx.claim(
            Kind.TIME, g.start, g.end, low=round(g.low, 3), high=round(g.high, 3),
            unit=g.scale, measure="game",
        )  # fmt: skip
        out.append(
            TimeClaim(
                article=ctx.article,
                sentence=ctx.sentence,
                claim=claim,
                local=None,
                utc=None,
                offset=None,
                said_local=False,
                reading=0,
                precise=g.scale == "clock",
                coarse=False,
                event=event,
                places=frozenset(),
                words=claim_words(ctx),
                game=g,
            )
        )
    return out


def _coarse(ctx: SentenceContext, previous: str | None) -> list[TimeClaim]:
    """Parts of the day ("yesterday afternoon") in a sentence without a clock time."""
    parts = parts_of_day(ctx.text)
    if not parts:
        return []
    out = []
    where = places(ctx.text)
    for p in parts:
        event = event_of(ctx.text, p.start, p.end, previous)
        if (event.cls is None or event.cls in SKIPPED) and not event.also:
            continue  # a part of the day must belong to a named event to be compared
        claim = ctx.claim(
            Kind.TIME, p.start, p.end, low=float(p.low), high=float(p.high), unit="local",
            measure=event.cls,
        )  # fmt: skip
        out.append(
            TimeClaim(
                article=ctx.article,
                sentence=ctx.sentence,
                claim=claim,
                local=(p.low - COARSE_SLACK, p.high + COARSE_SLACK),
                utc=None,
                offset=None,
                said_local=False,
                reading=int((p.low + p.high) / 2) % DAY,
                precise=False,
                coarse=True,
                event=event,
                places=where,
                words=claim_words(ctx),
            )
        )
    return out
