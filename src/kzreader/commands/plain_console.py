"""A Rich console for outside text: every segment it renders is shown with ``visible``.

The library sanitises text where it enters, and the commands build ``Text`` objects (never
markup) from it; this console is the last line of defence: whatever reaches it, a control
character in a segment's text is written as a mark, never sent to the terminal.  Rich's own
control segments (cursor moves, styles) are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment

from kzreader.safetext import visible


class PlainConsole(Console):
    def on_broken_pipe(self) -> None:
        """The reader of a pipe stopped (``| head``): end as the CLI does, exit 0, no message
        (Rich's own handler exits 1)."""
        self.quiet = True
        raise BrokenPipeError

    def render(self, renderable: Any, options: Any = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            text = segment.text
            if segment.control or text.isprintable():
                yield segment
            else:
                yield Segment(visible(text), segment.style, segment.control)
