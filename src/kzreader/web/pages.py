"""One fetched page (or a feed entry's summary) -> an ``ArticleRecord`` for the store.

Pages go through the library's HTML path (``library.clean.clean_document``: trafilatura, then
kzreader's line cleaner, captions apart) after the same decoding and sanitising as files, so
a stored article reads like a file that was saved from that page.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from kzreader.library.clean import CleanDocument, clean_document
from kzreader.library.decode import DecodeError, declared_charset, decode_text
from kzreader.safetext import one_line, sanitize
from kzreader.web.fetch import FetchError, Response, check_url
from kzreader.web.store import ArticleRecord

_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


class PageError(Exception):
    """A page that was fetched but holds no article; ``str()`` names the URL."""


def page_record(
    response: Response,
    *,
    url: str,
    feed: str | None = None,
    feed_title: str | None = None,
    entry_title: str | None = None,
    entry_published: datetime | None = None,
    entry_author: str | None = None,
) -> ArticleRecord:
    """The article of a fetched page.  ``url`` is the URL the entry (or the user) gave, which
    keys the article; the page's canonical URL is kept beside it.  Raises PageError."""
    mime = response.content_type
    if mime and not mime.startswith(_PAGE_TYPES):
        raise PageError(f"{response.url}: not a web page (content type {mime})")
    raw = response.body
    if not raw.strip():
        raise PageError(f"{response.url}: empty page")
    declared = response.charset or declared_charset(raw)
    try:
        decoded = decode_text(raw, declared=declared)
    except DecodeError as exc:
        raise PageError(f"{response.url}: {exc}") from None
    text = sanitize(decoded.text)
    is_html = mime != "text/plain"
    doc = clean_document(text, is_html=is_html, url=response.url)
    if not doc.paragraphs:
        raise PageError(f"{response.url}: no article text on the page")
    return _record(
        doc,
        url=url,
        feed=feed,
        fallback_outlet=feed_title or _host(response.url),
        entry_title=entry_title,
        entry_published=entry_published,
        entry_author=entry_author,
        canonical=_canonical(doc.canonical_url, response.url),
    )


def summary_record(
    summary: str | None,
    *,
    url: str,
    reason: str,
    feed: str | None = None,
    feed_title: str | None = None,
    entry_title: str | None = None,
    entry_published: datetime | None = None,
    entry_author: str | None = None,
) -> ArticleRecord | None:
    """The entry's summary as a stand-in article when its page failed (``reason``), or None
    when the summary holds no text."""
    if not summary or not summary.strip():
        return None
    from kzreader.library.htmlparse import HtmlPage

    lines = summary_lines(summary)
    if not lines:
        return None
    page = HtmlPage(title=entry_title, headline=entry_title, blocks=lines)
    from kzreader.library.clean import clean_page

    doc = clean_page(page)
    if not doc.paragraphs:
        return None
    record = _record(
        doc,
        url=url,
        feed=feed,
        fallback_outlet=feed_title or _host(url),
        entry_title=entry_title,
        entry_published=entry_published,
        entry_author=entry_author,
        canonical=None,
    )
    return replace(record, source="summary", note=one_line(f"feed summary: {reason}")[:500])


def summary_lines(summary: str) -> list[str]:
    """An HTML fragment from a feed as lines of text: blocks and line breaks end a line."""
    from lxml import etree, html

    from kzreader.library.htmlbound import bound_markup

    try:
        root = html.fragment_fromstring(bound_markup(summary), create_parent="div")
    except (etree.ParserError, ValueError):
        return [one_line(summary)] if summary.strip() else []
    for element in root.iter("script", "style"):
        element.drop_tree()
    for element in root.iter():
        if element.tag in ("br", "p", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"):
            element.tail = "\n" + (element.tail or "")
            if element.tag != "br":
                element.text = "\n" + (element.text or "")
    text = sanitize(root.text_content())
    return [line for line in (one_line(part) for part in text.split("\n")) if line]


def _record(
    doc: CleanDocument,
    *,
    url: str,
    feed: str | None,
    fallback_outlet: str,
    entry_title: str | None,
    entry_published: datetime | None,
    entry_author: str | None,
    canonical: str | None,
) -> ArticleRecord:
    published = doc.published
    if entry_published is not None and (published is None or _date_only(published)):
        published = entry_published  # the feed's time is exact; a page's bare date is not
    title = one_line(doc.title or entry_title or url)
    outlet = one_line(doc.outlet or fallback_outlet or "unknown")
    byline = one_line(doc.byline or entry_author or "") or None
    text = "\n\n".join(doc.paragraphs)
    # the hash of what is stored, not of the page's bytes (ads and timestamps change those on
    # every fetch): an article counts as updated, and is re-indexed, when what it says changes
    fields = [
        title,
        outlet,
        byline or "",
        published.isoformat() if published else "",
        text,
        *doc.captions,
    ]
    sha256 = hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()
    return ArticleRecord(
        url=url,
        canonical_url=canonical,
        feed=feed,
        outlet=outlet,
        title=title,
        byline=byline,
        published=published,
        text=text,
        paragraphs=tuple(doc.paragraphs),
        captions=tuple(doc.captions),
        sha256=sha256,
    )


def _date_only(value: datetime) -> bool:
    return value.tzinfo is None and (value.hour, value.minute, value.second) == (0, 0, 0)


def _canonical(stated: str | None, fetched: str) -> str | None:
    if stated:
        try:
            return check_url(stated)
        except FetchError:
            return None  # a canonical link that is not http(s) is no URL of ours
    return fetched


def _host(url: str) -> str:
    return urlsplit(url).hostname or "unknown"
