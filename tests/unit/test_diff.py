"""Article comparison: alignment, word diff, fact tags and the `compare --json` shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fact_fakes import FakeClaim, FakeFact, FakeReport
from hypothesis import given, settings
from hypothesis import strategies as st

from kzreader.facts import Verdict
from kzreader.facts.diff import Comparison, compare_articles, word_diff, word_opcodes
from kzreader.facts.text.textsim import content_terms, similarity
from kzreader.library import Article, load_library

RFE, AP = "004_df33a49b151eb0e2", "003_150cb1ac506318c6"


def make(article_id: str, *paragraphs: str) -> Article:
    text = "\n\n".join(paragraphs)
    return Article(
        article_id, Path(f"{article_id}.txt"), "outlet", article_id, None, text, paragraphs, "0"
    )


def side(diff: tuple[tuple[str, ...], ...], which: str) -> str:
    """Rebuild one side's words from the diff ops (whitespace dropped)."""
    parts = []
    for op in diff:
        tag = op[0]
        if (
            tag == "equal"
            or (tag == "delete" and which == "a")
            or (tag == "insert" and which == "b")
        ):
            parts.append(op[1])
        elif tag == "replace":
            parts.append(op[1] if which == "a" else op[2])
    return "".join(parts).replace(" ", "")


def check_comparison(comparison: Comparison) -> None:
    """Every sentence of every article appears exactly once; the first article's in order."""
    from kzreader.facts.text.sentences import split_sentences

    for n, article in enumerate(comparison.articles):
        seen = [
            r.sentences[article.id] for r in comparison.rows if r.sentences[article.id] is not None
        ]
        expected = split_sentences(article.text)
        assert (seen if n == 0 else sorted(seen, key=lambda s: s.index)) == expected
    for row in comparison.rows:
        assert list(row.sentences) == [a.id for a in comparison.articles]
        present = [s for s in row.sentences.values() if s is not None]
        assert present, "empty row"
        assert 0.0 <= row.similarity <= 1.0
        if len(present) >= 2:
            assert side(row.diff, "a") == present[0].text.replace(" ", "")
            assert side(row.diff, "b") == present[1].text.replace(" ", "")
        else:
            assert row.diff == () and row.similarity == 0.0


def test_word_diff_ops_follow_the_contract() -> None:
    a = "The Interior Ministry said eight police were killed."
    b = "The ministry said Twelve police were killed on Thursday."
    ops = word_diff(a, b)
    assert ("replace", "eight", "Twelve") in ops
    assert ("equal", "police were killed") in ops
    assert ("insert", "on Thursday") in ops
    assert ("replace", "Interior Ministry", "ministry") in ops
    assert side(ops, "a") == a.replace(" ", "") and side(ops, "b") == b.replace(" ", "")
    assert word_diff("Police fled.", "Police fled.") == (("equal", "Police fled."),)
    assert word_diff("Police fled quickly.", "Police fled.") == (
        ("equal", "Police fled"),
        ("delete", "quickly"),
        ("equal", "."),
    )


def test_word_diff_folds_glue_words_between_changes() -> None:
    a = "Rebels seized the airport of the capital."
    b = "Troops held the bridge of the capital."
    assert word_diff(a, b) == (
        ("replace", "Rebels seized the airport", "Troops held the bridge"),
        ("equal", "of the capital."),
    )
    # a meaningful word between two changes stays visible
    ops = word_diff("Eight said killed.", "Twelve said died.")
    assert ops[:2] == (("replace", "Eight", "Twelve"), ("equal", "said"))


def test_word_opcodes_are_character_spans() -> None:
    a, b = "Eight died, 1,500 fled.", "Twelve died, 1,500 fled."
    ops = word_opcodes(a, b)
    assert ops[0] == ("replace", 0, 5, 0, 6)
    assert all(a[a0:a1] == b[b0:b1] for tag, a0, a1, b0, b1 in ops if tag == "equal")


