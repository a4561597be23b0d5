"""The ``time`` kind's comparator: which time claims state one fact, and its verdict.

Two time claims can be one fact only when they time the same kind of event (``Event``: the
quake, the attack, the arrival of responders, an announcement...; a time whose clause names
no such event aligns only with one whose clause has the same verb, on a higher bar); among
those, sentence similarity plus agreement decides (``align.cluster``).  An article that gives
several different times of such an event ("a 2.0 quake at 7:30 ... the main shock at 9:30")
narrates a series: its times pair with another report's differing time only on a much higher
bar (they may be other events).  Sports reports' times in a game compare only with each other,
as progress through the game, and only for one kind of play (``text.clock_game``).

Verdicts compare claims on one clock: local times with local times, UTC with UTC; a local
time and a UTC time only when the story gives the local offset ("3 p.m. (1200 GMT)": UTC+3).
Otherwise a pair is not comparable, except one sign of a mistake: the same precise reading
given as local time by one report and as UTC or GMT by another (one of them mislabelled its
zone, unless the place keeps UTC).  ``conflict``: two claims' intervals (a reading's
tolerance, a hedge, a range) are disjoint; ``compatible``: they overlap (or nothing is
comparable: the reason says so); ``agree``: one reading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import Protocol, TypeVar

from kzreader.facts.compare.align import cluster, similarity
from kzreader.facts.compare.reasons import agreement
from kzreader.facts.context import ReportContext
from kzreader.facts.extract.times import Interval, TimeClaim
from kzreader.facts.model import Claim, Fact, Verdict
from kzreader.facts.text.clock import overlap
from kzreader.facts.text.clock_game import overlap as game_overlap
from kzreader.facts.text.names import similar_keys


class _Placed(Protocol):
    @property
    def article(self) -> int: ...


class _Claimed(_Placed, Protocol):
    @property
    def claim(self) -> Claim: ...


P = TypeVar("P", bound=_Placed)
K = TypeVar("K", bound=_Placed)
C = TypeVar("C", bound=_Claimed)

BASE = 0.25
"""What two claims of one kind of event score before any evidence."""
UNNAMED_MARGIN = 0.15
"""Extra score needed when a claim's clause names no event."""
SERIES_MARGIN = 0.25
"""Extra score needed to set a differing time against a time of a series (see the doc)."""


def _classes_fit(a: TimeClaim, b: TimeClaim) -> bool:
    """The same kind of event; a clause that names none fits only another such clause with the
    same verb ("checked in at 1:30 a.m." and "checked in at 2 a.m."); a play in a game only
    another play of its kind."""
    if (a.game is None) != (b.game is None):
        return False
    if a.game is not None:
        return bool(a.event.also & b.event.also)  # the plays of their clauses
    if a.event.cls is None or b.event.cls is None:
        if a.event.classes or b.event.classes:
            return bool(a.event.classes & b.event.classes)
        return a.event.head is not None and a.event.head == b.event.head
    return bool(a.event.classes & b.event.classes)


def same_fact(a: TimeClaim, b: TimeClaim) -> bool:
    """Could two time claims (of different articles) time one event?"""
    return _classes_fit(a, b)


def relation(a: TimeClaim, b: TimeClaim, offset: Interval | None = None) -> bool | None:
    """Do the two claims' times overlap (True), exclude each other (False), or are they not
    comparable (None)?  ``offset``: the story's local minus UTC (hours), when known."""
    if a.game is not None and b.game is not None:
        return game_overlap(a.game, b.game)
    if a.local is not None and b.local is not None:
        return overlap(a.local, b.local)
    if a.utc is not None and b.utc is not None:
        return overlap(a.utc, b.utc)
    if offset is not None:
        for x, y in ((a, b), (b, a)):
            if x.local is not None and y.utc is not None:
                as_local = (y.utc[0] + offset[0] * 60, y.utc[1] + offset[1] * 60)
                return overlap(x.local, as_local)
    return None


def zone_mixup(a: TimeClaim, b: TimeClaim) -> bool:
    """The same precise reading given as "local time" by one and in UTC/GMT by the other."""
    for x, y in ((a, b), (b, a)):
        if (
            x.said_local
            and x.local is not None
            and y.local is None
            and y.utc is not None
            and x.precise
            and y.precise
            and x.reading == y.reading
            and y.claim.unit in ("GMT", "UTC", "UT", "Z")
        ):
            return True
    return False


