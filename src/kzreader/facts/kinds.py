"""The registry of kinds of facts: each an extractor and a comparator, in one list.

A kind is ``KindSpec(name, extract, group, judge)``:

- ``extract(ctx: SentenceContext) -> list[F]`` (``facts/extract/<kind>.py``): the kind's
  claims in one sentence, ``F`` a ``context.Found`` subclass (see ``kzreader.facts.extract``);
- ``group(found: list[F], report: ReportContext) -> list[list[F]]`` and
  ``judge(group: list[F], report: ReportContext) -> Fact`` (``facts/compare/<kind>.py``): which
  claims state one fact, and its label, verdict and one-line reason (``kzreader.facts.compare``).

``headlines`` says which headline and caption sentences the extractor reads besides the body
(their claims carry ``part`` "title" or "caption", offsets into that text): ``"all"``,
``"sentence case"`` (not a Title Case headline, where capitals tell no names: kinds that read
names by their capitals) or ``"none"`` (a kind that builds its claims from body offsets later).

The engine runs every extractor over every sentence, then every kind's ``group`` and ``judge``
in this order (which also orders facts of equal verdict and reach).  A kind is added by one line
here; when two branches each add one, the only merge conflict is this list: keep both lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kzreader.facts.compare import ages as compare_ages
from kzreader.facts.compare import attributes as compare_attributes
from kzreader.facts.compare import counts as compare_counts
from kzreader.facts.compare import dates as compare_dates
from kzreader.facts.compare import measures as compare_measures
from kzreader.facts.compare import money as compare_money
from kzreader.facts.compare import places as compare_places
from kzreader.facts.compare import qualities as compare_qualities
from kzreader.facts.compare import times as compare_times
from kzreader.facts.compare import variants as compare_variants
from kzreader.facts.context import ReportContext, SentenceContext
from kzreader.facts.extract import ages as extract_ages
from kzreader.facts.extract import attributes as extract_attributes
from kzreader.facts.extract import counts as extract_counts
from kzreader.facts.extract import dates as extract_dates
from kzreader.facts.extract import measures as extract_measures
from kzreader.facts.extract import money as extract_money
from kzreader.facts.extract import names as extract_names
from kzreader.facts.extract import places as extract_places
from kzreader.facts.extract import qualities as extract_qualities
from kzreader.facts.extract import times as extract_times
from kzreader.facts.model import Fact


@dataclass(frozen=True)
class KindSpec:
    """One kind of fact: its registry name, extractor and comparator (see the module doc)."""

    name: str
    extract: Callable[[SentenceContext], Sequence[Any]]
    group: Callable[[list[Any], ReportContext], list[list[Any]]]
    judge: Callable[[list[Any], ReportContext], Fact]
    headlines: str = "all"  # "all", "sentence case" or "none" (see the module doc)


# fmt: off
KINDS: tuple[KindSpec, ...] = (
    KindSpec("count", extract_counts.extract, compare_counts.group, compare_counts.judge),
    KindSpec("name", extract_names.extract, compare_variants.group, compare_variants.judge,
             headlines="none"),
    KindSpec("age", extract_ages.extract, compare_ages.group, compare_ages.judge,
             headlines="sentence case"),
    KindSpec("measure", extract_measures.extract, compare_measures.group, compare_measures.judge),
    KindSpec("money", extract_money.extract, compare_money.group, compare_money.judge),
    KindSpec("place", extract_places.extract, compare_places.group, compare_places.judge,
             headlines="sentence case"),
    KindSpec("attribute", extract_attributes.extract, compare_attributes.group,
             compare_attributes.judge, headlines="sentence case"),
    KindSpec("qualitative", extract_qualities.extract, compare_qualities.group,
             compare_qualities.judge),
    KindSpec("time", extract_times.extract, compare_times.group, compare_times.judge,
             headlines="sentence case"),
    KindSpec("date", extract_dates.extract, compare_dates.group, compare_dates.judge,
             headlines="sentence case"),
)
# fmt: on