def test_content_terms_normalise_numbers_and_measures() -> None:
    assert content_terms("Twelve officers were killed") == ["12", "#", "officer", "kill", "#kill"]
    assert content_terms("12 officers died") == ["12", "#", "officer", "kill", "#kill"]
    assert content_terms("Dozens were hurt") == ["dozen", "injur", "#injur"]
    assert content_terms("Officers were killed") == ["officer", "kill"]
    assert "injur" in content_terms("wounded") and "arrest" in content_terms("detained")
    assert (
        similarity("Police fired tear gas at the crowd.", "Police fired tear gas at crowds.") > 0.8
    )
    assert similarity("Police fired tear gas.", "The airport was closed.") == 0.0


def test_common_terms_do_not_propose_pairs_alone() -> None:
    from kzreader.facts.text.textsim import TfidfVectors

    docs = [["shr", "cts", "5"], ["shr", "cts", "7"], ["shr", "cts", "5"], ["shr", "cts", "9"]]
    vectors = TfidfVectors(docs)
    pairs = vectors.neighbours([0], [1, 2, 3], common=2)
    assert set(pairs) == {(0, 2)}
    assert pairs[(0, 2)] == pytest.approx(1.0)
    assert set(vectors.neighbours([0], [1, 2, 3])) == {(0, 1), (0, 2), (0, 3)}


def test_alignment_matches_paraphrases_and_keeps_unmatched_in_place() -> None:
    a = make(
        "a",
        "A strong earthquake struck the province on Tuesday.",
        "Eight people were killed and dozens injured, officials said.",
        "The region is prone to earthquakes.",
    )
    b = make(
        "b",
        "Rescuers searched the rubble overnight.",
        "Twelve people were killed and dozens were injured, the governor said.",
        "A strong quake struck the province Tuesday morning.",
        "Schools stayed shut.",
    )
    c = compare_articles([a, b])
    check_comparison(c)
    pairs = [
        (
            r.sentences["a"].text[:10] if r.sentences["a"] else None,
            r.sentences["b"].text[:10] if r.sentences["b"] else None,
        )
        for r in c.rows
    ]
    assert ("Eight peop", "Twelve peo") in pairs
    assert ("A strong e", "A strong q") in pairs
    assert (None, "Rescuers s") in pairs and (None, "Schools st") in pairs
    assert ("The region", None) in pairs
    # rows follow the first article; b's unmatched sentences sit after b's previous sentence
    assert pairs.index((None, "Schools st")) == pairs.index(("A strong e", "A strong q")) + 1
    assert pairs.index((None, "Rescuers s")) == 0
    row = next(r for r in c.rows if r.sentences["a"] and r.sentences["a"].text.startswith("Eight"))
    assert ("replace", "Eight", "Twelve") in row.diff
    assert row.similarity > 0.3


def test_three_articles_later_ones_match_each_other() -> None:
    a = make("a", "The bridge collapsed at noon.")
    b = make("b", "The bridge collapsed at midday.", "Divers found two bodies in the river.")
    c = make("c", "Two bodies were found in the river by divers.", "A bridge collapsed at noon.")
    comparison = compare_articles([a, b, c])
    check_comparison(comparison)
    assert len(comparison.rows) == 2
    first, second = comparison.rows
    assert all(first.sentences[k] is not None for k in "abc")
    assert second.sentences["a"] is None and second.sentences["b"] and second.sentences["c"]
    assert second.sentences["c"].text.startswith("Two bodies")


def test_facts_tag_rows_and_link_sentences_that_share_few_words() -> None:
    a = make("a", "Officials said the toll stood at eight.", "Markets were closed.")
    b = make("b", "Markets were closed.", "Twelve died, a hospital reported.")
    claim_a = FakeClaim("a", 0, len("Officials said the toll stood at eight."))
    b_start = b.text.index("Twelve")
    report = FakeReport(
        (
            FakeFact(
                "people killed", Verdict.CONFLICT, (claim_a, FakeClaim("b", b_start, b_start + 6))
            ),
        )
    )
    plain = compare_articles([a, b])
    linked = compare_articles([a, b], report)
    check_comparison(linked)
    assert not any(
        r.sentences["a"] and r.sentences["b"] and "toll" in r.sentences["a"].text
        for r in plain.rows
    )
    row = next(r for r in linked.rows if r.sentences["a"] and "toll" in r.sentences["a"].text)
    assert row.sentences["b"] is not None and row.sentences["b"].text.startswith("Twelve")
    assert row.facts == (("people killed", Verdict.CONFLICT),)
    assert all(r.facts == () for r in linked.rows if r is not row)
    assert row.to_json()["facts"] == [{"label": "people killed", "verdict": Verdict.CONFLICT}]


