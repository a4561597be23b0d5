"""Dates in running text and what day they name, against an article's publication date.

``date_mentions(text)`` finds absolute dates ("Dec. 19", "19 December 2008", "December 19,
2008", "12/19/2008", "2008-12-19"), months ("in April", "May 2012", "April last year", "since
June", "early July"), weekdays ("on Friday", "last Thursday", "Monday's attack", "Friday
night", "early Saturday"), relative days ("yesterday", "today", "last night", "this morning",
"tomorrow"), weeks ("last week", "early next week") and spans back ("six months ago").

``resolve(mention, reference)`` turns one into ``Span``s, one per frame it can be read in:

- ``abs``: days on the calendar (``date.toordinal()``, fractions for parts of the day), when
  the year is known or the reference gives it;
- ``md``: month and day in a nominal leap year, for dates without a year when no reference
  says which ("May 13" against "May 14" in two undated reports);
- ``wd``: day of the week (0 = Monday, fractions for parts of the day, modulo 7), for weekdays
  no reference resolves ("Tuesday" against "Wednesday").

A weekday is the most recent one on or before the reference, or the next one on or after it
when its clause speaks of the future ("will return on Monday", "is expected to ... Monday",
"next Monday").  Relative days and spans back need a reference; without one they resolve to
nothing (the reference is unknown: no guess).  Vague spans are wide ("this week" is the
reference give or take six days), so they conflict with little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from kzreader.facts.text.clock import EARLY, LATE, PARTS

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november",
         "dec december"),
        start=1,
    )
    for name in names.split()
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 4,
    "few": 3, "couple": 2,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DAYNUM = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE = re.compile(
    rf"(?=[A-Z0-9t])(?:{_WD},?\s+)?(?:the\s+(?=\d))?"
    rf"(?:{_MONTH}\s+{_DAYNUM}\b(?:,?\s+{_YEAR})?"
    rf"|{_DAYNUM.replace('day>', 'day2>')}\s+(?:of\s+)?{_MONTH.replace('mon>', 'mon2>')}"
    rf"(?:,?\s+{_YEAR.replace('year>', 'year2>')})?)(?![\w-])"
    r"|(?<![\d/])(?P<nm>1[0-2]|0?[1-9])/(?P<nd>[12]\d|3[01]|0?[1-9])(?:/(?P<ny>(?:19|20)?\d\d))?(?![\d/])"
    r"|\b(?P<iy>(?:19|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01])\b"
)
_MONTH_ONLY = re.compile(
    rf"\b(?:(?P<pre>in|since|until|till|by|from|during|of|through|before|after|last|next|this|"
    rf"early|late|mid|mid-|earlier in|later in|early in|late in|in early|in late|in mid|"
    rf"in mid-|the end of|the start of|the beginning of|the middle of)\s*)"
    rf"{_MONTH}(?:,?\s+{_YEAR}|\s+(?P<rel>last year|this year|next year))?(?![\w-])",
    re.I,
)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<wpre>(?i:last|next|this|this past|this coming|on|early|late|early on|late on))\s+)?"
    rf"{_WD}(?P<poss>['’]s)?"
    r"(?:\s+(?P<wpart>morning|afternoon|evening|night))?\b",
)
_RELATIVE = re.compile(
    r"\b(?:(?P<early>early|late|earlier|later)\s+)?"
    r"(?P<rel>the day before yesterday|the day after tomorrow|yesterday|today|tonight|tomorrow|"
    r"last night|this morning|this afternoon|this evening|overnight|"
    r"(?:last|this|next|the past|the previous|the coming) (?:week|weekend|month|year)|"
    r"earlier this (?:week|month|year)|later this (?:week|month|year))"
    r"(?:\s+(?P<rpart>morning|afternoon|evening|night))?\b",
    re.I,
)
_AGO = re.compile(
    r"\b(?:(?P<hedge>about|around|nearly|almost|some|roughly|approximately|only|just|barely|"
    r"more than|over|less than|under|as recently as|as long as|at least)\s+)?"
    r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|a few|a couple of)\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>ago)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|['’]ll|going to|expected|expects|scheduled|set to|due to|due|plans|"
    r"planned|planning|intends|is to|are to|to be \w+ed|upcoming|coming|next|hopes to|preparing|"
    r"would|could|may|might)\b",
    re.I,
)
_MONTH_CUE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_NUMERIC_CUE = re.compile(r"\d/\d|\d{4}-\d\d-")
_WEEKDAY_CUE = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_RELATIVE_CUE = re.compile(
    r"(?i:yesterday|today|tonight|tomorrow|last night|this (?:morning|afternoon|evening)|"
    r"overnight|(?:last|this|next|past|previous|coming) (?:week|weekend|month|year)|"
    r"(?:earlier|later) this)"
)
_RELATIVE_WORDS = (
    "yesterday", "today", "tonight", "tomorrow", "last night", "this morning", "this afternoon",
    "this evening", "overnight", "week", "month", "year",
)  # fmt: skip


_HEDGE_BEFORE = re.compile(
    r"(?P<h>as early as|as late as|no later than|not before|not until|not later than|until|till|"
    r"by|before|after|since|from|around|about|approximately|on or about|on or before|"
    r"on or after|sometime (?:before|after|around|in|on))\s+$",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression in a sentence (offsets local to it) and what it says.

    ``form``: ``date`` (month and day, maybe a year and weekday), ``month`` (a month, maybe a
    year), ``weekday``, ``relative`` (yesterday, this morning, last week...), ``ago`` (a span
    back from the reference).  ``part``: local minutes of the part of the day it names
    ("Friday night"), if any; ``future``: its clause speaks of the future; ``hedge``: "as
    early as", "by", "until", "since", "about"... as written (lowercase)."""

    start: int
    end: int
    text: str
    form: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    relative: str | None = None  # the relative phrase, lowercase
    amount: float | None = None  # "six months ago": 6
    unit: str | None = None  # days / weeks / months / years
    part: tuple[float, float] | None = None
    sub: str | None = None  # early / mid / late (of a month or week)
    future: bool = False
    hedge: str | None = None


