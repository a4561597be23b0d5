"""Properties of cleaning over arbitrary input: never raises, never invents text, keeps prose."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kzreader.library.clean import _lines, clean_document
from kzreader.library.dates import date_line, parse_date
from kzreader.library.htmltext import parse_html

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\n\n ./:[]()#-—"),
    max_size=400,
)
WORDS = st.lists(
    st.sampled_from(
        [
            "the",
            "council",
            "met",
            "on",
            "monday",
            "and",
            "voted",
            "to",
            "close",
            "two",
            "old",
            "bridges",
        ]
    ),
    min_size=12,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_clean_never_raises_and_never_invents(text):
    doc = clean_document(text)
    source = set(_lines(text, markdown=False))
    assert set(doc.paragraphs) <= source
    assert set(doc.captions) <= source


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_html_and_dates_never_raise(text):
    parse_html(text)
    clean_document(text, is_html=True)
    clean_document(text, is_markdown=True)
    parse_date(text)
    date_line(text[:90])


@settings(max_examples=100, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=6, unique_by=lambda words: " ".join(words)))
def test_prose_sentences_are_all_kept(sentences):
    lines = [" ".join(words).capitalize() + "." for words in sentences]
    doc = clean_document("Council Votes\n\n" + "\n\n".join(lines))
    assert doc.paragraphs == lines
    assert doc.captions == []


def test_a_document_of_one_repeated_sentence_keeps_it_once():
    line = "The council met on Monday and voted to close the bridge."
    doc = clean_document(f"Council Votes\n\n{line}\n{line}\n")
    assert (doc.paragraphs, doc.captions) == ([line], [])
