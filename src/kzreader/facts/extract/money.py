"""Money claims: an amount with its currency (ISO code, ``text.currency``), its scale, and what
the money measures in its clause.

Read: signs and codes before a figure ("$13.9bn", "US$13.9 billion", "$US1 million", "€2.5m",
"Dh472.72bn", "euro110 billion", "USD 5 million"), names after it ("twelve million dollars",
"30bn euros", "43 billion Australian dollars", "26 cents"); scales in words, glued or
hyphenated ("bn", "m", "-billion", "trillion"); ranges ("$12 billion to $13 billion", "$24 to
$26 per share").  A bare "$" is the outlet's local dollar (``currency.local_dollar``).  A sign
lost in encoding is no currency: the figure is not read.  A figure in brackets after another
("euro110 billion ($141 billion)") is that figure converted (``derived``), compared with it
within the exchange-rate tolerance.

What the money measures (``role``), from the governing noun or verb: a per-share price ("pay $25
a share", "the $25-per-share price"), a deal's value ("a $13.9 billion acquisition", "buy ...
for $13.9 billion", "a bid of nearly $14 billion"), a change in a share price and the level it
reached ("shares rose $5.27 to $24.13": ``change`` and ``price``), revenue, profit, a market's
size, a company's worth, damage, cost, aid (bailout, loan, package), savings and cuts, fines,
pay, debt, cash.  ``scope`` marks a figure on another basis ("including net debt") and a whole
("combined", "merged") set against its parts; ``anchor`` a background event (a deal "in 2002").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kzreader.facts import lexicon as lx
from kzreader.facts.context import Found, SentenceContext
from kzreader.facts.extract.measures import (
    DOWN,
    UP,
    anchor,
    lowered,
    numbers_of,
    segment,
    subjects,
)
from kzreader.facts.model import Claim, Kind
from kzreader.facts.text import currency as cur
from kzreader.facts.text.attribution import attribution
from kzreader.facts.text.numbers import HEDGES, Number, hedge_interval
from kzreader.facts.text.units import round_width

Tok = tuple[str, int, int]
UNKNOWN_DOLLAR = "XXX"
"""The ISO code for "no currency", given to a bare "$" beside an explicit "US$": some dollar."""

_CUE_WORDS = (
    frozenset(cur.SIGNS)
    | frozenset(cur.NAMES)
    | cur.CODES
    | frozenset(cur.PREFIX_WORDS)
    | frozenset(cur.CENTS) - {"p"}
    | cur.LOST_SIGNS
)
"""Tokens one of which a sentence with money holds: a cheap test first."""

ROLES: dict[str, str] = {}
for _role_name, _spec in {
    "deal": "acquisition acquisitions acquire acquires acquired acquiring buy buys bought buying "
    "purchase purchased purchasing takeover merger deal deals bid bids offer offered sale sell "
    "sells sold selling pay pays paid paying price prices priced values valued transaction",
    "revenue": "revenue revenues sales turnover",
    "profit": "profit profits earned earnings earn income",
    "loss": "loss losses lost",
    "market": "market markets industry",
    "value": "worth valuation capitalisation capitalization cap",
    "damage": "damage damages",
    "cost": "cost costs costing spent spend spending budget expense expenses",
    "aid": "bailout bailouts loan loans aid package rescue assistance lend lending lent fund "
    "funds funding grant grants",
    "savings": "save saving savings cuts slice slash slashing trim",
    "change": "increase increases rise rises gain gains drop drops fall falls decline declines "
    "jump jumps",
    "fine": "fine fines fined penalty penalties settlement compensation damages-award",
    "pay": "salary salaries wage wages bonus bonuses pension pensions",
    "debt": "debt debts owed owes",
    "cash": "cash reserves",
    "contract": "contract contracts",
    "bail": "bail ransom reward bounty",
    "tax": "tax taxes levy",
}.items():
    for _w in _spec.split():
        ROLES[_w] = _role_name
_SHARES = lx.words("shares share stock stocks")
_WORTH = lx.words("value capitalisation capitalization cap")
_SCOPE_BASIS = lx.words("including excluding plus incl")
_WHOLE = lx.words("combined merged together")
_PER = lx.words("a per each every")
_RATE = lx.words("year month week day hour")


@dataclass(frozen=True)
class Amount:
    """A money figure in one sentence (token indices, local char offsets)."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    value: float  # in units of the currency (scales applied)
    low: float
    high: float
    written: str  # the digits as written (for rounding)
    scale: float
    currency: str
    hedge: str | None


