"""Theme and key remaps: config mistakes are one-line errors, exit 2, before the screen is taken.

Issue 13: an unknown theme or binding id was only a toast with exit 0, and ``keys: {facts: c}``
silently hid compare.  Issue 14 #4: ``theme: '[/]x'`` and a key ``[/]`` crashed the reader.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.theme import BUILTIN_THEMES

from kzreader.cli import main
from kzreader.config import Config, ConfigError, parse_config
from kzreader.tui.app import KzReaderApp, run_app
from kzreader.tui.keycheck import (
    CONTEXTS,
    DEFAULT_KEYS,
    check_reader_config,
    key_problem,
    keys_of,
)


def config_of(tmp_path: Path, text: str) -> tuple[Path, Config]:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path, parse_config(text, path)


def reader_error(tmp_path: Path, capsys, monkeypatch, text: str) -> str:
    """``kzreader --config FILE`` on a terminal: exit 2, one line, and no app was started."""
    path, _ = config_of(tmp_path, text)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    started: list[object] = []
    monkeypatch.setattr(KzReaderApp, "run", lambda self, *a, **k: started.append(self))
    code = main(["--config", str(path)])
    out, err = capsys.readouterr()
    assert started == [], "the reader took the screen"
    assert code == 2 and out == "", (code, out, err)
    assert err.count("\n") == 1 and err.startswith("kzreader: error: "), err
    return err.strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("theme: nope\n", "config.yaml:1: theme: unknown theme 'nope'"),
        ("search: {limit: 5}\ntheme: '[/]x'\n", "config.yaml:2: theme: unknown theme '[/]x'"),
        ("keys:\n  nosuch: x\n", "config.yaml:2: keys: no binding id 'nosuch'"),
        ("keys: {'[/]': x}\n", "config.yaml:1: keys: no binding id '[/]'"),
        ("keys:\n  quit: '[/]'\n", "config.yaml:2: keys.quit: '[/]' is not a key name"),
        ("keys:\n  quit: ctrl+/\n", "keys.quit: 'ctrl+/': write the key by name"),
        ("keys:\n  quit: hyperz+q\n", "keys.quit: 'hyperz+q': 'hyperz' is not a modifier"),
        ("keys:\n  quit: F2\n", "keys.quit: 'F2' is not a key name"),
        (
            "keys:\n  search: ctrl+k\n  facts: c\n",
            "config.yaml:3: keys.facts: 'c' is already the key of 'compare'",
        ),
        ("keys: {sort: f}\n", "keys.sort: 'f' is already the key of 'facts' in the source list"),
        ("keys: {mark: tab}\n", "'cycle_pane' in the source list"),
        ("keys: {compare_back: o}\n", "'compare_other' in the compare screen"),
    ],
)
def test_reader_config_mistakes_stop_before_the_screen(
    tmp_path, capsys, monkeypatch, text, expected
):
    assert expected in reader_error(tmp_path, capsys, monkeypatch, text)


@pytest.mark.parametrize(
    "text",
    [
        "theme: nord\n",
        "keys: {search: 'slash,f2', quit: ctrl+q}\n",
        "keys: {facts: c, compare: f}\n",  # a swap: both remapped, nothing hidden
        "keys: {help_close: escape, facts_back: escape}\n",  # other screens
        "keys: {search: '/', help: '?'}\n",  # characters for their own keys
        "keys: {quit: ctrl+q, compare_back: q}\n",
    ],
)
def test_good_remaps_pass(tmp_path, text):
    _, config = config_of(tmp_path, text)
    check_reader_config(config)


def test_run_app_checks_before_it_builds_the_app(tmp_path, monkeypatch):
    _, config = config_of(tmp_path, "theme: nope\n")
    monkeypatch.setattr(KzReaderApp, "run", lambda self, *a, **k: pytest.fail("app ran"))
    with pytest.raises(ConfigError, match="unknown theme"):
        run_app(config)


def test_every_builtin_theme_and_default_key_is_accepted():
    for theme in BUILTIN_THEMES:
        check_reader_config(Config(theme=theme))
    for binding_id, keys in DEFAULT_KEYS.items():
        for key in keys.split(","):
            assert key_problem(key) is None, (binding_id, key)
    check_reader_config(Config(keys=dict(DEFAULT_KEYS)))  # the defaults written out: no clash


def _bindings(cls: type) -> list[Binding]:
    return [b for b in getattr(cls, "BINDINGS", []) if isinstance(b, Binding) and b.id]


def test_the_help_table_and_contexts_match_the_real_bindings():
    """keycheck reasons over help.KEYS; it must say what the classes bind."""
    from kzreader.tui.screens.compare import CompareScreen
    from kzreader.tui.screens.differ import DifferScreen
    from kzreader.tui.screens.export import ConfirmOverwrite, ExportDialog
    from kzreader.tui.screens.facts import FactDetailScreen, FactsScreen
    from kzreader.tui.screens.help import HelpScreen
    from kzreader.tui.screens.main import MainScreen
    from kzreader.tui.widgets.article_view import ArticleView
    from kzreader.tui.widgets.facts_table import FactsTable
    from kzreader.tui.widgets.history_input import HistoryInput
    from kzreader.tui.widgets.source_list import SourceList
    from kzreader.tui.widgets.story_list import StoryList

    live = {
        "the source list": (KzReaderApp, MainScreen, SourceList),
        "the stories list": (KzReaderApp, MainScreen, StoryList),
        "the article view": (KzReaderApp, MainScreen, ArticleView),
        "the search box": (KzReaderApp, MainScreen, HistoryInput),
        "the compare screen": (KzReaderApp, CompareScreen),
        "the facts screen": (KzReaderApp, FactsScreen, FactsTable),
        "the fact detail": (KzReaderApp, FactDetailScreen),
        "the differ dialog": (KzReaderApp, DifferScreen),
        "the help screen": (KzReaderApp, HelpScreen),
        "the export dialog": (KzReaderApp, ExportDialog),
        "the overwrite question": (KzReaderApp, ConfirmOverwrite),
    }
    assert set(live) == {name for name, _ in CONTEXTS}
    contexts = dict(CONTEXTS)
    for name, classes in live.items():
        ids = {b.id for cls in classes for b in _bindings(cls)}
        assert ids == set(contexts[name]), name
        for cls in classes:
            for binding in _bindings(cls):
                assert keys_of(DEFAULT_KEYS[binding.id]) == keys_of(binding.key), binding.id
