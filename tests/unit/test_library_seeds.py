"""The bundled seeds: metadata as the texts state it, no cruft, every story sentence kept."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kzreader.library import load_library

CRUFT = [
    "Skip to main content",
    "Accessibility links",
    "Breaking News",
    "Clear icon",
    "62º",
    "Tap to install",
    "Install the Newser News app",
    "Add to Home Screen",
    "Get the news faster",
    "please wait",
    "No media source currently available",
    "0:00",
    "WATCH:",
    "Leave a Reply",
    "Your email address will not be published",
    "Related Articles",
    "Back to top",
    "Recommended Videos",
    "1 / 15",
    "time-brightcove",
    "Copyright",
    "All rights reserved",
    "16x9 Image",
    "undesirable organization",
    "click here",
    "Loading...",
    "More Kazakhstan stories",
    "AP Photo",
    "Kazakh Security Forces Clash With Anti-Government Protesters In Almaty",
    "What's Behind The State Of Emergency",
    "Video Shows Kazakh Protesters Storming Almaty City Hall",
    "Protests Continue In Provincial Kazakh Cities Amid State Of Emergency",
    "Ex-Soviet States to Help Kazakhstan Contain Protests",
    "Kazakhstan Protests\n",
    "offers informed and accurate reporting",
]

KEPT = {
    "000": [
        "The Kazakh Interior Ministry said eight police officers and national guard members were "
        "killed in the unrest and more than 300 were injured.",
        "The protests appear to have no identifiable leader or demands.",
    ],
    "001": [
        "MOSCOW — A Russia-led military alliance said Thursday that it will dispatch peacekeeping",
        "According to the Kazakh Interior Ministry, eight officers of police and members of "
        "national guard were killed and over 300 others were hurt in unrest.",
        "Prices for LPG, a gas that is used to make gasoline, nearly doubled",
    ],
    "002": [
        "The turmoil claimed the lives of eight police officers and national guard soldiers",
        "Many Kazakhs are also irritated by the ruling party’s domination in parliament",
    ],
    "003": [
        "MOSCOW – Security forces in Kazakhstan killed dozens of protesters and 12 police officers",
        "Twelve police officers were killed and 353 injured, the channel reported, citing city "
        "officials.",
        "That is a blow to Kazakhstan's sizable Orthodox Christian population, which observes "
        "Christmas on Friday.",
    ],
    "004": [
        "The Interior Ministry claimed eight police and national guard troops were killed and 317 "
        "people were wounded during the unrest across the country but offered no details.",
        "RFE/RL could not independently verify the authenticity of the videos.",
        "Kazakhstan’s Central Asian neighbors Kyrgyzstan and Uzbekistan said they were “closely”",
    ],
}


@pytest.fixture(scope="module")
def library():
    from kzreader.locations import seeds_dir

    return load_library([seeds_dir()])


def by_prefix(library, prefix):
    (article,) = [a for a in library if a.id.startswith(prefix)]
    return article


def test_five_seeds_load_without_warnings(library):
    assert len(library) == 5
    assert library.warnings == ()


@pytest.mark.parametrize("prefix", sorted(KEPT))
def test_no_cruft_in_text(library, prefix):
    text = by_prefix(library, prefix).text + "\n"
    for cruft in CRUFT:
        assert cruft not in text, cruft


@pytest.mark.parametrize("prefix", sorted(KEPT))
def test_story_sentences_survive(library, prefix):
    article = by_prefix(library, prefix)
    for sentence in KEPT[prefix]:
        assert sentence in article.text
    assert article.text == "\n\n".join(article.paragraphs)


@pytest.mark.parametrize("prefix", sorted(KEPT))
def test_every_sentence_of_each_source_paragraph_is_kept(library, prefix):
    """Every long raw line that ends like a sentence is either in the body or a caption."""
    article = by_prefix(library, prefix)
    raw_lines = [line.strip() for line in article.path.read_text("utf-8").splitlines()]
    prose = [line for line in raw_lines if len(line.split()) >= 8 and line.endswith((".", "”"))]
    kept = set(article.paragraphs) | set(article.captions)
    # the outlet's boilerplate after the story: a promo for itself and a legal notice
    promo = ("undesirable organization", "If you are in Russia", "offers informed and accurate")
    missing = [p for p in prose if p not in kept and not any(s in p for s in promo)]
    assert missing == []


def test_captions_are_separate(library):
    assert any("(AP Photo/Vladimir Tretyakov)" in c for c in by_prefix(library, "000").captions)
    assert len(by_prefix(library, "001").captions) == 2
    assert len(by_prefix(library, "003").captions) == 1
    assert by_prefix(library, "004").captions == (
        "A monument to former President Nursultan Nazarbaev was demolished by protesters in "
        "Taldyqorghan.",
    )


def test_metadata_as_the_texts_state_it(library):
    newser = by_prefix(library, "000")
    assert newser.outlet == "Newser"
    assert newser.title == "Kazakhstan Asks for Help Containing Protests"
    assert newser.byline == "By Newser Editors and Wire Services"
    assert newser.published == datetime(2022, 1, 5, 18, 10, tzinfo=timezone(timedelta(hours=-6)))
    assert by_prefix(library, "001").outlet == "unknown"
    assert by_prefix(library, "002").outlet == "unknown"
    ap = by_prefix(library, "003")
    assert ap.outlet == "The Associated Press (republished)"
    assert ap.title == "Dozens of protesters, 12 police dead in Kazakhstan protests"
    rfe = by_prefix(library, "004")
    assert rfe.outlet == "RFE/RL"
    assert rfe.title == (
        "Russian-Led Security Bloc To Send Peacekeeping Forces To Kazakhstan, Armenian PM Says"
    )
    assert [a.published for a in library][1:] == [None] * 4  # no date printed in these texts
