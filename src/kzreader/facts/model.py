"""The records the facts engine hands to its faces (CLI, TUI, compare): Claim, Fact, FactReport."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kzreader.library import Article


class Verdict(StrEnum):
    """What the outlets' claims of one fact say together (DESIGN.md "Facts", step 6).

    A ``StrEnum``: members are the strings the JSON documents and the faces show."""

    CONFLICT = "conflict"  # the claims cannot all be true
    UPDATE = "update"  # a later report (by time or by wording) revises an earlier one
    VARIANT = "variant"  # one entity spelled or translated differently
    COMPATIBLE = "compatible"  # different wording that can all be true ("more than 300", 317)
    AGREE = "agree"  # the same value

    @property
    def divergent(self) -> bool:
        """Whether outlets diverge here (conflict, update, variant): what the faces flag."""
        return self in DIVERGENT


class Kind(StrEnum):
    """What a claim states (DESIGN.md "Facts"; the ``kind:`` of the clusters' DIVERGENCES.md)."""

    COUNT = "count"  # people or things counted: "12 police officers were killed"
    MEASURE = "measure"  # a quantity with a unit (distance, magnitude, speed, percent, duration)
    MONEY = "money"  # an amount with a currency
    TIME = "time"  # a clock time or time of day
    DATE = "date"  # a date or weekday
    NAME = "name"  # how an entity is spelled
    ATTRIBUTE = "attribute"  # of a person or group: age, nationality, role, status
    PLACE = "place"  # where something happened
    QUALITATIVE = "qualitative"  # a described property: colour, direction, manner


VERDICTS: tuple[Verdict, ...] = tuple(Verdict)
"""Verdicts in display order: disagreements first."""
DIVERGENT: tuple[Verdict, ...] = (Verdict.CONFLICT, Verdict.UPDATE, Verdict.VARIANT)
"""Verdicts that count as a divergence: highlighted, walked by ``]``/``[``, scored as flags."""
DISPUTED: tuple[Verdict, ...] = (Verdict.CONFLICT, Verdict.UPDATE)
"""Verdicts where the outlets' figures dispute each other (the facts table's "disputed" filter)."""


@dataclass(frozen=True)
class Claim:
    """One outlet's statement of a fact: the sentence, and the value it gives.

    ``start``/``end`` are the sentence's offsets in the article's ``text``; ``value_start``/
    ``value_end`` are the offsets of the value itself (for highlighting).  ``low``/``high`` bound
    the value as an interval (``None`` for name variants).  ``unit``: the counted noun of a count
    ("police officers"), the canonical unit of a measure (``text.units``: "m", "km/h"...), the
    currency of money.  ``kind`` says what the claim states; ``source_group`` names the copy
    group of its article (articles sharing one are copies of one report).

    ``part`` says which text of the article the claim is in, and so what its offsets point
    into: ``"text"`` (the body, ``Article.text``: the default), ``"title"`` (``Article.title``)
    or ``"caption"`` (``Article.captions[part_index]``).  Headlines and captions are read as
    claims like body sentences; faces that mark values in the body skip the other parts.
    """

    article: str
    sentence: str
    start: int
    end: int
    value: str
    low: float | None
    high: float | None
    unit: str | None
    attribution: str | None
    measure: str | None
    value_start: int
    value_end: int
    kind: Kind
    source_group: str
    part: str = "text"  # "text", "title" or "caption": what the offsets point into
    part_index: int = 0  # the caption's index in ``Article.captions`` (0 otherwise)

    @property
    def in_text(self) -> bool:
        """Whether the offsets point into the article's body (not its title or a caption)."""
        return self.part == "text"

    def to_json(self) -> dict[str, Any]:
        out = {
            "article": self.article,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "low": _number(self.low),
            "high": _number(self.high),
            "unit": self.unit,
            "attribution": self.attribution,
            "kind": self.kind,
            "source_group": self.source_group,
            "part": self.part,
        }
        if self.part == "caption":
            out["caption"] = self.part_index
        return out


@dataclass(frozen=True)
class Fact:
    """Claims from several articles about one thing, with a verdict and a one-line reason."""

    label: str
    verdict: Verdict
    reason: str
    claims: tuple[Claim, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article for c in self.claims))

    @property
    def sources(self) -> tuple[str, ...]:
        """The independent sources (copy groups) among its articles."""
        return tuple(dict.fromkeys(c.source_group for c in self.claims))

    @property
    def kind(self) -> Kind:
        return self.claims[0].kind

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "verdict": self.verdict,
            "reason": self.reason,
            "claims": [c.to_json() for c in self.claims],
        }


@dataclass(frozen=True)
class FactReport:
    """Everything `facts` found over a set of articles, in display order."""

    articles: tuple[Article, ...]
    facts: tuple[Fact, ...]

    def to_json(self) -> dict[str, Any]:
        """The `facts --json` document (DESIGN.md)."""
        return {
            "articles": [a.summary() for a in self.articles],
            "facts": [f.to_json() for f in self.facts],
        }


def verdict_rank(verdict: str) -> int:
    """Sort key: conflicts and updates first, then variant, compatible, agree."""
    return _RANK.get(verdict, len(VERDICTS))


_RANK: dict[str, int] = {v: n for n, v in enumerate(VERDICTS)}


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 3)
