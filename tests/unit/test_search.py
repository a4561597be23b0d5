"""Search over the bundled seeds: ranking, stemming, phrases, fields, prefixes, fuzzy, spans."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kzreader.library import load_library
from kzreader.search import Fragment, Hit, SearchIndex, SearchResults
from kzreader.search.schema import stem


@pytest.fixture
def library(seeds: Path):
    return load_library([seeds])


@pytest.fixture
def index(library):
    ix = SearchIndex.open(library)
    ix.update()
    yield ix
    ix.close()


def stems_at(text: str, spans) -> set[str]:
    return {stem(text[s:e].lower()) for s, e in spans}


def test_first_update_builds_then_nothing_to_do(library) -> None:
    with SearchIndex.open(library) as ix:
        assert ix.needs_update()
        stats = ix.update()
        assert stats.rebuilt and stats.added == len(library) and stats.reason is None
        assert not ix.needs_update()
        again = ix.update()
        assert (again.added, again.updated, again.deleted, again.rebuilt) == (0, 0, 0, False)


def test_police_killed_ranks_police_death_reports_first(index, library) -> None:
    results = index.search("police killed")
    assert results.total >= 3
    for hit in results.hits[:3]:
        text = library.get(hit.article).text.lower()
        assert re.search(r"police[^.]{0,80}(killed|dead|died)", text), hit.article
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True)
    assert results.hits[0].fragments and results.hits[0].fragments[0].matches


def test_fragment_spans_point_into_article_text(index, library) -> None:
    for hit in index.search("police killed").hits:
        text = library.get(hit.article).text
        assert 1 <= len(hit.fragments) <= 3
        for fragment in hit.fragments:
            assert 0 <= fragment.start < fragment.end <= len(text)
            assert fragment.start == 0 or text[fragment.start - 1].isspace()
            for s, e in fragment.matches:
                assert fragment.start <= s < e <= fragment.end
            # killed brings its news synonyms (search.synonyms, on by default)
            allowed = {stem(w) for w in ("police", "killed", "dead", "died", "slain")}
            assert stems_at(text, fragment.matches) <= allowed


def test_stemming_protesters_finds_protest_forms(index, library) -> None:
    results = index.search("protesters")
    assert results.total >= 3
    surfaces = set()
    for hit in results.hits:
        text = library.get(hit.article).text
        spans = index.match_spans(hit.article, "protesters")
        assert "protest" in stems_at(text, spans) <= {"protest", "demonstr"}  # + its synonym
        surfaces |= {text[s:e].lower() for s, e in spans}
    assert "protesters" in surfaces and surfaces & {"protest", "protests"}


def test_phrase_matches_only_adjacent_words(index, library) -> None:
    results = index.search('"police officers"')
    assert results.total >= 1
    for hit in results.hits:
        text = library.get(hit.article).text
        assert re.search(r"police\W+officers", text, re.IGNORECASE)
        spans = index.match_spans(hit.article, '"police officers"')
        for (s1, e1), (s2, _e2) in zip(spans[::2], spans[1::2], strict=False):
            assert text[s1:e1].lower() == "police"
            assert text[e1:s2].strip() == ""


def test_field_queries(index, library) -> None:
    some = library.articles[0]
    word = re.findall(r"[A-Za-z]{4,}", some.outlet)[0].lower()
    hits = index.search(f"outlet:{word}").hits
    assert hits and all(word in h.outlet.lower() for h in hits)
    assert some.id in {h.article for h in hits}
    title_hits = index.search("title:kazakhstan").hits
    assert title_hits and all("kazakhstan" in h.title.lower() for h in title_hits)


def test_outlet_filter(index, library) -> None:
    outlet = library.articles[0].outlet
    hits = index.search("police", outlet=outlet).hits
    assert hits and {h.outlet for h in hits} == {outlet}
    assert index.search("police", outlet="no such outlet anywhere").total == 0


def test_prefix_and_fuzzy(index, library) -> None:
    prefix = index.search("prote*")
    assert prefix.total >= 3
    for hit in prefix.hits:
        text = library.get(hit.article).text
        assert all(
            text[s:e].lower().startswith("prote") for f in hit.fragments for s, e in f.matches
        )
    fuzzy = index.search("polise~")
    assert fuzzy.total >= 3
    text = library.get(fuzzy.hits[0].article).text
    assert "polic" in stems_at(text, index.match_spans(fuzzy.hits[0].article, "polise~"))


def test_match_spans_finds_every_occurrence(index, library) -> None:
    article = library.get(index.search("police").hits[0].article)
    spans = index.match_spans(article.id, "police")
    expected = [
        m.span() for m in re.finditer(r"\w+", article.text) if stem(m.group().lower()) == "polic"
    ]
    assert spans == expected and spans
    assert index.match_spans("no-such-article", "police") == []


def test_did_you_mean_when_nothing_matches(index) -> None:
    results = index.search("polise kiled")
    assert results.total == 0 and not results.hits
    assert results.suggestion == "police killed"
    assert index.search("police").suggestion is None


def test_paging(index) -> None:
    full = index.search("police", limit=10)
    page = index.search("police", limit=2, offset=1)
    assert [h.article for h in page.hits] == [h.article for h in full.hits[1:3]]
    assert page.total == full.total


def test_json_shape(index) -> None:
    document = index.search("police killed", limit=2).to_json()
    assert list(document) == [
        "query",
        "total",
        "total_exact",
        "total_note",
        "suggestion",
        "synonyms",
        "hits",
    ]
    assert document["total_exact"] is True and document["total_note"] is None
    assert document["synonyms"] == {"killed": ["dead", "died", "slain"]}
    hit = document["hits"][0]
    assert list(hit) == ["article", "outlet", "title", "published", "score", "fragments"]
    assert list(hit["fragments"][0]) == ["start", "end", "matches"]
    assert all(len(m) == 2 for m in hit["fragments"][0]["matches"])


def test_result_types(index) -> None:
    results = index.search("police")
    assert isinstance(results, SearchResults)
    assert all(isinstance(h, Hit) for h in results.hits)
    assert all(isinstance(f, Fragment) for h in results.hits for f in h.fragments)
