"""A folder of invented reports for the stories and web tests of the reader: two quakes a month
apart (three outlets the first time, with a toll that rose), a court story (two outlets), an
agency flood story with a spun rewrite and a republished copy plus an independent report, and
a lone report.  The texts come from ``tests/unit/stories_fakes.py`` (every name, place and number
there is made up); here they are written as files with front matter (outlet, date)."""

from __future__ import annotations

from pathlib import Path

from tests.unit.stories_fakes import (
    AGENCY,
    COURT,
    INDEPENDENT,
    QUAKE_ONE,
    QUAKE_TWO,
    REPUBLISHED,
    SPUN,
)

LONE = (
    "ledger",
    "Harn library reopens after two-year renovation",
    "2031-06-01T10:00:00+00:00",
    "The public library of Harn reopened on Monday after a renovation that took two years and "
    "cost 3.1 million crowns, the town council said.\n\n"
    "The building now has a children's floor, a café and a reading room on the roof. Librarian "
    "Orsa Velt said 600 people came in the first hour.",
)

FILES: dict[str, tuple[str, str, str, str]] = {
    **{f"quake1-{spec[0]}": spec for spec in QUAKE_ONE},
    **{f"quake2-{spec[0]}": spec for spec in QUAKE_TWO},
    **{f"court-{spec[0]}": spec for spec in COURT},
    "flood-agency": AGENCY,
    "flood-spun": SPUN,
    "flood-daily": REPUBLISHED,
    "flood-observer": INDEPENDENT,
    "lone-ledger": LONE,
}


def write_story_library(folder: Path) -> Path:
    """The reports as ``.txt`` files with front matter; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (outlet, title, published, text) in FILES.items():
        body = f"---\noutlet: {outlet}\npublished: {published}\n---\n{title}\n\n{text}\n"
        (folder / f"{name}.txt").write_text(body, encoding="utf-8")
    return folder
