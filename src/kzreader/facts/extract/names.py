"""Name words: every word of every capitalised name, with what tells one person from another
(the ``name`` kind's extractor; ``compare.variants`` groups the spellings).

Each word of a name ("Anna-Maria Dorval" gives two) is found with its transliteration key
(``text.names.word_key``), the keys of the first name before it or the surname after it, the
other words of its name and the lowercase words just before it (its context), and its key
without surname particles ("DeVarno" -> "varno").  Short words (under 4 letters or key letters)
and all-capital words (acronyms) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzreader.facts.context import Found, SentenceContext
from kzreader.facts.text.names import name_key, name_words, particle_base, word_key
from kzreader.facts.text.textsim import STOP

_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")


@dataclass(eq=False, kw_only=True)
class NameWord(Found):
    word: str  # surface, possessive stripped
    key: str
    first: str | None  # key of the first name when this word ends a longer name
    last: str | None  # key of the surname when this word starts a longer name
    mention: str  # the whole name it is part of (without "Jr", "III")
    start: int  # offsets of the word in the sentence
    end: int
    context: frozenset[str]  # keys of the other name words and the content words just before
    base: str | None = None  # key of the name without its particles ("DeVarno" -> "varno")
    surname: str = ""  # the last word of its name (itself when it ends the name)

    @property
    def position(self) -> int:
        """Offset of the word in its article's text."""
        return self.sentence.start + self.start


def extract(ctx: SentenceContext) -> list[NameWord]:
    """The name words of one sentence, in order."""
    text = ctx.text
    out = []
    for m in ctx.mentions:
        spans = name_words(text, m)
        parts = [part for part, _s, _e in spans]
        name = text[spans[0][1] : spans[-1][2]]  # without "Jr", "III"
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
                window = text[max(0, m.start - 30) : m.start]
                window = re.split(r"[.!?\n]", window)[-1]  # this sentence only
                before = _LOWER_WORD.findall(window)
                context.update(w for w in before[-2:] if w not in STOP)
            base = particle_base(word)
            out.append(
                NameWord(
                    article=ctx.article,
                    sentence=ctx.sentence,
                    word=word,
                    key=key,
                    first=first,
                    last=last,
                    mention=name,
                    start=pos,
                    end=pos + len(word),
                    context=frozenset(context),
                    base=name_key(base) if base else None,
                    surname=parts[-1],
                )
            )
    return out
