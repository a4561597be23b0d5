"""The ``age`` kind's comparator: the age several reports give one named person.

People are matched as the variant facts match names (``compare.variants.name_index``:
transliteration keys, particles, one-edit spellings with a shared neighbour) plus their first
names; a bare surname counts only when the library gives it a single first name, so two people
sharing a surname are never compared, nor a Jr and a Sr of one name.  Verdict ``agree`` (one
age), ``compatible`` (dated reports as many years apart as the ages differ; undated reports
giving one of the dated reports' ages), else ``conflict``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from itertools import pairwise

from kzreader.facts.compare.reasons import agreement
from kzreader.facts.compare.variants import NameIndex, name_index
from kzreader.facts.context import ReportContext
from kzreader.facts.extract.ages import AgeClaim
from kzreader.facts.model import Fact, Verdict
from kzreader.facts.text.names import similar_keys


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
    age: AgeClaim, roots: dict[str, str], firsts: dict[str, set[str]]
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


def group(found: list[AgeClaim], report: ReportContext) -> list[list[AgeClaim]]:
    """Ages of one person given by two or more related articles (one claim per article and
    value), each group in article order."""
    if len({a.article for a in found}) < 2:
        return []
    index = name_index(report)
    roots = index.roots()
    firsts = _first_names(index, roots)
    people: dict[tuple[str, str], list[AgeClaim]] = defaultdict(list)
    for age in found:
        person = _person(age, roots, firsts)
        if person is not None:
            people[person].append(age)
    out = []
    related = report.related
    for ages in people.values():
        if len({a.suffix for a in ages if a.suffix}) > 1:
            continue  # a Jr and a Sr: two people of one name
        arts = {a.article for a in ages}
        ages = [a for a in ages if any(related(a.article, o) for o in arts if o != a.article)]
        if len({a.article for a in ages}) < max(report.config.min_outlets, 2):
            continue
        seen: set[tuple[int, int]] = set()
        claims = []
        for a in sorted(ages, key=lambda a: (a.article, a.claim.value_start)):
            if (a.article, a.value) not in seen:
                seen.add((a.article, a.value))
                claims.append(a)
        out.append(claims)
    return out


def judge(ages: list[AgeClaim], report: ReportContext) -> Fact:
    """The fact: "age: Surname", agree / compatible (aged between reports) / conflict."""
    spellings: dict[str, int] = defaultdict(int)
    for a in ages:
        spellings[a.surname] += 1
    label = "age: " + max(spellings, key=lambda s: (spellings[s], -list(spellings).index(s)))
    values = list(dict.fromkeys(a.value for a in ages))
    claims = tuple(a.claim for a in ages)
    if len(values) == 1:
        return Fact(label, Verdict.AGREE, agreement(claims, str(values[0])), claims)
    aged = _aged_between(report, ages)
    if aged:
        return Fact(label, Verdict.COMPATIBLE, aged, claims)
    return Fact(label, Verdict.CONFLICT, " vs ".join(map(str, values)), claims)


def _aged_between(report: ReportContext, ages: list[AgeClaim]) -> str | None:
    """A later report giving an older age, as many years later as the ages differ ("38 ... 39
    eleven months on"): the person aged, the reports agree.  Undated reports fit when each
    gives an age a dated report gives (it may be of that report's time)."""
    dated = []
    undated = set()
    for a in ages:
        when = report.articles[a.article].published
        if when is None:
            undated.add(a.value)
        else:
            dated.append((when.replace(tzinfo=None), a.value))
    dated.sort()
    if len({v for _, v in dated}) < 2 or not undated <= {v for _, v in dated}:
        return None  # an undated report may be of any dated one's time, never of another age
    for (t1, v1), (t2, v2) in pairwise(dated):
        years = (t2 - t1).days / 365.25
        if v2 < v1 or (v2 > v1 and not (years >= 0.5 and int(years) <= v2 - v1 <= int(years) + 1)):
            return None
    (t1, v1), (t2, v2) = dated[0], dated[-1]
    return f"{v1} ({_day(t1)}) and {v2} ({_day(t2)}): later report, older by then"


def _day(when: datetime) -> str:
    return f"{when:%b} {when.day}, {when.year}"
