"""Two reports of one template are two happenings: which similar pairs are no evidence of one story.

Word similarity cannot tell a load factor of one airline from another airline's, this week's
hog slaughter estimate from last week's, or a minister's statement in March from one in June:
the template's words carry the similarity.  So before clustering, a similar pair is *cut* (it
counts as no pair at all) when:

* **conflict**: the reports are at least ``CONFLICT_FLOOR`` alike, both name a specific entity
  (`entities`), and neither names anything the other mentions (nor, on the same days, a
  specific figure of the other's lead): different companies, places or people, however alike
  the words;
* **time**: the reports are more than ``APART_DAYS`` apart and share no *fresh* name.  A name
  is stale for a report when its neighbours (the pairs kept for it) that mention the name are
  spread over ``RECURRING_DAYS`` or more different days: the name of a daily market report, a
  central bank that acts every week, or a minister always quoted, says nothing about one
  happening;
* **margin**: the reports are more than ``APART_DAYS`` apart and no more alike than either is to
  a report it conflicts with (a report of the same template about another company): their
  likeness is the template's, not a follow-up's.

Same-day reports that share a name (the wire story, its rewrites, reactions to it) are never
cut for time, nor are reports without dates.  No numpy here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kzreader.stories import settings
from kzreader.stories.settings import (
    APART_DAYS,
    CONFLICT_FLOOR,
    RECURRING_DAYS,
    TEMPLATE_MARGIN,
)

Edge = tuple[int, int, float]


@dataclass
class Entities:
    """What the template checks read of one report (a node of the graph being clustered)."""

    names: frozenset[int]
    mentions: frozenset[int]
    specific: bool
    day: float | None
    #: specific numbers of its lead and title
    figures: frozenset[int] = frozenset()
    recurring: frozenset[int] = frozenset()
    #: the similarity of its most similar report that it conflicts with (0: none)
    conflicting: float = 0.0


def stale_names(
    names: frozenset[int], neighbours: Iterable[tuple[float | None, frozenset[int]]]
) -> frozenset[int]:
    """The names that the neighbours (day, mentions) mention on ``RECURRING_DAYS`` or more days."""
    if not names:
        return frozenset()
    days: dict[int, set[int]] = {}
    for day, mentions in neighbours:
        if day is None:
            continue
        for name in names & mentions:
            days.setdefault(name, set()).add(int(day // 1))
    return frozenset(n for n, d in days.items() if len(d) >= RECURRING_DAYS)


def _apart(a: Entities, b: Entities) -> bool:
    return a.day is not None and b.day is not None and abs(a.day - b.day) > APART_DAYS


def _shared(a: Entities, b: Entities) -> frozenset[int]:
    return (a.names & b.mentions) | (b.names & a.mentions)


def conflicts(a: Entities, b: Entities) -> bool:
    """Both name a specific entity and neither names one the other mentions (apart in time,
    only fresh names count)."""
    if not (a.specific and b.specific):
        return False
    if _apart(a, b):
        return not (_shared(a, b) - a.recurring - b.recurring)
    return not (_shared(a, b) or (a.figures & b.mentions) or (b.figures & a.mentions))


def conflicting_maxima(edges: Iterable[Edge], nodes: Sequence[Entities]) -> list[float]:
    """For each node, the similarity of its most similar neighbour it conflicts with."""
    out = [0.0] * len(nodes)
    for a, b, s in edges:
        if conflicts(nodes[a], nodes[b]):
            out[a] = max(out[a], s)
            out[b] = max(out[b], s)
    return out


def why_cut(a: Entities, b: Entities, similarity: float) -> str | None:
    """ "conflict", "time" or "margin" when the pair is no evidence of one story, else None."""
    if similarity >= CONFLICT_FLOOR and conflicts(a, b):
        return "conflict"
    if not _apart(a, b):
        return None
    if not (_shared(a, b) - a.recurring - b.recurring):
        return "time"
    if similarity < TEMPLATE_MARGIN * max(a.conflicting, b.conflicting):
        return "margin"
    return None


def kept(edges: Iterable[Edge], nodes: Sequence[Entities]) -> list[Edge]:
    """The edges that are evidence of one story (all of them when the checks are off)."""
    if not settings.TEMPLATE_CHECKS:
        return list(edges)
    return [(a, b, s) for a, b, s in edges if why_cut(nodes[a], nodes[b], s) is None]


def cut_counts(edges: Iterable[Edge], nodes: Sequence[Entities]) -> Mapping[str, int]:
    """How many edges each check cuts (for benchmarks and tests)."""
    counts: dict[str, int] = {}
    for a, b, s in edges:
        why = why_cut(nodes[a], nodes[b], s)
        if why:
            counts[why] = counts.get(why, 0) + 1
    return counts