@dataclass(frozen=True)
class Span:
    """Where a date falls in one frame: ``abs`` (ordinal days), ``md`` (ordinal days in a
    nominal year 2000) or ``wd`` (days from Monday, modulo 7); ``low`` inclusive, ``high``
    exclusive."""

    frame: str
    low: float
    high: float


NOMINAL_YEAR = 2000


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:3] if name.lower()[:3] != "sep" else "sep"]


def _part(word: str | None) -> tuple[float, float] | None:
    return PARTS.get(word.lower()) if word else None


def _future(text: str, start: int) -> bool:
    """Does the clause before ``start`` speak of the future ("will", "is expected to"; not
    "might have been")?"""
    clause = re.split(r"[.;:!?]|\b(?:but|when|after|because)\b", text[max(0, start - 90) : start])
    last = _PERFECT.sub(" ", clause[-1]) if clause else ""
    near = " ".join(last.split()[-8:])  # a modal far back governs another verb
    return bool(_FUTURE.search(near))


_PERFECT = re.compile(r"\b(?:would|could|may|might|must|should|will) (?:not )?have\b", re.I)


def _hedge(text: str, start: int) -> tuple[str | None, int]:
    m = _HEDGE_BEFORE.search(text[max(0, start - 24) : start])
    if m is None:
        return None, start
    return m.group("h").lower(), start - len(m.group())


