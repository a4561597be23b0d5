"""The ``attribute`` kind's comparator for nationality, role and status (ages: ``compare.ages``).

People are matched as ages match them (``compare.variants.name_index``: a surname's spellings,
and its first names, so two people sharing a surname stay apart).  One fact per person and
attribute:

- **nationality**: codes from ``text.demonyms`` (possessive country names through the
  gazetteer); ``agree`` for one country, ``compatible`` when one contains the other (a Texan is
  American, a Scot is British), else ``conflict`` ("Finnish vs Swedish");
- **role**: each article's roles for the person; ``conflict`` only when two articles give
  roles of one exclusive class and neither article gives the other's (a president is no prime
  minister; a chairman may also be chief executive), or one calls a role "former" that another
  gives as current; ``compatible`` otherwise, ``agree`` for one role;
- **status**: dead against alive (injured, arrested, charged, released, at large) is a
  ``conflict`` (injured, then dead in a later report: an ``update``); at large against
  arrested too, unless a later report makes it an ``update``; stages of one process (arrested,
  charged, convicted, released) are ``compatible``: a later report naming a later stage says
  what happened next, it revises nothing.
"""

from __future__ import annotations

from collections import defaultdict

from kzreader.facts.compare.reasons import agreement
from kzreader.facts.compare.variants import name_index
from kzreader.facts.context import ReportContext
from kzreader.facts.extract.attributes import AttributeClaim
from kzreader.facts.model import Fact, Verdict
from kzreader.facts.text.demonyms import DEMONYMS, contains
from kzreader.facts.text.names import similar_keys

_STAGES = ("arrested", "charged", "convicted", "acquitted", "released")
_ALIVE = frozenset(["injured", "arrested", "charged", "released", "convicted", "acquitted",
                    "at large"])  # fmt: skip


def _people(found: list[AttributeClaim], report: ReportContext) -> dict[tuple[str, str], list]:
    """(surname id, first-name id) -> claims; a surname alone counts only when the report gives
    it one first name (as ``compare.ages`` does)."""
    index = name_index(report)
    roots = index.roots()
    firsts: dict[str, set[str]] = defaultdict(set)
    for w in index.words:
        if w.first:
            firsts[roots.get(w.key, w.key)].add(w.first)
        if w.last:
            firsts[roots.get(w.last, w.last)].add(w.key)
    out: dict[tuple[str, str], list[AttributeClaim]] = defaultdict(list)
    for a in found:
        surname = roots.get(a.key, a.key)
        known = sorted(firsts.get(surname, set()) | ({a.first} if a.first else set()))
        clusters: list[list[str]] = []
        for key in known:
            home = next((c for c in clusters if any(similar_keys(key, k) for k in c)), None)
            if home is None:
                clusters.append([key])
            else:
                home.append(key)
        if a.first is not None:
            first = next(c[0] for c in clusters if a.first in c)
        elif len(clusters) == 1:
            first = clusters[0][0]
        elif not clusters:
            first = ""
        else:
            continue  # two people of this surname: which one is not said
        out[(surname, first)].append(a)
    return out


def group(found: list[AttributeClaim], report: ReportContext) -> list[list[AttributeClaim]]:
    """Claims of one attribute of one person from two or more related articles."""
    if len({a.article for a in found}) < 2:
        return []
    related = report.related
    out = []
    for claims in _people(found, report).values():
        by_what: dict[str, list[AttributeClaim]] = defaultdict(list)
        for a in claims:
            by_what[a.what].append(a)
        for what, items in by_what.items():
            if what == "nationality":
                items = [a for a in items if _code(a) is not None]
            arts = {a.article for a in items}
            items = [a for a in items if any(related(a.article, o) for o in arts if o != a.article)]
            if len({a.article for a in items}) >= 2:
                out.append(sorted(items, key=lambda a: (a.article, a.claim.value_start)))
    return out


def _code(a: AttributeClaim) -> str | None:
    word = a.value
    code = DEMONYMS.get(word)
    if code is not None or not word.endswith(("'s", "’s")):
        return code
    from kzreader.facts.text import gazetteer

    return gazetteer.country_names().get(gazetteer.fold(word[:-2]))


