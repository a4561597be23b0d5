"""The ``count`` kind's comparator: which count claims state one fact, and its verdict.

Two count claims can be one fact only when they measure the same thing (killed vs injured never
mix; "offered" shares are not "sold" shares), count the same kind of subject (police vs
protesters never mix; an implicit subject fits any), are anchored to the same years (a 2011 toll
is not today's), have the same scope (a part, "170,000 in the province" or "in X alone", is not
the whole, "230,000 in 14 countries"; a count "inside" a place is not one "outside" it), are not
an article's breakdown by place set against another place, and are within a plausible scale of
each other (``same_fact``).  Among those, sentence similarity plus agreement bonuses decides
(``score``, ``bar``), through ``align.cluster``; one value per article (restatements of it, and
figures it gives as what earlier reports said, may join).

Verdicts: ``agree`` (one value), ``compatible`` (intervals overlap), ``update`` (a later report
by publication time, or wording such as "rose to", revises a toll), ``conflict`` (disjoint).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from itertools import groupby

from kzreader.facts import lexicon as lx
from kzreader.facts.compare.align import cluster, similarity
from kzreader.facts.compare.reasons import agreement
from kzreader.facts.compare.updates import Reading, by_time, by_wording, stamp, superseded_cue
from kzreader.facts.context import ReportContext
from kzreader.facts.extract.counts import COUNT, MONTH_ANCHOR, NOUN_FIGURES, VERB, CountClaim
from kzreader.facts.model import Claim, Fact, Verdict
from kzreader.facts.text import gazetteer
from kzreader.facts.text.names import similar_keys


def group(found: list[CountClaim], report: ReportContext) -> list[list[CountClaim]]:
    """Count claims that state one fact (``align.cluster``), each group in article order."""
    figures: dict[int, dict[str, tuple[float, float]]] = report.memo(NOUN_FIGURES, dict)
    for article, claims in groupby(found, key=lambda c: c.article):
        infos = list(claims)
        mark_breakdowns(infos)
        mark_ambiguous(infos, figures.get(article, {}))
    groups = cluster(
        found,
        report,
        same_fact=same_fact,
        score=score,
        bar=lambda a, b: report.config.similarity + _margin(a, b),
        restates=_restates,
        key=_block,
    )
    groups = _attach_earlier(groups)
    for g in groups:
        g.sort(key=lambda c: (c.article, c.claim.start))
    return groups


def _restates(a: CountClaim, b: CountClaim) -> bool:
    """May one article give both claims of a fact: a figure restated ("at least 24", then
    "24"), or a figure and what earlier reports said.  Not a figure and "an unspecified number"
    of the same predicate: an article that gives both is telling two facts apart (the unknown
    would otherwise bridge facts with different figures)."""
    if a.measure != b.measure or a.unknown != b.unknown:
        return False
    return _overlaps(a, b) or a.superseded != b.superseded


def _attach_earlier(groups: list[list[CountClaim]]) -> list[list[CountClaim]]:
    """A figure an article gives as what earlier reports said ("originally reported two dead")
    left alone joins the fact its own article's current figure of that measure is in."""
    home: dict[tuple[int, str], list[CountClaim]] = {}
    for g in groups:
        if len({c.article for c in g}) > 1:
            for c in g:
                if not c.superseded:
                    home.setdefault((c.article, c.measure), g)
    out = []
    for g in groups:
        if len(g) == 1 and g[0].superseded:
            target = home.get((g[0].article, g[0].measure))
            if target is not None and all(_subjects_fit(g[0], c) for c in target):
                target.append(g[0])
                continue
        out.append(g)
    return out


def judge(group: list[CountClaim], report: ReportContext) -> Fact:
    """The fact: its label ("police officers killed"), verdict and one-line reason."""
    v, reason = verdict(group, report)
    return Fact(label(group), v, reason, tuple(c.claim for c in group))


def _margin(a: CountClaim, b: CountClaim) -> float:
    weak = _weak(a)
    ambiguous = AMBIGUOUS_MARGIN if weak and (a.ambiguous or b.ambiguous) else 0.0
    loose = weak or a.vague or b.vague or lx.PAST in a.years  # (an undated earlier event)
    return (PARTIAL_MARGIN if loose else 0.0) + ambiguous


AMBIGUOUS_MARGIN = 0.2
"""Extra score a bare count, or a count under a verb outside the lexicon, needs when its article
counts the same noun so with several figures that cannot all be one ("scored 11 points" and
"scored 14 points" of two players): which of them another report's figure states takes
sentences that are alike, not just the same noun.  (Tolls an article breaks down by place or
dates to another event are told apart by places and anchors.)"""


