"""HTML pages -> article text and metadata, with the standard library's ``html.parser``: the
fallback of ``htmltext`` when trafilatura finds no article, and the "old path" of
``benchmarks/bench_extract.py``.

Keeps the text of headings, paragraphs, list items and figure captions; drops scripts, styles,
navigation, headers, footers, asides and forms.  When the page has an ``<article>`` element, only
its blocks are kept.  ``<title>``, ``og:title``, ``og:site_name``, ``article:published_time`` and
``author`` meta tags give the metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kzreader.library.htmlbound import bound_markup

_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "iframe",
    ]
)
_BLOCKS = frozenset(["p", "h1", "h2", "h3", "li", "figcaption", "blockquote", "pre", "td", "dd"])
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
        "source",
        "track",
        "wbr",
    ]
)
_BREAKS = (
    _BLOCKS
    | _SKIP
    | frozenset(
        ["div", "section", "article", "table", "tr", "ul", "ol", "figure", "h4", "h5", "h6"]
    )
)
_SPACE = re.compile(r"\s+")


@dataclass
class HtmlPage:
    title: str | None = None
    site_name: str | None = None
    published: str | None = None
    author: str | None = None
    headline: str | None = None
    blocks: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    #: The page's own URL (``<link rel=canonical>``, ``og:url``), when it states one.
    canonical_url: str | None = None
    #: What found the blocks: "trafilatura" or "html.parser".
    extractor: str = "html.parser"


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()
        self.skip_depth = 0
        self.stack: list[str] = []
        self.open_count: dict[str, int] = {}  # per tag name: end tags matched in O(1)
        self.block: str | None = None
        self.buffer: list[str] = []
        self.in_title = False
        self.in_article = 0
        self.article_blocks: list[str] = []
        self.other_blocks: list[str] = []
        self.title_parts: list[str] = []
        self.og_title: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
            return
        if tag in _VOID:
            if tag == "br" and self.block:
                self.buffer.append("\n")
            return
        self.stack.append(tag)
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        if self.block is not None and tag in _BREAKS:
            self._flush()  # a block-level tag ends an unclosed paragraph, as browsers do
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag == "article":
            self.in_article += 1
        elif tag == "title":
            self.in_title = True
        elif tag in _BLOCKS and self.block is None and not self.skip_depth:
            self.block, self.buffer = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.open_count.get(tag):
            return
        while self.stack:
            open_tag = self.stack.pop()
            self.open_count[open_tag] -= 1
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth -= 1
        elif tag == "article":
            self.in_article -= 1
        elif tag == "title":
            self.in_title = False
        elif tag == self.block:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif self.block and not self.skip_depth:
            self.buffer.append(data)

    def _flush(self) -> None:
        tag, self.block = self.block, None
        for piece in "".join(self.buffer).split("\n"):
            text = _SPACE.sub(" ", piece).strip()
            if not text:
                continue
            if tag == "figcaption":
                self.page.captions.append(text)
                continue
            if tag == "h1" and self.page.headline is None:
                self.page.headline = text
                continue
            (self.article_blocks if self.in_article else self.other_blocks).append(text)

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        value = _SPACE.sub(" ", attrs.get("content") or "").strip()
        if not value:
            return
        if key == "og:title":
            self.og_title = self.og_title or value
        elif key == "og:site_name":
            self.page.site_name = value
        elif key in ("article:published_time", "datepublished", "date", "pubdate"):
            self.page.published = self.page.published or value
        elif key in ("author", "article:author") and not value.startswith("http"):
            self.page.author = value

    def finish(self) -> HtmlPage:
        self.close()
        if self.block:
            self._flush()
        page = self.page
        page.title = _SPACE.sub(" ", "".join(self.title_parts)).strip() or None
        page.blocks = self.article_blocks or self.other_blocks
        page.headline = page.headline or self.og_title
        return page


def parse_html(markup: str) -> HtmlPage:
    """Extract the article blocks and metadata of one HTML page (linear in its size: the
    markup is bounded first, and end tags are matched through per-name counts)."""
    extractor = _Extractor()
    extractor.feed(bound_markup(markup))
    return extractor.finish()