def test_json_shape() -> None:
    a = make("a", "Eight police were killed.", "Only here.")
    b = make("b", "Twelve police were killed.")
    doc = compare_articles([a, b]).to_json()
    json.dumps(doc)
    assert doc["articles"] == ["a", "b"]
    first = doc["rows"][0]
    assert set(first) == {"sentences", "similarity", "diff", "facts"}
    assert first["sentences"]["a"] == {"text": "Eight police were killed.", "start": 0, "end": 25}
    assert first["sentences"]["b"]["text"] == "Twelve police were killed."
    assert first["diff"][0] == ["replace", "Eight", "Twelve"]
    assert isinstance(first["similarity"], float) and first["similarity"] == round(
        first["similarity"], 3
    )
    assert doc["rows"][1]["sentences"] == {
        "a": {"text": "Only here.", "start": 27, "end": 37},
        "b": None,
    }
    assert doc["rows"][1]["diff"] == [] and doc["rows"][1]["facts"] == []


def test_rejects_duplicate_articles() -> None:
    a = make("a", "One.")
    with pytest.raises(ValueError, match="distinct"):
        compare_articles([a, a])


@pytest.fixture
def seed_library(seeds):
    library = load_library((seeds,))
    if library.get(RFE) is None or library.get(AP) is None:
        pytest.skip("seed articles 003/004 are absent")
    return library


def test_seeds_rfe_and_ap(seed_library) -> None:
    rfe, ap = seed_library.get(RFE), seed_library.get(AP)
    c = compare_articles([rfe, ap])
    check_comparison(c)
    from kzreader.facts.text.sentences import split_sentences

    assert len(c.rows) >= len(split_sentences(rfe.text))
    shared = [r for r in c.rows if all(r.sentences.values())]
    assert shared, "no sentence of the AP report aligned with the RFE/RL report"
    for row in shared:
        assert row.similarity >= 0.3
    # the police-toll sentences of both reports are present, each exactly once
    texts = [s.text for r in c.rows for s in r.sentences.values() if s is not None]
    assert sum("eight police" in t for t in texts) == 1
    assert sum("Twelve police officers were killed" in t for t in texts) == 1
    # two reports of the police toll share a row although their numbers differ (8 vs 12)
    toll = next(r for r in c.rows if r.sentences[RFE] and "eight police" in r.sentences[RFE].text)
    assert toll.sentences[AP] is not None
    assert toll.sentences[AP].text.startswith("Twelve police officers were killed")
    assert any(op[0] == "replace" and "eight" in op[1] and "Twelve" in op[2] for op in toll.diff)


def test_four_seeds(seed_library) -> None:
    articles = list(seed_library)[:4]
    c = compare_articles(articles)
    check_comparison(c)
    assert len(c.to_json()["rows"]) == len(c.rows)


WORDS = st.sampled_from(
    [
        "police",
        "killed",
        "eight",
        "twelve",
        "the",
        "bridge",
        "fell",
        "protesters",
        "300",
        "said",
        "were",
    ]
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")
ARTICLE = st.lists(st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(st.lists(ARTICLE, min_size=2, max_size=4))
def test_property_every_sentence_appears_once(bodies: list[list[str]]) -> None:
    articles = [make(f"x{n}", *paragraphs) for n, paragraphs in enumerate(bodies)]
    comparison = compare_articles(articles)
    check_comparison(comparison)
    json.dumps(comparison.to_json())
