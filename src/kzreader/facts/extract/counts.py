"""Count claims: each count of people or things with its measure, subject, attribution, places
and years (the ``count`` kind's extractor).

Measures are found next to the count: after its noun phrase ("12 police officers were killed",
"24 dead") or just before it ("killing at least one", "the deaths of eight officers"), never across
another count, so "killed 6 children and left 14 others trapped" gives killed=6 and trapped=14.
A count becomes a claim only with a measure from the casualty-and-arrest lexicon
(``lexicon.MEASURES``), or as a bare count of a named kind of people ("20,000 refugees").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kzreader.facts import lexicon as lx
from kzreader.facts.context import Found, SentenceContext, sentence_stems
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text.attribution import attribution, attribution_key
from kzreader.facts.text.names import name_key
from kzreader.facts.text.numbers import Number, tokens
from kzreader.facts.text.quantities import PARTITIVE, Quantity, find_quantities
from kzreader.facts.text.unknown import Unknown, unknown_counts

COUNT = "count"
"""The measure of a bare count: no verb says what happened to what was counted."""
_AFTER_WINDOW = 7
_BEFORE_WINDOW = 6
_NOMINAL_WINDOW = 12  # "the death toll from the fire in the hills has risen to 31"
_BREAKS = frozenset(";:")
_COORD = frozenset(["and", "or", "but", ",", "while", "whereas"])
_PREPOSITIONS = lx.words("from in at on with by after before during into across near for among")
_TEMPORAL = frozenset(["in", "since", "during", "until", "by"])
_NOMINAL_CUES = frozenset(["toll", "deaths", "fatalities", "casualties", "injuries", "arrests"])
_PLACE_NOUNS = lx.words(
    "city town village streets street province district region capital state county"
)


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
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    unknown: bool = False  # "an unspecified number of": the figure is said to be unknown


def measure_cues(toks: list[tuple[str, int, int]]) -> dict[int, str]:
    """Token index -> measure, for every cue in the sentence (phrases first)."""
    cues: dict[int, str] = {}
    low = [t[0].lower() for t in toks]
    for phrase, measure in lx.PHRASES.items():
        n = len(phrase)
        for k in range(len(low) - n + 1):
            if tuple(low[k : k + n]) == phrase:
                for m in range(k, k + n):
                    cues.setdefault(m, measure)
    for k, w in enumerate(low):
        if k not in cues and w in lx.MEASURE_OF:
            cues[k] = lx.MEASURE_OF[w]
    return cues


def _inserted(c: Quantity, toks: list[tuple[str, int, int]]) -> bool:
    """A count set inside another's clause: ", including 10 children,", "(among them 3 boys)"."""
    before = toks[c.tok_start - 1][0].lower() if c.tok_start > 0 else ""
    return before in ("including", "among", "incl")


def _coordinated(q: Quantity, c: Quantity, toks: list[tuple[str, int, int]]) -> bool:
    """ "two women and one man died": the verb after the second count governs the first too."""
    return c.tok_start == q.tok_end + 1 and toks[q.tok_end][0].lower() in ("and", "or")


def _measure_for(
    q: Quantity, cues: dict[int, str], counts: list[Quantity], toks: list[tuple[str, int, int]]
) -> tuple[str, int] | None:
    others = [c for c in counts if c is not q]
    starts = sorted(c.tok_start for c in others)
    # a measure word inside the noun phrase: "the two wounded men", "12 dead protesters"
    for k in range(q.tok_start, q.tok_end):
        if k in cues and toks[k][1] >= q.number.end:
            return cues[k], k
    # a verb right before the number governs it: "killing at least one", "injuring 300 others"
    for k in range(q.tok_start - 1, max(q.tok_start - 4, -1), -1):
        if toks[k][0].lower() in _COORD or any(c.tok_end == k + 1 for c in others):
            break
        if k in cues and toks[k][0].lower() not in lx.AFTER_ONLY:
            return cues[k], k
    # after the noun phrase, before any other count (but across ", including 10 children,")
    inserts = [
        c
        for c in others
        if c.tok_start >= q.tok_end and (_inserted(c, toks) or _coordinated(q, c, toks))
    ]
    limit = min(
        [s for s in starts if s >= q.tok_end and not any(c.tok_start == s for c in inserts)]
        + [q.tok_end + _AFTER_WINDOW + sum(c.tok_end - c.tok_start + 2 for c in inserts)]
    )
    for k in range(q.tok_end, min(limit, len(toks))):
        if toks[k][0] in _BREAKS:
            break
        if k in cues:
            return cues[k], k
    # just before the number, after any other count
    floor = max(
        [c.tok_end for c in others if c.tok_end <= q.tok_start] + [q.tok_start - _NOMINAL_WINDOW]
    )
    crossed_preposition = False
    for k in range(q.tok_start - 1, max(floor, 0) - 1, -1):
        w = toks[k][0].lower()
        if toks[k][0] in _BREAKS or w in _COORD:
            break
        if k in cues and w not in lx.AFTER_ONLY:
            # "death toll ... to 11", "put the toll at 45"
            nominal = w in _NOMINAL_CUES or (k + 1 < len(toks) and toks[k + 1][0].lower()
                                                in _NOMINAL_CUES)  # fmt: skip
            near = q.tok_start - k <= _BEFORE_WINDOW
            if nominal or (near and not crossed_preposition):
                return cues[k], k
            return None
        if w in _PREPOSITIONS:
            crossed_preposition = True
    return None