@dataclass(eq=False, kw_only=True)
class MoneyClaim(Found):
    """A money claim and what ``compare.money`` needs to align and judge it."""

    claim: Claim
    currency: str
    low: float
    high: float
    tolerance: float  # rounding of the written figure, in the currency
    role: str | None
    direction: str | None  # of a change: "up", "down"
    scope: str | None  # "basis" (including net debt...), "whole" (combined, merged)
    rate: str | None  # "year": a figure per year
    subjects: frozenset[str]
    anchor: int | None
    derived: bool  # a conversion in brackets of the figure before it
    change: float | None  # for a share price: the change the sentence gives, signed
    year: int | None  # the article's year, for exchange rates
    published: datetime | None
    words: list[str]
    vector: dict[str, float] | None = None


def _glued(toks: list[Tok], a: int, b: int) -> bool:
    return 0 <= a < len(toks) and 0 <= b < len(toks) and toks[a][2] == toks[b][1]


def _currency_before(toks: list[Tok], low: list[str], i: int, local: str) -> tuple[str, int] | None:
    """(currency, index of its first token) written before token i, or None; ("?", k) for a
    sign lost in encoding."""
    if i == 0:
        return None
    k = i - 1
    w = toks[k][0]
    if w in cur.LOST_SIGNS and _glued(toks, k, i):
        return "?", k
    if (
        w.isalpha()
        and _glued(toks, k, i)
        and k > 0
        and toks[k - 1][0] == "$"
        and _glued(toks, k - 1, k)
    ):
        code = cur.PREFIXED_DOLLARS.get(w.lower())  # "$US1 million"
        if code:
            return code, k - 1
    if w in cur.SIGNS:
        if w == "$" and k > 0 and toks[k - 1][0].isalpha() and _glued(toks, k - 1, k):
            code = cur.PREFIXED_DOLLARS.get(toks[k - 1][0].lower())  # "US$13.9bn", "A$43bn"
            if code:
                return code, k - 1
        return (local if w == "$" else cur.SIGNS[w]), k
    lw = w.lower()
    if lw in cur.PREFIX_WORDS and _glued(toks, k, i):
        return cur.PREFIX_WORDS[lw], k
    if lw in cur.CODES:
        return ("CNY" if lw == "rmb" else lw.upper()), k
    return None


def _currency_after(
    toks: list[Tok], low: list[str], j: int, scaled: bool, local: str
) -> tuple[str, int, float] | None:
    """(currency, token after its name, factor) written after a figure ending before token j."""
    k = j + 1 if j < len(low) and low[j] == "-" else j
    if k >= len(low):
        return None
    w = low[k]
    if w in cur.DOLLAR_ADJECTIVES and k + 1 < len(low) and low[k + 1] in ("dollar", "dollars"):
        return cur.DOLLAR_ADJECTIVES[w], k + 2, 1.0
    if w in ("dollar", "dollars") and k > 0 and low[k - 1] in cur.DOLLAR_ADJECTIVES:
        return cur.DOLLAR_ADJECTIVES[low[k - 1]], k + 1, 1.0
    if w in cur.CENTS and (w != "p" or _glued(toks, k - 1, k)):
        return ("GBP" if w in ("pence", "p") else local), k + 1, 0.01
    if w in cur.NAMES:
        if w in cur.WEAK_NAMES and not (
            scaled or (k + 1 < len(low) and low[k + 1] == "sterling") or (w == "won" and k == j)
        ):
            return None
        if w == "won" and k != j:
            return None
        return cur.NAMES[w], k + 1, 1.0
    if w in cur.CODES:
        return ("CNY" if w == "rmb" else w.upper()), k + 1, 1.0
    return None


