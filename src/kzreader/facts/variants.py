"""`variant` facts: one name spelled differently by different outlets.

Name words are grouped by transliteration-aware keys (``names.similar_keys``).  A group becomes a
fact when two articles spell it differently.  Different people who share a surname stay apart: when
both spellings come with first names and those first names do not match, it is not one person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kzreader.facts.align import story_relation
from kzreader.facts.model import Claim, Fact, Verdict
from kzreader.facts.text.names import (
    common_words,
    mentions,
    name_key,
    name_words,
    particle_base,
    similar_keys,
    surface_form,
    word_key,
)
from kzreader.facts.text.sentences import Sentence
from kzreader.facts.text.textsim import STOP
from kzreader.library import Article

SentenceAt = Callable[[Article, int], Sentence]
"""The sentence of an article holding a character offset (``api.sentence_at``)."""

_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")


@dataclass(frozen=True)
class _Word:
    article: int
    word: str  # surface, possessive stripped
    key: str
    first: str | None  # key of the first name when this word ends a longer name
    last: str | None  # key of the surname when this word starts a longer name
    mention: str  # the whole name it is part of
    start: int  # offsets of the word in the article text
    end: int
    context: frozenset[str]  # keys of the other name words and the content words just before
    base: str | None = None  # key of the name without its particles ("DeVarno" -> "varno")
    surname: str = ""  # the last word of its name (itself when it ends the name)


@dataclass(frozen=True)
class NameIndex:
    """Every name word of a set of articles, grouped by spelled name (``_groups``)."""

    words: list[_Word]
    groups: list[list[_Word]]
    common: frozenset[str]  # words also seen lowercase (no name)

    def roots(self) -> dict[str, str]:
        """Key of each name word -> the smallest key of its group (one id per spelled name)."""
        out = {}
        for group in self.groups:
            root = min(w.key for w in group)
            out.update((w.key, root) for w in group)
        return out


def name_index(articles: Sequence[Article]) -> NameIndex:
    common = common_words([a.text for a in articles])
    words = _words(articles, common)
    return NameIndex(words, _groups(words), common)


def _words(articles: Sequence[Article], common: frozenset[str]) -> list[_Word]:
    out = []
    for idx, article in enumerate(articles):
        for m in mentions(article.text, common):
            spans = name_words(article.text, m)
            parts = [text for text, _s, _e in spans]
            name = article.text[spans[0][1] : spans[-1][2]]  # without "Jr", "III"
            for n, (part, pos, _end) in enumerate(spans):
                word = part[:-2] if part.endswith(("'s", "’s")) else part
                if word.isupper() or len(word) < 4:
                    continue
                key = word_key(word)
                if len(key) < 4:
                    continue
                first = name_key(parts[0]) if n == len(parts) - 1 and n > 0 else None
                last = name_key(parts[-1]) if n == 0 and len(parts) > 1 else None
                context = {name_key(p) for p in parts if p != part}
                if n == 0:
                    window = article.text[max(0, m.start - 30) : m.start]
                    window = re.split(r"[.!?\n]", window)[-1]  # this sentence only
                    before = _LOWER_WORD.findall(window)
                    context.update(w for w in before[-2:] if w not in STOP)
                base = particle_base(word)
                out.append(
                    _Word(
                        idx,
                        word,
                        key,
                        first,
                        last,
                        name,
                        pos,
                        pos + len(word),
                        frozenset(context),
                        name_key(base) if base else None,
                        parts[-1],
                    )
                )
    return out


def _groups(words: list[_Word]) -> list[list[_Word]]:
    by_key: dict[str, list[_Word]] = defaultdict(list)
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
    groups: dict[str, list[_Word]] = defaultdict(list)
    for k in keys:
        groups[find(k)].extend(by_key[k])
    return list(groups.values())


def _same_person(group: list[_Word]) -> bool:
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


def variant_facts(
    articles: Sequence[Article],
    sentences_of: SentenceAt,
    min_outlets: int = 2,
    related: Callable[[int, int], bool] | None = None,
    index: NameIndex | None = None,
) -> list[Fact]:
    """Names spelled differently across articles, one fact per name."""
    facts = []
    if related is None:
        related = story_relation([a.text for a in articles])
    for group in (index or name_index(articles)).groups:
        forms: dict[str, set[int]] = defaultdict(set)
        for w in group:
            forms[surface_form(w.word)].add(w.article)
        if len(forms) < 2 or len({w.article for w in group}) < min_outlets:
            continue
        # a spelling difference only counts between articles (not within one)
        arts_by_form = list(forms.values())
        if all(a == arts_by_form[0] for a in arts_by_form) or not _same_person(group):
            continue
        # the spellings must meet in articles about one story: "Phillips Petroleum" in a court
        # report and "Philips" in a product launch are two companies
        if not any(
            related(x, y) for i, xs in enumerate(arts_by_form) for ys in arts_by_form[i + 1 :]
            for x in xs for y in ys if x != y
        ):  # fmt: skip
            continue
        # a first name in front of surnames spelled differently: the surname's fact says it
        if all(w.first is None and w.surname != w.word for w in group):
            surnames = {surface_form(w.surname) for w in group}
            if len(surnames) > 1:
                continue
        facts.append(_fact(articles, group, sentences_of))
    return facts


def _fact(articles: Sequence[Article], group: list[_Word], sentences_of: SentenceAt) -> Fact:
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
    for w in sorted(group, key=lambda w: (w.article, w.start)):
        form = surface_form(w.word)
        if (w.article, form) in seen:
            continue
        seen.add((w.article, form))
        article = articles[w.article]
        sentence = sentences_of(article, w.start)
        claims.append(
            Claim(
                article=article.id, sentence=sentence.text, start=sentence.start, end=sentence.end,
                value=w.word, low=None, high=None, unit=None, attribution=None, measure="name",
                value_start=w.start, value_end=w.end,
            )
        )  # fmt: skip
    names = " / ".join(spellings.values())
    if len(full) > 1:
        names += f" ({' / '.join(full.values())})"
    main = next(iter(spellings.values()))
    return Fact(label=f"name: {main}", verdict=Verdict.VARIANT, reason=names, claims=tuple(claims))