def mark_ambiguous(infos: list[CountClaim], figures: dict[str, tuple[float, float]]) -> None:
    """Flag the claims of one article whose noun the article counts with figures that cannot
    all be one (``figures``: noun -> (lowest top, highest bottom), from the extractor)."""
    for c in infos:
        seen = figures.get(c.subject) if c.subject else None
        c.ambiguous = seen is not None and seen[0] < seen[1]


def _weak(c: CountClaim) -> bool:
    """A bare count, or a count under a verb outside the lexicon."""
    return c.measure == COUNT or c.measure.startswith(VERB)


def _block(c: CountClaim) -> tuple[str, frozenset[int]]:
    """Claims of different blocks are never one fact (``same_fact`` needs fitting measures and
    the same years): only pairs inside a block are scored."""
    return ("(weak)" if _weak(c) else c.measure, c.years)


def _measures_fit(a: CountClaim, b: CountClaim) -> bool:
    """The same predicate; or a bare count and a verb outside the lexicon ("300 students were
    attending class" and "a 200-student school" count one group)."""
    if a.measure == b.measure:
        return True
    pair = {a.measure, b.measure}
    return COUNT in pair and any(m.startswith(VERB) for m in pair)


def _subjects_fit(a: CountClaim, b: CountClaim) -> bool:
    if a.measure in (COUNT,) or a.measure.startswith(VERB) or b.measure.startswith(VERB):
        return a.subject == b.subject
    if a.measure == "gathered" and {a.subject, b.subject} <= lx.PERSON_SUBJECTS | {None}:
        return True  # a crowd is a crowd: "protesters", "people", "union members" alike
    if a.subject is None or b.subject is None:
        return True  # an implicit subject ("killing at least one", "two landed") fits any
    if a.subject == b.subject:
        return True
    # a background event pinned by the same year: "15 protesters" ~ "16 workers" (2011)
    return bool(a.years) and a.years == b.years and {a.subject, b.subject} <= lx.PERSON_SUBJECTS


def _places_fit(a: CountClaim, b: CountClaim) -> bool:
    """Places keep claims apart only where an article breaks a count down by place ("12 killed
    in X ... 10 killed in Y"): such a claim aligns only with claims naming the same place.
    Elsewhere a place only locates the event ("in the hills" / "near the town")."""
    if not (a.by_place or b.by_place):
        return True
    if not a.places or not b.places:
        return False
    return any(same_place(p, q) for p in a.places for q in b.places)


@lru_cache(maxsize=4096)
def same_place(a: str, b: str) -> bool:
    """Two place keys of a breakdown by place name one place: alike keys, or names of one
    gazetteer entry ("Bombay" is an alternate name of Mumbai).  Asked only of keys
    that differ in articles that break a count down by place, so the gazetteer is rarely
    opened."""
    if similar_keys(a, b):
        return True
    mine = {p.gid for p, _exact in gazetteer.lookup(a) if p.gid}
    return bool(mine) and any(p.gid in mine for p, _exact in gazetteer.lookup(b))


def _scopes_fit(a: CountClaim, b: CountClaim) -> bool:
    """A part ("in X alone", "170,000 in the province and thousands more") is no whole ("in
    all", "230,000 in 14 countries"); it meets a claim that says no scope only when that claim
    names the part's place, and another part when their places do not differ.  A count inside
    a place is not one outside it."""
    if a.where != b.where and (":" in f"{a.where}{b.where}" or (a.where and b.where)):
        return False  # "in" vs "out"; where things landed: "in:camp" vs "in:airstrip" or none
    if a.scope == b.scope:
        if a.scope == "part" and a.scope_places and b.scope_places:
            return any(similar_keys(p, q) for p in a.scope_places for q in b.scope_places)
        return True
    if "whole" in (a.scope, b.scope) and "part" in (a.scope, b.scope):
        return False
    part, other = (a, b) if a.scope == "part" else (b, a)
    if part.scope != "part":
        return True  # a whole and a claim that says nothing of its scope
    return bool(part.scope_places) and any(
        similar_keys(p, q) for p in part.scope_places for q in other.places
    )


BREAKDOWN_WINDOW = 50
"""A breakdown by place is looked for among the 50 claims before and after a claim in its
article (every claim of an ordinary article; a bounded search in a megabyte one)."""