@lru_cache(maxsize=4096)
def date_mentions(text: str) -> tuple[DateMention, ...]:
    """Every date expression in ``text`` (a sentence), left to right, without overlaps."""
    months = bool(_MONTH_CUE.search(text))
    weekdays = "day" in text and bool(_WEEKDAY_CUE.search(text))
    low = text.lower()
    relative = any(w in low for w in _RELATIVE_WORDS) and bool(_RELATIVE_CUE.search(text))
    ago = " ago" in low
    if not (months or weekdays or relative or ago or _NUMERIC_CUE.search(text)):
        return ()
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(m: DateMention) -> None:
        if free(m.start, m.end):
            found.append(m)
            taken.append((m.start, m.end))

    for m in _DATE.finditer(text) if months or weekdays or _NUMERIC_CUE.search(text) else ():
        mention = _absolute(text, m)
        if mention is not None:
            add(mention)
    for m in _MONTH_ONLY.finditer(text) if months else ():
        mention = _month_only(text, m)
        if mention is not None:
            add(mention)
    for m in _WEEKDAY.finditer(text) if weekdays else ():
        pre = (m.group("wpre") or "").lower()
        part = _part(m.group("wpart"))
        if pre.startswith("early"):
            part = EARLY
        elif pre.startswith("late"):
            part = LATE
        hedge, start = _hedge(text, m.start())
        future = pre in ("next", "this coming") or (pre != "last" and _future(text, m.start()))
        add(
            DateMention(
                start, m.end(), text[start : m.end()], "weekday",
                weekday=WEEKDAYS.index(m.group("wd").lower()), relative=pre or None,
                part=part, future=future, hedge=hedge,
            )
        )  # fmt: skip
    for m in _RELATIVE.finditer(text) if relative else ():
        rel = m.group("rel").lower()
        early = (m.group("early") or "").lower() or None
        add(
            DateMention(
                m.start(), m.end(), m.group(), "relative", relative=rel,
                part=_part(m.group("rpart")), sub=early,
            )
        )  # fmt: skip
    for m in _AGO.finditer(text) if ago else ():
        n = m.group("n").lower()
        amount = float(n) if n.isdigit() else float(_NUMBER_WORDS.get(n.split()[-1], 0) or 0)
        if n.startswith("a couple"):
            amount = 2.0
        elif n == "a few":
            amount = 3.0
        if amount <= 0:
            continue
        hedge = (m.group("hedge") or "").lower() or None
        add(
            DateMention(
                m.start(), m.end(), m.group(), "ago", amount=amount,
                unit=m.group("unit").lower().rstrip("s") + "s", hedge=hedge,
            )
        )  # fmt: skip
    found.sort(key=lambda d: d.start)
    return tuple(_years_shared(found))


def _years_shared(found: list[DateMention]) -> list[DateMention]:
    """A date without a year takes the year of the sentence's dated one ("killed June 24, 2005
    ... shot on June 20")."""
    years = [m.year for m in found if m.year is not None and m.form in ("date", "month")]
    if len(set(years)) != 1:
        return found
    year = years[0]
    return [
        replace(m, year=year)
        if m.year is None and m.form in ("date", "month") and m.relative is None
        else m
        for m in found
    ]


def _absolute(text: str, m: re.Match[str]) -> DateMention | None:
    g = m.groupdict()
    weekday = WEEKDAYS.index(g["wd"].lower()) if g.get("wd") else None
    if g.get("mon") or g.get("mon2"):
        mon = g.get("mon") or g.get("mon2") or ""
        if mon == "May" and g.get("mon") and _modal_may(text, m):
            return None
        month, day = _month(mon), int(g.get("day") or g.get("day2") or 0)
        year_text = g.get("year") or g.get("year2")
        year = int(year_text) if year_text else None
    elif g.get("nm"):
        before = text[max(0, m.start() - 8) : m.start()]
        if not g.get("ny") and not re.search(r"\b(?:on|dated)\s+$", before, re.I):
            return None  # "9/11", "24/7", a score or a fraction
        month, day = int(g["nm"]), int(g["nd"])
        year = int(g["ny"]) if g.get("ny") else None
        if year is not None and year < 100:
            year += 2000
    else:
        year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
    try:
        date(year or NOMINAL_YEAR, month, day)
    except ValueError:
        return None
    hedge, start = _hedge(text, m.start())
    return DateMention(
        start, m.end(), text[start : m.end()], "date", year=year, month=month, day=day,
        weekday=weekday, future=_future(text, start), hedge=hedge,
    )  # fmt: skip


def _modal_may(text: str, m: re.Match[str]) -> bool:
    """ "May 14 people be spared" opening a sentence is no date; "May 14" elsewhere is."""
    after = text[m.end() : m.end() + 12].lower()
    return m.start() == 0 and bool(re.match(r"\s+(?:people|percent|per|%|[a-z]+s\b)", after))


def _month_only(text: str, m: re.Match[str]) -> DateMention | None:
    mon = m.group("mon")
    if not mon[0].isupper():
        return None  # "to march", "they may"
    pre = (m.group("pre") or "").lower()
    sub = None
    if "early" in pre or "start" in pre or "beginning" in pre:
        sub = "early"
    elif "late" in pre or "end" in pre:
        sub = "late"
    elif "mid" in pre or "middle" in pre:
        sub = "mid"
    year = int(m.group("year")) if m.group("year") else None
    rel = (m.group("rel") or "").lower() or (pre if pre in ("last", "next", "this") else None)
    hedge = pre if pre in ("since", "until", "till", "by", "before", "after", "from") else None
    return DateMention(
        m.start(), m.end(), m.group(), "month", year=year, month=_month(mon), relative=rel,
        sub=sub, future=_future(text, m.start()), hedge=hedge,
    )  # fmt: skip


