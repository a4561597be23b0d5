"""News synonyms: an opt-out expansion of the common predicates, reported with the results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzreader.cli import main
from kzreader.config import SearchConfig
from kzreader.library import load_library
from kzreader.search import SearchIndex
from kzreader.search.synonyms import GROUPS, expand_synonyms
from tests.unit.search_corpus import article_body, write_articles

ARTICLES = [
    (
        "Bus crash",
        "North Star",
        None,
        article_body("Four passengers were injured when the bus overturned."),
    ),
    (
        "Mine blast",
        "Harbour Times",
        None,
        article_body("Six miners were wounded by the explosion."),
    ),
    ("Storm", "Valley News", None, article_body("Two people were hurt by falling trees.")),
    ("Raid", "North Star", None, article_body("Police detained three men after the raid.")),
    ("Arrests", "Valley News", None, article_body("Three men were taken into custody on Friday.")),
    ("Market", "Harbour Times", None, article_body("Shares rose in quiet trading.")),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "articles", ARTICLES)


@pytest.fixture
def index(folder: Path):
    ix = SearchIndex.open(load_library([folder]))
    ix.update()
    yield ix
    ix.close()


def titles(results) -> set[str]:
    return {h.title for h in results.hits}


def test_injured_also_finds_wounded_and_hurt(index) -> None:
    results = index.search("injured")
    assert titles(results) == {"Bus crash", "Mine blast", "Storm"}
    assert results.total == 3 and results.exact
    assert dict(results.synonyms) == {"injured": ("wounded", "hurt", "injuries")}
    # the article's own word ranks first
    assert results.hits[0].title == "Bus crash"


def test_a_phrase_synonym_and_highlights(index, folder: Path) -> None:
    results = index.search("arrested")
    assert titles(results) == {"Raid", "Arrests"}
    library = load_library([folder])
    for hit in results.hits:
        text = library.get(hit.article).text
        shown = {text[s:e].lower() for f in hit.fragments for s, e in f.matches}
        assert shown & {"detained", "taken", "custody"}, shown


def test_quotes_search_the_word_alone(index) -> None:
    results = index.search('"injured"')
    assert titles(results) == {"Bus crash"} and results.synonyms == ()
    typed = index.search('"injured" ', as_you_type=True)
    assert titles(typed) == {"Bus crash"}


def test_the_config_key_turns_synonyms_off(folder: Path) -> None:
    ix = SearchIndex.open(load_library([folder]), config=SearchConfig(synonyms=False))
    ix.update()
    results = ix.search("injured")
    assert titles(results) == {"Bus crash"} and results.synonyms == ()
    ix.close()


def test_as_you_type_shows_synonyms_too(index) -> None:
    results = index.search("wounded ", as_you_type=True)
    assert titles(results) == {"Bus crash", "Mine blast", "Storm"}
    assert dict(results.synonyms)["wounded"] == ("injured", "hurt", "injuries")


def test_cli_json_reports_synonyms_and_the_switch(capsys, folder: Path) -> None:
    assert main(["--source", str(folder), "search", "injured", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["synonyms"] == {"injured": ["wounded", "hurt", "injuries"]}
    assert document["total"] == 3 and document["total_exact"] is True
    assert main(["--source", str(folder), "search", "injured", "--json", "--no-synonyms"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert plain["synonyms"] == {} and plain["total"] == 1


def test_cli_text_says_what_else_was_searched(capsys, folder: Path) -> None:
    assert main(["--source", str(folder), "search", "hurt"]) == 0
    out = capsys.readouterr().out
    assert "also searched: hurt: injured, wounded, injuries" in out


def test_the_lexicon_is_general() -> None:
    """Every group is a set of interchangeable news predicates; a word is in one group."""
    words = [w for group in GROUPS for w in group]
    assert len(words) == len(set(words))
    assert all(len(group) >= 2 for group in GROUPS)


def test_terms_outside_the_lexicon_are_untouched() -> None:
    from whoosh import query as wq

    q = wq.And([wq.Term("body", "share"), wq.Term("outlet", "kill")])
    expanded, added = expand_synonyms(q, set())
    assert expanded == q and added == {}
