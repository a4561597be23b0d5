"""Wording of reasons that count reports: agreement counts independent sources, not copies.

Articles of one source group (copies of one wire report) are one source: "3 reports say 8"
when the three are independent, "3 reports, 2 independent sources, say 8" when two are copies of
one report, "2 copies of one source say 8" when all are.  Comparators word agreement with
``agreement``; the engine adds ``independence`` to other reasons.
"""

from __future__ import annotations

from collections.abc import Sequence

from kzreader.facts.model import Claim, Fact, Verdict


def _counts(claims: Sequence[Claim]) -> tuple[int, int]:
    return len({c.article for c in claims}), len({c.source_group for c in claims})


def agreement(claims: Sequence[Claim], value: str) -> str:
    """The reason of an ``agree`` verdict: how many reports, and sources, say ``value``."""
    reports, sources = _counts(claims)
    if sources == reports:
        return f"{reports} reports say {value}"
    if sources == 1:
        return f"{reports} copies of one source say {value}"
    return f"{reports} reports, {sources} independent sources, say {value}"


def independence(fact: Fact) -> str:
    """What to add to a reason that ``agreement`` did not word: a compatible fact's sources,
    or that every report of a fact is a copy of one source ("" when nothing is to say)."""
    reports, sources = _counts(fact.claims)
    if sources == reports or reports < 2 or fact.verdict == Verdict.AGREE:
        return ""
    if sources == 1:
        return " (copies of one source)"
    if fact.verdict == Verdict.COMPATIBLE:
        return f" ({reports} reports, {sources} independent sources)"
    return ""
