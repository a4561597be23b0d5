"""Which panes show, and how wide, for a terminal width: pure, so it is easy to test.

- wide (>= 140 columns): source list | article | search, side by side;
- medium (>= 100): one side pane (the source list, or search while it is in use) | article;
- narrow (< 100, e.g. 80x24): one pane at a time, the one in use; tab cycles.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDE = 140
MEDIUM = 100
PANES = ("library", "article", "search")
SIDE_MIN, SIDE_MAX = 20, 55


@dataclass(frozen=True)
class Layout:
    mode: str  # "wide", "medium" or "narrow"
    visible: tuple[str, ...]
    widths: dict[str, str]  # pane -> CSS width


def mode_for(width: int) -> str:
    if width >= WIDE:
        return "wide"
    if width >= MEDIUM:
        return "medium"
    return "narrow"


def plan(width: int, active: str, side: str, side_pct: int) -> Layout:
    """The layout for a screen ``width`` with ``active`` focused and ``side`` the last side pane."""
    mode = mode_for(width)
    side_pct = max(SIDE_MIN, min(side_pct, SIDE_MAX))
    if mode == "wide":  # two side panes share the room: each a little narrower
        pct = f"{side_pct - 7}%"
        return Layout(mode, PANES, {"library": pct, "article": "1fr", "search": pct})
    pct = f"{side_pct + 5}%"
    if mode == "medium":
        shown_side = active if active in ("library", "search") else side
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
