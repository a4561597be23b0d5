"""Measure claims: a number with a unit (distance, speed, depth, duration, magnitude, percent,
temperature, calibre, area, data, frequency, sports yards; scores and records), its value in the
canonical unit of its dimension (``text.units``) and what the number measures in its clause.

What a figure is read as:

- a unit after it, spaced, glued or hyphenated ("10 km", "48km", "86-yard", "193km/h", "miles
  per hour", "170,000-square-foot"), or a unit noun before it ("magnitude 6.1", "a preliminary
  magnitude of 4.4", "yardage to 4,183"); a bare decimal before a quake noun is a magnitude ("a
  6.1 quake"); "half a mile", "a mile and a half", "half of its revenue" (50%);
- glued "m" and "k" only by context: "a 60m drop" is metres (a word of height or distance
  follows), "a 5k race" kilometres; with no such context the figure is no measure (never
  millions by default: ``numbers`` reads "60m" as 60 million, money keeps that reading);
- temperatures with or without a scale ("minus 17 degrees", "-20C", "temperatures were minus
  20"): without one the unit is ``deg`` and the comparator tries both scales;
- a conversion in brackets ("10 km (6 miles)") is kept with its figure, not a claim of its own;
- sports: "an 86-yard touchdown run" (what ran: ``run``), "4,183 passing yards", "ran for 226
  yards"; a field position ("the 27-yard line") is no distance; scores ("won 20-13") and
  records ("improved to 10-5", "(2-13)") are pairs, unit ``pts`` / ``W-L``.

What the number measures (``role``) and whose it is (``subjects``) come from its clause, and
decide in ``compare.measures`` whether two claims can be one fact: the landmark of a distance
("north of Detroit", "from the border") and the thing located there ("the building" vs "a
motorist"); depth, height, speed; the play a yardage measures and its kind (passing, rushing);
what a percentage is a share or a change of, and which way ("rose" / "fell"); the names next to
it.  A year or "last year" before the number (or after it in its own clause) marks a background
event ("In 2004, a magnitude 9.1 quake"): ``anchor``.  ``cue`` marks a revised figure
("preliminary", "originally", "revised": ``update``) or a passing state ("at one point", "has
since improved": ``peak``).  The shared clause readers here are also money's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from kzreader.facts import lexicon as lx
from kzreader.facts.context import Found, SentenceContext
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text.attribution import attribution
from kzreader.facts.text.names import Mention, name_key
from kzreader.facts.text.numbers import UNITS as NUMBER_WORDS
from kzreader.facts.text.numbers import Number, find_numbers, hedge_interval
from kzreader.facts.text.textsim import STOP, stem
from kzreader.facts.text.units import LONGEST, UNITS, Unit, round_width, to_canonical

Tok = tuple[str, int, int]

_CUE_WORDS = frozenset(
    {w.split()[0].split("/")[0] for w in UNITS}
    | {"%", "°", "magnitude", "richter", "yardage", "temperature", "temperatures", "minus"}
    | {"half", "third", "thirds", "quarter", "quarters", "fourth", "fifth", "quake", "earthquake"}
    | {"temblor", "tremor", "aftershock", "per", "k"}
)
"""Words one of which a sentence with a measure holds (the first word of every unit name, and
the nouns that stand before a figure): a cheap test first, it runs on every sentence."""
_NUMBER_WORDS = (frozenset(NUMBER_WORDS) - {"zero"}) | {"hundred", "thousand", "a", "an", "half"}
_WORD_UNIT = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|a|an|half)[\s-]+"
    r"(?:mile|kilomet|metre|meter|feet|foot|yard|"
    r"second|minute|hour|day|week|month|percent|per cent|inch)",
    re.I,
)

QUAKE_NOUNS = lx.words("quake quakes earthquake earthquakes temblor tremor tremors aftershock")
_FRACTIONS = {
    "half": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0,
    "fourth": 25.0, "fourths": 25.0, "fifth": 20.0, "fifths": 20.0,
}  # fmt: skip
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_METRE_CONTEXT = lx.words(
    "tall high deep long wide away above below off from beneath underground down up drop fall "
    "fell plunge wave waves race sprint dash hurdles freestyle backstroke butterfly breaststroke "
    "relay final metres meters height depth altitude"
)
_METRE_BEFORE = lx.words("depth height altitude length width distance elevation")
_KM_CONTEXT = lx.words("race run walk runs races fun")
_WEAPONS = lx.words(
    "pistol pistols handgun handguns gun guns rifle rifles revolver revolvers shotgun shotguns "
    "semi-automatic semiautomatic bullet bullets round rounds ammunition weapon weapons cartridge "
    "cartridges carbine shell shells"
)
_TEMPERATURE = lx.words("temperature temperatures temps degrees degree chill freezing")
_DEPTH = lx.words("depth deep beneath underground below underwater")
_HEIGHT = lx.words("high tall height altitude elevation above")
_WIND = lx.words("wind winds gust gusts gusting")
DIRECTIONS = lx.words(
    "north south east west northeast northwest southeast southwest northern southern eastern "
    "western off from away outside inside of"
)
COMPASS = lx.words(
    "north south east west northeast northwest southeast southwest northern southern eastern "
    "western"
)
_POSITION = lx.words("line marker")  # "the 27-yard line": a field position
_PLAYS = {
    **dict.fromkeys(lx.words("run runs rush rushes scamper scampers dash carry carries scramble"),
                    "run"),
    **dict.fromkeys(lx.words("pass passes throw throws toss reception catch strike"), "pass"),
    **dict.fromkeys(lx.words("drive drives march"), "drive"),
    **dict.fromkeys(lx.words("return returns"), "return"),
    **dict.fromkeys(lx.words("goal kick punt punts"), "kick"),
    **dict.fromkeys(lx.words("pursuit chase"), "chase"),
}  # fmt: skip
_STATS = {
    **dict.fromkeys(lx.words("passing passed throwing threw"), "passing"),
    **dict.fromkeys(lx.words("rushing rushed ran running"), "rushing"),
    **dict.fromkeys(lx.words("receiving caught"), "receiving"),
    **dict.fromkeys(lx.words("total offense"), "total"),
}  # fmt: skip
_SEASON = lx.words("season career seasons")
UP = lx.words(
    "rose rise rises rising risen up gained gain gains added adding jumped jump jumps soared "
    "soaring surged surging climbed climbing increased increase increases grew higher advanced "
    "rallied rebounded"
)
DOWN = lx.words(
    "fell fall falls falling fallen down dropped drop drops dropping lost losing sagged sank "
    "plunged plunging plummeted tumbled slid slumped declined decline declines decreased "
    "decrease lower shed eased slipped cut"
)
CLOSING = lx.words("closed closing finished ended settled")
_UPDATE_CUES = lx.words(
    "preliminary initially originally revised upgraded downgraded first-reported initial "
    "earlier-reported"
)
_PEAK_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in (
        "at one point",
        "at its peak",
        "at the peak",
        "at its height",
        "at the height",
        "has now improved",
        "has since improved",
        "have since improved",
        "has improved",
        "has since eased",
        "has now eased",
        "since been restored",
        "at worst",
    )
)
_PEAK_STARTS = frozenset(p[0] for p in _PEAK_PHRASES)
_SEGMENT_BREAKS = frozenset([",", ";", ":", "—", "–", "and", "while", "but", "whereas", "("])
_CLAUSE_BREAKS = frozenset([";", "that", "which", "who", "where", "as", "when", "whose"])
_BACKGROUND = lx.words("previous former old year-old earlier prior")
_ANCHOR_AFTER = lx.words("in of during the a ,")


@dataclass(frozen=True)
class Reading:
    """A figure read as a measure, in one sentence (token indices, local char offsets)."""

    start: int  # chars of the value as highlighted
    end: int
    tok_start: int
    tok_end: int  # token after the unit
    value: float  # in the written unit
    low: float
    high: float
    written: str  # the digits as written (for rounding)
    unit: Unit
    unit_word: str
    role: str | None = None
    hedge: str | None = None
    pair: tuple[int, int] | None = None  # scores and records
    glued_unit: bool = False  # "86-yard": the figure modifies the noun after it


@dataclass(eq=False, kw_only=True)
class MeasureClaim(Found):
    """A measure claim and what ``compare.measures`` needs to align and judge it."""

    claim: Claim
    dimension: str
    unit: Unit  # as written
    written: float  # the figure in its written unit
    low: float  # canonical, after hedges
    high: float
    tolerance: float  # canonical: rounding of the written figure
    round_wide: float  # canonical: rounding if the figure is a conversion
    role: str | None
    landmark: str | None
    locatum: str | None
    subjects: frozenset[str]
    anchor: int | None
    cue: str | None
    direction: str | None
    scope: str | None
    closing: bool  # "closed down 3.9 percent": the day's final figure
    pair: tuple[int, int] | None
    predicate: str | None  # for shares: "lost" (out of service) or "carried" (carried by)
    clock: tuple[int, ...]  # clock times the sentence gives, minutes after midnight
    conversion: tuple[float, float] | None  # the bracketed conversion, canonical interval
    published: datetime | None
    words: list[str]
    vector: dict[str, float] | None = None


# -- the clause around a figure, shared with money -------------------------------------------


def segment(toks: list[Tok], low: list[str], a: int, b: int) -> tuple[int, int]:
    """The stretch of the sentence around tokens a..b between commas, "and", "while"..."""
    s = a
    while s > 0 and low[s - 1] not in _SEGMENT_BREAKS:
        s -= 1
    e = b
    while e < len(toks) and low[e] not in _SEGMENT_BREAKS:
        e += 1
    return s, e


def _named(m: Mention) -> bool:
    """A mention that names something (not "At" or "Meanwhile" opening a sentence)."""
    return any(p.lower() not in STOP and p.lower() not in _NOT_NAMES for p in m.parts) and (
        m.text.lower() not in lx.MONTHS | lx.WEEKDAYS
    )


def subjects(ctx: SentenceContext, a: int, b: int, *, whole: bool = False) -> frozenset[str]:
    """Name keys that own the figure at tokens a..b: the names of its segment before it, else
    every name before it in the sentence, else the names of its segment after it (``whole``:
    every name of the sentence, for a game's score, which two teams own)."""
    toks = ctx.tokens
    low = lowered(ctx)
    s, e = segment(toks, low, a, b)
    start, end = toks[s][1] if s < len(toks) else 0, toks[e - 1][2] if e > 0 else 0
    here, before = toks[a][1] if a < len(toks) else 0, toks[b - 1][2] if b > 0 else 0
    names = [m for m in ctx.mentions if _named(m)]
    own = names if whole else [m for m in names if start <= m.start and m.end <= here]
    if not own and s > 0 and low[s - 1] == "(" and s > 1:
        own = [m for m in names if m.end == toks[s - 2][2]]  # "the Jags (5-10)"
    if not own and s > 1 and low[s] in ("who", "which"):
        # "the Chiefs, who had 352 yards": the name just before the comma owns the figure
        own = [m for m in names if m.end == toks[s - 2][2]]
    if not own:
        own = [m for m in names if before <= m.start and m.end <= end][:1]
    if not own:
        own = [m for m in names if m.end <= here]
    keys = {
        k
        for m in own
        for p in m.parts
        if p.lower() not in STOP and p.lower() not in _NOT_NAMES and len(k := name_key(p)) > 1
    }
    for m in own:  # "Acme-Bolton" and "Global Data Works" answer to "AB" and "GDW"
        words = [
            w
            for p in m.parts
            for w in p.split("-")
            if w[:1].isupper() and w[1:2].islower() and w.lower() not in _NOT_NAMES
        ]
        if len(words) >= 2:
            keys.add("".join(w[0] for w in words).lower())
        for p in m.parts:
            pieces = [w for w in p.split("-") if w[:1].isupper() and w[1:2].islower()]
            if len(pieces) >= 2:
                keys.add("".join(w[0] for w in pieces).lower())
    return frozenset(keys)


_NOT_NAMES = lx.words(
    "he she it they we i you outside inside sheriff's police meanwhile however but also yet "
    "still later earlier today yesterday then now there here this that these those "
    "corp corporation co inc ltd plc llc group industries international holdings company "
    "bank oil gulf national general united north south east west new"
)
"""Capitalised words that name no one in particular (sentence openers, company suffixes,
compass words): they never make two figures one party's."""


def anchor(
    ctx: SentenceContext, low: list[str], a: int, b: int, *, events: bool = True
) -> int | None:
    """The year of a background event the figure belongs to: a year before it in the sentence,
    or after it in its own clause; "last year" too (``lexicon.PAST`` when the article's date is
    unknown).  None: this event (a year equal to the article's own counts as this event).
    ``events=False`` (shares, money): "last year" is the period of a figure ("revenue last
    year"), not another event, and does not anchor it."""
    published = ctx.published
    best: tuple[int, int] | None = None  # (distance in tokens, year)
    for k, w in enumerate(low):
        if a <= k < b:
            continue
        if k > a and any(low[m] in _CLAUSE_BREAKS for m in range(b, k)):
            continue  # "... a region that was devastated by the tsunami of 2004"
        year = None
        if len(w) == 4 and w.isdigit() and 1800 <= int(w) <= 2100:
            prev = low[k - 1] if k else ""
            # before the figure any year dates it; after it, "in 2002", "May 2012", not
            # "its biggest deal since 2002"
            if k < a or prev in lx.MONTHS or prev in _ANCHOR_AFTER:
                year = int(w)
        elif w == "last" and k + 1 < len(low) and low[k + 1] == "year" and events:
            year = published.year - 1 if published else lx.PAST
        elif w in lx.MONTHS and published is not None:
            day = low[k + 2] if k + 2 < len(low) and low[k + 1] == "." else low[k + 1 : k + 2]
            day = day if isinstance(day, str) else (day[0] if day else "")
            if day.isdigit() and 1 <= int(day) <= 31:
                month = _MONTH_NUMBER.get(w[:3], 0)
                when = (published.month - month) * 31 + published.day - int(day)
                if abs(when) > 3:
                    year = -(month * 100 + int(day))  # another day: "On April 20, a 6.4 quake"
        if year is None or (published is not None and year == published.year):
            continue
        if best is None or abs(k - a) < best[0]:
            best = (abs(k - a), year)
    if best is None and events and _background_before(low, a):
        return lx.PAST
    return best[1] if best else None


_MONTH_NUMBER = {
    m: n
    for n, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_REPORT_NOUNS = lx.words(
    "report reports estimate estimates figure figures reading readings version update night "
    "week weekend month time year"
)


def _background_before(low: list[str], a: int) -> bool:
    """An earlier event named before the figure: "The last earthquake measuring 3.0",
    "the previous record of 4,051 yards", "since Charles' 80-yard run"."""
    for k in range(a - 1, -1, -1):
        if low[k] == ";":
            break
        w = low[k]
        nxt = low[k + 1] if k + 1 < len(low) else ""
        if w in ("last", "previous", "prior") and nxt.isalpha() and nxt not in _REPORT_NOUNS:
            return True
        if w == "since" and a - k <= 5:
            return True
    return False


def cue(low: list[str], a: int) -> str | None:
    """``update`` for a figure worded as a first or revised estimate, ``peak`` for one worded
    as a passing state ("at one point", "has since improved"), else None."""
    present = _PEAK_STARTS.intersection(low)
    for phrase in _PEAK_PHRASES if present else ():
        if phrase[0] not in present:
            continue
        n = len(phrase)
        if any(tuple(low[k : k + n]) == phrase for k in range(len(low) - n + 1)):
            return "peak"
    # the revision words of this figure: "a preliminary magnitude of 4.4", "a revised 2.4 pct",
    # "which originally had rated the quake as 4.4" (not another figure's "revised")
    for k in range(a - 1, max(a - 8, -1), -1):
        if low[k] in (";", ",", "and", "while", "but"):
            break
        if low[k] in _UPDATE_CUES:
            return "update"
    return None


def closing(low: list[str], a: int) -> bool:
    """The day's final figure: "closed down 3.9 percent", "ended 2 percent higher", "finished
    at" (not "in the week ended February 25")."""
    for k in range(a - 1, max(a - 4, -1), -1):
        if low[k] in CLOSING:
            return True
        if low[k] not in _CLOSE_WORDS:
            return False
    return False


_CLOSE_WORDS = lx.words("up down at higher lower off by -")


def direction(low: list[str], a: int, b: int) -> str | None:
    """Which way a change goes, from the verb just before the figure ("rose 5%", "fell by")."""
    for k in range(a - 1, max(a - 9, -1), -1):
        w = low[k]
        if w in UP:
            return "up"
        if w in DOWN:
            return "down"
        if w in (";", "to", "at", "of", "and", "while"):
            break  # ("soared $5.27, or nearly 28 percent": across the restated change)
    return None


# -- reading figures --------------------------------------------------------------------------


def _unit_at(toks: list[Tok], low: list[str], k: int) -> tuple[Unit, str, int] | None:
    """The longest unit name starting at token k: (unit, as written, token after it)."""
    for n in range(min(LONGEST + 2, len(toks) - k), 0, -1):
        parts = [w for w in low[k : k + n] if w != "-"]
        if not parts or low[k + n - 1] == "-":
            continue
        for key in (" ".join(parts), "".join(low[k : k + n])):
            u = UNITS.get(key)
            if u is not None:
                return u, " ".join(t[0] for t in toks[k : k + n]), k + n
    return None


def _glued(toks: list[Tok], a: int, b: int) -> bool:
    return 0 <= a < len(toks) and 0 <= b < len(toks) and toks[a][2] == toks[b][1]


def _money_or_time(low: list[str], toks: list[Tok], i: int, j: int) -> bool:
    prev = low[i - 1] if i > 0 else ""
    nxt = low[j] if j < len(low) else ""
    return (
        prev in lx.CURRENCY_SIGNS
        or prev in lx.CURRENCY_WORDS
        or nxt in lx.CURRENCY_WORDS
        or (prev in ("?", "\ufffd") and _glued(toks, i - 1, i))
        or (nxt == ":" and j + 1 < len(low) and low[j + 1][:1].isdigit())
        or nxt in lx.TIME_WORDS
        or (nxt in ("a", "p") and j + 1 < len(low) and low[j + 1] == ".")
    )


def _fraction_readings(toks: list[Tok], low: list[str], text: str) -> list[Reading]:
    """ "half a mile", "a mile and a half", "one and a half hours", "half of its revenue"."""
    found: list[Reading] = []
    n = len(toks)
    for k, w in enumerate(low):
        if w == "half" and k + 2 < n and low[k + 1] in ("a", "an"):
            got = _unit_at(toks, low, k + 2)
            if got and got[0].dimension in ("distance", "duration"):
                u, word, end = got
                found.append(_fixed(toks, k, end, 0.5, u, word, "0.5"))
        elif w in ("a", "an", "one", "two", "three", "four") and k + 1 < n:
            got = _unit_at(toks, low, k + 1)
            if not got or got[0].dimension not in ("distance", "duration"):
                continue
            u, word, end = got
            if low[end : end + 3] == ["and", "a", "half"]:
                found.append(_fixed(toks, k, end + 3, _SMALL[w] + 0.5, u, word, "1.5"))
            elif low[k + 2 : k + 5] == ["and", "a", "half"]:
                got = _unit_at(toks, low, k + 5)
                if got:
                    u, word, end = got
                    found.append(_fixed(toks, k, end, _SMALL[w] + 0.5, u, word, "1.5"))
        elif w in _FRACTIONS and k + 1 < n and low[k + 1] == "of" and k > 0:
            before = low[k - 1]
            if w == "half" and before in ("a", "the", "second", "first"):
                continue  # "the second half", "a half of football"
            share = _FRACTIONS[w] * (_SMALL.get(before, 1) if w.endswith("s") else 1)
            start = k - 1 if before in _SMALL or before in ("one", "two", "three") else k
            if toks[k - 1][0] == "-" and k >= 2 and low[k - 2] in _SMALL:
                start = k - 2
                share = _FRACTIONS[w] * (_SMALL[low[k - 2]] if w.endswith("s") else 1)
            pct = UNITS["%"]
            found.append(_fixed(toks, start, k + 1, share, pct, "%", f"{share:g}"))
    return found


def _fixed(
    toks: list[Tok], a: int, b: int, value: float, u: Unit, word: str, written: str
) -> Reading:
    return Reading(toks[a][1], toks[b - 1][2], a, b, value, value, value, written, u, word)


def _reading(toks: list[Tok], low: list[str], text: str, num: Number, starts: dict[int, int],
             ends: dict[int, int]) -> Reading | None:  # fmt: skip
    """The measure a number phrase states, if any (see the module doc)."""
    i0, last = starts.get(num.start), ends.get(num.end)
    if i0 is None or last is None:
        return None
    i = i0
    while i <= last and not toks[i][0][:1].isdigit():
        i += 1  # the number's own first token (after a hedge)
    if i > last:
        return None  # a number in words: read only with a unit, below
    j = last + 1
    core = toks[i][0]
    if _money_or_time(low, toks, i, j):
        return None
    if i > 0 and low[i - 1] == "/":
        return None  # "4 1/2" (read with the 4), "12/23": no figure of its own
    fraction = 0.0
    if (
        j + 2 < len(low)
        and low[j + 1] == "/"
        and low[j].isdigit()
        and low[j + 2].isdigit()
        and 0 < int(low[j]) < int(low[j + 2]) <= 16
    ):
        fraction = int(low[j]) / int(low[j + 2])  # "4 1/2 hours"
        j += 3
    value, lo, hi = num.value + fraction, num.low + fraction, num.high + fraction
    written = core if not fraction else f"{num.value + fraction:g}"
    glue = text[toks[last][1] : toks[last][2]].lower() if last > i else ""
    if glue in ("m", "k", "bn", "mn") and _glued(toks, last - 1, last):
        # "60m", "5k": numbers read them as millions and thousands; here only by context
        nxt, prev = (low[j] if j < len(low) else ""), (low[i - 1] if i else "")
        nxt2 = low[j + 1] if j + 1 < len(low) else ""
        scale = num.value / float(core.replace(",", "")) if float(core.replace(",", "")) else 1
        value, lo, hi = num.value / scale, num.low / scale, num.high / scale
        if glue == "m" and (nxt in _METRE_CONTEXT or prev in _METRE_BEFORE
                            or (nxt == "-" and nxt2 in _METRE_CONTEXT)):  # fmt: skip
            u, word = UNITS["m"], "m"
        elif glue == "k" and (nxt in _KM_CONTEXT or (nxt == "-" and nxt2 in _KM_CONTEXT)):
            u, word = UNITS["km"], "k"
        else:
            return None
        return _finish(toks, low, text, num, i, j, value, lo, hi, written, u, word, j)
    if (
        i > 0
        and toks[i - 1][0] == "."
        and _glued(toks, i - 1, i)
        and (i < 2 or not toks[i - 2][0][:1].isdigit())
    ):
        written = "0." + core  # ".45-calibre"
        value = lo = hi = float(written)
    k = j
    if k + 1 < len(low) and low[k] in _STATS and low[k + 1] in ("yards", "yard", "yds"):
        k += 1  # "4,183 passing yards"
    hyphen = k < len(toks) and low[k] == "-" and _glued(toks, k - 1, k)
    if hyphen:
        k += 1
    got = _unit_at(toks, low, k)
    if got is not None:
        u, word, after = got
        if word in ("G", "M", "L"):
            return None  # "3G", "4G" networks, not grams
        if (
            u.dimension == "distance"
            and word.lower() in ("mm", "millimetre", "millimeter")
            and any(w in _WEAPONS for w in low[after : after + 3])
        ):
            u = Unit("calibre", "mm", 1.0)
        if u.dimension == "distance" and after < len(low) and low[after] in _POSITION:
            return None  # "the 27-yard line"
        if u.dimension == "distance" and low[after : after + 3] in (
            ["behind", "the", "line"],
            ["from", "the", "line"],
        ):
            return None  # "nine yards behind the line of scrimmage": a position
        if u.dimension in ("duration",) and after < len(low) and low[after] in ("ago", "old"):
            return None  # "five years ago", "a 30-year-old"
        if (
            u.dimension == "duration"
            and after + 1 < len(low)
            and low[after] == "-"
            and (low[after + 1] == "old")
        ):
            return None
        if u.dimension == "degrees" and after < len(low) and low[after] in ("celsius", "c"):
            u = UNITS["c"]
            after += 1
        if u.dimension == "degrees" and after < len(low) and low[after] in ("fahrenheit", "f"):
            u = UNITS["f"]
            after += 1
        if u.dimension == "score":
            return None  # "30 points" is a player's tally: only "20-13" pairs are scores
        if (
            u.dimension == "degrees"
            and not any(w in _TEMPERATURE - {"degree", "degrees"} for w in low)
            and low[i - 1 : i] != ["minus"]
        ):
            return None  # "a 90-degree turn"
        return _finish(toks, low, text, num, i, j, value, lo, hi, written, u, word, after,
                       hyphen=hyphen)  # fmt: skip
    # a unit noun before the figure: "magnitude 6.1", "a magnitude of 4.4", "yardage to 4,183"
    before = low[max(0, i - 3) : i]
    if "magnitude" in before or "richter" in before:
        return _finish(toks, low, text, num, i, j, value, lo, hi, written, UNITS["magnitude"],
                       "magnitude", j)  # fmt: skip
    if j + 1 < len(low) and low[j] == "in" and low[j + 1] == "magnitude":
        return _finish(toks, low, text, num, i, j, value, lo, hi, written, UNITS["magnitude"],
                       "magnitude", j)  # fmt: skip
    if (
        (not num.integral or "." in core)
        and num.value < 10
        and any(w in QUAKE_NOUNS for w in low[j : j + 2])
    ):
        return _finish(toks, low, text, num, i, j, value, lo, hi, written, UNITS["magnitude"],
                       "magnitude", j)  # fmt: skip
    if "yardage" in before and low[i - 1] in ("to", "of", "at"):
        return _finish(toks, low, text, num, i, j, value, lo, hi, written, UNITS["yards"],
                       "yards", j)  # fmt: skip
    temperature = [k for k in range(max(0, i - 5), i) if low[k] in _TEMPERATURE]
    signed = i > 0 and low[i - 1] in ("minus", "plus")
    if (signed and temperature) or (temperature and low[i - 1] in ("were", "of", "at", "to")):
        return _finish(toks, low, text, num, i, j, value, lo, hi, written, UNITS["degrees"],
                       "degrees", j)  # fmt: skip
    return None


def _finish(toks: list[Tok], low: list[str], text: str, num: Number, i: int, j: int,
            value: float, lo: float, hi: float, written: str, u: Unit, word: str, after: int,
            *, hyphen: bool = False) -> Reading:  # fmt: skip
    start = num.start
    negative = i > 0 and (
        low[i - 1] == "minus"
        or (toks[i - 1][0] == "-" and _glued(toks, i - 1, i)
            and (i < 2 or not _glued(toks, i - 2, i - 1) or low[i - 2] == "minus"))
    )  # fmt: skip
    if i > 0 and low[i - 1] == "minus":
        start = min(start, toks[i - 1][1])
    elif i > 1 and low[i - 1] == "-" and low[i - 2] == "minus":
        start = min(start, toks[i - 2][1])
    elif written.startswith("0.") and i > 0 and toks[i - 1][0] == ".":
        start = toks[i - 1][1]  # ".45-calibre"
    if (
        after < len(low)
        and low[after] == "below"
        and after + 1 < len(low)
        and low[after + 1] in ("zero", "freezing")
    ):
        negative = True
    if negative and u.dimension in ("temperature", "degrees"):
        value, lo, hi = -value, -hi, -lo
    end = toks[after - 1][2] if after > 0 else num.end
    return Reading(start, max(end, num.end), i, after, value, lo, hi, written, u, word,
                   hedge=num.hedge, glued_unit=hyphen)  # fmt: skip


_PAIR = re.compile(r"(?<![\d.,:/$-])(\d{1,3})\s?[-–]\s?(\d{1,3})(?![\d%:/]|[.,]\d|\s?[-–]\s?\d)")
_RECORD_CUES = lx.words(
    "record records improved improve improves improving fell fall falls dropped drop drops moved "
    "move moves evened even sit sits stand stands standing"
)
_SCORE_CUES = lx.words(
    "win wins won beat beats beating victory victories defeat defeated lost loss final rout "
    "routed edged topped downed triumph"
)  # a result; "a 7-0 lead" or "tied at 13-13" is a moment of the game, not its score


def _pairs(toks: list[Tok], low: list[str], text: str) -> list[Reading]:
    """Scores ("won 20-13") and records ("improved to 10-5", "the Chiefs (2-13)")."""
    found: list[Reading] = []
    for m in _PAIR.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        before = text[max(0, m.start() - 40) : m.start()].lower().split()
        after = text[m.end() : m.end() + 30].lower().split()
        if before and before[-1].startswith("$"):
            continue
        opened = m.start() > 0 and text[m.start() - 1] == "(" and text[m.end()] in ",)"
        record = (
            opened
            or "record" in after[:2]
            or after[:1] in (["season"], ["mark"])
            or (before[-1:] == ["to"] and any(w.strip(",.") in _RECORD_CUES for w in before[-3:]))
            or before[-1:] in (["at"], ["stand"], ["stands"])
        )
        score = not record and any(w.strip(",.") in _SCORE_CUES for w in before[-4:] + after[:2])
        role = None
        if record:
            unit = UNITS["wins losses"]
            tail = " ".join(after[:6]).strip(",.;)")
            role = "record"
            if re.match(r"(on the road|away|in away|on road)\b", tail):
                role = "record away"
            elif re.match(r"(at home|home)\b", tail):
                role = "record home"
            elif re.match(r"in\b.*\bgames\b", tail):
                role = "record in games"
        elif score:
            unit = UNITS["points"]
        else:
            continue
        k = next((n for n, t in enumerate(toks) if t[1] == m.start()), None)
        e = next((n for n, t in enumerate(toks) if t[2] == m.end()), None)
        if k is None or e is None:
            continue
        pair = (a, b)
        found.append(Reading(m.start(), m.end(), k, e + 1, float(a), float(min(a, b)),
                             float(max(a, b)), m.group(), unit, unit.canonical, role=role,
                             pair=pair))  # fmt: skip
    return found


# -- roles ------------------------------------------------------------------------------------


def _role(
    low: list[str], r: Reading, after: int, words: list[str]
) -> tuple[str | None, str | None, str | None, str | None]:
    """(role, landmark, locatum, scope) of a reading: what it measures (see the module doc);
    ``after``: the token after it and any bracketed conversion."""
    dim = r.unit.dimension
    i = r.tok_start
    if r.pair is not None:
        return r.role, None, None, None
    window_before = low[max(0, i - 6) : i]
    window_after = low[after : after + 4]
    scope = "season" if any(w in _SEASON for w in low[max(0, i - 8) : after + 6]) else None
    tail = low[after : after + 6]
    if dim == "percent" and ("past" in tail or "since" in tail or "this" in tail[:2]):
        scope = "period"  # "fell 30 percent in the past year": a change over a period
    if dim == "distance":
        if r.unit_word.lower().split()[-1].startswith(("yd", "yard")):
            if window_after[:1] in (["apiece"], ["each"]):
                return "yards each", None, None, scope
            for w in low[i:after] + window_after[:3]:
                if w in _STATS:
                    return f"yards {_STATS[w]}", None, None, scope
                if w in _PLAYS:
                    return f"yards {_PLAYS[w]}", None, None, scope
            for w in reversed(window_before):
                if w in _STATS:
                    return f"yards {_STATS[w]}", None, None, scope
            return "yards", None, None, scope
        if any(w in _DEPTH for w in window_before + window_after[:2]) or (
            "depth" in low[max(0, i - 8) : i]
        ):
            return "depth", None, None, scope
        if r.glued_unit and after < len(low):
            for w in low[after : after + 3]:
                if w in _PLAYS:
                    return _PLAYS[w], None, None, scope
        if after < len(low) and low[after] in DIRECTIONS:
            k = after
            while k < len(low) and low[k] in DIRECTIONS | {"the", "a", "away", "of"}:
                k += 1
            landmark = _head(low, k) if k < len(low) and low[k].isalpha() else None
            if low[after] == "away":
                landmark = "away"
            if landmark in ("where", "when", "which", "that", "?"):
                landmark = None
            way = next((w for w in low[after:k] if w in COMPASS), None)
            if landmark and way:
                landmark = f"{way} {landmark}"  # "north of Detroit"; "from the border": any way
            return "distance", landmark, _locatum(low, i, words), scope
        if any(w in _HEIGHT for w in window_after[:2]):
            return "height", None, None, scope
        if after < len(low) and low[after].isalpha() and low[after] not in _HEAD_STOP | STOP:
            noun = _head(low, after)
            if noun not in ("?",) and not low[after].endswith(("ed", "ing", "ly")):
                return noun, None, None, scope  # "a 3.5mm headphone jack": of the jack
        verb = next((w for w in reversed(window_before) if w in _CHASE), None)
        if verb:
            return "chase", None, None, scope
        return None, None, None, scope
    if dim == "speed":
        if any(w in _WIND for w in window_before + window_after):
            return "wind", None, None, scope
        return "speed", None, None, scope
    if dim == "percent":
        role = None
        if after + 1 < len(low) and low[after] == "of":
            k = after + 1
            while k < len(low) and (
                low[k] in lx.words("the its their his her all total")
                or low[k].endswith("'s")
                or low[k] in ("'", "’")
            ):
                k += 1
            if k < len(low):
                role = _head(low, k)
        elif (
            after < len(low)
            and low[after].isalpha()
            and low[after] not in lx.words("in on at to from for by with and or of")
        ):
            role = _head(low, after, first=True)  # "a 32 percent premium", "a 10 percent share"
        return role, None, None, scope
    if dim == "duration":
        if r.glued_unit:  # "a 30-day program": of the program
            noun = _head(low, r.tok_end)
            return (None if noun == "?" else noun), None, None, scope
        if after + 1 < len(low) and low[after] == "of" and low[after + 1].isalpha():
            if low[after + 1] in _OF_ONE:  # "35 years of the life sentence": a part of one
                return f"part of {_head(low, after + 1)}", None, None, scope
            return _head(low, after + 1), None, None, scope  # "30 hours of deliberation"
        prep = next((w for w in reversed(window_before) if w in _DURATION_PREPS), None)
        return prep, None, None, scope
    if after + 1 < len(low) and low[after] == "of" and low[after + 1].isalpha():
        return _head(low, after + 1), None, None, scope  # "84,960 tonnes of rice"
    return None, None, None, scope


_OF_ONE = lx.words("the his her its their this that")
_DURATION_PREPS = lx.words("for after within during over lasted lasting lasts took")
_CHASE = lx.words("chased chase chasing pursued pursuit pursuing drove fled")
_SHARE_SYNONYMS = {
    "revenue": "revenue", "revenues": "revenue", "sales": "revenue", "turnover": "revenue",
    "income": "revenue", "market": "market", "share": "market", "traffic": "traffic",
    "communications": "traffic", "services": "traffic", "capacity": "traffic",
}  # fmt: skip


_HEAD_STOP = lx.words(
    "in on at to from for by with and or of was were is are has had that which who compared "
    "than over since between where when near"
)


def _head(low: list[str], k: int, *, first: bool = False) -> str:
    """A noun phrase's head (its last word; ``first``: its first, "a 32 percent premium
    compared..."), in a general class where one exists (sales ~ revenue); figures skipped."""
    while k < len(low) and not low[k].isalpha():
        k += 1  # "one-fourth of the $50 billion increase"
    if k < len(low) and low[k] in ("billion", "million", "thousand", "bn", "m"):
        k += 1
    words: list[str] = []
    while k < len(low) and low[k].isalpha() and low[k] not in _HEAD_STOP and len(words) < 4:
        words.append(low[k])
        k += 1
    if not words:
        return "?"
    for w in words[:1] if first else reversed(words):
        if w in _SHARE_SYNONYMS:
            return _SHARE_SYNONYMS[w]
    return stem(words[0] if first else words[-1])


def _locatum(low: list[str], i: int, words: list[str]) -> str | None:
    """What a distance places: the noun just before it ("the building, about 15 miles north",
    "a motorist 50 miles north", "the camp, less than 25 km from"); None when a time word or
    anything but a plain noun stands there."""
    k = i - 1
    while k >= 0 and (low[k] in lx.words(
        "about around nearly almost some roughly approximately than less more just only located "
        "situated lies lying sits is was are be , located just barely up to within as"
    ) or not low[k].isalpha()):  # fmt: skip
        if low[k] in (";", ":"):
            return None
        k -= 1
    if k < 0:
        return None
    w = low[k]
    if (
        w in STOP
        or w in lx.WEEKDAYS
        or w in lx.MONTHS
        or w in _TIME_NOUNS
        or w in _PLACING_VERBS
        or w in UNITS
        or w.endswith("ed")
    ):
        return None  # "lived half a mile away": the verb says nothing of what is placed
    if k > 0 and words[k][:1].isupper():
        return name_key(words[k])  # "Cobb, a small community in Lake County, 4 miles east"
    return stem(w)


_PLACING_VERBS = lx.words(
    "struck strikes strike hit hits shook shakes rocked rocks jolted occurred lies lie sits sit "
    "stands stand came went was were is are centred centered"
)
_TIME_NOUNS = lx.words(
    "today yesterday tonight morning afternoon evening night week weekend month year hours "
    "minutes time"
)


# -- the extractor ----------------------------------------------------------------------------


_BEFORE_WORDS = frozenset({"magnitude", "richter", "yardage", "temperature", "temperatures"})


def _has_cue(low: list[str]) -> bool:
    """A cheap test first (it runs on every sentence): a figure followed by a unit word, a sign
    or a pair's dash; a unit noun before a figure; a fraction of something."""
    digits = False
    for k, w in enumerate(low):
        first = w[:1]
        if w in _FRACTIONS and k + 1 < len(low) and low[k + 1] in ("of", "a", "an"):
            return True
        if first.isdigit() or w in _NUMBER_WORDS:
            digits = digits or first.isdigit()
            nxt = low[k + 1] if k + 1 < len(low) else ""
            if nxt == "-" and k + 2 < len(low):
                nxt = low[k + 2]
                if nxt[:1].isdigit():
                    return True  # "20-13"
            if nxt in _CUE_WORDS or nxt in _STATS:
                return True
    return digits and (not _BEFORE_WORDS.isdisjoint(low) or "minus" in low)


def lowered(ctx: SentenceContext) -> list[str]:
    """The sentence's tokens in lowercase, once for measures and money."""
    found = ctx._cache.get("kmeasure.low")
    if found is None:
        found = ctx._cache["kmeasure.low"] = [t[0].lower() for t in ctx.tokens]
    return found  # type: ignore[no-any-return]


def numbers_of(ctx: SentenceContext) -> list[Number]:
    """The sentence's number phrases (``text.numbers.find_numbers``), once for measures and
    money."""
    found = ctx._cache.get("kmeasure.numbers")
    if found is None:
        config = ctx.config
        found = ctx._cache["kmeasure.numbers"] = find_numbers(
            ctx.text, config.hedge_width, config.approx_width, toks=ctx.tokens
        )
    return found  # type: ignore[no-any-return]


def readings(ctx: SentenceContext) -> list[Reading]:
    """Every measure figure of one sentence, left to right (brackets not folded)."""
    text = ctx.text
    low = lowered(ctx)
    if not _has_cue(low):
        return []
    present = set(low)
    toks = ctx.tokens
    config = ctx.config
    starts = {t[1]: n for n, t in enumerate(toks)}
    ends = {t[2]: n for n, t in enumerate(toks)}
    found: list[Reading] = []
    taken: set[int] = set()
    for r in _pairs(toks, low, text):
        found.append(r)
        taken.update(range(r.tok_start, r.tok_end))
    numbers = numbers_of(ctx)
    for num in numbers:
        got = _reading(toks, low, text, num, starts, ends)
        if got is not None and not taken & set(range(got.tok_start, got.tok_end)):
            found.append(got)
            taken.update(range(got.tok_start, got.tok_end))
    if _FRACTIONS.keys() & present or (present & _NUMBER_WORDS and _WORD_UNIT.search(text)):
        for r in _fraction_readings(toks, low, text):
            if not taken & set(range(r.tok_start, r.tok_end)):
                found.append(r)
                taken.update(range(r.tok_start, r.tok_end))
        for num in numbers:
            w = _word_reading(toks, low, num, starts, ends)
            if w is not None and not taken & set(range(w.tok_start, w.tok_end)):
                found.append(w)
                taken.update(range(w.tok_start, w.tok_end))
    found.sort(key=lambda r: r.start)
    return [_continuous(r, config.hedge_width, config.approx_width) for r in found]


def _continuous(r: Reading, hedge_width: float, approx_width: float) -> Reading:
    """A hedged measure's interval without the whole-number rounding of counts ("about 7
    percent" is 6.3..7.7, not 7..7)."""
    if r.pair is not None or r.hedge not in ("more", "least", "most", "less", "about", "nearly"):
        return r
    lo, hi = hedge_interval(r.hedge, abs(r.value), hedge_width, approx_width)
    if r.hedge == "more":
        lo = abs(r.value)  # "more than 30 hours": just over 30 (30.2 fits), not 31 and up
    elif r.hedge == "less":
        hi = abs(r.value)
    if r.value < 0:
        lo, hi = -hi, -lo
    return replace(r, low=lo, high=hi)


def _word_reading(toks: list[Tok], low: list[str], num: Number, starts: dict[int, int],
                  ends: dict[int, int]) -> Reading | None:  # fmt: skip
    """A number in words with a unit after it: "six miles", "around one minute"."""
    i0, last = starts.get(num.start), ends.get(num.end)
    if i0 is None or last is None or any(t[0][:1].isdigit() for t in toks[i0 : last + 1]):
        return None
    j = last + 1
    k = j + 1 if j < len(low) and low[j] == "-" else j
    got = _unit_at(toks, low, k)
    if got is None or got[0].dimension in ("score", "record", "degrees"):
        return None
    u, word, after = got
    if u.dimension == "duration" and after < len(low) and low[after] in ("ago", "old", "-"):
        return None
    if (
        u.dimension == "duration"
        and num.hedge is None
        and low[i0 - 1 : i0] not in (["for"], ["after"], ["within"], ["lasted"], ["lasting"])
    ):
        return None
    return Reading(num.start, toks[after - 1][2], i0, after, num.value, num.low, num.high,
                   str(int(num.value)) if float(num.value).is_integer() else f"{num.value:g}",
                   u, word, hedge=num.hedge, glued_unit=k > j)  # fmt: skip


_LOST = lx.words(
    "out down offline disrupted cut affected lost severed damaged interrupted unavailable "
    "outage outages failed"
)
_CARRIED = lx.words("carry carries carried carrying account accounts accounted handle handles")


def share_predicate(low: list[str], a: int, b: int) -> str | None:
    """What a share is a share of doing: "lost" ("80 percent of traffic was out of service",
    "down by 80 percent"), "carried" ("the cables carry 75 percent of traffic"), or None."""
    s, e = segment([("", 0, 0)] * len(low), low, a, b)
    for w in low[max(s, a - 4) : min(e + 8, len(low))]:
        if w in _LOST:
            return "lost"
        if w in _CARRIED:
            return "carried"
    return None


_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b", re.I)


def clock_times(text: str) -> tuple[int, ...]:
    """Clock times in a sentence ("9:27 a.m.", "7pm"), minutes after midnight: two figures
    set at times hours apart belong to two events (two quakes of one morning)."""
    found = []
    for m in _CLOCK.finditer(text):
        hour, minute = int(m.group(1)) % 12, int(m.group(2) or 0)
        if hour <= 12 and minute < 60:
            found.append((hour + (12 if m.group(3).lower() == "p" else 0)) * 60 + minute)
    return tuple(found)


def _tolerance(r: Reading, converted: bool) -> float:
    width = round_width(r.written, converted=converted)
    return abs(to_canonical(width, r.unit) - to_canonical(0.0, r.unit))


def extract(ctx: SentenceContext) -> list[MeasureClaim]:
    """Every measure claim of one sentence (a bracketed conversion folds into its figure)."""
    found = readings(ctx)
    if not found:
        return []
    toks = ctx.tokens
    low = lowered(ctx)
    text = ctx.text
    out: list[MeasureClaim] = []
    skip: set[int] = set()
    clock = clock_times(text)
    for n, r in enumerate(found):
        if n in skip:
            continue
        conversion = None
        if n + 1 < len(found):
            nxt = found[n + 1]
            gap = text[r.end : nxt.start]
            if gap.strip() in ("(", "[", ", or", "or") and nxt.unit.dimension == r.unit.dimension:
                conversion = (to_canonical(nxt.low, nxt.unit) - _tolerance(nxt, True),
                              to_canonical(nxt.high, nxt.unit) + _tolerance(nxt, True))  # fmt: skip
                skip.add(n + 1)
        after = r.tok_end
        if conversion is not None:
            after = found[n + 1].tok_end
            while after < len(low) and low[after] in (")", "]"):
                after += 1
        role, landmark, locatum, scope = _role(low, r, after, [t[0] for t in toks])
        if r.unit.dimension == "magnitude":
            role = "magnitude"
        lo, hi = sorted((to_canonical(r.low, r.unit), to_canonical(r.high, r.unit)))
        peaked = cue(low, r.tok_start)
        claim = ctx.claim(
            Kind.MEASURE,
            r.start,
            r.end,
            value=text[r.start : r.end],
            low=None if r.pair else lo,
            high=None if r.pair else hi,
            unit=r.unit.canonical,
            attribution=attribution(text, toks, r.tok_start),
            measure=role or r.unit.dimension,
        )
        out.append(
            MeasureClaim(
                article=ctx.article,
                sentence=ctx.sentence,
                claim=claim,
                dimension=r.unit.dimension,
                unit=r.unit,
                written=r.value,
                low=lo,
                high=hi,
                tolerance=_tolerance(r, False),
                round_wide=_tolerance(r, True),
                role=role,
                landmark=landmark,
                locatum=locatum,
                subjects=subjects(ctx, r.tok_start, r.tok_end, whole=r.unit.dimension == "score"),
                anchor=anchor(
                    ctx, low, r.tok_start, r.tok_end, events=r.unit.dimension != "percent"
                ),
                cue=peaked,
                direction=direction(low, r.tok_start, r.tok_end)
                if r.unit.dimension == "percent"
                else None,
                scope=scope,
                closing=r.unit.dimension == "percent" and closing(low, r.tok_start),
                pair=r.pair,
                clock=clock,
                predicate=share_predicate(low, r.tok_start, r.tok_end)
                if r.unit.dimension == "percent"
                else None,
                conversion=conversion,
                published=ctx.published,
                words=list(ctx.words),
            )
        )
    return out