# -- resolution ----------------------------------------------------------------------------------


def _day_span(day: date, part: tuple[float, float] | None) -> tuple[float, float]:
    base = float(day.toordinal())
    if part is None:
        return base, base + 1
    return base + part[0] / 1440, base + part[1] / 1440


def _weekday_spans(m: DateMention) -> list[Span]:
    assert m.weekday is not None
    lo, hi = (0.0, 1.0) if m.part is None else (m.part[0] / 1440, m.part[1] / 1440)
    return [Span("wd", m.weekday + lo, m.weekday + hi)]


def _with_hedge(low: float, high: float, hedge: str | None) -> tuple[float, float]:
    """A hedge opens a date on one side: "as early as May 14" is May 14 or later."""
    if hedge in ("as early as", "not before", "not until", "after", "on or after", "since"):
        return low, high + 45 if hedge != "since" else high
    if hedge in ("by", "until", "till", "no later than", "not later than", "before",
                 "on or before", "as late as"):  # fmt: skip
        return low - 45, high
    if hedge in ("around", "about", "approximately", "on or about"):
        return low - 1, high + 1
    return low, high


def resolve(m: DateMention, reference: date | None) -> list[Span]:
    """The spans ``m`` names, in every frame it can be read in (``[]`` when it needs a
    reference and has none)."""
    return list(_resolve(m, reference))


@lru_cache(maxsize=8192)
def _resolve(m: DateMention, reference: date | None) -> tuple[Span, ...]:
    return tuple(_spans(m, reference))


def _spans(m: DateMention, reference: date | None) -> list[Span]:
    """The spans ``m`` names, in every frame it can be read in (``[]`` when it needs a
    reference and has none)."""
    if m.form == "date":
        assert m.month is not None and m.day is not None
        spans = []
        md = date(NOMINAL_YEAR, m.month, m.day)
        year = m.year
        if year is None and reference is not None:
            year = _nearest_year(m.month, m.day, reference, m.future)
        low, high = _with_hedge(*_day_span(md, None), m.hedge)
        spans.append(Span("md", low, high))
        if year is not None:
            try:
                day = date(year, m.month, m.day)
            except ValueError:
                return spans
            low, high = _with_hedge(*_day_span(day, None), m.hedge)
            spans.append(Span("abs", low, high))
            if m.hedge is None:
                spans.append(Span("wd", day.weekday(), day.weekday() + 1.0))
        elif m.weekday is not None and m.hedge is None:
            spans.append(Span("wd", m.weekday, m.weekday + 1.0))
        return spans
    if m.form == "month":
        return _month_spans(m, reference)
    if m.form == "weekday":
        spans = _weekday_spans(m) if m.hedge is None else []
        if reference is not None:
            day = _weekday_date(m, reference)
            low, high = _with_hedge(*_day_span(day, m.part), m.hedge)
            spans.append(Span("abs", low, high))
        return spans
    if reference is None:
        return []
    if m.form == "relative":
        return _relative_spans(m, reference)
    return _ago_spans(m, reference)


def _nearest_year(month: int, day: int, reference: date, future: bool) -> int:
    """The year of a month/day without one: the last on or before the reference (a week's
    slack) when the clause speaks of the past, the first on or after it for the future."""
    slack = 7
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            gap = (date(year, month, day) - reference).days
        except ValueError:
            continue
        candidates.append((gap, year))
    if future:
        ahead = [(g, y) for g, y in candidates if g >= -slack]
        return min(ahead)[1] if ahead else reference.year
    back = [(g, y) for g, y in candidates if g <= slack]
    return max(back)[1] if back else reference.year


def _weekday_date(m: DateMention, reference: date) -> date:
    assert m.weekday is not None
    back = (reference.weekday() - m.weekday) % 7
    if m.relative == "last":
        back = back or 7
        return reference - timedelta(days=back)
    if m.relative == "next":
        ahead = (m.weekday - reference.weekday()) % 7 or 7
        return reference + timedelta(days=ahead)
    if m.future:
        return reference + timedelta(days=(m.weekday - reference.weekday()) % 7)
    return reference - timedelta(days=back)


