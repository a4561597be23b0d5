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

    from kzreader.search import expand as kx

    ix = _ram_index(["protest"] * 6 + ["protein"] * 2 + ["prowl", "proud", "other"])
    monkeypatch.setattr(kx, "TYPED", kx.Budget(postings=8, words=48))
    with ix.searcher() as searcher:
        caps: list[kx.Cap] = []
        expanded = kx.expand(wq.Prefix("body", "pro"), searcher.reader(), True, caps=caps)
        words = sorted(t.text for t in expanded.subqueries)
        assert words == ["protein", "protest"]  # 6 + 2 fill the budget; prowl would overflow it
        assert [(c.term, c.kept) for c in caps] == [("pro*", 2)]
        monkeypatch.setattr(kx, "TYPED", kx.Budget(postings=3, words=48))
        expanded = kx.expand(wq.Prefix("body", "pro"), searcher.reader(), as_you_type=True)
        # the most frequent word is kept even when it alone is over the budget
        assert expanded == wq.Term("body", "protest")
        caps = []
        strict = kx.expand(wq.Prefix("body", "pro"), searcher.reader(), False, caps=caps)
        # within the strict budget: every word, as terms the block scorer reads
        assert sorted(t.text for t in strict.subqueries) == ["protein", "protest", "proud", "prowl"]
        assert caps == []


def test_a_search_past_its_time_limit_before_a_hit_goes_on_until_one() -> None:
    from whoosh import query as wq

    from kzreader.search.collect import _by_matchers

    ix = _ram_index(["police said", "police", "nothing here"])
    police = wq.Term("body", "police")
    with ix.searcher() as searcher:
        # the soft limit is over at once, but nothing was found yet: the search goes on
        done = _by_matchers(searcher, police, 10, None, 0.0, hard_limit=60.0)
        assert done.total == 2 and len(done.hits) == 2 and not done.stopped
        # past the hard limit it stops, and says so (the caller never reports "no hits")
        stopped = _by_matchers(searcher, police, 10, None, 0.0, hard_limit=0.0)
        assert stopped.stopped and stopped.total == 0


# --- the as-you-type repair is linear (a 141-character paste froze the reader 45-50 s) ------

#: Inputs that made the old repair's trailing-junk pattern backtrack exponentially (" ^^" runs:
#: each "^" could be its own piece or part of a "[~^*+-(]+" run), and others of every junk kind.
ADVERSARIAL = [
    lambda n: "x" + " ^^" * n + "y",
    lambda n: "x" + " ~^" * n + "y",
    lambda n: "police" + " AND" * n + " (",
    lambda n: "a:" * n + "b",
    lambda n: "title:" * n,
    lambda n: " (" * n + "pol",
    lambda n: '"' + "a " * n,
    lambda n: "^" * n + " x",
]

REPAIR_ALL = """
import sys
from kzreader.search.query import repair
sizes = [int(s) for s in sys.argv[1:]]
from tests.unit.test_search_query import ADVERSARIAL
for make in ADVERSARIAL:
    for n in sizes:
        repair(make(n), 2)
print("done")
"""


def test_repair_of_adversarial_input_finishes() -> None:
    """Sizes from 12 (4 s before) to 30,000 (beyond MAX_QUERY): in a subprocess, as a regular
    expression cannot be interrupted; the timeout is only a guard."""
    import subprocess
    import sys

    from tests.conftest import REPO

    done = subprocess.run(
        [sys.executable, "-c", REPAIR_ALL, "12", "20", "47", "141", "330", "30000"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr


def _steps(text: str) -> int:
    """Python lines run inside the query module while repairing ``text``."""
    import sys

    from kzreader.search import query as query_module

    count = 0
    target = query_module.__file__

    def tracer(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename == target:
            count += 1
            return tracer
        return None

    sys.settrace(tracer)
    try:
        repair(text, 2)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("make", ADVERSARIAL)
def test_repair_work_grows_linearly(make) -> None:
    small, large = _steps(make(40)), _steps(make(160))
    assert large <= 6 * max(small, 1), (small, large)  # 4x the input, at most ~4x the steps


# --- bounded expansion of leading wildcards and fuzzy terms ---------------------------------


@pytest.fixture(scope="module")
def many_words():
    """3,000 documents, each with its own word: ``*a*`` and ``?*`` match thousands."""
    words = [f"ka{i:04d}" for i in range(3000)] + ["said", "sad", "sand", "paid", "slid"] * 3
    return _ram_index([f"{w} common" for w in words])


@pytest.mark.parametrize("as_you_type", [False, True])
@pytest.mark.parametrize("pattern", ["*a*", "?*", "*0*"])
def test_leading_wildcards_are_bounded_and_say_so(
    many_words, pattern: str, as_you_type: bool
) -> None:
    from whoosh import query as wq

    from kzreader.search import expand as kx

    budget = kx.TYPED if as_you_type else kx.STRICT
    with many_words.searcher() as searcher:
        caps: list[kx.Cap] = []
        q = kx.expand(wq.Wildcard("body", pattern), searcher.reader(), as_you_type, caps=caps)
        words = [q] if isinstance(q, wq.Term) else list(q.subqueries)
        assert 1 <= len(words) <= budget.words
        total = sum(searcher.doc_frequency("body", t.text) for t in words)
        assert total <= max(
            budget.postings, max(searcher.doc_frequency("body", t.text) for t in words)
        )
        assert caps and caps[0].term == pattern and caps[0].kept == len(words)
        assert pattern in kx.describe_caps(caps)


def test_fuzzy_distance_is_capped_and_said(many_words) -> None:
    from whoosh import query as wq

    from kzreader.search import expand as kx

    with many_words.searcher() as searcher:
        caps: list[kx.Cap] = []
        q = kx.expand(wq.FuzzyTerm("body", "said", maxdist=3), searcher.reader(), False, caps=caps)
        found = {t.text for t in q.subqueries}
        assert {"said", "sad", "sand", "paid", "slid"} >= found >= {"said", "sad", "sand", "slid"}
        assert "paid" not in found  # p: fuzzy terms keep their first letter
        assert caps and caps[0].distance == 2 and "within 2 edits" in caps[0].describe()


def test_a_glob_never_backtracks_over_a_word() -> None:
    import re

    from kzreader.search.expand import _glob_regex

    pattern = re.compile("^" + _glob_regex("*a*a*a*a*a*a*a*a*a*a*b") + "$", re.MULTILINE)
    assert pattern.search("a" * 5000) is None  # polynomial of degree 10 without atomic groups
    assert pattern.search("xaaaaaaaaaab")
    for glob, word, expected in [
        ("p*t*n", "protein", True),
        ("p*t*n", "patent", False),
        ("a?c", "abc", True),
        ("a?c", "ac", False),
        ("*", "", True),
    ]:
        assert bool(re.fullmatch(_glob_regex(glob), word)) is expected, (glob, word)
