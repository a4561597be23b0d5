"""Raw article text -> headline, metadata and clean paragraphs (general rules only)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class CleanDocument:
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: datetime | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)


_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"</?(p|div|br|h[1-6]|li|section|article|header|footer|tr)\b[^>]*>", re.I)
_SCRIPT = re.compile(r"<(script|style|noscript)\b.*?</\1>", re.I | re.S)


def html_to_text(markup: str) -> str:
    markup = _SCRIPT.sub(" ", markup)
    markup = _BLOCK_TAG.sub("\n\n", markup)
    return html.unescape(_TAG.sub("", markup))


def _blocks(text: str) -> list[str]:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return [line for line in lines if line]


def clean_document(text: str, is_html: bool = False) -> CleanDocument:
    if is_html:
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = _blocks(text)
    doc = CleanDocument()
    if not lines:
        return doc
    doc.title = lines[0]
    doc.paragraphs = lines[1:] or lines[:1]
    return doc
