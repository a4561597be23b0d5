"""What event a time or a date belongs to: the predicate or event noun it attaches to.

"The quake hit at 0737 GMT" and "the press conference at 3 p.m." give times of two different
facts; so do "fired from the firm on Thursday" and "the shooting on Monday".  ``event_of``
reads the clause around a time or date expression and returns its ``Event``: a class from a
general lexicon of news events (``incident``: attacks, quakes, fires, crashes, protests;
``damage``; ``arrival`` of responders or visitors; ``announce``; ``arrest``; the stages of
a case (``charge``, ``trial``, ``verdict``, ``sentence``, ``plea``); ``death``; ``end`` of
an incident; ``job``; ``meeting``; ``return``; ``founding``; ``deal``;
``launch``; ``game``; ``election``; ``war``), the event word itself, and ``report`` when the
expression only dates a statement ("police said Thursday": the time of a quote, no fact).

How: the nearest event word to the left inside the clause, else the nearest to the right (a
fronted "At 9:32 p.m., it was followed by a quake"); generic verbs ("occurred", "began",
"took place") take the class of the event noun of their clause; a
clause of simultaneity right after ("at 7 p.m. when a car struck her", "as bombs hit") adds
its event; a coordinated verb right after ("entered ... about 10 a.m. and opened fire") too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kzreader.facts.lexicon import words as word_set
from kzreader.facts.text.names import name_key
from kzreader.facts.text.textsim import stem

_VERBS: dict[str, str] = {
    "incident": "struck strike strikes striking hit hits hitting shook shakes shaking rocked "
    "rattled jolted attacked attacking bombed exploded explode explodes detonated shot shoots "
    "killed killing murdered stabbed crashed collided derailed sank capsized burned burning "
    "torched ignited stormed invaded raided hijacked abducted kidnapped robbed flooded walked "
    "entered walking escaped barged burst mowed protested marched rallied rioted clashed "
    "demonstrated cut severed ripped tore swept erupted landed",
    "damage": "destroyed destroying razed gutted levelled leveled flattened collapsed damaged",
    "arrival": "arrived arrive arrives arriving reached responded respond responding summoned "
    "dispatched rushed deployed evacuated rescued discovered visited visits toured",
    "announce": "announced announce announces announcing unveiled confirmed declared revealed "
    "disclosed published issued filed",
    "report": "said says say told tells added stated reported reports tweeted wrote commented "
    "insisted noted explained according quoted",
    "arrest": "arrested arrest detained apprehended captured caught surrendered booked",
    "charge": "charged arraigned indicted sued",
    "trial": "testified",
    "verdict": "convicted acquitted ruled",
    "sentence": "sentenced jailed",
    "plea": "pleaded",
    "death": "died die dies succumbed",
    "end": "ended ends extinguished contained dispersed restored resumed reopened lifted "
    "repaired fixed recovered resolved",
    "job": "terminated dismissed sacked resigned resigns hired appointed replaced quit retired "
    "ousted",
    "meeting": "met meet meets",
    "return": "return returns returned returning rejoin rejoins rejoined",
    "founding": "seceded founded established",
    "deal": "acquire acquired acquiring buy bought buying purchased merge merged agreed signed",
    "launch": "launched launch launches debuted introduced",
    "game": "played won beat defeated scored",
    "election": "voted elected",
    "war": "fought",
    "onset": "occurred occur occurs happened happen happens began begin begins started start came "
    "starts",
}
_NOUNS: dict[str, str] = {
    "incident": "quake earthquake quakes earthquakes temblor tremor tremors "
    "attack attacks bombing bombings bomb bombs raid raids airstrike airstrikes "
    "explosion explosions blast blasts shooting shootings gunfire gunshots shots killing killings "
    "murder massacre crash crashes collision accident derailment fire fires blaze flames arson "
    "storm tornado hurricane cyclone typhoon flood floods landslide mudslide eruption outage "
    "cuts break protest protests demonstration demonstrations march rally riot riots clashes "
    "violence unrest incident assault ambush robbery heist stabbing escape",
    "arrival": "arrival visit",
    # later, smaller events of their own: never the time of the main shock
    "aftershock": "aftershock aftershocks foreshock foreshocks",
    "announce": "announcement statement briefing",
    "arrest": "arrest arrests",
    "charge": "charges indictment arraignment lawsuit",
    "trial": "trial hearing",
    "verdict": "verdict ruling conviction acquittal guilty",
    "sentence": "sentencing sentence",
    "plea": "plea",
    "death": "death funeral",
    "end": "ceasefire",
    "job": "firing dismissal resignation",
    "meeting": "meeting talks summit session negotiations",
    "return": "comeback",
    "founding": "independence",
    "deal": "acquisition deal merger purchase takeover",
    "launch": "launch",
    "game": "game match kickoff",
    "election": "election elections vote referendum ballot polls",
    "war": "fighting war conflict rebellion insurgency offensive uprising",
}
_PHRASES: dict[tuple[str, ...], str] = {
    tuple(p.split()): cls
    for cls, spec in {
        "incident": "opened fire|set fire|set on fire|caught fire|was set|were set|went off|"
        "ran over|hit-and-run",
        "onset": "took place|broke out|was recorded|were recorded",
        "damage": "burned down|burnt down|burnt out",
        "arrival": "were called|was called|got there|showed up",
        "announce": "press conference|news conference|made public",
        "arrest": "taken into custody|turned himself in|turned herself in|pulled over",
        "death": "pronounced dead",
        "verdict": "found guilty|found him guilty|found her guilty|found them guilty|"
        "guilty verdict",
        "end": "under control|back to normal|back online|back on-line|came back|called off|"
        "put out|was out|were out|largely out",
        "job": "stepped down|laid off|let go",
        "return": "come back|be back|comes back",
        "founding": "broke away|gained independence",
        "launch": "went on sale|goes on sale",
    }.items()
    for p in spec.split("|")
}
WORD_CLASS: dict[str, tuple[str, bool]] = {}
"""Lowercase word -> (event class, is a verb)."""
for _cls, _spec in _NOUNS.items():
    for _w in _spec.split():
        WORD_CLASS[_w] = (_cls, False)
for _cls, _spec in _VERBS.items():
    for _w in _spec.split():
        WORD_CLASS[_w] = (_cls, True)
_BE = frozenset(["was", "were", "been", "being", "is", "are", "be", "got", "get", "had", "has"])
_BOUNDARY = frozenset(";:—–()")
_SUBORDINATE = frozenset(
    ["when", "while", "as", "after", "before", "because", "although", "though", "whereas",
     "whom", "who", "which", "where", "but", "until", "since"]
)  # fmt: skip
_SIMULTANEOUS = frozenset(["when", "as", "while"])
_TEMPORAL = word_set(
    "week weeks day days month months year years later earlier following next previous before "
    "after monday tuesday wednesday thursday friday saturday sunday yesterday today tomorrow"
)
_WINDOW = 14
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|[^\sA-Za-z0-9]")


@dataclass(frozen=True)
class Event:
    """The event a time or date attaches to: its class (None when the clause names none), the
    event word's stem, and the classes of events said to happen at the same time."""

    cls: str | None
    head: str | None
    also: frozenset[str] = frozenset()
    word: str | None = None  # the event word as written (lowercase), for labels

    @property
    def classes(self) -> frozenset[str]:
        return self.also | ({self.cls} if self.cls else set())


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.group(), m.start(), m.end()) for m in _WORD.finditer(text))


