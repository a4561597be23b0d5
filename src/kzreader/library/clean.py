"""Raw article text -> headline, metadata and clean paragraphs (general rules only).

The pipeline, one line at a time (every non-empty line is a paragraph candidate):

1. Front matter (``---`` / ``key: value`` / ``---``) gives title, outlet, byline, published.
2. Header: page furniture before the headline is dropped (and marks the page as having site
   chrome); the first remaining line is the headline.  Just after it, byline lines ("By ..."),
   date lines ("Posted Jan 5, 2022 6:10 PM CST") become metadata.  A sentence-case line without
   final punctuation there is the deck (sub-headline): it is KEPT as the first paragraph, because
   it states facts of the story.  A Title Case line there followed by a caption or a video player
   is another headline (gallery, video) and is dropped.
3. Trailing furniture: an end marker ("Related Articles", "Leave a Reply", "16x9 Image",
   "(More X stories.)", ...) in the last part of the page drops itself and what follows it.
4. Body: cruft lines (see ``cruft.py``) are dropped; photo captions and lines repeated twice in a
   row go to ``captions``; a short Title Case line right before a video player or a caption is that
   video's or gallery's title and is dropped.  Every other line is kept, in order.
5. A document left with no paragraph (a table, a list) keeps all its non-furniture lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from kzreader.library import cruft, meta
from kzreader.library.dates import date_line
from kzreader.library.htmltext import HtmlPage, extract_html


@dataclass
class CleanDocument:
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: datetime | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    #: The URL the article states for itself (an HTML page's canonical link or og:url, a text
    #: file's ``url:`` front matter).
    canonical_url: str | None = None


_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BULLET = re.compile(r"^[•·▪◦*+-]\s+")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_STAMP = re.compile(r"(?:posted|published|updated|last updated|first posted)\b", re.I)
_HEADER_SPAN = 8
_LATE_STAMP_SPAN = 2  # body lines searched for a date stamp when the header had none
_TAIL_SHARE = 0.6
_TAIL_MAX_LINES = 12


def _lines(text: str, markdown: bool) -> list[str]:
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            continue
        line = _BULLET.sub("", line)
        if markdown:
            line = _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", _MD_HEADING.sub("", line)))
        if line:
            out.append(line)
    return out


def clean_document(
    text: str, is_html: bool = False, is_markdown: bool = False, url: str | None = None
) -> CleanDocument:
    """Clean one article's text (or HTML page, fetched from ``url`` when known) into headline,
    metadata and paragraphs.  HTML goes through trafilatura (``htmltext.extract_html``)."""
    if is_html:
        return clean_page(extract_html(text, url))
    doc = CleanDocument()
    values, text = meta.front_matter(text)
    lines = _lines(text, markdown=is_markdown)
    doc.title = values.get("title")
    doc.outlet = values.get("outlet") or values.get("source") or values.get("publisher")
    doc.byline = values.get("byline") or values.get("author")
    when = values.get("published") or values.get("date")
    doc.published = meta.front_matter_date(when) if when else None
    doc.canonical_url = values.get("url") or values.get("link")
    _clean_lines(lines, doc)
    return doc


def clean_page(page: HtmlPage) -> CleanDocument:
    """An extracted HTML page through the line cleaner: its blocks are lines like a text
    file's, its metadata fills the header, its figure captions stay apart."""
    doc = CleanDocument()
    doc.title = _without_site(page.headline or page.title, page.site_name)
    doc.outlet = page.site_name
    doc.byline = page.author
    doc.published = meta.front_matter_date(page.published) if page.published else None
    doc.captions.extend(page.captions)
    doc.canonical_url = page.canonical_url
    _clean_lines(page.blocks, doc)
    return doc


def _without_site(title: str | None, site: str | None) -> str | None:
    """ "Bridge Reopens | The Gazette" -> "Bridge Reopens" when the page names its site."""
    if title and site:
        for separator in (" | ", " - ", " – ", " — ", " :: "):
            if title.endswith(separator + site):
                return title[: -len(separator + site)].strip() or title
    return title


