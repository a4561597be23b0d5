"""Which panes show, and how wide, for a terminal width: pure, so it is easy to test.

- wide (>= 140 columns): source list | article | search, side by side;
- medium (>= 100): one side pane (the source list, or search while it is in use) | article;
- narrow (< 100, e.g. 80x24): one pane at a time, the one in use; tab cycles.
"""

from __future__ import annotations

from typing import NamedTuple

WIDE = 140
MEDIUM = 100
PANES = ("library", "article", "search")
SIDE_MIN, SIDE_MAX = 20, 55


class Layout(NamedTuple):  # not a dataclass: cheaper to make at import, on the first screen's path
    mode: str  # "wide", "medium" or "narrow"
    visible: tuple[str, ...]
    widths: dict[str, str]  # pane -> CSS width


def mode_for(width: int) -> str:
    if width >= WIDE:
        return "wide"
    if width >= MEDIUM:
        return "medium"
    return "narrow"


#: Extra width (percent) for the library pane while it lists the stories: their headlines are
#: what the reader picks from, and columns (outlets, dates, disputed facts) take room.
STORIES_BONUS = 12


def plan(width: int, active: str, side: str, side_pct: int, stories: bool = False) -> Layout:
    """The layout for a screen ``width`` with ``active`` focused and ``side`` the last side
    pane; ``stories``: the library pane shows the stories (it gets wider)."""
    mode = mode_for(width)
    side_pct = max(SIDE_MIN, min(side_pct, SIDE_MAX))
    bonus = STORIES_BONUS if stories else 0
    if mode == "wide":  # two side panes share the room: each a little narrower
        pct = f"{side_pct - 7}%"
        library = f"{side_pct - 7 + bonus}%"
        return Layout(mode, PANES, {"library": library, "article": "1fr", "search": pct})
    pct = f"{side_pct + 5}%"
    if mode == "medium":
        shown_side = active if active in ("library", "search") else side
        if shown_side == "library":
            pct = f"{side_pct + 5 + bonus}%"
        return Layout(mode, (shown_side, "article"), {shown_side: pct, "article": "1fr"})
    return Layout(mode, (active,), {active: "1fr"})


def modal_css(screen: str) -> str:
    """CSS for a centred modal ``screen`` whose content is one bordered VerticalScroll."""
    return f"""
    {screen} {{ align: center middle; background: $background 60%; }}
    {screen} > VerticalScroll {{
        width: 90%;
        max-width: 120;
        height: auto;
        max-height: 90%;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }}
    """
