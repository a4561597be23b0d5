"""Numbers in running text -> values and intervals: digits, number words, hedges, ranges.

``find_numbers(text)`` returns every number phrase with its character span, its interval
(``low``..``high``) and the hedge that shaped it.  Typing (year, money, age...) is done by
``quantities``; this module only reads numbers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

TOKEN = re.compile(
    r"[0-9]+(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[A-Za-z]+(?:['’][A-Za-z]+)?|\S"
)

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SCALE_ABBREVIATIONS = {"bn": 1_000_000_000, "mn": 1_000_000, "m": 1_000_000, "k": 1_000}
SCALE_WORDS = {"mln": 1_000_000, "bln": 1_000_000_000, "billions": 1_000_000_000}
# vague amounts: (low, high); "dozens of", "hundreds of" ...
VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (20, 150), "scores": (40, 150), "hundreds": (100, 1500),
    "thousands": (1000, 15000), "millions": (1_000_000, 15_000_000), "several": (2, 15),
    "handful": (2, 8), "few": (2, 9),
    "dozen": (12, 12), "couple": (2, 2),
}  # fmt: skip

# hedge phrases (lowercase word tuples) -> kind
HEDGES: dict[tuple[str, ...], str] = {}
for _kind, _phrases in {
    "more": "more than|over|above|in excess of|upwards of|greater than|beyond",
    "least": "at least|a minimum of|no fewer than|no less than|not less than",
    "most": "up to|as many as|at most|no more than|a maximum of|not more than",
    "less": "fewer than|less than|under|below|short of",
    "about": "about|around|approximately|roughly|some|an estimated|estimated|approx|circa|"
    "an approximate|approximate|or so|nearly about|perhaps|maybe|as much as",
    "nearly": "nearly|almost|close to|just under|just short of|nearing",
}.items():
    for _p in _phrases.split("|"):
        HEDGES[tuple(_p.split())] = _kind
_HEDGE_MAX = max(len(k) for k in HEDGES)
_ZERO_NEXT = frozenset(
    [
        "one",
        "casualties",
        "deaths",
        "dead",
        "fatalities",
        "injuries",
        "injured",
        "wounded",
        "victims",
        "bodies",
    ]
)


@dataclass(frozen=True)
class Number:
    """A number phrase: ``text[start:end]``, its interval and what shaped it."""

    start: int
    end: int
    text: str
    value: float  # the central/stated value
    low: float
    high: float
    hedge: str | None  # more / least / most / less / about / nearly / vague / range
    integral: bool  # written as an integer (counts of people are integral)


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _digits(tok: str) -> float | None:
    if "0" <= tok[0] <= "9":
        return float(tok.replace(",", ""))
    return None


def _words_value(toks: list[tuple[str, int, int]], i: int) -> tuple[float, int] | None:
    """Parse number words starting at token ``i``: (value, index after)."""
    total, current, j, seen = 0.0, 0.0, i, False
    n = len(toks)
    while j < n:
        w = toks[j][0].lower()
        if w in UNITS:
            if seen and current % 100 != 0 and current % 10 == 0 and UNITS[w] < 10 and current:
                current += UNITS[w]
            elif seen and current and (current % 100 != 0 or UNITS[w] >= 100):
                break
            else:
                current += UNITS[w]
            seen = True
        elif w in SCALES and seen:
            if w == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * SCALES[w]
                current = 0
        elif w == "-" and seen and j + 1 < n and toks[j + 1][0].lower() in UNITS:
            pass  # twenty-four
        elif w == "and" and seen and j + 1 < n and toks[j + 1][0].lower() in UNITS:
            if current < 100 and total == 0:
                break
        else:
            break
        j += 1
    if not seen:
        return None
    # do not swallow a trailing "-" or "and"
    while j > i and toks[j - 1][0].lower() in ("-", "and"):
        j -= 1
    return total + current, j


def _scale_after(toks: list[tuple[str, int, int]], j: int) -> tuple[float, int]:
    if j < len(toks):
        w = toks[j][0].lower()
        if (w in SCALES and w != "hundred") or w == "hundred":
            return SCALES[w], j + 1
        if w in SCALE_WORDS:
            return SCALE_WORDS[w], j + 1
        if w in SCALE_ABBREVIATIONS and toks[j][1] == toks[j - 1][2]:  # "110bn" glued
            return SCALE_ABBREVIATIONS[w], j + 1
        if w == "-" and j + 1 < len(toks) and toks[j + 1][0].lower() in ("billion", "million"):
            return SCALES[toks[j + 1][0].lower()], j + 2
    return 1, j


def _single(
    toks: list[tuple[str, int, int]], i: int
) -> tuple[float, float, float, int, bool] | None:
    """One number at token ``i``: (value, low, high, index after, integral)."""
    tok = toks[i][0]
    w = tok.lower()
    value = _digits(tok)
    if value is not None:
        scale, j = _scale_after(toks, i + 1)
        integral = "." not in tok or scale > 1
        return value * scale, value * scale, value * scale, j, integral
    if w in ("nobody", "none") or (
        w == "no" and i + 1 < len(toks) and toks[i + 1][0].lower() in _ZERO_NEXT
    ):
        end = i + 2 if w == "no" and toks[i + 1][0].lower() == "one" else i + 1
        return 0.0, 0.0, 0.0, end, True
    if w in ("a", "an") and i + 1 < len(toks):
        nxt = toks[i + 1][0].lower()
        if nxt in ("hundred", "thousand", "million", "billion"):
            parsed = _words_value(toks, i + 1)
            if parsed:
                return parsed[0], parsed[0], parsed[0], parsed[1], True
        if nxt in ("dozen", "handful", "few", "couple"):
            low, high = VAGUE[nxt]
            end = i + 2
            if nxt == "couple" and end < len(toks) and toks[end][0].lower() == "of":
                end += 1
            return (low + high) / 2, low, high, end, True
        return None
    if w in VAGUE and w not in ("dozen", "handful", "few", "couple"):
        low, high = VAGUE[w]
        j = i + 1
        # "tens of thousands", "hundreds of thousands"
        if (
            j + 1 < len(toks)
            and toks[j][0].lower() == "of"
            and toks[j + 1][0].lower()
            in (
                "thousands",
                "millions",
            )
        ):
            base = 1_000 if toks[j + 1][0].lower() == "thousands" else 1_000_000
            low, high, j = low * base / 10 if w != "dozens" else 24 * base, high * base, j + 2
        return (low + high) / 2, low, high, j, True
    if w == "tens" and i + 2 < len(toks) and toks[i + 1][0].lower() == "of":
        tens = {"thousands": 1_000, "millions": 1_000_000}.get(toks[i + 2][0].lower())
        if tens:
            return 50 * tens, 20 * tens, 99 * tens, i + 3, True
        return None
    parsed = _words_value(toks, i)
    if parsed is None:
        return None
    value, j = parsed
    if j < len(toks) and toks[j][0].lower() == "dozen":
        return value * 12, value * 12, value * 12, j + 1, True
    return value, value, value, j, True


def _hedge_before(toks: list[tuple[str, int, int]], i: int) -> tuple[str, int] | None:
    for size in range(_HEDGE_MAX, 0, -1):
        if i - size < 0:
            continue
        words = tuple(t[0].lower() for t in toks[i - size : i])
        if words in HEDGES:
            return HEDGES[words], i - size
    return None


def hedge_interval(
    kind: str, value: float, hedge_width: float, approx_width: float
) -> tuple[float, float]:
    """The interval a hedge gives a stated value (see config.yaml ``facts``)."""
    step = 1.0 if value >= 1 and float(value).is_integer() else value * 0.01 or 0.01
    if kind == "more":
        return value + step, max(value + step, value * (1 + hedge_width))
    if kind == "least":
        return value, max(value, value * (1 + hedge_width))
    if kind == "most":
        return value * (1 - hedge_width), value
    if kind == "less":
        return value * (1 - hedge_width), max(value - step, 0)
    if kind == "nearly":
        return value * (1 - approx_width), value
    return value * (1 - approx_width), value * (1 + approx_width)


def find_numbers(
    text: str,
    hedge_width: float = 0.5,
    approx_width: float = 0.1,
    *,
    toks: list[tuple[str, int, int]] | None = None,
) -> list[Number]:
    """Every number phrase in ``text``, left to right, with hedges and ranges folded in.

    ``toks`` is ``tokens(text)`` when the caller already has it (saves tokenising twice).
    Memoised per sentence text (several kinds of facts read the numbers of one sentence); the
    result is a fresh list each time."""
    del toks  # the tokens of ``text``: recomputed on a miss, the cache is keyed by the text
    return list(_numbers(text, hedge_width, approx_width))


@lru_cache(maxsize=8192)
def _numbers(text: str, hedge_width: float, approx_width: float) -> tuple[Number, ...]:
    return tuple(_find_numbers(text, hedge_width, approx_width, None))


def clear_cache() -> None:
    """Forget the memoised numbers (a cold start)."""
    _numbers.cache_clear()


def _find_numbers(
    text: str,
    hedge_width: float,
    approx_width: float,
    toks: list[tuple[str, int, int]] | None,
) -> list[Number]:
    toks = toks if toks is not None else tokens(text)
    found: list[Number] = []
    i = 0
    while i < len(toks):
        parsed = _single(toks, i)
        if parsed is None:
            i += 1
            continue
        value, low, high, j, integral = parsed
        first = i
        hedge: str | None = "vague" if low != high else None
        # ranges: "between X and Y", "X to Y", "X-Y", "X or Y"
        if j + 1 < len(toks) and toks[j][0].lower() in ("to", "-", "–", "or", "and"):
            joiner = toks[j][0].lower()
            between = i > 0 and toks[i - 1][0].lower() == "between"
            ok = joiner in ("to", "-", "–", "or") or between
            second = _single(toks, j + 1) if ok else None
            if joiner in ("-", "–") and second and not "0" <= toks[j + 1][0][0] <= "9":
                second = None
            if second is not None and second[0] >= value and second[1] == second[2]:
                from_ = i > 0 and toks[i - 1][0].lower() == "from"
                if from_:  # "from 8 to 12": the later figure
                    value = low = high = second[0]
                    hedge = "revised"
                else:
                    low, high, value = value, second[0], (value + second[0]) / 2
                    hedge = "range"
                if between:
                    first = i - 1
                j = second[3]
        if hedge is None or hedge == "vague":
            before = _hedge_before(toks, first)
            if before is not None:
                kind, first = before
                if hedge is None:
                    low, high = hedge_interval(kind, value, hedge_width, approx_width)
                hedge = kind
            elif j + 1 < len(toks) and [t[0].lower() for t in toks[j : j + 2]] == ["or", "more"]:
                low, high = hedge_interval("least", value, hedge_width, approx_width)
                hedge, j = "least", j + 2
        if integral and low != high:
            low, high = math.ceil(low - 1e-9), math.floor(high + 1e-9)
            if low > high:
                low = high = value
        start, end = toks[first][1], toks[j - 1][2]
        found.append(Number(start, end, text[start:end], value, low, high, hedge, integral))
        i = j
    return found
