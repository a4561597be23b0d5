"""The ``name`` kind's comparator: one name spelled differently by different outlets.

Name words (``extract.names``) are grouped by transliteration-aware keys
(``text.names.similar_keys``): one key, or keys one edit apart with a shared neighbour word, or a
particle added or dropped with a shared first name.  A group becomes a ``variant`` fact when two
related articles spell it differently.  Different people who share a surname stay apart: when
both spellings come with first names and those first names do not match, it is not one person.

``name_index(report)`` (the groups, built once per report) also serves the ``age`` kind, which
matches people through them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from kzreader.facts.context import ReportContext
from kzreader.facts.extract.names import NameWord
from kzreader.facts.model import Fact, Kind, Verdict
from kzreader.facts.text import gazetteer
from kzreader.facts.text.names import similar_keys, surface_form


@dataclass(frozen=True)
class NameIndex:
    """Every name word of a report, grouped by spelled name (``_groups``)."""

    words: list[NameWord]
    groups: list[list[NameWord]]
    common: frozenset[str]  # words also seen lowercase (no name)

    def roots(self) -> dict[str, str]:
        """Key of each name word -> the smallest key of its group (one id per spelled name)."""
        out: dict[str, str] = {}
        for group in self.groups:
            root = min(w.key for w in group)
            out.update((w.key, root) for w in group)
        return out


NAME_KIND = "name"
"""The registry name of the kind whose claims the index holds (``kinds.KINDS``)."""


def name_index(report: ReportContext) -> NameIndex:
    """The report's name words and their groups, built once (the ``age`` kind reads it too)."""

    def make() -> NameIndex:
        words: list[NameWord] = report.claims.get(NAME_KIND, [])
        return NameIndex(words, _groups(words), report.common)

    return report.memo("name-index", make)


def _groups(words: list[NameWord]) -> list[list[NameWord]]:
    by_key: dict[str, list[NameWord]] = defaultdict(list)
    for w in words:
        by_key[w.key].append(w)
    keys = sorted(by_key)
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_first: dict[tuple[str, int], list[str]] = defaultdict(list)
    for k in keys:
        by_first[(k[0], len(k))].append(k)
    contexts = {k: frozenset().union(*(w.context for w in ws)) for k, ws in by_key.items()}
    for k in keys:
        for size in (len(k) - 1, len(k), len(k) + 1):
            for other in by_first.get((k[0], size), ()):
                # keys one edit apart need a shared neighbour ("Odile Varnes" ~ "Odile Varness",
                # "town of Velmor" ~ "town of Vellmor"); Dorvan and Dorian share none
                if other != k and similar_keys(k, other) and contexts[k] & contexts[other]:
                    parent[find(other)] = find(k)
    # a particle added or dropped ("DeVarno" ~ "Varno", "McTavel" ~ "MacTavel"): one first name
    # is needed (Ana DeVarno and Luis Varno are two people), or, when neither spelling ever has
    # one, a shared neighbour word; "Banco de Sarno" ~ "Sarno Bank" has neither
    by_base: dict[str, set[str]] = defaultdict(set)
    for w in words:
        if w.base and len(w.base) >= 4:
            by_base[w.base].add(w.key)
    firsts = {k: {w.first for w in ws if w.first} for k, ws in by_key.items()}
    for base, with_particle in sorted(by_base.items()):
        plain = {base} if any(w.last is None for w in by_key.get(base, ())) else set()
        near = sorted(with_particle | plain)
        for i, k in enumerate(near):
            for other in near[i + 1 :]:
                a, b = firsts[k], firsts[other]
                if (a and b and any(similar_keys(x, y) for x in a for y in b)) or (
                    not a and not b and contexts[k] & contexts[other]
                ):
                    parent[find(other)] = find(k)
    # one place under two names ("Bombay" ~ "Mumbai", "Peking" ~ "Beijing"): names that
    # stand alone, each spelled exactly as one place of the gazetteer and no other, the same one
    by_place: dict[int, list[str]] = defaultdict(list)
    for k in keys:
        ws = by_key[k]
        if all(w.first is None and w.last is None for w in ws):
            gid = _one_place(ws[0].word)
            if gid is not None:
                by_place[gid].append(k)
    for same in by_place.values():
        for i, k in enumerate(same):
            for other in same[i + 1 :]:
                short, long = sorted((by_key[k][0].word, by_key[other][0].word), key=len)
                if not long.lower().startswith(short.lower()):  # "Mich." abbreviates, not spells
                    parent[find(other)] = find(k)
    groups: dict[str, list[NameWord]] = defaultdict(list)
    for k in keys:
        groups[find(k)].extend(by_key[k])
    return list(groups.values())


