"""Attributes of named people: nationality, role or title, and status (the ``attribute``
kind's extractor, beside ``ages``; ``compare.attributes`` matches the people and judges).

- **nationality**: a demonym before the name or its title ("Armenian Prime Minister Nikol
  Pashinyan", "the French journalist Ana Roe"), a country's possessive ("Kazakhstan's President
  Tokayev"), or an apposition ("Ana Roe, a British national", "Roe, who is Texan");
- **role**: a title before the name ("Sheriff Robert Pickell", "police spokeswoman Ana Roe") or
  an apposition ("Ana Roe, the bank's chief executive", "Roe, its chairman"), with "former",
  "acting", "deputy" kept as part of it;
- **status**: what happened to the person, said of them as the subject: "Roe was arrested",
  "Roe, who was later released", "Roe was killed" (dead, injured, arrested, charged, released,
  convicted, acquitted, at large).

General lexicons only (``ROLES``, ``STATUSES``, ``text.demonyms``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzreader.facts import lexicon as lx
from kzreader.facts.context import Found, SentenceContext
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text.attribution import attribution
from kzreader.facts.text.demonyms import DEMONYMS
from kzreader.facts.text.names import Mention, name_key, name_words, word_key

# role phrase -> (exclusive class, canonical role).  Roles of one class exclude each other for
# one person at one time (a president is no prime minister, a sheriff no undersheriff); roles
# of different classes may be held together (a chairman and chief executive).
_ROLE_SPEC = {
    "head": "president|prime minister|premier|chancellor|king|queen|emperor|vice president|"
    "vice-president|governor|lieutenant governor|mayor|deputy mayor|foreign minister|"
    "interior minister|defence minister|defense minister|finance minister|minister",
    "executive": "chief executive|chief executive officer|ceo|chief financial officer|cfo|"
    "chief operating officer|coo|managing director|executive director",
    "board": "chairman|chairwoman|chair|vice chairman|vice-chairman",
    "rank": "general|lieutenant general|major general|brigadier general|colonel|lieutenant "
    "colonel|major|captain|lieutenant|lt|sergeant|sgt|corporal|private|admiral|commander",
    "police": "sheriff|undersheriff|deputy sheriff|police chief|chief of police|commissioner|"
    "police commissioner|detective|inspector|superintendent|constable",
    "speaker": "spokesman|spokeswoman|spokesperson",
    "law": "prosecutor|district attorney|attorney general|judge|defense attorney|defence lawyer|"
    "lawyer|attorney",
    "party": "secretary general|secretary-general|general secretary|leader|opposition leader",
}
ROLES: dict[str, tuple[str, str]] = {
    phrase: (cls, phrase.replace("-", " "))
    for cls, spec in _ROLE_SPEC.items()
    for phrase in spec.split("|")
}
_CANON = {"ceo": "chief executive", "chief executive officer": "chief executive",
          "cfo": "chief financial officer", "coo": "chief operating officer", "lt": "lieutenant",
          "sgt": "sergeant", "chairwoman": "chairman", "chair": "chairman",
          "spokeswoman": "spokesman", "spokesperson": "spokesman", "defense minister":
          "defence minister", "chief of police": "police chief"}  # fmt: skip
_QUALIFIERS = ("former", "acting", "interim", "deputy", "assistant", "outgoing", "ex", "first",
               "founding", "late", "then", "longtime", "incoming")  # fmt: skip
_ROLE_ALT = "|".join(sorted((re.escape(p) for p in ROLES), key=len, reverse=True))
_ROLE_BEFORE = re.compile(
    r"(?:\b(?P<q>" + "|".join(_QUALIFIERS) + r")[- ]+)?\b(?P<role>" + _ROLE_ALT + r")\.?\s+$",
    re.I,
)
_ROLE_AFTER = re.compile(
    r",\s+(?:(?:aged\s+)?\d{1,3},\s+)?(?:the|its|his|her|their|a|an|[A-Z][\w'’.&-]*['’]s)\s+"
    r"(?:(?:[A-Za-z][\w'’&-]*|[A-Z][\w'’.&-]*['’]s)\s+){0,4}?"
    r"(?:(?P<q>" + "|".join(_QUALIFIERS) + r")[- ]+)?(?P<role>" + _ROLE_ALT + r")\b(?=[\s,.;)])",
    re.I,
)
_DEMONYM_ALT = "|".join(sorted((re.escape(d) for d in DEMONYMS), key=len, reverse=True))
_NATION_BEFORE = re.compile(
    r"\b(?P<nat>" + _DEMONYM_ALT + r"|[A-Z][a-z]+['’]s)\s+(?:[a-z]+\s+){0,3}?"
    r"(?:(?:" + _ROLE_ALT + r")\.?\s+)?$"
)
_NATION_AFTER = re.compile(
    r",\s+(?:(?:aged\s+)?\d{1,3},\s+)?(?:an?\s+|who\s+(?:is|was)\s+(?:an?\s+)?)"
    r"(?P<nat>" + _DEMONYM_ALT + r")\b(?:\s+(?:national|citizen|man|woman|native))?"
)
STATUSES: dict[str, str] = {
    w: cls
    for cls, spec in {
        "dead": "killed|shot dead|shot and killed|found dead|pronounced dead|beheaded|slain",
        "injured": "injured|wounded|hurt|hospitalised|hospitalized",
        "arrested": "arrested|detained|taken into custody|apprehended|captured|in custody",
        "charged": "charged|indicted",
        "released": "released|freed|let go|released on bail|freed on bail",
        "convicted": "convicted|found guilty|sentenced",
        "acquitted": "acquitted|found not guilty|cleared",
        "at large": "at large|on the run|still missing",
    }.items()
    for w in spec.split("|")
}
_STATUS_ALT = "|".join(sorted((re.escape(s) for s in STATUSES), key=len, reverse=True))
_STATUS_AFTER = re.compile(
    r"(?:,\s+(?:(?:aged\s+)?\d{1,3},\s+)?|\s+)(?:who\s+)?(?:was|is|has\s+been|had\s+been|remains|"
    r"remained)\s+(?:(?:later|also|then|since|now|still|reportedly|allegedly)\s+)?"
    r"(?P<status>" + _STATUS_ALT + r")\b"
)
_CUE = re.compile(
    r"\b(?:" + _ROLE_ALT + r")\b|\b(?:was|is|been|remains)\s+\w*\s*(?:" + _STATUS_ALT + r")\b|"
    r",\s+(?:an?|who)\s+[A-Z]",
    re.I,
)
_DEMONYM_WORDS = frozenset(w.split()[0] for w in DEMONYMS)
_NOT_PEOPLE = lx.MONTHS | lx.WEEKDAYS


@dataclass(eq=False, kw_only=True)
class AttributeClaim(Found):
    """A nationality, role or status a sentence gives a named person."""

    what: str  # "nationality", "role", "status"
    value: str  # nationality: the demonym or possessive as written; role: canonical role;
    # status: its class
    role_class: str | None  # role: its exclusive class ("head", "rank"...)
    qualifier: str | None  # role: "former", "acting"...
    surname: str  # as written
    key: str  # word key of the surname
    first: str | None  # name key of the first name, when given
    claim: Claim


def _person(text: str, m: Mention) -> tuple[str, str, str | None] | None:
    words = name_words(text, m)
    if not words or words[-1][0].lower() in _NOT_PEOPLE or words[-1][0] in DEMONYMS:
        return None
    if len(words[-1][0]) < 2:
        return None  # "Robert J. Roe": an initial, the surname is the next mention
    surname = re.sub(r"['’]s$", "", words[-1][0])
    first = name_key(words[0][0]) if len(words) > 1 else None
    return surname, word_key(surname), first


def extract(ctx: SentenceContext) -> list[AttributeClaim]:
    """Nationalities, roles and statuses one sentence gives named people."""
    text = ctx.text
    toks = ctx.tokens
    if not _CUE.search(text) and not any(t[0] in _DEMONYM_WORDS for t in toks):
        return []
    out: list[AttributeClaim] = []
    for m in ctx.mentions:
        person = _person(text, m)
        if person is None:
            continue
        surname, key, first = person
        before = text[max(0, m.start - 80) : m.start]
        offset = m.start - len(before)
        found: list[tuple[str, str, str | None, str | None, int, int]] = []
        role = _ROLE_BEFORE.search(before)
        if role:
            r = role.group("role").lower().rstrip(".")
            found.append(("role", r, ROLES[r][0], (role.group("q") or "").lower() or None,
                          offset + role.start(), offset + role.end("role")))  # fmt: skip
            nat = _NATION_BEFORE.search(before[: role.start()])
        else:
            nat = _NATION_BEFORE.search(before)
        if nat and (role or before.endswith(nat.group(0))):
            word = nat.group("nat")
            if word[:1].isupper():
                found.append(("nationality", word, None, None, offset + nat.start("nat"),
                              offset + nat.end("nat")))  # fmt: skip
        after = _ROLE_AFTER.match(text, m.end)
        if after:
            r = after.group("role").lower()
            found.append(("role", r, ROLES[r][0], (after.group("q") or "").lower() or None,
                          after.start("role"), after.end("role")))  # fmt: skip
        nat_after = _NATION_AFTER.match(text, m.end)
        if nat_after:
            found.append(("nationality", nat_after.group("nat"), None, None,
                          nat_after.start("nat"), nat_after.end("nat")))  # fmt: skip
        status = _STATUS_AFTER.match(text, m.end)
        if status:
            s = status.group("status").lower()
            found.append(("status", STATUSES[s], None, None, status.start("status"),
                          status.end("status")))  # fmt: skip
        for what, value, cls, qualifier, a, b in found:
            if what == "role":
                value = _CANON.get(value, value)
            k = next((n for n, t in enumerate(toks) if t[1] >= a), None)
            claim = ctx.claim(
                Kind.ATTRIBUTE, a, b, attribution=attribution(text, toks, k), measure=what
            )
            out.append(
                AttributeClaim(
                    article=ctx.article, sentence=ctx.sentence, what=what, value=value,
                    role_class=cls, qualifier=qualifier, surname=surname, key=key, first=first,
                    claim=claim,
                )
            )  # fmt: skip
    return out
