"""Type each number in a sentence (count, year, money, age...) and find what it counts.

A count of people or things is the only kind the engine compares; years, dates, clock times, ages,
money, percentages, distances, durations and magnitudes are typed so they never pass for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzreader.facts import lexicon as lx
from kzreader.facts.text.numbers import Number, find_numbers, tokens
from kzreader.facts.text.textsim import STOP

_ORDINAL = re.compile(r"(st|nd|rd|th)$", re.I)
_PARTITIVE = frozenset(
    ["the", "them", "these", "those", "whom", "which", "its", "their", "his", "her", "our"]
)
PARTITIVE = "(partitive)"


@dataclass(frozen=True)
class Quantity:
    """A typed number in one sentence; offsets are local to the sentence text."""

    number: Number
    kind: str  # count, year, date, time, age, money, percent, distance, duration, magnitude, ...
    unit: str | None  # the counted noun phrase as written ("police officers"), if any
    subject: str | None  # its class ("police", "people", ...) or a stem; None when implicit
    tok_start: int  # index of the number's first token
    tok_end: int  # index after its last token (after the counted noun phrase, if any)
    additive: bool = False  # "14 others", "dozens more": counted on top of another figure


def _lower(toks: list[tuple[str, int, int]], k: int) -> str:
    return toks[k][0].lower() if 0 <= k < len(toks) else ""


def _glued(toks: list[tuple[str, int, int]], a: int, b: int) -> bool:
    return 0 <= a < len(toks) and 0 <= b < len(toks) and toks[a][2] == toks[b][1]


def classify(toks: list[tuple[str, int, int]], i: int, j: int, num: Number) -> str:
    """The kind of the number spanning tokens ``i``..``j`` (exclusive)."""
    prev, prev2 = _lower(toks, i - 1), _lower(toks, i - 2)
    nxt, nxt2, nxt3 = _lower(toks, j), _lower(toks, j + 1), _lower(toks, j + 2)
    if prev in lx.CURRENCY_SIGNS or prev in lx.CURRENCY_WORDS or nxt in lx.CURRENCY_WORDS:
        return "money"
    if prev in ("?", "\ufffd") and _glued(toks, i - 1, i):
        return "money"  # a currency sign lost in encoding ("a? 110-billion")
    if (nxt == "-" and nxt2 in lx.CURRENCY_WORDS) or (prev2 in lx.CURRENCY_SIGNS and prev == "-"):
        return "money"
    if nxt in lx.PERCENT_WORDS or (nxt == "per" and nxt2 == "cent"):
        return "percent"
    if (nxt == ":" and nxt2[:1].isdigit()) or (prev == ":" and prev2[:1].isdigit()):
        return "time"
    if nxt in lx.TIME_WORDS or (nxt in ("a", "p") and nxt2 == "." and nxt3 == "m"):
        return "time"
    if prev == "aged" or (nxt in ("year", "years") and nxt2 == "old"):
        return "age"
    if nxt == "-" and nxt2 in ("year", "month", "week") and _lower(toks, j + 3) == "old":
        return "age"
    first_tok = toks[i][0]
    if (
        prev == ","
        and nxt == ","
        and i >= 2
        and toks[i - 2][0].isalpha()
        and num.hedge is None
        and 1 <= num.value <= 120
    ):
        return "age"  # "Jane Doe, 38, said"
    if (
        prev in lx.MAGNITUDE_WORDS
        or nxt in lx.MAGNITUDE_WORDS
        or (nxt == "-" and nxt2 in lx.MAGNITUDE_WORDS)
        or (prev == "-" and prev2 in lx.MAGNITUDE_WORDS)
    ):
        return "magnitude"
    unit_word = nxt2 if nxt == "-" else nxt
    if unit_word in lx.DURATION_WORDS or unit_word.rstrip("s") in lx.DURATION_WORDS:
        return "duration"
    if unit_word in lx.DISTANCE_WORDS or (nxt == "-" and nxt2 == "square"):
        return "distance"
    if (
        first_tok[:1].isdigit()
        and len(first_tok) == 4
        and "," not in first_tok
        and (
            num.low >= 1800
            and num.high <= 2100
            and num.hedge in (None, "range")
            and (
                prev in lx.YEAR_PREPOSITIONS
                or prev in lx.MONTHS
                or prev in ("a", "an", "its", "his", "her", "their", "-", ",")
                or nxt not in lx.SUBJECTS
            )
        )
    ):
        return "year"
    if prev in lx.MONTHS or nxt in lx.MONTHS or (nxt == "of" and nxt2 in lx.MONTHS):
        return "date"
    if prev in lx.MONTHS or (prev == "." and prev2 in lx.MONTHS):
        return "date"
    if _glued(toks, i, j) and _ORDINAL.match(nxt):
        return "ordinal"
    if first_tok[:1].isdigit() and i > 1:
        before = toks[i - 1][0]
        if (
            before[:1].isupper()
            and before.lower() not in lx.MONTHS
            and before.isalpha()
            and not _is_sentence_start(toks, i - 1)
        ):
            return "ident"  # "Highway 61", "Route 9"
        if before == "-" and toks[i - 2][0][:1].isupper() and _glued(toks, i - 1, i):
            return "ident"  # "Korvo-24"
    if nxt == "-" and nxt2.isalpha() and _glued(toks, j - 1, j) and _glued(toks, j, j + 1):
        return "modifier"  # "200-student schoolhouse", "two-week"
    if not num.integral:
        return "measure"
    return "count"


def _is_sentence_start(toks: list[tuple[str, int, int]], k: int) -> bool:
    return k == 0 or toks[k - 1][0] in ('"', "“", "(", "'", "‘")


def counted_noun(
    toks: list[tuple[str, int, int]], j: int, text: str
) -> tuple[str | None, str | None, int, bool]:
    """The noun phrase after a count: (unit text, subject class, token index after, additive)."""
    k = j
    additive = False
    if _lower(toks, k) == "of":
        if _lower(toks, k + 1) in _PARTITIVE:
            return None, PARTITIVE, j, additive  # "one of them", "25 of the injured"
        k += 1
    if _lower(toks, k) in ("more", "other", "others", "additional", "further", "another"):
        additive = True
        if _lower(toks, k) != "others":
            k += 1
    if _lower(toks, k) in lx.MEASURE_OF and _lower(toks, k + 1) in lx.SUBJECTS:
        k += 1  # "the two wounded men": the measure word is an adjective here
    words: list[int] = []
    while k < len(toks) and len(words) < 3:
        w = toks[k][0]
        lw = w.lower()
        if (
            not w.isalpha()
            or lw in STOP
            or lw in lx.MEASURE_OF
            or lw in lx.NOT_NOUNS
            or lw.endswith("ly")
            or (words and lw.endswith("ed") and lw not in lx.SUBJECTS)  # "men requested"
        ):
            if w == "-" and words and _glued(toks, k - 1, k) and _lower(toks, k + 1).isalpha():
                break  # "workers-two women": stop at the glued dash
            break
        words.append(k)
        k += 1
    if words and _lower(toks, k) == "of" and _lower(toks, k + 1) in lx.SUBJECTS:
        words.extend((k, k + 1))  # "officers of police"
        k += 2
    if not words:
        return None, None, j, additive
    unit = text[toks[words[0]][1] : toks[words[-1]][2]]
    subject = None
    for idx in reversed(words):
        subject = lx.SUBJECTS.get(toks[idx][0].lower())
        if subject:
            break
    if subject is None:
        last = toks[words[-1]][0].lower()
        # a following verb-like word is no noun: "15 fell", "three exploded"
        if last.endswith("ed"):
            return None, None, j, additive
        if last.endswith("ies"):
            subject = last[:-3] + "y"
        elif last.endswith("s") and not last.endswith("ss"):
            subject = last[:-1]
        else:
            subject = last  # a specific, unlisted noun: it only matches itself
    return unit, subject, k, additive


def find_quantities(
    text: str,
    hedge_width: float = 0.5,
    approx_width: float = 0.1,
    *,
    toks: list[tuple[str, int, int]] | None = None,
) -> list[Quantity]:
    """Typed quantities of one sentence (local offsets); ``toks`` is ``tokens(text)`` if known."""
    toks = toks if toks is not None else tokens(text)
    starts = {t[1]: n for n, t in enumerate(toks)}
    ends = {t[2]: n for n, t in enumerate(toks)}
    found = []
    for num in find_numbers(text, hedge_width, approx_width, toks=toks):
        i, last = starts.get(num.start), ends.get(num.end)
        if i is None or last is None:
            continue
        # the hedge is part of the span; type by the number itself
        core = i
        while core <= last and not (
            toks[core][0][:1].isdigit() or toks[core][0].lower() in _NUMBERISH
        ):
            core += 1
        kind = classify(toks, core if core <= last else i, last + 1, num)
        unit, subject, after, additive = (None, None, last + 1, False)
        if kind == "modifier" and _lower(toks, last + 2) in lx.SUBJECTS:
            # "a 200-student school": a count of students
            unit = toks[last + 2][0]
            found.append(Quantity(num, "count", unit, lx.SUBJECTS[unit.lower()], i, last + 3))
            continue
        if kind == "count":
            unit, subject, after, additive = counted_noun(toks, last + 1, text)
            additive = (
                additive
                or _lower(toks, i - 1) in ("another", "other", "further")
                or (_lower(toks, i - 2), _lower(toks, i - 1)) in (("of", "which"), ("of", "whom"))
            )
        found.append(Quantity(num, kind, unit, subject, i, after, additive))
    return found


_NUMBERISH = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "a",
        "an",
        "dozens",
        "scores",
        "hundreds",
        "thousands",
        "millions",
        "several",
        "tens",
        "handful",
        "few",
        "dozen",
    ]
)