def mark_breakdowns(infos: list[CountClaim]) -> None:
    """Flag the claims of one article that give one measure different figures for different named
    places ("12 killed in X ... 10 killed in Y")."""
    for n, a in enumerate(infos):
        near = infos[max(0, n - BREAKDOWN_WINDOW) : n + BREAKDOWN_WINDOW + 1]
        a.by_place = a.elsewhere or (
            bool(a.places)
            and any(
                b is not a
                and b.measure == a.measure
                and b.places
                and not _overlaps(a, b)
                and not any(similar_keys(p, q) for p in a.places for q in b.places)
                for b in near
            )
        )


def _scale_fits(a: CountClaim, b: CountClaim) -> bool:
    """Figures for one fact may differ (1 vs 24 dead) but not by orders of magnitude in
    the thousands (1 dead vs a 230,000 toll); an unknown figure fits any."""
    if a.unknown or b.unknown:
        return True
    lo = max(min(a.claim.high or 0, b.claim.high or 0), 1)
    hi = max(a.claim.low or 0, b.claim.low or 0)
    return not (hi >= 1000 and hi > 20 * lo)


def _owners_fit(a: CountClaim, b: CountClaim) -> bool:
    """Whose count, for bare counts and verbs outside the lexicon (box scores): "Arlo Venn
    scored 20 points" is not "Tess Holt scored 16 points"; a claim that names no one fits any.
    (A toll's or a deployment's "owner" is mostly its source or agent: "the council approved
    sending 2,500 troops" and "Russia sent 2,500 troops" are one fact.)  Parts of different
    wholes are different counts too ("landed 28 of his 68 punches" is not "178 of 369")."""
    if _weak(a) and a.owner and b.owner and not similar_keys(a.owner, b.owner):
        return False
    if a.qualifier and b.qualifier and not similar_keys(a.qualifier, b.qualifier):
        return False  # "12 Israeli soldiers" and "12 Egyptian soldiers" are two counts
    if _weak(a) and _weak(b) and bool(a.qualifier) != bool(b.qualifier):
        return False  # bare counts: "the 12 EC countries" are not "92 nations taking part"
    return a.of_whole is None or b.of_whole is None or a.of_whole == b.of_whole


def same_fact(a: CountClaim, b: CountClaim) -> bool:
    """Could these two claims (from different articles) state the same fact?"""
    return (
        _measures_fit(a, b)
        and a.years == b.years
        and _subjects_fit(a, b)
        and _places_fit(a, b)
        and _scopes_fit(a, b)
        and _owners_fit(a, b)
        and _scale_fits(a, b)
    )


PARTIAL_MARGIN = 0.15
"""Extra score bare counts and vague amounts ("dozens") need to align."""
BASE = 0.25
"""What two compatible claims (same measure, subject, years, places) score before any evidence."""


def score(a: CountClaim, b: CountClaim) -> float:
    """Alignment score: base + half the sentence similarity + agreement bonuses."""
    s = BASE + 0.5 * similarity(a, b)
    if a.subject and a.subject == b.subject:
        s += 0.1
    if a.attribution_key and b.attribution_key and a.attribution_key & b.attribution_key:
        s += 0.1
    if a.claim.low == b.claim.low and a.claim.high == b.claim.high:
        s += 0.1
    if a.places and b.places and _places_fit(a, b):
        s += 0.1
    if a.years and a.years == b.years and lx.PAST not in a.years:
        s += 0.1  # the same dated background event (an undated earlier one may be another)
    return s


def _overlaps(a: CountClaim, b: CountClaim) -> bool:
    """One article restating a figure ("at least 24" then "24") may give it twice (or say it
    is unknown, then give it)."""
    if a.unknown or b.unknown:
        return True
    return (a.claim.low or 0) <= (b.claim.high or 0) and (b.claim.low or 0) <= (a.claim.high or 0)


MEASURE_LABELS = {
    "killed": "killed", "injured": "injured", "arrested": "arrested or detained",
    "missing": "missing", "evacuated": "evacuated", "rescued": "rescued", "trapped": "trapped",
    "sent": "sent", "damaged": "damaged or destroyed", "seized": "seized",
    "gathered": "at the protest", "dropped": "dropped or fired", "landed": "that landed or hit",
    "cut": "cut", "employed": "employed", "charged": "charged", "released": "released",
    "affected": "affected", "infected": "infected", "shot": "shot",
}  # fmt: skip
_VAGUE_UNITS = frozenset(["others", "other", "more"])
# tolls that later reports revise; crowd sizes, populations and bomb counts are estimates that
# disagree, not tolls that grow
REVISED_BY_LATER_REPORTS = frozenset(
    [
        "killed",
        "injured",
        "arrested",
        "missing",
        "evacuated",
        "rescued",
        "trapped",
        "shot",
        "damaged",
    ]
)
_DEFAULT_SUBJECT = {
    "damaged": "buildings", "dropped": "bombs", "seized": "items", "landed": "bombs", "cut": "jobs",
}  # fmt: skip