def _fired(words: tuple[tuple[str, int, int], ...], k: int) -> tuple[str, bool]:
    """ "was fired from his job" (job) or "fired shots" / "opened fire" (incident)."""
    before = {w[0].lower() for w in words[max(0, k - 3) : k]}
    after = words[k + 1][0].lower() if k + 1 < len(words) else ""
    if before & _BE or after in ("from", "by"):
        return "job", True
    return "incident", True


_PHRASE_ENDS: dict[str, list[tuple[str, ...]]] = {}
for _p in _PHRASES:
    _PHRASE_ENDS.setdefault(_p[-1], []).append(_p)
_PHRASE_STARTS = frozenset(p[0] for p in _PHRASES)


def _class_at(words: tuple[tuple[str, int, int], ...], k: int) -> tuple[str, bool, int] | None:
    """(class, is a verb, words it spans) of an event word or phrase starting at ``k`` (a
    negative span: a phrase ending at ``k``).  A capitalised word inside the sentence is a name
    or a title ("Catching Fire"), no event."""
    word = words[k][0]
    if k > 0 and word[:1].isupper() and words[k - 1][0] not in ('"', "“", "(", "‘"):
        return None
    w = word.lower()
    if w in _PHRASE_STARTS:
        low = tuple(x[0].lower() for x in words[k : k + 4])
        for size in (4, 3, 2):
            if len(low) >= size and low[:size] in _PHRASES:
                return _PHRASES[low[:size]], True, size
    for phrase in _PHRASE_ENDS.get(w, ()):  # met while searching backwards: "was recorded"
        back = len(phrase) - 1
        if k - back >= 0 and tuple(x[0].lower() for x in words[k - back : k + 1]) == phrase:
            return _PHRASES[phrase], True, -back
    if w == "guilty" and k > 0 and words[k - 1][0].lower() in ("pleaded", "pleads", "plead"):
        return "plea", True, -1  # "pleaded guilty in July 1973"
    if w == "fired":
        cls, verb = _fired(words, k)
        return cls, verb, 1
    found = WORD_CLASS.get(w)
    if found is None:
        return None
    return found[0], found[1], 1


