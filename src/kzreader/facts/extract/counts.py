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

import itertools
from dataclasses import dataclass, field
from datetime import datetime

from kzreader.facts import lexicon as lx
from kzreader.facts.context import Found, SentenceContext, sentence_stems
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text import predicates as pr
from kzreader.facts.text.attribution import Attributions, attribution, attribution_key
from kzreader.facts.text.clauses import COUNT, VERB, Clauses, Role, measure_cues, places
from kzreader.facts.text.numbers import tokens
from kzreader.facts.text.quantities import Quantity, find_quantities

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


_SUPERSEDED = frozenset(["originally", "initially", "previously"])
_EARLY = frozenset(["earlier", "first", "initial", "early"])
_REPORTS = frozenset(["reports", "report", "estimates", "estimate", "figures", "figure", "count",
                      "toll", "accounts", "reported"])  # fmt: skip


def _superseded(low: list[str], q: Quantity, floor: int) -> bool:
    """Is the count what earlier reports said ("originally reported that two died", "initial
    reports put the toll at 12")?  Looked for in the eight tokens before it, after ``floor``."""
    window = low[max(floor, q.tok_start - 8) : q.tok_start]
    if any(w in _SUPERSEDED for w in window):
        return True
    return any(a in _EARLY and b in _REPORTS for a, b in itertools.pairwise(window))


def _update_cue(low: list[str], q: Quantity) -> bool:
    window = low[max(0, q.tok_start - 8) : q.tok_start]
    for cue in lx.UPDATE_CUES:
        n = len(cue)
        if any(tuple(window[k : k + n]) == cue for k in range(len(window) - n + 1)):
            return True
    return q.number.hedge == "revised"


def _keep(q: Quantity, role: Role) -> bool:
    """Is this count with this predicate a claim?"""
    measure = role.measure
    if measure == COUNT:
        # a plain count of a named kind ("a camp of 20,000 refugees", "three explosions") is
        # kept as a count of that noun, which aligns only on the same noun and more evidence
        return not (
            q.subject is None
            or q.subject in _NOT_COUNTED
            or q.additive
            or q.number.value < 2
            or q.number.hedge == "vague"
        )
    if measure in lx.PERSON_MEASURES and q.subject in lx.NON_PERSON_SUBJECTS:
        return False  # "injured ... from several villages": villages are not the injured
    if measure in pr.THING_CLASSES and q.subject in lx.PERSON_SUBJECTS:
        return False  # "damaged", "landed": what happens to things, not to people
    if measure.startswith(VERB) and (q.subject is None or q.subject in _NOT_COUNTED):
        # a verb outside the lexicon says little of "300 people" or of a bare number
        return q.subject == "people" and q.number.hedge != "vague" and not q.additive
    return True


def _qualifies(q: Quantity, qualifiers: list[tuple[int, int]]) -> bool:
    """Is a measure, sum or score within three tokens of this bare count?"""
    return any(
        0 <= q.tok_start - end <= 3 or 0 <= start - q.tok_end <= 3 for start, end in qualifiers
    )


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
    quantities = find_quantities(text, hedge_width, approx_width, toks=toks)
    counts = [q for q in quantities if q.kind == "count"]
    if not counts:
        return []
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
    claims = []
    years: set[int] = set()
    y = 0
    for n, q in enumerate(counts):
        role = clauses.scope(n, roles)
        if role is None or not _keep(q, role):
            continue
        if role.measure == COUNT and _qualifies(q, qualifiers):
            continue  # "226 yards on 22 carries": a count qualifying a measure, no fact
        if _individual(n, counts, roles, low):
            continue  # "one bomb hit the school, another the market": bombs told one by one
        while y < len(year_tokens) and year_tokens[y][0] < q.tok_start + 5:
            years.add(year_tokens[y][1])  # (k == -1: "in 2004" dates the whole sentence)
            y += 1
        claims.append(
            RawClaim(
                quantity=q,
                measure=role.measure,
                attribution=sources.near(q.tok_start),
                places=clauses.places,
                years=frozenset(years),
                update_cue=_update_cue(low, q),
                value_start=q.number.start,
                value_end=q.number.end,
                verb=role.verb,
                scope=role.scope,
                where=role.where,
                scope_places=role.scope_places,
                superseded=_superseded(low, q, counts[n - 1].tok_end if n else 0),
            )
        )
    return claims


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
    words: list[str]
    vector: dict[str, float] | None = None
    by_place: bool = False  # one of several counts of this measure by place in its article
    vague: bool = False  # "dozens", "several": weak evidence, aligned on a higher bar
    verb: str | None = None  # the predicate's word as written ("offered"), for labels
    scope: str | None = None  # "part" / "whole" / None (``text.clauses``)
    where: str | None = None  # "in" / "out": the polarity of the count's place
    scope_places: frozenset[str] = frozenset()  # a part's own places ("in X alone")
    superseded: bool = False  # what earlier reports said ("originally reported two dead")


def extract(ctx: SentenceContext) -> list[CountClaim]:
    """Every count claim of one sentence (a part added to another count is none)."""
    config = ctx.config
    raw = sentence_claims(ctx.text, config.hedge_width, config.approx_width, ctx.tokens)
    out: list[CountClaim] = []
    seen: set[str] = set()  # measures of the claims before, in this sentence
    for rc in raw:
        # "another two", "three other bombs": a part added to some other count (but "8 killed
        # and 300 others hurt" contrasts two measures: that is a whole count)
        additive = rc.quantity.additive and not (seen - {rc.measure})
        seen.add(rc.measure)
        if additive:
            continue  # a part of a count given elsewhere: never the fact itself
        years = rc.years
        words = list(ctx.words)
        if not years and ctx.previous is not None:
            years = sentence_years(ctx.previous.text)
            if years:  # the previous sentence dates this one: its words are context too
                words += sentence_stems(ctx.previous.text)
        q = rc.quantity
        claim = ctx.claim(
            Kind.COUNT,
            rc.value_start,
            rc.value_end,
            value=q.number.text,
            low=float(q.number.low),
            high=float(q.number.high),
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
                words=words,
                verb=rc.verb,
                scope=rc.scope,
                where=rc.where,
                scope_places=rc.scope_places,
                superseded=rc.superseded,
            )
        )
    return out


def sentence_years(text: str) -> frozenset[int]:
    """The years a sentence names (to date the sentence after it)."""
    return frozenset(int(q.number.value) for q in find_quantities(text) if q.kind == "year")
