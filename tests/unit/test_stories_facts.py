"""Facts story by story (`kzreader.stories.facts`): never across two stories, copies as one
source, the selection's copy groups, the stored grouping without a full build, workers."""

from __future__ import annotations

import itertools
from contextlib import closing
from pathlib import Path

import pytest
from stories_fakes import (
    AGENCY,
    COURT,
    QUAKE_ONE,
    QUAKE_TWO,
    REPUBLISHED,
    SPUN,
    articles,
    make_article,
)

import kzreader.facts
from kzreader.facts import Verdict, facts_for
from kzreader.library import Article, Library
from kzreader.stories import (
    disputed_count,
    fact_story,
    facts_by_story,
    facts_document,
    facts_of_story,
    group_articles,
    selection_groups,
    stored_stories,
    stories_for,
)
from kzreader.stories import facts as story_facts
from kzreader.stories.copies import _may_derive, are_copies, copies_among, sentence_runs

# An independent report of the Lorvik flood that states the agency's evacuation figure in its
# own words (invented, like every article here).
OWN_WORDS = (
    "observer",
    "Army sent to Lorvik after Kessa reservoir collapse",
    "2031-05-02T16:00:00+00:00",
    "Governor Petra Ilsan ordered troops to the Lorvik plain on Saturday after the Kessa "
    "reservoir burst above the Ulm river, saying the rescue would take days.\n\n"
    "At a school turned into a shelter in Harn, emergency services said 1,800 people were "
    "evacuated by boat from the flooded villages; two pensioners from Tesse were missing.\n\n"
    "Hydrologists at the university in Tarnholm said the river Ulm could rise another metre "
    "before it crests. Critics accused the regional council of ignoring warnings about the dam.",
)


@pytest.fixture
def quakes(tmp_path: Path) -> list[Article]:
    return (
        articles("q1", QUAKE_ONE, tmp_path)
        + articles("q2", QUAKE_TWO, tmp_path)
        + articles("court", COURT, tmp_path)
    )


@pytest.fixture
def flood(tmp_path: Path) -> list[Article]:
    specs = (AGENCY, SPUN, REPUBLISHED, OWN_WORDS)
    return [make_article(f"lorvik-{s[0]}", *s, tmp_path) for s in specs]


def story_ids(stories, fact) -> set[str]:
    return {stories.story_of(a).id for a in fact.articles}


def test_flat_facts_mix_the_two_quakes_story_facts_never_do(quakes) -> None:
    stories = group_articles(quakes)
    assert len(stories) == 3
    flat = facts_for(quakes)  # the engine on everything: the two quakes' tolls meet
    assert any(len(story_ids(stories, f)) > 1 for f in flat.facts)
    results = facts_by_story(stories)
    assert results
    for result in results:
        assert {a.id for a in result.articles} == set(result.story.articles)
        for fact in result.facts:
            assert story_ids(stories, fact) == {result.story.id}
            assert fact_story(fact, stories) == result.story.id
    q1 = stories.story_of("q1-wire")
    (killed,) = [f for r in results if r.story == q1 for f in r.facts if "killed" in f.label]
    assert killed.verdict == Verdict.UPDATE and {c.low for c in killed.claims} == {14, 17}


def test_stories_of_one_report_are_never_read(quakes, monkeypatch) -> None:
    lone = make_article("lone", "solo", "A lone report", None, QUAKE_TWO[0][3], Path("/x"))
    stories = group_articles([*quakes[:3], lone])
    assert sorted(len(s) for s in stories) == [1, 3]
    seen: list[tuple[str, ...]] = []
    real = kzreader.facts.facts_for

    def spy(arts, *args, **kwargs):
        seen.append(tuple(a.id for a in arts))
        return real(arts, *args, **kwargs)

    monkeypatch.setattr(kzreader.facts, "facts_for", spy)
    facts_by_story(stories)
    assert seen == [tuple(stories.story_of("q1-wire").articles)]
    assert facts_of_story(stories, stories.story_of("lone").id).facts == ()
    assert len(seen) == 1


def test_query_is_read_over_all_stories(quakes) -> None:
    stories = group_articles(quakes)
    injured = facts_by_story(stories, "injured")
    assert injured and all("injur" in f.label for r in injured for f in r.facts)
    assert {r.story.id for r in injured} <= {s.id for s in stories}
    assert facts_by_story(stories, "zzyzx") == []


def test_facts_of_story_takes_a_prefix_and_counts_disputes(quakes) -> None:
    stories = group_articles(quakes)
    q1 = stories.story_of("q1-wire")
    whole = facts_of_story(stories, q1.id)
    assert facts_of_story(stories, q1.id[:6]).facts == whole.facts
    assert disputed_count(stories, q1.id) == sum(
        f.verdict in (Verdict.CONFLICT, Verdict.UPDATE) for f in whole.facts
    )
    assert disputed_count(stories, q1.id) >= 1
    with pytest.raises(KeyError):
        facts_of_story(stories, "s-none")
    with pytest.raises(KeyError):
        facts_of_story(stories, "s")  # every id starts with "s": ambiguous


