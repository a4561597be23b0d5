"""The clause around each count of a sentence: its predicate, its role, its scope.

Dependency-free heuristics over the tokens of one sentence (``Clauses``), computed once per
sentence, each count's windows bounded, so a sentence of a megabyte costs linear time:

- **predicate** (``Clauses.predicate``): what happened to what was counted.  First a cue of the
  general predicate lexicon (``text.predicates``) next to the count: inside its noun phrase ("12
  dead protesters"), just before it ("killing at least one"), after its noun phrase ("24 people
  were killed"), or a nominal cue further before ("the death toll rose to 11"); never across
  another count, so "killed 6 children and left 14 others trapped" gives killed=6, trapped=14.
  Failing that, the verb governing the number: right before it ("offered 5 million shares") or
  after its noun phrase and any auxiliaries ("4,000 jobs will go").  Failing that, a bare count
  of its noun (``COUNT``: "three explosions", "a camp of 20,000 refugees").
- **role** (who did what to whom): a count that is the subject of an active, transitive verb is
  its agent, not its patient: "two gunmen killed 12 people" kills 12 people, not two gunmen (the
  gunmen are a bare count).  The whole of a partitive ("the three" of "two of the three victims
  died") takes no verb.
- **scope**: whether the count is a part ("170,000 in the province and tens of thousands more
  elsewhere", "in Sumatra alone", "8 in the capital and 4 elsewhere") or the whole ("230,000 in
  14 countries", "in all", "across Asia"), and the polarity of its place ("landed in the camp"
  vs "fell outside it").  Two counts of different scope are no one fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kzreader.facts import lexicon as lx
from kzreader.facts.text import predicates as pr
from kzreader.facts.text.names import name_key
from kzreader.facts.text.quantities import PARTITIVE, Quantity
from kzreader.facts.text.textsim import STOP

COUNT = "count"
"""The predicate of a bare count: no verb says what happened to what was counted."""
VERB = "v:"
"""Prefix of a predicate read from a governing verb outside the lexicon ("v:offer")."""
BARE = "(bare)"
"""What ``Clauses._lexicon`` says of a cue that is not the count's own predicate."""

_AFTER_WINDOW = 7
_BEFORE_WINDOW = 6
_NOMINAL_WINDOW = 12  # "the death toll from the fire in the hills has risen to 31"
_PARENTHESIS = 12  # ", which did not explode," between a count and its verb
_SCOPE_WINDOW = 10
_MAX_PLACES = 16  # places of a sentence kept for its claims (a megabyte "sentence" has more)
_BREAKS = frozenset(";:")
_COORD = frozenset(["and", "or", "but", ",", "while", "whereas"])
_PREPOSITIONS = lx.words("from in at on with by after before during into across near for among")
_RELATIVE = frozenset(["who", "which", "that", "whom", "whose", "where", "when"])
_NOMINAL_CUES = frozenset(["toll", "deaths", "fatalities", "casualties", "injuries", "arrests"])
_PLACE_NOUNS = lx.words(
    "city town village streets street province district region capital state county"
)
_SKIP_BEFORE = lx.words("all the some his her their its our only just another")
_SKIP_AFTER = lx.AUXILIARIES | lx.words(
    "will would could should may might must can to have has had not never also still "
    "reportedly allegedly apparently later then already now just all"
)
_DETERMINERS_BEFORE_NOUN = lx.words("a an the each every this his her their its our my your")
_OBJECT_PREPOSITIONS = lx.words("of to against over about")
_OBJECT_START = lx.words("a an the his her their its them him us this that these those")
_WHOLE_AFTER = lx.words("altogether overall worldwide nationwide throughout")
_WHOLE_PHRASES = (("in", "all"), ("in", "total"), ("all", "told"), ("around", "the", "world"))
_WIDE = lx.words("across around throughout")
_PART_AFTER = lx.words("alone elsewhere")
_INSIDE = lx.words("in inside within at into on")
_OUTSIDE = lx.words("outside beyond")
_WHOLE_PLACES = frozenset(["countries", "regions", "towns"])
_LINKING = lx.words(
    "rose risen rising climbed climbing reached reaching stood stands standing jumped increased "
    "grew mounted put putting bringing brought raised lowered revised revising hit topped "
    "passed exceeded confirmed estimated reported"
)
"""Verbs between a nominal cue and its figure that pass the figure on ("the death toll has
risen to 11", "put the toll at 45"); any other verb there governs the figure itself."""
_AGE_WORDS = lx.words("and or aged ages age")
_WHERE_MATTERS = frozenset(["landed"])
"""Predicates whose place is the fact: bombs that fell in the camp are not those that fell on the
airstrip.  Elsewhere only the polarity counts (inside / outside)."""
_REFLEXIVE = lx.words("itself themselves himself herself")


