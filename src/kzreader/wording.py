"""How both faces word facts: plurals, copies of one source, kinds, and values in one unit.

Pure text (no Textual, no Rich): the TUI's facts and compare screens, the CLI's plain output and
the Markdown report word the same things the same way.

- ``plural(3, "fact")`` -> ``"3 facts"``;
- ``copy_origins(articles, groups)``: which articles are copies of which (articles sharing a
  source group; the first of a group in the given order is its original);
- ``value_notes(fact)``: for a measure or money fact whose claims are written in different units
  or in words ("half a mile" vs "a mile and a half", "15 seconds" vs "one minute"), each claim's
  value in the unit most of them use (``"≈ 0.5 mile"``); None where the value reads well as
  written;
- ``grouped_values(fact)``: the fact's values, each with the articles that give it;
- ``fit(text, width)``: text cut to a width after a whole word, with "…", never inside a number
  ("at least…", never "at least 1" for "at least 16"); ``fit_values`` keeps whole values and
  counts the rest ("more than 200 +1").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from kzreader.facts import Kind, Verdict

if TYPE_CHECKING:
    from kzreader.facts import Claim, Fact, FactReport
    from kzreader.library import Article


def plural(count: int, word: str, many: str | None = None) -> str:
    """``"1 fact"``, ``"2 facts"``, ``"1,200 stories"`` (``many`` for irregular plurals)."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


# --- copies of one source --------------------------------------------------------------------


def report_groups(report: FactReport | None) -> dict[str, str]:
    """Article id -> source group, as the report's claims carry it."""
    groups: dict[str, str] = {}
    for fact in report.facts if report is not None else ():
        for claim in fact.claims:
            groups.setdefault(claim.article, claim.source_group)
    return groups


def copy_origins(articles: Sequence[Article], groups: Mapping[str, str]) -> dict[str, str]:
    """Copy id -> the id of its original: for articles sharing a source group, the first of
    ``articles`` in that group is the original and each later one a copy of it.  Articles alone
    in their group (or absent from ``groups``) are no copies and are not in the result."""
    first: dict[str, str] = {}
    copies: dict[str, str] = {}
    for article in articles:
        group = groups.get(article.id)
        if group is None:
            continue
        if group in first:
            copies[article.id] = first[group]
        else:
            first[group] = article.id
    return copies


def source_count(articles: Sequence[Article], groups: Mapping[str, str]) -> int:
    """How many independent sources ``articles`` are (copies of one report count once)."""
    return len({groups.get(a.id, a.id) for a in articles})


# --- kinds -----------------------------------------------------------------------------------


def kinds_of(facts: Iterable[Fact]) -> list[Kind]:
    """The kinds among ``facts``, in ``Kind`` order (count, measure, money, time, ...)."""
    present = {fact.kind for fact in facts}
    return [kind for kind in Kind if kind in present]


# --- values ----------------------------------------------------------------------------------

_UNIT_WORDS = re.compile(r"[^\W\d_]+(?:/[^\W\d_]+)?|%|°[cCfF]?")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SYMMETRIC = re.compile(r"\b(?:about|around|approximately|roughly|some|circa)\b", re.IGNORECASE)
"""Hedges that put a figure in the middle of their interval ("about two miles")."""


def number(value: float) -> str:
    """A figure as a reader writes it: ``4,183``, ``0.5``, ``48.3``, ``1,610``."""
    if abs(value - round(value)) < 1e-9 * max(1.0, abs(value)):
        return f"{round(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _span(low: float, high: float) -> str:
    first, last = number(low), number(high)
    return first if first == last else f"{first}–{last}"


def _written_unit(value: str, canonical: str | None) -> tuple[str, float, float] | None:
    """(the unit word as written, its factor, its offset) of the first word of ``value`` that
    names a unit of ``canonical``'s dimension ("84-yard" -> ("yard", 0.9144, 0))."""
    from kzreader.facts import unit

    words = _UNIT_WORDS.findall(value)
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            name = " ".join(words[i : i + size])
            found = unit(name)
            if found is not None and found.canonical == canonical:
                return name, found.factor, found.offset
    return None


def _figures(text: str) -> list[float]:
    return [float(f.replace(",", "")) for f in _DIGITS.findall(text)]


def _says_already(value: str, note: str) -> bool:
    """Whether every figure of ``note`` is written in ``value`` ("4.4" and "≈ 4.4 magnitude")."""
    figures, written = _figures(note), set(_figures(value))
    return bool(figures) and all(f in written for f in figures)


