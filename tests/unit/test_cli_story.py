"""`kzreader facts` and `compare` with stories: `--story`, story by story, marked articles
across stories, copy groups as source groups, the JSON contract, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stories_fakes import AGENCY, COURT, QUAKE_ONE, QUAKE_TWO, REPUBLISHED, SPUN, write_files
from test_stories_facts import OWN_WORDS

from kzreader.cli import main

AP_A, AP_B, RFE = "000_41c204d69b74ce87", "001_20e4f73a90754451", "004_df33a49b151eb0e2"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    specs = {f"q1-{s[0]}": s for s in QUAKE_ONE} | {f"q2-{s[0]}": s for s in QUAKE_TWO}
    specs |= {f"court-{s[0]}": s for s in COURT}
    specs |= {f"lorvik-{s[0]}": s for s in (AGENCY, SPUN, REPUBLISHED, OWN_WORDS)}
    specs["lone"] = (
        "solo",
        "Tarnholm library reopens after repairs",
        "2031-06-01T10:00:00+00:00",
        "The old city library of Tarnholm reopened on Monday after two years of repairs to its "
        "roof, and 400 readers came on the first morning, the librarian said.",
    )
    write_files(tmp_path / "articles", specs)
    return tmp_path / "articles"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stories_of(capsys, folder: Path) -> dict[str, dict]:
    code, out, _ = run(capsys, "--source", str(folder), "stories", "--json")
    assert code == 0
    return {a: s for s in json.loads(out)["stories"] for a in s["articles"]}


def test_story_prefix_json_contract(capsys, folder: Path) -> None:
    story = stories_of(capsys, folder)["q1-wire"]
    code, out, err = run(capsys, "--source", str(folder), "facts", "--story", story["id"][:7],
                         "--json")  # fmt: skip
    assert code == 0 and err == ""
    document = json.loads(out)
    assert list(document) == ["articles", "facts"]
    assert [a["id"] for a in document["articles"]] == story["articles"]
    assert document["facts"]
    claim_keys = {"article", "sentence", "start", "end", "value", "low", "high", "unit",
                  "attribution", "kind", "source_group"}  # fmt: skip
    for fact in document["facts"]:
        assert list(fact) == ["label", "verdict", "reason", "claims", "story"]
        assert fact["story"] == story["id"]
        for claim in fact["claims"]:
            assert claim_keys <= set(claim) and claim["article"] in story["articles"]


def test_unknown_and_ambiguous_story_ids_exit_2_naming_ids(capsys, folder: Path) -> None:
    known = {s["id"] for s in stories_of(capsys, folder).values()}
    for command in ("facts", "compare"):
        code, out, err = run(capsys, "--source", str(folder), command, "--story", "szzz")
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "unknown story id 'szzz'" in err
        named = {w.strip(",()") for w in err.split() if w.strip(",()") in known}
        assert 1 <= len(named) <= 5
        code, _, err = run(capsys, "--source", str(folder), command, "--story", "s")
        assert code == 2 and err.count("\n") == 1 and "ambiguous story id 's'" in err


def test_library_facts_never_cross_stories(capsys, folder: Path) -> None:
    story_of = stories_of(capsys, folder)
    code, out, err = run(capsys, "--source", str(folder), "facts", "--json")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert len(document["articles"]) == len(story_of)
    assert document["facts"]
    for fact in document["facts"]:
        ids = {story_of[c["article"]]["id"] for c in fact["claims"]}
        assert ids == {fact["story"]}
    stories = {f["story"] for f in document["facts"]}
    assert story_of["q1-wire"]["id"] in stories and story_of["lone"]["id"] not in stories
    # the quakes' injuries (41 in one, 23 in the other) are never one fact
    for fact in document["facts"]:
        values = {c["low"] for c in fact["claims"]}
        assert not {41, 23} <= values


def test_library_facts_plain_heads_each_story(capsys, folder: Path) -> None:
    story_of = stories_of(capsys, folder)
    code, out, _ = run(capsys, "--source", str(folder), "facts")
    assert code == 0
    assert f"story {story_of['q1-wire']['id']}" in out
    assert f"story {story_of['lone']['id']}" not in out
    assert "facts never compare two stories" in out
    code, out, _ = run(capsys, "--source", str(folder), "facts", "injured", "--json")
    assert code == 0
    facts = json.loads(out)["facts"]
    assert facts and all("injur" in f["label"] for f in facts)
    code, out, err = run(capsys, "--source", str(folder), "facts", "zzyzx")
    assert code == 1 and out == "" and "no facts matching 'zzyzx'" in err


def test_marked_articles_across_stories_get_a_note(capsys, folder: Path) -> None:
    base = ("--source", str(folder), "facts", "--articles", "q1-wire", "q2-gazette", "q1-radio")
    code, out, err = run(capsys, *base, "--json")  # no store yet: the stories are unknown
    assert code == 0 and "note" not in err
    document = json.loads(out)
    assert document["facts"] and all(f["story"] is None for f in document["facts"])
    story_of = stories_of(capsys, folder)
    code, out, err = run(capsys, *base, "--json")
    assert code == 0
    assert err.count("kzreader: note:") == 1 and "belong to 2 stories" in err
    assert story_of["q1-wire"]["id"] in err and story_of["q2-gazette"]["id"] in err
    for fact in json.loads(out)["facts"]:
        ids = {story_of[c["article"]]["id"] for c in fact["claims"]}
        assert fact["story"] == (ids.pop() if len(ids) == 1 else None)


def test_marked_articles_never_build_the_stories_store(capsys, folder: Path) -> None:
    from kzreader.library import load_library
    from kzreader.stories import store

    path = store.folder_for(load_library([folder])) / store.FILE
    run(capsys, "--source", str(folder), "facts", "--articles", "q1-wire", "q1-radio")
    assert not path.exists()
    run(capsys, "--source", str(folder), "stories")
    assert path.is_file()


def test_story_and_articles_together_is_a_usage_error(capsys, folder: Path) -> None:
    code, _, err = run(capsys, "--source", str(folder), "facts", "--story", "s", "--articles",
                       "q1-wire")  # fmt: skip
    assert code == 2 and "not both" in err
    code, _, err = run(capsys, "--source", str(folder), "compare", "--story", "s", "q1-wire")
    assert code == 2 and "not both" in err


def test_one_report_story(capsys, folder: Path) -> None:
    lone = stories_of(capsys, folder)["lone"]["id"]
    code, out, err = run(capsys, "--source", str(folder), "facts", "--story", lone)
    assert code == 1 and out == "" and "it has one report" in err
    code, out, err = run(capsys, "--source", str(folder), "compare", "--story", lone)
    assert code == 1 and out == "" and "nothing to compare" in err


def test_compare_story_picks_independent_reports(capsys, folder: Path) -> None:
    story = stories_of(capsys, folder)["lorvik-agency"]
    assert len(story["articles"]) == 4
    (copies,) = story["copies"]
    assert len(copies) == 3
    code, out, err = run(capsys, "--source", str(folder), "compare", "--story", story["id"],
                         "--json")  # fmt: skip
    assert code == 0
    chosen = json.loads(out)["articles"]
    assert len(chosen) == 2  # one per source: never two copies
    assert len(set(chosen) & set(copies)) == 1 and "lorvik-observer" in chosen
    assert "comparing 2 of its 4 reports" in err


def test_seed_copies_share_a_source_group(capsys, seeds: Path) -> None:
    # first without a store (copy groups found among the marked), then with it
    for argv in (("facts", "--articles", AP_A, AP_B, RFE, "--json"), ("facts", "--json")):
        code, out, _ = run(capsys, "--source", str(seeds), *argv)
        assert code == 0
        groups: dict[str, set[str]] = {}
        for fact in json.loads(out)["facts"]:
            for claim in fact["claims"]:
                groups.setdefault(claim["article"], set()).add(claim["source_group"])
        assert len(groups[AP_A]) == len(groups[AP_B]) == len(groups[RFE]) == 1
        assert groups[AP_A] == groups[AP_B] != groups[RFE]
        assert all(len(g) == 1 for g in groups.values())


def test_second_run_reads_the_facts_cache(capsys, folder: Path) -> None:
    from kzreader.library import load_library
    from kzreader.stories import factcache, store

    code, first, err = run(capsys, "--source", str(folder), "facts", "--json")
    assert code == 0 and err == ""
    path = store.folder_for(load_library([folder])) / factcache.FILE
    assert path.is_file() and path.stat().st_mode & 0o077 == 0

    def never(*args, **kwargs):
        raise AssertionError("computed facts the cache holds")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kzreader.stories.facts._facts", never)
        code, again, err = run(capsys, "--source", str(folder), "facts", "--json")
        assert code == 0 and err == "" and again == first
        story = json.loads(first)["facts"][0]["story"]
        code, out, err = run(capsys, "--source", str(folder), "facts", "--story", story, "--json")
        assert code == 0 and err == "" and json.loads(out)["facts"]
    path.write_bytes(b"\x00garbage" * 100)
    code, out, err = run(capsys, "--source", str(folder), "facts", "--json")
    assert code == 0 and out == first
    assert err.count("\n") == 1 and "warning: removed the facts cache" in err
