"""Cleaning rules, each on a small invented page."""

from __future__ import annotations

import pytest

from kzreader.library.clean import clean_document

STORY = [
    "OSLO — Firefighters battled a warehouse blaze on Monday, officials said.",
    "Three workers were hurt and 40 people were evacuated from nearby homes.",
    "The cause of the fire was not yet known, a spokeswoman said.",
]


def page(*lines: str) -> str:
    return "\n\n".join(lines)


def test_headline_is_first_line_after_navigation_and_widgets():
    doc = clean_document(
        page("Skip to main content", "Sunny icon", "71º", "Warehouse Fire Hurts Three", *STORY)
    )
    assert doc.title == "Warehouse Fire Hurts Three"
    assert doc.paragraphs == STORY


@pytest.mark.parametrize(
    "cruft",
    [
        "Accessibility links",
        "Breaking News",
        "please wait",
        "No media source currently available",
        "0:00 0:02:15 0:00",
        "WATCH: Firefighters Battle The Blaze",
        "Related Articles",
        "Recommended Videos",
        "3 / 12",
        "[embed-widget id=”42”]",
        "Copyright 2024 Example Wire. All rights reserved",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Loading...",
        "Get the news faster.",
        "Tap to install our app.",
        "Install the Example News app",
        "16x9 Image",
        "Story continues below advertisement",
        "Continue reading the main story",
        "Media playback is unsupported on your device",
        "Image copyright Getty Images",
        "Facebook",
        "Most Read",
    ],
)
def test_cruft_lines_are_dropped_anywhere_in_the_body(cruft):
    doc = clean_document(page("Warehouse Fire Hurts Three", STORY[0], cruft, *STORY[1:]))
    assert doc.paragraphs == STORY
    assert cruft not in doc.captions


def test_app_install_prompt_block_at_the_end_is_dropped():
    doc = clean_document(
        page("Fire Hurts Three", *STORY, "(More fire stories.)")
        + "\n\nGet the news faster.\nTap to install our app.\nInstall the Example app\n"
        "in two easy steps:\n1. Tap in your navigation bar.\n2. Tap to Add to Home Screen."
    )
    assert doc.paragraphs == STORY


def test_photo_captions_go_to_captions_not_body():
    credit = "Smoke rises over the warehouse on Monday. (AP Photo/Jane Roe)"
    loose = "AP Photo/John Doe Firefighters spray water on the roof in Oslo."
    doc = clean_document(page("Fire Hurts Three", STORY[0], credit, STORY[1], loose, STORY[2]))
    assert doc.paragraphs == STORY
    assert doc.captions == [credit, loose]


def test_image_caption_label_is_a_caption():
    caption = "Image caption Firefighters worked through the night"
    doc = clean_document(page("Fire Hurts Three", STORY[0], caption, *STORY[1:]))
    assert (doc.paragraphs, doc.captions) == (STORY, [caption])


def test_line_repeated_twice_is_a_caption_once():
    caption = "A crane lifts debris from the burned warehouse."
    doc = clean_document(page("Fire Hurts Three", STORY[0], STORY[1], caption, caption, STORY[2]))
    assert doc.paragraphs == STORY
    assert doc.captions == [caption]


def test_long_quoted_duplicate_is_kept_once_in_the_body():
    quote = (
        'The chief said "we were lucky that the wind turned before the flames reached the '
        'homes on the hill, or this would have been a far worse night for the whole town."'
    )
    doc = clean_document(page("Fire Hurts Three", STORY[0], quote, quote, STORY[1]))
    assert doc.paragraphs == [STORY[0], quote, STORY[1]]
    assert doc.captions == []


@pytest.mark.parametrize(
    "line",
    [
        "[Editor's note: This story was updated to correct the toll.]",
        "The toll rose to 12, officials said. (Reuters)",
        "Fashion icon Jane Roe attended the hearing on Monday.",
        "Photos of the blaze were shared widely online.",
        "Copyright lawyers said the case was unusual.",
    ],
)
def test_real_sentences_that_look_like_cruft_are_kept(line):
    doc = clean_document(page("Fire Hurts Three", STORY[0], line, *STORY[1:]))
    assert doc.paragraphs == [STORY[0], line, *STORY[1:]]
    assert doc.captions == []


def test_wire_photo_credit_in_parentheses_is_a_caption():
    caption = "Firefighters at the scene on Monday. (Jane Roe/Reuters)"
    doc = clean_document(page("Fire Hurts Three", STORY[0], caption, *STORY[1:]))
    assert doc.captions == [caption]


def test_title_case_line_before_a_video_player_is_that_videos_title():
    doc = clean_document(
        page(
            "Fire Hurts Three",
            STORY[0],
            "Residents Describe The Night Of The Fire",
            "please wait",
            "0:00 0:01:02 0:00",
            "What Caused The Warehouse Fire?",
            "please wait",
            *STORY[1:],
        )
    )
    assert doc.paragraphs == STORY


