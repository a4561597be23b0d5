"""Markup made safe to parse in linear time: nesting depth capped.

HTML parsers spend time per open element on each end tag they cannot match (a page of 40,000
open and 40,000 mismatched close tags took the old parser 41.5 s; libxml2 searches its stack of
open elements too), and libxml2 stops reading a document at 256 levels of nesting, so deeper
pages lose their text.  ``bound_markup`` walks the tags once, keeping a stack of open elements
with the positions of each tag name, so that each end tag is matched or ignored in amortised
constant time (an element is pushed and popped once):

- past ``max_depth``, a wrapper's start tag (div, span, font...) is dropped, its text kept,
  and a text block's (p, h1-h6, li, blockquote, td...) first closes the innermost open element
  (an end tag is inserted): the page stays that shallow, no text is lost, paragraphs stay
  paragraphs;
- the implied end tags of HTML that matter for depth are applied: a ``<p>``, ``<li>``,
  ``<dt>``/``<dd>``, ``<tr>``, ``<td>``/``<th>``, ``<option>`` closes the open one of its kind
  within its scope (an ``<li>`` inside a nested ``<ul>`` does not close the outer ``<li>``), and
  a block element closes an open ``<p>``.  Each name keeps the stack positions of its open
  elements, so a scope test is a few comparisons, not a walk down the stack;
- comments and the raw text of ``<script>``, ``<style>``, ``<textarea>``, ``<title>`` are
  skipped with one ``find`` each.

The scan is regular-expression work that never looks past the next ``<``, so it is linear in
the page size.  Markup that never nests deeper than ``max_depth`` comes back unchanged (all
150 pages of the web corpus do), so every parser after it works on a bounded stack.
"""

from __future__ import annotations

import re

MAX_DEPTH = 180  # below libxml2's 256, with room for what the parser adds (html, body)

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_.-]*)([^<>]*)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "keygen",
    ]
)
_TEXT_BLOCKS = frozenset(
    (
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "figcaption",
        "td",
        "th",
        "tr",
        "table",
    )
)
_RAW = frozenset(("script", "style", "textarea", "title", "xmp", "plaintext"))
#: A start tag of the key closes an open element of these names, unless one of the scope
#: elements was opened after it (HTML's "implied end tags", simplified).
_IMPLIED: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
_LIST_SCOPE = frozenset(("ul", "ol", "menu", "table", "td", "th", "button"))
_DL_SCOPE = frozenset(("dl", "table", "td", "th"))
_TABLE_SCOPE = frozenset(("table",))
_P_SCOPE = frozenset(("button", "table", "td", "th", "caption", "object", "marquee", "template"))
_IMPLIED.update(
    {
        "li": (("li",), _LIST_SCOPE),
        "dt": (("dt", "dd"), _DL_SCOPE),
        "dd": (("dt", "dd"), _DL_SCOPE),
        "tr": (("tr", "td", "th"), _TABLE_SCOPE),
        "td": (("td", "th"), _TABLE_SCOPE | {"tr"}),
        "th": (("td", "th"), _TABLE_SCOPE | {"tr"}),
        "option": (("option",), frozenset(("select", "datalist", "optgroup"))),
    }
)
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "div",
        "dl",
        "fieldset",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
        "figure",
        "figcaption",
        "details",
        "li",
        "dd",
        "dt",
    ]
)


def bound_markup(markup: str, max_depth: int = MAX_DEPTH) -> str:
    """``markup`` nesting no deeper than ``max_depth`` (see the module's rules)."""
    stack: list[str] = []
    where: dict[str, list[int]] = {}  # per name: stack positions of its open elements
    out: list[str] = []
    copied = 0  # markup[:copied] is in out
    pos = 0
    n = len(markup)
    changed = False
    lower: str | None = None  # markup.lower(), made once when a raw-text element appears

    def pop_to(name: str) -> None:
        while stack:
            top = stack.pop()
            where[top].pop()
            if top == name:
                return

    def open_in_scope(name: str, scope: frozenset[str]) -> bool:
        mine = where.get(name)
        if not mine:
            return False
        at = mine[-1]
        return all(not where.get(b) or where[b][-1] < at for b in scope)

    while pos < n:
        lt = markup.find("<", pos)
        if lt < 0:
            break
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            pos = n if end < 0 else end + 3
            continue
        match = _TAG.match(markup, lt)
        if match is None:
            pos = lt + 1
            continue
        closing, name, rest = match.group(1), match.group(2).lower(), match.group(3)
        pos = match.end()
        if closing:
            if where.get(name):
                pop_to(name)
            continue  # a stray end tag is left to the parser, which ignores it
        if name in _VOID or rest.endswith("/"):
            continue
        if name in _RAW:
            if lower is None:
                lower = markup.lower()
            end = lower.find(f"</{name}", pos) if name != "plaintext" else -1
            pos = n if end < 0 else end
            if end >= 0:
                close = markup.find(">", end)
                pos = n if close < 0 else close + 1
            continue
        if name in _IMPLIED:
            names, scope = _IMPLIED[name]
            for other in names:
                if open_in_scope(other, scope):
                    pop_to(other)
        if name in _CLOSES_P and open_in_scope("p", _P_SCOPE):
            pop_to("p")
        if len(stack) >= max_depth:
            if name not in _TEXT_BLOCKS:
                out.append(markup[copied:lt])  # a wrapper too deep: the tag goes, its text stays
                copied, changed = pos, True
                continue
            # a paragraph (heading, list item...) after a pile of unclosed wrappers: close the
            # innermost element first, so the paragraph still opens, one level up
            top = stack.pop()
            where[top].pop()
            out.append(markup[copied:lt])
            out.append(f"</{top}>")
            copied, changed = lt, True
        where.setdefault(name, []).append(len(stack))
        stack.append(name)
    if not changed:
        return markup
    out.append(markup[copied:])
    return "".join(out)
