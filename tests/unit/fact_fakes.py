"""Stand-ins for a facts report, shared by the compare tests (diff and CLI).

They carry only the fields `compare_articles` and the compare table read, so a test can place a
fact on exact sentence offsets without running the facts engine.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FakeClaim:
    article: str
    start: int
    end: int


@dataclass(frozen=True)
class FakeValueClaim:
    """A claim that also marks its value's span, for the underline tests."""

    article: str
    start: int
    end: int
    value_start: int
    value_end: int


@dataclass(frozen=True)
class FakeFact:
    label: str
    verdict: str
    claims: tuple[FakeClaim | FakeValueClaim, ...]


@dataclass(frozen=True)
class FakeReport:
    facts: tuple[FakeFact, ...]