def test_title_case_label_before_a_caption_is_dropped():
    doc = clean_document(
        page(
            "Fire Hurts Three",
            STORY[0],
            "Oslo Fire",
            "AP Photo/Jane Roe Smoke over Oslo.",
            *STORY[1:],
        )
    )
    assert doc.paragraphs == STORY
    assert doc.captions == ["AP Photo/Jane Roe Smoke over Oslo."]


def test_title_case_subhead_not_followed_by_a_player_is_kept():
    doc = clean_document(page("Fire Hurts Three", STORY[0], "What Happens Next", *STORY[1:]))
    assert doc.paragraphs == [STORY[0], "What Happens Next", *STORY[1:]]


def test_header_byline_date_and_deck():
    doc = clean_document(
        "Fire Hurts Three\n\nBlaze forces dozens from their homes\nBy Example Staff\n"
        "Posted Mar 4, 2024 9:15 PM CST\nOther Story Title\nSmoke over Oslo. (AP Photo/J. Roe)\n\n"
        + page(*STORY)
    )
    assert doc.byline == "By Example Staff"
    assert doc.published is not None and doc.published.isoformat() == "2024-03-04T21:15:00-06:00"
    # the deck is kept as the first paragraph; a gallery's title before its caption is dropped
    assert doc.paragraphs == ["Blaze forces dozens from their homes", *STORY]
    assert doc.captions == ["Smoke over Oslo. (AP Photo/J. Roe)"]


def test_title_case_deck_without_furniture_is_kept():
    doc = clean_document("Fire Hurts Three\nPay April 30\nRecord March 31\n\n" + page(*STORY))
    assert doc.paragraphs == ["Pay April 30", "Record March 31", *STORY]


def test_tail_boilerplate_after_an_image_credit_is_dropped():
    promo = "Example Radio's Norwegian Service offers reporting in two languages."
    doc = clean_document(
        page(
            "Fire Hurts Three",
            *STORY,
            *STORY,
            "16x9 Image",
            "Example Radio's Norwegian Service",
            promo,
            "To find out more, click here.",
        )
    )
    assert promo not in doc.paragraphs
    assert doc.paragraphs == STORY + STORY


def test_declared_undesirable_promo_and_click_here_are_dropped():
    doc = clean_document(
        page(
            "Fire Hurts Three",
            *STORY,
            'Example Radio has been declared an "undesirable organization" by the government.',
            "To find out more, click here.",
        )
    )
    assert doc.paragraphs == STORY


def test_dateline_paragraphs_and_every_sentence_survive():
    lines = ["MOSCOW — The council met on Tuesday.", "ALMATY -- Crowds gathered at noon."]
    doc = clean_document(page("Council Meets", *lines))
    assert doc.paragraphs == lines


def test_only_the_first_date_line_is_metadata_unless_it_is_a_stamp():
    doc = clean_document(
        "Results\n1987-03-03\nYear ended December 31, 1986\nUpdated March 4, 1987\nNet 5 dlrs.\n"
    )
    assert doc.published is not None and doc.published.isoformat() == "1987-03-03T00:00:00"
    assert doc.paragraphs == ["Year ended December 31, 1986", "Net 5 dlrs."]  # stamp dropped
    stamped = clean_document("Results\nMay 4, 2024\nUpdated May 5, 2024 10:00\nNet 5 dlrs.\n")
    assert stamped.paragraphs == ["Net 5 dlrs."]


def test_one_sentence_per_line_and_date_on_line_two():
    doc = clean_document("Quake hits coast\nJuly 2, 2013 07:44\nA quake struck.\nTen were hurt.\n")
    assert doc.title == "Quake hits coast"
    assert doc.published is not None and doc.published.isoformat() == "2013-07-02T07:44:00"
    assert doc.paragraphs == ["A quake struck.", "Ten were hurt."]


def test_sentence_on_line_one_is_kept_in_the_body():
    first = "A strong earthquake struck the coast on Tuesday, killing at least ten people nearby."
    doc = clean_document(f"{first}\nRescuers searched the rubble.\n")
    assert doc.title == first
    assert doc.paragraphs == [first, "Rescuers searched the rubble."]


def test_table_only_document_keeps_its_lines():
    doc = clean_document("RATES - MAY 4\n1987-05-04\n\nNew York\nDlr 1.5\nStg 1.6\n")
    assert doc.paragraphs == ["New York", "Dlr 1.5", "Stg 1.6"]


def test_markdown_front_matter_and_markup():
    doc = clean_document(
        "---\ntitle: Fire Hurts Three\noutlet: Example Daily\n"
        "published: 2024-03-04T21:15:00+01:00\n---\n# Fire Hurts Three\n\n"
        "Firefighters **battled** a [blaze](http://x.example) on Monday.\n",
        is_markdown=True,
    )
    assert (doc.title, doc.outlet) == ("Fire Hurts Three", "Example Daily")
    assert doc.published is not None and doc.published.isoformat() == "2024-03-04T21:15:00+01:00"
    assert doc.paragraphs == ["Firefighters battled a blaze on Monday."]
