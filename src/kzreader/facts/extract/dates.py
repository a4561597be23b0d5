"""Date claims: each date of an event, resolved against its article's publication date (the
``date`` kind's extractor).

Dates come from ``text.calendar`` ("Dec. 19", "19 December 2008", "on Friday", "yesterday",
"last night", "April last year", "six months ago"); each is resolved against the article's own
calendar day (``Article.published`` in the zone it was written in).  An article without a date
keeps what needs none (absolute dates, weekdays as weekdays) and loses what does ("yesterday":
the reference is unknown, so no guess).  Each claim carries the event it attaches to
(``text.clock_events``); a date that only dates a statement ("police said Thursday") is no
claim, nor is a date in brackets after a clock time (a conversion: "(1:40 a.m. ET Saturday)").

A date spoken of as future or expected ("may come as early as May 14", "is expected to return
on Monday") is a ``forecast``; one hedged as uncertain ("might have been fired as recently as a
week ago", "reportedly") is ``tentative``: a later definite date revises them (``update``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from kzreader.facts.context import Found, SentenceContext
from kzreader.facts.extract.times import PRONOUN_START, SKIPPED, before, claim_words
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text.calendar import DateMention, date_mentions
from kzreader.facts.text.calendar_spans import Span, resolve
from kzreader.facts.text.clock import clock_times, is_dateline
from kzreader.facts.text.clock_events import Event, event_of, places

_TENTATIVE = re.compile(
    r"\b(?:might|may|could) (?:not )?have\b|\breportedly\b|\bpossibly\b|\bperhaps\b|"
    r"\bprobably\b|\bapparently\b|\bbelieved\b|\bunconfirmed\b|\bas recently as\b|\bpresumably\b",
    re.I,
)


@dataclass(eq=False, kw_only=True)
class DateClaim(Found):
    """A date claim and what the comparator needs (``compare.dates``)."""

    claim: Claim
    mention: DateMention
    spans: tuple[Span, ...]
    reference: date | None  # the article's calendar day
    event: Event
    forecast: bool
    tentative: bool
    places: frozenset[str]
    words: list[str]
    vector: dict[str, float] | None = None
    series: bool = False  # its article gives other, different dates of such an event
    anchor: date | None = None  # the story's day when the article has none (``compare.dates``)
    era: str | None = None  # "current" / "background", once known (``compare.dates.category``)
    era_known: bool = False


def reference_day(ctx: SentenceContext) -> date | None:
    """The article's own calendar day (its dateline's, in the zone it was written in)."""
    when = ctx.report.articles[ctx.article].published
    return when.date() if when is not None else None


def _in_conversion(text: str, start: int) -> bool:
    """Inside brackets that restate a clock time: "9:40 p.m. Friday (1:40 a.m. ET Saturday)"."""
    open_ = text.rfind("(", 0, start)
    if open_ < 0 or text.rfind(")", open_, start) >= 0:
        return False
    return any(open_ < t.start < start for t in clock_times(text))


def _number(span: Span | None, edge: float) -> float | None:
    if span is None:
        return None
    day = date.fromordinal(int(edge))
    if span.frame == "abs":
        return float(day.year * 10000 + day.month * 100 + day.day)
    return float(day.month * 100 + day.day)


def _past(text: str, start: int, event: Event) -> bool:
    """Is the event's own verb, just before the date, in the past tense ("who announced in
    June"), whatever future a verb further back speaks of ("will replace Smith, who ...")?"""
    word = event.word
    if not word or not (word.endswith("ed") or word in _IRREGULAR):
        return False
    at = text.lower().rfind(word, 0, start)
    if at < 0:
        return False
    lead = text[max(0, at - 16) : at].lower().split()
    return not lead or (lead[-1] not in ("be", "been", "to") and lead[-2:] != ["to", "be"])


_IRREGULAR = frozenset(["left", "began", "met", "won", "lost", "held", "struck", "hit", "shot"])


def extract(ctx: SentenceContext) -> list[DateClaim]:
    """Every date claim of one sentence."""
    mentions = date_mentions(ctx.text)
    if not mentions or is_dateline(ctx.text):
        return []
    reference = reference_day(ctx)
    previous = before(ctx) if PRONOUN_START.match(ctx.text) else None
    where = places(ctx.text)
    out: list[DateClaim] = []
    for m in mentions:
        spans = tuple(resolve(m, reference))
        if not spans or _in_conversion(ctx.text, m.start):
            continue
        event = event_of(ctx.text, m.start, m.end, previous)
        if event.cls in SKIPPED and not event.also:
            continue  # the day of a statement, or a period's end, not of an event
        if m.future and _past(ctx.text, m.start, event):
            m = replace(m, future=False)  # "who announced in June", not "will replace ... June"
            spans = tuple(resolve(m, reference))
        clause = ctx.text[max(0, m.start - 70) : m.end]
        clause = re.split(r"[;:]|,\s+(?:but|and|which|who)\b", clause)[-1]
        abs_span = next((s for s in spans if s.frame == "abs"), None)
        md_span = next((s for s in spans if s.frame == "md"), None)
        shown = abs_span or md_span
        claim = ctx.claim(
            Kind.DATE,
            m.start,
            m.end,
            low=_number(shown, shown.low) if shown else None,
            high=_number(shown, shown.high - 1e-6) if shown else None,
            measure=event.cls,
        )
        out.append(
            DateClaim(
                article=ctx.article,
                sentence=ctx.sentence,
                claim=claim,
                mention=m,
                spans=spans,
                reference=reference,
                event=event,
                forecast=m.future or m.hedge in ("as early as", "as late as"),
                tentative=bool(_TENTATIVE.search(clause)),
                places=where,
                words=claim_words(ctx),
            )
        )
    return out
