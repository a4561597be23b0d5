"""OPML subscription lists: import (nested outlines, any depth) and export.

An outline with an ``xmlUrl`` is a feed; outlines without one are folders, walked into.  A
document that declares XML entities is refused, like a feed.  Errors name the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from kzreader.safetext import one_line

_ENTITY_DECL = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.I | re.S)
MAX_OPML_BYTES = 16 * 1024 * 1024


class OpmlError(Exception):
    """``FILE:LINE: reason``."""


@dataclass(frozen=True)
class Outline:
    url: str
    title: str | None
    #: The folders it sits in, outermost first.
    folders: tuple[str, ...] = ()
    line: int = 0


def read_opml(path: Path) -> list[Outline]:
    """The feeds listed in an OPML file, in document order, each URL once."""
    try:
        if path.stat().st_size > MAX_OPML_BYTES:
            raise OpmlError(f"{path}: over the {MAX_OPML_BYTES // (1024 * 1024)} MB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise OpmlError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_opml(data, str(path))


def parse_opml(data: bytes, name: str = "<opml>") -> list[Outline]:
    if _ENTITY_DECL.search(data[:65536]):
        raise OpmlError(f"{name}:1: refused: the document declares XML entities")
    parser: ElementTree.XMLPullParser = ElementTree.XMLPullParser(events=("start", "end"))
    found: list[Outline] = []
    seen: set[str] = set()
    folders: list[str | None] = []
    saw_opml = False
    try:
        for line_no, line in enumerate(data.splitlines(keepends=True), 1):
            parser.feed(line)
            for item in parser.read_events():
                event, element = _event(item)
                if element is None:
                    continue
                tag = element.tag.rsplit("}", 1)[-1].lower()
                if event == "start" and tag == "opml":
                    saw_opml = True
                if tag != "outline":
                    continue
                if event == "end":
                    folders.pop()
                    element.clear()
                    continue
                url = element.get("xmlUrl") or element.get("xmlurl") or element.get("url")
                title = element.get("title") or element.get("text")
                title = one_line(title) if title else None
                kind = (element.get("type") or "").lower()
                if url and kind not in ("link", "include"):
                    clean = one_line(url)
                    if clean not in seen:
                        seen.add(clean)
                        found.append(Outline(clean, title, tuple(f for f in folders if f), line_no))
                    folders.append(None)
                else:
                    folders.append(title)
        parser.close()
    except ElementTree.ParseError as exc:
        where, _col = exc.position
        raise OpmlError(f"{name}:{where}: not valid OPML: {_reason(exc)}") from None
    if not saw_opml:
        raise OpmlError(f"{name}:1: not an OPML document (no <opml> element)")
    return found


def _event(item: object) -> tuple[str, ElementTree.Element | None]:
    """(event, element) of one pull-parser event; None for events without an element."""
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], ElementTree.Element):
        return str(item[0]), item[1]
    return "", None


def _reason(exc: ElementTree.ParseError) -> str:
    return re.sub(r": line \d+, column \d+$", "", str(exc))


def write_opml(feeds: Iterable[tuple[str, str | None]], title: str = "kzreader feeds") -> str:
    """An OPML 2.0 document listing ``(url, title)`` pairs."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    body = ElementTree.SubElement(root, "body")
    for url, name in feeds:
        ElementTree.SubElement(
            body, "outline", type="rss", text=name or url, title=name or url, xmlUrl=url
        )
    ElementTree.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )
