"""A folder's own list of where its files came from: a ``SOURCES.md`` Markdown table.

When a folder of articles carries a ``SOURCES.md`` whose table has a ``file`` column and an
``outlet`` column (a header starting with "outlet", e.g. "outlet (from URL)"), that outlet is used
for files whose text names none.  This is metadata the folder states, not a guess from file names.
"""

from __future__ import annotations

import re
from pathlib import Path

MANIFEST_NAME = "SOURCES.md"
_CELL_CODE = re.compile(r"^`(.*)`$")
_RULE = re.compile(r"^\|?\s*:?-{2,}")


def _cells(line: str) -> list[str]:
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return [_CELL_CODE.sub(r"\1", cell).strip() for cell in cells]


def parse_manifest(text: str) -> dict[str, str]:
    """``{file name: outlet}`` from every Markdown table with file and outlet columns."""
    result: dict[str, str] = {}
    file_col = outlet_col = None
    for line in text.splitlines():
        if not line.lstrip().startswith("|"):
            file_col = outlet_col = None
            continue
        if _RULE.match(line.strip()):
            continue
        cells = _cells(line)
        lowered = [cell.lower() for cell in cells]
        if file_col is None:
            files = [i for i, c in enumerate(lowered) if c in ("file", "filename", "file name")]
            outlets = [i for i, c in enumerate(lowered) if c.startswith("outlet")]
            if files and outlets:
                file_col, outlet_col = files[0], outlets[0]
            continue
        if outlet_col is not None and max(file_col, outlet_col) < len(cells):
            name, outlet = cells[file_col], cells[outlet_col]
            if name and outlet:
                result[name] = outlet
    return result


def read_manifest(folder: Path) -> dict[str, str]:
    """The manifest of ``folder``; empty when there is none or it cannot be read as UTF-8."""
    path = folder / MANIFEST_NAME
    try:
        return parse_manifest(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}
