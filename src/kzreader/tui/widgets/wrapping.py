"""Word-wrap text into display lines that remember their character offsets, and fit values
into table cells without changing what they say.

The article view needs to know on which display line a character offset lands (to scroll to a
search match) and which part of each line to highlight, so it wraps text itself instead of
letting Rich wrap it.  The facts table cuts a value only after a whole word and shows that it
did ("at least…", "more than 200 +1"), never inside a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len

from kzreader import wording

_TOKEN = re.compile(r"\S+\s*")


@dataclass(frozen=True, slots=True)
class Line:
    """One display line: ``text[start:end]`` of its source string, drawn with ``kind``'s style."""

    start: int
    end: int
    kind: str  # "title", "meta", "body", "blank"


def wrap_spans(text: str, width: int, base: int = 0) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text`` to ``width`` cells; returns (start, end) offsets + ``base``.

    Trailing spaces are dropped from each line; a word wider than the line is split.
    """
    width = max(width, 1)
    measure = len if text.isascii() else cell_len  # one cell per character: the common case
    spans: list[tuple[int, int]] = []
    line_start = -1
    line_end = 0
    used = 0
    for match in _TOKEN.finditer(text):
        word_start, word_stop = match.start(), match.end()
        word_end = word_start + len(match.group().rstrip())
        word_cells = measure(text[word_start:word_end])
        if line_start >= 0 and used + word_cells > width:
            spans.append((base + line_start, base + line_end))
            line_start = -1
        while word_cells > width:  # a word longer than the whole line: hard split
            cut = word_start
            cells = 0
            while cut < word_end and cells + measure(text[cut]) <= width:
                cells += measure(text[cut])
                cut += 1
            cut = max(cut, word_start + 1)
            spans.append((base + word_start, base + cut))
            word_start = cut
            word_cells = measure(text[word_start:word_end])
        if line_start < 0:
            line_start = word_start
            used = 0
        line_end = word_end
        used += word_cells + (word_stop - word_end)
    if line_start >= 0:
        spans.append((base + line_start, base + line_end))
    return spans or [(base, base)]


# --- fitting a value into a table cell ---------------------------------------------------------


def fit(text: str, width: int, whole_words: bool = True) -> str:
    """``text`` in at most ``width`` terminal cells: whole, or cut with "…" after a whole word
    (``whole_words``; else anywhere, as names are), never inside a number (``wording.fit``)."""
    return wording.fit(text, width, cell_len, whole_words)


def fit_values(values: list[str], width: int, separator: str = ", ") -> str:
    """Values in ``width`` cells: as many whole ones as fit, then "+N" (``wording.fit_values``)."""
    return wording.fit_values(values, width, separator, cell_len)