def _month_spans(m: DateMention, reference: date | None) -> list[Span]:
    assert m.month is not None
    year = m.year
    if year is None and reference is not None:
        if m.relative in ("last year",):
            year = reference.year - 1
        elif m.relative == "next year":
            year = reference.year + 1
        elif m.relative == "this year":
            year = reference.year
        elif m.future or m.relative == "next":
            year = reference.year + (1 if m.month < reference.month else 0)
        elif m.relative == "last":
            year = reference.year - (1 if m.month >= reference.month else 0)
        else:
            year = reference.year - (1 if m.month > reference.month else 0)
    first = 1
    last = (date(NOMINAL_YEAR + (m.month == 12), m.month % 12 + 1, 1) - timedelta(days=1)).day
    if m.sub == "early":
        last = 10
    elif m.sub == "mid":
        first, last = 11, 20
    elif m.sub == "late":
        first = 21
    spans = []
    lo, hi = _with_hedge(
        float(date(NOMINAL_YEAR, m.month, first).toordinal()),
        float(date(NOMINAL_YEAR, m.month, min(last, 29 if m.month == 2 else last)).toordinal() + 1),
        m.hedge if m.hedge not in ("since", "from") else None,
    )
    spans.append(Span("md", lo, hi))
    if year is not None:
        end_day = min(last, 28) if m.month == 2 else last
        lo, hi = _with_hedge(
            float(date(year, m.month, first).toordinal()),
            float(date(year, m.month, end_day).toordinal() + 1),
            m.hedge if m.hedge not in ("since", "from") else None,
        )
        spans.append(Span("abs", lo, hi))
    return spans


SLACK = 1.0
"""Days either side of "today", "yesterday", "this morning", "last night": they count from the
outlet's own day, which may be one off the event's where outlet and event are zones apart or a
wire report is republished the next day (a Monday-morning shooting is "this morning" in a paper
dated Tuesday on the far side of the world)."""


def _relative_spans(m: DateMention, ref: date) -> list[Span]:
    rel = m.relative or ""
    r = float(ref.toordinal())
    one = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
           "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
           "the day after tomorrow": 2}  # fmt: skip
    parts = {"tonight": PARTS["night"], "this morning": PARTS["morning"],
             "this afternoon": PARTS["afternoon"], "this evening": PARTS["evening"]}  # fmt: skip
    if rel in one:
        part = m.part or parts.get(rel)
        if m.sub in ("early", "earlier") and part is None:
            part = EARLY if rel != "today" else (0.0, 1440.0)
        elif m.sub in ("late", "later") and part is None:
            part = LATE
        lo, hi = (0.0, 1440.0) if part is None else part
        day = r + one[rel]
        return [Span("abs", day - SLACK, day + 1 + SLACK)]
    if rel in ("last night", "overnight"):
        return [Span("abs", r - 1 - SLACK, r + 1 + SLACK)]
    if rel.endswith("weekend"):
        sat = r - ((ref.weekday() - 5) % 7)  # the most recent Saturday
        if rel.startswith(("next", "this", "the coming")) and ref.weekday() < 5:
            sat = r + (5 - ref.weekday())
        elif rel.startswith(("last", "the past", "the previous")) and ref.weekday() >= 5:
            sat -= 7
        return [Span("abs", sat - 0.25, sat + 2.25)]
    unit = rel.split()[-1]
    if unit == "week":
        if rel.startswith(("last", "the past", "the previous")):
            lo, hi = r - 13, r
        elif rel.startswith(("next", "the coming")):
            lo, hi = r + 1, r + 14
        elif rel.startswith("earlier"):
            lo, hi = r - 6, r + 1
        elif rel.startswith("later"):
            lo, hi = r, r + 7
        else:
            lo, hi = r - 6, r + 7
        if m.sub == "early" and not rel.startswith("earlier"):
            hi = lo + (hi - lo) * 0.6
        elif m.sub == "late" and not rel.startswith("later"):
            lo = lo + (hi - lo) * 0.4
        return [Span("abs", lo, hi)]
    if unit == "month":
        first = ref.replace(day=1)
        if rel.startswith(("last", "the past", "the previous")):
            start = (first - timedelta(days=1)).replace(day=1)
            return [Span("abs", float(start.toordinal()), float(first.toordinal()))]
        if rel.startswith(("next", "the coming")):
            nxt = (first + timedelta(days=32)).replace(day=1)
            end = (nxt + timedelta(days=32)).replace(day=1)
            return [Span("abs", float(nxt.toordinal()), float(end.toordinal()))]
        nxt = (first + timedelta(days=32)).replace(day=1)
        if rel.startswith("earlier"):
            return [Span("abs", float(first.toordinal()), r + 1)]
        return [Span("abs", float(first.toordinal()), float(nxt.toordinal()))]
    # a year
    year = ref.year + (-1 if rel.startswith(("last", "the past", "the previous")) else
                       1 if rel.startswith(("next", "the coming")) else 0)  # fmt: skip
    if rel.startswith("earlier"):
        return [Span("abs", float(date(year, 1, 1).toordinal()), r + 1)]
    return [
        Span("abs", float(date(year, 1, 1).toordinal()), float(date(year + 1, 1, 1).toordinal()))
    ]


