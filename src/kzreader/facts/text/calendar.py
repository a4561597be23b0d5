"""Dates in running text: what each date expression says (``calendar_spans`` says what day).

``date_mentions(text)`` finds absolute dates ("Dec. 19", "19 December 2008", "December 19,
2008", "12/19/2008", "2008-12-19"), months ("in April", "May 2012", "April last year", "since
June", "early July"), weekdays ("on Friday", "last Thursday", "Monday's attack", "Friday
night", "early Saturday"), relative days ("yesterday", "today", "last night", "this morning",
"tomorrow"), weeks ("last week", "early next week") and spans back ("six months ago"), each a
``DateMention``: its form, what it names (year, month, day, weekday, relative phrase, amount),
the part of the day it names, its hedge ("as early as", "by", "since") and whether its clause
speaks of the future ("will return on Monday", "is expected to ... Monday", "next Monday"; not
"might have been").  A date without a year takes the year of its sentence's dated one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from kzreader.facts.text.clock_parts import EARLY, LATE, PARTS

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