_IRREGULAR_PAST = word_set(
    "left went came took made held fell ran saw got put set met won lost sent led fled began "
    "gave brought bought caught drove flew rose stood threw wore broke chose spoke stole became"
)


def _verb_like(word: str) -> bool:
    w = word.lower()
    return word.islower() and (
        w in _IRREGULAR_PAST or (len(w) > 4 and w.endswith("ed") and not w.endswith("eed"))
    )


def _clause_left(words: tuple[tuple[str, int, int], ...], k: int, reach: int = _WINDOW) -> range:
    lo = k - 1
    while lo >= max(0, k - reach):
        w = words[lo][0]
        if w in _BOUNDARY or w.lower() in _SUBORDINATE:
            break
        lo -= 1
    return range(k - 1, lo, -1)


def _clause_right(words: tuple[tuple[str, int, int], ...], k: int) -> range:
    hi = k
    while hi < min(len(words), k + _WINDOW):
        w = words[hi][0]
        if w in _BOUNDARY or w.lower() in _SUBORDINATE:
            break
        hi += 1
    return range(k, hi)


def _resolve_onset(
    words: tuple[tuple[str, int, int], ...], span: range, cls: str, head: str
) -> tuple[str, str]:
    """A generic verb ("occurred", "began", "starts") takes the class of its subject: the first
    event noun of its clause (the last of a compound: "the murder trial ... starts")."""
    if cls != "onset":
        return cls, head
    nouns = [
        (j, found)
        for j in span
        if (found := _class_at(words, j)) and not found[1] and found[0] != "onset"
    ]
    if nouns:
        j, found = min(nouns)
        nxt = _class_at(words, j + 1) if j + 1 < len(words) else None
        if nxt and not nxt[1] and nxt[0] != "onset":
            return nxt[0], words[j + 1][0].lower()
        return found[0], words[j][0].lower()
    return "incident", head


_BE_STOP = word_set("was were is are remains remained stayed")
_NAMING = word_set("called named dubbed titled entitled nicknamed known")
_WEAK = word_set("charges counts")
_PERIODS = word_set("quarter quarters year years period periods month months season term semester")


def _governing_verb(words: tuple[tuple[str, int, int], ...], j: int) -> tuple[str, str, int] | None:
    """The event verb whose prepositional object the event noun at ``j`` is ("charged with
    first-degree murder Saturday": charged), within three words, or None."""
    seen_prep = False
    for i in range(j - 1, max(-1, j - 5), -1):
        w = words[i][0]
        if w.lower() in _PREPOSITIONS or w.lower() in ("with", "of", "in", "on", "at"):
            seen_prep = True
            continue
        found = _class_at(words, i)
        if found is not None:
            if found[1] and seen_prep and found[0] not in ("report", "onset"):
                return found[0], w.lower(), i
            return None
        if not (w.isalpha() or "-" in w) or not w.islower():
            return None
    return None


