"""Updates: when a later report revises an earlier figure, by publication time or by wording.

Shared by the kinds whose figures later reports revise: counts of the dead and the injured
(tolls only grow), magnitudes and other measurements (revised either way), dates first given
tentatively.  A disagreement is an ``update`` only when the reports' times or words say which
came first; reports of the same time that disagree stay a ``conflict``.

- ``stamp(article)``: when an article was published, as far as it says: its own calendar day
  (the dateline's day, in the zone it was written in) and, when the time carries a zone, the
  instant.  ``later(a, b)``: ``a`` is clearly after ``b``: a later calendar day, or, when both
  instants are known, an hour or more later.  Reports of one day whose zones are unknown are
  same-time (a naive "1:41 PM" may be before or after an aware "19:12 BST").
- ``revision(readings, upward=...)``: the reason of an update ("later report (Jul 3) revises 11
  to 24", "later figure revises 4.4 to 4.2"), or None.  By time: some pair of disjoint values
  is ordered by ``later`` and every ordered pair moves the same way (``upward``: tolls only
  grow, so a lower later figure is a conflict).  By wording: a value worded as a revision
  ("rose to", "revised", "updated", "later said"; ``Reading.revises``) beyond every other
  report's, or a value worded as superseded ("initially", "originally", "preliminary";
  ``superseded``, see ``superseded_cue``) that the other reports all differ from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzreader.library import Article

SAME_TIME = timedelta(hours=1)
"""Two reports whose zoned times are closer than this are same-time."""


@dataclass(frozen=True)
class Stamp:
    """When a report was published: its calendar day as written, and the instant (UTC) when
    the time carries a zone."""

    day: date
    instant: datetime | None = None


def stamp(article: Article) -> Stamp | None:
    """The publication stamp of ``article`` (None when it gives no date)."""
    when = article.published
    if when is None:
        return None
    if when.tzinfo is None or when.utcoffset() is None:
        return Stamp(when.date())
    return Stamp(when.date(), when.astimezone(UTC))


def later(a: Stamp | None, b: Stamp | None) -> bool:
    """Is report ``a`` clearly later than report ``b``?"""
    if a is None or b is None:
        return False
    if a.instant is not None and b.instant is not None:
        return a.instant - b.instant >= SAME_TIME
    return a.day > b.day


@dataclass(frozen=True)
class Reading:
    """One report's value of a revisable figure: its interval, how it reads in a reason, when
    it was published, and whether its wording marks it as a revision or as superseded."""

    low: float
    high: float
    label: str
    stamp: Stamp | None
    revises: bool = False
    superseded: bool = False


def _disjoint(a: Reading, b: Reading) -> bool:
    return a.high < b.low or b.high < a.low


def _date(day: date) -> str:
    return f"{day:%b} {day.day}"


def by_time(readings: list[Reading], upward: bool) -> str | None:
    """An update by publication times (see the module doc), or None."""
    up: list[tuple[Reading, Reading]] = []
    down: list[tuple[Reading, Reading]] = []
    for old in readings:
        for new in readings:
            if new is old or not _disjoint(old, new) or not later(new.stamp, old.stamp):
                continue
            (up if new.low > old.high else down).append((old, new))
    if upward:
        moves = up if up and not down else []
    else:
        moves = up if up and not down else down if down and not up else []
    if not moves:
        return None
    latest = max((new for _old, new in moves), key=_order)
    prev = max((old for old, new in moves if new is latest), key=_order)
    assert latest.stamp is not None
    return f"later report ({_date(latest.stamp.day)}) revises {prev.label} to {latest.label}"


def _order(r: Reading) -> tuple[date, datetime]:
    s = r.stamp
    assert s is not None
    return s.day, s.instant or datetime.combine(s.day, datetime.min.time(), UTC)


def by_wording(readings: list[Reading], upward: bool) -> str | None:
    """An update by wording (see the module doc), or None."""
    cued = [r for r in readings if r.revises and not r.superseded]
    plain = [r for r in readings if not r.revises and not r.superseded]
    if cued and len({(r.low, r.high) for r in cued}) == 1:
        new = cued[0]
        below = [r for r in plain if r.high < new.low]
        above = [r for r in plain if r.low > new.high]
        if below and not above:
            return f"later figure revises {max(below, key=lambda r: r.high).label} to {new.label}"
        if above and not below and not upward:
            return f"later figure revises {min(above, key=lambda r: r.low).label} to {new.label}"
    old_ones = [r for r in readings if r.superseded]
    rest = (
        [r for r in readings if not r.superseded and _disjoint(r, old_ones[0])] if old_ones else []
    )
    if rest and len({(r.low, r.high) for r in old_ones}) == 1:
        old = old_ones[0]
        up = [r for r in rest if r.low > old.high]
        if len(up) == len(rest) or (not up and not upward):
            return f"later figure revises {old.label} to {rest[-1].label}"
    return None


def revision(readings: list[Reading], upward: bool = True) -> str | None:
    """The reason of an update among these readings (one per report), or None."""
    return by_time(readings, upward) or by_wording(readings, upward)


_SUPERSEDED = re.compile(
    r"\b(?:initially|originally|originally had|at first|first reported|first put|first gave|"
    r"earlier reported|earlier put|earlier gave|had earlier|had initially|had originally|"
    r"early reports?|preliminary|initial reports?|initial estimates?|earlier estimates?|"
    r"earlier figures?|previously)\b",
    re.I,
)


def superseded_cue(sentence: str, offset: int) -> bool:
    """Does the wording before ``offset`` (within its clause, a dozen words) mark the value
    there as an earlier figure ("originally rated 4.4", "a preliminary magnitude of 4.4",
    "initially reported two dead")?"""
    window = sentence[max(0, offset - 80) : offset]
    window = re.split(r"[;:]|,\s+(?:but|and)\b", window)[-1]
    return bool(_SUPERSEDED.search(window))
