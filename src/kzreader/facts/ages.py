"""`age` facts: the age several reports give one named person.

An age counts only when the sentence ties it to a name: "Jane Roe, 38,", "Jane Roe, a 38-year-old
nurse", "38-year-old Jane Roe", "Jane Roe (38)", "Jane Roe, aged 38".  "A 38-year-old man" names
nobody and "the 38-year-old Dunmore man" is a man from Dunmore: neither is a fact.  People are
matched as the variant facts match names (transliteration keys, particles, one-edit spellings
with a shared neighbour) plus their first names; a bare surname counts only when the library
gives it a single first name, so two people sharing a surname are never compared.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from kzreader.facts import lexicon as lx
from kzreader.facts.model import Claim, Fact, Verdict
from kzreader.facts.text.attribution import attribution
from kzreader.facts.text.names import (
    TITLES,
    Mention,
    mentions,
    name_key,
    name_words,
    similar_keys,
    word_key,
)
from kzreader.facts.text.numbers import tokens
from kzreader.facts.text.sentences import sentences_of
from kzreader.facts.variants import NameIndex
from kzreader.library import Article

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
_MAX_AGE = 115


@dataclass(frozen=True)
class _Age:
    article: int
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

    out = []
    for match in _YEARS_OLD.finditer(text):
        lead = _BEFORE_YEARS_OLD.search(text, 0, match.start())
        m = ending_at(lead.start()) if lead else None
        if m is None:
            m = starting_at(match.end())
        if m is not None:
            out.append((m, match.start(1), match.end(1)))
    for pattern in (_APPOSITION, _PARENS):
        for match in pattern.finditer(text):
            m = ending_at(match.start())
            if m is not None:
                out.append((m, match.start(1), match.end(1)))
    return out


def _ages(articles: Sequence[Article], common: frozenset[str]) -> list[_Age]:
    out = []
    for idx, article in enumerate(articles):
        for sent in sentences_of(article.text):
            if not _HINT.search(sent.text):
                continue  # no age-like number: skip the name search
            tied = _named(sent.text, mentions(sent.text, common))
            toks = tokens(sent.text) if tied else []
            for mention, a, b in tied:
                value = int(sent.text[a:b])
                words = name_words(sent.text, mention)
                if not words or not 0 < value <= _MAX_AGE:
                    continue
                surname = re.sub(r"['’]s$", "", words[-1][0])
                tail = mention.parts[-1].lower()
                near = next((k for k, t in enumerate(toks) if t[1] >= a), None)
                source = attribution(sent.text, toks, near)
                if source and source[0].islower() and source.split()[0] not in lx.SOURCE_NOUNS:
                    source = None  # "Jane Roe, 38, said nothing": not a source
                claim = Claim(
                    article=article.id, sentence=sent.text, start=sent.start, end=sent.end,
                    value=sent.text[a:b], low=float(value), high=float(value), unit="years",
                    attribution=source, measure="age",
                    value_start=sent.start + a, value_end=sent.start + b,
                )  # fmt: skip
                first = name_key(words[0][0]) if len(words) > 1 else None
                suffix = tail if tail in _SUFFIXES else None
                out.append(_Age(idx, surname, word_key(surname), first, suffix, value, claim))
    return out


def _first_names(index: NameIndex, roots: dict[str, str]) -> dict[str, set[str]]:
    """Surname id -> keys of the first names the articles give it."""
    firsts: dict[str, set[str]] = defaultdict(set)
    for w in index.words:
        if w.first:
            firsts[roots.get(w.key, w.key)].add(w.first)
        if w.last:
            firsts[roots.get(w.last, w.last)].add(w.key)
    return firsts


def _person(
    age: _Age, roots: dict[str, str], firsts: dict[str, set[str]]
) -> tuple[str, str] | None:
    """(surname id, first-name id) of the person an age is given for, None when ambiguous."""
    surname = roots.get(age.key, age.key)
    known = sorted(firsts.get(surname, set()) | ({age.first} if age.first else set()))
    clusters: list[list[str]] = []
    for key in known:
        home = next((c for c in clusters if any(similar_keys(key, k) for k in c)), None)
        if home is None:
            clusters.append([key])
        else:
            home.append(key)
    if age.first is not None:
        return surname, next(c[0] for c in clusters if age.first in c)
    return (surname, clusters[0][0]) if len(clusters) == 1 else None


def age_facts(
    articles: Sequence[Article],
    index: NameIndex,
    min_outlets: int,
    related: Callable[[int, int], bool],
) -> list[Fact]:
    """One fact per person whose age two or more related articles give."""
    found = _ages(articles, index.common)
    if len({a.article for a in found}) < 2:
        return []
    roots = index.roots()
    firsts = _first_names(index, roots)
    people: dict[tuple[str, str], list[_Age]] = defaultdict(list)
    for age in found:
        person = _person(age, roots, firsts)
        if person is not None:
            people[person].append(age)
    facts = []
    for ages in people.values():
        if len({a.suffix for a in ages if a.suffix}) > 1:
            continue  # a Jr and a Sr: two people of one name
        arts = {a.article for a in ages}
        ages = [a for a in ages if any(related(a.article, o) for o in arts if o != a.article)]
        if len({a.article for a in ages}) < max(min_outlets, 2):
            continue
        seen: set[tuple[int, int]] = set()
        claims = []
        for a in sorted(ages, key=lambda a: (a.article, a.claim.value_start)):
            if (a.article, a.value) not in seen:
                seen.add((a.article, a.value))
                claims.append(a)
        facts.append(_fact(articles, claims))
    return facts


def _fact(articles: Sequence[Article], ages: list[_Age]) -> Fact:
    spellings: dict[str, int] = defaultdict(int)
    for a in ages:
        spellings[a.surname] += 1
    label = "age: " + max(spellings, key=lambda s: (spellings[s], -list(spellings).index(s)))
    values = list(dict.fromkeys(a.value for a in ages))
    claims = tuple(a.claim for a in ages)
    if len(values) == 1:
        reports = len({a.article for a in ages})
        return Fact(label, Verdict.AGREE, f"{reports} reports say {values[0]}", claims)
    aged = _aged_between(articles, ages)
    if aged:
        return Fact(label, Verdict.COMPATIBLE, aged, claims)
    return Fact(label, Verdict.CONFLICT, " vs ".join(map(str, values)), claims)


def _aged_between(articles: Sequence[Article], ages: list[_Age]) -> str | None:
    """A later report giving an older age, as many years later as the ages differ ("38 ... 39
    eleven months on"): the person aged, the reports agree."""
    dated = []
    for a in ages:
        when = articles[a.article].published
        if when is None:
            return None
        dated.append((when.replace(tzinfo=None), a.value))
    dated.sort()
    for (t1, v1), (t2, v2) in pairwise(dated):
        years = (t2 - t1).days / 365.25
        if v2 < v1 or (v2 > v1 and not (years >= 0.5 and int(years) <= v2 - v1 <= int(years) + 1)):
            return None
    (t1, v1), (t2, v2) = dated[0], dated[-1]
    return f"{v1} ({_day(t1)}) and {v2} ({_day(t2)}): later report, older by then"


def _day(when: datetime) -> str:
    return f"{when:%b} {when.day}, {when.year}"