def _nearest(
    words: tuple[tuple[str, int, int], ...], span: range, stop_at_verbs: bool = True
) -> tuple[str, str, int] | None:
    """The nearest event word in ``span`` (in its order): (class, word, index).  Searching
    back, a verb outside the lexicon met first governs the expression instead ("checked into
    the clinic on Thursday", "was on suicide watch Monday"): the search stops there, with class
    ``verb``; searching forward ("At 9:32 p.m., it was followed by a quake") it goes on, and
    the clause's first event verb, its predicate, wins over the subject ("In April a quake
    struck": struck)."""
    if not stop_at_verbs:
        for j in span:
            found = _class_at(words, j)
            if found is not None and found[1] and words[j][0].lower() not in _WEAK:
                return found[0], words[j][0].lower(), j
    weak: tuple[str, str, int] | None = None
    for j in span:
        found = _class_at(words, j)
        if found is not None and words[j][0].lower() in _WEAK:
            weak = weak or (found[0], words[j][0].lower(), j)
            continue  # "guilty on both charges on Thursday": the charges are not the event
        if found is not None:
            cls = found[0]
            if found[2] < 0:  # a phrase found by its end ("broke out"): named in full
                return cls, " ".join(w[0].lower() for w in words[j + found[2] : j + 1]), j
            if cls == "end" and any(
                words[i][0].lower() in _PERIODS for i in range(max(0, j - 3), j)
            ):
                return "period", words[j][0].lower(), j  # "the quarter ended July 31"
            if not found[1]:
                verb = _governing_verb(words, j)
                if verb is not None:
                    return verb
            return cls, words[j][0].lower(), j
        w = words[j][0]
        if w.lower() in _NAMING:
            continue  # "a fashion line called Mantra": a name, not an event
        if not stop_at_verbs:
            continue
        if w.lower() in _BE_STOP or (_verb_like(w) and not _adjectival(words, j)):
            return weak or ("verb", w.lower(), j)
    return weak


def _adjectival(words: tuple[tuple[str, int, int], ...], j: int) -> bool:
    """ "parked cars", "suspected arson": a participle before its noun (not "resolved
    sometime", "arrested shortly")."""
    nxt = words[j + 1][0] if j + 1 < len(words) else ""
    return (
        nxt.isalpha()
        and nxt.islower()
        and nxt not in _FUNCTION
        and nxt not in _PREPOSITIONS
        and nxt not in _ADVERBS
        and not nxt.endswith("ly")
    )


_ADVERBS = word_set("sometime soon later earlier again today yesterday tomorrow tonight recently")


_PREPOSITIONS = word_set(
    "into onto to from with without by for over under through across along up down out off near "
    "inside outside against toward towards behind before after"
)


_FUNCTION = frozenset(
    ["the", "a", "an", "on", "at", "in", "of", "by", "about", "around", "approximately", "some",
     "early", "late", "last", "this", "next", "and", "or", "from", "until", "since", "during"]
)  # fmt: skip


def _bare(words: tuple[tuple[str, int, int], ...], left: range) -> bool:
    """Does the clause before the expression hold no content word of its own (a fronted
    adverbial: "On Thursday, at 3 p.m., the camp was bombed")?"""
    return not any(
        words[j][0].isalpha() and words[j][0].islower() and words[j][0] not in _FUNCTION
        for j in left
    )


_MODIFIED = frozenset(["the", "a", "an", "its", "his", "her", "their", "this", "that", "last"])


def noun_after(text: str, start: int, end: int) -> Event | None:
    """The event of a date used as a modifier: "the Nov. 30 escape", "a May 20 conference
    call", "The Wednesday bombings", "Sunday's game" (the noun after it, or None)."""
    words = _words(text)
    first = next((k for k, w in enumerate(words) if w[2] > start), len(words))
    after = next((k for k, w in enumerate(words) if w[1] >= end), len(words))
    possessive = text[max(start, end - 2) : end] in ("'s", "’s")
    if not possessive and (first == 0 or words[first - 1][0].lower() not in _MODIFIED):
        return None
    nouns: list[int] = []
    for k in range(after, min(after + 3, len(words))):
        w = words[k][0]
        if not (w.isalpha() and w.islower()) or w in _FUNCTION or w in _SUBORDINATE:
            break
        if w in _PREPOSITIONS or w in _BE_STOP:
            break
        nouns.append(k)
    if not nouns:
        return None
    known = [(k, f) for k in nouns if (f := _class_at(words, k)) is not None and not f[1]]
    if known:
        k, found = known[-1]  # the head of "the murder trial": trial
        return Event(found[0], stem(words[k][0].lower()), frozenset(), words[k][0].lower())
    head = words[nouns[-1]][0].lower()
    return Event(None, stem(head), frozenset(), head)  # "a May 20 conference call": call


_FILLERS = word_set("the one another about around")


