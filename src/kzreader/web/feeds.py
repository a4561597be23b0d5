"""Feed documents -> entries: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed here.

feedparser parses what the fetcher already holds (it never fetches: it is given bytes), so
every request stays within the fetcher's limits.  Before it sees a document, one that declares
XML entities in its DOCTYPE (the billion-laughs expansion) is refused: feeds have no use for
them.  Entries keep only what the refresh needs: a key (the entry's id, else its link), the
link, title, summary (HTML), publication time, a stamp that changes when the entry is updated.
Titles and summaries are sanitised here, where feed text enters kzreader.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kzreader.safetext import one_line, sanitize

_ENTITY_DECL = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.I | re.S)
_JSON_FEED = "https://jsonfeed.org/version/"
_NOT_FEEDS = ("image/", "audio/", "video/", "application/pdf", "application/zip", "font/")


class FeedError(Exception):
    """A document that is not a feed kzreader can read; ``str()`` is one line."""


@dataclass(frozen=True)
class FeedEntry:
    key: str
    link: str | None
    title: str | None
    summary: str | None
    """HTML (sanitised by feedparser's HTML sanitiser for XML feeds; JSON Feed's as given)."""
    published: datetime | None
    author: str | None
    stamp: str
    """Changes when the entry does: its updated time and a hash of its title and summary."""


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    site_url: str | None
    entries: tuple[FeedEntry, ...]
    kind: str  # "rss", "atom", "json"


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse one fetched feed document.  Raises FeedError."""
    mime = (content_type or "").lower()
    if mime.startswith(_NOT_FEEDS):
        raise FeedError(f"not a feed (content type {mime})")
    head = body[:65536]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if "json" in mime or stripped.startswith(b"{"):
        return _parse_json_feed(body)
    if _ENTITY_DECL.search(head):
        raise FeedError("refused: the document declares XML entities (entity expansion)")
    return _parse_xml_feed(body, url, mime)


def _parse_xml_feed(body: bytes, url: str, mime: str) -> ParsedFeed:
    import feedparser

    headers = {"content-location": url}
    if mime:
        headers["content-type"] = mime
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {one_line(str(problem))}" if problem else ""
        what = f" ({mime})" if mime else ""
        raise FeedError(f"not an RSS, Atom or JSON feed{what}{detail}")
    feed = parsed.feed
    entries = tuple(entry for entry in (_xml_entry(e) for e in parsed.entries) if entry is not None)
    return ParsedFeed(
        title=_line(feed.get("title")),
        site_url=_line(feed.get("link")),
        entries=entries,
        kind="atom" if version.startswith("atom") else "rss",
    )


def _xml_entry(entry: Any) -> FeedEntry | None:
    link = _line(entry.get("link"))
    if not link:
        for candidate in entry.get("links") or ():
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = _line(candidate["href"])
                break
    key = _line(entry.get("id")) or link
    title = _line(entry.get("title"))
    summary = entry.get("summary")
    content = entry.get("content") or ()
    longest = max((c.get("value") or "" for c in content), key=len, default="")
    if len(longest) > len(summary or ""):
        summary = longest
    summary = sanitize(summary) if summary else None
    if not key:
        if not (title or summary):
            return None
        key = "sha1:" + hashlib.sha1(f"{title}\n{summary}".encode()).hexdigest()
    # dict.get: feedparser maps a missing "updated" to "published" (with a warning) otherwise
    published = _struct_time(
        dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    )
    updated = dict.get(entry, "updated")
    return FeedEntry(
        key=key,
        link=link,
        title=title,
        summary=summary,
        published=published,
        author=_line(entry.get("author")),
        stamp=_stamp(updated, title, summary),
    )


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FeedError(f"not a JSON feed: {one_line(str(exc))[:200]}") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        _JSON_FEED
    ):
        raise FeedError("not a JSON feed (no jsonfeed.org version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError("JSON feed without an 'items' list")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        link = _line(item.get("url")) or _line(item.get("external_url"))
        key = _line(item.get("id")) or link
        title = _line(item.get("title"))
        summary = item.get("content_html") or item.get("content_text") or item.get("summary")
        summary = sanitize(summary) if isinstance(summary, str) and summary else None
        if item.get("content_html") is None and isinstance(item.get("content_text"), str):
            summary = _escape(summary or "")
        if not key:
            continue
        author = item.get("author") or (item.get("authors") or [None])[0]
        entries.append(
            FeedEntry(
                key=key,
                link=link,
                title=title,
                summary=summary,
                published=_iso(item.get("date_published")),
                author=_line(author.get("name")) if isinstance(author, dict) else None,
                stamp=_stamp(item.get("date_modified"), title, summary),
            )
        )
    return ParsedFeed(
        title=_line(document.get("title")),
        site_url=_line(document.get("home_page_url")),
        entries=tuple(entries),
        kind="json",
    )


def _escape(text: str) -> str:
    import html

    return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())


def _line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return one_line(value)[:2000] or None


def _stamp(updated: object, title: str | None, summary: str | None) -> str:
    """The entry's updated time (when it states one) and a hash of its title and summary:
    either changing marks the entry changed, and its page is fetched again."""
    digest = hashlib.sha1(f"{title}\n{summary}".encode()).hexdigest()[:16]
    if isinstance(updated, str) and updated.strip():
        return f"updated:{one_line(updated)[:100]} sha1:{digest}"
    return "sha1:" + digest


def _struct_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