def amounts(ctx: SentenceContext) -> list[tuple[Amount, bool]]:
    """Every money figure of one sentence with whether it is a bracketed conversion."""
    text = ctx.text
    low = lowered(ctx)
    if _CUE_WORDS.isdisjoint(low):
        return []
    toks = ctx.tokens
    article = ctx.report.articles[ctx.article]
    local = cur.local_dollar(getattr(article, "outlet", None), getattr(article, "url", None))
    starts = {t[1]: n for n, t in enumerate(toks)}
    ends = {t[2]: n for n, t in enumerate(toks)}
    config = ctx.config
    found: list[Amount] = []
    for num in numbers_of(ctx):
        a = _amount(toks, low, text, num, starts, ends, local, config.hedge_width,
                    config.approx_width)  # fmt: skip
        if a is not None:
            found.append(a)
    found = _ranges(found, low, text)
    if local == "USD" and any(text[a.start : a.start + 3].upper() in ("US$", "$US") for a in found):
        # an outlet that marks US dollars "US$" writes its own dollar as "$": which one the
        # text does not say ("$US1 million ($1.52 million)")
        found = [
            replace(a, currency=UNKNOWN_DOLLAR)
            if text[a.start : a.start + 1] == "$" and text[a.start + 1 : a.start + 2].isdigit()
            else a
            for a in found
        ]
    out: list[tuple[Amount, bool]] = []
    for n, a in enumerate(found):
        derived = n > 0 and text[found[n - 1].end : a.start].strip() in ("(", "[", "(or")
        out.append((a, derived))
    return out


def _hedge_before(low: list[str], k: int) -> tuple[str, int] | None:
    """The hedge phrase ending just before token k ("more than", "about"), with its start."""
    for size in range(4, 0, -1):
        if k - size >= 0 and tuple(low[k - size : k]) in HEDGES:
            return HEDGES[tuple(low[k - size : k])], k - size
    return None


def _amount(toks: list[Tok], low: list[str], text: str, num: Number, starts: dict[int, int],
            ends: dict[int, int], local: str, hedge_width: float = 0.5,
            approx_width: float = 0.1) -> Amount | None:  # fmt: skip
    i0, last = starts.get(num.start), ends.get(num.end)
    if i0 is None or last is None:
        return None
    i = i0
    while i <= last and not (toks[i][0][:1].isdigit() or low[i] in _NUMBER_WORDS):
        i += 1
    if i > last:
        return None
    j = last + 1
    value, lo, hi = num.value, num.low, num.high
    core = toks[i][0]
    base = float(core.replace(",", "")) if core[:1].isdigit() else None
    scale = value / base if base else 1.0
    if j < len(low) and low[j] == "trillion":
        value, lo, hi, scale, j = value * 1e12, lo * 1e12, hi * 1e12, scale * 1e12, j + 1
    before = _currency_before(toks, low, i, local)
    start = num.start
    factor = 1.0
    end_tok = j
    first = i0
    if before is not None:
        code, k = before
        if code == "?":
            return None  # a sign lost in encoding: which currency is unknown
        start = min(start, toks[k][1])
        first = min(first, k)
    else:
        after = _currency_after(toks, low, j, scale >= 1e6, local)
        if after is None:
            return None
        code, end_tok, factor = after
    written = core if base is not None else f"{value / scale:g}"
    hedge = num.hedge
    if hedge is None and first < i0:
        found = _hedge_before(low, first)  # "more than $1 million": the hedge before the sign
        if found is not None:
            hedge, k = found
            start = toks[k][1]
    end = toks[end_tok - 1][2] if end_tok > 0 else num.end
    if hedge in ("more", "least", "most", "less", "about", "nearly"):
        lo, hi = hedge_interval(hedge, value, hedge_width, approx_width)
    return Amount(start, max(end, num.end), first, end_tok, value * factor, lo * factor,
                  hi * factor, written, scale * factor, code, hedge)  # fmt: skip


_NUMBER_WORDS = lx.words(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred a an"
)


def _ranges(found: list[Amount], low: list[str], text: str) -> list[Amount]:
    """ "$12 billion to $13 billion", "$24 to $26 per share": one amount, an interval."""
    out: list[Amount] = []
    for a in found:
        prev = out[-1] if out else None
        gap = text[prev.end : a.start].strip().lower() if prev else ""
        if (
            prev is not None
            and gap in ("to", "-", "–", "and")
            and prev.currency == a.currency
            and prev.value < a.value
            and not (prev.tok_start > 0 and low[prev.tok_start - 1] == "from")
        ):
            middle = (prev.value + a.value) / 2
            out[-1] = Amount(prev.start, a.end, prev.tok_start, a.tok_end, middle, prev.low,
                             a.high, prev.written, prev.scale, a.currency, "range")  # fmt: skip
            continue
        out.append(a)
    return out