def places(text: str, toks: list[tuple[str, int, int]]) -> frozenset[str]:
    """Keys of capitalised names after in/at/near ("in North Varna district" -> northvarna)."""
    found = set()
    for k, (w, _s, _e) in enumerate(toks[:-1]):
        lw = w.lower()
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
        parts = []
        while m < len(toks) and toks[m][0][:1].isupper() and toks[m][0].isalpha():
            parts.append(toks[m][0])
            m += 1
        if parts and parts[0].lower() not in lx.MONTHS | lx.WEEKDAYS:
            found.add(name_key("".join(parts)))
    return frozenset(found)


def _update_cue(low: list[str], q: Quantity) -> bool:
    window = low[max(0, q.tok_start - 8) : q.tok_start]
    for cue in lx.UPDATE_CUES:
        n = len(cue)
        if any(tuple(window[k : k + n]) == cue for k in range(len(window) - n + 1)):
            return True
    return q.number.hedge == "revised"


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
    unknowns = unknown_counts(text, toks)
    if not counts and not unknowns:
        return []
    low = [t[0].lower() for t in toks]
    cues = measure_cues(toks)
    year_tokens = [
        (-1 if q.tok_start > 0 and low[q.tok_start - 1] in _TEMPORAL else q.tok_start,
         int(q.number.value))
        for q in quantities
        if q.kind == "year"
    ]  # fmt: skip
    year_tokens.extend(
        (k, lx.PAST) for k in range(len(low) - 1) if (low[k], low[k + 1]) in lx.PAST_MARKERS
    )
    where = places(text, toks)
    claims = []
    for q in counts:
        if q.subject == PARTITIVE:
            continue
        found = _measure_for(q, cues, counts, toks)
        if found is None:
            # no measure: a plain count of a named kind ("a camp of 20,000 refugees") is kept as
            # a "count" of that noun, which aligns only on the same noun and stronger evidence
            if (
                q.subject not in lx.PERSON_SUBJECTS - lx.GENERIC_SUBJECTS
                or q.additive
                or q.number.value < 2
                or q.number.hedge == "vague"
            ):
                continue  # definite counts of a kind of people ("21,000 refugees"), not of
                # "people" in general (jobs, unemployment), shares, cents or "thousands of"
            found = (COUNT, -1)
        measure, _cue = found
        if measure in lx.PERSON_MEASURES and q.subject in lx.NON_PERSON_SUBJECTS:
            continue  # "injured ... from several villages": villages are not the injured
        if measure == "damaged" and q.subject in lx.PERSON_SUBJECTS:
            continue
        claims.append(
            RawClaim(
                quantity=q,
                measure=measure,
                attribution=attribution(text, toks, q.tok_start),
                places=where,
                years=frozenset(y for k, y in year_tokens if k < q.tok_start + 5),
                # (k == -1: "in 2004" dates the whole sentence)
                update_cue=_update_cue(low, q),
                value_start=q.number.start,
                value_end=q.number.end,
            )
        )
    claims.extend(_unknown_claims(text, toks, unknowns, counts, cues, where))
    return claims


def _unknown_claims(
    text: str,
    toks: list[tuple[str, int, int]],
    unknowns: list[Unknown],
    counts: list[Quantity],
    cues: dict[int, str],
    where: frozenset[str],
) -> list[RawClaim]:
    """Claims that a figure is unknown ("did not say how many peacekeepers would be sent"):
    each needs a measure, as a count does, and none is made where the sentence gives a figure
    ("it is unknown how many were hurt; one agency estimates at least 50")."""
    out = []
    for u in unknowns:
        number = Number(u.start, u.end, text[u.start : u.end], 0.0, 0.0, 0.0, "unknown", True)
        q = Quantity(number, "count", u.unit, u.subject, u.tok_start, u.tok_end)
        found = _measure_for(q, cues, counts, toks)
        if found is None or counts:
            continue  # a figure in the same sentence: its tie to the unknown one is unclear
        out.append(
            RawClaim(
                quantity=q, measure=found[0], attribution=attribution(text, toks, u.tok_start),
                places=where, years=frozenset(), update_cue=False, value_start=u.start,
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
    words: list[str]
    vector: dict[str, float] | None = None
    by_place: bool = False  # one of several counts of this measure by place in its article
    unknown: bool = False  # the report says the figure is unknown (no interval)
    vague: bool = False  # "dozens", "several": weak evidence, aligned on a higher bar


def extract(ctx: SentenceContext) -> list[CountClaim]:
    """Every count claim of one sentence (a part added to another count is none)."""
    config = ctx.config
    raw = sentence_claims(ctx.text, config.hedge_width, config.approx_width, ctx.tokens)
    out: list[CountClaim] = []
    for k, rc in enumerate(raw):
        # "another two", "three other bombs": a part added to some other count (but "8 killed
        # and 300 others hurt" contrasts two measures: that is a whole count)
        if rc.quantity.additive and not any(r.measure != rc.measure for r in raw[:k]):
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
            low=None if rc.unknown else float(q.number.low),
            high=None if rc.unknown else float(q.number.high),
            unit=q.unit,
            attribution=rc.attribution,
            measure=rc.measure,
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
            )
        )
    return out


def sentence_years(text: str) -> frozenset[int]:
    """The years a sentence names (to date the sentence after it)."""
    return frozenset(int(q.number.value) for q in find_quantities(text) if q.kind == "year")