def _clean_lines(lines: list[str], doc: CleanDocument) -> None:
    start, chrome = _header(lines, doc)
    body = lines[start:]
    if doc.published is None:
        # A dateline after a one-sentence deck ("Headline / Deck sentence. / SATURDAY, ...").
        for j, line in enumerate(body[:_LATE_STAMP_SPAN]):
            if when := date_line(line):
                doc.published = when
                body = body[:j] + body[j + 1 :]
                break
    doc.outlet = doc.outlet or meta.outlet_from_lines(lines, doc.byline, chrome)
    _body(_cut_tail(body), doc)
    if not doc.paragraphs:
        # No prose at all (a table, a list of names): keep every line that is not furniture
        # rather than lose the document.
        title = doc.title
        kept = [
            line
            for line in lines
            if line != title and not cruft.is_cruft(line) and date_line(line) is None
        ]
        doc.paragraphs = [line for i, line in enumerate(kept) if i == 0 or kept[i - 1] != line]
        doc.captions = [line for line in doc.captions if line not in doc.paragraphs]


def _header(lines: list[str], doc: CleanDocument) -> tuple[int, bool]:
    """Consume furniture, headline and header metadata; return (first body index, chrome seen)."""
    i, chrome = 0, False
    while i < len(lines) and (cruft.is_cruft(lines[i]) or cruft.is_player(lines[i])):
        i, chrome = i + 1, True
    if i < len(lines):
        if doc.title is None:
            doc.title = lines[i]
            if cruft.ends_sentence(lines[i]) and len(lines[i].split()) > 12:
                return i, chrome  # no headline: line 1 is the first sentence; keep it in the body
            i += 1
        elif lines[i] == doc.title:
            i += 1
    end = min(len(lines), i + _HEADER_SPAN)
    while i < end:
        line = lines[i]
        if cruft.is_cruft(line):
            i += 1
        elif (doc.published is None or _STAMP.match(line)) and (when := date_line(line)):
            doc.published = doc.published or when  # a second stamp ("Updated ...") is dropped
            i += 1
        elif meta.byline_of(line):
            doc.byline = doc.byline or line
            i += 1
        elif cruft.ends_sentence(line) or len(line.split()) > 30:
            break
        elif _titles_furniture(lines, i):
            i += 1  # another headline (gallery, video) between the headline and the story
        else:
            doc.paragraphs.append(line)  # the deck
            i += 1
    return i, chrome


def _cut_tail(body: list[str]) -> list[str]:
    first = int(len(body) * _TAIL_SHARE)
    for index in range(max(first, len(body) - _TAIL_MAX_LINES - 1), len(body)):
        if cruft.END_MARKERS.fullmatch(body[index]):
            return body[:index]
    return body


def _body(body: list[str], doc: CleanDocument) -> None:
    seen_captions = set(doc.captions)
    paragraphs = doc.paragraphs
    n = len(body)
    for index, line in enumerate(body):
        if index + 1 < n and body[index + 1] == line:
            continue  # the second copy decides
        repeated = index > 0 and body[index - 1] == line
        if cruft.is_cruft(line) or cruft.is_player(line):
            continue
        if (repeated and _caption_like(line)) or cruft.is_caption(line):
            if line not in seen_captions:
                seen_captions.add(line)
                doc.captions.append(line)
            continue
        if _titles_furniture(body, index):
            continue
        paragraphs.append(line)


def _titles_furniture(body: list[str], index: int) -> bool:
    """A short headline-like line followed closely by a video player or a caption."""
    line = body[index]
    if len(line.split()) > 20 or line.endswith(".") or not cruft.is_title_case(line):
        return False
    for follower in body[index + 1 : index + 3]:
        if cruft.is_player(follower) or cruft.is_caption(follower):
            return True
        if not cruft.is_cruft(follower):
            return False
    return False


def _caption_like(line: str) -> bool:
    """A line printed twice in a row is a photo's alt text and caption when it is short and
    quotes no one (no quote marks, no "she said"); otherwise it is a duplicated paragraph, kept
    once."""
    return (
        len(line.split()) <= 30
        and not any(q in line for q in ('"', "“", "”"))
        and _REPORTED_SPEECH.search(line) is None
    )


_REPORTED_SPEECH = re.compile(r"\b(?:said|says|told|according to)\b", re.IGNORECASE)