def _label(group: list[AttributeClaim]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for a in group:
        counts[a.surname] += 1
    return max(counts, key=lambda s: counts[s])


def judge(group: list[AttributeClaim], report: ReportContext) -> Fact:
    what = group[0].what
    label = f"{what}: {_label(group)}"
    if what == "nationality":
        return _nationality(group, label)
    if what == "role":
        return _role(group, label)
    return _status(group, label, report)


def _one_per_value(group: list[AttributeClaim], key: str) -> list[AttributeClaim]:
    seen: set[tuple[int, str]] = set()
    out = []
    for a in group:
        k = (a.article, getattr(a, key) if key != "code" else str(_code(a)))
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


def _nationality(group: list[AttributeClaim], label: str) -> Fact:
    group = _one_per_value(group, "code")
    claims = tuple(a.claim for a in group)
    codes = list(dict.fromkeys(str(_code(a)) for a in group))
    shown = {str(_code(a)): a.value for a in group}
    if len(codes) == 1:
        return Fact(label, Verdict.AGREE, agreement(claims, shown[codes[0]]), claims)
    for x in codes:
        for y in codes:
            if x != y and not contains(x, y) and not contains(y, x):
                return Fact(label, Verdict.CONFLICT, f"{shown[x]} vs {shown[y]}", claims)
    inner = max(codes, key=len)
    outer = [c for c in codes if c != inner]
    reason = f"{shown[inner]} is {' and '.join(shown[c] for c in outer)}"
    return Fact(label, Verdict.COMPATIBLE, reason, claims)


def _role_name(a: AttributeClaim) -> str:
    return f"{a.qualifier} {a.value}" if a.qualifier else a.value


def _role(group: list[AttributeClaim], label: str) -> Fact:
    group = _one_per_value(group, "value")
    claims = tuple(a.claim for a in group)
    per: dict[int, set[tuple[str, str | None, str | None]]] = defaultdict(set)
    for a in group:
        per[a.article].add((a.value, a.role_class, a.qualifier))
    names = list(dict.fromkeys(_role_name(a) for a in group))
    if len(names) == 1 or len({frozenset(v) for v in per.values()}) == 1:
        return Fact(label, Verdict.AGREE, agreement(claims, " and ".join(names)), claims)
    arts = sorted(per)
    for i, x in enumerate(arts):
        for y in arts[i + 1 :]:
            rx, ry = per[x], per[y]
            for vx, _cx, qx in rx:
                for vy, _cy, qy in ry:
                    if vx == vy and "former" in (qx, qy) and None in (qx, qy):
                        shown = f"{qx or ''} {vx} vs {qy or ''} {vy}".strip()
                        return Fact(label, Verdict.CONFLICT, " ".join(shown.split()), claims)
            values_x = {v for v, _c, _q in rx}
            values_y = {v for v, _c, _q in ry}
            if values_x & values_y:
                continue
            for vx, cx, qx in rx:
                for vy, cy, qy in ry:
                    if cx == cy and vx != vy and cx is not None:
                        ax = f"{qx} {vx}" if qx else vx
                        ay = f"{qy} {vy}" if qy else vy
                        return Fact(label, Verdict.CONFLICT, f"{ax} vs {ay}", claims)
    if len({a.value for a in group}) == 1:
        reason = f"{group[0].value} ({' / '.join(a.qualifier or 'current' for a in group)})"
        return Fact(label, Verdict.COMPATIBLE, reason + ": one role, both can be true", claims)
    return Fact(label, Verdict.COMPATIBLE, " and ".join(names) + ": may be held together",
                claims)  # fmt: skip


def _status(group: list[AttributeClaim], label: str, report: ReportContext) -> Fact:
    group = _one_per_value(group, "value")
    claims = tuple(a.claim for a in group)
    values = list(dict.fromkeys(a.value for a in group))
    if len(values) == 1:
        return Fact(label, Verdict.AGREE, agreement(claims, values[0]), claims)
    when = report.published
    dated = sorted(
        ((when[a.article], a.value) for a in group if when[a.article] is not None),
        key=lambda t: t[0],  # type: ignore[arg-type,return-value]
    )
    order = {s: n for n, s in enumerate(_STAGES)}
    later = dated[-1][1] if dated and len({t for t, _v in dated}) > 1 else None
    if "dead" in values and set(values) & _ALIVE:
        alive = next(v for v in values if v in _ALIVE)
        if later == "dead" and set(values) == {"dead", "injured"}:
            return Fact(label, Verdict.UPDATE, "injured, then dead (later report)", claims)
        return Fact(label, Verdict.CONFLICT, f"dead vs {alive}", claims)
    if "at large" in values and "arrested" in values:
        if later == "arrested":
            return Fact(label, Verdict.UPDATE, "at large, then arrested (later report)", claims)
        return Fact(label, Verdict.CONFLICT, "at large vs arrested", claims)
    stages = [v for v in values if v in order]
    if later in order and all(order[v] <= order[later] for v in stages):  # type: ignore[index]
        earlier = [v for v in stages if v != later]
        reason = f"{', '.join(earlier)}, then {later} (later report): one process, both true"
        return Fact(label, Verdict.COMPATIBLE, reason, claims)
    return Fact(label, Verdict.COMPATIBLE, " and ".join(values) + ": can all be true", claims)
