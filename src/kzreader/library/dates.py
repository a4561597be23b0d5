"""Publication dates as news pages print them: "Posted Jan 5, 2022 6:10 PM CST",
"3 July 2013 Last updated at 13:38 GMT", "Tue Jul 02 2013, 14:58 hrs", "Updated 5/5/2010 1:41 PM".

``parse_date`` finds the first date in a string; ``date_line`` accepts a whole line only when it
is mostly a date (a header line, not a sentence that mentions one).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # Jan 5, 2022 / July 2nd, 2013
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),  # 3 July 2013
    re.compile(r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)\b"),  # 5/5/2010, 11/10/11
)
_TIME = re.compile(
    r"(?<![\d/:])(?P<h>[012]?\d)(?::(?P<mi>[0-5]\d))(?::(?P<s>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?:hrs|hours))?(?:\s*(?P<tz>[A-Z]{2,5}|UK)\b)?",
    re.I,
)
_ISO = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?")
_HHMM_TZ = re.compile(r"\b(?P<h>[012]\d)(?P<mi>[0-5]\d)\s+(?P<tz>GMT|UTC)\b")
_DAY_NAMES = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\b\.?", re.I
)
_HEADER_WORDS = re.compile(
    r"\b(?:posted|published|updated|last|first|at|on|hrs|am|pm|a\.m\.|p\.m\.|uk|et|gmt|utc|"
    r"[A-Z]{2,4}T)\b|[|,:()\-–—/.]",
    re.I,
)
_FIXED_OFFSETS = {
    "GMT": 0,
    "UTC": 0,
    "Z": 0,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "WIB": 7,
    "HKT": 8,
    "AWST": 8,
    "JST": 9,
    "AEST": 10,
    "AEDT": 11,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "PT": "America/Los_Angeles"}
_ZONES["UK"] = "Europe/London"


def _zone(name: str) -> tzinfo | None:
    name = name.upper()
    if name in _FIXED_OFFSETS:
        return timezone(timedelta(hours=_FIXED_OFFSETS[name]), name)
    if name in _ZONES:
        try:
            return ZoneInfo(_ZONES[name])
        except ZoneInfoNotFoundError:
            return None
    return None


def _find_date(text: str) -> tuple[int, int, int, re.Match[str]] | None:
    best: tuple[int, int, int, re.Match[str]] | None = None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None or (best is not None and match.start() >= best[3].start()):
            continue
        groups = match.groupdict()
        if "mon" in groups:
            year, month, day = (
                int(groups["year"]),
                _MONTHS[groups["mon"].lower()],
                int(groups["day"]),
            )
        else:
            month, day, year = int(groups["m"]), int(groups["d"]), int(groups["y"])
            year += 2000 if year < 100 else 0
            if month > 12 >= day:
                month, day = day, month
        if 1 <= month <= 12 and 1 <= day <= 31:
            best = (year, month, day, match)
    return best


def parse_date(text: str) -> datetime | None:
    """The first date in ``text`` with the time and zone printed near it; None when there is none.

    A stated zone gives an aware datetime; no zone gives a naive one; no time gives midnight.
    """
    iso = _ISO.search(text)
    if iso is not None:
        try:
            return datetime.fromisoformat(iso.group().replace(" ", "T", 1))
        except ValueError:
            pass  # not a real date (month 13): try the printed forms below
    found = _find_date(text)
    if found is None:
        return None
    year, month, day, match = found
    hour = minute = second = 0
    zone: tzinfo | None = None
    # the time printed after the date, else before it ("7:00pm UK, Wednesday 05 May 2010")
    after, before = (
        text[match.end() : match.end() + 40],
        text[max(0, match.start() - 40) : match.start()],
    )
    time_match = _TIME.search(after) or _TIME.search(before)
    hhmm = _HHMM_TZ.search(before) or _HHMM_TZ.search(after)
    if time_match is not None:
        hour, minute = int(time_match["h"]), int(time_match["mi"])
        second = int(time_match["s"] or 0)
        ampm = (time_match["ampm"] or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        if time_match["tz"]:
            zone = _zone(time_match["tz"])
    elif hhmm is not None:
        hour, minute, zone = int(hhmm["h"]), int(hhmm["mi"]), _zone(hhmm["tz"])
    if hour > 23:
        hour = minute = second = 0
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


def date_line(line: str) -> datetime | None:
    """The date of a header line that is mostly a date ("Published: April 10, 2007"), else None."""
    if len(line) > 90:
        return None
    if _ISO.fullmatch(line):
        try:
            return datetime.fromisoformat(line.replace(" ", "T", 1))
        except ValueError:
            return None
    found = parse_date(line)
    if found is None:
        return None
    rest = _DAY_NAMES.sub(" ", line)
    for pattern in (*_DATE_PATTERNS, _TIME, _HHMM_TZ):
        rest = pattern.sub(" ", rest)
    rest = _HEADER_WORDS.sub(" ", rest)
    leftover = [w for w in rest.split() if not w.isdigit()]
    return found if len(leftover) <= 2 else None