def _places_score(a: TimeClaim, b: TimeClaim) -> float:
    if not a.places or not b.places:
        return 0.0
    if any(similar_keys(p, q) for p in a.places for q in b.places):
        return 0.1
    return -0.15


def same_head(a: str | None, b: str | None) -> bool:
    """One event word, or two forms of it ("announced", "announcement")."""
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 5 and a[:5] == b[:5])


def score(a: TimeClaim, b: TimeClaim) -> float:
    s = BASE + 0.5 * similarity(a, b) + _places_score(a, b)
    if a.game is not None and a.event.also & b.event.also - {"score"}:
        s += 0.1  # the same kind of play (an interception, a field goal), not just a score
    if same_head(a.event.head, b.event.head):
        s += 0.1
    if relation(a, b):
        s += 0.1
    return s


def bar(a: TimeClaim, b: TimeClaim, report: ReportContext) -> float:
    need = report.config.similarity
    if a.event.cls is None or b.event.cls is None:
        need += UNNAMED_MARGIN
    if (a.series or b.series) and not relation(a, b):
        need += SERIES_MARGIN
    return need


REPEATS = 3
"""Claims of one article with one value and event that alignment considers (restatements)."""
PER_ARTICLE = 60
"""Claims of one article that alignment considers at most (a 1 MB page of dates stays linear)."""


def bounded(found: list[K], key: Callable[[K], object]) -> list[K]:
    """``found`` without an article's repeats of one value and event beyond ``REPEATS`` and
    its claims beyond ``PER_ARTICLE`` (both keep text order): what alignment pairs."""
    seen: Counter[object] = Counter()
    per: Counter[int] = Counter()
    out = []
    for f in found:
        k = (f.article, key(f))
        seen[k] += 1
        if seen[k] <= REPEATS and per[f.article] < PER_ARTICLE:
            per[f.article] += 1
            out.append(f)
    return out


def time_key(c: TimeClaim) -> object:
    return (c.event.cls, c.event.head, c.event.also, c.claim.low, c.claim.high, c.claim.unit)


def mark_series(found: list[TimeClaim]) -> None:
    """Flag the times of articles that give several different times of one kind of event."""
    by_article: dict[int, list[TimeClaim]] = {}
    for f in found:
        by_article.setdefault(f.article, []).append(f)
    for claims in by_article.values():
        for a, b in combinations(claims, 2):
            if _classes_fit(a, b) and relation(a, b) is False:
                a.series = b.series = True


def group(found: list[TimeClaim], report: ReportContext) -> list[list[TimeClaim]]:
    """Time claims that time one event, each group in article order."""
    found = bounded([f for f in found if f.event.cls or f.event.head or f.event.also], time_key)
    mark_series(found)  # (claims without any event pair with none)
    groups = cluster(
        found,
        report,
        same_fact=same_fact,
        score=score,
        bar=lambda a, b: bar(a, b, report),
        restates=lambda a, b: bool(relation(a, b)),
    )
    for g in groups:
        g.sort(key=lambda c: (c.article, c.claim.start))
    return groups


def story_offset(articles: set[int], report: ReportContext) -> Interval | None:
    """Local minus UTC (hours) that the articles' own conversions agree on, or None."""
    lo, hi = -99.0, 99.0
    seen = False
    for c in report.claims.get("time", []):
        if c.article in articles and c.offset is not None:
            lo, hi = max(lo, c.offset[0]), min(hi, c.offset[1])
            seen = True
    return (lo, hi) if seen and lo <= hi + 1e-9 else None


def _per_article(group: list[TimeClaim]) -> list[TimeClaim]:
    """One claim per article: a clock reading over a part of the day, then the narrowest."""
    best: dict[int, TimeClaim] = {}
    for c in group:
        have = best.get(c.article)
        if have is None or (c.coarse, _width(c)) < (have.coarse, _width(have)):
            best[c.article] = c
    return list(best.values())


def _width(c: TimeClaim) -> float:
    return (c.claim.high or 0.0) - (c.claim.low or 0.0)


def show(c: TimeClaim) -> str:
    return " ".join(c.claim.value.split())


def label(group: list[TimeClaim]) -> str:
    words = Counter(c.event.word for c in group if c.event.word)
    if not words:
        return "time"
    return f"time: {words.most_common(1)[0][0]}"