def _role(low: list[str], a: Amount) -> tuple[str | None, str | None, str | None]:
    """(role, direction, rate) of an amount: what the money measures (see the module doc)."""
    i, j = a.tok_start, a.tok_end
    after = [w for w in low[j : j + 4] if w != "-"]
    rate = None
    if len(after) >= 2 and after[0] in _PER and after[1] in _RATE:
        rate = after[1]  # "$54 billion a year", "644 million dollars a day"
    elif after[:1] == ["annually"]:
        rate = "year"
    if len(after) >= 2 and after[0] in _PER and after[1] in ("share", "unit"):
        return "per share", None, rate
    if len(after) >= 2 and after[0] in _PER and after[1].isalpha() and after[1] not in _RATE:
        return f"per {after[1].rstrip('s')}", None, rate  # "16.67 dollars a barrel"
    # a change of a share price, or the level it reached
    if any(w in _SHARES for w in low[:i]):
        prev = low[i - 1] if i > 0 else ""
        if prev in UP or prev in DOWN:
            return "share change", ("up" if prev in UP else "down"), rate
        if prev in ("at", "to") or (i > 1 and low[i - 2] in ("at", "to")):
            return "share price", None, rate
    # "market value", "market capitalisation": a company's worth, not a market's size
    for k in range(max(0, i - 6), min(len(low) - 1, j + 6)):
        worth = low[k] == "market" and low[k + 1] in _WORTH
        if worth and (k + 1 < i or (k > j and low[j] not in ROLES)):
            return "value", None, rate
    prev = low[i - 1] if i > 0 else ""
    moved = "up" if prev in UP else "down" if prev in DOWN else None  # "loans declined $114m"
    if moved and a.tok_end > a.tok_start + 1:
        role, _d, rate2 = _role(low, replace(a, tok_start=a.tok_end))
        return role, moved, rate or rate2
    # the noun the amount modifies, or "in revenue", "in damages"
    for w in after[:3]:
        if w in ROLES:
            return ROLES[w], None, rate
        if w in ("in", "of", "worth") and after.index(w) < 2:
            nxt = after[after.index(w) + 1] if after.index(w) + 1 < len(after) else ""
            if nxt in ROLES:
                return ROLES[nxt], None, rate
            break
        if not w.isalpha():
            break
    # the nearest governing word before it in its clause, then anywhere before
    for k in range(i - 1, max(-1, i - 12), -1):
        w = low[k]
        if w in (";",):
            break
        if w == "worth" and k > 0 and low[k - 1] in ROLES:
            return ROLES[low[k - 1]], None, rate  # "deals worth about $2.5 billion"
        if w in ROLES:
            return ROLES[w], None, rate
    tail = low[j : j + 10]
    for n, w in enumerate(tail):
        if w in ROLES:
            while n + 1 < len(tail) and tail[n + 1] in ROLES:
                n += 1  # "a debt bailout": the compound's head
            return ROLES[tail[n]], None, rate
    return None, None, rate


PARTY_ROLES = frozenset({"deal", "contract", "pay", "fine", "profit", "revenue", "loss", "value"})
"""Money a named party pays, earns or is worth: that party's names decide (``_agent``)."""


def _agent(ctx: SentenceContext, low: list[str], a: Amount) -> frozenset[str]:
    """Who pays, earns or is worth the money: the names before the verb or noun that governs it
    ("The Hawks offered Ramos $160 million": the Hawks), else every name before it, else the
    names of its clause."""
    verb = next((k for k in range(a.tok_start - 1, -1, -1) if low[k] in ROLES), None)
    if verb is not None and verb < segment(ctx.tokens, low, a.tok_start, a.tok_end)[0]:
        # "The Hawks bid $160 million, the Owls between $140 and $150 million": a name of the
        # amount's own stretch before it is the agent of the verb left out
        start = ctx.tokens[segment(ctx.tokens, low, a.tok_start, a.tok_end)[0]][1]
        here = ctx.tokens[a.tok_start][1]
        if any(start <= m.start and m.end <= here and m.text[:1].isupper() for m in ctx.mentions):
            return subjects(ctx, a.tok_start, a.tok_end)
    if verb is not None:
        keys = subjects(ctx, verb, verb + 1)
        if keys:
            return keys
    return subjects(ctx, a.tok_start, a.tok_end)


def _scope(low: list[str], a: Amount) -> str | None:
    i = a.tok_start
    before = low[:i]
    if any(w in _SCOPE_BASIS for w in before) or "net of" in " ".join(before[-4:]):
        return "basis"  # "Including EDS' net debt, HP values the acquisition at $13.9 billion"
    if any(w in _WHOLE for w in low[:i]) or "newly" in low[:i]:
        return "whole"  # "the combined entity", "the newly merged company"
    return None


