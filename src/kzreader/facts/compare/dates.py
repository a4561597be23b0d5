"""The ``date`` kind's comparator: which date claims state one fact, and its verdict.

Two date claims can be one fact only when they date the same kind of event (``Event``; a date
whose clause names no event of the lexicon aligns only with one whose clause has the same verb,
on a higher bar), both about
the story's own days or both about an earlier, background event ("April last year" is not
today's quake: ``CURRENT`` days around the report), and when some frame lets them be compared
(days on the calendar, month and day, or day of the week; see ``text.calendar_spans``).  Among
those, sentence similarity plus agreement decides (``align.cluster``); as for times, an article
that gives several different dates of such an event narrates a series and pairs on a higher bar.

Verdicts: ``conflict``: two claims' days exclude each other; ``update``: every clash sets a
forecast or a tentative date ("may come as early as May 14", "might have been fired a week
ago") against a definite one that is not from an earlier report; ``compatible``: their days
overlap ("last week" and "Thursday", "Friday night" and "early Saturday"); ``agree``: one day.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from itertools import combinations

from kzreader.facts.compare.align import cluster, similarity
from kzreader.facts.compare.reasons import agreement
from kzreader.facts.compare.times import bounded, odd_ones_out, same_head, shown
from kzreader.facts.compare.updates import later, stamp
from kzreader.facts.context import ReportContext
from kzreader.facts.extract.dates import DateClaim
from kzreader.facts.model import Fact, Verdict
from kzreader.facts.text.calendar_spans import Span, day_label, overlap, to_wd
from kzreader.facts.text.names import similar_keys

BASE = 0.15
"""What two dates of one kind of event score before any evidence (lower than a time's: dates
are many and mostly agree, so alignment asks for more of the sentences)."""
UNNAMED_MARGIN = 0.15
SERIES_MARGIN = 0.25
CURRENT = 10
"""Days either side of a report's own day that count as the story's days."""


def _span(c: DateClaim, frame: str) -> Span | None:
    return next((s for s in c.spans if s.frame == frame), None)


def _days(span: Span) -> Span:
    """A span as whole days, for comparing days: a part of the day counts as its day, an
    evening also as the next day (a fire set on Friday evening may be "Saturday's"), an early
    morning also as the day before; a night already runs into the next day."""
    low, high = math.floor(span.low), math.ceil(span.high - 1e-9)
    if span.high - span.low < 1:
        crosses = high - low > 1
        if not crosses and span.high - math.floor(span.high - 1e-9) >= 21 / 24:
            high += 1
        if span.low - low <= 3 / 24:
            low -= 1
    return Span(span.frame, float(low), float(high))


def common(a: DateClaim, b: DateClaim) -> tuple[Span, Span] | None:
    """The two claims' spans in the finest frame both can be read in, as whole days (see
    ``_days``), or None.  Two weekdays named as such compare as weekdays (whether "on
    Thursday" was last Thursday or the next one is the tense's guess, not the text's)."""
    pair = _common(a, b)
    return None if pair is None else (_days(pair[0]), _days(pair[1]))


def _common(a: DateClaim, b: DateClaim) -> tuple[Span, Span] | None:
    ma, mb = a.mention, b.mention
    if ma.form == mb.form == "weekday" and not {ma.relative, mb.relative} & {"last", "next"}:
        x, y = _span(a, "wd"), _span(b, "wd")
        if x is not None and y is not None:
            return x, y
    x, y = _span(a, "abs"), _span(b, "abs")
    if x is not None and y is not None:
        return x, y
    xm, ym = _span(a, "md"), _span(b, "md")
    if x is None and y is None and xm is not None and ym is not None:
        return xm, ym  # month and day, neither with a year: the story's one year
    if (x is None and xm is not None) or (y is None and ym is not None):
        return None  # "in November" (which year?) against "June 19, 1972": not comparable
    # a calendar day as a weekday against a weekday no reference dates: only days of the story
    # ("Nov. 19, 2005" is no Thursday of this week)
    xw, yw = _weekday(a, x), _weekday(b, y)
    if xw is not None and yw is not None:
        return xw, yw
    return None


def _weekday(c: DateClaim, day: Span | None) -> Span | None:
    """The claim as a day of the week: a weekday the text names, or a calendar day of the
    story's present ("Nov. 19, 2005" is no Thursday of this week)."""
    if c.mention.form == "weekday" or c.mention.weekday is not None:
        return _span(c, "wd")
    return to_wd(day) if day is not None and category(c) == "current" else None


def relation(a: DateClaim, b: DateClaim) -> bool | None:
    """Do the claims' days overlap (True), exclude each other (False), or not compare (None)?"""
    pair = common(a, b)
    return None if pair is None else overlap(*pair)


def category(c: DateClaim) -> str | None:
    """ "current" (around the report's own day, or the story's when the report has none),
    "background" (further back or ahead), or None when the claim has no calendar day."""
    if c.era_known:
        return c.era
    span = _span(c, "abs")
    day = c.reference or c.anchor
    if span is None or day is None:
        return None
    ref = float(day.toordinal())
    return "current" if span.low < ref + CURRENT + 1 and span.high > ref - CURRENT else "background"


def _classes_fit(a: DateClaim, b: DateClaim) -> bool:
    """The same kind of event; a clause that names none fits only another such clause with the
    same verb or noun ("checked into the clinic on Thursday" / "checked in early Friday")."""
    if a.event.cls is None or b.event.cls is None:
        if a.event.cls is not None or b.event.cls is not None:
            return False
        return a.event.head is not None and a.event.head == b.event.head
    return bool(a.event.classes & b.event.classes)


def _own_days(a: DateClaim, b: DateClaim) -> bool:
    """Days of the story's present in reports of different news days: successive events of a
    running story ("announced today" on Oct 14 and on Oct 20; "On Feb. 27 ... announced" in
    March and "announced today" in April), not one fact, unless they meet.  Days counted from
    their own reports ("today", "yesterday") in reports of different days alike."""
    if a.reference is None or b.reference is None or relation(a, b) is not False:
        return False
    if a.mention.form == b.mention.form == "relative":
        return a.reference != b.reference
    apart = abs((a.reference - b.reference).days) > CURRENT
    return apart and category(a) == category(b) == "current"


def same_fact(a: DateClaim, b: DateClaim) -> bool:
    """Could two date claims (of different articles) date one event?"""
    if not _classes_fit(a, b):
        return False
    ca, cb = category(a), category(b)
    return (
        (ca is None or cb is None or ca == cb) and common(a, b) is not None and not _own_days(a, b)
    )


def _places_score(a: DateClaim, b: DateClaim) -> float:
    if not a.places or not b.places:
        return 0.0
    if any(similar_keys(p, q) for p in a.places for q in b.places):
        return 0.1
    return -0.15


def score(a: DateClaim, b: DateClaim) -> float:
    s = BASE + 0.5 * similarity(a, b) + _places_score(a, b)
    if same_head(a.event.head, b.event.head):
        s += 0.1
    if relation(a, b):
        s += 0.1
    return s


def bar(a: DateClaim, b: DateClaim, report: ReportContext) -> float:
    need = report.config.similarity
    if a.event.cls is None:
        need += UNNAMED_MARGIN
    if (a.series or b.series) and not relation(a, b) and _places_score(a, b) <= 0:
        need += SERIES_MARGIN  # (a place both name tells which event of the series it is)
    return need


def mark_series(found: list[DateClaim]) -> None:
    """Flag the dates of articles that give several different dates of one kind of event (both
    of the story's days, or both of its background: "a shooting on June 20 ... the murder on
    June 24")."""
    by_article: dict[int, list[DateClaim]] = {}
    for f in found:
        by_article.setdefault(f.article, []).append(f)
    for claims in by_article.values():
        for a, b in combinations(claims, 2):
            if _classes_fit(a, b) and category(a) == category(b) and relation(a, b) is False:
                a.series = b.series = True


def _key(c: DateClaim) -> object:
    return (c.event.cls, c.event.head, c.event.also, c.spans)


def story_day(report: ReportContext) -> date | None:
    """The median publication day of the report's dated articles (the story's day)."""
    days = sorted(a.published.date() for a in report.articles if a.published is not None)
    return days[len(days) // 2] if days else None


def group(found: list[DateClaim], report: ReportContext) -> list[list[DateClaim]]:
    """Date claims that date one event, each group in article order."""
    anchor = story_day(report)
    for f in found:
        f.anchor = anchor
        f.era, f.era_known = category(f), True
    found = bounded([f for f in found if f.event.cls or f.event.head or f.event.also], _key)
    mark_series(found)  # (claims without any event pair with none)
    groups = cluster(
        found,
        report,
        same_fact=same_fact,
        score=score,
        bar=lambda a, b: bar(a, b, report),
        restates=lambda a, b: bool(relation(a, b)),
    )
    for g in groups:
        g.sort(key=lambda c: (c.article, c.claim.start))
    return groups


def _width(c: DateClaim) -> float:
    s = _span(c, "abs") or _span(c, "md") or _span(c, "wd")
    return s.high - s.low if s is not None else 99.0


def show(c: DateClaim) -> str:
    """The date as written, with the day it resolves to when the text names it relatively."""
    text = " ".join(c.claim.value.split())
    span = _span(c, "abs")
    if (
        span is None
        or c.mention.form in ("date",)
        or (c.mention.form == "month" and c.mention.year)
    ):
        return text
    label = day_label(span)
    return text if label.lower() in text.lower() else f"{text} ({label})"


def label(group: list[DateClaim]) -> str:
    words = Counter(c.event.word for c in group if c.event.word)
    return f"date: {words.most_common(1)[0][0]}" if words else "date"


def _per_article(group: list[DateClaim]) -> list[DateClaim]:
    best: dict[int, DateClaim] = {}
    for c in group:
        have = best.get(c.article)
        if have is None or _width(c) < _width(have):
            best[c.article] = c
    return list(best.values())


def _revised(
    clashes: list[tuple[DateClaim, DateClaim]], report: ReportContext
) -> tuple[DateClaim, DateClaim] | None:
    """(old, new) when every clash sets a forecast or tentative date against a definite one
    that no earlier report gives."""
    pairs = []
    for a, b in clashes:
        soft_a, soft_b = a.forecast or a.tentative, b.forecast or b.tentative
        if soft_a == soft_b:
            return None
        old, new = (a, b) if soft_a else (b, a)
        if later(stamp(report.articles[old.article]), stamp(report.articles[new.article])):
            return None  # the definite date is the older report's
        pairs.append((old, new))
    return pairs[0] if pairs else None


def judge(group: list[DateClaim], report: ReportContext) -> Fact:
    """The fact: its label ("date: struck"), verdict and one-line reason."""
    per = _per_article(group)
    claims = shown(group, per)
    clashes = [(a, b) for a, b in combinations(per, 2) if relation(a, b) is False]
    if clashes:
        revised = _revised(clashes, report)
        if revised is not None:
            old, new = revised
            how = "a forecast" if old.forecast else "tentative"
            return Fact(label(group), Verdict.UPDATE, f"{show(old)} ({how}) revised to {show(new)}",
                        claims)  # fmt: skip
        return Fact(
            label(group), Verdict.CONFLICT, odd_ones_out(per, clashes, show, _width), claims
        )
    pairs = [_common(a, b) for a, b in combinations(per, 2)]  # as written, not as whole days
    if pairs and all(
        p is not None and (p[0].low, p[0].high) == (p[1].low, p[1].high) for p in pairs
    ):
        # one day however written ("Wednesday" and "Wednesday, Jan. 5, 2022")
        best = min(per, key=_width)
        return Fact(label(group), Verdict.AGREE, agreement(claims, show(best)), claims)
    values = list(dict.fromkeys(show(c) for c in sorted(per, key=_width)))
    return Fact(label(group), Verdict.COMPATIBLE, f"{values[0]} fits {', '.join(values[1:])}",
                claims)  # fmt: skip
