"""Parts of the day in running text: "morning", "afternoon", "evening", "night", "overnight",
"dawn", "early"/"late" + a weekday, "last night", "tonight", "by Saturday evening": the local
hours (minutes after midnight; a night runs past midnight) a text puts an event in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

PARTS: dict[str, tuple[float, float]] = {
    "dawn": (240, 480), "daybreak": (240, 480), "sunrise": (240, 480),
    "morning": (300, 720), "forenoon": (480, 720), "midmorning": (540, 690),
    "afternoon": (720, 1080), "midafternoon": (810, 990), "teatime": (900, 1080),
    "evening": (1020, 1320), "dusk": (1020, 1260), "sunset": (1020, 1260),
    "nightfall": (1020, 1260), "night": (1140, 1740), "overnight": (1200, 1800),
    "midnight": (1410, 1470),
}  # fmt: skip
"""Part of the day -> local minutes it spans (night runs past midnight into the next day)."""
EARLY = (0.0, 540.0)  # "early Tuesday": midnight to about 9 a.m.
LATE = (1020.0, 1440.0)  # "late Tuesday": evening to midnight
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = re.compile(
    rf"\b(?:(?P<el>early|late)(?:\s+(?:on|in the|in|this))?\s+(?P<elday>{_WEEKDAY}|today|yesterday|"
    rf"morning|afternoon|evening|night)\b"
    rf"|(?P<pre>last|this|tomorrow|yesterday|{_WEEKDAY})\s+(?P<part>morning|afternoon|evening|night)"
    r"\b|(?P<tonight>tonight)\b|(?P<overnight>overnight)\b"
    r"|(?:in|during|on|by)\s+the\s+(?P<el2>early\s+|late\s+)?(?P<the>morning|afternoon|evening|night)"
    r"\b(?!\s+of\b)"
    r"|(?P<bare>(?:at|by)\s+(?:dawn|daybreak|dusk|nightfall|sunset|sunrise)))",
    re.I,
)


_PART_CUE = re.compile(
    r"\b(?:morning|afternoon|evening|night|tonight|overnight|dawn|daybreak|dusk|sunset|sunrise|"
    r"nightfall|early|late)\b",
    re.I,
)


@dataclass(frozen=True)
class DayPart:
    """A part of the day a sentence puts something in ("Friday night"): local minutes."""

    start: int
    end: int
    text: str
    low: float
    high: float
    day_word: str | None  # the weekday or "yesterday"/"today"/"last"/"this" it qualifies


@lru_cache(maxsize=4096)
def parts_of_day(text: str) -> tuple[DayPart, ...]:
    """The parts of the day ``text`` names, left to right."""
    if not _PART_CUE.search(text):
        return ()
    out = []
    for m in _PART.finditer(text):
        day: str | None = None
        if m.group("el"):
            what = m.group("elday").lower()
            if what in PARTS:
                lo, hi = PARTS[what]
                mid = (lo + hi) / 2
                span = (lo, mid) if m.group("el").lower() == "early" else (mid, hi)
                if what == "morning" and m.group("el").lower() == "early":
                    span = EARLY  # "early morning": the small hours too
            else:
                span = EARLY if m.group("el").lower() == "early" else LATE
                day = what
        elif m.group("part"):
            span = PARTS[m.group("part").lower()]
            day = m.group("pre").lower()
        elif m.group("tonight"):
            span, day = PARTS["night"], "tonight"
        elif m.group("overnight"):
            span = PARTS["overnight"]
        elif m.group("the"):
            span = PARTS[m.group("the").lower()]
            if m.group("el2"):
                mid = (span[0] + span[1]) / 2
                span = (
                    (span[0], mid) if m.group("el2").strip().lower() == "early" else (mid, span[1])
                )
        else:
            span = PARTS[m.group("bare").split()[-1].lower()]
        start = m.start()
        bound = re.search(
            r"\b(by|until|till|since|after)\s+$", text[max(0, start - 8) : start], re.I
        )
        if bound:  # "allowed to return by Saturday evening": any time before its end
            start -= len(bound.group())
            if bound.group(1).lower() in ("since", "after"):
                span = (span[0], span[0] + 720)
            else:
                span = (span[1] - 720, span[1])
        out.append(DayPart(start, m.end(), text[start : m.end()], span[0], span[1], day))
    return tuple(out)