def display(claim: Claim) -> str:
    """How a value reads in a reason: digits for exact counts, the hedge as written otherwise."""
    if claim.low is not None and claim.low == claim.high:
        low = claim.low
        return f"{int(low):,}" if float(low).is_integer() else f"{low:g}"
    return " ".join(claim.value.lower().split())


def label(infos: list[CountClaim]) -> str:
    units = Counter(
        i.claim.unit.lower()
        for i in infos
        if i.claim.unit and i.subject and i.claim.unit.lower().split()[-1] not in _VAGUE_UNITS
    )
    measure = infos[0].measure
    if units:
        subject = units.most_common(1)[0][0]
    else:
        subject = next((i.subject for i in infos if i.subject), None) or _DEFAULT_SUBJECT.get(
            measure, "people"
        )
    if measure == COUNT:
        text = f"number of {subject}"
    elif measure.startswith(VERB):
        verbs = Counter(i.verb for i in infos if i.verb)
        text = f"{subject} ({verbs.most_common(1)[0][0] if verbs else measure[len(VERB) :]})"
    else:
        said = MEASURE_LABELS.get(measure, measure)
        # "the two wounded men", "several affected villages": the phrase says it already
        text = subject if said.split()[0] in subject.split() else f"{subject} {said}"
    years = [_anchor(y) for y in sorted(infos[0].years)]
    return f"{text} ({', '.join(years)})" if years else text


_MONTHS = "January February March April May June July August September October November December"


def _anchor(year: int) -> str:
    """How an anchor reads in a label: 2011, "earlier" (an undated earlier event), "January"."""
    if year == lx.PAST:
        return "earlier"
    if MONTH_ANCHOR < year <= MONTH_ANCHOR + 12:
        return _MONTHS.split()[year - MONTH_ANCHOR - 1]
    return str(year)


def _per_article(infos: list[CountClaim]) -> list[CountClaim]:
    """One claim per article: the most precise one ("24" over "at least 24", any figure over
    "an unspecified number")."""
    seen: dict[int, CountClaim] = {}
    for info in infos:
        best = seen.get(info.article)
        if best is None or _width(info) < _width(best):
            seen[info.article] = info
    return list(seen.values())


def _width(info: CountClaim) -> float:
    if info.unknown:
        return float("inf")
    return (info.claim.high or 0) - (info.claim.low or 0)


def _distinct(infos: list[CountClaim]) -> list[CountClaim]:
    seen: dict[tuple[float | None, float | None], CountClaim] = {}
    for info in infos:
        seen.setdefault((info.claim.low, info.claim.high), info)
    return list(seen.values())


def _overlap(a: Claim, b: Claim) -> bool:
    assert a.low is not None and a.high is not None and b.low is not None and b.high is not None
    return a.low <= b.high and b.low <= a.high


def verdict(infos: list[CountClaim], report: ReportContext) -> tuple[Verdict, str]:
    """(verdict, reason) for one aligned group of count claims.  Figures an article gives as
    what earlier reports said ("originally reported two dead") revise nothing themselves: the
    group is judged on the current figures, and is an update when an earlier one differs: either
    way when the article that gives the earlier figure gives the current one too ("originally
    reported two dead ... police later said one"), else only upwards (counts only grow, as in
    ``compare.updates``: "initially said 15" in one report against 12 in another is disputed)."""
    current = [i for i in infos if not i.superseded]
    earlier = [i for i in infos if i.superseded]
    if not (current and earlier):
        return _verdict(infos, report)
    v, reason = _verdict(current, report)
    now = _per_article(current)
    old = [e for e in _distinct(earlier) if not any(_overlap(e.claim, c.claim) for c in now)]
    revised = {i.article for i in current}
    if any(
        e.article not in revised and (e.claim.low or 0) > (c.claim.high or 0)
        for e in old
        for c in now
    ):
        return _verdict(infos, report)  # a report's earlier figure above another's: disputed
    if old and v in (Verdict.AGREE, Verdict.COMPATIBLE):
        said = " and ".join(display(e.claim) for e in old)
        return Verdict.UPDATE, f"first reports said {said}; later reports {display(now[0].claim)}"
    return v, reason


