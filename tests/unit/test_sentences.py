"""Sentence splitting: hand-written cases, offset invariants and a property test."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzreader.facts.text.sentences import Sentence, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def check_invariants(text: str, sentences: list[Sentence]) -> None:
    pos = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert pos <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert "\n" not in s.text
        assert text[pos : s.start].strip() == "", "non-space text left out"
        pos = s.end
    assert text[pos:].strip() == ""


CASES = [
    ("Police said eight died. Twelve were hurt.", ["Police said eight died.", "Twelve were hurt."]),
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    (
        "Gen. Lee and Sen. Ross left. Gov. Hill stayed.",
        ["Gen. Lee and Sen. Ross left.", "Gov. Hill stayed."],
    ),
    (
        "It happened on Jan. 5 and Feb. 6. Nobody came.",
        ["It happened on Jan. 5 and Feb. 6.", "Nobody came."],
    ),
    ("John F. Kennedy was shot. Oswald fled.", ["John F. Kennedy was shot.", "Oswald fled."]),
    ("J. R. R. Tolkien wrote it. Fans agree.", ["J. R. R. Tolkien wrote it.", "Fans agree."]),
    ("J.R.R. Tolkien wrote it.", ["J.R.R. Tolkien wrote it."]),
    (
        "The U.S. Army and the U.N. Security Council met.",
        ["The U.S. Army and the U.N. Security Council met."],
    ),
    ("Troops left the U.S. The war ended.", ["Troops left the U.S.", "The war ended."]),
    ("It struck at 3 a.m. Monday. People fled.", ["It struck at 3 a.m. Monday.", "People fled."]),
    ("It ended at 5 p.m. Rescuers kept digging.", ["It ended at 5 p.m.", "Rescuers kept digging."]),
    ("It ended at 5 p.m. on Friday.", ["It ended at 5 p.m. on Friday."]),
    ("He lives at No. 10 Downing St. with staff.", ["He lives at No. 10 Downing St. with staff."]),
    ("Alloy No. Three is cheaper.", ["Alloy No. Three is cheaper."]),
    (
        "Blasts came at 3 p.m. (1200 GMT). Nobody died.",
        ["Blasts came at 3 p.m. (1200 GMT).", "Nobody died."],
    ),
    ("It was at 9 a.m. EST on Friday.", ["It was at 9 a.m. EST on Friday."]),
    ("Very subdued. '", ["Very subdued. '"]),
    ("He said no. The talks failed.", ["He said no.", "The talks failed."]),
    (
        "Acme Inc. said it would pay. Acme Co. Chief Ann Lee agreed.",
        ["Acme Inc. said it would pay.", "Acme Co. Chief Ann Lee agreed."],
    ),
    (
        "Apples, pears, etc. were sold. Prices rose.",
        ["Apples, pears, etc. were sold.", "Prices rose."],
    ),
    (
        "A 6.1 quake hit. It cost $0.11 per share and 1,500 homes.",
        ["A 6.1 quake hit.", "It cost $0.11 per share and 1,500 homes."],
    ),
    ('"We will stay," she said. "We must."', ['"We will stay," she said.', '"We must."']),
    ("“It is over.” The crowd left.", ["“It is over.”", "The crowd left."]),
    ("He said ‘go.’ They went.", ["He said ‘go.’", "They went."]),
    ('"Why?" he asked. "Because!" she said.', ['"Why?" he asked.', '"Because!" she said.']),
    (
        '"Why now?" Gen. Lee asked. "Go!" Smith shouted.',
        ['"Why now?" Gen. Lee asked.', '"Go!" Smith shouted.'],
    ),
    ('"Why now?" The crowd fell silent.', ['"Why now?"', "The crowd fell silent."]),
    ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
    ("Wait... and see. Then... Nothing.", ["Wait... and see.", "Then...", "Nothing."]),
    ("Wait… The end.", ["Wait…", "The end."]),
    (
        "A headline without a stop\nThe body starts here. Ok.",
        ["A headline without a stop", "The body starts here.", "Ok."],
    ),
    ("First para ends\n\nSecond para.", ["First para ends", "Second para."]),
    ("(It was late.) Nobody came.", ["(It was late.)", "Nobody came."]),
    ("In 2011. 16 people died.", ["In 2011.", "16 people died."]),
    (
        "ALMATY -- Peacekeepers arrived. Armenia said so.",
        ["ALMATY -- Peacekeepers arrived.", "Armenia said so."],
    ),
    ("", []),
    ("   \n\n  ", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_hand_written_cases(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    check_invariants(text, sentences)


def test_offsets_point_into_text_with_leading_space() -> None:
    text = "  Hello there.   General Kenobi!  \n  Next line."
    sentences = split_sentences(text)
    check_invariants(text, sentences)
    assert [(s.start, s.end) for s in sentences] == [(2, 14), (17, 32), (37, 47)]


def test_never_crosses_a_line_break() -> None:
    text = "Mr.\nSmith went. The U.S.\nArmy left"
    for s in split_sentences(text):
        assert "\n" not in s.text
    assert texts(text) == ["Mr.", "Smith went.", "The U.S.", "Army left"]


def test_seed_texts_keep_invariants(seeds) -> None:
    from kzreader.library import load_library

    library = load_library((seeds,))
    assert len(library) >= 2
    for article in library:
        sentences = split_sentences(article.text)
        check_invariants(article.text, sentences)
        assert len(sentences) >= len(article.paragraphs)


ALPHABET = st.sampled_from([*"ab AB.?!…\"'”’“(),\n\t0123456789", "Mr.", "U.S.", " p.m. ", "\n\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_property_offsets_cover_all_text(text: str) -> None:
    check_invariants(text, split_sentences(text))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_property_arbitrary_unicode(text: str) -> None:
    check_invariants(text, split_sentences(text))