@dataclass(frozen=True)
class Role:
    """What a count's clause says of it (see the module doc)."""

    measure: str  # a predicate class, VERB + a verb's key, or COUNT
    cue: int  # token index of the predicate's word (-1 for a bare count)
    verb: str | None  # that word as written (lowercase), for labels
    scope: str | None = None  # "part", "whole" or None (not said)
    where: str | None = None  # "in" / "out": the polarity of the clause's place
    scope_places: frozenset[str] = frozenset()  # name keys of the clause's own places


class Clauses:
    """The counts of one sentence and their clauses (``role`` for each count)."""

    def __init__(self, text: str, toks: list[tuple[str, int, int]], counts: list[Quantity]) -> None:
        self.text = text
        self.toks = toks
        self.low = [t[0].lower() for t in toks]
        self.counts = counts  # in sentence order
        self.ends = {c.tok_end for c in counts}
        self.starts = {c.tok_start for c in counts}
        self.cues = measure_cues(self.low)

    @cached_property
    def places(self) -> frozenset[str]:
        """Keys of the sentence's places (at most ``_MAX_PLACES``)."""
        return places(self.text, self.toks)

    # -- predicate ---------------------------------------------------------------------------

    def predicate(self, n: int) -> Role | None:
        """The predicate of count ``n`` (None when it has none: no cue, verb or counted noun)."""
        q = self.counts[n]
        if q.subject == PARTITIVE or self._apposition(n) or self._level(n):
            return None
        if not (q.whole or q.modifier):
            found = self._lexicon(n)
            if found is not None:
                measure, k = found
                word = self.low[k]
                if measure != BARE:
                    return Role(pr.refine(measure, word, q.subject), k, word)
            else:
                verb = self._governing_verb(n)
                if verb is not None:
                    word = self.low[verb]
                    cls = pr.class_of(word)
                    measure = pr.refine(cls, word, q.subject) if cls else VERB + pr.verb_key(word)
                    return Role(measure, verb, word)
        return Role(COUNT, -1, None)

    def _apposition(self, n: int) -> bool:
        """Is count ``n`` set in apposition to the count before ("two other buildings, one
        used by tax officials, caught fire")?  Then it is a part of that count, no fact."""
        return n > 0 and _apposed(self.counts[n - 1], self.counts[n], self.low)

    def _level(self, n: int) -> bool:
        """Is count ``n`` the level or the change of a statistic ("sales dropped 45 pct to
        6,627 from 12,194 cars", "rigs fell by 38 to 801", "fell 380,000")?  A change verb
        shortly before it, with at most "to", "from", "by" or a hedge between: the measure
        kind's changes, not a count of things.  A toll that rose ("the death toll rose to 24")
        keeps its nominal cue and is read before."""
        q, low = self.counts[n], self.low
        k = q.tok_start - 1
        seen = 0
        while k >= 0 and seen < 8:
            w = low[k]
            if w in pr.CHANGE_VERBS:
                return not self._toll_before(k)
            if w in _BREAKS or (w in _COORD and w != ","):
                return False
            k, seen = k - 1, seen + 1
        return False

    def _toll_before(self, k: int) -> bool:
        """A cue of the lexicon shortly before the change verb: a toll or a count that rose
        ("the death toll from the fire has risen to 31", "the number of dead rose to 45")."""
        return any(m in self.cues for m in range(max(0, k - _NOMINAL_WINDOW), k))

    def lexicon_cue(self, n: int) -> str | None:
        """The predicate class of count ``n`` from the lexicon alone (for figures said to be
        unknown: "did not say how many troops would be sent"), or None."""
        found = self._lexicon(n)
        if found is None or found[0] == BARE:
            return None
        return pr.refine(found[0], self.low[found[1]], self.counts[n].subject)

    def _others_after(self, n: int) -> tuple[int, int]:
        """(limit, extra window) for the search after count ``n``'s noun phrase: the next count
        that is not set inside this one's clause (", including 10 children," or "two women
        and one man died" are), and the width those inserted counts take."""
        q = self.counts[n]
        extra = 0
        for c in self.counts[n + 1 :]:
            if c.tok_start < q.tok_end:
                continue  # a partitive's whole, inside this count's phrase
            if c.whole and q.of_whole is not None and c.tok_start <= q.tok_end + 4:
                extra += c.tok_end - q.tok_end  # "2,800 workers of the plant's 3,300 ..."
                continue
            if _apposed(q, c, self.low) or _inserted(c, self.low) or _coordinated(q, c, self.low):
                extra += c.tok_end - c.tok_start + 2
                if extra > 4 * _AFTER_WINDOW:
                    return c.tok_start, extra
                continue
            return c.tok_start, extra
        return len(self.toks), extra

    def _lexicon(self, n: int) -> tuple[str, int] | None:
        """A cue of the predicate lexicon next to count ``n`` (see the module doc), or
        (``BARE``, k) when the cue is not the count's: the count is the agent of its verb, or
        the cue is in a relative clause that only describes the counted group."""
        q, cues, low, toks = self.counts[n], self.cues, self.low, self.toks
        # a measure word inside the noun phrase: "the two wounded men", "12 dead protesters"
        for k in range(q.tok_start, q.tok_end):
            if k in cues and toks[k][1] >= q.number.end:
                return cues[k], k
        # a verb right before the number governs it: "killing at least one", "injuring 300"
        for k in range(q.tok_start - 1, max(q.tok_start - 4, -1), -1):
            if low[k] in _COORD or k + 1 in self.ends:
                break
            if k in cues and low[k] not in lx.AFTER_ONLY:
                return cues[k], k
            if k not in cues and low[k] not in _LINKING and pr.verb_like(low[k]):
                break  # "accused of assaulting two girls": the nearer verb is theirs
        # after the noun phrase, before any other count (but across ", including 10 children,")
        limit, extra = self._others_after(n)
        extra += self._ages_aside(q.tok_end)
        stop = min(limit, q.tok_end + _AFTER_WINDOW + extra, len(toks))
        relative = False
        k = q.tok_end
        while k < stop:
            if toks[k][0] in _BREAKS:
                break
            if low[k] in _RELATIVE:
                close = self._aside_end(k) if k == q.tok_end + 1 and low[k - 1] == "," else None
                if close is not None:
                    # "one bomb, which did not explode, fell": the verb after the aside
                    stop = min(limit, close + 1 + _AFTER_WINDOW, len(toks))
                    k = close + 1
                    continue
                if k > q.tok_end and low[k - 1] != ",":
                    break  # "one of the victims was a child who died": the child's clause
                relative = True  # "20,000 refugees who fled", "the 12 who died"
            if k in cues and not self._noun_use(k):
                own = cues[k] in pr.AGENTLESS or low[k] in pr.SUBJECT_VERBS
                agent = not own and self._agent(q, k)
                if agent or (relative and cues[k] not in pr.CASUALTY_CLASSES):
                    return BARE, k
                if (
                    q.of_whole is not None
                    and k == q.tok_end
                    and q.tok_start > 0
                    and low[q.tok_start - 1] in _PREPOSITIONS | _OBJECT_PREPOSITIONS
                ):
                    return BARE, k  # "a verdict for one of the two men accused of murder"
                return cues[k], k
            k += 1
        # just before the number, after any other count
        floor = q.tok_start - _NOMINAL_WINDOW
        for c in self.counts[max(0, n - 3) : n]:
            if c.tok_end <= q.tok_start:
                floor = max(floor, c.tok_end)
        crossed_preposition = False
        for k in range(q.tok_start - 1, max(floor, 0) - 1, -1):
            w = low[k]
            if toks[k][0] in _BREAKS or w in _COORD:
                break
            if k in cues and w not in lx.AFTER_ONLY:
                # "death toll ... to 11", "put the toll at 45", "damage to the four cables"
                nominal = (
                    w in _NOMINAL_CUES
                    or w in pr.NOMINAL
                    or (k + 1 < len(toks) and low[k + 1] in _NOMINAL_CUES)
                )
                near = q.tok_start - k <= _BEFORE_WINDOW
                if nominal or (near and not crossed_preposition):
                    return cues[k], k
                return None
            if w in _PREPOSITIONS:
                crossed_preposition = True
            elif k not in cues and w not in _LINKING and pr.verb_like(w):
                return None  # "accused of sexually assaulting two girls": the girls' verb
        return None

    def _ages_aside(self, k: int) -> int:
        """Width of ", 17 and 22," / ", aged 30," at token ``k`` (ages set beside a counted
        noun: the verb comes after them), else 0."""
        low = self.low
        if k >= len(low) or low[k] != ",":
            return 0
        for m in range(k + 1, min(k + 9, len(low))):
            if low[m] == ",":
                return m - k + 1 if m > k + 1 else 0
            if not (low[m][:1].isdigit() or low[m] in _AGE_WORDS):
                return 0
        return 0

    def _noun_use(self, k: int) -> bool:
        """Is the cue at ``k`` a noun of another phrase ("nine pellets in each shot", "a hit")?
        Nominal cues ("the toll", "the deaths of") and "dead" are read as cues anyway."""
        w = self.low[k]
        if w in pr.NOMINAL or w in lx.AFTER_ONLY or w in _NOMINAL_CUES or k == 0:
            return False
        return self.low[k - 1] in _DETERMINERS_BEFORE_NOUN

    def _aside_end(self, k: int) -> int | None:
        """The comma closing the aside that starts at token ``k`` (", which did not explode,")."""
        for m in range(k + 1, min(k + _PARENTHESIS, len(self.low))):
            if self.low[m] == ",":
                return m
            if self.toks[m][0] in _BREAKS or m in self.starts:
                return None
        return None

    def _agent(self, q: Quantity, k: int) -> bool:
        """Is the count the agent of the verb at ``k`` ("two gunmen killed 12 people")?  Only
        when the verb follows the noun phrase with nothing between, is no noun or adjective
        ("24 dead", "the toll"), and an object follows it (a determiner, a number, a name)."""
        low = self.low
        if k != q.tok_end or q.unit is None:
            return False
        word = low[k]
        if word in lx.AFTER_ONLY or word in pr.NOMINAL or not word.endswith("ed"):
            return False
        if k + 1 >= len(low):
            return False
        nxt, raw = low[k + 1], self.toks[k + 1][0]
        return nxt in _OBJECT_START or k + 1 in self.starts or (raw[:1].isupper() and raw.isalpha())

    def _governing_verb(self, n: int) -> int | None:
        """The token index of the verb governing count ``n`` outside the lexicon, or None."""
        q, low = self.counts[n], self.low
        # object: "offered 5 million shares", "serves 14 states", "broke all three"
        k = q.tok_start - 1
        skipped = 0
        while k >= 0 and low[k] in _SKIP_BEFORE and skipped < 2:
            k, skipped = k - 1, skipped + 1
        if k >= 0 and k + 1 not in self.ends and pr.verb_like(low[k], before_object=True):
            plain_s = not (pr.verb_like(low[k]) or low[k] in pr.CLASS_OF)
            if plain_s and not self.toks[k][0].islower():
                return None  # "Revs 291.8 mln": a capitalised "-s" word is a noun
            if not (plain_s and k > 0 and (low[k - 1] in STOP or low[k - 1] in _PREPOSITIONS)):
                return k  # (but "during the clashes several buildings": "clashes" is a noun)
        # subject: "4,000 jobs will go", "one bomb, which did not explode, fell"
        k = q.tok_end
        if q.unit is None and not q.part:
            return None  # "12 fell": no noun, and a bare number's verb is anyone's guess
        if k + 1 < len(low) and low[k] == "," and low[k + 1] in ("which", "who", "that"):
            end = next(
                (m for m in range(k + 2, min(k + _PARENTHESIS, len(low))) if low[m] == ","), None
            )
            if end is None:
                return None
            k = end + 1
        steps = 0
        while k < len(low) and (low[k] in _SKIP_AFTER or low[k].endswith("ly")) and steps < 4:
            k, steps = k + 1, steps + 1
        if k < len(low) and k not in self.starts and pr.verb_like(low[k]):
            if low[k].endswith("ing") and not (steps and low[k - 1] in lx.AUXILIARIES):
                return None  # "9.2 mln shares outstanding": a participle modifies the noun
            return k
        return None

    # -- scope -------------------------------------------------------------------------------

    def scope(self, n: int, roles: list[Role | None]) -> Role | None:
        """Count ``n``'s role with its scope and place polarity (``roles``: every count's
        predicate, for breakdowns: "170,000 in the province and tens of thousands more")."""
        role = roles[n]
        if role is None:
            return None
        q, low, toks = self.counts[n], self.low, self.toks
        nxt = self.counts[n + 1] if n + 1 < len(self.counts) else None
        end = min(len(toks), q.tok_end + _SCOPE_WINDOW)
        if nxt is not None and nxt.tok_start >= q.tok_end:
            end = min(end, nxt.tok_start)
        for k in range(q.tok_end, end):
            if toks[k][0] in _BREAKS or (low[k] in _COORD and k > q.tok_end):
                end = k
                break
        span = range(q.tok_end, end)
        scope = None
        if any(low[k] in _PART_AFTER for k in span):
            scope = "part"
        elif any(low[k] in _WHOLE_AFTER for k in span) or any(
            tuple(low[k : k + len(p)]) == p for k in span for p in _WHOLE_PHRASES
        ):
            scope = "whole"
        elif any(low[k] in _WIDE and low[k + 1 : k + 2] != ["the"] for k in span) or any(
            low[k] in _WIDE and k + 2 < len(toks) and toks[k + 2][0][:1].isupper() for k in span
        ):
            scope = "whole"  # "across Asia", "around the Indian Ocean"
        if nxt is not None and nxt.tok_start >= q.tok_end and scope is None:
            between = low[end : nxt.tok_start]
            if (
                nxt.subject in _WHOLE_PLACES
                and nxt.tok_start - q.tok_end <= 3
                and low[nxt.tok_start - 1] in ("in", "across")
            ):
                scope = "whole"  # "killed 230,000 people in 14 countries"
            elif "and" in between and nxt.tok_start - end <= 3 and self._adds(n, nxt, roles):
                scope = "part"  # "killed 8 in the capital and 4 elsewhere / 14 more"
        where = None
        for k in span:
            if low[k] in _OUTSIDE or low[k] in _INSIDE:
                where = "out" if low[k] in _OUTSIDE else "in"
                if role.measure in _WHERE_MATTERS:
                    where += ":" + (self._head(k + 1) or "")
                break
        own = frozenset(places(self.text, toks, q.tok_end, end)) if scope == "part" else frozenset()
        return Role(role.measure, role.cue, role.verb, scope, where, own)

    def _head(self, k: int) -> str | None:
        """The head of the noun phrase at token ``k`` ("the Korvel camp" -> camp), or None."""
        last = None
        for m in range(k, min(k + 6, len(self.toks))):
            w = self.low[m]
            if not w.isalpha() or w in _PREPOSITIONS or (w in STOP and last is not None):
                break
            if w not in STOP and w not in _REFLEXIVE:
                last = w
        return last

    def _adds(self, n: int, nxt: Quantity, roles: list[Role | None]) -> bool:
        """Is the count after ``n`` another part of the same measure ("and 14 more", "and 4
        elsewhere", "and 4 others in the north")?"""
        m = n + 1
        tail = self.low[nxt.tok_end : nxt.tok_end + 2]
        if not (nxt.additive or "elsewhere" in tail):
            return False
        mine, theirs = roles[n], roles[m] if m < len(roles) else None
        return theirs is None or mine is None or theirs.measure in (mine.measure, COUNT)


