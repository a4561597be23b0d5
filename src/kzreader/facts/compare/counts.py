"""The ``count`` kind's comparator: which count claims state one fact, and its verdict.

Two count claims can be one fact only when they measure the same thing (killed vs injured never
mix), count the same kind of subject (police vs protesters never mix; an implicit subject fits
any), are anchored to the same years (a 2011 toll is not today's), are not an article's breakdown
by place set against another place, and are within a plausible scale of each other
(``same_fact``).  Among those, sentence similarity plus agreement bonuses decides (``score``,
``bar``), through ``align.cluster``; one value per article (restatements of it may join).

Verdicts: ``agree`` (one value), ``compatible`` (intervals overlap), ``update`` (a later report
by publication time, or wording such as "rose to", revises a toll), ``conflict`` (disjoint).
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from kzreader.facts import lexicon as lx
from kzreader.facts.compare.align import cluster, similarity
from kzreader.facts.compare.reasons import agreement
from kzreader.facts.compare.updates import Reading, by_time, by_wording, stamp, superseded_cue
from kzreader.facts.context import ReportContext
from kzreader.facts.extract.counts import COUNT, CountClaim
from kzreader.facts.model import Claim, Fact, Verdict
from kzreader.facts.text.names import similar_keys


def group(found: list[CountClaim], report: ReportContext) -> list[list[CountClaim]]:
    """Count claims that state one fact (``align.cluster``), each group in article order."""
    for _article, claims in groupby(found, key=lambda c: c.article):
        mark_breakdowns(list(claims))
    groups = cluster(
        found,
        report,
        same_fact=same_fact,
        score=score,
        bar=lambda a, b: report.config.similarity + _margin(a, b),
        restates=lambda a, b: _overlaps(a, b) and a.measure == b.measure,
    )
    for g in groups:
        g.sort(key=lambda c: (c.article, c.claim.start))
    return groups


def judge(group: list[CountClaim], report: ReportContext) -> Fact:
    """The fact: its label ("police officers killed"), verdict and one-line reason."""
    v, reason = verdict(group, report)
    return Fact(label(group), v, reason, tuple(c.claim for c in group))


def _margin(a: CountClaim, b: CountClaim) -> float:
    return PARTIAL_MARGIN if a.measure == COUNT or a.vague or b.vague else 0.0


def _subjects_fit(a: CountClaim, b: CountClaim) -> bool:
    if a.measure == "count":
        return a.subject == b.subject
    if a.measure == "gathered" and {a.subject, b.subject} <= lx.PERSON_SUBJECTS | {None}:
        return True  # a crowd is a crowd: "protesters", "people", "union members" alike
    if a.subject is None or b.subject is None:
        other = a.subject or b.subject
        return other is None or other in lx.PERSON_SUBJECTS
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
    return any(similar_keys(p, q) for p in a.places for q in b.places)


def mark_breakdowns(infos: list[CountClaim]) -> None:
    """Flag the claims of one article that give one measure different figures for different named
    places ("12 killed in X ... 10 killed in Y")."""
    for a in infos:
        a.by_place = bool(a.places) and any(
            b is not a
            and b.measure == a.measure
            and b.places
            and not _overlaps(a, b)
            and not any(similar_keys(p, q) for p in a.places for q in b.places)
            for b in infos
        )


def _scale_fits(a: CountClaim, b: CountClaim) -> bool:
    """Figures for one fact may differ (1 vs 24 dead) but not by orders of magnitude in
    the thousands (1 dead vs a 230,000 toll); an unknown figure fits any."""
    if a.unknown or b.unknown:
        return True
    lo = max(min(a.claim.high or 0, b.claim.high or 0), 1)
    hi = max(a.claim.low or 0, b.claim.low or 0)
    return not (hi >= 1000 and hi > 20 * lo)


def same_fact(a: CountClaim, b: CountClaim) -> bool:
    """Could these two claims (from different articles) state the same fact?"""
    return (
        a.measure == b.measure
        and a.years == b.years
        and _subjects_fit(a, b)
        and _places_fit(a, b)
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
    if a.years and a.years == b.years:
        s += 0.1  # the same dated background event
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
    "gathered": "at the protest", "dropped": "dropped or fired",
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
_DEFAULT_SUBJECT = {"damaged": "buildings", "dropped": "bombs", "seized": "items"}


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
    if measure == "count":
        text = f"number of {subject}"
    else:
        text = f"{subject} {MEASURE_LABELS.get(measure, measure)}"
    years = sorted(infos[0].years)
    return f"{text} ({', '.join(map(str, years))})" if years else text


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
    """(verdict, reason) for one aligned group of count claims."""
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