def _verdict(infos: list[CountClaim], report: ReportContext) -> tuple[Verdict, str]:
    per = _per_article(infos)
    unknown = [i for i in per if i.unknown]
    if unknown:
        return _with_unknown(unknown, [i for i in infos if not i.unknown], report)
    return _figures(per, infos, report)


def _with_unknown(
    unknown: list[CountClaim], known: list[CountClaim], report: ReportContext
) -> tuple[Verdict, str]:
    """Reports that say a figure is unknown, beside those that give one.  Not knowing a figure
    contradicts no figure: the verdict is the figures' own among themselves (``compatible``
    when they fit, so a lone figure is compatible with the unknowns), and the reason says who
    gives none ("unspecified vs about 2,500: 2 reports give no figure")."""
    reports = len({i.article for i in unknown})
    none = f"{reports} reports give no figure" if reports > 1 else "1 report gives no figure"
    if not known:
        return Verdict.AGREE, f"{reports} reports say the figure is unknown"
    values = _distinct(_per_article(known))
    if len(values) == 1:
        return Verdict.COMPATIBLE, f"unspecified vs {display(values[0].claim)}: {none}"
    v, reason = _figures(_per_article(known), known, report)
    return v, f"{reason}; {none}"


def _figures(
    per: list[CountClaim], infos: list[CountClaim], report: ReportContext
) -> tuple[Verdict, str]:
    """(verdict, reason) of the figures of a group (one claim per article in ``per``)."""
    values = _distinct(per)
    if len(values) == 1:
        return Verdict.AGREE, agreement([i.claim for i in infos], display(values[0].claim))
    exact = [v for v in values if v.claim.low == v.claim.high]
    hedged = [v for v in values if v.claim.low != v.claim.high]
    low = max(v.claim.low or 0 for v in values)
    high = min(v.claim.high or 0 for v in values)
    if low <= high:
        raised = _raised(per)  # "at least 37" ... "has risen to 52": a revision, though it fits
        if raised:
            return Verdict.UPDATE, raised
        wide = max(hedged, key=lambda v: (v.claim.high or 0) - (v.claim.low or 0))
        rest = [display(v.claim) for v in values if v is not wide]
        return Verdict.COMPATIBLE, f"{display(wide.claim)} includes {' and '.join(rest)}"
    update = _update(per, report)
    if update:
        return Verdict.UPDATE, update
    clashing = exact if len(exact) >= 2 else values
    reason = " vs ".join(display(v.claim) for v in clashing)
    fits = [
        h for h in hedged if clashing is exact and all(_overlap(h.claim, e.claim) for e in exact)
    ]
    if fits:
        reason += f" ({'; '.join(display(h.claim) for h in fits)} fits both)"
    elif hedged and clashing is exact:
        reason += "; also " + ", ".join(display(h.claim) for h in hedged)
    return Verdict.CONFLICT, reason


def _raised(per: list[CountClaim]) -> str | None:
    """A figure worded as a revision ("rose to 52") above every other report's stated floor."""
    cued = [i for i in per if i.update_cue]
    plain = [i for i in per if not i.update_cue]
    if len(_distinct(cued)) != 1 or not plain:
        return None
    new = cued[0].claim
    if all((i.claim.low or 0) < (new.low or 0) for i in plain):
        old = max(plain, key=lambda i: i.claim.low or 0).claim
        return f"later figure revises {display(old)} to {display(new)}"
    return None


def _update(per: list[CountClaim], report: ReportContext) -> str | None:
    """A later report (by publication time, or by wording such as "rose to") revising a count
    (``compare.updates``: tolls only grow; reports of the same time that disagree conflict)."""
    if per[0].years:
        return None  # a dated background event: later reports do not revise it
    readings = [
        Reading(
            i.claim.low or 0.0,
            i.claim.high or 0.0,
            display(i.claim),
            stamp(report.articles[i.article]),
            revises=i.update_cue,
            superseded=superseded_cue(i.claim.sentence, i.claim.value_start - i.claim.start),
        )
        for i in per
    ]
    if per[0].measure in REVISED_BY_LATER_REPORTS:
        timed = by_time(readings, upward=True)
        if timed:
            return timed
    return by_wording(readings, upward=True)
