"""Ages of named people (the ``age`` kind's extractor; ``compare.ages`` matches the people).

An age counts only when the sentence ties it to a name: "Jane Roe, 38,", "Jane Roe, a 38-year-old
nurse", "38-year-old Jane Roe", "Jane Roe (38)", "Jane Roe, aged 38".  "A 38-year-old man" names
nobody and "the 38-year-old Dunmore man" is a man from Dunmore: neither is a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzreader.facts import lexicon as lx
from kzreader.facts.context import Found, SentenceContext
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text.attribution import attribution
from kzreader.facts.text.names import TITLES, Mention, name_key, name_words, word_key

_NUMBER = r"(?<![\d,.$€£])(\d{1,3})(?![,.]?\d)"
_YEARS_OLD = re.compile(_NUMBER + r"[- ]years?[- ]old\b")  # 38-year-old
_APPOSITION = re.compile(  # Jane Roe, 38, of Dunmore / Jane Roe, aged 38
    r",\s+(?:aged\s+)?" + _NUMBER
    + r"(?=\s*[,;.)]|\s*$|\s+(?:of|from|who|was|is|had|has|were|said|says|told)\b)"
)  # fmt: skip
_HINT = re.compile(r"\d[- ]years?[- ]old|,\s+(?:aged\s+)?\d{1,3}\b|\(\d{1,3}\)")
_PARENS = re.compile(r"\s?\(" + _NUMBER + r"\)")  # Jane Roe (38)
_BEFORE_YEARS_OLD = re.compile(r",\s+(?:(?:an?|the)\s+)?$")  # "Jane Roe, a " 38-year-old
_WORD_THEN = re.compile(r"\s*([A-Za-z]+)\.?\s*")
# what may follow a name that an age precedes ("the 38-year-old Roe said"); anything else makes
# the capitalised words a modifier: "the 38-year-old Dunmore man", "a 38-year-old Gulf War veteran"
_AFTER_NAME = lx.words(
    "who whose which that and or but of from in on at with after before when while as to for by "
    "was is has had will would could can may might did does said says told shot fled ran drove "
    "went hit left died got took made gave sat stood kept faces faced remains remained also then "
    "allegedly reportedly never not again now later still"
)
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
_NOT_NAMES = lx.MONTHS | lx.WEEKDAYS
# a past age: "then-15-year-old Roe", "the then 15-year-old", "Roe, then 15,", "Roe, 15 at the
# time,", "who was 15 at the time" — the person's age at an earlier moment, not now
_THEN_BEFORE = re.compile(r"\bthen\s*[-–]?\s*(?:aged\s+)?$", re.IGNORECASE)
_PAST_AFTER = re.compile(
    r"^(?:[- ]years?[- ]old)?\s*(?:at\s+the\s+time|at\s+that\s+time|back\s+then|then)\b",
    re.IGNORECASE,
)
_MAX_AGE = 115


@dataclass(eq=False, kw_only=True)
class AgeClaim(Found):
    """An age given for a named person."""

    surname: str  # as written
    key: str  # name key of the surname
    first: str | None  # name key of the first name, when given
    suffix: str | None  # "jr", "iii" ...
    value: int
    claim: Claim


def _ends_name(rest: str) -> bool:
    """Whether the text after a capitalised sequence lets it be a name (not a modifier)."""
    nxt = re.match(r"\s*(?:['’]s\b)?\s*(,\s*[A-Z]|[a-z]+|\S|$)", rest)
    if nxt is None:
        return True
    word = nxt.group(1)
    if word[:1] == ",":
        return not word[-1:].isupper()  # "a 38-year-old Grand Rapids, Mich., man"
    if not word.isalpha() or not word.islower():
        return True  # punctuation, the end, another capitalised word
    return (
        word in _AFTER_NAME
        or word.endswith(("ed", "ly"))
        or (word.endswith("s") and not word.endswith("ss") and len(word) > 3)
    )


def _named(text: str, found: list[Mention]) -> list[tuple[Mention, int, int]]:
    """(mention, age start, age end) for every age the sentence ties to a name."""
    found = [m for m in found if m.parts[-1].lower() not in _NOT_NAMES]
    ends = {m.end: m for m in found}
    starts = {m.start: m for m in found}

    def ending_at(pos: int) -> Mention | None:  # "Jane Roe, 38", "John Roe Jr., 38"
        found = ends.get(pos)
        return ends.get(pos - 1) if found is None and text[pos - 1 : pos] == "." else found

    def starting_at(pos: int) -> Mention | None:  # past titles: "38-year-old former Mayor Roe"
        pos += len(text[pos:]) - len(text[pos:].lstrip())
        while pos not in starts:
            word = _WORD_THEN.match(text, pos)
            if not word or word.group(1).lower() not in TITLES:
                return None
            pos = word.end()
        m = starts[pos]
        if m.text.endswith(("'s", "’s")) or _ends_name(text[m.end :]):
            return m
        return None  # "the 38-year-old Dunmore man"

    def past(a: int, b: int) -> bool:  # "then-15-year-old", "15 at the time"
        return bool(_THEN_BEFORE.search(text, max(0, a - 12), a) or _PAST_AFTER.match(text[b:]))

    out = []
    for match in _YEARS_OLD.finditer(text):
        if past(match.start(), match.end(1)):
            continue
        lead = _BEFORE_YEARS_OLD.search(text, 0, match.start())
        m = ending_at(lead.start()) if lead else None
        if m is None:
            m = starting_at(match.end())
        if m is not None:
            out.append((m, match.start(1), match.end(1)))
    for pattern in (_APPOSITION, _PARENS):
        for match in pattern.finditer(text):
            if past(match.start(1), match.end(1)):
                continue
            m = ending_at(match.start())
            if m is not None:
                out.append((m, match.start(1), match.end(1)))
    return out


def extract(ctx: SentenceContext) -> list[AgeClaim]:
    """The ages one sentence ties to names."""
    text = ctx.text
    if not _HINT.search(text):
        return []  # no age-like number: skip the name search
    tied = _named(text, ctx.mentions)
    toks = ctx.tokens if tied else []
    out = []
    for mention, a, b in tied:
        value = int(text[a:b])
        words = name_words(text, mention)
        if not words or not 0 < value <= _MAX_AGE:
            continue
        surname = re.sub(r"['’]s$", "", words[-1][0])
        tail = mention.parts[-1].lower()
        near = next((k for k, t in enumerate(toks) if t[1] >= a), None)
        source = attribution(text, toks, near)
        if source and source[0].islower() and source.split()[0] not in lx.SOURCE_NOUNS:
            source = None  # "Jane Roe, 38, said nothing": not a source
        claim = ctx.claim(
            Kind.ATTRIBUTE, a, b, low=float(value), high=float(value), unit="years",
            attribution=source, measure="age",
        )  # fmt: skip
        out.append(
            AgeClaim(
                article=ctx.article,
                sentence=ctx.sentence,
                surname=surname,
                key=word_key(surname),
                first=name_key(words[0][0]) if len(words) > 1 else None,
                suffix=tail if tail in _SUFFIXES else None,
                value=value,
                claim=claim,
            )
        )
    return out