# words that make the figure after them another thing's, set beside this one for comparison
# ("dwarfing the $90 million deal", "compared with last year's $3 billion", "eclipsing the
# $2 billion record"): a reference point, not a claim about the story's money
_COMPARING = lx.words(
    "dwarf dwarfing dwarfs dwarfed eclipse eclipsing eclipses eclipsed beating beats compared "
    "comparison versus vs"
)  # ("topped", "exceeded $5 billion" say the figure's own size: hedges, still claims)
_EXCEEDING = lx.words(
    "surpass surpassing surpasses surpassed exceed exceeding exceeds exceeded top topping tops "
    "topped match matching matches matched"
)
_DETERMINERS = lx.words("the a an his her their its this that last")


def _question(text: str) -> bool:
    """A question asserts no figure ("Should the club go higher than $25 million?")."""
    return text.rstrip(" \"'”’)").endswith("?")


_EXPECTING = lx.words("expected expects expect forecast forecasts projected predicted anticipated")


def _expected(low: list[str], a: Amount) -> bool:
    """Whether the amount is what someone expects ("the offer was expected to be in the range of
    $145 million to $175 million", "analysts forecast revenue of $5 billion"): a forecast, not a
    statement of the figure, within its clause before it."""
    for k in range(a.tok_start - 1, max(-1, a.tok_start - 10), -1):
        w = low[k]
        if w in _EXPECTING:
            # "the deal, expected to close in June, is worth ...": a time expected, not the sum
            return low[k + 1 : k + 3] not in (["to", "close"], ["to", "complete"])
        if w in (";", ".", ":", ",", "but", "while", "though", "although"):
            return False
    return False


def _reference(low: list[str], a: Amount) -> bool:
    """Whether the amount is a figure set beside the story's for comparison: after a comparing
    word within its noun phrase ("dwarfing the four-year, $90 million deal"), or "than the
    $184 million" (a determiner: another's figure; "more than $5 million" is a hedge)."""
    i = a.tok_start
    for k in range(i - 1, max(-1, i - 9), -1):
        w = low[k]
        if w in _COMPARING:
            return True
        if (w == "than" or w in _EXCEEDING) and k + 1 < i and low[k + 1] in _DETERMINERS:
            return True  # "surpassing the $90 million deal": another's ("surpassed $5bn": own)
        if w in (";", ".", ":") or (w.isalpha() and w in lx.AUXILIARIES):
            return False
        if w == "," and k != i - 1:  # "four-year, $90 million": a comma of the phrase only
            return False
    return False


def extract(ctx: SentenceContext) -> list[MoneyClaim]:
    """Every money claim of one sentence."""
    if _question(ctx.text):
        return []
    found = amounts(ctx)
    if not found:
        return []
    toks = ctx.tokens
    low = lowered(ctx)
    text = ctx.text
    out: list[MoneyClaim] = []
    last_change: MoneyClaim | None = None
    published = ctx.published
    for a, derived in found:
        if _reference(low, a) or _expected(low, a):
            continue
        role, direction, rate = _role(low, a)
        change = None
        if role == "share price" and last_change is not None and last_change.currency == a.currency:
            sign = -1.0 if last_change.direction == "down" else 1.0
            change = sign * (last_change.low + last_change.high) / 2
        claim = ctx.claim(
            Kind.MONEY,
            a.start,
            a.end,
            value=text[a.start : a.end],
            low=a.low,
            high=a.high,
            unit=a.currency,
            attribution=attribution(text, toks, a.tok_start),
            measure=role,
        )
        found_claim = MoneyClaim(
            article=ctx.article,
            sentence=ctx.sentence,
            claim=claim,
            currency=a.currency,
            low=a.low,
            high=a.high,
            tolerance=round_width(a.written) * a.scale if a.hedge != "range" else 0.0,
            role=role,
            direction=direction,
            scope=_scope(low, a),
            rate=rate,
            subjects=_agent(ctx, low, a)
            if role in PARTY_ROLES
            else subjects(ctx, a.tok_start, a.tok_end, whole=role == "per share"),
            anchor=anchor(ctx, low, a.tok_start, a.tok_end, events=False),
            derived=derived,
            change=change,
            year=published.year if published else None,
            published=published,
            words=list(ctx.words),
        )
        if role == "share change":
            last_change = found_claim
        out.append(found_claim)
    return out
