"""Command-palette entries for the compare and facts screens: each lists its own actions.

A screen sets ``COMMANDS = {ScreenActions}`` and a ``PALETTE`` tuple of (title, help, action);
the palette opened on that screen then offers those actions (run on the screen) alongside the
app's own commands.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenActions(Provider):
    """The palette entries of the screen it was opened on (its ``PALETTE`` list)."""

    def _entries(self) -> tuple[tuple[str, str, str], ...]:
        return tuple(getattr(self.screen, "PALETTE", ()))

    async def discover(self) -> Hits:
        for title, help_text, action in self._entries():
            yield DiscoveryHit(title, partial(self.screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._entries():
            score = matcher.match(title)
            if score > 0:
                run = partial(self.screen.run_action, action)
                yield Hit(score, matcher.highlight(title), run, help=help_text)
