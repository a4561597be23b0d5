"""The ``place`` kind's comparator: where outlets say one thing happened, and whether the places
contain or exclude each other (``text.gazetteer``).

Grouping (``align.cluster``): claims of one form ("named", "relative", "sea", "death"; see
``extract.places``) from related articles, dated alike (a 2011 place is not today's), with the
same predicate and a compatible event noun for named places, the same reference place for
relative ones.  One claim per article unless it restates the same place.

Verdicts:

- **named**: each claim's chain is resolved in the gazetteer ("Lyon in eastern Spain":
  the outlet puts Lyon in Spain; the gazetteer has it in France, which the reason says).
  A name the gazetteer lacks but a region noun marks as a place ("the western region of
  Brittany") is taken to lie in the country its article is about (the one it names most, by
  name or demonym).  ``conflict`` when two outlets' places exclude each other (different
  countries or states; cities farther apart than their sizes, unless one says "near" and they
  are close), ``variant`` for one place spelled two ways, ``agree`` for one place, else
  ``compatible`` ("Richmond Hill is in Queens", "not known to exclude each other");
- **relative**: compass directions from one reference more than 45 degrees apart conflict
  ("west vs south of Medan"); "from X" fits any direction;
- **sea**: "at sea" against "inland" conflict;
- **death**: where someone died: the scene, on the way to hospital, in hospital, at home; two
  hospitals named for one named person conflict, any other difference of class too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from kzreader.facts.compare.align import cluster, similarity
from kzreader.facts.compare.reasons import agreement
from kzreader.facts.context import ReportContext
from kzreader.facts.extract.places import DIRECTIONS, PlaceClaim
from kzreader.facts.model import Fact, Verdict
from kzreader.facts.text.demonyms import DEMONYMS
from kzreader.facts.text.names import name_key, surface_form, word_key

if TYPE_CHECKING:
    from kzreader.facts.text.gazetteer import Place

BASE = 0.25
"""What two claims of one form and predicate score before their sentences' similarity."""
MARGIN = {"named": 0.1, "home": 0.0, "relative": 0.0, "sea": 0.05, "death": 0.0}
"""Extra score each form needs over ``FactsConfig.similarity`` to align."""
OPPOSED_DEGREES = 45.0
"""Directions from one place further apart than this exclude each other."""


def _ref(c: PlaceClaim) -> str:
    ref = c.chain[0] if c.chain else ""
    return name_key(ref[4:] if ref.startswith("The ") else ref)


def _same_fact(a: PlaceClaim, b: PlaceClaim) -> bool:
    if a.form != b.form or a.years != b.years:
        return False
    if a.form == "named":
        return (
            a.predicate == b.predicate
            and (a.subject is None or b.subject is None or a.subject == b.subject)
            and bool(a.chain)
            and bool(b.chain)
        )
    if a.form == "home":
        return a.person is not None and a.person == b.person
    if a.form == "relative":
        far = a.km is not None and b.km is not None and max(a.km, b.km) > 2.5 * min(a.km, b.km)
        return _ref(a) == _ref(b) != "" and not far  # 15 and 50 miles north: two things
    if a.form == "sea":
        return a.subject is None or b.subject is None or a.subject == b.subject
    return True  # death: the comparator checks the people


def _score(a: PlaceClaim, b: PlaceClaim) -> float:
    s = BASE + 0.5 * similarity(a, b)
    if a.subject and a.subject == b.subject:
        s += 0.1
    if a.form == "named":
        if a.direction and a.direction == b.direction:
            s += 0.1
        if {name_key(x) for x in a.chain} & {name_key(x) for x in b.chain}:
            s += 0.1
    if a.form in ("relative", "death", "home"):
        s += 0.1  # one reference place / one death: the form itself is strong evidence
    return s


def _restates(a: PlaceClaim, b: PlaceClaim) -> bool:
    if a.form == "relative":
        return a.direction == b.direction
    if a.form in ("named", "home"):
        return name_key(a.chain[0]) == name_key(b.chain[0])
    return a.value == b.value


def group(found: list[PlaceClaim], report: ReportContext) -> list[list[PlaceClaim]]:
    """Claims of one place fact, each group in article then text order."""
    # an article that gives two places of death speaks of two victims: none is the one death
    classes: dict[int, set[str]] = defaultdict(set)
    for c in found:
        if c.form == "death":
            classes[c.article].add(c.value)
    found = [c for c in found if c.form != "death" or len(classes[c.article]) == 1]
    groups = cluster(
        found,
        report,
        same_fact=_same_fact,
        score=_score,
        bar=lambda a, b: report.config.similarity + MARGIN[a.form],
        restates=_restates,
    )
    out = []
    for g in groups:
        g.sort(key=lambda c: (c.article, c.claim.value_start))
        if g[0].form == "death":
            g = _one_person(g)
        if len({c.article for c in g}) >= 2:
            out.append(g)
    return out


