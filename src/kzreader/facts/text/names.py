"""Named entities and their spelling variants across outlets.

``name_key`` folds a name to a transliteration-aware key, so that spellings one alphabet gives
several ways fall together: q/k, c before a/o/u as k, kh/h, zh/j, y/j/i, doubled letters, hyphens,
spaces, diacritics, "-iyev/-yev/-aev" endings, a final mute e.  ``similar_keys`` also joins keys one
edit apart (a dropped or swapped vowel), but never a plural or a feminine ending ("-s", "-a").
Surname particles (de, van der, al-, Mc...) stay inside a name (``name_words``) and
``particle_base`` gives the name without them, so "DeVarno" can meet "Varno".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kzreader.facts import lexicon as lx
from kzreader.facts.text.numbers import tokens

_FOLDS = (
    ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("q", "k"),
    ("w", "v"), ("x", "ks"), ("y", "i"), ("j", "i"),
)  # fmt: skip
_DIGRAPHS = str.maketrans({"ž": "zh", "Ž": "Zh", "š": "sh", "Š": "Sh", "č": "ch", "Č": "Ch"})
_C_HARD = re.compile(r"c(?=[aoukr]|$)")
_VOWEL_I_VOWEL = re.compile(r"(?<=[aeiou])i(?=[aeou])")
_DOUBLE = re.compile(r"(.)\1+")
_FINAL_E = re.compile(r"(?<=[^aeiou])e$")
_PREFIX = re.compile(r"^(al|el|ul)-(?=\w{3})", re.I)
PARTICLES = lx.words("la le de di da du del della van von der den mc mac al el ben bin")
"""Surname particles, apart ("van der", "De") or glued ("DeVarno", "McTavel", "al-Harun")."""
_LEAD_PARTICLES = lx.words("la le de di da du del della van von der den")
# (Al, El, Ben, Bin at the start of a name are first names as often as particles: Al Tenby)
_GLUED = re.compile(
    r"^(?:(?i:la|le|de|di|da|du|del|della|van|von|der|den|mc|mac|al|el|ben|bin)"
    r"(?:[-'’](?=[A-Za-z])|(?=[A-Z]))|[Oo]['’](?=[A-Z]))"
)
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
_PARTICLE_STARTS = frozenset([p[:2] for p in PARTICLES] + ["o'", "o’"])


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Transliteration-aware key: Qadyr-Zhanibek ~ Kadyr-Janibek, Boqarev ~ Bokaryev."""
    s = name.translate(_DIGRAPHS)  # ž/š/č are the zh/sh/ch of other spellings
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"['’]s$", "", s)
    s = _PREFIX.sub("", s)
    s = re.sub(r"[^a-z]", "", s)
    s = _C_HARD.sub("k", s)
    for a, b in _FOLDS:
        s = s.replace(a, b)
    s = _VOWEL_I_VOWEL.sub("", s)
    s = _DOUBLE.sub(r"\1", s)
    s = _FINAL_E.sub("", s) if len(s) > 4 else s
    return s


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def similar_keys(a: str, b: str) -> bool:
    """Same key, or (for keys of 5+ letters with the same first letter) one edit apart,
    unless the difference is an inflection such as a final -s or -a."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[0] != b[0]:
        return False
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short):
        return False  # an ending added: plural, feminine, adjective (-s, -a, -n)
    return _one_edit(a, b)


@dataclass(frozen=True)
class Mention:
    """A capitalised name in a text: offsets into that text and its tokens."""

    start: int
    end: int
    text: str
    parts: tuple[str, ...]


_NAME_TOKEN = re.compile(r"^[A-Z][A-Za-z'’\-]*$|^[A-Z][a-z]*[A-Z][a-z]+$")
# capitalised words that head or qualify a name but are not part of it
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "president",
        "prime",
        "minister",
        "ministers",
        "premier",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "general",
        "gen",
        "lt",
        "col",
        "colonel",
        "capt",
        "captain",
        "sgt",
        "sergeant",
        "officer",
        "chief",
        "deputy",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "sheriff",
        "undersheriff",
        "commissioner",
        "governor",
        "mayor",
        "senator",
        "sen",
        "rep",
        "judge",
        "justice",
        "pope",
        "bishop",
        "st",
        "saint",
        "first",
        "former",
        "acting",
        "interim",
        "vice",
        "assistant",
        "lord",
        "lady",
        "sir",
        "madam",
        "director",
        "head",
        "leader",
        "commander",
        "ambassador",
        "envoy",
        "police",
        "the",
        "a",
        "an",
        "and",
        "of",
        "his",
        "her",
        "their",
        "its",
        "local",
        "state",
        "national",
        "federal",
    ]
)


def mentions(
    text: str,
    common: frozenset[str] = frozenset(),
    toks: list[tuple[str, int, int]] | None = None,
) -> list[Mention]:
    """Capitalised name sequences, titles stripped; ``common`` holds words also seen lowercase
    (``toks``: the text's tokens, when known)."""
    toks = tokens(text) if toks is None else toks
    found: list[Mention] = []
    k = 0
    while k < len(toks):
        w = toks[k][0]
        if not (_NAME_TOKEN.match(w) and w.lower() not in TITLES and w.lower() not in common):
            k += 1
            continue
        parts = [k]
        m = k + 1
        while m < len(toks):
            nxt = toks[m][0]
            if nxt == "-" and m + 1 < len(toks) and toks[m][1] == toks[m - 1][2]:
                if _NAME_TOKEN.match(toks[m + 1][0]) and toks[m + 1][1] == toks[m][2]:
                    m += 1  # glued hyphen inside a name: Jean-Ostap, Al-Vendari
                    continue
                break
            if _NAME_TOKEN.match(nxt) and nxt.lower() not in TITLES:
                parts.append(m)
                m += 1
                continue
            after = _after_particles(toks, m)
            if after > m:  # "Jan van der Berg", "Rafi al-Harun": the particles stay inside
                m = after
                continue
            break
        start, end = toks[k][1], toks[m - 1][2]
        surface = text[start:end]
        words = tuple(p for p in re.split(r"\s+", surface) if p)
        found.append(Mention(start, end, surface, words))
        k = m
    return found


def _after_particles(toks: list[tuple[str, int, int]], m: int) -> int:
    """Index after lowercase particles and the name word they lead to (``m`` when none)."""
    k = m
    while k < len(toks) and toks[k][0] in PARTICLES:
        k += 1
        if k < len(toks) and toks[k][0] == "-" and toks[k][1] == toks[k - 1][2]:
            k += 1  # al-Harun
    if k == m or k >= len(toks):
        return m
    word = toks[k][0]
    if _NAME_TOKEN.match(word) and word.lower() not in TITLES:
        return k + 1
    return m


def name_words(text: str, mention: Mention) -> list[tuple[str, int, int]]:
    """The words of a name with their offsets in ``text``: particles joined to the word they lead
    ("van der Berg", "De Varno"), generational suffixes ("Jr", "III") left out."""
    spans = []
    at = 0
    for part in mention.parts:
        at = mention.text.find(part, at)
        spans.append((part, mention.start + at, mention.start + at + len(part)))
        at += len(part)
    if len(spans) == 1:
        return spans
    while len(spans) > 1 and spans[-1][0].lower() in _SUFFIXES:
        spans.pop()
    out: list[tuple[str, int, int]] = []
    pending: list[tuple[str, int, int]] = []  # particles waiting for the word they lead
    for n, (word, start, end) in enumerate(spans):
        low = word.lower()
        if n < len(spans) - 1 and low in PARTICLES and (n > 0 or low in _LEAD_PARTICLES):
            pending.append((word, start, end))
            continue
        if pending and low in PARTICLES:  # "van De": particles only, no name to lead
            out.extend(pending)
        elif pending:
            start = pending[0][1]
        out.append((text[start:end], start, end))
        pending = []
    return out


def particle_base(word: str) -> str | None:
    """The name without its leading particles ("van der Berg" -> "Berg", "McTavel" -> "Tavel",
    "al-Harun" -> "Harun"), or None when it has none or too little is left."""
    if word[:2].lower() not in _PARTICLE_STARTS:
        return None
    base = word
    while True:
        head, _, rest = base.partition(" ")
        if rest and head.lower() in PARTICLES:
            base = rest
            continue
        glued = _GLUED.match(base)
        if glued and len(base) - glued.end() >= 3:
            base = base[glued.end() :]
            continue
        break
    return None if base == word else base


def word_key(word: str) -> str:
    """The key a name word is grouped by: ``name_key``, but a particle stays ("al-Harun" ->
    "alharun"), so that a name with and without it meet only on evidence (``variants``)."""
    return name_key(word.replace("-", "")) if particle_base(word) else name_key(word)


def common_words(texts: list[str]) -> frozenset[str]:
    """Lowercase words seen in lowercase somewhere: sentence-initial "Protesters" is no name."""
    seen = set()
    for text in texts:
        seen.update(re.findall(r"(?<![A-Za-z])[a-z][a-z'’]+", text))
    return frozenset(seen)


def surface_form(name: str) -> str:
    """What counts as "spelled the same": case, hyphens and spaces do not matter."""
    form = re.sub(r"[\s\-‐‑]+", "", name).lower()
    return form.replace("isation", "ization").replace("ise", "ize")  # spelling conventions