def shown(group: Sequence[C], per: Sequence[C]) -> tuple[Claim, ...]:
    """The claims a fact shows: each article's chosen claim and its restatements of the same
    value; a wider restatement ("last year" beside "in May 2012") adds nothing.  (Times and
    dates.)"""
    chosen = {c.article: c for c in per}

    def same(c: C) -> bool:
        best = chosen[c.article]
        return c is best or (c.claim.low, c.claim.high) == (best.claim.low, best.claim.high)

    return tuple(c.claim for c in group if same(c))


def judge(group: list[TimeClaim], report: ReportContext) -> Fact:
    """The fact: its label ("time: struck"), verdict and one-line reason."""
    per = _per_article(group)
    claims = shown(group, per)
    offset = story_offset({c.article for c in group}, report)
    clashes: list[tuple[TimeClaim, TimeClaim]] = []
    mixups: list[tuple[TimeClaim, TimeClaim]] = []
    compared = 0
    for a, b in combinations(per, 2):
        rel = relation(a, b, offset)
        if rel is None and zone_mixup(a, b) and (offset is None or offset[0] > 0 or offset[1] < 0):
            mixups.append((a, b))
        elif rel is False:
            clashes.append((a, b))
        if rel is not None:
            compared += 1
    if clashes or mixups:
        return Fact(label(group), Verdict.CONFLICT, _clash_reason(per, clashes, mixups), claims)
    readings = {(c.claim.low, c.claim.high, c.claim.unit) for c in per}
    if len(readings) == 1:
        return Fact(label(group), Verdict.AGREE, agreement(claims, show(per[0])), claims)
    ordered = sorted(per, key=lambda c: (c.coarse, _width(c)))
    if not compared:
        values = " / ".join(dict.fromkeys(show(c) for c in ordered))
        return Fact(label(group), Verdict.COMPATIBLE, f"not comparable: {values} (zones differ)",
                    claims)  # fmt: skip
    best = next(c for c in ordered if any(relation(c, d, offset) for d in per if d is not c))
    fits = [show(c) for c in ordered if c is not best and relation(best, c, offset)]
    other = [show(c) for c in ordered if c is not best and relation(best, c, offset) is None]
    reason = f"{show(best)} fits {', '.join(dict.fromkeys(f for f in fits if f != show(best)))}"
    if other:
        reason += f"; not comparable: {', '.join(dict.fromkeys(other))}"
    return Fact(label(group), Verdict.COMPATIBLE, reason.replace(" fits ;", ";"), claims)


def _clash_reason(
    per: list[TimeClaim],
    clashes: list[tuple[TimeClaim, TimeClaim]],
    mixups: list[tuple[TimeClaim, TimeClaim]],
) -> str:
    reason = odd_ones_out(per, clashes + mixups, show, _width)
    if mixups:
        reason += " (one clock time given as local time and as UTC: one report mislabels it)"
    return reason


def odd_ones_out(
    per: Sequence[P],
    clashes: Sequence[tuple[P, P]],
    show: Callable[[P], str],
    width: Callable[[P], float],
) -> str:
    """ "3:20 p.m. vs about 3 p.m. (4 reports)": the values that clash with the largest camp of
    values that fit together, against that camp (its most precise value and its size); the
    ones no clash involves are left out."""
    bad: set[tuple[int, int]] = set()
    for a, b in clashes:
        bad |= {(id(a), id(b)), (id(b), id(a))}

    def fits(c: P, d: P) -> bool:
        return (id(c), id(d)) not in bad

    involved = [c for c in per if any(not fits(c, d) for d in per)]
    anchor = max(
        involved,
        key=lambda c: (sum(fits(c, d) for d in involved if d is not c), -width(c), -c.article),
    )
    camp = [c for c in involved if c is anchor or fits(anchor, c)]
    out = [c for c in involved if c not in camp]
    if not out:  # the widest fits all; two narrower ones exclude each other
        a, b = clashes[0]
        return f"{show(a)} vs {show(b)}"
    odd = " vs ".join(dict.fromkeys(show(c) for c in out))
    side = show(min(camp, key=width)) + (f" ({len(camp)} reports)" if len(camp) > 2 else "")
    first = min(c.article for c in camp) < min(c.article for c in out)
    return f"{side} vs {odd}" if first else f"{odd} vs {side}"