def _apposed(q: Quantity, c: Quantity, low: list[str]) -> bool:
    """Is ``c`` a part set in apposition right after ``q``'s noun phrase ("two other buildings,
    one used by tax officials,")?  A part is no larger than its whole, and a participle, "of"
    or a relative pronoun follows it."""
    if not (c.tok_start >= 1 and c.tok_start - 1 == q.tok_end and low[q.tok_end] == ","):
        return False
    after = low[c.tok_end] if c.tok_end < len(low) else ""
    fits = after in ("of", "who", "which", ",") or after.endswith("ed")
    return fits and c.number.high <= q.number.low


def _inserted(c: Quantity, low: list[str]) -> bool:
    """A count set inside another's clause: ", including 10 children,", "(among them 3 boys)"."""
    before = low[c.tok_start - 1] if c.tok_start > 0 else ""
    return before in ("including", "among", "incl")


def _coordinated(q: Quantity, c: Quantity, low: list[str]) -> bool:
    """ "two women and one man died": the verb after the second count governs the first too."""
    return c.tok_start == q.tok_end + 1 and low[q.tok_end] in ("and", "or")


def measure_cues(low: list[str]) -> dict[int, str]:
    """Token index -> predicate class, for every cue of the lexicon (phrases first)."""
    cues: dict[int, str] = {}
    for k, w in enumerate(low):
        for phrase, measure in _PHRASES_BY_FIRST.get(w, ()):
            if tuple(low[k : k + len(phrase)]) == phrase:
                for m in range(k, k + len(phrase)):
                    cues.setdefault(m, measure)
                break
    for k, w in enumerate(low):
        if k not in cues:
            cls = pr.CLASS_OF.get(w)
            if cls is not None:
                cues[k] = cls
    return cues


