"""Huge articles (issue 14): facts and compare stay near-linear in article size, or capped.

Measured by counted operations, never by wall-clock: every Python function call the profiler
sees (``cProfile``: deterministic for this deterministic code) while the facts engine or the
article diff runs over an article and over one four times its size, with an ordinary article
beside it.  A quadratic step (pairs of claims, a scan of the sentence per number, difflib over a
megabyte sentence) makes the ratio ~16; near-linear stays close to 4.  The caps are checked
directly: at most ``PER_ARTICLE`` claims of an article are aligned, and difflib never sees more
than ``DIFF_WORDS`` words of a side.  Results stay sensible: the counts an ordinary article and
the huge one both state still meet.
"""

from __future__ import annotations

import cProfile
import pstats
import random
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from kzreader.facts import Verdict, facts_for
from kzreader.facts import diff as diff_module
from kzreader.facts.compare import align
from kzreader.facts.diff import DIFF_WORDS, bounded_word_diff, compare_articles
from kzreader.facts.engine import clear_caches
from kzreader.facts.lexicon import words
from kzreader.facts.text import textsim
from kzreader.library import Article

LINEAR = 5.5  # allowed ratio of operations when the article grows fourfold

_NOUNS = sorted(words("houses cables villagers workers trucks pupils boats shops farms ferries"))
_VERBS = ["were damaged", "were evacuated", "were counted", "were rescued", "were cut", "fled"]
_PLACES = sorted(words("Orvel Brenn Tarsk Mialo Vendt Quarro Lisk Amber Torva Selm Pinna Rook"))
_FILLER = sorted(
    words(
        "the storm river council said on Monday after rain along coast officials crews night "
        "north valley roads power water emergency residents mayor hospital school market port "
        "harbour station airport bridge tunnel dam district province region county border"
    )
)


def sentence(r: random.Random) -> str:
    words = [r.choice(_FILLER) for _ in range(r.randint(4, 9))]
    n = r.choice(["12", "three", "at least 40", "more than 300", "1,500", "about 20", "seven"])
    clause = f"{n} {r.choice(_NOUNS)} {r.choice(_VERBS)} in {r.choice(_PLACES)}"
    words.insert(r.randrange(len(words)), clause)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def article(aid: str, text: str) -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=aid, published=None, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64,
    )  # fmt: skip


