"""Hostile articles for the safety tests: markup and terminal controls in every field.

``write_hostile`` writes a small folder whose titles, outlets, bylines, bodies and file names
hold Rich/Textual markup (``[/]``, ``[@click=...]``, ``[$accent]``), emoji codes and escape
sequences (OSC 52 clipboard writes, window titles, screen clears, C1 CSI, bidi overrides).
``raw_library`` switches the library's sanitiser off, so that the faces' own defences are tested
on text that did not come through it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

#: What must never reach a terminal: C0 controls but newline and tab, CR, ESC, DEL, C1 and the
#: bidi embedding/override/isolate characters.
UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

OSC52 = "\x1b]52;c;aGVsbG8=\x07"
TITLE_SET = "\x1b]0;pwned\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\x9b31m"
RLO = "\u202e"

#: Markup that must show literally.
MARKUP = ("[video]", "[photos]", "[/b]", "[/]", "[@click=app.quit]", "[$accent]", ":thumbs_up:")

ARTICLES = {
    # file name -> text (front matter names outlet and title)
    f"a[b]{RLO}x.txt": (
        "---\n"
        f"outlet: Daily [photos] [/x] :thumbs_up: {OSC52}\n"
        f"title: Police say [video] eight [/b] killed [@click=app.quit] {TITLE_SET}\n"
        "---\n"
        f"Police said eight [$accent]people[/] were killed in the city on Monday {CLEAR}, "
        "the [b]Interior Ministry[/] said.\n\n"
        f"The mayor said 300 people were injured {C1_CSI} in the blast.\n"
    ),
    "b.txt": (
        "---\n"
        f"outlet: Other [/] Net {RLO}flip\n"
        "title: Twelve killed [/] as [@click=app.screenshot('notes.txt','/tmp')] x\n"
        "---\n"
        f"Police said twelve people were killed in the city on Monday, the Interior {OSC52}"
        "Ministry said.\n\n"
        "The mayor said 250 people were injured in the blast.\n"
    ),
    "c [$accent] c.txt": (
        "---\n"
        "outlet: Third [/] Wire\n"
        "title: Ten killed [red]in[/red] city [/]\n"
        "---\n"
        "Police said ten people were killed in the city on Monday, the Interior Ministry said.\n\n"
        f"The mayor said 280 people were injured in the blast {TITLE_SET}.\n"
    ),
}


def write_hostile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    # a file that is skipped, so a warning names a hostile file name
    (folder / f"empty{OSC52}\nname[/].txt".replace("/", "_")).write_bytes(b"")
    return folder


def unsafe_in(text: str) -> list[str]:
    """The unsafe characters in ``text`` (empty when it is safe to print)."""
    return UNSAFE_RE.findall(text)


def _same(text: str) -> str:
    return text


@pytest.fixture
def raw_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's entry sanitiser off: outside text reaches the faces as it is."""
    import kzreader.library.loader as loader

    monkeypatch.setattr(loader, "sanitize", _same)
    monkeypatch.setattr(loader, "one_line", lambda text: text.strip())