def _one_person(g: list[PlaceClaim]) -> list[PlaceClaim]:
    """Deaths named for different people are not one fact: keep the most named person's (and
    the unnamed)."""
    named = Counter(c.person for c in g if c.person)
    if len(named) <= 1:
        return g
    main = named.most_common(1)[0][0]
    return [c for c in g if c.person in (None, main)]


def judge(g: list[PlaceClaim], report: ReportContext) -> Fact:
    form = g[0].form
    if form in ("named", "home"):
        return _judge_named(g, report)
    claims = tuple(c.claim for c in g)
    if form == "relative":
        ref = g[0].chain[0]
        label = f"place: relative to {ref}"
        dirs = {c.direction for c in g if c.direction}
        worst = max(
            (_angle(x, y), x, y) for x, y in combinations(sorted(dirs), 2)
        ) if len(dirs) > 1 else None  # fmt: skip
        if worst and worst[0] > OPPOSED_DEGREES:
            return Fact(label, Verdict.CONFLICT, f"{worst[1]} vs {worst[2]} of {ref}", claims)
        shown = sorted(dirs) or ["from"]
        if len({c.value for c in g}) == 1:
            return Fact(label, Verdict.AGREE, agreement(claims, f"{shown[0]} of {ref}"), claims)
        return Fact(label, Verdict.COMPATIBLE, _fits(dirs, ref), claims)
    values = list(dict.fromkeys(c.value for c in g))
    if form == "sea":
        label = "place: at sea or inland"
        if len(values) == 1:
            return Fact(label, Verdict.AGREE, agreement(claims, values[0]), claims)
        where = {v: next(c.claim.sentence[c.claim.value_start - c.claim.start:
                                          c.claim.value_end - c.claim.start]
                         for c in g if c.value == v) for v in values}  # fmt: skip
        sea = where.get("at sea", "")
        return Fact(label, Verdict.CONFLICT, f"at sea ({sea}) vs inland", claims)
    label = "place: where the victim died"
    # two hospitals are two places only for one named person (another victim died elsewhere)
    people = Counter(c.person for c in g if c.person and c.chain)
    person = people.most_common(1)[0][0] if people else None
    hospitals = {c.chain[0] for c in g if c.chain and c.value == "hospital" and c.person == person}
    if len(values) == 1 and len(hospitals) <= 1:
        return Fact(label, Verdict.AGREE, agreement(claims, _death(g[0])), claims)
    if len(values) == 1:
        named = " vs ".join(f"{h} Hospital" for h in sorted(hospitals))
        return Fact(label, Verdict.CONFLICT, named, claims)
    shown = list(dict.fromkeys(_death(c) for c in g))
    return Fact(label, Verdict.CONFLICT, " vs ".join(shown), claims)


def _death(c: PlaceClaim) -> str:
    return " ".join(c.claim.value.split())


def _angle(a: str, b: str) -> float:
    d = abs(DIRECTIONS[a] - DIRECTIONS[b]) % 360
    return min(d, 360 - d)


def _fits(dirs: set[str], ref: str) -> str:
    if len(dirs) > 1:
        return f"{' and '.join(sorted(dirs))} of {ref}: within {OPPOSED_DEGREES:g} degrees"
    return f"{next(iter(dirs))} of {ref} fits 'from {ref}'" if dirs else f"from {ref}"


# -- named places ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Located:
    """Where one claim puts the event: the places it can mean, and why."""

    places: tuple[Place, ...]  # gazetteer Places
    note: str | None  # the gazetteer's correction, or an assumption made
    shown: str  # the claim's place as the reason shows it
    coarse: bool = False  # ``places`` is only the country of a region the gazetteer lacks


def _country_names() -> dict[str, str]:
    """Folded country names and aliases -> ISO code (from the gazetteer)."""
    from kzreader.facts.text import gazetteer

    return gazetteer.country_names()


def _article_country(report: ReportContext, article: int) -> str | None:
    """The country an article is about: the one it names most (by name or demonym), if it
    names one at least twice and more than any other."""

    def make() -> dict[int, str | None]:
        import re

        names = _country_names()
        out: dict[int, str | None] = {}
        for i, a in enumerate(report.articles):
            counts: Counter[str] = Counter()
            for m in re.finditer(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?", a.text):
                word = m.group()
                code = DEMONYMS.get(word) or names.get(word.lower())
                if code is None and " " in word:
                    first = word.split()[0]
                    code = DEMONYMS.get(first) or names.get(first.lower())
                if code:
                    counts[code.split("-")[0]] += 1
            top = counts.most_common(2)
            if top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] > top[1][1]):
                out[i] = top[0][0]
            else:
                out[i] = None
        return out

    return report.memo("place-article-country", make).get(article)


def _candidates(name: str) -> list[Place]:
    from kzreader.facts.text import gazetteer

    found = gazetteer.lookup(name)
    exact = [p for p, is_exact in found if is_exact]
    if exact:
        return list(exact)
    return [p for p, _e in found] if len(name_key(name)) >= 6 else []


