"""The help screen lists every key with its binding id, the screen's own keys first."""

from __future__ import annotations

from kzreader.config import Config, SearchConfig
from kzreader.tui.app import make_app
from kzreader.tui.screens.help import KEYS, HelpScreen, key_table
from tests.tui.conftest import screen_text, settle
from tests.tui.test_compare_screens import AP, RFE, open_compare


def table_text(table) -> str:  # type: ignore[no-untyped-def]
    from rich.console import Console

    console = Console(width=120, color_system=None, record=True, file=None)
    with console.capture() as capture:
        console.print(table)
    return capture.get()


def test_every_binding_id_is_listed_with_its_keys() -> None:
    text = table_text(key_table({"facts": "f,f5"}))
    for _where, binding_id, _keys, _what in KEYS:
        if binding_id:
            assert binding_id in text, binding_id
    line = next(x for x in text.splitlines() if " facts " in f" {x} " and "f5" in x)
    assert "(remapped)" in line and line.split()[0] == "f,"


async def test_help_over_compare_shows_its_keys_first(seeds) -> None:  # type: ignore[no-untyped-def]
    app = make_app(Config(search=SearchConfig(debounce_ms=0)), [seeds])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.screen.context() == ""
        await pilot.press("escape")
        await open_compare(pilot, RFE, AP)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen) and help_screen.context() == "Compare"
        text = screen_text(app)
        assert "binding id" in text and "next_divergence" in text
        assert "the screen you are on" in text
    listed = table_text(key_table({}, "Compare"))
    assert listed.index("Compare") < listed.index("Everywhere") < listed.index("Facts")
