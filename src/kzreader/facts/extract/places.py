"""Places where something happened (the ``place`` kind's extractor; ``compare.places`` judges).

Four forms, each tied to what happened there:

- **named**: an event predicate ("began", "struck", "died", "was arrested", "took place"...)
  and a place phrase after a locative preposition: "protests started in Lyon in eastern
  Spain", "the protests, which erupted in the western region of Brittany", "arrested in
  Flint, Michigan", "struck Indonesia's Papua province".  The phrase is kept as a chain,
  innermost first ("Lyon", "Spain"), with what qualifies it (a region noun, a direction
  adjective, "near");
- **relative**: "55 kilometres south of Medan", "two miles from The Narrows": a reference
  place and a compass direction (none for "from");
- **sea**: "struck off the coast", "offshore" against "inland", "on land";
- **death**: where someone died: "at the scene", "on the way to the hospital", "in hospital",
  "at home".

No gazetteer here (extractors run on every sentence): names are read by their capitals and the
words around them; the comparator resolves them.  Lists of places ("in A, B and C") say where
something spread, not where it happened, and are left out; so are facilities ("at Jamaica
Hospital", "on 117th Street"), which no gazetteer holds.  Places in a sentence dated to another
year ("the scene of a 2011 crackdown") carry that year, so they stay apart from today's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from kzreader.facts import lexicon as lx
from kzreader.facts.context import Found, SentenceContext
from kzreader.facts.extract.counts import sentence_years
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text.attribution import attribution
from kzreader.facts.text.demonyms import DEMONYMS, US_STATE_ABBREVIATIONS
from kzreader.facts.text.names import word_key
from kzreader.facts.text.units import to_canonical, unit

_WORDS = lx.words

# event predicates: word -> class (what happened at the place)
PREDICATES: dict[str, str] = {
    w: cls
    for cls, spec in {
        "began": "began begin begins beginning started start starts starting erupted erupt "
        "erupts originated flared sparked",
        "struck": "struck strike strikes hit hits occurred occur occurs happened centred "
        "centered located situated epicenter epicentre rocked shook jolted",
        "died": "died dies",
        "arrested": "arrested detained caught apprehended captured surrendered nabbed stopped",
        "held": "held convened",
        "found": "found discovered",
        "crashed": "crashed landed exploded",
        "cut": "cut severed",
    }.items()
    for w in spec.split()
}
_PHRASE_PREDICATES = {
    ("broke", "out"): "began", ("took", "place"): "held", ("pulled", "over"): "arrested",
    ("taken", "into", "custody"): "arrested", ("went", "down"): "crashed",
}  # fmt: skip
# what happened: event nouns -> class (the subject of the predicate)
EVENTS: dict[str, str] = {
    w: cls
    for cls, spec in {
        "unrest": "protests protest demonstrations demonstration unrest riots riot rioting "
        "clashes uprising rally rallies strike strikes",
        "quake": "quake earthquake temblor tremor aftershock",
        "fire": "fire blaze",
        "blast": "blast explosion bomb bombing bombs",
        "crash": "crash collision accident",
        "attack": "attack shooting stabbing raid",
        "storm": "storm hurricane typhoon cyclone flood floods tornado",
        "meeting": "meeting summit talks conference",
    }.items()
    for w in spec.split()
}
_PHRASE_FIRST = frozenset(p[0] for p in _PHRASE_PREDICATES)
_LOCATIVE = _WORDS("in at near outside off inside")
DIRECTIONS: dict[str, float] = {
    "north": 0, "north-northeast": 22.5, "northeast": 45, "east-northeast": 67.5, "east": 90,
    "east-southeast": 112.5, "southeast": 135, "south-southeast": 157.5, "south": 180,
    "south-southwest": 202.5, "southwest": 225, "west-southwest": 247.5, "west": 270,
    "west-northwest": 292.5, "northwest": 315, "north-northwest": 337.5,
}  # fmt: skip
_DIRECTION_ADJ = {
    "northern": "north", "southern": "south", "eastern": "east", "western": "west",
    "northeastern": "northeast", "northwestern": "northwest", "southeastern": "southeast",
    "southwestern": "southwest", "central": "central", "north": "north", "south": "south",
    "east": "east", "west": "west",
}  # fmt: skip
REGION_NOUNS = _WORDS(
    "region province state district county city town village capital area island islands "
    "oblast prefecture municipality regency governorate department territory republic "
    "coast peninsula borough neighbourhood neighborhood suburb"
)
_FACILITIES = _WORDS(
    "hospital street st avenue ave road rd boulevard blvd lane drive church school university "
    "airport square building center centre hotel court courthouse station bank stadium hall "
    "palace mall prison jail office ministry parliament temple mosque cathedral base bridge "
    "highway interstate route precinct plant factory headquarters house restaurant store "
    "market arena museum library club"
)
_NOT_PLACES = lx.MONTHS | lx.WEEKDAYS | _WORDS("the a an i he she it we they this that")
_FOLLOWERS = _WORDS(
    "in on at of near for from to with after before during since by as over under and or but "
    "while where when which who that on"
)
_MODIFIER_END = ("ern", "al", "ing", "ive", "ous", "ic", "ed")
_PRONOUNS = _WORDS("she he her his they them their it its we you i")
_SPEAKS = re.compile(r"\s+(?:said|says|told|added|reported|confirmed)\b")
_SINGULAR = _WORDS("she he woman man victim boy girl child driver officer motorist")
_PLURAL = _WORDS("they both two three four five six seven eight nine ten all others")

_DEATH = re.compile(
    r"\b(?:died|dies|was\s+(?:pronounced|declared)\s+dead|was\s+killed)\s+"
    r"(?:(?:later|instantly|immediately|shortly\s+afterwards?|soon\s+after)\s+)?"
    r"(?P<where>at\s+the\s+scene|on\s+the\s+(?:way|scene)\b(?:\s+to\s+(?:the\s+)?hospital)?"
    r"|en\s+route\s+to\s+(?:the\s+)?hospital|in\s+(?:the\s+)?hospital|at\s+(?:the\s+)?hospital"
    r"|at\s+(?:[A-Z][a-z]+\s+){1,4}Hospital|at\s+home|in\s+(?:his|her|their)\s+home)",
)
_DEATH_CLASS = (
    ("scene", re.compile(r"scene", re.I)),
    ("en route", re.compile(r"way|route", re.I)),
    ("hospital", re.compile(r"hospital", re.I)),
    ("home", re.compile(r"home", re.I)),
)
_RELATIVE = re.compile(
    r"\b(?P<dir>(?:north|south|east|west)(?:[- ]?(?:north|south)?[- ]?(?:east|west))?)\s+"
    r"(?:of|from)\s+(?:the\s+(?:town|city|village|capital)\s+of\s+)?"
    r"(?P<ref>(?:The\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
    r"|\b(?:from|of)\s+(?:the\s+(?:town|city|village)\s+of\s+)?"
    r"(?P<ref2>(?:The\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})",
)
_DISTANCE_BEFORE = re.compile(
    r"(?:\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several)"
    r"(?:[- ]\w+)?)\s*-?\s*(?:kilomet(?:re|er)s?|km|miles?|mi)\s*(?:\([^)]*\)\s*)?$",
    re.I,
)
# where a named person lives: "Jane Roe, 38, of Dunmore", "Roe, who lived in Dunmore",
# "Roe, a Dunmore resident"
_HOME = re.compile(
    r",\s+(?:(?:aged\s+)?\d{1,3},\s+)(?:of|from)\s+"
    r"|,\s+who\s+(?:had\s+)?(?:lived|lives|resided|resides)\b[^,.;]{0,30}?\b(?:in|at)\s+"
    r"|\s+\(\d{1,3}\),?\s+(?:of|from)\s+"
)
_SEA = re.compile(
    r"\b(?P<sea>off\s+(?:the\s+(?:\w+\s+)?coast\s+of\s+)?(?:[A-Z][\w'’]*\s*){1,4}"
    r"(?:(?:province|island|coast|region)\b)?|offshore|at\s+sea|under\s+the\s+sea(?:bed)?)"
    r"|\b(?P<land>inland|on\s+land|onshore)\b"
)
_CUE_WORDS = (
    _LOCATIVE
    | _WORDS("from inland offshore onshore sea land died dies dead killed lived lives resided")
    | frozenset(DIRECTIONS)
    | frozenset(w.split("-")[0] for w in DIRECTIONS)
)
"""A sentence is read only when one of its words is one of these (a set lookup per token)."""
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


@dataclass(eq=False, kw_only=True)
class PlaceClaim(Found):
    """A place something happened at, as one sentence states it."""

    form: str  # named, home, relative, sea, death
    predicate: str | None  # the event predicate's class ("began", "struck"...)
    subject: str | None  # the event noun's class ("unrest", "quake"), when the sentence has one
    chain: tuple[str, ...]  # named: the place names, innermost first; relative: the reference
    regional: bool  # a region noun marks the name as a place ("the region of X", "X province")
    direction: str | None  # relative: compass direction ("south", "east-southeast"); named:
    # the direction adjective ("western"); None
    near: bool  # "near X", "outside X": close to it, not in it
    value: str  # sea: "at sea" / "inland"; death: "scene", "en route", "hospital", "home"
    person: str | None = None  # death, home: key of the person's surname, when named
    km: float | None = None  # relative: the distance from the reference, in km, when given
    years: frozenset[int]
    claim: Claim
    words: list[str]
    vector: dict[str, float] | None = None


def _predicates(low: list[str]) -> list[tuple[int, str]]:
    """(token index, class) of every event predicate of a sentence, phrases first."""
    found: dict[int, str] = {}
    for j, w in enumerate(low):
        cls = PREDICATES.get(w)
        if w in _PHRASE_FIRST:
            for phrase, pcls in _PHRASE_PREDICATES.items():
                if tuple(low[j : j + len(phrase)]) == phrase:
                    cls = pcls
        if cls is not None:
            found[j] = cls
    return sorted(found.items())


def _predicate(preds: list[tuple[int, str]], k: int) -> tuple[str, int] | None:
    """The event predicate nearest token ``k``: up to 10 tokens before it, else 4 after."""
    best: tuple[float, str, int] | None = None
    for j, cls in preds:
        gap = k - j if j <= k else (j - k) * 2.5
        close = (j <= k and k - j <= 10) or (j > k and j - k <= 4)
        if close and (best is None or gap < best[0]):
            best = (gap, cls, j)
    return (best[1], best[2]) if best else None


def _subject(low: list[str], k: int) -> str | None:
    """The event noun of the clause: the nearest one before token ``k`` (or just after)."""
    for j in range(k - 1, max(k - 15, -1), -1):
        if low[j] in EVENTS:
            return EVENTS[low[j]]
    for j in range(k + 1, min(k + 4, len(low))):
        if low[j] in EVENTS:
            return EVENTS[low[j]]
    return None


def _capitalised(toks: list[tuple[str, int, int]], m: int) -> int:
    """Index after the capitalised name starting at ``m`` (``m`` when none): Title Case words,
    glued hyphens ("Winston-Salem"), a final abbreviation's dot ("Mich.")."""
    k = m
    while k < len(toks):
        w = toks[k][0]
        if k > m and w.lower() in _NOT_PLACES:
            break  # "in Queens Friday": the weekday is no part of the name
        if w[:1].isupper() and w.replace("'", "").replace("’", "").isalpha():
            k += 1
            glued = k + 1 < len(toks) and toks[k][0] == "-" and toks[k][1] == toks[k - 1][2]
            if glued and toks[k + 1][0][:1].isupper() and toks[k + 1][1] == toks[k][2]:
                k += 1  # glued hyphen: Winston-Salem
            continue
        break
    return k


