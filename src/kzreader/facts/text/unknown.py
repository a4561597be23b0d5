"""Figures a report says are unknown: "an unspecified number of peacekeepers", "did not say how
many troops would be sent", "it is not known how many were hurt".

``unknown_counts(text, toks)`` finds each such phrase with the counted noun it names (when it
names one) and the token span the count extractor treats like a number's: the phrase becomes a
count claim whose value is unknown (``extract.counts``), set beside the figures other outlets
give (``compare.counts``).  General wording only: a determiner with an "unknown" adjective
before "number(s) of", or a verb of telling negated before "how many".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzreader.facts import lexicon as lx

# "an unspecified number of", "an undisclosed number of", "unknown numbers of"
_NUMBER_OF = re.compile(
    r"\b(?:(?:an?|the)\s+)?(?:unspecified|unknown|undisclosed|undetermined|unconfirmed|"
    r"unstated|uncounted|indeterminate|untold)\s+numbers?(?=\s+of\b)",
    re.I,
)
# "did not say how many", "would not specify how many", "it is unclear how many",
# "it was not known how many", "gave no figure for how many"
_HOW_MANY = re.compile(
    r"\b(?:(?:did|does|do|would|could|can|will|has|have|had)\s*(?:not|n['’]t)\s+"
    r"(?:say|said|specify|disclose|reveal|give|state|indicate|confirm|know|tell|mention|"
    r"elaborate on)"
    r"|(?:declined|refused|failed)\s+to\s+(?:say|specify|disclose|reveal|give|state|confirm)"
    r"|(?:is|was|are|were|remains|remained)\s+(?:still\s+)?(?:not\s+(?:yet\s+)?(?:known|clear)|"
    r"unknown|unclear|uncertain)"
    r"|(?:no\s+(?:word|information|indication)\s+(?:on|of|about))"
    r"|(?:it['’]s\s+(?:not\s+known|unknown|unclear)))"
    r"(?:\s+exactly)?\s+how\s+many\b",
    re.I,
)
_CUE = re.compile(r"how\s+many|numbers?\s+of", re.I)


@dataclass(frozen=True)
class Unknown:
    """An unknown figure in one sentence (offsets local to it).

    ``tok_start``/``tok_end`` span the phrase and its counted noun (when given), as a number's
    quantity would; ``unit``/``subject`` are the counted noun as written and its class."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    unit: str | None
    subject: str | None


def _noun_after(toks: list[tuple[str, int, int]], k: int) -> tuple[str | None, str | None, int]:
    """(noun as written, its subject class, index after) of the counted noun at token ``k``:
    up to three words (adjectives and the noun), none a verb or function word."""
    words: list[int] = []
    j = k
    while j < len(toks) and len(words) < 3:
        w = toks[j][0]
        lw = w.lower()
        if not w.isalpha() or lw in _NOT_NOUN or lw in lx.MEASURE_OF or lw.endswith("ly"):
            break
        words.append(j)
        j += 1
        if lw in lx.SUBJECTS:
            break
    if not words:
        return None, None, k
    unit = " ".join(toks[i][0] for i in words)
    subject = None
    for i in reversed(words):
        subject = lx.SUBJECTS.get(toks[i][0].lower())
        if subject:
            break
    if subject is None:
        last = toks[words[-1]][0].lower()
        subject = last[:-1] if last.endswith("s") and not last.endswith("ss") else last
    return unit, subject, j


_NOT_NOUN = lx.words(
    "the a an of were was are is be been being had have has would will could can may might "
    "should did do does and or but that which who whom when where while as in on at by for to "
    "from with into had there it they he she we you i people's"
) - {"people"}


def unknown_counts(text: str, toks: list[tuple[str, int, int]]) -> list[Unknown]:
    """Every unknown figure one sentence states, in text order."""
    if not _CUE.search(text):
        return []
    starts = {t[1]: n for n, t in enumerate(toks)}
    ends = {t[2]: n for n, t in enumerate(toks)}
    out = []
    for pattern in (_NUMBER_OF, _HOW_MANY):
        for m in pattern.finditer(text):
            first = starts.get(m.start())
            last = ends.get(m.end())
            if first is None or last is None:
                continue
            after_phrase = last + 2 if pattern is _NUMBER_OF else last + 1  # past "of"
            unit, subject, after = _noun_after(toks, after_phrase)
            out.append(Unknown(m.start(), m.end(), first, after, unit, subject))
    out.sort(key=lambda u: u.start)
    return out