def test_copies_share_a_source_group_and_reasons_count_sources(flood) -> None:
    stories = group_articles(flood)
    (story,) = stories
    assert [sorted(g) for g in story.copies] == [
        ["lorvik-agency", "lorvik-daily", "lorvik-spinner"]
    ]
    report = facts_of_story(stories, story.id)
    groups = {c.article: c.source_group for f in report.facts for c in f.claims}
    copies = {groups[a] for a in ("lorvik-agency", "lorvik-daily") if a in groups}
    assert len(copies) == 1
    assert groups["lorvik-observer"] not in copies
    (evacuated,) = [f for f in report.facts if "evacuated" in f.label]
    assert evacuated.verdict == Verdict.AGREE
    assert "independent sources" in evacuated.reason  # e.g. "3 reports, 2 independent ..."
    assert len(evacuated.sources) == 2 < len(evacuated.articles)


def test_selection_groups_from_the_stories_or_among_the_selection(flood) -> None:
    stories = group_articles(flood)
    picked = [flood[0], flood[1], flood[3]]  # agency, its spun copy, the independent report
    stored = selection_groups(picked, stories)
    among = selection_groups(picked, None)
    for groups in (stored, among):
        assert set(groups) == {a.id for a in picked}
        assert groups["lorvik-agency"] == groups["lorvik-spinner"] != groups["lorvik-observer"]
    assert selection_groups([flood[3]], None) == {"lorvik-observer": among["lorvik-observer"]}


def test_the_pair_filter_never_rules_out_copies(flood, quakes) -> None:
    """`_may_derive` is a necessary condition: every copy pair passes it."""
    texts = {a.id: a.text for a in [*flood, *quakes]}
    sentences = {k: sentence_runs(t) for k, t in texts.items()}
    vocab = {k: frozenset().union(*s) for k, s in sentences.items()}
    copies = 0
    for a, b in itertools.combinations(texts, 2):
        if are_copies(sentences[a], sentences[b]):
            copies += 1
            assert _may_derive(sentences[a], vocab[b]) or _may_derive(sentences[b], vocab[a])
    assert copies >= 3
    assert copies_among(texts) == [["lorvik-agency", "lorvik-daily", "lorvik-spinner"]]


def test_json_document_keeps_the_contract_and_adds_story(quakes) -> None:
    stories = group_articles(quakes)
    results = facts_by_story(stories)
    every = [f for r in results for f in r.facts]
    document = facts_document(every, quakes, stories)
    assert list(document) == ["articles", "facts"]
    assert [a["id"] for a in document["articles"]] == [a.id for a in quakes]
    for fact, entry in zip(every, document["facts"], strict=True):
        assert entry == {**fact.to_json(), "story": stories.story_of(fact.articles[0]).id}
        assert list(entry)[-1] == "story"
    assert all(e["story"] is None for e in facts_document(every, quakes, None)["facts"])


def test_workers_give_what_one_process_gives(quakes, monkeypatch) -> None:
    if not story_facts._may_fork():
        pytest.skip("threads run in this process or one CPU: facts_by_story will not fork")
    stories = group_articles(quakes)
    monkeypatch.setattr(story_facts, "PARALLEL_MIN_ARTICLES", 1)
    forked: list[int] = []
    real = story_facts._in_workers

    def spy(*args, **kwargs):
        forked.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(story_facts, "_in_workers", spy)
    progress: list[tuple[int, int]] = []
    parallel = facts_by_story(stories, workers=2, progress=lambda d, t: progress.append((d, t)))
    assert forked and progress[-1] == (3, 3)
    serial = facts_by_story(stories, workers=1)
    assert [(r.story.id, r.facts) for r in parallel] == [(r.story.id, r.facts) for r in serial]


def test_parts_balance_reports_largest_first(quakes) -> None:
    stories = group_articles(quakes)
    parts = story_facts._parts(list(stories), 2)
    assert sorted(i for p in parts for i in p) == sorted(s.id for s in stories)
    assert stories.get(parts[0][0]) is max(stories, key=len)


def test_stored_stories_never_groups_the_whole_library(quakes, monkeypatch, tmp_path) -> None:
    library = Library(tuple(quakes[:-1]), sources=(tmp_path,))
    assert stored_stories(library) is None  # no store: no grouping either
    built = stories_for(library)
    from kzreader.stories import build

    def no_full_build(*args, **kwargs):
        raise AssertionError("grouped the whole library")

    monkeypatch.setattr(build, "group", no_full_build)
    opened = stored_stories(library)
    assert opened is not None and [s.id for s in opened] == [s.id for s in built]
    grown = Library(tuple(quakes), sources=(tmp_path,))  # one article more: an update
    updated = stored_stories(grown)
    assert updated is not None and updated.story_of(quakes[-1].id) is not None
    many = Library(
        tuple(quakes) + tuple(make_article(f"x{i}", "o", f"t{i}", None, f"text {i}", tmp_path)
                              for i in range(300)),
        sources=(tmp_path,),
    )  # fmt: skip
    assert stored_stories(many) is None  # only a full build would do


