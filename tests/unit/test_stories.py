"""The stories core on invented articles: grouping, copy groups, ids, the store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from stories_fakes import (
    AGENCY,
    COURT,
    INDEPENDENT,
    QUAKE_ONE,
    QUAKE_TWO,
    REPUBLISHED,
    SPUN,
    articles,
    make_article,
    write_files,
)

from kzreader.library import Library, load_library
from kzreader.stories import group_articles, group_id, stories_for, story_id
from kzreader.stories import store as stories_store


@pytest.fixture
def library(tmp_path: Path) -> Library:
    flood = [make_article(f"flood-{s[0]}", *s, tmp_path) for s in (AGENCY, SPUN, REPUBLISHED)]
    flood.append(make_article("flood-observer", *INDEPENDENT, tmp_path))
    arts = (
        articles("q1", QUAKE_ONE, tmp_path)
        + articles("q2", QUAKE_TWO, tmp_path)
        + articles("court", COURT, tmp_path)
        + flood
    )
    return Library(tuple(arts), sources=(tmp_path,))


def memberships(stories) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def test_two_quakes_in_one_region_are_two_stories(library: Library) -> None:
    stories = group_articles(library.articles)
    groups = memberships(stories)
    assert frozenset({"q1-wire", "q1-gazette", "q1-radio"}) in groups
    assert frozenset({"q2-wire", "q2-gazette", "q2-radio"}) in groups
    assert frozenset({"court-gazette", "court-wire"}) in groups
    # every article in exactly one story
    listed = [a for s in stories for a in s.articles]
    assert sorted(listed) == sorted(a.id for a in library)


def test_story_fields(library: Library) -> None:
    stories = group_articles(library.articles)
    quake = stories.story_of("q1-radio")
    assert quake is not None and quake.id == story_id(["q1-wire", "q1-gazette", "q1-radio"])
    assert quake.articles == ("q1-wire", "q1-radio", "q1-gazette")  # oldest first
    assert quake.first is not None and quake.last is not None and quake.first < quake.last
    assert set(quake.outlets) == {"wire", "radio", "gazette"}
    assert quake.title in {t for _, t, _, _ in QUAKE_ONE}
    # newest last report first
    lasts = [s.last for s in stories]
    assert lasts == sorted(lasts, reverse=True)
    document = stories.to_json()
    assert list(document) == ["stories"]
    entry = document["stories"][0]
    assert list(entry) == ["id", "title", "articles", "outlets", "first", "last", "copies"]


def test_reworded_copy_and_republished_story_are_one_copy_group(library: Library) -> None:
    stories = group_articles(library.articles)
    flood = stories.story_of("flood-agency")
    assert flood is not None and "flood-observer" in flood.articles
    assert flood.copies == (("flood-agency", "flood-daily", "flood-spinner"),)
    groups = stories.source_groups()
    assert groups["flood-agency"] == groups["flood-spinner"] == groups["flood-daily"]
    assert groups["flood-agency"] == group_id(["flood-agency", "flood-spinner", "flood-daily"])
    assert groups["flood-observer"] == group_id(["flood-observer"])
    assert len(set(groups.values())) == len(library) - 2


def test_independent_reports_skip_copies(library: Library) -> None:
    stories = group_articles(library.articles)
    flood = stories.story_of("flood-agency")
    assert flood is not None
    picked = stories.independent(flood.id, 4)
    assert len(picked) == 2  # one of the copy group, and the independent report
    assert "flood-observer" in picked
    assert len({stories.source_groups()[a] for a in picked}) == 2
    quake = stories.story_of("q1-wire")
    assert quake is not None and len(stories.independent(quake.id, 2)) == 2


def test_matching(library: Library) -> None:
    stories = group_articles(library.articles)
    found = stories.matching("Brenzi")
    assert [set(s.articles) for s in found] == [{"q2-wire", "q2-gazette", "q2-radio"}]
    assert {frozenset(s.articles) for s in stories.matching("RADIO")} >= {
        frozenset({"q1-wire", "q1-gazette", "q1-radio"})
    }
    assert stories.matching("Brenzi Valisch") == []
    assert stories.matching("Brenz") == []  # whole words only
    assert len(stories.matching("")) == len(stories)


def test_seeds_one_story_with_the_ap_rewrites_as_copies(seeds: Path) -> None:
    library = load_library([seeds])
    stories = stories_for(library)
    assert len(stories) == 1
    (story,) = stories.stories
    copies = [set(g) for g in story.copies]
    assert any({"000_41c204d69b74ce87", "001_20e4f73a90754451"} <= g for g in copies)
    assert not any("004_df33a49b151eb0e2" in g for g in copies)


# --- the store -------------------------------------------------------------------------------


def test_store_opens_without_grouping_again(library: Library, monkeypatch) -> None:
    first = stories_for(library)
    assert first.warning is None
    import kzreader.stories.build as build

    def fail(*_a: object, **_k: object) -> None:
        raise AssertionError("grouped again")

    monkeypatch.setattr(build, "group", fail)
    again = stories_for(library)
    assert [s.id for s in again] == [s.id for s in first]
    assert [s.copies for s in again] == [s.copies for s in first]
    assert again.warning is None
    flood = again.story_of("flood-agency")
    assert flood is not None
    assert again.similarity("flood-agency", "flood-spinner") > 0.3  # pairs read lazily


def test_added_article_regroups_only_what_it_touches(
    library: Library, tmp_path: Path, monkeypatch
) -> None:
    before = stories_for(library)
    import kzreader.stories.build as build

    monkeypatch.setattr(build, "group", lambda *a, **k: pytest.fail("full rebuild"))
    follow_up = make_article(
        "q2-followup",
        "weekly",
        "Brenzi bridge to reopen after quake repairs",
        "2031-04-15T10:00:00+00:00",
        "Engineers said the stone bridge over the Sarn in Brenzi would reopen next week, a week "
        "after the magnitude 5.7 earthquake that killed five people in the town.\n\n"
        "Mayor Taddeo Rusk said the 23 injured had left hospital and the grain silos would be "
        "rebuilt. Power has returned to the Sarn district.",
        tmp_path,
    )
    after = stories_for(Library((*library.articles, follow_up), sources=library.sources))
    assert after.warning is None
    q2 = after.story_of("q2-followup")
    assert q2 is not None and set(q2.articles) == {
        "q2-wire",
        "q2-gazette",
        "q2-radio",
        "q2-followup",
    }
    untouched = {s.id for s in before if "q2-wire" not in s.articles}
    assert untouched <= {s.id for s in after}  # every other story keeps its id
    assert len(after) == len(before)


def test_unrelated_article_keeps_every_id_and_removal_restores_them(
    library: Library, tmp_path: Path
) -> None:
    before = stories_for(library)
    other = make_article(
        "chess",
        "sports",
        "Teenager wins Halvern chess open",
        "2031-06-01T18:00:00+00:00",
        "Sixteen-year-old Ida Morvel won the Halvern chess open on Sunday, beating the top seed "
        "in a 61-move final game.\n\nShe takes home a trophy and a place at the national finals.",
        tmp_path,
    )
    grown = stories_for(Library((*library.articles, other), sources=library.sources))
    assert {s.id for s in before} <= {s.id for s in grown}
    assert grown.story_of("chess") is not None and len(grown.story_of("chess")) == 1
    back = stories_for(library)
    assert {s.id for s in back} == {s.id for s in before}


def test_changed_article_is_regrouped(library: Library) -> None:
    before = stories_for(library)
    changed = [
        replace(a, text=a.text + "\n\nCorrection: the trial was in Tarnholm.", sha256="f" * 64)
        if a.id == "court-wire"
        else a
        for a in library
    ]
    after = stories_for(Library(tuple(changed), sources=library.sources))
    assert after.warning is None
    court = after.story_of("court-wire")
    assert court is not None and set(court.articles) == {"court-wire", "court-gazette"}
    assert court.id == before.story_of("court-wire").id  # same members, same id


@pytest.mark.parametrize("damage", ["garbage", "truncated", "version", "snapshot"])
def test_damaged_store_is_rebuilt_with_one_warning(library: Library, damage: str) -> None:
    first = stories_for(library)
    path = stories_store.folder_for(library) / stories_store.FILE
    if damage == "garbage":
        path.write_bytes(b"this is not a database\x00" * 100)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    else:
        conn = sqlite3.connect(path)
        if damage == "version":
            conn.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
        else:  # a story id changed inside the snapshot, its hash left as it was
            (data,) = conn.execute("SELECT data FROM snapshot").fetchone()
            forged = data.replace(first.stories[0].id.encode(), b"sforged00000")
            conn.execute("UPDATE snapshot SET data = ?", (forged,))
        conn.commit()
        conn.close()
    rebuilt = stories_for(library)
    assert rebuilt.warning is not None and rebuilt.warning.startswith("rebuilt the stories store")
    assert ("another version" in rebuilt.warning) == (damage == "version")
    assert [s.id for s in rebuilt] == [s.id for s in first]
    assert stories_for(library).warning is None  # rebuilt once, then trusted


def test_tables_that_disagree_with_the_snapshot_are_rebuilt(library: Library, tmp_path) -> None:
    first = stories_for(library)
    path = stories_store.folder_for(library) / stories_store.FILE
    conn = sqlite3.connect(path)
    conn.execute("UPDATE articles SET story = 'sforged' WHERE id = 'court-wire'")
    conn.commit()
    conn.close()
    follow_up = make_article(
        "court-appeal",
        "wire",
        "Valisch appeals seven-year sentence",
        "2031-03-27T09:00:00+00:00",
        "Lawyers for Egon Valisch, the former Corvane port director jailed for seven years for "
        "taking 2.4 million crowns in bribes, filed an appeal in Tarnholm on Friday.\n\n"
        "Judge Alma Fennick's verdict was unfair, they said.",
        tmp_path,
    )
    after = stories_for(Library((*library.articles, follow_up), sources=library.sources))
    assert after.warning is not None and "damaged" in after.warning
    court = after.story_of("court-wire")
    assert court is not None and "court-gazette" in court.articles
    assert len(after) == len(first)


def test_two_processes_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_files(folder, {f"q1-{s[0]}": s for s in QUAKE_ONE} | {f"c-{s[0]}": s for s in COURT})
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from kzreader.library import load_library\n"
        "from kzreader.stories import stories_for\n"
        "s = stories_for(load_library([Path(sys.argv[1])]))\n"
        "print(json.dumps({'ids': sorted(x.id for x in s), 'warning': s.warning}))\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outs = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outs[0] == outs[1] == {"ids": outs[0]["ids"], "warning": None}
    assert len(outs[0]["ids"]) == 2  # the quake and the court case


def test_every_article_in_one_story_on_a_loaded_folder(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_files(folder, {f"q2-{s[0]}": s for s in QUAKE_TWO} | {"lonely": COURT[0]})
    library = load_library([folder])
    stories = stories_for(library)
    assert sorted(a for s in stories for a in s.articles) == sorted(a.id for a in library)
    assert any(len(s) == 1 and s.articles == ("lonely",) for s in stories)
