"""An Input that remembers submitted queries; up/down walk the history."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

HISTORY_SIZE = 100


class HistoryInput(Input):
    """Input with a query history (most recent last), browsed with up and down."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Older query", show=False, id="history_previous"),
        Binding("down", "history(1)", "Newer query", show=False, id="history_next"),
        Binding("enter", "submit", "Open hit"),
        Binding("escape", "screen.back", "Back"),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._position = 0
        self._draft = ""

    def remember(self, query: str | None = None) -> None:
        """Add ``query`` (default: the current value) to the history, most recent last."""
        query = (self.value if query is None else query).strip()
        if not query:
            return
        if query in self.history:
            self.history.remove(query)
        self.history.append(query)
        del self.history[:-HISTORY_SIZE]
        self._position = len(self.history)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position == len(self.history):
            self._draft = self.value
        self._position = max(0, min(self._position + step, len(self.history)))
        value = self.history[self._position] if self._position < len(self.history) else self._draft
        self.value = value
        self.cursor_position = len(value)
