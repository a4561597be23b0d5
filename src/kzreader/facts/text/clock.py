"""Clock times in running text: "11am", "11 a.m.", "07:37", "0737 GMT", "noon", "shortly after
midnight", "between 07:28 and 08:06 UTC", "3 p.m. (1200 GMT)", and parts of the day ("this
morning", "late Tuesday", "Friday night").

``clock_times(text)`` returns every clock time with its span, the reading as written (minutes
after midnight, 24-hour), an interval around it (``low``..``high``, minutes; it may run past
midnight on either side) and the zone it is given in (``Zone``: a fixed or ranged UTC offset,
"local" time, or unstated).  The interval is the reading's tolerance: a round hour is rounded
("7 p.m." is 6:50..7:10), a hedge widens it ("about 7 p.m." is 6:45..7:15), "shortly after"
opens it on one side, a range is its two ends.  A time in brackets right after another
(``restates``) is the same instant in another zone: "10:00 am (0800 GMT)".

Parts of the day ("this morning", "Friday night") are ``clock_parts``'.

``ZONES``: common zone abbreviations and names with their UTC offsets (hours; "ET" is -5..-4
because daylight time depends on the date).  Ambiguous abbreviations keep the reading English
news gives them most ("CST" is US Central, "IST" India).  A place's own zone is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DAY = 1440  # minutes


@dataclass(frozen=True)
class Zone:
    """A time zone as the text names it: UTC offset in hours (``low``..``high`` when the text
    leaves daylight time open), or local time of the place (``local``, offset unknown)."""

    name: str
    low: float | None = None
    high: float | None = None

    @property
    def local(self) -> bool:
        return self.low is None


LOCAL = Zone("local")


def _zones() -> dict[str, Zone]:
    fixed = {
        "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "WET": 0, "BST": 1, "CET": 1, "WAT": 1, "WEST": 1,
        "CEST": 2, "EET": 2, "CAT": 2, "SAST": 2, "IST": 5.5, "EEST": 3, "MSK": 3, "EAT": 3,
        "AST": -4, "GST": 4, "PKT": 5, "NPT": 5.75, "ICT": 7, "WIB": 7, "WITA": 8, "WIT": 9,
        "HKT": 8, "SGT": 8, "PHT": 8, "MYT": 8, "AWST": 8, "JST": 9, "KST": 9, "ACST": 9.5,
        "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13, "EST": -5, "EDT": -4, "CST": -6,
        "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8,
        "HST": -10, "NST": -3.5, "ART": -3, "BRT": -3,
    }  # fmt: skip
    table = {k: Zone(k, float(v), float(v)) for k, v in fixed.items()}
    ranged = {"ET": (-5, -4), "CT": (-6, -5), "MT": (-7, -6), "PT": (-8, -7), "AKT": (-9, -8)}
    table.update({k: Zone(k, float(lo), float(hi)) for k, (lo, hi) in ranged.items()})
    for name, key in (("eastern", "ET"), ("central", "CT"), ("mountain", "MT"),
                      ("pacific", "PT"), ("alaska", "AKT")):  # fmt: skip
        table[name] = table[key]
    table["coordinated universal time"] = table["UTC"]
    table["greenwich mean time"] = table["GMT"]
    table["british summer time"] = table["BST"]
    return table


ZONES: dict[str, Zone] = _zones()
"""Zone abbreviation (upper case) or name (lower case) -> Zone."""

_ZONE_ABBR = "|".join(sorted((k for k in ZONES if k.isupper() and k != "Z"), key=len, reverse=True))
_ZONE = re.compile(
    rf"\s*(?:(?P<abbr>{_ZONE_ABBR})(?:\s*(?P<sign>[+-])\s*(?P<off>\d{{1,2}})(?::?(?P<offm>\d\d))?)?"
    r"(?![A-Za-z])"
    r"|(?P<name>(?i:(?:coordinated universal|greenwich mean|british summer) time"
    r"|(?:eastern|central|mountain|pacific|alaska)(?: (?:standard|daylight))?(?: time)?)(?![a-z]))"
    r"|(?P<local>(?i:local(?: time)?)(?![a-z])))"
    r"(?:\s*\((?:UTC|GMT)\))?",
)


def _ampm(group: str) -> str:
    return rf"(?P<{group}>[ap])(?:\.\s?m\.?|m\b\.?|\.m\b)"


_AMPM = _ampm("ap")
_H12 = r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?"
_WORD_HOURS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_WORD_HOUR = "|".join(_WORD_HOURS)
_CLOCK = re.compile(
    # "from 7 to 9 p.m.", "7-9 a.m.": a bare first hour takes the second one's a.m./p.m.
    rf"(?:(?P<h0>1[0-2]|0?[1-9])(?:[:.](?P<m0>[0-5]\d))?\s*(?:-|–|to|and|until)\s*)?"
    rf"\b{_H12}\s*{_AMPM}"
    rf"|\b(?P<wh>{_WORD_HOUR})\s+(?:{_ampm('wap')}|o['’]clock\b)"
    rf"|\b(?P<oh>1[0-2]|0?[1-9])\s*o['’]clock\b"
    r"|(?<![\d:.,])(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?![\d:]|\.\d)"
    r"|(?<![\d:.,])(?P<mil>(?:[01]\d|2[0-3])[0-5]\d)(?=\s*(?:hrs\b|hours\b|h\b|GMT|UTC|[A-Z]{2,4}T\b|local\b))"
    r"|\b(?P<noon>noon|midday|midnight)\b",
    re.I,
)
_IN_THE = re.compile(
    r"\s+(?:in the (?P<pm>afternoon|evening)|in the (?P<am>morning)|at night)", re.I
)
_NOT_CLOCK_AFTER = re.compile(
    r"\s*(?:to go|to play|left|remaining|minutes?|mins?|seconds?|secs?|into|elapsed"
    r"|in the (?:first|second|third|fourth|1st|2nd|3rd|4th|final) (?:quarter|half|period))\b",
    re.I,
)
_TIME_PREP = re.compile(
    r"(?:\b(?:at|around|about|approximately|by|until|till|from|between|since|before|after|"
    r"and|to|roughly|circa|shortly|just|past|c\.)\s+)$",
    re.I,
)
# hedges before a time: (words) -> (minutes before the reading, minutes after), None = keep
_HEDGE_SPEC = {
    "about": "about|around|approximately|roughly|some|circa|c.|approx.|approx|an estimated|"
    "at about|at around|at approximately|at roughly|at some|sometime around|sometime after|"
    "at or about|at or around|or so|just about",
    "nearly": "nearly|almost|close to|shortly before|just before|a little before|moments before|"
    "minutes before|soon before|just under|not long before",
    "after": "shortly after|just after|a little after|soon after|moments after|minutes after|"
    "just past|shortly past|a little past|not long after|just gone",
    "before": "before|earlier than|prior to",
    "later": "after|past|later than",
    "by": "by|until|till|no later than|not later than|up to",
    "since": "since|from|starting at|beginning at",
}
HEDGES: dict[tuple[str, ...], str] = {
    tuple(p.split()): kind for kind, spec in _HEDGE_SPEC.items() for p in spec.split("|")
}
_HEDGE_MAX = max(len(k) for k in HEDGES)


@dataclass(frozen=True)
class ClockTime:
    """A clock time in a sentence (offsets local to it).

    ``reading``: minutes after midnight as written (24-hour); ``low``/``high``: the interval
    it stands for (tolerance, hedge or range; may run below 0 or past 1440); ``zone``: as the
    text gives it (``None``: unstated); ``precise``: a minute the text states ("9:27", not
    "9:30" or "10 a.m."); ``restates``: index (in the sentence's list) of the time this one
    converts, when it is a bracketed conversion such as "(0800 GMT)"."""

    start: int
    end: int
    text: str
    reading: int
    low: float
    high: float
    zone: Zone | None
    hedge: str | None
    precise: bool
    restates: int | None = None


def _tolerance(minute: int, hedged: bool) -> float:
    """Half-width (minutes) a written reading stands for: round readings are rounded."""
    if minute == 0:
        return 15.0 if hedged else 10.0
    if minute == 30:
        return 10.0 if hedged else 5.0
    if minute % 15 == 0:
        return 7.0 if hedged else 3.0
    if minute % 5 == 0:
        return 5.0 if hedged else 2.0
    return 5.0 if hedged else 1.0


def _hedge_before(text: str, start: int) -> tuple[str, int] | None:
    """A hedge ending right before ``start``: (kind, its start offset)."""
    before = text[max(0, start - 40) : start]
    words = list(re.finditer(r"[A-Za-z]+\.?", before))
    if not words or before[words[-1].end() :].strip():
        return None
    for size in range(min(_HEDGE_MAX, len(words)), 0, -1):
        chunk = words[-size:]
        gaps = [before[chunk[k].end() : chunk[k + 1].start()] for k in range(size - 1)]
        if any(g.strip() for g in gaps):
            continue
        key = tuple(w.group().lower() for w in chunk)
        kind = HEDGES.get(key) or HEDGES.get(tuple(k.rstrip(".") for k in key))
        if kind:
            begin = max(0, start - 40) + chunk[0].start()
            bound = re.search(
                r"\b(by|until|till|since|from)\s+$", text[max(0, begin - 8) : begin], re.I
            )
            if bound and kind == "about":  # "by about 09:30": a bound, roughly
                kind = "since" if bound.group(1).lower() in ("since", "from") else "by"
                begin -= len(bound.group())
            return kind, begin
    return None


def _interval(reading: int, minute: int, hedge: str | None) -> tuple[float, float]:
    tol = _tolerance(minute, hedge == "about")
    if hedge in (None, "about"):
        return reading - tol, reading + tol
    if hedge == "nearly":
        return reading - 20.0, reading + 1.0
    if hedge == "after":
        return reading - 1.0, reading + 30.0
    if hedge == "later":
        return reading - 1.0, reading + 120.0
    if hedge == "before":
        return reading - 120.0, reading + 1.0
    if hedge == "by":
        return reading - 360.0, reading + 1.0
    return reading - 1.0, reading + 360.0  # since


def _zone_after(text: str, end: int) -> tuple[Zone | None, int]:
    m = _ZONE.match(text, end)
    if m is None:
        return None, end
    if m.group("local"):
        return LOCAL, m.end()
    if m.group("name"):
        words = m.group("name").lower().split()
        key = " ".join(words) if words[0] in ("coordinated", "greenwich", "british") else words[0]
        return ZONES[key], m.end()
    abbr = m.group("abbr")
    zone = ZONES[abbr]
    if m.group("sign") and zone.low == 0:
        off = int(m.group("off")) + int(m.group("offm") or 0) / 60
        off = -off if m.group("sign") == "-" else off
        zone = Zone(f"UTC{m.group('sign')}{m.group('off')}", off, off)
    return zone, m.end()


def _hour24(hour: int, ap: str | None) -> int:
    if ap is None:
        return hour
    hour %= 12
    return hour + 12 if ap.lower() == "p" else hour


def _reading(m: re.Match[str], text: str) -> tuple[int, int, int | None, int] | None:
    """(reading, written minute, first reading of a range, end) of one match, or None."""
    end = m.end()
    if m.group("h"):
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        reading = _hour24(hour, m.group("ap")) * 60 + minute
        first = None
        if m.group("h0"):
            h0, m0 = int(m.group("h0")), int(m.group("m0") or 0)
            first = _hour24(h0, m.group("ap")) * 60 + m0
            if first > reading:  # "11 to 1 p.m.": the first hour is in the morning
                first -= 720
        return reading, minute, first, end
    if m.group("wh"):
        hour = _WORD_HOURS[m.group("wh").lower()]
        ap = m.group("wap")
        if ap is None:
            after = _IN_THE.match(text, end)
            if after is None:
                return None  # "ten o'clock": morning or evening, the text does not say
            ap = "a" if after.group("am") else "p"
            end = after.end()
        return _hour24(hour, ap) * 60, 0, None, end
    if m.group("oh"):
        after = _IN_THE.match(text, end)
        if after is None:
            return None  # "at 10 o'clock": morning or evening, the text does not say
        ap = "a" if after.group("am") else "p"
        return _hour24(int(m.group("oh")), ap) * 60, 0, None, after.end()
    if m.group("H"):
        hour, minute = int(m.group("H")), int(m.group("M"))
        if _NOT_CLOCK_AFTER.match(text, end):
            return None  # a game clock or a duration: "with 4:08 to go", "6:00 minutes"
        zone, _ = _zone_after(text, end)
        hrs = re.match(r"\s*(?:hrs|hours|h)\b", text[end:], re.I)
        before = text[max(0, m.start() - 20) : m.start()]
        leading = m.group("H").startswith("0") or hour >= 13
        if zone is None and hrs is None and not (leading and _TIME_PREP.search(before)):
            return None  # "at 7:37" alone could be a.m. or p.m.; "3:16" could be anything
        if hrs:
            end += hrs.end()
        return hour * 60 + minute, minute, None, end
    if m.group("mil"):
        digits = m.group("mil")
        hour, minute = int(digits[:2]), int(digits[2:])
        zone, _ = _zone_after(text, end)
        hrs = re.match(r"\s*(?:hrs|hours|h)\b", text[end:], re.I)
        before = text[max(0, m.start() - 20) : m.start()]
        if zone is None and not (hrs and _TIME_PREP.search(before)):
            return None  # "2000 hours of footage"
        if hrs:
            end += hrs.end()
        return hour * 60 + minute, minute, None, end
    word = m.group("noon").lower()
    if m.group("noon") != word:
        return None  # "Noon" as a name
    return (0 if word == "midnight" else 720), 0, None, end


@lru_cache(maxsize=4096)
def clock_times(text: str) -> tuple[ClockTime, ...]:
    """Every clock time in ``text`` (a sentence), left to right."""
    if not _CUE.search(text):
        return ()
    found: list[ClockTime] = []
    for m in _CLOCK.finditer(text):
        parsed = _reading(m, text)
        if parsed is None:
            continue
        reading, minute, first, end = parsed
        zone, zend = _zone_after(text, end)
        start = m.start()
        if m.group("h0"):
            start = m.start("h0")
        hedge = None
        if first is not None:
            low, high = float(first), float(reading)
            hedge = "range"
            between = re.search(r"\b(?:between|from)\s+$", text[max(0, start - 12) : start], re.I)
            if between:
                start -= len(between.group())
        else:
            before = _hedge_before(text, start)
            if before is not None:
                hedge, start = before
            low, high = _interval(reading, minute, hedge)
        found.append(
            ClockTime(
                start,
                zend,
                text[start:zend],
                reading,
                low,
                high,
                zone,
                hedge,
                precise=minute % 5 != 0,
            )
        )
    return tuple(_join(text, found))


_CUE = re.compile(
    r"\d[:.]?\d?\s*(?:[ap]\.?\s?m|o['’]clock|GMT|UTC|hrs|hours|h\b|local|[A-Z]{2,4}T)|\d:\d\d"
    r"|noon|midday|midnight|o['’]clock",
    re.I,
)


def _join(text: str, found: list[ClockTime]) -> list[ClockTime]:
    """Ranges of two 24-hour times ("between 07:28 and 08:06 UTC"), and bracketed conversions
    ("3 p.m. (1200 GMT)", "9:40 p.m. Friday (1:40 a.m. ET Saturday)")."""
    out: list[ClockTime] = []
    for t in found:
        prev = out[-1] if out else None
        if prev is not None:
            gap = text[prev.end : t.start]
            between = re.search(
                r"\b(?:between|from)\s+$", text[max(0, prev.start - 12) : prev.start], re.I
            )
            if (
                re.fullmatch(r"\s*(?:and|to|until|till|-|–)\s*", gap)
                and (between or re.fullmatch(r"\s*(?:-|–)\s*", gap))
                and prev.hedge in (None, "since")
                and t.hedge is None
                and t.reading >= prev.reading
            ):
                start = prev.start - (len(between.group()) if between else 0)
                out[-1] = ClockTime(
                    start, t.end, text[start : t.end], t.reading, float(prev.reading),
                    float(t.reading), prev.zone or t.zone, "range", prev.precise or t.precise,
                )  # fmt: skip
                continue
            if re.fullmatch(r"[^()]{0,24}\(\s*", gap) and prev.restates is None:
                out.append(_restating(t, len(out) - 1))
                continue
        out.append(t)
    return out


def _restating(t: ClockTime, index: int) -> ClockTime:
    return ClockTime(
        t.start, t.end, t.text, t.reading, t.low, t.high, t.zone, t.hedge, t.precise, index
    )


_DATELINE = re.compile(
    r"\W*(?:updated|posted|published|last updated|first published|first posted|created|"
    r"modified|posted on|published on)\b",
    re.I,
)


def is_dateline(text: str) -> bool:
    """A stamp line left in the body ("Updated 4 / 9 / 2007 6:04 PM"): no event's time."""
    return bool(_DATELINE.match(text)) and len(text.split()) <= 14


def overlap(a: tuple[float, float], b: tuple[float, float], period: float = DAY) -> bool:
    """Do intervals of minutes overlap on a clock (``period`` wraps: 23:50..00:10 meets 00:05)?"""
    return any(a[0] <= b[1] + s and b[0] + s <= a[1] for s in (-period, 0.0, period))


def display(minutes: float) -> str:
    """A reading as "7:05 p.m." (for reasons)."""
    m = round(minutes) % DAY
    hour, minute = divmod(m, 60)
    if m == 720:
        return "noon"
    if m == 0:
        return "midnight"
    ap = "a.m." if hour < 12 else "p.m."
    return f"{(hour % 12) or 12}:{minute:02d} {ap}"