_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _measure in sorted(pr.PHRASES.items(), key=lambda p: -len(p[0])):
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _measure))


def places(
    text: str, toks: list[tuple[str, int, int]], start: int = 0, end: int | None = None
) -> frozenset[str]:
    """Keys of capitalised names after in/at/near in tokens ``start``..``end`` ("in North Varna
    district" -> northvarna), at most ``_MAX_PLACES``."""
    found: set[str] = set()
    stop = len(toks) - 1 if end is None else min(end, len(toks) - 1)
    for k in range(start, stop):
        lw = toks[k][0].lower()
        place_of = lw == "of" and k > 0 and toks[k - 1][0].lower() in _PLACE_NOUNS
        if lw not in ("in", "at", "near", "outside", "inside") and not place_of:
            continue
        m = k + 1
        if toks[m][0].lower() == "the":
            m += 1
        skipped = 0
        while m < len(toks) and toks[m][0].islower() and toks[m][0].isalpha() and skipped < 3:
            m, skipped = m + 1, skipped + 1  # "in neighbouring Central X", "in the city of X"
            if toks[m - 1][0] == "of":
                break
        parts: list[str] = []
        while (
            m < len(toks) and toks[m][0][:1].isupper() and toks[m][0].isalpha() and len(parts) < 6
        ):
            parts.append(toks[m][0])
            m += 1
        if parts and parts[0].lower() not in lx.MONTHS | lx.WEEKDAYS:
            found.add(name_key("".join(parts)))
            if len(found) >= _MAX_PLACES:
                break
    return frozenset(found)