def _name(text: str, toks: list[tuple[str, int, int]], a: int, b: int) -> str:
    return text[toks[a][1] : toks[b - 1][2]]


def _chain(
    text: str, toks: list[tuple[str, int, int]], low: list[str], k: int
) -> tuple[tuple[str, ...], bool, str | None, int, int] | None:
    """The place phrase after the preposition at token ``k``: (chain innermost first, regional,
    direction adjective, first token, token after), or None (no name, a facility, a list)."""
    m = k + 1
    if m < len(low) and low[m] == "the":
        m += 1
    regional = False
    direction = None
    skipped = 0
    while m < len(toks) and toks[m][0].islower() and skipped < 4:
        w = low[m]
        if w in _DIRECTION_ADJ:
            direction = _DIRECTION_ADJ[w]
        elif w in REGION_NOUNS:
            regional = True
        elif w in ("of", "-") or (w.isalpha() and w.endswith(_MODIFIER_END) and len(w) > 4):
            pass
        elif w.isalpha() and m + 1 < len(toks) and toks[m + 1][0] == "-":
            pass  # "oil-rich"
        else:
            return None
        m += 1
        skipped += 1
    end = _capitalised(toks, m)
    if end == m:
        return None
    first = _name(text, toks, m, end)
    if first.split()[0].lower() in _NOT_PLACES:
        return None
    chain = [first]
    # "Indonesia's Papua province": the possessor contains the place
    if "'" in first or "’" in first:
        parts = re.split(r"['’]s\s+", first, maxsplit=1)
        if len(parts) == 2 and parts[1]:
            chain = [parts[1], parts[0]]
        else:
            chain = [re.sub(r"['’]s$", "", first)]
    nxt = low[end] if end < len(low) else ""
    last = chain[0].split()[-1]
    if (last in DEMONYMS or last.endswith(("ian", "ean", "ese", "ish"))) and (
        nxt.isalpha() and nxt not in _FOLLOWERS
    ):
        return None  # "in the Central Asian nation", "the Greek capital": an adjective
    if nxt in REGION_NOUNS:
        regional = True
        end += 1
        nxt = low[end] if end < len(low) else ""
    if chain[0].split()[-1].lower() in _FACILITIES:
        return None
    # "Flint, Michigan" / "Flint, Mich.": a container after a comma; "A, B and C": a list
    abbr = next((a for a in US_STATE_ABBREVIATIONS if nxt == "," and end + 1 < len(toks)
                 and text.startswith(a, toks[end + 1][1])), None)  # fmt: skip
    if abbr is not None:  # "Schenectady, N.Y.", "Troy, Mich."
        chain.append(abbr)
        stop = toks[end + 1][1] + len(abbr)
        end += 1
        while end < len(toks) and toks[end][2] <= stop:
            end += 1
    elif nxt == "," and end + 1 < len(toks):
        after = _capitalised(toks, end + 1)
        if after > end + 1:
            follow = low[after] if after < len(low) else ""
            if follow in ("and", "or") or (follow == "," and after + 1 < len(toks)
                                            and toks[after + 1][0][:1].isupper()):  # fmt: skip
                return None  # a list of places
            container = _name(text, toks, end + 1, after)
            if follow == "." and container + "." in US_STATE_ABBREVIATIONS:
                container += "."  # "Mich."
                after += 1
            chain.append(container)
            end = after
    elif nxt in ("and", "or") and end + 1 < len(toks) and toks[end + 1][0][:1].isupper():
        return None  # "in Vienne and Lyon": a list
    # "Lyon in eastern Spain": the second "in" names the container
    if end + 1 < len(low) and low[end] == "in":
        inner = _chain(text, toks, low, end)
        if inner is not None:
            chain.extend(inner[0])
            direction = direction or inner[2]
            end = inner[4]
    return tuple(chain), regional, direction, m, end


