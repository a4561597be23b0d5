"""Property: generated hostile articles draw no control character on any screen of the reader.

A few hypothesis examples (each starts the reader): a folder of articles whose names and
texts mix news sentences with controls and markup (the CLI property's strategy), opened in the
palette, the article view, compare and facts, with the library's sanitiser on or off.
``KZ_FUZZ_TUI_EXAMPLES`` raises the count for a longer local run.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from contextlib import ExitStack
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.command import CommandList, CommandPalette

from kzreader.config import Config, SearchConfig
from kzreader.tui.app import make_app
from kzreader.tui.screens.compare import CompareScreen
from tests.safety_corpus import unsafe_in
from tests.tui.conftest import parts, settle, type_text
from tests.tui.test_safety_tui import drawn_text
from tests.unit.test_safety_properties import folder_files, raw_library_patches, write_folder

EXAMPLES = int(os.environ.get("KZ_FUZZ_TUI_EXAMPLES", "4"))


async def walk(folder: Path) -> list[str]:
    app = make_app(Config(search=SearchConfig(debounce_ms=0)), [folder])
    texts = []
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        texts.append(drawn_text(app))
        _screen, sources, _view, _ = parts(app)
        if _screen.left == "stories":  # several stories: the reader opens on them; g: articles
            await pilot.press("g")
            await settle(pilot)
            texts.append(drawn_text(app))
        for row in range(len(sources.rows)):
            sources.cursor = row
            await pilot.press("enter")
            await settle(pilot)
            texts.append(drawn_text(app))
            await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "o")
        await pilot.pause(0.3)
        texts.append(drawn_text(app))
        texts += [option.prompt.plain for option in app.screen.query_one(CommandList).options]
        await pilot.press("escape")
        await settle(pilot)
        if len(sources.rows) >= 2:
            sources.cursor = 0
            await pilot.press("space", "space", "c")
            await settle(pilot)
            assert isinstance(app.screen, CompareScreen)
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
            texts.append(drawn_text(app))
            await pilot.press("f")
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
            texts.append(drawn_text(app))
        assert app.is_running
    return texts


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=folder_files, raw=st.booleans())
def test_generated_articles_draw_no_control_character(files, raw):
    with tempfile.TemporaryDirectory() as root, ExitStack() as stack:
        folder = write_folder(Path(root), files)
        if raw:
            for patch in raw_library_patches():
                stack.enter_context(patch)
        for text in asyncio.run(walk(folder)):
            assert unsafe_in(text) == [], unsafe_in(text)[:5]