@lru_cache(maxsize=8192)
def event_of(text: str, start: int, end: int, previous: str | None = None) -> Event:
    """The event the expression at ``text[start:end]`` (a time or date) attaches to.

    When the clause names no event of the lexicon, the event has no class and its ``head`` is
    the verb that governs the expression ("checked into the clinic on Thursday": "check"), if
    any."""
    modified = noun_after(text, start, end)
    if modified is not None:
        return modified
    words = _words(text)
    first = next((k for k, w in enumerate(words) if w[2] > start), len(words))
    after = next((k for k, w in enumerate(words) if w[1] >= end), len(words))
    left = _clause_left(words, first)
    found = _nearest(words, left)
    span = left
    if found is None and _bare(words, left):
        # a fronted time ("At 9:32 p.m., it was followed by ...") or one before its verb
        skip = after
        if skip < len(words) and words[skip][0] == ",":
            skip += 1
        span = _clause_right(words, skip)
        found = _nearest(words, span, stop_at_verbs=False)
    if found is None:
        # "followed by an aftershock at 4:12 and a 2.2 at 4:15": a coordinate without a word
        # of its own ("a", figures, "at") is of the clause before it
        k = first - 1
        while k >= max(0, first - 8) and words[k][0].lower() not in ("and", "or"):
            w = words[k][0].lower()
            if w.isalpha() and len(w) > 2 and w not in _FILLERS:
                break
            k -= 1
        if k >= 0 and words[k][0].lower() in ("and", "or"):
            span = range(k - 1, max(-1, k - 1 - _WINDOW), -1)  # (over "a.m." and "2.9")
            found = _nearest(words, span)
    also: set[str] = set()
    # "at 7 p.m. when a car struck her", "as a second round of bombs hit": the same moment
    k = after
    while k < len(words) and k < after + 6 and words[k][0].lower() not in _SIMULTANEOUS:
        if words[k][0] in _BOUNDARY:
            break
        k += 1
    if k < len(words) and words[k][0].lower() in _SIMULTANEOUS:
        sim = _nearest(words, _clause_right(words, k + 1), stop_at_verbs=False)
        if sim is not None and sim[0] != "verb":
            also.add(_resolve_onset(words, _clause_right(words, k + 1), sim[0], sim[1])[0])
    # "entered ... about 10 a.m. and opened fire": the coordinated verb right after (unless its
    # clause has a time of its own: "returned on October 30 and scored the following week")
    if after + 1 < len(words) and words[after][0].lower() == "and":
        coord = _class_at(words, after + 1)
        own_time = any(w[0].lower() in _TEMPORAL for w in words[after + 2 : after + 10])
        if coord and coord[1] and not own_time:
            also.add(coord[0] if coord[0] != "onset" else "incident")
    if found is None:
        if previous and re.match(r"\s*(?:It|This|That)\b", text):
            prev = _words(previous)
            found_prev = _nearest(prev, range(len(prev)), stop_at_verbs=False)
            if found_prev is not None and found_prev[0] != "verb":
                cls, head = _resolve_onset(prev, range(len(prev)), found_prev[0], found_prev[1])
                return Event(cls, _stem(head), frozenset(also - {cls}), head)
        return Event(None, None, frozenset(also))
    cls, head, j = found
    if cls == "verb":  # a verb outside the lexicon: its own head; "was", "is": nothing
        if head in _BE_STOP:
            return Event(None, None, frozenset(also))
        return Event(None, _stem(head), frozenset(also), head)
    if cls == "onset" and span is left:  # "fighting between A and B, began in July"
        span = _clause_left(words, j + 1, 3 * _WINDOW)
    cls, head = _resolve_onset(words, span, cls, head)
    return Event(cls, _stem(head), frozenset(also - {cls}), head)


_PLACE = re.compile(
    r"\b(?:in|at|near|off|outside|inside|from)\s+(?:the\s+(?:city|town|coast|island|province|"
    r"state|region|village|district|county|port|capital)\s+of\s+)?(?:the\s+)?"
    r"(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,2})"
)
_NOT_PLACES = word_set(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An This That"
)


@lru_cache(maxsize=8192)
def places(text: str) -> frozenset[str]:
    """Keys of the capitalised names a sentence puts something in, at, near or off ("off the
    city of Banda Kota" -> bandakota): where an event happened, to tell events apart."""
    return frozenset(
        name_key(m.group("name").replace("-", " ").replace(" ", ""))
        for m in _PLACE.finditer(text)
        if m.group("name").split()[0] not in _NOT_PLACES
    )


def _stem(word: str) -> str:
    """The stem of an event word, or of a phrase's last word ("gained independence")."""
    return stem(word.split()[-1])
