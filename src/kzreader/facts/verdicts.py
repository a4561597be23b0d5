"""A verdict and a one-line reason for each group of aligned claims."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from kzreader.facts.align import ClaimInfo
from kzreader.facts.model import Claim, Verdict

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


def label(infos: list[ClaimInfo]) -> str:
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


def _date(when: datetime) -> str:
    return f"{when:%b} {when.day}"


def _per_article(infos: list[ClaimInfo]) -> list[ClaimInfo]:
    """One claim per article: the most precise one ("24" over "at least 24")."""
    seen: dict[int, ClaimInfo] = {}
    for info in infos:
        best = seen.get(info.article)
        if best is None or _width(info) < _width(best):
            seen[info.article] = info
    return list(seen.values())


def _width(info: ClaimInfo) -> float:
    return (info.claim.high or 0) - (info.claim.low or 0)


def _distinct(infos: list[ClaimInfo]) -> list[ClaimInfo]:
    seen: dict[tuple[float | None, float | None], ClaimInfo] = {}
    for info in infos:
        seen.setdefault((info.claim.low, info.claim.high), info)
    return list(seen.values())


def _overlap(a: Claim, b: Claim) -> bool:
    assert a.low is not None and a.high is not None and b.low is not None and b.high is not None
    return a.low <= b.high and b.low <= a.high


def verdict(infos: list[ClaimInfo]) -> tuple[Verdict, str]:
    """(verdict, reason) for one aligned group of count claims."""
    per = _per_article(infos)
    values = _distinct(per)
    if len(values) == 1:
        return Verdict.AGREE, f"{len(per)} reports say {display(values[0].claim)}"
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
    update = _update(per)
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


def _raised(per: list[ClaimInfo]) -> str | None:
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


def _update(per: list[ClaimInfo]) -> str | None:
    """A later report (by publication time, or by wording such as "rose to") revising a count."""
    if per[0].years:
        return None  # a dated background event: later reports do not revise it
    dated = [i for i in per if i.published is not None]
    if len(dated) >= 2 and per[0].measure in REVISED_BY_LATER_REPORTS:
        dated.sort(key=lambda i: i.published or datetime.min)
        latest = dated[-1]
        earlier = [i for i in dated if i.published != latest.published]
        # a toll revised upwards by a later report; a lower later figure is a plain conflict
        older = [
            i
            for i in earlier
            if not _overlap(i.claim, latest.claim) and (i.claim.high or 0) < (latest.claim.low or 0)
        ]
        if older and latest.published is not None:
            prev = older[-1]
            return (
                f"later report ({_date(latest.published)}) revises "
                f"{display(prev.claim)} to {display(latest.claim)}"
            )
    cued = [i for i in per if i.update_cue]
    # a figure said to have "risen to" N revises the lower figures of the other reports
    plain = [
        i
        for i in per
        if not i.update_cue and all((i.claim.high or 0) < (c.claim.low or 0) for c in cued)
    ]
    higher = [
        i
        for i in per
        if not i.update_cue and any((i.claim.low or 0) > (c.claim.high or 0) for c in cued)
    ]
    if cued and plain and not higher and len(_distinct(cued)) == 1:
        return f"later figure revises {display(plain[0].claim)} to {display(cued[0].claim)}"
    return None
