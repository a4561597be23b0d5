"""Who published an article, who wrote it, and front matter, from what the text itself says.

Signals, strongest first: YAML-style front matter (``outlet:``), a staff byline ("By Newser
Editors"), a wire dateline ("MOSCOW (AP) —"), a copyright line ("Copyright 2022 The Associated
Press"), and the outlet naming itself ("Example News could not independently verify",
"Example News's Russian Service").  A photo credit alone never names the outlet.  No signal:
``None`` (shown "unknown"); the loader then asks the folder's ``SOURCES.md`` table
(``read_manifest``), which may also give the publication time, headline and URL the text lacks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kzreader.library.dates import parse_date

_FRONT = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*(?:\n|\Z)", re.S)
_FRONT_ITEM = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$", re.M)

BYLINE = re.compile(r"^By\s+(?P<who>[A-Z][^.!?]{1,100})$")
_STAFF = re.compile(
    r"^By\s+(?:the\s+)?(?P<org>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s+"
    r"(?:Editors|Editorial|Staff|Newsroom|News Desk|Wire Staff|Reporters)\b"
)
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .,'’-]{1,40}\((?P<org>AP|Reuters|AFP|UPI|dpa|CNN|Xinhua|Bloomberg)\)\s*[-–—]"
)
_COPYRIGHT = re.compile(
    r"^(?:copyright|©|\(c\))\s*(?:©\s*|\(c\)\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s+)"
    r"(?P<org>[A-Z][^.,;]{1,60}?)\.?\s*(?:all rights reserved\.?)?$",
    re.I,
)
_ORG = r"(?P<org>(?:The )?[A-Z][\w/&.’'-]*(?: [A-Z][\w/&.’'-]*){0,3})"
_SELF_VERIFY = re.compile(
    _ORG + r" (?:could not|cannot|can ?not|was unable to|has not been able to) "
    r"(?P<ind>independently )?(?:verify|confirm)"
)
_SELF_SERVICE = re.compile(_ORG + r"['’]s (?P<kind>[A-Z][a-z]+) Service\b")
# "<Org>'s <Language> Service" names a broadcaster; these words name public services instead.
_NOT_LANGUAGE = frozenset(
    [
        "Public",
        "Civil",
        "Secret",
        "Security",
        "Health",
        "Postal",
        "Forest",
        "Park",
        "National",
        "Federal",
        "Foreign",
        "Legal",
        "Social",
        "Customs",
        "Revenue",
        "Fire",
        "Weather",
        "Intelligence",
        "Border",
        "Prison",
        "Marshals",
        "Diplomatic",
        "Military",
        "Emergency",
        "Ambulance",
        "Tax",
        "Information",
        "Press",
        "Wire",
        "Internal",
        "Investigation",
        "Naval",
        "Geological",
        "Immigration",
        "Fish",
        "Wildlife",
        "Agricultural",
        "Marketing",
        "Food",
        "Meteorological",
        "Statistical",
    ]
)
_ACRONYM = re.compile(r"[A-Z]{2}")
_PRONOUNS = frozenset(
    [
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "You",
        "This",
        "That",
        "These",
        "Those",
        "Police",
        "Officials",
    ]
)
_WIRES = {
    "ap": "The Associated Press",
    "associated press": "The Associated Press",
    "the associated press": "The Associated Press",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "upi": "UPI",
    "united press international": "UPI",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "bloomberg": "Bloomberg",
    "cnn": "CNN",
}


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` front matter between ``---`` lines, and the text after it."""
    match = _FRONT.match(text)
    if match is None:
        return {}, text
    values = {}
    for item in _FRONT_ITEM.finditer(match["body"]):
        value = item["value"]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if value:
            values[item["key"].lower()] = value
    return values, text[match.end() :]