def _locate(c: PlaceClaim, report: ReportContext) -> Located:
    from kzreader.facts.text import gazetteer

    inner = c.chain[0]
    shown = c.claim.value
    places = _candidates(inner)
    country = _article_country(report, c.article)
    for container in c.chain[1:]:
        outer = _candidates(container)
        if not outer:
            continue
        within = [p for p in places if any(gazetteer.relation(p, o) in ("inside", "same")
                                           for o in outer)]  # fmt: skip
        if within:
            return Located(tuple(within), None, shown)
        if places and all(o.kind in ("country", "state", "continent") for o in outer):
            where = places[0]
            country_name = gazetteer.country_name(where.country) or where.country
            note = f"the gazetteer has {where.name} in {country_name}, not {container}"
            return Located(tuple(outer), note, shown)
        return Located(tuple(outer), None, shown)
    if country and places:
        local = [p for p in places if p.country == country or p.kind == "continent"]
        if local:
            places = local
    if c.regional and places and all(p.kind == "city" for p in places):
        # "the region of X": a region named like a town lies in that town's country, at least
        homes = {p.country: gazetteer.country_place(p.country) for p in places}
        found = [h for h in homes.values() if h is not None]
        if found:
            names = " or ".join(h.name for h in found)
            note = f"the region of {inner} read as in {names}"
            return Located(tuple(found), note, shown, coarse=True)
    if not places and c.regional and country:
        home = gazetteer.country_place(country)
        if home is not None:
            note = f"{inner} taken to be in {home.name}, the country its report is about"
            return Located((home,), note, shown, coarse=True)
    return Located(tuple(places), None, shown)


def _relation(a: Located, b: Located, near: bool) -> str:
    """The closest relation any reading of ``a`` has to any reading of ``b``."""
    from kzreader.facts.text import gazetteer

    if not a.places or not b.places:
        return "unknown"
    if a.coarse or b.coarse:
        near = False  # a country for a region: only countries that differ say anything
    order = ("same", "inside", "contains", "near", "unknown", "apart")
    best = "apart"
    for x in a.places:
        for y in b.places:
            r = gazetteer.relation(x, y)
            if r == "apart" and near:
                d = gazetteer.distance_km(x, y)
                if d is not None and d <= gazetteer.NEAR_KM + x.radius_km + y.radius_km:
                    r = "near"
            if order.index(r) < order.index(best):
                best = r
    if (a.coarse or b.coarse) and best != "apart":
        return "unknown"  # both in one country, but which region: not known
    return best


def _judge_named(g: list[PlaceClaim], report: ReportContext) -> Fact:
    claims = tuple(c.claim for c in g)
    located = [_locate(c, report) for c in g]
    label = f"place: where it {_PAST.get(g[0].predicate or '', 'happened')}"
    if g[0].form == "home":
        surname = g[0].claim.sentence  # the person as the first report names them
        label = f"place: where {_surname(g[0]) or surname[:20]} lives"
    worst: tuple[int, int, int, str] | None = None
    rank = {"apart": 5, "unknown": 4, "near": 3, "contains": 2, "inside": 2, "same": 0}
    for i, j in combinations(range(len(g)), 2):
        if g[i].article == g[j].article:
            continue
        if name_key(g[i].chain[0]) == name_key(g[j].chain[0]):
            r = "same"  # one name, whatever the gazetteer knows of it
        else:
            r = _relation(located[i], located[j], g[i].near or g[j].near)
        if worst is None or rank[r] > worst[0]:
            worst = (rank[r], i, j, r)
    if worst is None:
        return Fact(label, Verdict.AGREE, agreement(claims, g[0].chain[0]), claims)
    _rank, i, j, r = worst
    a, b = located[i], located[j]
    pair = f"{a.shown} vs {b.shown}"
    notes = "; ".join(n for n in (a.note, b.note) if n)
    if r == "apart":
        return Fact(label, Verdict.CONFLICT, pair + (f" ({notes})" if notes else ""), claims)
    if r == "same":
        spellings = list(dict.fromkeys(surface_form(c.chain[0]) for c in g))
        if len(spellings) > 1:
            names = " / ".join(dict.fromkeys(c.chain[0] for c in g))
            return Fact(label, Verdict.VARIANT, f"one place spelled {names}", claims)
        return Fact(label, Verdict.AGREE, agreement(claims, g[0].chain[0]), claims)
    why = {
        "inside": "one contains the other",
        "contains": "one contains the other",
        "near": "neighbouring places",
        "unknown": "not known to exclude each other",
    }[r]
    return Fact(label, Verdict.COMPATIBLE, f"{pair}: {why}", claims)


def _surname(c: PlaceClaim) -> str | None:
    """The surname of a home claim's person as its sentence writes it."""
    for word in c.claim.sentence.replace(",", " ").split():
        if word_key(word) == c.person:
            return word
    return None


_PAST = {
    "began": "began", "struck": "struck", "died": "died", "arrested": "was stopped",
    "held": "was held", "found": "was found", "crashed": "came down", "cut": "was cut",
}  # fmt: skip
