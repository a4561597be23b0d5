"""News synonyms: what a reporter means, not only the word typed.

``injured`` also finds "wounded" and "hurt"; ``arrested`` finds "detained" and "taken into
custody".  A general lexicon of the predicates news reports use for casualties, the law,
office and disasters, nothing keyed to a story.  Each group's words are analysed as the index
analyses text (stems), so any form of a member triggers its group (``killing`` as well as
``killed``) and a multi-word member is searched as a phrase.  Expansion is opt-out: the
``search.synonyms`` config key turns it off, and a word in quotes (``"injured"``) is searched
alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh import query as wq

from kzreader.search.schema import body_analyzer, typed_words

#: Groups of words that news reports use for one predicate.  A word belongs to one group.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("killed", "dead", "died", "slain"),
    ("injured", "wounded", "hurt", "injuries"),
    ("arrested", "detained", "apprehended", "taken into custody"),
    ("charged", "indicted"),
    ("convicted", "found guilty"),
    ("jailed", "imprisoned", "sentenced to prison"),
    ("kidnapped", "abducted"),
    ("resigned", "stepped down"),
    ("protesters", "demonstrators"),
    ("explosion", "blast"),
    ("earthquake", "quake", "tremor"),
    ("ceasefire", "truce"),
)
#: A synonym scores a little below the word typed, so articles using that word rank first.
SYNONYM_BOOST = 0.8
EXPANDED_FIELDS = frozenset({"title", "body"})

_QUOTED_WORD = re.compile(r'"\s*([^"\s]+)\s*"')


@dataclass(frozen=True)
class Member:
    """A lexicon entry: as written, and as the index holds it (one stem, or a phrase's)."""

    word: str
    stems: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> Mapping[str, tuple[Member, ...]]:
    """stem -> the members of its group (only single-stem members trigger a group)."""
    analyzer = body_analyzer()
    by_stem: dict[str, tuple[Member, ...]] = {}
    for group in GROUPS:
        members = tuple(Member(w, tuple(t.text for t in analyzer(w))) for w in group)
        for member in members:
            if len(member.stems) == 1:
                by_stem[member.stems[0]] = members
    return by_stem


def stems_of(words: Iterable[str]) -> set[str]:
    analyzer = body_analyzer()
    return {t.text for word in words for t in analyzer(word)}


def quoted_words(text: str) -> set[str]:
    """The stems of words written alone in quotes (``"injured"``): searched without synonyms."""
    return stems_of(m.group(1) for m in _QUOTED_WORD.finditer(text))


def expand_synonyms(
    q: Any, exact: set[str], text: str = ""
) -> tuple[Any, dict[str, tuple[str, ...]]]:
    """``q`` with each title/body term of the lexicon OR-ed with its group's other members
    (terms whose stem is in ``exact`` stay alone), and what was added: the word as typed in
    ``text`` (else the lexicon's) -> its synonyms."""
    lexicon = _lexicon()
    added: dict[str, tuple[str, ...]] = {}
    typed_as = typed_words(text)

    def visit(node: Any) -> Any:
        if not isinstance(node, wq.Term) or node.fieldname not in EXPANDED_FIELDS:
            return node
        stemmed = node.text
        if not isinstance(stemmed, str) or stemmed in exact or stemmed not in lexicon:
            return node
        members = lexicon[stemmed]
        others = [m for m in members if m.stems != (stemmed,)]
        own = next((m.word for m in members if m.stems == (stemmed,)), stemmed)
        added[typed_as.get(stemmed, own)] = tuple(m.word for m in others)
        alternatives = [node]
        for member in others:
            if len(member.stems) == 1:
                alternatives.append(
                    wq.Term(node.fieldname, member.stems[0], boost=node.boost * SYNONYM_BOOST)
                )
            else:
                alternatives.append(
                    wq.Phrase(node.fieldname, list(member.stems), boost=node.boost * SYNONYM_BOOST)
                )
        return wq.Or(alternatives)

    return q.accept(visit), added
