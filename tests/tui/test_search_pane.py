"""The search pane: where a hit lands, marking hits, text never markup, typed keys never lost,
honest counts, a damaged index rebuilt."""

from __future__ import annotations

from kzreader.tui.app import KzReaderApp
from tests.tui.conftest import parts, search_for, settle, type_text
from tests.unit.test_search_faults import postings_region


def status_of(search) -> str:
    return str(search.query_one("#search-status").render())


async def test_a_hit_opened_at_80x24_after_reading_lands_on_its_match(app: KzReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _screen, _sources, view, _search = parts(app)
        await pilot.press("enter")  # read the first article a while
        await settle(pilot)
        for _ in range(3):
            await pilot.press("pagedown")
        await settle(pilot)
        assert view.scroll_y > 0
        await search_for(pilot, "airport")  # its first match is far down its article
        await pilot.press("enter")
        await settle(pilot)
        start, _end = view.matches[view.current]
        row = view.row_of_offset(start)
        assert row > view.size.height  # below the first screen: the view had to scroll
        assert view.scroll_y <= row < view.scroll_y + view.size.height


async def test_space_on_a_hit_marks_its_article(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, sources, _view, search = parts(app)
        await search_for(pilot, "police killed")
        search.hit_list.focus()
        await pilot.pause()
        assert search.hit_list.has_focus
        first, second = search.hits[0].article, search.hits[1].article
        await pilot.press("space")
        await pilot.press("space")
        await settle(pilot)
        assert sources.marked == [first, second]
        assert "2 marked" in screen.sub_title
        prompt = str(search.hit_list.get_option_at_index(0).prompt)
        assert prompt.startswith("● ")
        await pilot.press("up", "space")  # unmark the second
        await settle(pilot)
        assert sources.marked == [first]
        search.input.focus()
        await type_text(pilot, " x")  # in the input a space is typed, not a mark
        assert search.input.value.endswith(" x") and sources.marked == [first]


async def test_markup_typed_in_the_search_is_shown_as_text(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _screen, _sources, _view, search = parts(app)
        await search_for(pilot, "kiled [/]")
        assert search.input.value == "kiled [/]"
        search.input.value = ""
        await settle(pilot)
        await type_text(pilot, "?[/]")
        assert "“[/]”" in status_of(search)
        search.input.value = ""
        await settle(pilot)
        await type_text(pilot, "[bold]police [/]")
        assert search.input.value == "[bold]police [/]" and status_of(search)


async def test_keys_typed_during_a_slow_search_are_all_kept(app: KzReaderApp) -> None:
    from tests.tui.test_search_journeys import SlowIndex

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _screen, _sources, _view, search = parts(app)
        slow = SlowIndex(search.index)
        search.index = slow
        await pilot.press("slash", "asterisk", "e", "asterisk")
        await pilot.press("backspace", "backspace", "backspace", "g", "o", "l", "d")
        await settle(pilot)
        assert search.input.value == "gold"
        assert search.shown_query == "gold" and slow.queries[-1] == "gold"


async def test_counts_are_exact_and_in_the_singular(app: KzReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _screen, _sources, _view, search = parts(app)
        await search_for(pilot, "outlet:newser ")
        assert status_of(search).startswith("1 hit") and not status_of(search).startswith("1 hits")
        search.input.value = ""
        await settle(pilot)
        await type_text(pilot, "police ")
        assert status_of(search).startswith(f"{len(search.hits)} hits")


async def test_a_damaged_index_is_rebuilt_and_the_search_answers(app: KzReaderApp) -> None:
    import os

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _screen, _sources, _view, search = parts(app)
        (segment,) = [p for p in search.index.folder.iterdir() if p.suffix == ".pst"]
        low, high = postings_region(segment)
        stat = segment.stat()
        data = bytearray(segment.read_bytes())
        data[low:high] = bytes((i * 131) % 251 for i in range(high - low))
        segment.write_bytes(bytes(data))
        os.utime(segment, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        await search_for(pilot, "police ")
        assert search.hits and search.shown_query == "police "
        assert search.index.problem is None


def test_the_reader_says_when_the_index_could_not_be_written() -> None:
    from kzreader.search import UpdateStats
    from kzreader.tui.screens.loading import index_warning

    warning = index_warning(UpdateStats(error="cannot write the search index in /x: Read-only"))
    assert warning and "Read-only" in warning
    assert index_warning(UpdateStats()) is None
