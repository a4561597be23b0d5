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
from kzreader.tui.firstpage import FirstPage, read_page
from kzreader.tui.screens.help import HelpScreen, unknown_binding_ids
from kzreader.tui.screens.loading import Preload
from kzreader.tui.screens.main import MainScreen
from kzreader.tui.state import ReaderState, load_state, save_state


def actions_provider():  # -> type[Provider]; textual.command loads when the palette opens
    from kzreader.tui.commands import ActionsProvider

    return ActionsProvider


def articles_provider():  # -> type[Provider]
    from kzreader.tui.commands import ArticlesProvider

    return ArticlesProvider


def stories_provider():  # -> type[Provider]
    from kzreader.tui.commands import StoriesProvider

    return StoriesProvider


def filters_provider():  # -> type[Provider]
    from kzreader.tui.commands import FiltersProvider

    return FiltersProvider


class KzReaderApp(App[int]):
    """kzreader's reader: source list, article view and search."""

    TITLE = "kzreader"
    CSS_PATH = "kzreader.tcss"
    #: Freeze what the library and index loads out of the cyclic collector's sight (set by
    #: run_app; not in tests, where many apps share one process and would never be collected).
    freeze_gc = False
    COMMANDS = App.COMMANDS | {
        actions_provider,
        stories_provider,
        articles_provider,
        filters_provider,
    }
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
        #: the library, read from the app's start (see screens/loading.py), or the first rows
        #: of the last run's lists, drawn until it is read (tui/firstpage.py)
        self.preload: Preload | None = None
        self.first_page: FirstPage | None = None
        self._loading_started = False
        #: what the reader keeps across runs (data dir): the theme picked, sort, pane width
        self.reader_state = ReaderState()
        self._state_warned = False

    def start_loading(self) -> None:
        """The last run's first page when it still fits (the library is then read after the
        first paint), else start reading the library now, while Textual sets up the terminal.
        run_app calls it before the app runs; otherwise the app does as it loads."""
        if self._loading_started:
            return
        self._loading_started = True
        self.first_page = read_page(self.config, self.sources)
        if self.first_page is None:
            self.preload = Preload(self.config, self.sources)

    def on_load(self) -> None:
        self.start_loading()
        self.reader_state = load_state()

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
        theme = self.reader_state.theme_for(self.config.theme)
        if theme not in self.available_themes:
            theme = self.config.theme
        if theme in self.available_themes:
            self.theme = theme
        else:
            message = f"theme: unknown theme {self.config.theme!r}"
            self.notify(message, severity="warning", markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        keys = dict(self.config.keys)
        unknown = unknown_binding_ids(keys)
        if unknown:
            message = f"keys: no such binding id: {', '.join(map(repr, unknown))}"
            self.notify(message, severity="warning", markup=False)
        self.set_keymap(keys)

    def _theme_changed(self, theme: object) -> None:
        name = self.theme
        if name != self.reader_state.theme_for(self.config.theme):  # picked in the palette
            self.keep_state(self.reader_state.with_theme(name, self.config.theme))

    def keep_state(self, state: ReaderState) -> None:
        """Remember ``state`` across runs (data dir); a failure is reported once."""
        if state == self.reader_state:
            return
        self.reader_state = state
        try:
            save_state(state)
        except OSError as exc:
            if not self._state_warned:
                self._state_warned = True
                self.notify(
                    f"Cannot keep the reader's state in the data dir: {exc}",
                    severity="warning",
                    markup=False,
                )

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
    app.start_loading()  # the library is read while Textual sets up the terminal
    # modules, classes and parsed CSS live as long as the app: move them out of the collector's
    # way, so start-up is not spent re-scanning them (about 20 ms before the first screen)
    gc.freeze()
    app.freeze_gc = True  # and the library and index once loaded (see LoadingMixin)
    app.run()
    return app.return_code or 0
