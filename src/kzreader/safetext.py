"""Untrusted text made safe to show: the one sanitiser every layer uses.

Articles, titles, outlet names, feed fields, URLs and file names come from outside.  Before such
text enters the library (or is shown by a face), control characters that a terminal would obey
are removed: C0 controls except newline and tab, ESC, DEL and the C1 range, plus the bidi
embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069) that reorder what a
reader sees.  Everything else is kept.  A carriage return becomes a newline (CRLF one newline)
so that line structure survives.  Offsets computed on the sanitised text stay exact because the
library only ever stores sanitised text.

This module has no imports beyond ``re``: the faces use it on their hot paths.
"""

from __future__ import annotations

import re

# C0 except \t (09) and \n (0a); \r is handled apart.  DEL (7f) and C1 (80-9f).
# U+202A-U+202E: LRE RLE PDF LRO RLO; U+2066-U+2069: LRI RLI FSI PDI.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CRLF = re.compile("\r\n?")
#: What :func:`visible` marks: the unsafe characters, CR (which returns the cursor) and lone
#: surrogates (undecodable bytes of a file name, which no terminal encoding can write).
_SHOWN = re.compile(
    "[\r\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: The mark :func:`visible` puts in place of each such character.
MARK = "\ufffd"
_BREAKS = re.compile(r"[\n\t\u2028\u2029]+")
#: Also removed from one-line fields: line and paragraph separators.
_SEPARATORS = "\u2028\u2029"


def sanitize(text: str) -> str:
    """``text`` without terminal controls or bidi overrides; newlines and tabs kept."""
    if text.isprintable():  # the common case: nothing to do (printable excludes \n and \t)
        return text
    if "\r" in text:
        text = _CRLF.sub("\n", text)
    return _UNSAFE.sub("", text)


def one_line(text: str) -> str:
    """A field shown on one line (title, outlet, URL, file name): sanitised, with newlines,
    tabs and line separators folded to single spaces and the ends stripped."""
    text = sanitize(text)
    if "\n" in text or "\t" in text or any(c in text for c in _SEPARATORS):
        text = _BREAKS.sub(" ", text)
    return text.strip()


def visible(text: str) -> str:
    """``text`` with every character :func:`sanitize` would remove, CR and lone surrogates
    replaced by :data:`MARK`: the same length, so offsets into the text stay exact.

    The faces' own defence, for text that did not come through the library's sanitiser: what
    a terminal would obey is shown as a mark instead.  Newlines and tabs are kept.
    """
    if text.isprintable():
        return text
    return _SHOWN.sub(MARK, text)


def is_safe(text: str) -> bool:
    """True when ``text`` holds nothing :func:`sanitize` would remove (CR counts as unsafe)."""
    return text.isprintable() or (_UNSAFE.search(text) is None and "\r" not in text)
