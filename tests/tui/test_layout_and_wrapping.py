"""Pure helpers of the reader: offset-aware word wrap and the pane layout plan."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from kzreader.tui import layout
from kzreader.tui.widgets.wrapping import wrap_spans


def test_wrap_keeps_offsets_and_drops_trailing_spaces() -> None:
    text = "Twelve police officers were killed, the channel said."
    spans = wrap_spans(text, 16, base=100)
    lines = [text[s - 100 : e - 100] for s, e in spans]
    assert lines == ["Twelve police", "officers were", "killed, the", "channel said."]
    assert spans[0] == (100, 113)


def test_wrap_splits_a_word_longer_than_the_line() -> None:
    assert wrap_spans("abcdefghij xy", 4) == [(0, 4), (4, 8), (8, 10), (11, 13)]


def test_wrap_counts_wide_characters_as_two_cells() -> None:
    spans = wrap_spans("日本語 日本語", 6)
    assert [e - s for s, e in spans] == [3, 3]


@given(st.text(alphabet=st.sampled_from("ab cé日\t"), max_size=80), st.integers(1, 30))
def test_wrap_covers_every_word_within_the_width(text: str, width: int) -> None:
    spans = wrap_spans(text, width)
    kept = "".join("".join(text[s:e].split()) for s, e in spans)
    assert kept == "".join(text.split())  # every word, in order, nothing duplicated
    for s, e in spans:
        assert cell_len(text[s:e]) <= max(width, 2)
        assert s <= e and (s == e or not text[e - 1].isspace())


def test_layout_three_panes_when_wide() -> None:
    plan = layout.plan(160, "library", "library", 35)
    assert plan.mode == "wide" and plan.visible == layout.PANES


def test_layout_medium_shows_the_side_pane_in_use_and_the_article() -> None:
    assert layout.plan(120, "search", "search", 35).visible == ("search", "article")
    assert layout.plan(120, "article", "library", 35).visible == ("library", "article")


def test_layout_one_pane_at_80_columns() -> None:
    for pane in layout.PANES:
        plan = layout.plan(80, pane, "library", 35)
        assert plan.mode == "narrow" and plan.visible == (pane,)


def test_side_pane_width_is_clamped() -> None:
    assert layout.plan(120, "library", "library", 500).widths["library"] == "60%"
    assert layout.plan(160, "library", "library", 0).widths["library"] == "13%"
