"""The ``qualitative`` kind's comparator: closed-class qualities outlets contradict.

Claims of one quality said of one thing (a colour of the "camry", the strength of the "quake",
damage to the "church", how people died, the weapon, the aircraft, a fire's cause) from related
articles, dated alike, are grouped by ``align.cluster``: only sentences alike enough to be about
one thing (the base is low: a colour word alone proves nothing).  Each article's values are a
set; verdicts:

- ``agree``: one value; ``variant``: one value spelled two ways (grey / gray);
- ``conflict``: two articles' sets share no value (silver vs grey, a rifle vs a shotgun, a
  helicopter vs a plane; "aircraft" and "gun" name no kind and fit any), a strength two steps
  apart ("light" vs "powerful"; "strong" vs "powerful" is one), damage of two stated degrees
  ("virtually destroyed" vs "badly damaged"; plain "damaged" fits any), arson stated vs
  suspected;
- ``compatible``: sets that overlap ("a shotgun or a rifle" and "a shotgun"; "aircraft" fits
  any aircraft), scale values one step apart.
"""

from __future__ import annotations

from collections import defaultdict

from kzreader.facts.compare.align import cluster, similarity
from kzreader.facts.compare.reasons import agreement
from kzreader.facts.context import ReportContext
from kzreader.facts.extract.qualities import DEATHS, QualityClaim
from kzreader.facts.model import Fact, Verdict

BASE = {"colour": 0.1, "weapon": 0.1, "aircraft": 0.1, "damage": 0.15, "death": 0.2,
        "strength": 0.25, "cause": 0.25}  # fmt: skip
"""What two claims of one quality and thing score before their sentences' similarity: a colour
or weapon word in two sentences is weak evidence (the sentences must be alike); the strength
of "the quake" or the cause of "the fire" is said of the story's one event."""
_SCALES = {"strength": 2}
_GENERIC = {"aircraft": frozenset(["aircraft"]), "weapon": frozenset(["gun"])}
"""Words of a class that name no kind in it: they fit any."""
"""Steps apart at which a scale's values contradict."""
_DAMAGE_RANK = {"lightly damaged": 1, "damaged": 2, "heavily damaged": 3, "destroyed": 4}
_STRENGTH_NAMES = {"1": "light", "2": "moderate", "3": "strong", "4": "massive"}
_LABELS = {
    "colour": "colour of the {}", "strength": "strength of the {}", "damage": "damage to the {}",
    "death": "how they died", "weapon": "the weapon", "aircraft": "the aircraft",
    "cause": "cause of the fire",
}  # fmt: skip


def _same_fact(a: QualityClaim, b: QualityClaim) -> bool:
    return a.quality == b.quality and a.thing == b.thing and a.years == b.years


def _score(a: QualityClaim, b: QualityClaim) -> float:
    return BASE[a.quality] + similarity(a, b)


def group(found: list[QualityClaim], report: ReportContext) -> list[list[QualityClaim]]:
    groups = cluster(
        found,
        report,
        same_fact=_same_fact,
        score=_score,
        bar=lambda a, b: report.config.similarity,
        restates=lambda a, b: True,
    )
    for g in groups:
        g.sort(key=lambda c: (c.article, c.claim.value_start))
    return [g for g in groups if len({c.article for c in g}) >= 2]


def _level(c: QualityClaim) -> int:
    return int(c.value) if c.quality == "strength" else _DAMAGE_RANK.get(c.value, 0)


def _shown(c: QualityClaim) -> str:
    if c.quality == "strength":
        return " ".join(c.claim.value.lower().split())
    if c.quality == "death":
        return DEATHS[c.value][0]
    if c.quality == "cause":
        return "arson stated" if c.value == "stated" else "arson suspected"
    return c.value


def judge(g: list[QualityClaim], report: ReportContext) -> Fact:
    quality = g[0].quality
    label = _LABELS[quality].format(g[0].thing)
    claims = tuple(c.claim for c in g)
    per: dict[int, set[str]] = defaultdict(set)
    for c in g:
        per[c.article] |= c.options
    values = list(dict.fromkeys(c.value for c in g))
    if len(values) == 1:
        spellings = list(dict.fromkeys(c.claim.value.lower() for c in g))
        if quality == "colour" and len(spellings) > 1:
            return Fact(label, Verdict.VARIANT, " / ".join(spellings), claims)
        return Fact(label, Verdict.AGREE, agreement(claims, _shown(g[0])), claims)
    if quality == "damage":
        stated = {c.value for c in g} - {"damaged"}  # plain "damaged" fits any degree
        if len(stated) > 1:
            lo = min((c for c in g if c.value in stated), key=_level)
            hi = max((c for c in g if c.value in stated), key=_level)
            return Fact(label, Verdict.CONFLICT, f"{_shown(hi)} vs {_shown(lo)}", claims)
        return Fact(label, Verdict.COMPATIBLE, f"{' and '.join(values)}: damage of any degree",
                    claims)  # fmt: skip
    if quality in _SCALES:
        lo = min(g, key=_level)
        hi = max(g, key=_level)
        if _level(hi) - _level(lo) >= _SCALES[quality]:
            return Fact(label, Verdict.CONFLICT, f"{_shown(lo)} vs {_shown(hi)}", claims)
        return Fact(label, Verdict.COMPATIBLE, f"{_shown(lo)} and {_shown(hi)}: one step apart",
                    claims)  # fmt: skip
    arts = sorted(per)
    generic = _GENERIC.get(quality, frozenset())
    for i, x in enumerate(arts):
        for y in arts[i + 1 :]:
            sx, sy = per[x] - generic, per[y] - generic
            if not sx or not sy:
                continue  # "aircraft" fits a helicopter or a plane, "a gun" a rifle
            if not sx & sy:
                a = next(c for c in g if c.article == x)
                b = next(c for c in g if c.article == y)
                return Fact(label, Verdict.CONFLICT, _pair(a, b, g), claims)
    shown = " and ".join(dict.fromkeys(_shown(c) for c in g))
    return Fact(label, Verdict.COMPATIBLE, f"{shown}: one report allows the other's", claims)


def _pair(a: QualityClaim, b: QualityClaim, g: list[QualityClaim]) -> str:
    """ "silver vs grey/gray": each side's values, with the spellings of the colour."""

    def side(c: QualityClaim) -> str:
        if c.quality != "colour":
            return "/".join(sorted(c.options)) if len(c.options) > 1 else _shown(c)
        words = dict.fromkeys(x.claim.value.lower() for x in g if x.value == c.value)
        return "/".join(words)

    return f"{side(a)} vs {side(b)}"
