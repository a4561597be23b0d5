"""The ``measure`` kind's comparator: which measure claims state one fact, and its verdict.

Two measure claims can be one fact (``same_fact``) only when they have one dimension (a
temperature without a scale fits either scale), the same kind of figure (scores with scores,
records with records), the same background event (``anchor``: the 2004 quake's magnitude is not
today's), the same role where both give one (depth vs distance, a run vs a drive, the share of
traffic vs the share of a market, passing vs rushing yards, a season total vs a game's), the
same landmark and thing placed for distances ("15 miles north of Detroit" for a building vs "50
miles north of Detroit" for a motorist are two facts), the same way of a change ("rose" vs
"fell"), names that overlap where both have names (Egypt's share vs India's), and, for
magnitudes, figures at most ``MAGNITUDE_GAP`` apart (agencies and revisions differ by tenths;
magnitudes further apart are different quakes).  Among those, sentence similarity plus
agreement bonuses decides, through ``align.cluster``.

Verdicts: values are compared as intervals in the canonical unit, widened by the rounding of
each written figure (``units.round_width``), and, where the group mixes units, by the rounding
of a conversion ("six miles" fits 10 km); a bracketed conversion counts with its figure.  A
figure worded as a passing state ("at one point 82 percent") is a maximum: lower figures fit it.
``agree`` (one value), ``compatible`` (the intervals meet), ``update`` (a figure worded as a
first estimate, "preliminary", "originally", against a later one; or a later report, by
publication time, of a closing figure), ``conflict`` (apart; a figure whose number matches the
other's in another unit is named a likely unit confusion: "30 miles vs 30 km").
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import product

from kzreader.facts.compare.align import cluster, similarity
from kzreader.facts.compare.reasons import agreement
from kzreader.facts.context import ReportContext
from kzreader.facts.extract.measures import MeasureClaim
from kzreader.facts.model import Fact, Verdict
from kzreader.facts.text.units import UNITS, to_canonical

MAGNITUDE_GAP = 0.5
"""Magnitudes of one quake differ by at most this much between reports (a preliminary 4.4
revised to 4.2; one agency's 6.1, another's 6.2); further apart they are two quakes."""
_OWNED = frozenset({"mass", "volume", "area", "data", "data rate", "frequency"})
RECORD_GAMES = 1
"""Records of one team at one moment count the same games, give or take the game reported (10-5
after the game, 9-5 before it); records further apart are of other seasons or careers."""
SCALE_APART = 10.0
"""Figures of one fact are never ten times apart (but the same number in two units is a
likely unit confusion, compared all the same)."""
YARDS_RATIO = 1.5
"""A sports yardage is counted, not estimated: reports of one play or one total differ by a few
yards (an 84- or 86-yard run), never by half; figures further apart are different plays."""
CLOCK_APART = 90
"""Minutes between the clock times of two sentences that make their figures two events."""
BASE = 0.25
MARGIN = 0.15
"""Measures need this much more than ``FactsConfig.similarity`` to align: many figures in one
story share a dimension (every distance of a chase story), so the sentences must be alike."""
MARGINS = {"magnitude": 0.1, "degrees": 0.1, "temperature": 0.1, "record": 0.1}
"""Less for dimensions a story rarely has two of (one quake's magnitude, one day's cold)."""


def group(found: list[MeasureClaim], report: ReportContext) -> list[list[MeasureClaim]]:
    """Measure claims that state one fact (``align.cluster``, within each dimension: claims of
    two dimensions are never one fact, and pairs are compared only inside a bucket), each group
    in article order."""
    buckets: dict[tuple[str, bool], list[MeasureClaim]] = {}
    for c in found:
        dim = "temperature" if c.dimension == "degrees" else c.dimension
        buckets.setdefault((dim, c.pair is None), []).append(c)
    groups: list[list[MeasureClaim]] = []
    for bucket in buckets.values():
        groups.extend(
            cluster(
                bucket,
                report,
                same_fact=same_fact,
                score=score,
                bar=lambda a, b: report.config.similarity + MARGINS.get(a.dimension, MARGIN),
                restates=lambda a, b: _dimension_fits(a, b) and _overlap([a, b]),
            )
        )
    for g in groups:
        g.sort(key=lambda c: (c.article, c.claim.start))
    return groups


def _dimension_fits(a: MeasureClaim, b: MeasureClaim) -> bool:
    if a.dimension == b.dimension:
        return True
    return {a.dimension, b.dimension} == {"temperature", "degrees"}


def _fits(x: str | None, y: str | None) -> bool:
    return x is None or y is None or x == y


def same_fact(a: MeasureClaim, b: MeasureClaim) -> bool:
    """Could these two claims (of different articles) state one fact?  (See the module doc.)"""
    if not _dimension_fits(a, b) or (a.pair is None) != (b.pair is None):
        return False
    if a.pair is not None and b.pair is not None:
        # a record or score is a team's or a player's, over the same number of games
        if not (a.subjects and b.subjects and a.subjects & b.subjects):
            return False
        if abs(sum(a.pair) - sum(b.pair)) > (RECORD_GAMES if a.dimension == "record" else 10):
            return False
        if a.dimension == "record":
            more, fewer = (a.pair, b.pair) if sum(a.pair) >= sum(b.pair) else (b.pair, a.pair)
            if more[0] < fewer[0] or more[1] < fewer[1]:
                return False  # one team's later record never has fewer wins or losses
    if a.dimension == "duration" and (
        _calendar(a) != _calendar(b) or a.role != b.role or a.role is None
    ):
        return False  # "after four days" of a trial vs "after 30 hours" of deliberation
    if a.dimension == "distance" and a.role != b.role and not _yards(a):
        return False  # depth vs distance from a place vs the size of a part
    if a.dimension == "distance" and a.role is None and not (a.subjects & b.subjects):
        return False
    if a.anchor != b.anchor or a.scope != b.scope:
        return False
    if not (_fits(a.role, b.role) and _fits(a.direction, b.direction)):
        return False
    if not _fits(a.predicate, b.predicate):
        return False
    if a.dimension == "percent" or _yards(a):
        # shares and sports figures abound in one story: the same role (or none on both), and
        # for yards the same player or team, named on both sides
        owned = bool(a.subjects and b.subjects and a.subjects & b.subjects)
        if a.role != b.role and not (
            a.dimension == "percent" and None in (a.role, b.role) and owned
        ):
            return False  # (a share "of traffic" and one "in Varnia" may be one, by the place)
        if _yards(a) and not owned:
            return False
        if a.role == "yards":
            return False  # a yardage of no known play or kind: every game has dozens
    if a.dimension == "distance" and not (
        _landmarks_fit(a.landmark, b.landmark) and _fits(a.locatum, b.locatum)
    ):
        return False
    if a.dimension in _OWNED and not (a.role and a.role == b.role):
        return False  # statistics abound (tonnes of rice, of wheat): of what must be said
    if a.dimension == "percent" and not (a.subjects & b.subjects):
        return False  # a share or a change is of something named: Egypt's, IBM's, the index's
    landmarked = a.landmark not in (None, "away") and b.landmark not in (None, "away")
    if a.subjects and b.subjects and not a.subjects & b.subjects and not landmarked:
        return False  # (a distance's landmark names its place: its other names are context)
    if a.dimension == "magnitude" and abs(a.written - b.written) > MAGNITUDE_GAP + 1e-9:
        return False
    if a.pair is None and a.written != b.written and _apart(a, b) > SCALE_APART:
        return False
    if _yards(a) and max(a.high, b.high) > YARDS_RATIO * max(min(a.low, b.low), 1.0):
        return False
    # two clock times hours apart: two events (two quakes of one morning)
    return not (
        a.clock and b.clock and min(abs(x - y) for x in a.clock for y in b.clock) >= CLOCK_APART
    )


def _landmarks_fit(x: str | None, y: str | None) -> bool:
    """ "north of Detroit" fits "from Detroit" but not "south of Detroit"."""
    if x is None or y is None:
        return True
    xs, ys = x.split(), y.split()
    if xs[-1] != ys[-1]:
        return False
    return len(xs) == 1 or len(ys) == 1 or xs[0] == ys[0]


def _calendar(c: MeasureClaim) -> bool:
    """A span of days or more (calendar time) rather than hours, minutes, seconds."""
    return c.unit.factor >= 86400.0


def _apart(a: MeasureClaim, b: MeasureClaim) -> float:
    """How many times one figure is the other (magnitudes of the canonical values)."""
    small = min(abs(a.high), abs(b.high), abs(a.low), abs(b.low))
    big = max(abs(a.low), abs(b.low), abs(a.high), abs(b.high))
    if a.dimension in ("temperature", "degrees", "magnitude"):
        return 1.0
    return big / small if small > 0 else (1.0 if big == 0 else float("inf"))


def _yards(c: MeasureClaim) -> bool:
    return c.role is not None and c.role.startswith("yards")


def score(a: MeasureClaim, b: MeasureClaim) -> float:
    """Alignment score: base + half the sentence similarity + agreement bonuses."""
    s = BASE + 0.5 * similarity(a, b)
    if a.role and a.role == b.role:
        s += 0.1
    if a.landmark and a.landmark == b.landmark:
        s += 0.1
    if a.subjects & b.subjects:
        s += 0.1
    if _overlap([a, b]):
        s += 0.15  # the same figure: where an article gives several, pair the equal ones
    return s


# -- verdicts ---------------------------------------------------------------------------------


def _interval(c: MeasureClaim, mixed: bool, as_unit: str | None = None) -> tuple[float, float]:
    """The values a claim allows, canonical: its interval widened by rounding (a conversion's
    rounding when the group mixes units), with its bracketed conversion; a passing state's
    figure is a maximum.  ``as_unit``: read a scale-less temperature as "c" or "f"."""
    width = c.round_wide if mixed else c.tolerance
    low, high = c.low - width, c.high + width
    if c.dimension == "degrees" and as_unit is not None:
        u = UNITS[as_unit]
        low, high = to_canonical(low, u), to_canonical(high, u)
        if u.factor != 1.0:
            low, high = min(low, high), max(low, high)
    if c.conversion is not None and mixed:
        low, high = min(low, c.conversion[0]), max(high, c.conversion[1])
    if c.cue == "peak":
        low = min(low, 0.0)
    return low, high


def _readings(claims: list[MeasureClaim]) -> Iterable[list[tuple[float, float]]]:
    """Every way to read the group's intervals: each scale-less temperature as Celsius or
    Fahrenheit (all alike when there are many)."""
    mixed = len({c.unit for c in claims}) > 1
    free = [c.dimension == "degrees" for c in claims]
    if sum(free) > 6:
        choices: Iterable[tuple[str | None, ...]] = [
            tuple(u if f else None for f in free) for u in ("c", "f")
        ]
    else:
        choices = product(*[("c", "f") if f else (None,) for f in free])
    for choice in choices:
        yield [_interval(c, mixed, u) for c, u in zip(claims, choice, strict=True)]


def _overlap(claims: list[MeasureClaim]) -> bool:
    if any(c.pair is not None for c in claims):
        return len({c.pair for c in claims}) == 1
    for intervals in _readings(claims):
        low, high = max(lo for lo, _ in intervals), min(hi for _, hi in intervals)
        # figures that only touch at their rounding edges (8.6 and 8.7) differ
        if low < high - 1e-9 * max(abs(high), 1.0) or all(i == intervals[0] for i in intervals):
            return True
    return False


def display(c: MeasureClaim) -> str:
    return " ".join(c.claim.value.split())


def _per_article(group: list[MeasureClaim]) -> list[MeasureClaim]:
    """One claim per article and value (an article may restate a figure)."""
    seen: dict[tuple[int, float, float], MeasureClaim] = {}
    for c in group:
        seen.setdefault((c.article, c.low, c.high), c)
    return list(seen.values())


def _confusion(claims: list[MeasureClaim]) -> str | None:
    """Two figures with one number in two units of a dimension: "30 miles vs 30 km"."""
    for a, b in product(claims, claims):
        if a.unit != b.unit and a.written == b.written and a.dimension == b.dimension:
            if a.dimension in ("degrees", "temperature"):
                continue
            return (
                f"{display(a)} vs {display(b)}: the same number in another unit "
                "(likely unit confusion)"
            )
    return None


def _label(group: list[MeasureClaim]) -> str:
    c = group[0]
    role = next((g.role for g in group if g.role), None)
    landmark = next((g.landmark for g in group if g.landmark), None)
    dim = "temperature" if c.dimension == "degrees" else c.dimension
    if c.pair is not None:
        text = "score" if c.dimension == "score" else "record"
    elif role in (None, "for", "after", "in", "within", "over", "during"):
        text = dim if role is None else f"{dim} ({role})"
    elif role == "distance" and landmark:
        where = landmark.split()
        text = (
            "distance away"
            if landmark == "away"
            else f"distance {where[0]} of {where[1]}"
            if len(where) == 2
            else f"distance from {landmark}"
        )
    elif dim == "percent":
        text = f"percentage {role}" if role.startswith("of ") else f"percentage ({role})"
    else:
        text = role
    direction = next((g.direction for g in group if g.direction), None)
    if direction:
        text += f", {direction}"
    if c.anchor:
        text += f" ({c.anchor})"
    return text


def judge(group: list[MeasureClaim], report: ReportContext) -> Fact:
    """The fact: its label ("depth", "distance from border"), verdict and one-line reason."""
    per = _per_article(group)
    claims = tuple(c.claim for c in group)
    values = list({display(c).lower(): c for c in per}.values())
    label = _label(group)
    if len({(c.low, c.high, c.pair, c.unit) for c in per}) == 1:
        return Fact(label, Verdict.AGREE, agreement(claims, display(values[0])), claims)
    if _overlap(per):
        return Fact(label, Verdict.COMPATIBLE, _compatible_reason(per), claims)
    confusion = _confusion(per)
    if confusion:
        return Fact(label, Verdict.CONFLICT, confusion, claims)
    update = _update(per)
    if update:
        return Fact(label, Verdict.UPDATE, update, claims)
    return Fact(label, Verdict.CONFLICT, _versus(per), claims)


def _versus(per: list[MeasureClaim]) -> str:
    seen = list(dict.fromkeys(display(c) for c in per))
    return " vs ".join(seen)


def _compatible_reason(per: list[MeasureClaim]) -> str:
    units = {c.unit for c in per}
    text = " and ".join(dict.fromkeys(display(c) for c in per))
    if len(units) > 1:
        return f"{text}: one figure in different units"
    if any(c.cue == "peak" for c in per):
        return f"{text}: a passing peak and a later figure"
    return f"{text} fit together"


def _update(per: list[MeasureClaim]) -> str | None:
    """A first or preliminary figure revised by another report; a closing figure against one
    from earlier in the day."""
    for old in (c for c in per if c.cue == "update"):
        new = next((c for c in per if c.cue != "update" and not _overlap([old, c])), None)
        if new is not None:
            return f"{display(old)} was a first figure, revised to {display(new)}"
    closing = [c for c in per if c.closing]
    if closing and len(closing) < len(per):
        during = next(c for c in per if not c.closing)
        return f"closing figure {display(closing[0])} after {display(during)} during the day"
    return None
