"""Query parsing: strict errors, as-you-type repair, and fragment building."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzreader.library import load_library
from kzreader.search import QueryError, SearchIndex
from kzreader.search.highlight import fragments
from kzreader.search.query import repair

MALFORMED = ['"police', "AND", "((", "title:", "x" * 10_000, "police\x00\x07killed", "))", "OR OR"]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    import os

    from kzreader.locations import seeds_dir

    old = os.environ.get("KZREADER_CACHE_DIR")
    os.environ["KZREADER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    ix = SearchIndex.open(load_library([seeds_dir()]))
    ix.update()
    yield ix
    ix.close()
    if old is None:
        os.environ.pop("KZREADER_CACHE_DIR", None)
    else:
        os.environ["KZREADER_CACHE_DIR"] = old


@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_strict_is_a_query_error_or_a_result(index, query: str) -> None:
    try:
        results = index.search(query)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) < 200
    else:
        assert results.total >= 0


@pytest.mark.parametrize(
    ("query", "fragment"),
    [('"police', "quote"), ("((", "parenthes"), ("title:", "title:"), ("x" * 10_000, "too long")],
)
def test_strict_errors_say_what_is_wrong(index, query: str, fragment: str) -> None:
    with pytest.raises(QueryError, match=fragment):
        index.search(query)


@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_as_you_type_never_raises(index, query: str) -> None:
    assert index.search(query, as_you_type=True).total >= 0


def test_control_characters_are_ignored(index) -> None:
    assert index.search("police\x00\x07").total == index.search("police").total > 0


def test_as_you_type_letter_by_letter(index) -> None:
    typed = 'title:kazakhstan "police officers" AND kil'
    totals = [index.search(typed[:n], as_you_type=True).total for n in range(1, len(typed) + 1)]
    assert totals[-1] > 0
    assert index.search("pol", as_you_type=True).total > 0  # prefix of "police"
    assert index.search("police", as_you_type=True).total > 0  # whole word still matches
    assert index.search("p", as_you_type=True).total == 0  # shorter than min_prefix


def test_as_you_type_highlights_prefix(index) -> None:
    hit = index.search("protes", as_you_type=True).hits[0]
    assert all(f.matches for f in hit.fragments)


@pytest.mark.parametrize(
    ("typed", "repaired"),
    [
        ('"police off', '"police off"'),
        ("police AND", "police"),
        ("title:", ""),
        ("title:po", "title:(po OR po*)"),
        ("((pol", "(((pol OR pol*)))"),
        ("police)", "police"),
        ("prote*", "prote*"),
        ("polise~", "polise~"),
        ("p", "p"),
        ("police ", "police"),  # a space ends the word: no prefix
        ("bank ra ", "bank ra"),
    ],
)
def test_repair(typed: str, repaired: str) -> None:
    assert repair(typed, 2) == repaired


def test_fragments_cluster_and_snap_to_words() -> None:
    text = ("lorem ipsum dolor " * 20) + "police were killed " + ("sit amet " * 40) + "police"
    police = text.index("police")
    killed = text.index("killed")
    last = text.rindex("police")
    spans = [(police, police + 6), (killed, killed + 6), (last, last + 6)]
    frags = fragments(text, spans, width=120)
    assert frags[0].matches == ((police, police + 6), (killed, killed + 6))
    assert frags[1].matches == ((last, last + 6),)
    for f in frags:
        assert f.end - f.start <= 120
        assert f.start == 0 or text[f.start - 1] == " "
        assert f.end == len(text) or text[f.end] == " "


def test_fragments_without_matches_show_the_lead() -> None:
    (frag,) = fragments("first words of the article and more", [], width=20)
    assert frag.start == 0 and frag.matches == () and frag.end <= 20


def test_best_fragments_are_kept(tmp_path: Path) -> None:
    text = " ".join(["alpha"] + ["filler"] * 60 + ["beta gamma delta"] + ["filler"] * 60 + ["x"])
    spans = [(0, 5)]
    b = text.index("beta")
    spans += [(b, b + 4), (b + 5, b + 10), (b + 11, b + 16)]
    (best,) = fragments(text, spans, width=100, limit=1)
    assert len(best.matches) == 3


QUERY_PIECES = ["po", "lice", "kil", "led", " ", '"', "(", ")", "*", "?", "~", "~2", ":", "^"]
QUERY_PIECES += ["-", "+", "AND", "OR", "NOT", "title:", "outlet:", "published:", "\x00", "\t"]
QUERY_ALPHABET = st.sampled_from(QUERY_PIECES)


@settings(max_examples=150, deadline=None)
@given(st.lists(QUERY_ALPHABET, max_size=20).map("".join))
def test_any_typed_text_is_safe(index, text: str) -> None:
    assert index.search(text, as_you_type=True).total >= 0
    try:
        index.search(text)
    except QueryError as exc:
        assert "\n" not in str(exc)


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ('outlet:"the press"', "phrase"),
        ('published:"soon"', "date"),
        ("published:nonsense", "date"),
    ],
)
def test_field_misuse_is_a_query_error(index, query: str, fragment: str) -> None:
    with pytest.raises(QueryError, match=fragment):
        index.search(query)
    assert index.search(query, as_you_type=True).total == 0


def test_date_queries_work(index) -> None:
    assert index.search("police published:2022").total >= 0


def _ram_index(bodies: list[str]):  # a bare Whoosh index: body TEXT, nothing else
    from whoosh.fields import TEXT, Schema
    from whoosh.filedb.filestore import RamStorage

    ix = RamStorage().create_index(Schema(body=TEXT(stored=True)))
    with ix.writer() as writer:
        for body in bodies:
            writer.add_document(body=body)
    return ix


def test_typed_prefix_expands_to_frequent_words_within_a_posting_budget(monkeypatch) -> None:
    from whoosh import query as wq

    from kzreader.search import query as kq

    ix = _ram_index(["protest"] * 6 + ["protein"] * 2 + ["prowl", "proud", "other"])
    monkeypatch.setattr(kq, "TYPED_PREFIX_POSTINGS", 8)
    with ix.searcher() as searcher:
        expanded = kq.expand(wq.Prefix("body", "pro"), searcher.reader(), as_you_type=True)
        words = sorted(t.text for t in expanded.subqueries)
        assert words == ["protein", "protest"]  # 6 + 2 fill the budget; prowl would overflow it
        monkeypatch.setattr(kq, "TYPED_PREFIX_POSTINGS", 3)
        expanded = kq.expand(wq.Prefix("body", "pro"), searcher.reader(), as_you_type=True)
        # the most frequent word is kept even when it alone is over the budget
        assert expanded == wq.Term("body", "protest")
        assert kq.expand(wq.Prefix("body", "pro"), searcher.reader(), as_you_type=False) == (
            wq.Prefix("body", "pro")  # a strict query keeps every word
        )


def test_a_search_out_of_time_before_its_first_hit_is_finished_not_empty(monkeypatch) -> None:
    from whoosh import query as wq
    from whoosh.collectors import TimeLimit, TimeLimitCollector

    from kzreader.search import query as kq

    class OutOfTime(TimeLimitCollector):
        def collect_matches(self) -> None:
            raise TimeLimit

    monkeypatch.setattr(kq, "TimeLimitCollector", OutOfTime)
    ix = _ram_index(["police said", "police", "nothing here"])
    with ix.searcher() as searcher:
        results, total = kq.run(searcher, wq.Term("body", "police"), 10, None, 0.05)
        assert total == 2 and len(results) == 2