def _years(ctx: SentenceContext, low: list[str]) -> frozenset[int]:
    """The years the sentence is dated to (``lexicon.PAST`` for "last year", "years ago")."""
    years = sentence_years(ctx.text) if _YEAR.search(ctx.text) else frozenset()
    if any((a, b) in lx.PAST_MARKERS for a, b in pairwise(low)):
        years |= {lx.PAST}
    return years


def extract(ctx: SentenceContext) -> list[PlaceClaim]:
    """Every place one sentence says something happened at."""
    text = ctx.text
    toks = ctx.tokens
    low = ctx.lower
    present = set(low)
    home = ", of " in text or ", from " in text or "who" in present
    if present.isdisjoint(_CUE_WORDS) and not home:
        return []
    out: list[PlaceClaim] = []
    years: frozenset[int] | None = None
    preds = (
        _predicates(low) if not present.isdisjoint(PREDICATES) or present & _PHRASE_FIRST else []
    )

    def add(form: str, start: int, end: int, k: int, **fields: object) -> None:
        nonlocal years
        if years is None:
            years = _years(ctx, low)
        dated: frozenset[int] = frozenset() if fields.pop("undated", False) else years
        pred = fields.pop("predicate", None)
        shown = fields.pop("shown", None)
        claim = ctx.claim(
            Kind.PLACE, start, end, attribution=attribution(text, toks, k),
            measure=str(pred or form), value=shown if isinstance(shown, str) else None,
        )  # fmt: skip
        out.append(
            PlaceClaim(
                article=ctx.article, sentence=ctx.sentence, form=form,
                predicate=pred if isinstance(pred, str) else None,
                subject=_subject(low, k), years=dated, claim=claim,
                words=list(ctx.words), **fields,  # type: ignore[arg-type]
            )
        )  # fmt: skip

    starts = {t[1]: n for n, t in enumerate(toks)}
    # where someone died
    for m in _DEATH.finditer(text) if not present.isdisjoint(_DEATH_WORDS) else ():
        where = m.group("where")
        cls = next(c for c, pattern in _DEATH_CLASS if pattern.search(where))
        k = _token_at(starts, m.start("where"))
        before = set(low[max(0, k - 8) : k])
        if before & _PLURAL and not before & _SINGULAR:
            continue  # "two died at the scene": which victims, the others cannot say
        named = [
            n for n in ctx.mentions
            if n.end <= m.start() and m.start() - n.end <= 80
            and n.parts[-1].lower() not in _NOT_PLACES | _PRONOUNS
            and not _SPEAKS.match(text, n.end)
        ]  # fmt: skip
        person = word_key(named[-1].parts[-1]) if named else None
        hospital = re.search(r"((?:[A-Z][a-z]+\s+){1,4})Hospital", where)
        add("death", m.start("where"), m.end("where"), k, predicate="died",
            chain=(hospital.group(1).strip(),) if hospital else (), regional=False,
            direction=None, near=False, value=cls, person=person)  # fmt: skip
    # offshore / inland
    if not present.isdisjoint(_STRUCK_WORDS) and not present.isdisjoint(_SEA_WORDS):
        for m in _SEA.finditer(text):
            kind = "sea" if m.group("sea") else "land"
            span = (m.start(kind), m.start(kind) + len(m.group(kind).rstrip()))
            k = _token_at(starts, span[0])
            found = _predicate(preds, k)
            if found is None or found[0] != "struck":
                continue
            add("sea", span[0], span[1], k, predicate="struck", chain=(), regional=False,
                direction=None, near=False, value=SEA_VALUES[kind],
                shown=SEA_VALUES[kind])  # fmt: skip
    # relative to a reference place
    relative = not present.isdisjoint(_COMPASS) or (
        not present.isdisjoint(_DISTANCE_UNITS) and not present.isdisjoint(("from", "of"))
    )
    for m in _RELATIVE.finditer(text) if relative else ():
        ref = m.group("ref") or m.group("ref2")
        if ref is None or ref.split()[0].lower() in _NOT_PLACES - {"the"}:
            continue
        direction = m.group("dir")
        start = m.start()
        lead = max(0, m.start() - 48)
        dist = _DISTANCE_BEFORE.search(text, lead, m.start())
        if direction is None and dist is None:
            continue  # "of X" / "from X" without a distance: no relative place
        km = None
        if dist is not None:
            start = dist.start()
            km = _km(dist.group())
        key = _direction_key(direction) if direction else None
        if direction and key is None:
            continue
        ref = re.sub(r"['’]s$", "", ref)
        k = _token_at(starts, start)
        add("relative", start, m.end(), k, predicate=None, chain=(ref,), regional=False,
            direction=key, near=False, value=key or "from", km=km)  # fmt: skip
    # where a named person lives
    for n in ctx.mentions if home or "(" in text else ():
        hm = _HOME.match(text, n.end)
        if hm is None or n.parts[-1].lower() in _PRONOUNS:
            continue
        k = _token_at(starts, hm.end())
        parsed = _chain(text, toks, low, k - 1) if k > 0 else None
        if parsed is None or parsed[3] != k:
            continue
        chain, regional, _direction, first, after = parsed
        add("home", toks[first][1], toks[after - 1][2], k, predicate="lived", chain=chain,
            undated=True, regional=regional, direction=None, near=False, value=chain[0],
            person=word_key(n.parts[-1]))  # fmt: skip
    # named places after a locative preposition
    for k, w in enumerate(low if preds else ()):
        if w not in _LOCATIVE or k + 1 >= len(toks):
            continue
        parsed = _chain(text, toks, low, k)
        if parsed is None:
            continue
        chain, regional, direction, first, after = parsed
        found = _predicate(preds, k)
        if found is None:
            continue
        if any(o.claim.value_start - ctx.sentence.start <= toks[first][1] < o.claim.value_end
               - ctx.sentence.start for o in out):  # fmt: skip
            continue  # inside a span already read ("off X" as sea, "west of X")
        add("named", toks[k][1], toks[after - 1][2], k, predicate=found[0], chain=chain,
            regional=regional, direction=direction, near=w in ("near", "outside"),
            value=chain[0])  # fmt: skip
    return out


