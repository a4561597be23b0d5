"""What day a date names, against an article's publication date: ``resolve`` and its frames.

``resolve(mention, reference)`` turns a ``calendar.DateMention`` into ``Span``s, one per frame it
can be read in:

- ``abs``: days on the calendar (``date.toordinal()``, fractions for parts of the day), when
  the year is known or the reference gives it;
- ``md``: month and day in a nominal leap year, for dates without a year when no reference
  says which ("May 13" against "May 14" in two undated reports);
- ``wd``: day of the week (0 = Monday, fractions for parts of the day, modulo 7), for weekdays
  no reference resolves ("Tuesday" against "Wednesday").

A weekday is the most recent one on or before the reference, or the next one on or after it
when its clause speaks of the future.  Relative days and spans back need a reference; without
one they resolve to nothing (the reference is unknown: no guess).  Vague spans are wide ("this
week" is the reference give or take six days), so they conflict with little.  ``overlap``,
``to_md``, ``to_wd`` and ``day_label`` compare and show spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from kzreader.facts.text.calendar import NOMINAL_YEAR, WEEKDAYS, DateMention
from kzreader.facts.text.clock_parts import EARLY, LATE, PARTS


@dataclass(frozen=True)
class Span:
    """Where a date falls in one frame: ``abs`` (ordinal days), ``md`` (ordinal days in a
    nominal year 2000) or ``wd`` (days from Monday, modulo 7); ``low`` inclusive, ``high``
    exclusive."""

    frame: str
    low: float
    high: float


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