_UNIT_DAYS = {"days": 1.0, "weeks": 7.0, "months": 30.44, "years": 365.25}
_AGO_TOLERANCE = {"days": 0.5, "weeks": 1.0, "months": 12.0, "years": 120.0}


def _ago_spans(m: DateMention, ref: date) -> list[Span]:
    assert m.amount is not None and m.unit is not None
    back = m.amount * _UNIT_DAYS[m.unit]
    tol = _AGO_TOLERANCE[m.unit]
    r = float(ref.toordinal())
    center = r - back
    lo, hi = center - tol, center + tol + 1
    hedge = m.hedge or ""
    if hedge in ("about", "around", "nearly", "almost", "some", "roughly", "approximately",
                 "as recently as"):  # fmt: skip
        lo, hi = lo - tol, hi + tol
    elif hedge in ("more than", "over", "at least", "as long as"):
        lo, hi = center - back * 0.5 - tol, center + tol + 1
    elif hedge in ("less than", "under"):
        lo, hi = center - tol, min(r + 1, center + back * 0.5 + tol + 1)
    return [Span("abs", lo, hi)]


def overlap(a: Span, b: Span) -> bool:
    """Do two spans of one frame meet (weekdays wrap around the week)?"""
    if a.frame == "wd":
        return any(a.low < b.high + s and b.low + s < a.high for s in (-7.0, 0.0, 7.0))
    return a.low < b.high and b.low < a.high


def to_md(span: Span) -> Span:
    """An ``abs`` span as month and day in the nominal year (to meet an ``md`` span)."""
    lo = date.fromordinal(int(span.low))
    hi_day = date.fromordinal(max(int(span.low), int(span.high - 1e-9)))
    try:
        a = date(NOMINAL_YEAR, lo.month, lo.day).toordinal() + (span.low - int(span.low))
        b = date(NOMINAL_YEAR, hi_day.month, hi_day.day).toordinal() + (
            span.high - int(span.high - 1e-9)
        )
    except ValueError:
        return Span("md", 0, 0)
    if b < a:  # across the new year
        b += 366
    return Span("md", a, b)


def to_wd(span: Span) -> Span | None:
    """An ``abs`` span as days of the week (None when it covers a week or more)."""
    if span.high - span.low >= 7:
        return None
    wd = date.fromordinal(int(span.low)).weekday() + (span.low - int(span.low))
    return Span("wd", wd, wd + (span.high - span.low))


def day_label(span: Span) -> str:
    """A short label for a span ("Jul 2", "Apr 2012", "Tue") for reasons."""
    if span.frame == "wd":
        return WEEKDAYS[int(span.low) % 7][:3].capitalize()
    lo = date.fromordinal(int(span.low))
    last = date.fromordinal(max(int(span.low), int(span.high - 1e-9)))
    if span.frame == "md":
        return f"{lo:%b} {lo.day}" if lo == last else f"{lo:%b} {lo.day}-{last:%b} {last.day}"
    if lo == last:
        return f"{lo:%b} {lo.day}"
    if lo.day == 1 and (last + timedelta(days=1)).day == 1 and lo.month == last.month:
        return f"{lo:%b %Y}"
    return f"{lo:%b} {lo.day}-{last:%b} {last.day}"