def _one_place(word: str) -> int | None:
    """The gazetteer id of the one place ``word`` names exactly, else None (no place, or
    several: "Victoria" is a city and Hong Kong's old name, "Georgia" a country and a state)."""
    exact = [p for p, is_exact in gazetteer.lookup(word) if is_exact]
    return exact[0].gid if len(exact) == 1 and exact[0].gid else None


def _same_person(group: list[NameWord]) -> bool:
    """No two spellings come with names that exclude each other: different first names before a
    surname (Arman / Dana Temirov), or different surnames after a first name (Julia Roberts /
    Yulia Tymoshenko)."""
    for role in ("first", "last"):
        partners: dict[str, set[str]] = defaultdict(set)
        for w in group:
            key = getattr(w, role)
            if key:
                partners[surface_form(w.word)].add(key)
        forms = list(partners)
        for i, a in enumerate(forms):
            for b in forms[i + 1 :]:
                if not any(similar_keys(x, y) for x in partners[a] for y in partners[b]):
                    return False
    return True


def group(found: list[NameWord], report: ReportContext) -> list[list[NameWord]]:
    """Spelling groups that make a variant fact: two or more spellings, in different articles
    that report one story, of one person."""
    out = []
    related = report.related
    for words in name_index(report).groups:
        forms: dict[str, set[int]] = defaultdict(set)
        for w in words:
            forms[surface_form(w.word)].add(w.article)
        if len(forms) < 2 or len({w.article for w in words}) < report.config.min_outlets:
            continue
        # a spelling difference only counts between articles (not within one)
        arts_by_form = list(forms.values())
        if all(a == arts_by_form[0] for a in arts_by_form) or not _same_person(words):
            continue
        # the spellings must meet in articles about one story: "Phillips Petroleum" in a court
        # report and "Philips" in a product launch are two companies
        if not any(
            related(x, y) for i, xs in enumerate(arts_by_form) for ys in arts_by_form[i + 1 :]
            for x in xs for y in ys if x != y
        ):  # fmt: skip
            continue
        # a first name in front of surnames spelled differently: the surname's fact says it
        if all(w.first is None and w.surname != w.word for w in words):
            surnames = {surface_form(w.surname) for w in words}
            if len(surnames) > 1:
                continue
        out.append(words)
    return out


def judge(group: list[NameWord], report: ReportContext) -> Fact:
    """The variant fact: each article's spellings, the full names they come in."""
    counts = Counter(w.word for w in group)
    spellings: dict[str, str] = {}
    for word, _n in counts.most_common():
        spellings.setdefault(surface_form(word), word)
    full: dict[str, str] = {}
    for w in group:
        if len(w.mention.split()) > 1:
            full.setdefault(surface_form(w.mention), w.mention)
    claims = []
    seen: set[tuple[int, str]] = set()
    for w in sorted(group, key=lambda w: (w.article, w.position)):
        form = surface_form(w.word)
        if (w.article, form) in seen:
            continue
        seen.add((w.article, form))
        claims.append(
            report.claim(w.article, w.sentence, Kind.NAME, w.start, w.end, value=w.word,
                         measure="name")
        )  # fmt: skip
    names = " / ".join(spellings.values())
    if len(full) > 1:
        names += f" ({' / '.join(full.values())})"
    main = next(iter(spellings.values()))
    return Fact(label=f"name: {main}", verdict=Verdict.VARIANT, reason=names, claims=tuple(claims))