def _glued(word: str) -> bool:
    return word == "%" or word.startswith("°")


def _display_unit(
    written: list[tuple[str, float, float] | None],
) -> tuple[str, float, float] | None:
    """The unit most claims are written in (ties: the first written), named as most of them
    name it (ties: a plural)."""
    scales = Counter((w[1], w[2]) for w in written if w is not None)
    if not scales:
        return None
    order = [(w[1], w[2]) for w in written if w is not None]
    scale = max(scales, key=lambda s: (scales[s], -order.index(s)))
    names = Counter(w[0] for w in written if w is not None and (w[1], w[2]) == scale)
    name = max(names, key=lambda n: (names[n], n.endswith("s")))
    return name, scale[0], scale[1]


def _measure_notes(fact: Fact) -> list[str | None]:
    written = [_written_unit(c.value, c.unit) for c in fact.claims]
    shown = _display_unit(written)
    notes: list[str | None] = []
    for claim, mine in zip(fact.claims, written, strict=True):
        if claim.low is None or claim.high is None or shown is None:
            notes.append(None)
            continue
        name, factor, offset = shown
        other_unit = mine is None or (mine[1], mine[2]) != (factor, offset)
        figures = _figures(claim.value)
        if not other_unit and (figures or fact.verdict == Verdict.AGREE):
            notes.append(None)  # written in the common unit, in figures: it reads as it is
            continue
        if figures:  # convert what the outlet wrote (its hedge stays in its words)
            own_factor, own_offset = (mine[1], mine[2]) if mine is not None else (1.0, 0.0)
            canonical = [f * own_factor + own_offset for f in (figures[0], figures[-1])]
        elif claim.low != claim.high and _SYMMETRIC.search(claim.value):
            canonical = [(claim.low + claim.high) / 2] * 2  # "about two miles": two
        else:  # in words ("half a mile", "nearly a minute"): the engine's reading
            canonical = [claim.low, claim.high]
        amount = _span(*((v - offset) / factor for v in canonical))
        note = f"≈ {amount}{'' if _glued(name) else ' '}{name}"
        notes.append(None if _says_already(claim.value, note) else note)
    return notes


_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def money_amount(low: float, high: float, currency: str | None) -> str:
    """``"13.9 billion USD"``, ``"11.7–14.3 billion USD"``, ``"24.13 USD"``."""
    code = f" {currency}" if currency else ""
    for size, name in _SCALES:
        if max(abs(low), abs(high)) >= size:
            return f"{_span(low / size, high / size)} {name}{code}"
    first, last = (f"{x:,.2f}".removesuffix(".00") for x in (low, high))
    return (first if first == last else f"{first}–{last}") + code


def _money_notes(fact: Fact) -> list[str | None]:
    currencies = {c.unit for c in fact.claims}
    notes: list[str | None] = []
    for claim in fact.claims:
        in_words = not any(ch.isdigit() for ch in claim.value)
        if claim.low is not None and claim.high is not None and in_words:
            notes.append("≈ " + money_amount(claim.low, claim.high, claim.unit))
        elif len(currencies) > 1 and claim.unit:
            notes.append(f"in {claim.unit}")
        else:
            notes.append(None)
    return notes


def value_notes(fact: Fact) -> list[str | None]:
    """One note per claim of ``fact``: its value in the unit most of the claims are written in,
    where that helps a reader set them side by side, else None.

    Measures: a value written in another unit than most ("30 km" among miles), or in words when
    the outlets disagree ("half a mile" vs "a mile and a half"); a note that only repeats the
    written figure is dropped.  Money: an amount written in words, or the currency of each
    value when the claims give several.  Other kinds: no notes.
    """
    if fact.kind == Kind.MEASURE:
        return _measure_notes(fact)
    if fact.kind == Kind.MONEY:
        return _money_notes(fact)
    return [None] * len(fact.claims)


def where_said(claim: Claim) -> str:
    """``" in the headline"``, ``" in a caption"`` for a claim outside the body, else ``""``."""
    part = getattr(claim, "part", "text")
    return {"title": " in the headline", "caption": " in a caption"}.get(part, "")


def shown_value(claim: Claim, note: str | None) -> str:
    """The value as written, with its note: ``"half a mile (≈ 0.5 mile)"``."""
    value = " ".join(claim.value.split())
    return f"{value} ({note})" if note else value