def front_matter_date(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return parse_date(value)


def byline_of(line: str) -> str | None:
    """The line itself when it is a byline ("By Jane Doe and John Roe"), else None."""
    if len(line) > 110 or BYLINE.match(line) is None:
        return None
    return line


def wire_name(org: str) -> str | None:
    return _WIRES.get(org.strip().lower())


def outlet_from_lines(
    lines: Sequence[str], byline: str | None, page_chrome: bool, max_lines: int = 400
) -> str | None:
    """The outlet the text names, or None.  ``page_chrome``: the page had site furniture
    (navigation, widgets) around it, so a wire copyright means a republished wire story."""
    if byline:
        staff = _STAFF.match(byline)
        if staff:
            return staff["org"].strip()
    for line in lines[:12]:
        wire = _WIRE_DATELINE.match(line)
        if wire:
            return wire_name(wire["org"]) or wire["org"]
    copyright_org = None
    self_named = None
    for line in lines[:max_lines]:
        if copyright_org is None and len(line) < 160:
            match = _COPYRIGHT.match(line)
            if match:
                copyright_org = match["org"].strip()
        if self_named is None:
            self_named = _self_reference(line)
    if copyright_org:
        agency = wire_name(copyright_org)
        if agency and page_chrome:
            return f"{agency} (republished)"
        return agency or copyright_org
    return self_named


def _self_reference(line: str) -> str | None:
    for pattern, cue in (
        (_SELF_VERIFY, "verify"),
        (_SELF_VERIFY, "confirm"),
        (_SELF_SERVICE, "Service"),
    ):
        if cue not in line:
            continue  # cheap substring test first: the regexes are costly on every line
        for match in pattern.finditer(line):
            org = match["org"]
            if org.split()[0] in _PRONOUNS:
                continue
            if pattern is _SELF_SERVICE and match["kind"] in _NOT_LANGUAGE:
                continue
            independent = pattern is _SELF_VERIFY and match["ind"]
            if independent or _ACRONYM.search(org):
                return org
    return None


# --- a folder's own list of sources ----------------------------------------------------------
# When a folder of articles carries a ``SOURCES.md`` whose Markdown table has a ``file`` column,
# the table's other columns say what the files' text may not: the outlet (a header starting
# with "outlet", or "source"/"publisher"), the publication time ("published", "date"), the
# headline ("title", "headline") and the web address ("url", "link").  Metadata the folder
# states, used where the text itself names none; never a guess from file names.

MANIFEST_NAME = "SOURCES.md"
_CELL_CODE = re.compile(r"^`(.*)`$")
_RULE = re.compile(r"^\|?\s*:?-{2,}")
_WEB_URL = re.compile(r"^https?://[^\s/]+\S*$", re.I)


@dataclass(frozen=True)
class ManifestEntry:
    """One file's row of a ``SOURCES.md`` table; ``line`` is its line number (from 1)."""

    line: int
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None


_COLUMNS: dict[str, tuple[str, ...]] = {
    "outlet": ("outlet", "source", "publisher"),
    "published": ("published", "date"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
}


def _cells(line: str) -> list[str]:
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return [_CELL_CODE.sub(r"\1", cell).strip() for cell in cells]


def _header(lowered: list[str]) -> dict[str, int] | None:
    """Column indexes of a table header with a file column, or None."""
    files = [i for i, c in enumerate(lowered) if c in ("file", "filename", "file name")]
    if not files:
        return None
    columns = {"file": files[0]}
    for field_name, starts in _COLUMNS.items():
        for i, cell in enumerate(lowered):
            if cell.startswith(starts):
                columns[field_name] = i
                break
    return columns if len(columns) > 1 else None


def parse_manifest(text: str) -> dict[str, ManifestEntry]:
    """``{file name: entry}`` from every Markdown table with a file column and another it knows.

    A URL is kept only when it is an http(s) address; cells are taken as written (the loader
    parses dates and makes each value one line)."""
    result: dict[str, ManifestEntry] = {}
    columns: dict[str, int] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.lstrip().startswith("|"):
            columns = None
            continue
        if _RULE.match(line.strip()):
            continue
        cells = _cells(line)
        if columns is None:
            columns = _header([cell.lower() for cell in cells])
            continue
        if columns["file"] >= len(cells) or not cells[columns["file"]]:
            continue
        values = {
            field_name: cells[i] or None
            for field_name, i in columns.items()
            if field_name != "file" and i < len(cells)
        }
        values["url"] = web_url(values.get("url"))
        if any(values.values()):
            result[cells[columns["file"]]] = ManifestEntry(line=number, **values)
    return result


def web_url(text: str | None) -> str | None:
    """``text`` when it is one http(s) address (what an article may say it lives at), else None."""
    if not text or len(text) > 2048:
        return None
    return text if _WEB_URL.match(text) and text.isprintable() else None


def read_manifest(folder: Path) -> dict[str, ManifestEntry]:
    """The manifest of ``folder``; empty when there is none.

    Raises ``OSError`` or ``UnicodeDecodeError`` when it exists but cannot be read as UTF-8 (the
    loader turns that into a warning naming the file)."""
    path = folder / MANIFEST_NAME
    try:
        return parse_manifest(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
