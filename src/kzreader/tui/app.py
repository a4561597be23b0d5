"""The Textual app: wiring only.  Screens and widgets hold the behaviour."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType

from kzreader.config import Config
from kzreader.tui.screens.help import HelpScreen, unknown_binding_ids
from kzreader.tui.screens.main import MainScreen


def actions_provider():  # -> type[Provider]; textual.command loads when the palette opens
    from kzreader.tui.commands import ActionsProvider

    return ActionsProvider


def articles_provider():  # -> type[Provider]
    from kzreader.tui.commands import ArticlesProvider

    return ArticlesProvider


class KzReaderApp(App[int]):
    """kzreader's reader: source list, article view and search."""

    TITLE = "kzreader"
    CSS_PATH = "kzreader.tcss"
    #: Freeze what the library and index loads out of the cyclic collector's sight (set by
    #: run_app; not in tests, where many apps share one process and would never be collected).
    freeze_gc = False
    COMMANDS = App.COMMANDS | {actions_provider, articles_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+p", "command_palette", "Palette", show=False, id="palette"),
    ]

    def __init__(self, config: Config, sources: Sequence[Path] | None = None) -> None:
        super().__init__()
        self.config = config
        self.sources = tuple(sources) if sources else config.source_dirs
        # keys (and pastes) typed before the main screen is mounted and focused: type-ahead while
        # Python starts ("kzreader" then "/police" at once); replayed in order by open_input()
        self._typeahead: list[events.Key | events.Paste] | None = []
        #: the terminal key being dispatched right now (priority bindings run inside it)
        self.key_in_dispatch: events.Key | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self._typeahead is not None:
                self._typeahead.append(event)
                return
            if isinstance(event, events.Key):
                self.key_in_dispatch = event
                try:
                    await super().on_event(event)
                finally:
                    self.key_in_dispatch = None
                return
        await super().on_event(event)

    async def open_input(self) -> None:
        """Start taking keys: replay the type-ahead, then let keys through as they come.

        The main screen calls this (via ``call_later``) once it is mounted and has focused its
        first pane, so an early ``/`` finds the search input and the letters after it land there.
        """
        held, self._typeahead = self._typeahead, None
        for event in held or ():
            await self.on_event(event)

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            message = f"theme: unknown theme {self.config.theme!r}"
            self.notify(message, severity="warning", markup=False)
        keys = dict(self.config.keys)
        unknown = unknown_binding_ids(keys)
        if unknown:
            message = f"keys: no such binding id: {', '.join(map(repr, unknown))}"
            self.notify(message, severity="warning", markup=False)
        self.set_keymap(keys)

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.config, self.sources)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(dict(self.config.keys)))


def make_app(config: Config, sources: Sequence[Path] | None = None) -> KzReaderApp:
    """The app for ``config`` and ``sources`` (default: the config's folders); used by tests."""
    return KzReaderApp(config, sources)


def run_app(config: Config, sources: Sequence[Path] | None = None) -> int:
    """Run the reader full screen; returns the exit code.

    Raises ``ConfigError`` for a theme or key remap the reader cannot use, before the screen
    is taken over (the CLI prints it as one line, exit 2)."""
    from kzreader.tui.keycheck import check_reader_config

    check_reader_config(config)
    app = make_app(config, sources)
    # modules, classes and parsed CSS live as long as the app: move them out of the collector's
    # way, so start-up is not spent re-scanning them (about 20 ms before the first screen)
    gc.freeze()
    app.freeze_gc = True  # and the library and index once loaded (see LoadingMixin)
    app.run()
    return app.return_code or 0
