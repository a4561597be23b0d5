"""What the compare, facts and differ screens share about the articles they are given.

- ``LOADING_DELAY``: how long a screen waits before covering itself with a loading indicator;
- ``source_groups_for``: which of the articles are copies of one report (the stories package's
  copy groups), for screens opened without them;
- ``titled``: a screen title that says what it covers ("Facts · the open story").
"""

from __future__ import annotations

from collections.abc import Sequence

from kzreader.library import Article
from kzreader.safetext import one_line

LOADING_DELAY = 0.1
"""Seconds before a loading indicator covers the screen (fast results never show one)."""


def source_groups_for(articles: Sequence[Article]) -> dict[str, str]:
    """Article id -> source group over ``articles``: copies of one report (wire copy, rewrites)
    share a group, every other article is its own.  Found among the articles themselves, as
    ``kzreader compare`` and ``facts --articles`` do (``stories.selection_groups``; 200 articles
    in 0.4 s on the shared machine); the main screen may pass the library's grouping instead."""
    if len(articles) < 2:
        return {}
    from kzreader.stories import selection_groups

    return selection_groups(articles, None)


def titled(what: str, scope: str) -> str:
    """``"Facts · the marked articles"``: a screen's name and what it covers (one safe line)."""
    scope = one_line(scope).strip()
    return f"{what} · {scope}" if scope else what
