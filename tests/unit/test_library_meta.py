"""Outlet, byline and folder-manifest signals."""

from __future__ import annotations

import pytest

from kzreader.library.clean import clean_document
from kzreader.library.meta import byline_of, front_matter, outlet_from_lines, parse_manifest

BODY = "\n\nThe council met on Tuesday.\n\nIt approved the budget."


def test_staff_byline_names_the_outlet():
    doc = clean_document("Council Meets\nBy Example Daily Editors and Wire Services" + BODY)
    assert doc.byline == "By Example Daily Editors and Wire Services"
    assert doc.outlet == "Example Daily"


def test_personal_byline_is_not_an_outlet():
    doc = clean_document("Council Meets\nBy Jane Roe" + BODY)
    assert doc.byline == "By Jane Roe"
    assert doc.outlet is None


def test_wire_copyright_on_a_page_with_site_chrome_is_republished():
    text = "Skip to main content\nCouncil Meets\nCopyright 2024 The Associated Press. All rights"
    doc = clean_document(text + " reserved" + BODY)
    assert doc.outlet == "The Associated Press (republished)"


def test_copyright_without_chrome_names_the_outlet():
    doc = clean_document("Council Meets" + BODY + "\n\nCopyright 2024 Example Times.")
    assert doc.outlet == "Example Times"
    assert "Copyright" not in " ".join(doc.paragraphs)


def test_wire_dateline():
    assert outlet_from_lines(["OSLO (Reuters) - The council met."], None, False) == "Reuters"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("XYZ Radio could not independently verify the videos.", "XYZ Radio"),
        ("Examplenews could not independently verify the claim.", "Examplenews"),
        ("The website of RFE/RL's Kazakh Service was blocked.", "RFE/RL"),
        ("The BBC could not confirm the report.", "The BBC"),
        ("He could not independently verify the figures.", None),
        ("Police could not independently confirm the toll.", None),
        ("Spokesman Yannis Roubatis could not confirm the move.", None),
        ("New York State's Public Service Commission agreed.", None),
        ("Earlier, Russia's Sputnik news service reported shots.", None),
        ("(AP Photo/Jane Roe)", None),
    ],
)
def test_self_references(line, expected):
    assert outlet_from_lines([line], None, False) == expected


def test_no_signal_is_none():
    assert clean_document("Council Meets" + BODY).outlet is None


def test_byline_of():
    assert byline_of("By Jane Roe and John Doe") == "By Jane Roe and John Doe"
    assert byline_of("By the end of the day, the council had voted.") is None


def test_front_matter_quotes_and_rest():
    values, rest = front_matter('---\ntitle: "A: B"\noutlet: X\n---\nBody\n')
    assert values == {"title": "A: B", "outlet": "X"}
    assert rest == "Body\n"
    assert front_matter("No front matter\n") == ({}, "No front matter\n")


def test_manifest_table():
    text = (
        "# Event\n\n| file | doc | outlet (from URL) | URL |\n|---|---|---|---|\n"
        "| `a.txt` | 1 | a.example | http://a.example/x |\n| `b.txt` | 2 | b.example | u |\n"
    )
    entries = parse_manifest(text)
    assert {name: e.outlet for name, e in entries.items()} == {
        "a.txt": "a.example",
        "b.txt": "b.example",
    }
    assert (entries["a.txt"].url, entries["a.txt"].line) == ("http://a.example/x", 5)
    assert entries["b.txt"].url is None  # "u" is no web address
    assert parse_manifest("| name | url |\n|---|---|\n| a | b |\n") == {}
    assert parse_manifest("| file | size |\n|---|---|\n| a.txt | 3 |\n") == {}
