"""Attributes of named people: nationality, role or title, and status (the ``attribute``
kind's extractor, beside ``ages``; ``compare.attributes`` matches the people and judges).

- **nationality**: a demonym before the name or its title ("Finnish Prime Minister Aino
  Varne", "the French journalist Ana Roe"), a country's possessive ("France's President
  Dorval"), or an apposition ("Ana Roe, a British national", "Roe, who is Texan");
- **role**: a title before the name ("Sheriff Tom Varne", "police spokeswoman Ana Roe") or
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
    # a judge, a prosecutor and a defence lawyer are three people; "a lawyer" may be any of them
    "law": "prosecutor|district attorney|attorney general|judge|defense attorney|defence lawyer|"
    "defense lawyer|defence attorney",
    "counsel": "lawyer|attorney",
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
          "defence minister", "chief of police": "police chief",
          "attorney": "lawyer", "defense attorney": "defence lawyer", "defense lawyer":
          "defence lawyer", "defence attorney": "defence lawyer"}  # fmt: skip
_QUALIFIERS = ("former", "acting", "interim", "deputy", "assistant", "outgoing", "ex", "first",
               "founding", "late", "then", "longtime", "incoming")  # fmt: skip
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


_APPOSITION = re.compile(  # ", the bank's ", ", 38, its "
    r",\s+(?:(?:aged\s+)?\d{1,3},\s+)?(?:the|its|his|her|their|a|an|[A-Z][\w.&-]*['’]s)\s+"
)
_NATION_APPOSITION = re.compile(  # ", a ", ", who is "
    r",\s+(?:(?:aged\s+)?\d{1,3},\s+)?(?:an?\s+|who\s+(?:is|was)\s+(?:an?\s+)?)"
)
_STATUS_LEAD = re.compile(  # " was later ", ", who has been "
    r"(?:,\s+(?:(?:aged\s+)?\d{1,3},\s+)?|\s+)(?:who\s+)?(?:was|is|has\s+been|had\s+been|"
    r"remains|remained)\s+(?:(?:later|also|then|since|now|still|reportedly|allegedly)\s+)?"
)
_ROLE_PHRASES = {p.replace("-", " "): p for p in ROLES}
_STATUS_PHRASES = dict(STATUSES)
_DEMONYM_PHRASES = {d: d for d in DEMONYMS}


def _longest(words: list[str], k: int, table: dict[str, str], most: int = 4) -> tuple[str, int]:
    """(table value, index after) of the longest phrase of ``words`` starting at ``k`` that
    ``table`` holds ("chief executive officer" before "chief executive"), ("", k) when none."""
    for n in range(min(most, len(words) - k), 0, -1):
        phrase = " ".join(w for w in words[k : k + n] if w != "-")
        if phrase in table and words[k + n - 1] != "-":
            return table[phrase], k + n
    return "", k


def _ending(words: list[str], j: int, table: dict[str, str], most: int = 4) -> tuple[str, int]:
    """(table value, start index) of the longest phrase of ``words`` ending just before ``j``."""
    for n in range(min(most, j), 0, -1):
        phrase = " ".join(w for w in words[j - n : j] if w != "-")
        if phrase in table and words[j - n] != "-":
            return table[phrase], j - n
    return "", j


# words one of which a sentence must hold to be read at all (a set lookup per token)
_CUE_WORDS = frozenset(
    [p.replace("-", " ").split()[0] for p in ROLES]
    + [s.split()[-1] for s in STATUSES]
    + [w.split()[0].lower() for w in DEMONYMS]
)
_NOT_PEOPLE = lx.MONTHS | lx.WEEKDAYS


# words that end a noun phrase before a name: verbs, prepositions, conjunctions ("the French
# champion beat Roe", "the Welsh side of Roe"); a demonym there describes another noun's referent
_PHRASE_BREAKS = lx.words(
    "and or but of for to with by from against than as at in on into over after before about "
    "is was are were be been has have had will would could can may might did does do who whom "
    "that which whose when while where beat hit met faces faced fought knocked put won lost "
    "told said says say saw sees fights meets"
)
# a person's possessive before "former": "her former lawyer" is a past relation to her (the
# lawyer still is one); an organisation's ("its", "the bank's") is a past post there
_PERSONAL_POSSESSIVES = lx.words("her his their our my your")
_SERVING_CLASSES = frozenset(["counsel", "law", "speaker"])  # roles held for someone
# verbs whose object loses the title before its name ("fired president Roe", "replaced
# chairman Roe"): the title is what they were, a former one now
_REMOVING = lx.words(
    "fired sacked ousted dismissed deposed toppled removed replaced replacing succeeded "
    "succeeding succeeds impeached"
)


def _breaks_phrase(word: str) -> bool:
    return word in _PHRASE_BREAKS or (word.endswith("ed") and len(word) > 4)


def _relational(words: list[str], k: int, role_class: str) -> bool:
    """Whether "former" at index ``k`` is a past relation to a person, not a past role: after a
    personal possessive ("her former attorney"), or a name's for roles held for someone
    ("Roe's former lawyer"; "Acme's former chairman" stays a past chairman)."""
    if k <= 0:
        return False
    before = words[k - 1]
    if before.lower() in _PERSONAL_POSSESSIVES:
        return True
    if before in ("'s", "’s", "s") and k >= 2:
        before = words[k - 2] + "'s"
    return role_class in _SERVING_CLASSES and before[:1].isupper() and before.endswith(("'s", "’s"))


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
    low = ctx.lower
    if _CUE_WORDS.isdisjoint(low):
        return []
    starts = {t[1]: n for n, t in enumerate(toks)}
    words = [t[0] for t in toks]  # (once per sentence: a megabyte sentence has many names)
    out: list[AttributeClaim] = []
    for m in ctx.mentions:
        person = _person(text, m)
        if person is None:
            continue
        surname, key, first = person
        found: list[tuple[str, str, str | None, str | None, int, int]] = []
        j = starts.get(m.start, 0)
        # a title before the name: "former Sheriff Jane Roe", "Lt. Jane Roe"
        end = j - 1 if j and low[j - 1] == "." else j
        role, r0 = _ending(low, end, _ROLE_PHRASES)
        if role:
            qi = r0 - 1 if r0 and low[r0 - 1] != "-" else r0 - 2
            qualifier = low[qi] if qi >= 0 and low[qi] in _QUALIFIERS else None
            if qualifier == "former" and _relational(words, qi, ROLES[role][0]):
                qualifier = None  # "her former lawyer Roe": a past relation, not a past role
            lead_word = low[(qi if qualifier else r0) - 1] if (qi if qualifier else r0) else ""
            if qualifier is None and lead_word in _REMOVING:
                qualifier = "former"  # "the club fired president Roe": the post Roe lost
            found.append(("role", role, ROLES[role][0], qualifier, toks[r0][1],
                          toks[end - 1][2]))  # fmt: skip
            lead = qi if qualifier else r0
        else:
            lead = j
        # a nationality before them: "Finnish Prime Minister", "the French journalist"
        k = lead
        while k > 0 and lead - k < 3 and toks[k - 1][0].islower() and toks[k - 1][0].isalpha():
            if _breaks_phrase(low[k - 1]):
                k = -1  # "The Ukrainian champion dropped Roe": the demonym is the champion's
                break
            k -= 1
        if role and k != lead:
            k = lead  # "Finnish Prime Minister": the demonym stands right before the title
        nat, n0 = _ending(words, k, _DEMONYM_PHRASES, 2) if k >= 0 else ("", k)
        if not nat and k > 0 and re.fullmatch(r"[A-Z][a-z]+['’]s", words[k - 1]):
            nat, n0 = words[k - 1], k - 1
        if nat and words[n0][:1].isupper():
            found.append(("nationality", nat, None, None, toks[n0][1], toks[k - 1][2]))
        # an apposition after the name: ", the bank's chief executive", ", its chairman"
        app = _APPOSITION.match(text, m.end)
        first_tok = starts.get(app.end()) if app else None
        if first_tok is not None:
            i = first_tok
            while i < len(toks) and toks[i][0] not in (",", ".", ";", ")") and i - first_tok <= 8:
                role, after = _longest(low, i, _ROLE_PHRASES)
                if role:
                    q = low[i - 1] if low[i - 1] in _QUALIFIERS else None
                    if q == "former" and _relational(words, i - 1, ROLES[role][0]):
                        q = None  # "Roe, his former lawyer,": his lawyer once, still a lawyer
                    found.append(("role", role, ROLES[role][0], q, toks[i][1],
                                  toks[after - 1][2]))  # fmt: skip
                    i = after
                else:
                    i += 1
        app = _NATION_APPOSITION.match(text, m.end)
        at = starts.get(app.end()) if app else None
        if at is not None:
            nat, after = _longest([t[0] for t in toks], at, _DEMONYM_PHRASES, 2)
            if nat:
                found.append(("nationality", nat, None, None, toks[at][1], toks[after - 1][2]))
        lead_m = _STATUS_LEAD.match(text, m.end)
        at = starts.get(lead_m.end()) if lead_m else None
        if at is not None:
            status, after = _longest(low, at, _STATUS_PHRASES)
            if status:
                found.append(("status", status, None, None, toks[at][1], toks[after - 1][2]))
        for what, value, cls, qualifier, a, b in found:
            if what == "role":
                value = _CANON.get(value, value).replace("-", " ")
            near = next((n for n, t in enumerate(toks) if t[1] >= a), None)
            claim = ctx.claim(
                Kind.ATTRIBUTE, a, b, attribution=attribution(text, toks, near), measure=what
            )
            out.append(
                AttributeClaim(
                    article=ctx.article, sentence=ctx.sentence, what=what, value=value,
                    role_class=cls, qualifier=qualifier, surname=surname, key=key, first=first,
                    claim=claim,
                )
            )  # fmt: skip
    return out
