"""The ``money`` kind's comparator: which money claims state one fact, and its verdict.

Two money claims can be one fact (``same_fact``) only when they measure the same thing (a
per-share price, a deal's value, a share price and a change in it, revenue, a market's size,
damage, aid...; ``extract.money``), at the same rate (per year or not), for the same background
event (``anchor``), on the same footing (a whole, "the combined company", is not its part), of
the same company where a share price or a change is concerned, and within ``SCALE_APART`` of
each other once in one currency.  A change ("rose $5.27") is one fact with another only when
the two give the same change.  Among those, sentence similarity plus agreement bonuses decides
(``align.cluster``).

Comparing: amounts in one currency directly, with the rounding of each written figure; in two
currencies through the dated table of ``text.currency_rates`` (annual averages), with
``CONVERSION_TOLERANCE``, only when both articles' dates fall in a covered year, else the
claims are named not comparable; currencies pegged to each other (the dirham to the dollar)
through their peg, without that tolerance.  A conversion in brackets is a figure converted at
some day's rate: ``CONVERSION_SPREAD`` more.

Verdicts: ``agree``, ``compatible`` (every pair fits; or an article gives two figures on two
bases, "including net debt", and every other figure fits one of them), ``conflict`` (a pair
does not fit).  A group where every article fits but one is split (``group``): the fitting
claims are one fact and the one that does not is set against the nearest figure it contradicts
(the dirham conversion against the nearest dollar one).  Share prices are checked by their
changes: "rose 26 cents to $24.34" means a previous close of $24.08, so another report's close
of $24.13 does not add up (``conflict``), while a report whose previous close is the other's
close is a later day's price (``update``).
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from kzreader.facts.compare.align import cluster, similarity
from kzreader.facts.compare.reasons import agreement
from kzreader.facts.context import ReportContext
from kzreader.facts.extract.money import PARTY_ROLES, MoneyClaim
from kzreader.facts.model import Fact, Verdict
from kzreader.facts.text.currency_rates import CONVERSION_TOLERANCE, convert

CONVERSION_SPREAD = 0.03
"""Two conversions of one figure made on nearby days by two outlets differ by this much."""
PEGGED = frozenset(
    {frozenset({"AED", "USD"}), frozenset({"SAR", "USD"}), frozenset({"QAR", "USD"})}
)
SCALE_APART = 2.0
"""Amounts of one fact are never this many times apart: a larger gap is another figure."""
PERIOD_ROLES = frozenset({"revenue", "profit", "loss", "market", "value", "cash", "debt"})
"""Figures of a period (a year's revenue): a year names the period, not another event."""
BASE = 0.25
MARGIN = 0.1
CENT = 0.011
_STRICT_SUBJECTS = frozenset({"share price", "share change", "per share"})


def group(found: list[MoneyClaim], report: ReportContext) -> list[list[MoneyClaim]]:
    """Money claims that state one fact (``align.cluster``), each group in article order; a
    group where every article fits but one is split (see the module doc)."""
    buckets: dict[str | None, list[MoneyClaim]] = {}
    for c in found:
        buckets.setdefault(c.role, []).append(c)  # only claims of one role can be one fact
    groups: list[list[MoneyClaim]] = []
    for role, bucket in buckets.items():
        if role is None:
            groups.extend([c] for c in bucket)
            continue
        groups.extend(
            cluster(
                bucket,
                report,
                same_fact=same_fact,
                score=score,
                bar=lambda a, b: report.config.similarity + MARGIN,
                restates=_restates,
            )
        )
    out: list[list[MoneyClaim]] = []
    for g in groups:
        g.sort(key=lambda c: (c.article, c.claim.start))
        out.extend(_split(g))
    return out


def _restates(a: MoneyClaim, b: MoneyClaim) -> bool:
    """One article may give a figure and its conversion, restate it, or give it on two bases."""
    return a.derived or b.derived or _fits(a, b) or a.scope == "basis" or b.scope == "basis"


def same_fact(a: MoneyClaim, b: MoneyClaim) -> bool:
    """Could these two claims (of different articles) state one fact?"""
    if a.role != b.role or (a.rate and b.rate and a.rate != b.rate):
        return False
    if a.anchor != b.anchor and not (
        a.role in PERIOD_ROLES and (a.anchor is None or b.anchor is None)
    ):
        return False  # a deal "in 2002" is another deal; revenue "in 2007" may be the latest
    if (a.scope == "whole") != (b.scope == "whole"):
        return False
    if a.direction != b.direction:
        return False
    if a.role is None:
        return False  # money of no known kind: any two figures of a story would do
    whole = a.scope == "whole" and b.scope == "whole"  # "the merged company": named or not
    if a.role in PARTY_ROLES and not (a.subjects & b.subjects) and not whole:
        return False  # another bidder's offer, another company's revenue: whose must be said
    if a.role in _STRICT_SUBJECTS and not (a.subjects and b.subjects and a.subjects & b.subjects):
        return False
    if a.role == "share change" and not _fits(a, b):
        return False  # changes of other days: set apart unless they agree
    ratio = _ratio(a, b)
    return ratio is None or ratio <= SCALE_APART


def score(a: MoneyClaim, b: MoneyClaim) -> float:
    s = BASE + 0.5 * similarity(a, b)
    if a.role is not None:
        s += 0.1
    if a.subjects & b.subjects:
        s += 0.1
    if _fits(a, b):
        s += 0.15
    return s


# -- comparing two amounts --------------------------------------------------------------------


def _in(c: MoneyClaim, currency: str, year: int | None) -> tuple[float, float] | None:
    """A claim's interval in ``currency`` (through the table at ``year``), None if it has no
    rate for that year."""
    if c.currency == currency:
        return c.low, c.high
    if year is None:
        return None
    low, high = (
        convert(c.low, c.currency, currency, year),
        convert(c.high, c.currency, currency, year),
    )
    if low is None or high is None:
        return None
    return low, high


def _pair(
    a: MoneyClaim, b: MoneyClaim
) -> tuple[tuple[float, float], tuple[float, float], float] | None:
    """Both claims' intervals in ``b``'s currency and the relative tolerance between them, or
    None when they are not comparable (no rate for both articles' years)."""
    if a.currency == b.currency:
        rel = CONVERSION_SPREAD if (a.derived or b.derived) else 0.0
        return (a.low, a.high), (b.low, b.high), rel
    if a.year is None or b.year is None:
        return None
    pegged = frozenset({a.currency, b.currency}) in PEGGED
    ia = _in(a, b.currency, a.year)
    if ia is None:
        return None
    rel = (0.0 if pegged else CONVERSION_TOLERANCE) + (
        CONVERSION_SPREAD if (a.derived or b.derived) else 0.0
    )
    if not pegged and a.year != b.year:
        rel += CONVERSION_TOLERANCE
    return ia, (b.low, b.high), rel


def _ratio(a: MoneyClaim, b: MoneyClaim) -> float | None:
    got = _pair(a, b)
    if got is None:
        return None
    (al, ah), (bl, bh), _rel = got
    small, big = min(ah, bh), max(al, bl)
    return big / small if small > 0 else None


def _fits(a: MoneyClaim, b: MoneyClaim) -> bool:
    """Do two amounts fit together (intervals meet, with rounding and conversion)?  Amounts
    that cannot be compared fit (nothing says otherwise)."""
    got = _pair(a, b)
    if got is None:
        return True
    (al, ah), (bl, bh), rel = got
    ta = a.tolerance * (ah / a.high if a.high else 1.0)
    al, ah = al - ta, ah + ta
    bl, bh = bl - b.tolerance, bh + b.tolerance
    al, ah = al * (1 - rel), ah * (1 + rel)
    return max(al, bl) <= min(ah, bh) + 1e-9 * max(abs(bh), 1.0)


def comparable(a: MoneyClaim, b: MoneyClaim) -> bool:
    return _pair(a, b) is not None


# -- groups and verdicts ----------------------------------------------------------------------


def _articles(claims: list[MoneyClaim]) -> dict[int, list[MoneyClaim]]:
    by: dict[int, list[MoneyClaim]] = {}
    for c in claims:
        by.setdefault(c.article, []).append(c)
    return by


def _two_bases(claims: list[MoneyClaim]) -> tuple[MoneyClaim, MoneyClaim] | None:
    """An article's figure and its figure on another basis ("including net debt")."""
    for rows in _articles(claims).values():
        basis = [c for c in rows if c.scope == "basis"]
        plain = [c for c in rows if c.scope != "basis" and not c.derived]
        for b in basis:
            for p in plain:
                if not _fits(b, p):
                    return p, b
    return None


def _consistent(claims: list[MoneyClaim]) -> bool:
    """Every pair of claims of different articles fits; or an article gives two bases and every
    claim fits one of them, the claims fitting each basis fitting each other."""
    pairs = [(a, b) for a, b in combinations(claims, 2) if a.article != b.article]
    if all(_fits(a, b) for a, b in pairs):
        return True
    bases = _two_bases(claims)
    if bases is None:
        return False
    sides = [[c for c in claims if _fits(c, base)] for base in bases]
    if any(not (_fits(c, bases[0]) or _fits(c, bases[1])) for c in claims):
        return False
    return all(
        _fits(a, b) for side in sides for a, b in combinations(side, 2) if a.article != b.article
    )


def _split(g: list[MoneyClaim]) -> list[list[MoneyClaim]]:
    """[g], or the fitting claims and the one article that does not fit set against the
    nearest claim it contradicts."""
    by = _articles(g)
    if len(by) < 3 or _consistent(g):
        return [g]
    outliers = []
    for article, rows in by.items():
        rest = [c for c in g if c.article != article]
        if _consistent(rest):
            outliers.append((article, rows, rest))
    if len(outliers) != 1:
        return [g]
    _article, rows, rest = outliers[0]
    rows = [o for o in rows if any(comparable(o, c) and not _fits(o, c) for c in rest)]
    against = [
        (abs(_gap(o, c)), c) for o in rows for c in rest if comparable(o, c) and not _fits(o, c)
    ]
    if not against:
        return [g]
    nearest = min(against, key=lambda t: t[0])[1]
    return [rest, sorted([*rows, nearest], key=lambda c: (c.article, c.claim.start))]


def _gap(a: MoneyClaim, b: MoneyClaim) -> float:
    got = _pair(a, b)
    if got is None:
        return float("inf")
    (al, ah), (bl, bh), _rel = got
    mid_a, mid_b = (al + ah) / 2, (bl + bh) / 2
    return abs(mid_a - mid_b) / max(abs(mid_b), 1e-9)


_LABELS = {
    "deal": "deal value", "per share": "price per share", "share price": "share price",
    "share change": "change in share price", "revenue": "revenue", "profit": "profit",
    "loss": "loss", "market": "market size", "value": "value", "damage": "damage",
    "cost": "cost", "aid": "aid, loan or bailout", "savings": "savings or cuts", "fine": "fine",
    "pay": "pay", "debt": "debt", "cash": "cash", "contract": "contracts",
    "bail": "bail, ransom or reward", "tax": "tax",
}  # fmt: skip


def _label(g: list[MoneyClaim]) -> str:
    c = g[0]
    text = _LABELS.get(c.role or "", "amount")
    if c.role in _STRICT_SUBJECTS:
        names = Counter(n for x in g for n in x.subjects).most_common(1)
        if names:
            text += f" ({names[0][0]})"
    if c.scope == "whole":
        text += ", combined"
    if c.rate:
        text += f" per {c.rate}"
    if c.anchor:
        text += f" ({c.anchor})"
    return text


def display(c: MoneyClaim) -> str:
    return " ".join(c.claim.value.split())


def judge(group: list[MoneyClaim], report: ReportContext) -> Fact:
    """The fact: its label ("deal value"), verdict and one-line reason."""
    claims = tuple(c.claim for c in group)
    label = _label(group)
    values = list(dict.fromkeys(display(c) for c in group))
    cross = [(a, b) for a, b in combinations(group, 2) if a.article != b.article]
    unmatched = [(a, b) for a, b in cross if not comparable(a, b)]
    if cross and len(unmatched) == len(cross):
        reason = " vs ".join(values) + ": not comparable (no exchange rate for the articles' dates)"
        return Fact(label, Verdict.COMPATIBLE, reason, claims)
    if len({(c.low, c.high, c.currency) for c in group}) == 1:
        return Fact(label, Verdict.AGREE, agreement(claims, values[0]), claims)
    if group[0].role == "share price":
        verdict = _prices(group)
        if verdict is not None:
            return Fact(label, verdict[0], verdict[1], claims)
    if _consistent(group):
        bases = _two_bases(group)
        if bases is not None:
            reason = f"{display(bases[0])} and {display(bases[1])} on another basis"
        else:
            reason = " and ".join(values) + " fit together"
            if len({c.currency for c in group}) > 1:
                reason += " (converted at annual average rates)"
        return Fact(label, Verdict.COMPATIBLE, reason, claims)
    apart = [(a, b) for a, b in cross if comparable(a, b) and not _fits(a, b)]
    a, b = apart[0] if apart else (group[0], group[-1])
    reason = f"{display(a)} vs {display(b)}"
    if a.currency != b.currency:
        got = _pair(a, b)
        if got is not None:
            (lo, hi), _other, _rel = got
            how = (
                "at the peg"
                if frozenset({a.currency, b.currency}) in PEGGED
                else (f"at {a.year}'s average rate")
            )
            reason += f" (≈ {_money((lo + hi) / 2, b.currency)} {how})"
    return Fact(label, Verdict.CONFLICT, reason, claims)


def _money(amount: float, currency: str) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(amount) >= scale:
            return f"{currency} {amount / scale:.1f} {word}"
    return f"{currency} {amount:,.2f}"


def _prices(group: list[MoneyClaim]) -> tuple[Verdict, str] | None:
    """Share prices with the changes that reached them: do the figures add up?  The report
    whose previous close (its price less its change) comes nearest another's price is read as
    the later day: equal, it is a later close (``update``); not, the figures do not add up."""
    best: tuple[float, MoneyClaim, MoneyClaim, float] | None = None
    for a in (c for c in group if c.change is not None):
        for b in group:
            if b.article == a.article or abs(a.low - b.low) <= CENT:
                continue
            previous = a.low - (a.change or 0.0)
            gap = abs(previous - b.low)
            if best is None or gap < best[0]:
                best = (gap, a, b, previous)
    if best is None:
        return None
    gap, a, b, previous = best
    move = f"{'rise' if (a.change or 0) > 0 else 'fall'} of {abs(a.change or 0):.2f}"
    if gap <= CENT:
        return Verdict.UPDATE, f"{display(a)} is a later close, a {move} from {display(b)}"
    return Verdict.CONFLICT, (
        f"{display(b)} vs {display(a)}: a {move} to {display(a)} means a previous close of "
        f"{previous:.2f}, not {display(b)}"
    )
