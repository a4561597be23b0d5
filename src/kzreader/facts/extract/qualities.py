"""Qualities of closed classes that outlets may contradict (the ``qualitative`` kind's
extractor; ``compare.qualities`` judges).  Each class is a general lexicon:

- **colour** of a thing ("a silver Toyota", "the grey van"): the colour word before the noun
  phrase, keyed by its head noun;
- **strength** of an event ("a light earthquake", "a powerful storm"), on a scale;
- **damage** to one building or thing ("virtually destroyed the church", "the bank was badly
  damaged"), on a scale: destroyed, heavily damaged, damaged, lightly damaged (singular objects
  only: of many houses some may be razed, some damaged);
- **death**: how people died (suffocated or choked on smoke, burnt to death, shot, stabbed,
  drowned, crushed);
- **weapon** used or found (rifle, shotgun, handgun, knife...), "a shotgun or a rifle" kept as
  one claim of either;
- **aircraft** (helicopter, plane, jet, drone; "aircraft" fits any);
- **cause** of a fire: arson stated ("deliberately set", "an arsonist") against arson
  suspected ("a suspicious fire", "potential arson", "may have been set").

Claims carry the sentence's stems, so the comparator pairs only sentences the aligner pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzreader.facts import lexicon as lx
from kzreader.facts.context import Found, SentenceContext
from kzreader.facts.extract.counts import sentence_years
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text.attribution import attribution

COLOURS: dict[str, str] = {
    w: c
    for c, spec in {
        "white": "white", "black": "black", "red": "red maroon crimson burgundy",
        "blue": "blue navy", "green": "green", "yellow": "yellow", "grey": "grey gray",
        "silver": "silver", "gold": "gold golden", "brown": "brown", "beige": "beige tan",
        "orange": "orange", "purple": "purple", "pink": "pink",
    }.items()
    for w in spec.split()
}  # fmt: skip
"""Colour word -> colour (grey and gray are one colour spelled two ways)."""
STRENGTH: dict[str, int] = {
    **dict.fromkeys(["light", "minor", "small", "weak", "mild", "slight"], 1),
    **dict.fromkeys(["moderate", "medium"], 2),
    **dict.fromkeys(["strong", "powerful", "major", "big", "large", "violent", "severe"], 3),
    **dict.fromkeys(["massive", "huge", "enormous", "devastating", "great"], 4),
}
"""Strength adjective -> level; two levels apart contradict ("light" vs "powerful")."""
EVENTS = lx.words(
    "earthquake quake temblor tremor storm hurricane typhoon cyclone explosion blast fire blaze "
    "flood floods eruption"
)
_DAMAGE = re.compile(
    r"\b(?:(?P<level>virtually|completely|totally|largely|almost|nearly|entirely|badly|heavily|"
    r"severely|extensively|seriously|slightly|lightly|partially|partly|minor)\s+)?"
    r"(?P<verb>destroyed|damaged|gutted|razed|flattened)\b",
    re.I,
)
_DAMAGE_LEVEL = {
    "destroyed": 4, "gutted": 4, "razed": 4, "flattened": 4, "damaged": 2,
}  # fmt: skip
_DAMAGE_ADVERB = {
    "virtually": 4, "completely": 4, "totally": 4, "largely": 4, "almost": 4, "nearly": 4,
    "entirely": 4, "badly": 3, "heavily": 3, "severely": 3, "extensively": 3, "seriously": 3,
    "slightly": 1, "lightly": 1, "partially": 1, "partly": 1, "minor": 1,
}  # fmt: skip
DAMAGE_NAMES = {4: "destroyed", 3: "heavily damaged", 2: "damaged", 1: "lightly damaged"}
_OBJECTS = lx.words(
    "church building house home bank branch school mosque temple office store shop hotel "
    "hospital station factory plant bridge tower office restaurant warehouse"
)
_DETERMINERS = lx.words("the a an its his her their our")
DEATHS: dict[str, tuple[str, re.Pattern[str]]] = {
    "smoke": ("suffocated or choked on smoke", re.compile(
        r"\b(?:suffocated|asphyxiated|asphyxiation|choked\s+on\s+(?:the\s+)?(?:smoke|fumes)|"
        r"smoke\s+inhalation|overcome\s+by\s+(?:smoke|fumes))\b", re.I)),
    "burns": ("burnt to death", re.compile(
        r"\b(?:burn(?:ed|t)\s+(?:to\s+death|alive)|died\s+(?:of|from)\s+(?:their\s+|his\s+|"
        r"her\s+)?burns)\b", re.I)),
    "shot": ("shot dead", re.compile(r"\b(?:shot\s+(?:dead|and\s+killed|to\s+death)|"
                                     r"gunshot\s+wounds?)\b", re.I)),
    "stabbed": ("stabbed", re.compile(r"\bstabbed\s+(?:to\s+death|and\s+killed)\b", re.I)),
    "drowned": ("drowned", re.compile(r"\bdrown(?:ed|ing)\b", re.I)),
    "crushed": ("crushed", re.compile(r"\bcrushed\s+(?:to\s+death|under|by)\b", re.I)),
}  # fmt: skip
"""How people died: class -> (as the reason says it, the wording)."""
WEAPONS: dict[str, str] = {
    w: c
    for c, spec in {
        "rifle": "rifle rifles carbine", "shotgun": "shotgun shotguns",
        "handgun": "handgun handguns pistol pistols revolver revolvers",
        "knife": "knife knives machete machetes", "gun": "gun guns firearm firearms",
    }.items()
    for w in spec.split()
}  # fmt: skip
"""Weapon word -> class; "gun" and "long gun" fit the guns."""
_WEAPON_CUE = re.compile(
    r"\b(?:armed\s+with|brought|carried|carrying|used|using|fired|firing|wielding|wielded|"
    r"seized|found|recovered|with)\b",
    re.I,
)
AIRCRAFT: dict[str, str] = {
    w: c
    for c, spec in {
        "helicopter": "helicopter helicopters chopper", "plane": "plane planes airplane "
        "aeroplane airliner jet jets", "drone": "drone drones", "aircraft": "aircraft",
    }.items()
    for w in spec.split()
}  # fmt: skip
_ARSON_STATED = re.compile(
    r"\b(?:(?:deliberately|intentionally|purposely)\s+(?:set|started|lit)|set\s+on\s+purpose|"
    r"(?:an?\s+)?arsonist\s+(?:has|had|set|started)|(?:damaged|destroyed|caused)\s+by\s+arson|"
    r"(?:was|is)\s+arson\b)",
    re.I,
)
_ARSON_SUSPECTED = re.compile(
    r"\b(?:suspicious\s+(?:fire|blaze)|(?:potential|possible|suspected|probable)\s+arson|"
    r"may\s+have\s+been\s+(?:set|started|deliberately)|(?:investigated|treated|treating\s+it)"
    r"\s+as\s+(?:an?\s+)?(?:arson|suspicious)|(?:treating|treat)\s+it\s+as\s+suspicious)",
    re.I,
)
_CUE_WORDS = frozenset([*COLOURS, *STRENGTH, *WEAPONS, *AIRCRAFT]) | lx.words(
    "destroyed damaged gutted razed flattened suffocated asphyxiated asphyxiation choked smoke "
    "burned burnt shot gunshot stabbed drowned drowning crushed arson arsonist suspicious "
    "deliberately intentionally purposely"
)
"""A sentence is read only when one of its words is one of these (a set lookup per token)."""
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_WEAPON_WORDS = frozenset(WEAPONS)
_DEATH_WORDS = lx.words(
    "suffocated asphyxiated asphyxiation choked smoke overcome burned burnt burns shot gunshot "
    "stabbed drowned drowning crushed"
)
_DAMAGE_WORDS = lx.words("destroyed damaged gutted razed flattened")
_CAUSE_WORDS = lx.words(
    "deliberately intentionally purposely purpose arsonist arson suspicious may investigated "
    "treated treating"
)
_PEOPLE = lx.words(
    "leader leaders voter voters community communities family families youth youths person "
    "persons american americans african africans neighbourhood neighborhood"
)
_NOT_THINGS = lx.words(
    "later earlier north south east west northern southern eastern western today tonight "
    "yesterday now then again also still here there one ones"
)
_HEAD_STOP = lx.words(
    "and or but with when while as that which who was were is are had has have on in at near "
    "from to for of by after before"
)


@dataclass(eq=False, kw_only=True)
class QualityClaim(Found):
    """One closed-class quality as a sentence states it."""

    quality: str  # colour, strength, damage, death, weapon, aircraft, cause
    value: str  # its class: "grey", "3", "destroyed", "smoke", "shotgun", "plane", "stated"
    options: frozenset[str]  # the values the claim allows ("shotgun or rifle": both)
    thing: str  # what it is said of: the head noun (colour, damage), the event (strength)
    years: frozenset[int]
    claim: Claim
    words: list[str]
    vector: dict[str, float] | None = None


def _head(toks: list[tuple[str, int, int]], k: int) -> str | None:
    """The head noun of the noun phrase starting at token ``k``: the last of a run of numbers
    and capitalised words ("2013 Toyota Camry" -> "camry"), else the first lowercase word after
    any numbers ("grey van", "black smoke rose" -> "smoke")."""
    head = None
    for j in range(k, min(k + 5, len(toks))):
        w = toks[j][0]
        if w[:1].isdigit() or w == "-":
            continue
        if w[:1].isupper() and w.isalpha():
            head = w.lower()
            continue
        if head is None and w.isalpha() and w.lower() not in _HEAD_STOP:
            return w.lower()
        break
    return head


def extract(ctx: SentenceContext) -> list[QualityClaim]:
    """Every closed-class quality one sentence states."""
    text = ctx.text
    toks = ctx.tokens
    low = ctx.lower
    present = set(low)
    if not present & _CUE_WORDS:
        return []
    out: list[QualityClaim] = []
    years = sentence_years(text) if _YEAR.search(text) else frozenset()

    def add(quality: str, value: str, thing: str, a: int, b: int,
            options: frozenset[str] | None = None, shown: str | None = None) -> None:  # fmt: skip
        k = next((n for n, t in enumerate(toks) if t[1] >= a), None)
        claim = ctx.claim(Kind.QUALITATIVE, a, b, attribution=attribution(text, toks, k),
                          measure=quality, value=shown)  # fmt: skip
        out.append(
            QualityClaim(
                article=ctx.article, sentence=ctx.sentence, quality=quality, value=value,
                options=options or frozenset([value]), thing=thing, years=years, claim=claim,
                words=list(ctx.words),
            )
        )  # fmt: skip

    for k, w in enumerate(low):
        if w in COLOURS and k + 1 < len(toks):
            head = _head(toks, k + 1)
            named = toks[k][0][:1].isupper() and k > 0  # "the White House", "Green Party"
            if (
                head and head not in COLOURS and head not in EVENTS and not named
                and head not in _NOT_THINGS and head not in lx.SUBJECTS and head not in _PEOPLE
            ):  # fmt: skip
                add("colour", COLOURS[w], head, toks[k][1], toks[k][2])
        elif w in STRENGTH and k + 1 < len(toks):
            j = k + 1
            while (
                j < len(low)
                and j < k + 4
                and low[j] not in EVENTS
                and (low[j][:1].isdigit() or low[j] in ("-", ".", "magnitude"))
            ):
                j += 1  # "a strong 6.1-magnitude earthquake"
            if j < len(low) and low[j] in EVENTS:
                thing = (
                    "quake" if low[j] in ("earthquake", "quake", "temblor", "tremor") else low[j]
                )
                add("strength", str(STRENGTH[w]), thing, toks[k][1], toks[k][2], shown=toks[k][0])
        elif w in AIRCRAFT:
            add("aircraft", AIRCRAFT[w], "aircraft", toks[k][1], toks[k][2])
    # weapons: in sentences that say one was used, brought or found
    if present & _WEAPON_WORDS and _WEAPON_CUE.search(text):
        found = [(k, WEAPONS[w]) for k, w in enumerate(low) if w in WEAPONS]
        if found:
            either = any("or" in low[max(0, k - 2) : k] for k, _c in found[1:])
            if either:
                a, b = toks[found[0][0]][1], toks[found[-1][0]][2]
                add("weapon", "/".join(sorted({c for _k, c in found})), "weapon", a, b,
                    options=frozenset(c for _k, c in found))  # fmt: skip
            else:
                for k, c in found:
                    add("weapon", c, "weapon", toks[k][1], toks[k][2])
    # how people died
    for cls, (_shown, pattern) in DEATHS.items() if present & _DEATH_WORDS else ():
        m = pattern.search(text)
        if m:
            add("death", cls, "death", m.start(), m.end())
    # damage to one thing
    starts = {t[1]: n for n, t in enumerate(toks)} if present & _DAMAGE_WORDS else {}
    for dm in _DAMAGE.finditer(text) if present & _DAMAGE_WORDS else ():
        level = _DAMAGE_ADVERB.get((dm.group("level") or "").lower(),
                                   _DAMAGE_LEVEL[dm.group("verb").lower()])  # fmt: skip
        damaged = _damaged_thing(text, toks, low, dm, starts)
        if damaged:
            add("damage", DAMAGE_NAMES[level], damaged, dm.start(), dm.end())
    # the cause of a fire
    if not present & _CAUSE_WORDS:
        return out
    stated, suspected = _ARSON_STATED.search(text), _ARSON_SUSPECTED.search(text)
    if (stated or suspected) and not (stated and suspected):
        m = stated or suspected
        assert m is not None
        add("cause", "stated" if stated else "suspected", "fire", m.start(), m.end())
    return out


def _damaged_thing(
    text: str,
    toks: list[tuple[str, int, int]],
    low: list[str],
    m: re.Match[str],
    starts: dict[int, int] | None = None,
) -> str | None:
    """The one thing a damage verb is said of: the singular object after it ("destroyed the
    church") or the singular subject before "was/has been" ("the church was badly damaged").
    ``starts``: token index by start offset, when the caller has it."""
    starts = starts if starts is not None else {t[1]: n for n, t in enumerate(toks)}
    k = starts.get(m.start("verb"))
    if k is None:
        return None
    # after: "destroyed the Elmwood Bible Church"
    if k + 1 < len(low) and low[k + 1] in _DETERMINERS:
        for j in range(k + 2, min(k + 7, len(low))):
            if low[j] in _OBJECTS:
                return low[j]
            if not low[j].replace("'", "").replace("’", "").isalpha():
                break  # punctuation: the object phrase ended
    # before: "the church was badly damaged", "church has been badly damaged"
    j = (starts.get(m.start("level")) if m.group("level") else k) or k
    back = [w for w in low[max(0, j - 8) : j]]
    if not back or back[-1] not in ("was", "been", "were", "is", "be"):
        return None
    for w in reversed(back):
        if w in _OBJECTS:
            return w
        if w.endswith("s") and w[:-1] in _OBJECTS:
            return None  # plural: some may be destroyed, some damaged
    return None
