"""Type each number in a sentence (count, year, money, age...) and find what it counts.

A count of people or things is what the ``count`` kind compares; years, dates, clock times, ages,
money, percentages, numbers with a unit (``text.units``: distances, speeds, masses...), durations,
magnitudes and scores ("a 20-13 lead", "(10-5)") are typed so they never pass for one.

Partitives: in "two of the three victims died" the two are counted as victims (a part, whose
verb is "died") and the three are the whole (``Quantity.whole``: no verb of the clause is theirs);
"two of the dead" is a part of another count (``PARTITIVE``), never a fact of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzreader.facts import lexicon as lx
from kzreader.facts.text.numbers import UNITS, VAGUE, Number, find_numbers, tokens
from kzreader.facts.text.predicates import IRREGULAR_VERBS
from kzreader.facts.text.textsim import STOP
from kzreader.facts.text.units import unit as unit_of

_ORDINAL = re.compile(r"(st|nd|rd|th)$", re.I)
_PARTITIVE = frozenset(["them", "whom", "which", "us", "you", "it", "those", "these"])
_DETERMINERS = frozenset(["the", "its", "their", "his", "her", "our", "these", "those", "all"])
PARTITIVE = "(partitive)"
"""The subject of a count that is a part of a count given elsewhere ("two of the dead")."""
_SCORE = re.compile(r"^[0-9]{1,3}-[0-9]{1,3}$")
_YEARLIKE = re.compile(r"^[0-9]{4}(?:\.[0-9]+)?$")  # "2008", "2008.4" (a year run into a time)
_SPANS = lx.words("season seasons term terms semester semesters")
_UNIT_ADJECTIVES = lx.words("short metric long cubic square nautical troy imperial")
_NOT_COUNTED_NOUNS = lx.words("vs v versus mln bln pct")
"""Words after a number that are no counted noun ("Revs 291.8 mln vs 151.1 mln")."""
_KIN = lx.words("mother father parent parents grandmother grandfather family mum mom dad")
"""Spans of time counted like things: a duration, never a count."""


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
    whole: bool = False  # the M of "N of the M victims": the clause's verb is N's, not M's
    part: bool = False  # the N of "N of the (M) victims" / "N out of M lines"
    modifier: bool = False  # "a 200-student school": the size of another noun, no verb's
    of_whole: float | None = None  # a part's whole: 68 in "landed 28 of his 68 punches"


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
    if prev in ("aged", "ages", "age") or (nxt in ("year", "years") and nxt2 == "old"):
        return "age"
    if prev == "at" and prev2 in ("died", "dies", "death", "retired", "retires"):
        return "age"  # "died at 75"
    if prev == "of" and prev2 in _KIN:
        return "attribute"  # "a mother of 12", "a father of two": a person's, not an event's
    if prev == "," and prev2[:1].isdigit() and len(toks[i][0]) == 3 and toks[i][0][0] == "0":
        return "fragment"  # "$300, 000": a number broken by a stray space
    if nxt == "-" and nxt2 in ("year", "month", "week") and _lower(toks, j + 3) == "old":
        return "age"
    first_tok = toks[i][0]
    listed = nxt in ("and", "or") and nxt2[:1].isdigit() and _lower(toks, j + 2) == ","
    if (
        prev == ","
        and (nxt == "," or listed)
        and i >= 2
        and toks[i - 2][0].isalpha()
        and num.hedge is None
        and 1 <= num.value <= 120
    ):
        return "age"  # "Jane Doe, 38, said", "his two brothers, 17 and 22, were held"
    if (
        prev in lx.MAGNITUDE_WORDS
        or nxt in lx.MAGNITUDE_WORDS
        or (nxt == "-" and nxt2 in lx.MAGNITUDE_WORDS)
        or (prev == "-" and prev2 in lx.MAGNITUDE_WORDS)
    ):
        return "magnitude"
    if _is_score(toks, i, j):
        return "score"
    if _is_ratio(toks, i, j):
        return "ratio"  # "a two-for-one stock split", "three for two"
    unit_word = nxt2 if nxt == "-" else nxt
    if unit_word in lx.DURATION_WORDS or unit_word.rstrip("s") in lx.DURATION_WORDS:
        return "duration"
    if unit_word in _SPANS:
        return "duration"  # "19 seasons with the team", "two terms in office"
    if unit_word in lx.DISTANCE_WORDS or (nxt == "-" and nxt2 == "square"):
        return "distance"
    if _has_unit(toks, j, unit_word):
        return "unit"  # a number the measure kind reads ("5 GB", "3 GHz", "20 hectares")
    if nxt in _UNIT_ADJECTIVES and (nxt2 in lx.DISTANCE_WORDS or _has_unit(toks, j + 1, nxt2)):
        return "unit"  # "109,200 short tons", "40 cubic metres"
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
    day = 1 <= num.value <= 31 and num.hedge is None and num.integral
    if day and nxt == "," and _YEARLIKE.match(nxt2) and 1800 <= int(nxt2[:4]) <= 2100:
        return "date"  # "July 23, 2008" (even when the month is glued to a word)
    if prev in lx.MONTHS or (prev == "." and prev2 in lx.MONTHS):
        return "date"
    if _glued(toks, i, j) and _ORDINAL.match(nxt):
        return "ordinal"
    if _glued(toks, i, j) and nxt.isalpha():
        return "ident"  # "the 76ers", "G8", "3D": a name, not a count
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


def _is_score(toks: list[tuple[str, int, int]], i: int, j: int) -> bool:
    """ "20-13", "(10-5)": two glued numbers, the second not above the first, are a score or a
    record (a range never descends)."""
    if not (toks[i][0][:1].isdigit() and j - i == 1):
        return False
    if _lower(toks, j) == "-" and _glued(toks, j - 1, j) and _glued(toks, j, j + 1):
        second = _lower(toks, j + 1)
        return second.isdigit() and len(second) <= 3 and float(second) <= _number(toks[i][0])
    if _lower(toks, i - 1) == "-" and _glued(toks, i - 1, i) and _glued(toks, i - 2, i - 1):
        first = _lower(toks, i - 2)
        return first.isdigit() and len(first) <= 3 and float(first) >= _number(toks[i][0])
    return False


def _is_ratio(toks: list[tuple[str, int, int]], i: int, j: int) -> bool:
    """ "two for one", "three-for-two": a ratio (a split, an exchange), not a count."""
    k = j + 1 if _lower(toks, j) == "-" else j
    if _lower(toks, k) == "for":
        k += 2 if _lower(toks, k + 1) == "-" else 1
        if _numberish(_lower(toks, k)):
            return True
    k = i - 2 if _lower(toks, i - 1) == "-" else i - 1
    if _lower(toks, k) == "for":
        k -= 2 if _lower(toks, k - 1) == "-" else 1
        return _numberish(_lower(toks, k))
    return False


def _numberish(word: str) -> bool:
    return word[:1].isdigit() or word in _NUMBERISH


def _number(tok: str) -> float:
    return float(tok.replace(",", ""))


def _has_unit(toks: list[tuple[str, int, int]], j: int, word: str) -> bool:
    """A unit ``text.units`` knows follows (a single letter only when glued: "5m", not "5 m")."""
    if not word or unit_of(word) is None:
        return False
    return len(word) > 1 or _glued(toks, j - 1, j)


def _is_sentence_start(toks: list[tuple[str, int, int]], k: int) -> bool:
    return k == 0 or toks[k - 1][0] in ('"', "“", "(", "'", "‘")


def counted_noun(
    toks: list[tuple[str, int, int]],
    j: int,
    text: str,
    number_at: dict[int, int] | None = None,
) -> tuple[str | None, str | None, int, bool]:
    """The noun phrase after a count: (unit text, subject class, token index after, additive).

    ``number_at`` (token index -> index after, of every number of the sentence) lets a partitive
    skip its whole: "two of the three victims" counts victims (``partitive`` tells them apart)."""
    unit, subject, after, additive, _part, _whole = partitive(toks, j, text, number_at or {})
    return unit, subject, after, additive


def partitive(
    toks: list[tuple[str, int, int]], j: int, text: str, number_at: dict[int, int]
) -> tuple[str | None, str | None, int, bool, bool, int | None]:
    """``counted_noun`` plus whether the count is a part ("N of the X", "N out of M X") and the
    token index of the whole's number ("the three" of "two of the three victims"; None when
    there is none).  A part of a measure ("two of the dead", "one of them") has the subject
    ``PARTITIVE``."""
    k = j
    additive = False
    whole: int | None = None
    of = 0
    if _lower(toks, k) == "of":
        of = 1
    elif _lower(toks, k) == "out" and _lower(toks, k + 1) == "of":
        of = 2
    if of:
        det = _lower(toks, k + of)
        if det in _PARTITIVE:
            return None, PARTITIVE, j, additive, False, None  # "one of them", "25 of whom"
        possessive = det.endswith(("'s", "’s")) and det[:1].isalpha()
        m = k + of + (1 if det in _DETERMINERS or possessive else 0)
        if _lower(toks, m).endswith(("'s", "’s")) and m > k + of:
            m += 1  # "of the plant's 3,300 employees", "one of the army's positions"
        if m in number_at:  # "two of the three victims", "one of 13 passes"
            whole, m = m, number_at[m]
        elif m == k + of:  # "dozens of banks", "a couple of children": no part, a plain "of"
            of = 0
        if of and _lower(toks, m) in lx.MEASURE_OF and _lower(toks, m + 1) not in lx.SUBJECTS:
            return (
                None,
                PARTITIVE,
                j,
                additive,
                False,
                None,
            )  # "two of the dead", "25 of the injured"
        k = m
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
            w == "-"
            and words
            and _glued(toks, k - 1, k)
            and _glued(toks, k, k + 1)
            and _lower(toks, k + 1).isalpha()
            and _lower(toks, k + 1) not in _NUMBERISH
        ):
            k += 1  # "co-workers", "first-responders" (but "workers-two women" ends here)
            continue
        if (
            not w.isalpha()
            or lw in STOP
            or lw in lx.MEASURE_OF
            or lw in lx.NOT_NOUNS
            or lw.endswith("ly")
            or lw in _NOT_COUNTED_NOUNS
            or (words and lw.endswith(("ed", "ing")) and lw not in lx.SUBJECTS)  # "men requested"
            or (lw in IRREGULAR_VERBS and lw not in lx.SUBJECTS)  # "two bombs fell"
        ):
            break  # (also "workers-two women": a glued dash ends the phrase)
        words.append(k)
        k += 1
    if words and _lower(toks, k) == "of" and _lower(toks, k + 1) in lx.SUBJECTS:
        words.extend((k, k + 1))  # "officers of police"
        k += 2
    elif words and not of and _lower(toks, k) == "of":
        m = k + 1 + (1 if _lower(toks, k + 1) in _DETERMINERS else 0)
        if _lower(toks, m).endswith(("'s", "’s")):
            m += 1
        if m in number_at:  # "2,800 workers of the plant's 3,300 employees": a part
            whole, of = m, 1
    if not words:
        if of:
            return None, PARTITIVE, j, additive, False, None
        return None, None, j, additive, False, None
    unit = text[toks[words[0]][1] : toks[words[-1]][2]]
    subject: str | None = None
    for idx in reversed(words):
        subject = subject_class(toks[idx][0].lower())
        if subject:
            break
    if subject is None:
        last = toks[words[-1]][0].lower()
        # a following verb-like word is no noun: "15 fell", "three exploded"
        if last.endswith("ed"):
            if of:
                return None, PARTITIVE, j, additive, False, None
            return None, None, j, additive, False, None
        if last.endswith("ies"):
            subject = last[:-3] + "y"
        elif last.endswith("s") and not last.endswith("ss"):
            subject = last[:-1]
        else:
            subject = last  # a specific, unlisted noun: it only matches itself
    return unit, subject, k, additive, bool(of), whole


def subject_class(word: str) -> str | None:
    """The class of a counted noun, singular or plural ("shell" and "shells" -> bombs)."""
    found = lx.SUBJECTS.get(word)
    if found is None and word.isalpha() and len(word) > 2:
        for form in (word + "s", word + "es", word[:-1] + "ies" if word.endswith("y") else ""):
            found = lx.SUBJECTS.get(form) if form else None
            if found:
                break
    return found


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
    spans = []
    for num in find_numbers(text, hedge_width, approx_width, toks=toks):
        i, last = starts.get(num.start), ends.get(num.end)
        if i is not None and last is not None:
            spans.append((num, i, last))
    number_at = {i: last + 1 for _num, i, last in spans}
    value_at = {i: num.value for num, i, _last in spans}
    wholes: set[int] = set()
    found: list[Quantity] = []
    for num, i, last in spans:
        # the hedge is part of the span; type by the number itself
        core = i
        while core <= last and not (
            toks[core][0][:1].isdigit() or toks[core][0].lower() in _NUMBERISH
        ):
            core += 1
        kind = classify(toks, core if core <= last else i, last + 1, num)
        after_age = found and found[-1].kind == "age" and found[-1].tok_end + 1 == i
        if kind == "count" and after_age and _lower(toks, i - 1) in ("and", ",", "or", "-", "to"):
            kind = "age"  # "ages 47 and 48", "aged 30, 32"
        unit, subject, after, additive = (None, None, last + 1, False)
        if kind == "modifier" and _lower(toks, last + 2) in lx.SUBJECTS:
            # "a 200-student school": a count of students
            unit = toks[last + 2][0]
            subject = lx.SUBJECTS[unit.lower()]
            found.append(Quantity(num, "count", unit, subject, i, last + 3, modifier=True))
            continue
        score = num.hedge == "range" and _SCORE.match(num.text)
        if kind == "count" and score and _lower(toks, last + 1) not in lx.SUBJECTS:
            kind = "score"  # "(4-4 away)", "a 1-1 draw"; "10-15 houses" is a range
        part = False
        of_whole = None
        if kind == "count":
            unit, subject, after, additive, part, whole = partitive(toks, last + 1, text, number_at)
            if whole is not None:
                wholes.add(whole)
                of_whole = value_at.get(whole)
            additive = (
                additive
                or _lower(toks, i - 1) in ("another", "other", "further")
                or (_lower(toks, i - 2), _lower(toks, i - 1)) in (("of", "which"), ("of", "whom"))
            )
        found.append(
            Quantity(
                num, kind, unit, subject, i, after, additive, i in wholes, part, False, of_whole
            )
        )
    return found


# number words and vague amounts ("a couple" is read by the number parser, never bare)
_NUMBERISH = (frozenset(UNITS) - {"zero"}) | (VAGUE.keys() - {"couple"}) | {"a", "an", "tens"}