def long_article(sentences: int, seed: int = 1) -> Article:
    r = random.Random(seed)
    paras = [" ".join(sentence(r) for _ in range(4)) for _ in range(sentences // 4)]
    return article(f"huge{seed}", "\n\n".join(paras))


def long_sentence(words: int, seed: int = 2) -> Article:
    """One "sentence" of about ``words`` words: no full stop anywhere."""
    r = random.Random(seed)
    parts: list[str] = []
    count = 0
    while count < words:
        parts.append(sentence(r).rstrip("."))
        count += len(parts[-1].split())
    return article(f"line{seed}", " ".join(parts))


ORDINARY = article(
    "ordinary",
    "A storm hit the coast on Monday. Officials said 12 houses were damaged in Orvel. "
    "About 20 villagers were evacuated in Brenn, the mayor said.",
)


def operations(run: Callable[[], Any]) -> int:
    """Function calls made by ``run()`` from cold caches (deterministic for this code)."""
    clear_caches()
    profile = cProfile.Profile()
    profile.enable()
    run()
    profile.disable()
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def test_facts_are_near_linear_in_the_number_of_sentences() -> None:
    small, big = long_article(80), long_article(320)
    a = operations(lambda: facts_for([small, ORDINARY]))
    b = operations(lambda: facts_for([big, ORDINARY]))
    assert b / a < LINEAR, (a, b)


def test_facts_are_near_linear_in_one_long_sentence() -> None:
    small, big = long_sentence(1500), long_sentence(6000)
    a = operations(lambda: facts_for([small, ORDINARY]))
    b = operations(lambda: facts_for([big, ORDINARY]))
    assert b / a < LINEAR, (a, b)


def test_compare_is_near_linear_past_its_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two long articles growing together: quadratic below the bounds by design (every pair of
    alike sentences is scored), near-linear past them; the bounds are lowered here so that a
    test-sized article is past them (ordinary runs: 2,000 sentences, 400 claims)."""
    monkeypatch.setattr(diff_module, "WIDE_SEARCH", 60)
    monkeypatch.setattr(align, "PER_ARTICLE", 30)
    pairs = [(long_article(n), long_article(n, seed=7)) for n in (120, 480)]
    reports = [facts_for(list(p)) for p in pairs]
    runs = [partial(compare_articles, list(p), r) for p, r in zip(pairs, reports, strict=True)]
    a, b = (operations(run) for run in runs)
    assert b / a < LINEAR, (a, b)


def test_facts_of_two_long_articles_are_near_linear_past_the_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(align, "PER_ARTICLE", 30)
    pairs = [(long_article(n), long_article(n, seed=7)) for n in (120, 480)]
    a, b = (operations(partial(facts_for, list(p))) for p in pairs)
    assert b / a < LINEAR, (a, b)


def test_compare_of_a_long_sentence_is_near_linear() -> None:
    small, big = long_sentence(1500), long_sentence(6000)
    small2, big2 = long_sentence(1500, seed=5), long_sentence(6000, seed=5)
    a = operations(lambda: compare_articles([small, small2]))
    b = operations(lambda: compare_articles([big, big2]))
    assert b / a < LINEAR, (a, b)


def test_alignment_takes_at_most_per_article_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = align.cluster

    def counting(found: list[Any], report: Any, **kw: Any) -> list[list[Any]]:
        same = kw["same_fact"]

        def counted(a: Any, b: Any) -> bool:
            nonlocal calls
            calls += 1
            return bool(same(a, b))

        return real(found, report, **{**kw, "same_fact": counted})

    monkeypatch.setattr("kzreader.facts.compare.counts.cluster", counting)
    monkeypatch.setattr(align, "PER_ARTICLE", 40)
    clear_caches()
    facts_for([long_article(160, seed=3), long_article(160, seed=4)])
    # pairs scored across the two articles, plus the complete-link checks of the merges
    assert 0 < calls <= 40 * 40 * 3


def test_difflib_never_sees_a_megabyte_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = textsim.SequenceMatcher

    class Recording(real):  # type: ignore[misc, valid-type]
        def __init__(self, isjunk: Any, a: Any, b: Any, **kw: Any) -> None:
            seen.append(max(len(a), len(b)))
            super().__init__(isjunk, a, b, **kw)

    monkeypatch.setattr(textsim, "SequenceMatcher", Recording)
    many = [f"w{n % 997}" for n in range(20_000)]
    a = " ".join(many)
    b = " ".join([*many[:9_000], "changed", "here", *many[9_000:]])
    ops = bounded_word_diff(a, b)
    assert max(seen, default=0) <= 2 * DIFF_WORDS + 2
    assert [op[0] for op in ops] == ["equal", "insert", "equal"]
    assert ops[1] == ("insert", "changed here")
    assert "".join(op[1] for op in ops if op[0] == "equal").replace(" ", "") == a.replace(" ", "")


def test_a_long_middle_is_one_change() -> None:
    a = " ".join(f"a{n}" for n in range(3 * DIFF_WORDS))
    b = " ".join(f"b{n}" for n in range(3 * DIFF_WORDS))
    assert bounded_word_diff("same start " + a + " same end", "same start " + b + " same end") == (
        ("equal", "same start"),
        ("replace", a, b),
        ("equal", "same end"),
    )


def test_short_sentences_diff_as_before() -> None:
    a, b = "Twelve officers were killed on Monday.", "Eight officers were killed on Monday."
    assert bounded_word_diff(a, b) == diff_module.word_diff(a, b)


def test_a_huge_article_still_meets_an_ordinary_one() -> None:
    head = "A storm hit the coast of Orvel on Monday. Officials said 40 boats were damaged.\n\n"
    huge = article("huge", head + long_article(400, seed=9).text)
    other = article(
        "other", "A storm hit the coast of Orvel on Monday. Officials said 45 boats were damaged."
    )
    clear_caches()
    report = facts_for([huge, other])
    boats = [f for f in report.facts if "boats" in f.label and f.verdict == Verdict.CONFLICT]
    assert boats and {c.value for c in boats[0].claims} == {"40", "45"}
    rows = compare_articles([huge, other], report).rows
    assert any(r.sentences["other"] is not None and r.sentences["huge"] is not None for r in rows)