def grouped_values(fact: Fact, notes: bool = True) -> list[tuple[str, list[str]]]:
    """The fact's values (with their notes, unless ``notes`` is false), each with the ids of
    the articles that give it, in claim order; one value per article once, whatever its case
    or spacing."""
    groups: dict[str, tuple[str, list[str]]] = {}
    written = value_notes(fact) if notes else [None] * len(fact.claims)
    for claim, note in zip(fact.claims, written, strict=True):
        shown = shown_value(claim, note)
        key = shown.casefold()
        _shown, articles = groups.setdefault(key, (shown, []))
        if claim.article not in articles:
            articles.append(claim.article)
    return list(groups.values())


# --- fitting text into a width ---------------------------------------------------------------

ELLIPSIS = "…"
_WORD = re.compile(r"\S+")
_TRAILING = " ,;:·—–-/("

Measure = Callable[[str], int]
"""How wide a text is: ``len`` for characters, ``rich.cells.cell_len`` for terminal cells."""


_SCALE_WORDS = frozenset(
    ("hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
     "billions", "trillion", "trillions", "bn", "mn", "m", "k", "percent", "per", "cent", "%")
)  # fmt: skip
"""Words that change the figure before them ("$14 billion", "20 per cent"): never cut off."""


def _is_scale(word: str) -> bool:
    return word.lower().strip(".,;:()") in _SCALE_WORDS


def fit_length(
    text: str, width: int, measure: Measure = len, whole_words: bool = True
) -> tuple[int, bool]:
    """How many characters of ``text`` to keep in ``width``, and whether an ellipsis follows.

    A number is never cut, nor parted from its scale ("$14 billion", "20 per cent"): "at least
    16" in 10 cells is "at least…", never "at least 1".  ``whole_words``: the text is cut after
    a whole word, and a first word too wide is cut only when it is no number; else (for names)
    it is cut anywhere but inside a number.  Trailing separators are dropped before the
    ellipsis; a number that does not fit leaves the ellipsis alone.
    """
    if measure(text) <= width:
        return len(text), False
    if width <= 1:
        return 0, width == 1
    words = list(_WORD.finditer(text))
    numeric = [any(ch.isdigit() for ch in w.group()) for w in words]
    for n in range(1, len(words)):  # a scale word belongs to the figure before it
        numeric[n] = numeric[n] or (numeric[n - 1] and _is_scale(words[n].group()))
    # no cut between a figure and its scale: after word n only if word n+1 does not scale it
    joined = [
        n + 1 < len(words) and numeric[n] and numeric[n + 1] and _is_scale(words[n + 1].group())
        for n in range(len(words))
    ]
    keep = 0
    for n, word in enumerate(words):  # the most whole words that fit
        if measure(text[: word.end()]) + 1 > width:
            break
        if not joined[n]:
            keep = word.end()
    if words and (not whole_words or (not keep and not numeric[0])):
        keep, used = 0, 0
        while keep < len(text) and used + measure(text[keep]) + 1 <= width:
            used += measure(text[keep])
            keep += 1
        for n in range(len(words) - 1, -1, -1):  # back out of a number the cut falls in
            word = words[n]
            if word.start() >= keep:
                continue
            if numeric[n] and (word.end() > keep or joined[n]):
                keep = word.start()
                continue
            if whole_words and n and word.end() > keep:
                keep = word.start()
            break
    while keep and text[keep - 1] in _TRAILING:
        keep -= 1
    return keep, True


def fit(text: str, width: int, measure: Measure = len, whole_words: bool = True) -> str:
    """``text`` in at most ``width``: whole, or cut with "…" (``fit_length``)."""
    keep, cut = fit_length(text, width, measure, whole_words)
    return text[:keep].strip() + ELLIPSIS if cut else text


def fit_values(
    values: Sequence[str], width: int, separator: str = ", ", measure: Measure = len
) -> str:
    """``values`` joined with ``separator`` in ``width``: as many whole values as fit, then
    "+N" for the rest ("more than 200 +1"); a first value too wide is cut by ``fit``."""
    joined = separator.join(values)
    if measure(joined) <= width or not values:
        return joined
    for shown in range(len(values) - 1, 0, -1):
        head = separator.join(values[:shown]) + f" +{len(values) - shown}"
        if measure(head) <= width:
            return head
    more = f" +{len(values) - 1}" if len(values) > 1 else ""
    return fit(values[0], max(1, width - len(more)), measure) + more