# --- the facts cache ------------------------------------------------------------------------------


@pytest.fixture
def counted(monkeypatch) -> list[tuple[str, ...]]:
    """Every call of the facts engine, by the ids it was given."""
    seen: list[tuple[str, ...]] = []
    real = kzreader.facts.facts_for

    def spy(arts, *args, **kwargs):
        seen.append(tuple(a.id for a in arts))
        return real(arts, *args, **kwargs)

    monkeypatch.setattr(kzreader.facts, "facts_for", spy)
    return seen


def test_cache_reads_unchanged_stories_and_computes_changed_ones(quakes, counted, tmp_path) -> None:
    from dataclasses import replace

    from kzreader.config import FactsConfig

    library = Library(tuple(quakes), sources=(tmp_path,))
    stories = group_articles(quakes, library)
    first = facts_by_story(stories, cached=True)
    assert len(counted) == 3
    again = facts_by_story(stories, cached=True)
    assert len(counted) == 3  # read, not computed
    assert [(r.story.id, r.facts) for r in again] == [(r.story.id, r.facts) for r in first]
    q1 = stories.story_of("q1-wire")
    assert (
        facts_of_story(stories, q1.id, "killed", cached=True).facts
        == facts_of_story(stories, q1.id, "killed").facts
    )
    assert len(counted) == 4  # only the uncached call computed
    # one report's text changes: its story (and only it) is computed again
    changed = [replace(a, text=a.text.replace("41", "44")) if a.id == "q1-radio" else a
               for a in quakes]  # fmt: skip
    library2 = Library(tuple(changed), sources=(tmp_path,))
    stories2 = group_articles(changed, library2)
    facts_by_story(stories2, cached=True)
    assert counted[4:] == [tuple(stories2.story_of("q1-radio").articles)]
    assert len(counted) == 5
    facts_by_story(stories2, config=FactsConfig(similarity=0.31), cached=True)
    assert len(counted) == 8  # another config: every story again


def test_cache_round_trips_every_field(seeds) -> None:
    from kzreader.library import load_library
    from kzreader.stories.factcache import decode, encode

    library = load_library([seeds])
    facts = facts_for(library.articles).facts
    assert {f.verdict for f in facts} >= {Verdict.CONFLICT, Verdict.VARIANT}
    assert decode(encode(facts)) == facts


def test_damaged_cache_is_removed_with_one_warning(quakes, counted, tmp_path) -> None:
    from kzreader.stories.factcache import FILE
    from kzreader.stories.store import folder_for

    library = Library(tuple(quakes), sources=(tmp_path,))
    stories = group_articles(quakes, library)
    expected = facts_by_story(stories)
    path = folder_for(library) / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database at all" * 50)
    warnings: list[str] = []
    results = facts_by_story(stories, cached=True, on_warning=warnings.append)
    assert [r.facts for r in results] == [r.facts for r in expected]
    assert len(warnings) == 1 and "removed the facts cache" in warnings[0]
    assert not path.exists() or path.read_bytes()[:6] == b"SQLite"
    facts_by_story(stories, cached=True, on_warning=warnings.append)  # a fresh cache
    calls = len(counted)
    assert [r.facts for r in facts_by_story(stories, cached=True)] == [r.facts for r in expected]
    assert len(counted) == calls and len(warnings) == 1
    # a row that does not decode is damage too
    import sqlite3

    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE facts SET data = '[[1]]'")
    results = facts_by_story(stories, cached=True, on_warning=warnings.append)
    assert [r.facts for r in results] == [r.facts for r in expected]
    assert len(warnings) == 2


def test_whole_runs_drop_rows_of_stories_gone(quakes, tmp_path) -> None:
    import sqlite3

    from kzreader.stories.factcache import FILE
    from kzreader.stories.store import folder_for

    def rows() -> int:
        with closing(sqlite3.connect(folder_for(library) / FILE)) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0])

    library = Library(tuple(quakes), sources=(tmp_path,))
    facts_by_story(group_articles(quakes, library), cached=True)
    assert rows() == 3
    fewer = Library(tuple(quakes[3:]), sources=(tmp_path,))
    stories = group_articles(fewer.articles, fewer)
    facts_of_story(stories, stories.stories[0].id, cached=True)  # one story: nothing dropped
    assert rows() == 3
    facts_by_story(stories, cached=True)
    assert rows() == 2


def test_default_workers_leave_busy_cpus_alone(monkeypatch) -> None:
    monkeypatch.setattr(story_facts, "_cpus", lambda: 2)
    monkeypatch.setattr(story_facts.os, "getloadavg", lambda: (1.0, 1.0, 1.0))
    assert story_facts.default_workers() == 2  # only this process runs
    monkeypatch.setattr(story_facts.os, "getloadavg", lambda: (6.5, 6.0, 5.0))
    assert story_facts.default_workers() == 1
    monkeypatch.setattr(story_facts, "_cpus", lambda: 16)
    monkeypatch.setattr(story_facts.os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    assert story_facts.default_workers() == 4
