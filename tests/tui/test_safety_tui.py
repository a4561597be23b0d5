"""Every screen of the reader shows untrusted text as text (issue 14 #1, #2, #4).

Headlines, outlets, bodies and file names hold markup and escape sequences
(``tests/safety_corpus.py``).  The palette rendered titles as markup (a click on
``[@click=app.quit]`` quit; ``[/]`` emptied the article list); markup in the theme or a key
crashed the reader; escape sequences reached the terminal from every screen.  ``raw_library``
switches the library's sanitiser off to check the screens' own defences.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.content import Content

from kzreader.config import Config, SearchConfig
from kzreader.tui.app import KzReaderApp, make_app
from kzreader.tui.screens.compare import CompareScreen
from kzreader.tui.screens.facts import FactDetailScreen, FactsScreen
from kzreader.tui.screens.help import HelpScreen
from tests.safety_corpus import raw_library, unsafe_in, write_hostile
from tests.tui.conftest import parts, screen_text, settle, type_text

__all__ = ["raw_library"]  # a fixture, used by name


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_hostile(tmp_path / "hostile")


def hostile_app(folder: Path, **config: object) -> KzReaderApp:
    return make_app(Config(search=SearchConfig(debounce_ms=0), **config), [folder])  # type: ignore[arg-type]


async def palette_prompts(pilot, query: str) -> list[Content]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await type_text(pilot, query)
    await pilot.pause(0.3)
    options = pilot.app.screen.query_one(CommandList).options
    return [option.prompt for option in options]


def drawn_text(app: KzReaderApp) -> str:
    """Every character the screen draws: the text of its segments, without the cursor moves
    the compositor itself emits (``screen_text`` keeps those)."""
    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, color_system=None, file=io.StringIO())
    update = app.screen._compositor.render_update(full=True)
    return "".join(s.text for s in console.render(update) if not s.control)


def spans_of(content: Content) -> list[str]:
    return [str(span.style) for span in content.spans]


async def test_palette_lists_headlines_as_plain_text(hostile: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", encoding="utf-8")
    app = hostile_app(hostile)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        prompts = await palette_prompts(pilot, "killed")
        plains = [p.plain for p in prompts]
        assert any("[@click=app.quit]" in p for p in plains), plains
        assert any("[@click=app.screenshot('notes.txt','/tmp')]" in p for p in plains)
        assert not any("@click" in style for p in prompts for style in spans_of(p))
        # clicking every entry opens articles; nothing quits, nothing is written
        for n in range(len(prompts)):
            if not isinstance(app.screen, CommandPalette):
                await pilot.press("ctrl+p")
                await type_text(pilot, "killed")
                await pilot.pause(0.3)
            await pilot.click(CommandList, offset=(10, n * 2))
            await settle(pilot)
            assert app.is_running
    assert notes.read_text(encoding="utf-8") == "keep me"


async def test_a_closing_tag_in_a_title_leaves_the_palette_working(hostile: Path) -> None:
    app = hostile_app(hostile)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        prompts = await palette_prompts(pilot, "Ten killed")
        assert any(p.plain.startswith("Third [/] Wire: Ten killed [red]in[/red]") for p in prompts)
        await pilot.press("escape")
        prompts = await palette_prompts(pilot, "other")
        assert any("Other [/] Net" in p.plain for p in prompts)


async def test_markup_in_the_theme_does_not_crash_the_reader(hostile: Path) -> None:
    app = hostile_app(hostile, theme="[/]x")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.is_running
        assert "unknown theme '[/]x'" in drawn_text(app)  # the toast, drawn as text


async def test_markup_in_keys_shows_in_help_as_text(hostile: Path) -> None:
    app = hostile_app(hostile, keys={"quit": "[/]", "[/]": "x"})
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "[/]" in screen_text(app)


async def test_toasts_show_file_names_as_text(hostile: Path, raw_library: None) -> None:
    app = hostile_app(hostile)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        (note,) = [n for n in app._notifications if "empty file" in n.message]
        assert not note.markup and unsafe_in(note.message) == []
        assert "name[_].txt" in note.message
        drawn = drawn_text(app)
        assert unsafe_in(drawn) == [] and "name[_].txt: skipped" in drawn


async def walk_every_screen(app: KzReaderApp, pilot) -> list[str]:
    """Article view, facts, fact detail, compare, help: the text of each screen."""
    texts = []
    _screen, sources, _view, _ = parts(app)
    await settle(pilot)
    texts.append(drawn_text(app))
    for row in range(len(sources.rows)):
        sources.cursor = row
        await pilot.press("enter")
        await settle(pilot)
        texts.append(drawn_text(app))
        await pilot.press("escape")
    await pilot.press("escape")
    sources.cursor = 0
    await pilot.press("space", "space")
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(app.screen, CompareScreen)
    for _ in range(6):
        await pilot.press("down")
        await pilot.pause()
        texts.append(drawn_text(app))
    await pilot.press("escape")
    await pilot.pause()
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(app.screen, FactsScreen)
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)
    texts.append(drawn_text(app))
    await pilot.press("enter")
    await pilot.pause(0.2)
    assert isinstance(app.screen, FactDetailScreen)
    texts.append(drawn_text(app))
    await pilot.press("escape", "escape")
    await pilot.press("question_mark")
    await pilot.pause()
    texts.append(drawn_text(app))
    return texts


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_no_screen_writes_a_control_character(
    hostile: Path, raw_library: None, size: tuple[int, int]
) -> None:
    app = hostile_app(hostile)
    async with app.run_test(size=size) as pilot:
        texts = await walk_every_screen(app, pilot)
    for text in texts:
        assert unsafe_in(text) == []
    joined = "".join(texts)
    assert "\ufffd]52;c;aGVsbG8=" in joined  # the OSC 52 shows, defused, in the article
    assert "[photos] [/x]" in joined and "[video]" in joined


async def test_screens_keep_markup_literal(hostile: Path) -> None:
    app = hostile_app(hostile)
    async with app.run_test(size=(160, 48)) as pilot:
        texts = await walk_every_screen(app, pilot)
    joined = "".join(texts)
    for literal in ("[photos] [/x]", "[video]", "[/b]", "Other [/] Net", "[$accent]people[/]"):
        assert literal in joined, literal
