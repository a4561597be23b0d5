"""Count claims: each count of people or things with its predicate, subject, attribution,
places, years and scope (the ``count`` kind's extractor).

Any reported count of people or things is a claim, whatever its verb or noun: "three cables
were cut", "4,000 jobs will go", "offered 5 million shares", "20,000 people attended", "two
bombs".  What it counts, and how, is read from its clause (``text.clauses``): the predicate (a
class of the general predicate lexicon, ``text.predicates``, else the governing verb, else a
bare count of its noun), its role (a count that is the agent of "killed" was not killed), a
part or the whole ("two of the three victims died", "in Sumatra alone", "in 14 countries").
Numbers with a unit (``text.units``: "30 miles", "magnitude 6.1") or a currency are the
measure and money kinds', not counts (``text.quantities`` types them).

Kept apart as no fact: a part of a count given elsewhere ("two of the dead were children",
"another three"), bare counts of people in general ("300 people"), of vague amounts, of one.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, ClassVar

from kzreader.facts import lexicon as lx
from kzreader.facts.context import Found, SentenceContext, sentence_stems
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text import predicates as pr
from kzreader.facts.text.attribution import Attributions, attribution, attribution_key
from kzreader.facts.text.clauses import COUNT, VERB, Clauses, Role, measure_cues, places
from kzreader.facts.text.names import name_key
from kzreader.facts.text.numbers import Number, tokens
from kzreader.facts.text.quantities import PARTITIVE, Quantity, find_quantities
from kzreader.facts.text.unknown import Unknown, unknown_counts

__all__ = [
    "COUNT",
    "VERB",
    "CountClaim",
    "RawClaim",
    "attribution",
    "extract",
    "measure_cues",
    "places",
    "sentence_claims",
    "sentence_years",
]

_TEMPORAL = frozenset(["in", "since", "during", "until", "by"])
_MONTH_NUMBER = {
    m: n
    for n, names in enumerate(
        ["january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
         "august aug", "september sep sept", "october oct", "november nov", "december dec"],
        start=1,
    )
    for m in names.split()
}  # fmt: skip
MONTH_ANCHOR = 1000
"""Anchor of "in January" (1000 + the month): an earlier event of the year, named by month;
reports of the event itself date it by weekday or by day ("on Friday", "July 2")."""
_EARLIER = (("earlier", "this", "year"), ("earlier", "this", "month"))
_NOT_COUNTED = frozenset(["times", "people"])
"""Subject classes never counted bare: "three times", "300 people" say nothing on their own."""
_BARE_CLASSES = frozenset(lx.SUBJECTS.values()) - _NOT_COUNTED
"""Subject classes a bare count may count: kinds of people, buildings, vehicles, aircraft,
bombs and other events of the lexicon."""


@dataclass(frozen=True)
class RawClaim:
    """A count claim inside one sentence; offsets are local to the sentence."""

    quantity: Quantity
    measure: str
    attribution: str | None
    places: frozenset[str]
    years: frozenset[int]
    update_cue: bool
    value_start: int
    value_end: int
    verb: str | None = None  # the predicate's word as written (lowercase)
    scope: str | None = None  # "part" / "whole" / None (``text.clauses``)
    where: str | None = None  # "in" / "out"
    scope_places: frozenset[str] = frozenset()
    superseded: bool = False  # what earlier reports said ("originally reported two dead")
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    unknown: bool = False  # "an unspecified number of": the figure is said to be unknown


_SUPERSEDED = frozenset(["originally", "initially", "previously"])
_EARLY = frozenset(["earlier", "first", "initial", "early"])
_REPORTS = frozenset(["reports", "report", "estimates", "estimate", "figures", "figure", "count",
                      "toll", "accounts", "reported"])  # fmt: skip


_SPAN_WORDS = lx.words("day days week weeks month months year years decade decades")
_CLAUSE_ENDS = frozenset([",", ";", ":", "(", ")"])
_HARD_ENDS = frozenset([";", ":"])


def _earlier_events(low: list[str]) -> list[tuple[int, int]]:
    """ "came just weeks after a driver shot eight people": the token spans of clauses after
    "weeks after" / "a year before", whose counts belong to an earlier (or later) event."""
    out = []
    for k in range(len(low) - 1):
        if low[k] in _SPAN_WORDS and low[k + 1] in ("after", "before"):
            # a fronted clause ("Two days after the quake, the toll rose") ends at its comma;
            # a trailing one ("came weeks after a driver, from X, shot eight") runs to the end
            ends = _CLAUSE_ENDS if k < 4 else _HARD_ENDS
            m = k + 2
            while m < len(low) and low[m] not in ends:
                m += 1
            out.append((k + 2, m))
    return out


def _generic_one(q: Quantity, low: list[str]) -> bool:
    """ "When one is killed, all of us lose": "one" without a noun after a subordinator is the
    pronoun, not a count."""
    return (
        q.unit is None
        and q.number.text.lower() == "one"
        and q.tok_start > 0
        and low[q.tok_start - 1] in ("when", "if", "whenever", "unless", "once", "as")
    )


def _superseded(low: list[str], q: Quantity, floor: int) -> bool:
    """Is the count what earlier reports said ("originally reported that two died", "initial
    reports put the toll at 12")?  Looked for in the eight tokens before it, after ``floor``."""
    window = low[max(floor, q.tok_start - 8) : q.tok_start]
    if any(w in _SUPERSEDED for w in window):
        return True
    return any(a in _EARLY and b in _REPORTS for a, b in itertools.pairwise(window))


def _update_cues(low: list[str]) -> list[tuple[int, int]]:
    """(start, end) token spans of every update cue of a sentence ("rose to", "now"), sorted."""
    return [
        (k, k + len(cue))
        for k, w in enumerate(low)
        for cue in _CUES_BY_FIRST.get(w, ())
        if tuple(low[k : k + len(cue)]) == cue
    ]


_CUES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _cue in lx.UPDATE_CUES:
    _CUES_BY_FIRST.setdefault(_cue[0], []).append(_cue)


def _update_cue(cues: list[tuple[int, int]], q: Quantity) -> bool:
    """Does an update cue end within the eight tokens before the count ("has risen to 45")?"""
    k = bisect.bisect_left(cues, (max(0, q.tok_start - 8), -1))
    while k < len(cues) and cues[k][0] < q.tok_start:
        if cues[k][1] <= q.tok_start:
            return True
        k += 1
    return q.number.hedge == "revised"


def _keep(q: Quantity, role: Role) -> bool:
    """Is this count with this predicate a claim?"""
    measure = role.measure
    if measure == COUNT:
        # a plain count of a kind of people or things of the lexicon ("a camp of 20,000
        # refugees", "three explosions", "two trucks") is kept as a count of that noun, which
        # aligns only on the same noun and more evidence; a bare count of any other noun ("20
        # points", "nine carries") says too little of what was counted to be compared
        return not (
            q.subject not in _BARE_CLASSES
            or q.additive
            or q.number.value < 2
            or q.number.hedge == "vague"
        )
    if measure in lx.PERSON_MEASURES and q.subject in lx.NON_PERSON_SUBJECTS:
        return False  # "injured ... from several villages": villages are not the injured
    if measure in pr.THING_CLASSES and q.subject in lx.PERSON_SUBJECTS:
        return False  # "damaged", "landed": what happens to things, not to people
    # a verb outside the lexicon says little of "300 people" or of a bare number
    return not (measure.startswith(VERB) and (q.subject is None or q.subject in _NOT_COUNTED))


def _qualifies(q: Quantity, qualifiers: list[tuple[int, int]]) -> bool:
    """Is a measure, sum or score (``qualifiers``: their token spans, sorted) within three
    tokens of this bare count?"""
    k = bisect.bisect_left(qualifiers, (q.tok_start - 40, 0))
    for start, end in qualifiers[k : k + 64]:
        if 0 <= q.tok_start - end <= 3 or 0 <= start - q.tok_end <= 3:
            return True
        if start > q.tok_end + 3:
            break
    return False


_ANOTHER = (("another",), ("the", "other"), ("a", "second"))
_NUMBER_WORDS = lx.words("two three four five six seven eight nine ten")


def _individual(n: int, counts: list[Quantity], roles: list[Role | None], low: list[str]) -> bool:
    """Is count ``n`` "one" thing of an enumeration ("one bomb hit a school, another hit the
    market", "one hit a school and one landed on a market")?  Then it counts no group."""
    q, role = counts[n], roles[n]
    if q.number.low != 1 or q.number.high != 1 or role is None:
        return False
    noun = low[q.tok_end - 1] if q.unit else None
    for k in range(q.tok_end, min(len(low), q.tok_end + 40)):
        for phrase in _ANOTHER:
            if tuple(low[k : k + len(phrase)]) == phrase:
                nxt = low[k + len(phrase)] if k + len(phrase) < len(low) else ""
                if noun is not None and nxt in (noun, noun.rstrip("s")):
                    return True
                if noun is None and pr.class_of(nxt) == role.measure:
                    return True
                if phrase == ("the", "other") and (nxt in _NUMBER_WORDS or nxt[:1].isdigit()):
                    return True  # "one was severed, while the other two were cut"
    for m in range(n + 1, min(len(counts), n + 4)):
        c, other = counts[m], roles[m]
        one = c.number.low == c.number.high == 1
        if one and other is not None and c.subject == q.subject and other.measure == role.measure:
            return True
    return False


def sentence_claims(
    text: str,
    hedge_width: float = 0.5,
    approx_width: float = 0.1,
    toks: list[tuple[str, int, int]] | None = None,
) -> list[RawClaim]:
    """Every count claim in one sentence (``toks``: its tokens, when known)."""
    toks = tokens(text) if toks is None else toks
    counts = [q for q in find_quantities(text, hedge_width, approx_width, toks=toks)]
    return _claims(text, toks, counts)


class _SentenceCache:
    """``_sentence_claims``'s results by (sentence, widths): articles repeat sentences, and a
    sentence's claims depend on nothing else.  Bounded; ``cache_clear`` empties it."""

    SIZE = 4096
    found: ClassVar[dict[tuple[str, float, float], Any]] = {}

    @classmethod
    def cache_clear(cls) -> None:
        cls.found.clear()


_SENTENCES = _SentenceCache


def clear_caches() -> None:
    """Forget every sentence's claims and years (``engine.clear_caches``: a cold start)."""
    _SentenceCache.cache_clear()
    sentence_years.cache_clear()


def _sentence_claims(
    text: str, hedge_width: float, approx_width: float, toks: list[tuple[str, int, int]]
) -> tuple[tuple[RawClaim, ...], tuple[tuple[str, float, float], ...]]:
    """``sentence_claims`` once per distinct sentence (articles repeat sentences), and the
    (noun, low, high) of every count of it, claim or not (for ``NOUN_FIGURES``)."""
    key = (text, hedge_width, approx_width)
    found = _SENTENCES.found.get(key)
    if found is None:
        found = _SENTENCES.found[key] = _analyse(text, hedge_width, approx_width, toks)
        if len(_SENTENCES.found) > _SENTENCES.SIZE:
            _SENTENCES.found.pop(next(iter(_SENTENCES.found)))  # the oldest
    return found  # type: ignore[no-any-return]


def _analyse(
    text: str, hedge_width: float, approx_width: float, toks: list[tuple[str, int, int]]
) -> tuple[tuple[RawClaim, ...], tuple[tuple[str, float, float], ...]]:
    quantities = find_quantities(text, hedge_width, approx_width, toks=toks)
    nouns = tuple(
        (q.subject, float(q.number.low), float(q.number.high))
        for q in quantities
        if q.kind == "count" and q.subject is not None and q.subject != PARTITIVE
    )
    return tuple(_claims(text, toks, quantities)), nouns


def _claims(
    text: str, toks: list[tuple[str, int, int]], quantities: list[Quantity]
) -> list[RawClaim]:
    counts = [q for q in quantities if q.kind == "count"]
    if not counts:
        return _unknown_claims(text, toks, unknown_counts(text, toks))
    low = [t[0].lower() for t in toks]
    clauses = Clauses(text, toks, counts)
    year_tokens = [
        (-1 if q.tok_start > 0 and low[q.tok_start - 1] in _TEMPORAL else q.tok_start,
         int(q.number.value))
        for q in quantities
        if q.kind == "year"
    ]  # fmt: skip
    year_tokens.extend(
        (k, lx.PAST) for k in range(len(low) - 1) if (low[k], low[k + 1]) in lx.PAST_MARKERS
    )
    year_tokens.extend(
        (k, lx.PAST) for k in range(len(low) - 2) if tuple(low[k : k + 3]) in _EARLIER
    )
    earlier = _earlier_events(low)
    year_tokens.extend(
        (-1 if k == 0 or low[k - 1] == "," else k, MONTH_ANCHOR + _MONTH_NUMBER[low[k + 1]])
        for k in range(len(low) - 1)
        if low[k] in _TEMPORAL
        and low[k + 1] in _MONTH_NUMBER
        and not (k + 2 < len(low) and low[k + 2][:1].isdigit())
    )
    year_tokens.sort()
    roles = [clauses.predicate(n) for n in range(len(counts))]
    sources = Attributions(text, toks)
    qualifiers = [
        (q.tok_start, q.tok_end) for q in quantities if q.kind not in ("count", "year", "date")
    ]
    update_cues = _update_cues(low)
    claims = []
    years: set[int] = set()
    y = 0
    for n, q in enumerate(counts):
        role = clauses.scope(n, roles)
        if role is None or not _keep(q, role):
            continue
        if role.measure == COUNT and _qualifies(q, qualifiers):
            continue  # "226 yards on 22 carries": a count qualifying a measure, no fact
        if _individual(n, counts, roles, low) or _generic_one(q, low):
            continue  # "one bomb hit the school, another the market": bombs told one by one
        while y < len(year_tokens) and year_tokens[y][0] < q.tok_start + 5:
            years.add(year_tokens[y][1])  # (k == -1: "in 2004" dates the whole sentence)
            y += 1
        anchors = frozenset(years)
        e = bisect.bisect_right(earlier, (q.tok_start, len(low) + 1)) - 1
        if e >= 0 and earlier[e][0] <= q.tok_start < earlier[e][1]:
            anchors |= {lx.PAST}
        claims.append(
            RawClaim(
                quantity=q,
                measure=role.measure,
                attribution=sources.near(q.tok_start),
                places=clauses.places,
                years=anchors,
                update_cue=_update_cue(update_cues, q),
                value_start=q.number.start,
                value_end=q.number.end,
                verb=role.verb,
                scope=role.scope,
                where=role.where,
                scope_places=role.scope_places,
                superseded=_superseded(low, q, counts[n - 1].tok_end if n else 0),
            )
        )
    return claims  # (a figure in the sentence: its tie to an unknown one would be unclear)


def _unknown_claims(
    text: str, toks: list[tuple[str, int, int]], unknowns: list[Unknown]
) -> list[RawClaim]:
    """Claims that a figure is unknown ("did not say how many peacekeepers would be sent"):
    each needs a predicate of the lexicon, as a count does, and none is made where the sentence
    gives a figure ("it is unknown how many were hurt; one agency estimates at least 50")."""
    out = []
    sources: Attributions | None = None
    for u in unknowns:
        number = Number(u.start, u.end, text[u.start : u.end], 0.0, 0.0, 0.0, "unknown", True)
        q = Quantity(number, "count", u.unit, u.subject, u.tok_start, u.tok_end)
        clauses = Clauses(text, toks, [q])
        found = clauses.lexicon_cue(0)
        if found is None:
            continue
        sources = sources or Attributions(text, toks)
        out.append(
            RawClaim(
                quantity=q, measure=found, attribution=sources.near(u.tok_start),
                places=clauses.places, years=frozenset(), update_cue=False, value_start=u.start,
                value_end=u.end, unknown=True,
            )
        )  # fmt: skip
    return out


@dataclass(eq=False, kw_only=True)
class CountClaim(Found):
    """A count claim and what alignment needs to know about it (``compare.counts``)."""

    claim: Claim
    measure: str
    subject: str | None
    places: frozenset[str]
    years: frozenset[int]
    attribution_key: frozenset[str] | None
    update_cue: bool
    published: datetime | None
    words: Sequence[str]
    vector: dict[str, float] | None = None
    by_place: bool = False  # one of several counts of this measure by place in its article
    unknown: bool = False  # the report says the figure is unknown (no interval)
    vague: bool = False  # "dozens", "several": weak evidence, aligned on a higher bar
    verb: str | None = None  # the predicate's word as written ("offered"), for labels
    scope: str | None = None  # "part" / "whole" / None (``text.clauses``)
    where: str | None = None  # "in" / "out": the polarity of the count's place
    scope_places: frozenset[str] = frozenset()  # a part's own places ("in X alone")
    superseded: bool = False  # what earlier reports said ("originally reported two dead")
    owner: str | None = None  # name key of whose count it is ("Hansbrough scored 20 points")
    qualifier: str | None = None  # a name inside the counted phrase ("12 Israeli soldiers")
    of_whole: float | None = None  # a part's whole: 68 in "landed 28 of his 68 punches"
    ambiguous: bool = False  # its article counts this noun with several values (compare)
    elsewhere: bool = False  # an added count of another place ("another 5,000 in X")


_NUMBER_CUE = re.compile(
    r"[0-9]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion|dozens?|scores|hundreds|thousands|"
    r"millions|several|few|handful|couple|tens|no|none|nobody|many|numbers?)\b",
    re.IGNORECASE,
)
"""What every count starts with: a sentence without any is skipped at once."""


def extract(ctx: SentenceContext) -> list[CountClaim]:
    """Every count claim of one sentence (a part added to another count is none)."""
    if not _NUMBER_CUE.search(ctx.text):
        return []
    config = ctx.config
    raw, nouns = _sentence_claims(ctx.text, config.hedge_width, config.approx_width, ctx.tokens)
    if nouns:
        _count_nouns(ctx, nouns)
    out: list[CountClaim] = []
    seen: set[str] = set()  # measures of the claims before, in this sentence
    places_of: dict[int, dict[str, set[str]]] = ctx.report.memo(MEASURE_PLACES, dict)
    before = places_of.setdefault(ctx.article, {})
    for rc in raw:
        # "another two", "three other bombs": a part added to some other count (but "8 killed
        # and 300 others hurt" contrasts a measure no count before it has: a whole count)
        additive = rc.quantity.additive and (not seen or rc.measure in seen)
        seen.add(rc.measure)
        elsewhere = additive and _elsewhere(rc, before)
        if len(before) < _NOUNS_CAP:
            before.setdefault(rc.measure, set()).update(rc.places)
        if additive and not elsewhere:
            continue  # a part of a count given elsewhere: never the fact itself
        years = rc.years
        words = _context(ctx, rc)
        if not years and ctx.previous is not None:
            years = sentence_years(ctx.previous.text)
            if years:  # the previous sentence dates this one: its words are context too
                words = (*words, *sentence_stems(ctx.previous.text)[:CONTEXT_WORDS])
        q = rc.quantity
        claim = ctx.claim(
            Kind.COUNT,
            rc.value_start,
            rc.value_end,
            value=q.number.text,
            low=None if rc.unknown else float(q.number.low),
            high=None if rc.unknown else float(q.number.high),
            unit=q.unit,
            attribution=rc.attribution,
            measure=rc.verb if rc.measure.startswith(VERB) else rc.measure,
        )
        out.append(
            CountClaim(
                article=ctx.article,
                sentence=ctx.sentence,
                claim=claim,
                measure=rc.measure,
                subject=q.subject,
                places=rc.places,
                years=years,
                attribution_key=attribution_key(rc.attribution),
                update_cue=rc.update_cue,
                published=ctx.published,
                vague=q.number.hedge == "vague",
                unknown=rc.unknown,
                words=words,
                verb=rc.verb,
                scope=rc.scope,
                where=rc.where,
                scope_places=rc.scope_places,
                superseded=rc.superseded,
                owner=None if rc.unknown else _owner(ctx, q),
                qualifier=_qualifier(ctx, q),
                of_whole=q.of_whole,
                elsewhere=elsewhere,
            )
        )
    return out


MEASURE_PLACES = "count.measure-places"
"""Report memo: article -> measure -> keys of the places its claims so far name."""


def _elsewhere(rc: RawClaim, before: dict[str, set[str]]) -> bool:
    """Is an added count ("another 5,000 marched in X", "a further 300 were evacuated from
    Y") the count of another place: its sentence names a place that none of the article's
    earlier counts of that measure names?  Then it is that place's own figure (aligned only with
    figures for the same place, as a breakdown by place is), not a part of the toll before."""
    earlier = before.get(rc.measure)
    return earlier is not None and bool(rc.places) and not (rc.places & earlier)


CONTEXT_WORDS = 120
"""A claim's words for alignment are its sentence's stems; in a sentence of more stems (a
megabyte of text with no full stop) the stems within ``CONTEXT_CHARS`` of the value."""
CONTEXT_CHARS = 400


def _context(ctx: SentenceContext, rc: RawClaim) -> tuple[str, ...]:
    """The words a claim aligns on (shared by the claims of an ordinary sentence)."""
    words = ctx.words
    if len(words) <= CONTEXT_WORDS:
        return words
    text = ctx.text
    start = max(0, rc.value_start - CONTEXT_CHARS)
    return tuple(sentence_stems(text[start : rc.value_end + CONTEXT_CHARS]))


def _count_nouns(ctx: SentenceContext, nouns: Sequence[tuple[str, float, float]]) -> None:
    """Note, per article, the range of figures each counted noun is given (``NOUN_FIGURES``),
    claims or not: an article that counts "touchdowns" as two and as three is about several."""
    figures: dict[int, dict[str, tuple[float, float]]] = ctx.report.memo(NOUN_FIGURES, dict)
    mine = figures.setdefault(ctx.article, {})
    for subject, low, high in nouns:
        seen = mine.get(subject)
        if seen is None and len(mine) >= _NOUNS_CAP:
            continue
        # (lowest top, highest bottom): two figures are disjoint when the first is below the second
        mine[subject] = (high, low) if seen is None else (min(seen[0], high), max(seen[1], low))


NOUN_FIGURES = "count.noun-figures"
"""Report memo: article -> counted noun -> (lowest top, highest bottom) of its figures there."""
_NOUNS_CAP = 10_000


def _qualifier(ctx: SentenceContext, q: Quantity) -> str | None:
    """The capitalised words inside a count's noun phrase, as one name key ("36,700 Builders
    Transport shares", "12 Israeli soldiers"); None when there are none."""
    toks = ctx.tokens
    parts = [
        toks[k][0]
        for k in range(q.tok_start, min(q.tok_end, len(toks)))
        if toks[k][1] >= q.number.end and toks[k][0][:1].isupper() and toks[k][0].isalpha()
    ]
    return name_key("".join(parts)) if parts else None


_OWNER_BREAKS = frozenset([",", ";", ":", "(", ")", '"', "“", "”", "and", "but", "while", "that"])
_OWNER_WINDOW = 6


def _owner(ctx: SentenceContext, q: Quantity) -> str | None:
    """Whose count it is: a name just before the count, or before its verb, that is the
    clause's subject ("Hansbrough scored 20 points", "Manning completed his first 17 passes",
    "Hansbrough's 20 points", "Garrard, who completed 28 passes"); never a source ("Police
    said"), a place ("in Brenn"), or a name that is itself an object ("led Drake with 13")."""
    toks = ctx.tokens
    if q.tok_start == 0 or q.tok_start > len(toks):
        return None
    found = ctx._cache.get("mention_ends")
    if found is None:
        by_end = {t[2]: n for n, t in enumerate(toks)}
        found = {}
        for m in ctx.mentions:
            n = by_end.get(m.end)
            if n is not None:
                found[n] = m
        ctx._cache["mention_ends"] = found
    low = [t[0].lower() for t in toks[max(0, q.tok_start - _OWNER_WINDOW - 3) : q.tok_start]]
    offset = max(0, q.tok_start - _OWNER_WINDOW - 3)
    k = q.tok_start - 1
    while k >= max(0, q.tok_start - _OWNER_WINDOW):
        w = low[k - offset]
        mention = found.get(k)
        if mention is not None:
            first = k - len(mention.parts) + 1  # (parts are single tokens but for hyphens)
            before = low[first - 1 - offset] if first - 1 >= offset else ""
            if before in _OWNER_NOT_AFTER or pr.verb_like(before):
                return None
            return name_key(mention.parts[-1].removesuffix("'s").removesuffix("’s"))
        if w == "who" and k >= 2 and low[k - 1 - offset] == ",":
            k -= 2  # "Garrard, who completed 28 passes"
            continue
        if w in _OWNER_BREAKS or w in lx.ATTRIBUTION_VERBS:
            return None
        k -= 1
    return None


_OWNER_NOT_AFTER = lx.words(
    "in at near from of to by for against with over on into after before than"
)


@lru_cache(maxsize=4096)
def sentence_years(text: str) -> frozenset[int]:
    """The years a sentence names (to date the sentence after it)."""
    if not _YEARISH.search(text):
        return frozenset()
    return frozenset(int(q.number.value) for q in find_quantities(text) if q.kind == "year")


_YEARISH = re.compile(r"(?<![0-9,.])(?:1[89][0-9][0-9]|20[0-9][0-9]|2100)(?![0-9])")
