"""Game times in sports reports: when in a game a play happened ("late in the fourth quarter",
"with 4:08 to play", "on the first play of the second half", "Charles' second quarter score",
"in the 4th quarter", "midway through the second period").

``game_times(text)`` returns each with the part of the game it names, as ``progress``
(``low``..``high``) in periods of its ``scale``: quarters (halves are two quarters: the
second half is 2..4), periods (three, as in hockey) or innings (nine).  Within a period,
"early" is its first 40 %, "midway" 30-70 %, "late" its last 40 %, "later in" its last 75 %;
a game clock ("with 10:03 to play in the third quarter", "6:00 minutes remaining", "just over
four minutes to play") gives a position when the period's length is known (``PERIOD_MINUTES``:
quarters of 15 minutes when the article reads as American football, 12 for basketball),
otherwise it is kept as minutes remaining (``remaining``) and compared only with another clock.

``plays(text)`` gives the kinds of play a sentence reports (a score, a field goal, an
interception, a fumble, a stop on downs, a tie, a drive): a game time is a fact only of a play.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kzreader.facts.lexicon import words

_ORD = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9,
}  # fmt: skip
_ORDS = "|".join(_ORD)
_UNITS = {"quarter": ("quarter", 1.0), "half": ("quarter", 2.0), "period": ("period", 1.0),
          "inning": ("inning", 1.0)}  # fmt: skip
_SIZES = {"quarter": 4, "period": 3, "inning": 9}
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
}  # fmt: skip
_PERIOD = re.compile(
    r"\b(?:(?P<pos>early|late|midway|later|earlier|very early|very late)\s+"
    r"(?:in|into|through)?\s*(?:the\s+)?)?(?:(?P<mid>midway through|halfway through|the middle "
    r"of|the end of|the start of|the beginning of|towards the end of|toward the end of)\s+"
    r"(?:the\s+)?)?"
    rf"(?P<ord>{_ORDS}|final|last|opening)[\s-]+(?P<unit>quarter|half|period|inning)s?\b",
    re.I,
)
_BARE = re.compile(
    rf"\b(?P<pos>early|late|midway)\s+(?:in|into|through)\s+the\s+(?P<ord>{_ORDS})\b"
    r"(?![\s-]+(?:quarter|half|period|inning|down))",
    re.I,
)
_FIRST_PLAY = re.compile(
    r"\b(?:on\s+)?the\s+(?:first|opening)\s+(?:play|snap|drive|possession)(?:\s+from\s+scrimmage)?"
    r"\s+of\s+the\s+(?:(?P<ord>second|first|2nd|1st)\s+)?(?P<unit>half|game|quarter)\b"
    r"|\b(?:kicked off|opened|started|to open|to start|to begin|began)\s+the\s+"
    r"(?P<ord2>second|2nd)\s+half"
    r"|\b(?:the\s+)?(?:game's\s+)?(?:opening|first)\s+(?:drive|possession|play|series)\b"
    r"(?!\s+of\s+the)",
    re.I,
)
_CLOCK = re.compile(
    r"\bwith\s+(?:(?P<hedge>just over|just more than|more than|just under|under|less than|about|"
    r"around|nearly|almost)\s+)?(?:(?P<mm>\d{1,2}):(?P<ss>[0-5]\d)(?:\s+minutes?)?|(?P<n>\d{1,2}|"
    + "|".join(_WORD_NUMBERS)
    + r")\s+minutes?)\s+(?:left|to go|to play|remaining|on the clock)"
    rf"(?:\s+in\s+the\s+(?:(?P<ord>{_ORDS}|final)[\s-]+)?(?P<unit>quarter|half|period|inning|game))?",
    re.I,
)
_FOOTBALL = re.compile(
    r"\b(?:touchdowns?|field goal|quarterback|yards?|interceptions?|punts?|kickoff|end zone|"
    r"fourth-and|third-and|rushing|sacks?)\b",
    re.I,
)
_BASKETBALL = re.compile(r"\b(?:rebounds?|three-pointers?|free throws?|dunks?|layups?|nba)\b", re.I)
PERIOD_MINUTES = {"football": 15.0, "basketball": 12.0}

_PLAYS = {
    "score": "touchdown touchdowns td tds score scored scoring scores goal goals homer homered "
    "basket",
    "fieldgoal": "field-goal fg",
    "interception": "interception interceptions intercepted pick-six",
    "fumble": "fumble fumbled fumbles",
    "stop": "stuffed sneak fourth-and-one fourth-and-inches fourth-and-goal",
    "sack": "sack sacked sacks",
}
PLAY_OF: dict[str, str] = {w: cls for cls, spec in _PLAYS.items() for w in words(spec)}
_PHRASES = {
    "field goal": "fieldgoal", "fourth down": "stop", "on downs": "stop", "stopped short": "stop",
    "picked off": "interception", "go-ahead drive": "score", "game-winning drive": "score",
    "game winning drive": "score", "winning drive": "score", "scoring drive": "score",
    "tied the game": "tie", "tie the game": "tie", "tying the game": "tie", "tied it": "tie",
    "tied the score": "tie", "knotted": "tie",
}  # fmt: skip
_STATE = re.compile(
    r"\bthe score (?:tied|was|at|stood|is|of)\b|\bwith the score\b"
    r"|\bscoring (?:opportunity|opportunities|chance|chances|threat|position|range)\b",
    re.I,
)


@dataclass(frozen=True)
class GameTime:
    """A time in a game (offsets local to the sentence): ``progress`` (``low``..``high``) in
    periods of ``scale`` ("quarter", "period", "inning"), or, for a game clock in a period the
    text does not name, ``remaining`` minutes (``low``..``high``) with ``scale`` "clock"."""

    start: int
    end: int
    text: str
    scale: str
    low: float
    high: float
    remaining: tuple[float, float] | None = None


_SPORTS = re.compile(
    r"\b(?:touchdowns?|quarterbacks?|field goals?|interceptions?|rebounds?|three-pointers?|"
    r"free throws?|puck|power play|innings?|pitchers?|home runs?|goalkeepers?|strikers?|penalty "
    r"kick|halftime|overtime|playoffs?|seasons?|coach(?:es)?|scored|fumbled?|rushing|"
    r"[0-9]{1,3}-[0-9]{1,3} (?:win|victory|loss|defeat))\b",
    re.I,
)


def sport(article_text: str) -> str | None:
    """ "football" or "basketball" when the article reads as one (for period lengths), "sport"
    for another game report, None for no game at all ("fourth-quarter profit")."""
    if len(_FOOTBALL.findall(article_text)) >= 2:
        return "football"
    if len(_BASKETBALL.findall(article_text)) >= 2:
        return "basketball"
    if len({m.group().lower() for m in _SPORTS.finditer(article_text)}) >= 3:
        return "sport"
    return None


def _position(pos: str | None, mid: str | None) -> tuple[float, float]:
    p = (pos or "").lower()
    m = (mid or "").lower()
    if "end" in m or p in ("late", "very late"):
        return (0.6, 1.0) if p != "very late" else (0.8, 1.0)
    if "start" in m or "beginning" in m or p in ("early", "very early"):
        return (0.0, 0.4) if p != "very early" else (0.0, 0.2)
    if "midway" in m or "halfway" in m or "middle" in m or p == "midway":
        return 0.3, 0.7
    if p == "later":
        return 0.25, 1.0
    if p == "earlier":
        return 0.0, 0.75
    return 0.0, 1.0


def _remaining(m: re.Match[str]) -> tuple[float, float]:
    if m.group("mm"):
        value = int(m.group("mm")) + int(m.group("ss")) / 60
        tol = 0.1
    else:
        n = m.group("n").lower()
        value = float(n) if n.isdigit() else float(_WORD_NUMBERS[n])
        tol = 0.5
    hedge = (m.group("hedge") or "").lower()
    if hedge in ("just over", "just more than", "more than"):
        return value, value + 1.0
    if hedge in ("just under", "under", "less than", "nearly", "almost"):
        return value - 1.0, value
    if hedge in ("about", "around"):
        return value - 1.0, value + 1.0
    return value - tol, value + tol


def _period_span(ord_word: str, unit: str) -> tuple[str, float, float] | None:
    scale, size = _UNITS[unit.lower()]
    o = ord_word.lower()
    count = _SIZES[scale] / size
    n = count if o in ("final", "last") else 1 if o == "opening" else _ORD.get(o)
    if n is None or n > count:
        return None
    return scale, (n - 1) * size, n * size


_CUE_WORDS = ("quarter", "half", "period", "inning", "minute", ":", "opening", "first", "early in",
              "late in", "midway")  # fmt: skip


def has_cue(text: str) -> bool:
    """Could ``text`` hold a game time at all (a cheap test before anything else)?"""
    low = text.lower()
    return any(w in low for w in _CUE_WORDS) and bool(_CUE.search(text))


@lru_cache(maxsize=4096)
def game_times(text: str, kind_of_sport: str | None = None) -> tuple[GameTime, ...]:
    """The game times of one sentence, left to right (``kind_of_sport``: ``sport(article)``)."""
    if not _CUE.search(text):
        return ()
    found: list[GameTime] = []
    taken: list[tuple[int, int]] = []
    for m in _CLOCK.finditer(text):
        rem = _remaining(m)
        start, end = m.start(), m.end()
        length = PERIOD_MINUTES.get(kind_of_sport or "")
        if m.group("unit") and m.group("unit").lower() != "game":
            span = _period_span(m.group("ord") or "final", m.group("unit"))
        else:
            span = None
        if span is None:
            # no period: the game clock alone ("with 4:08 to go"); with one, a late-game clock
            found.append(GameTime(start, end, text[start:end], "clock", rem[0], rem[1], rem))
        else:
            scale, lo, hi = span
            if length is None or scale != "quarter" or hi - lo != 1:
                found.append(GameTime(start, end, text[start:end], "clock", rem[0], rem[1], rem))
            else:
                a = lo + max(0.0, 1 - rem[1] / length)
                b = lo + min(1.0, 1 - rem[0] / length)
                found.append(GameTime(start, end, text[start:end], scale, a, b, rem))
        taken.append((start, end))
    for m in _FIRST_PLAY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        unit = (m.group("unit") or "game").lower()
        if m.group("ord2"):
            unit, o = "half", "second"
        elif unit in ("half", "quarter") and not m.group("ord"):
            continue  # "the first play of the half": which half, the sentence does not say
        else:
            o = (m.group("ord") or "first").lower()
        base = 2.0 if unit == "half" and o in ("second", "2nd") else 0.0
        found.append(GameTime(m.start(), m.end(), m.group(), "quarter", base, base + 0.05))
        taken.append((m.start(), m.end()))
    for m in list(_PERIOD.finditer(text)) + list(_BARE.finditer(text)):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        groups = m.groupdict()
        unit = groups.get("unit") or "quarter"
        span = _period_span(groups["ord"], unit)
        if span is None:
            continue
        scale, lo, hi = span
        a, b = _position(groups.get("pos"), groups.get("mid"))
        found.append(GameTime(m.start(), m.end(), m.group(), scale, lo + a * (hi - lo),
                              lo + b * (hi - lo)))  # fmt: skip
        taken.append((m.start(), m.end()))
    found.sort(key=lambda g: g.start)
    if _OTHER_GAME.search(text):
        return ()  # "the only loss, in week 3, ... late in the 4th quarter": another game
    return tuple(g for g in found if not _TRANSITION.search(text[max(0, g.start - 24) : g.start]))


_TRANSITION = re.compile(
    r"(?:entering|heading into|going into|into|throughout|through|all of|for most of)\s+"
    r"(?:the\s+)?$",
    re.I,
)
_OTHER_GAME = re.compile(
    r"\b(?:week \d+|last week|last season|last year|next week|next season|earlier this season|"
    r"previous (?:game|meeting)|last (?:game|meeting|time))\b",
    re.I,
)
_CUE = re.compile(
    r"quarter|half\b|period|inning|minutes? (?:left|to go|to play|remaining)|\d:\d\d (?:left|"
    r"to go|to play|remaining|minutes)|opening (?:drive|possession|play|series)|first "
    r"(?:play|drive|possession)|(?:early|late|midway) (?:in|into|through) the",
    re.I,
)
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


_CLAUSE = re.compile(
    r"[;:]|,\s+(?:but|and|while|when|as|after|before)\b"
    r"|\s+(?:but|and then|and they|when|while|after|before|as (?:his|her|their|the|a))\s+",
    re.I,
)


@lru_cache(maxsize=4096)
def clause_plays(text: str, start: int, end: int) -> frozenset[str]:
    """The plays of the clause of ``text[start:end]`` ("they stuffed Quinn ... early in the
    fourth quarter", not the interception of the clause before), or of the sentence when its
    own clause reports none ("got the ball back late in the fourth quarter, but Quinn was
    stuffed")."""
    lo, hi = 0, len(text)
    for m in _CLAUSE.finditer(text):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return plays(text[lo:hi]) or plays(text)


def plays(text: str) -> frozenset[str]:
    """The kinds of play a text reports ("touchdown", "intercepted", "field goal"; not "the
    score tied 13-13", a state of the game)."""
    low = _STATE.sub(" ", text.lower())
    found = {cls for phrase, cls in _PHRASES.items() if phrase in low}
    for m in _WORD.finditer(low):
        w = m.group()
        cls = PLAY_OF.get(w) or PLAY_OF.get(w.split("-")[-1])
        if cls:
            found.add(cls)
    return frozenset(found)


def overlap(a: GameTime, b: GameTime) -> bool | None:
    """Do two game times meet (None when they are on different scales)?"""
    if a.scale == b.scale:  # half-open: the second quarter ends where the third begins
        return (
            a.low < b.high and b.low < a.high
            if a.scale != "clock"
            else (a.low <= b.high and b.low <= a.high)
        )
    for x, y in ((a, b), (b, a)):
        if x.scale == "clock" and y.remaining is not None:
            return x.low <= y.remaining[1] and y.remaining[0] <= x.high
    return None