_DEATH_WORDS = _WORDS("died dies dead killed")
_STRUCK_WORDS = _WORDS(
    "struck strike strikes hit hits occurred centred centered located jolted rocked"
)
_SEA_WORDS = _WORDS("off offshore sea inland land onshore")
_COMPASS = frozenset(DIRECTIONS) | frozenset(p for d in DIRECTIONS for p in d.split("-"))
_DISTANCE_UNITS = _WORDS("km kilometres kilometers kilometre kilometer miles mile mi")
SEA_VALUES = {"sea": "at sea", "land": "inland"}
"""What a sea claim states, as its value (the phrase as written is its highlighted span)."""


_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "a few": 3, "several": 5}  # fmt: skip


def _km(phrase: str) -> float | None:
    """ "55 kilometres", "two miles", "34 miles (55 km)" -> kilometres (the first figure)."""
    m = re.match(r"\s*([\d,.]+|a few|[a-z]+)\s*-?\s*([a-z]+)", phrase, re.I)
    if m is None:
        return None
    raw, word = m.group(1).lower(), m.group(2)
    try:
        value = float(raw.replace(",", "")) if raw[:1].isdigit() else float(_SMALL[raw])
    except (KeyError, ValueError):
        return None
    of = unit(word)
    return to_canonical(value, of) / 1000 if of is not None and of.canonical == "m" else None


def _token_at(starts: dict[int, int], offset: int) -> int:
    """The index of the token starting at ``offset`` (or the nearest before it)."""
    while offset > 0 and offset not in starts:
        offset -= 1
    return starts.get(offset, 0)


def _direction_key(word: str) -> str | None:
    """ "east southeast" -> "east-southeast"; "north-east" -> "northeast"; None if no compass
    point."""
    w = word.lower().replace(" ", "-")
    parts = w.split("-")
    if len(parts) == 2 and parts[0] in ("north", "south") and parts[1] in ("east", "west"):
        w = parts[0] + parts[1]
    elif len(parts) == 3:
        w = parts[0] + "-" + parts[1] + parts[2]
    return w if w in DIRECTIONS else None
