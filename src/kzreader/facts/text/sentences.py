"""Sentence splitting with character offsets into the article's clean text.

One regex pass per line finds candidate boundaries (``.``, ``?``, ``!``, ellipses, with any closing
quotes or brackets glued to them, followed by whitespace); a few cheap rules reject the candidates
that follow abbreviations, initials or dotted acronyms, or that precede a lowercase word.
A sentence never crosses a line break, so it never crosses a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == article_text[start:end]``, without surrounding whitespace."""

    index: int
    start: int
    end: int
    text: str


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


_LINE = re.compile(r"[^\n]+")
# terminator, closing quotes/brackets glued to it, then whitespace and the next visible character
_CANDIDATE = re.compile(r"(\.{2,}|…|[.!?]+)([\"'”’»)\]]*)(?=\s+(\S)(\S?))")
_QUOTES = "\"'”’»"
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_OPENERS = "\"'“‘«([—–-"

# titles that stand before a name: a capital after them never starts a sentence
_TITLES = _words(
    "mr mrs ms messrs dr prof gen lt col maj capt cpt sgt cpl pvt adm cmdr brig gov sen rep rev fr "
    "hon pres supt insp atty mt ft vs v cf approx esp"
)
# abbreviations that stand before a number ("No. 5", "Jan. 6"); elsewhere they are plain words
_BEFORE_NUMBER = _words(
    "no nos vol vols pp p fig figs art arts para sec ch op nr jan feb mar apr jun jul aug sep sept "
    "oct nov dec"
)
# abbreviations that may end a sentence: split only when a typical sentence opener follows
_MAYBE_FINAL = _words(
    "etc inc co corp ltd llc plc bros jr sr st ave rd blvd dept est univ assn jan feb mar apr jun "
    "jul aug sep sept oct nov dec"
)
_TIME = frozenset(("a.m", "p.m"))
_DAYS_MONTHS = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december jan feb mar apr jun jul aug sep sept "
    "oct nov dec"
)
_STARTERS = _words(
    """the a an he she it they we i you his her its their our my this that these those there here
    in on at by for from with without after before during since until when while where why how what
    who which whose if but and or so yet however meanwhile also some many most all both each several
    no not one two three four five six seven eight nine ten other another such among despite
    although though because as under over more only even still then now just last next earlier
    later today yesterday tomorrow according police officials authorities mr mrs ms dr"""
)
_SPEAKER = re.compile(
    r"\s+(?:[A-Z][\w.'’-]*\s+){1,3}(?:said|asked|says|asks|told|added|shouted|replied|wrote)\b"
)
_NUMBER_WORDS = _words("one two three four five six seven eight nine ten eleven twelve")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # U.S, J.R.R, a.m (final dot excluded)


def _next_word(text: str, pos: int, end: int) -> str:
    """The word starting at ``pos`` (after any opening quotes), letters only."""
    while pos < end and text[pos] in _OPENERS:
        pos += 1
    stop = pos
    while stop < end and text[stop].isalpha():
        stop += 1
    return text[pos:stop]


def _is_boundary(text: str, m: re.Match[str], line_start: int, line_end: int) -> bool:
    term, closers, nxt, nxt2 = m.group(1), m.group(2), m.group(3), m.group(4)
    if nxt in _QUOTES and not (nxt2 and (nxt2.isalnum() or nxt2 in _OPENERS)):
        return False  # a stray closing quote after a space: it belongs to this sentence
    first = nxt2 if nxt in _OPENERS and nxt2 else nxt
    if first.islower():
        return False
    if term != "." or closers:
        if term[0] in "?!" and closers and _SPEAKER.match(text, m.end(), line_end):
            return False  # '"Why?" Smith asked.': the speaker tag belongs to the quote
        return not (term in "?!" and first.isdigit())  # "earns? 900": a mangled currency sign
    tail = _TOKEN_BEFORE.search(text, max(line_start, m.start() - 40), m.start())
    if tail is None:
        return True
    token = tail.group(1).lstrip(_OPENERS)
    key = token.lower()
    if key in _TITLES:
        return False
    word_start = m.end()
    while text[word_start].isspace():
        word_start += 1
    word = _next_word(text, word_start, line_end)
    if key in _BEFORE_NUMBER and (first.isdigit() or word.lower() in _NUMBER_WORDS):
        return False
    if key in _TIME:
        return bool(word) and not (word.lower() in _DAYS_MONTHS or word.isupper())
    single_initial = len(token) == 1 and token.isupper()
    if key in _MAYBE_FINAL or single_initial or _DOTTED.match(token):
        return word.lower() in _STARTERS
    return True


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose offsets point into it; lines never join."""
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        line_start, line_end = line.span()
        start = line_start
        for m in _CANDIDATE.finditer(text, line_start, line_end):
            if _is_boundary(text, m, line_start, line_end):
                s, e = _stripped(text, start, m.end())
                if s < e:
                    sentences.append(Sentence(len(sentences), s, e, text[s:e]))
                start = m.end()
        s, e = _stripped(text, start, line_end)
        if s < e:
            sentences.append(Sentence(len(sentences), s, e, text[s:e]))
    return sentences


@lru_cache(maxsize=256)
def sentences_of(text: str) -> tuple[Sentence, ...]:
    """``split_sentences``, cached: facts and compare split the same articles once between them."""
    return tuple(split_sentences(text))
