"""The engine on the bundled seeds and on the development clusters (skipped when absent).

What is checked comes from the issue (seeds) and from each cluster's DIVERGENCES.md; the engine
itself knows nothing of these stories.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzreader.cli import main
from kzreader.facts import Fact, Kind, Verdict, facts_for
from kzreader.library import load_library

FLAGGED = (Verdict.CONFLICT, Verdict.UPDATE, Verdict.VARIANT)


@pytest.fixture(scope="module")
def seed_facts() -> list[Fact]:
    from kzreader.locations import seeds_dir

    return list(facts_for(load_library([seeds_dir()]).articles).facts)


def find(facts: list[Fact], measure: str, *values: float) -> Fact:
    for fact in facts:
        lows = {c.low for c in fact.claims}
        if fact.claims[0].measure == measure and set(values) <= lows:
            return fact
    raise AssertionError(f"no {measure} fact with {values}: {[f.reason for f in facts]}")


def test_seed_police_toll(seed_facts: list[Fact]) -> None:
    fact = find(seed_facts, "killed", 8, 12)
    assert fact.verdict in (Verdict.CONFLICT, Verdict.UPDATE)
    assert "8" in fact.reason and "12" in fact.reason
    assert len(fact.articles) == 5


def test_seed_injured(seed_facts: list[Fact]) -> None:
    fact = find(seed_facts, "injured", 317, 353)
    assert fact.verdict in (Verdict.CONFLICT, Verdict.UPDATE)
    assert "317" in fact.reason and "353" in fact.reason
    assert "more than 300" in fact.reason or "over 300" in fact.reason
    hedged = [c for c in fact.claims if c.value in ("more than 300", "over 300")]
    assert hedged and all(c.low <= 317 <= c.high for c in hedged)


def test_seed_background_toll(seed_facts: list[Fact]) -> None:
    fact = find(seed_facts, "killed", 15, 16)
    assert fact.verdict == Verdict.CONFLICT
    assert "15" in fact.reason and "16" in fact.reason
    assert "(2011)" in fact.label


def test_seed_arrests(seed_facts: list[Fact]) -> None:
    fact = find(seed_facts, "arrested", 2000)
    assert fact.verdict in (Verdict.CONFLICT, Verdict.UPDATE)
    assert len(fact.articles) >= 2


def test_seed_president_spellings(seed_facts: list[Fact]) -> None:
    variants = [f for f in seed_facts if f.verdict == Verdict.VARIANT]
    assert any({"Tokayev", "Toqaev"} <= {c.value for c in f.claims} for f in variants)


def test_seed_agreements_are_not_flagged(seed_facts: list[Fact]) -> None:
    for fact in seed_facts:
        values = {c.low for c in fact.claims if c.low is not None}
        if fact.verdict in FLAGGED and fact.verdict != Verdict.VARIANT:
            assert values != {5.0}, fact  # the five seized aircraft
            assert 2.0 not in values, fact  # the two-week state of emergency is no count


def test_seed_cli_json(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--source", str(seeds), "facts", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["articles"]) == 5
    assert doc["facts"][0]["verdict"] in (Verdict.CONFLICT, Verdict.UPDATE)
    assert main(["--source", str(seeds), "facts", "police killed", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["facts"] and all("kill" in f["label"] for f in doc["facts"])


def test_seed_cli_plain_and_errors(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--source", str(seeds), "facts", "injured"]) == 0
    out = capsys.readouterr().out
    assert "353" in out and "317" in out
    assert main(["--source", str(seeds), "facts", "--articles", "no-such-id"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-id" in err
    assert main(["--source", str(seeds), "facts", "zzqx", "--json"]) == 1
    first = load_library([seeds]).articles[0].id
    assert main(["--source", str(seeds), "facts", "--articles", first]) == 1


def _cluster(clusters_dir: Path, name: str) -> list[Fact]:
    return list(facts_for(load_library([clusters_dir / name]).articles).facts)


def _flagged_with(facts: list[Fact], *files: str) -> list[Fact]:
    return [
        f for f in facts if f.verdict in FLAGGED and set(files) <= {c.article for c in f.claims}
    ]


def test_cluster_quake_toll(clusters_dir: Path) -> None:
    facts = _cluster(clusters_dir, "aceh-earthquake-2013-07")
    assert _flagged_with(facts, "bbc", "inquirer")  # 24 vs 5 dead
    assert any(f.verdict == Verdict.VARIANT and "Bireuen" in f.reason for f in facts)
    # magnitudes, depths, distances and clock times are never counts
    for fact in facts:
        if fact.kind == Kind.COUNT:
            assert not {c.value for c in fact.claims} & {"6.1", "9.1", "55", "07", "37", "0737"}
    # they are measures: this quake's 6.1 never stands against the 2004 quake's 9.1
    magnitudes = [f for f in facts if f.kind == Kind.MEASURE and f.claims[0].unit == "magnitude"]
    assert magnitudes and not any(
        {"6.1", "9.1"} <= {c.value.split("-")[0].split()[-1] for c in f.claims} for f in magnitudes
    )


def test_cluster_fire(clusters_dir: Path) -> None:
    facts = _cluster(clusters_dir, "athens-marfin-bank-fire-2010-05")
    assert _flagged_with(facts, "usatoday", "reuters")  # 12 vs 18 injured
    assert any(f.verdict == Verdict.VARIANT and "Karolos" in f.reason for f in facts)
    # all agree that three people died: never flagged
    for fact in facts:
        if fact.claims[0].measure == "killed" and {c.low for c in fact.claims} <= {3.0}:
            assert fact.verdict in (Verdict.AGREE, Verdict.COMPATIBLE)


def test_cluster_shooting(clusters_dir: Path) -> None:
    facts = _cluster(clusters_dir, "troy-michigan-office-shooting-2007-04")
    reasons = " ".join(f.reason for f in facts if f.verdict == Verdict.VARIANT)
    assert "Wolfe" in reasons and "Wolff" in reasons
    # ages (38, 50-year-old) and distances (50 miles) are never counts
    counts = [f for f in facts if f.kind == Kind.COUNT]
    assert not [f for f in counts if f.verdict in (Verdict.CONFLICT, Verdict.UPDATE)]


def test_cluster_air_raid(clusters_dir: Path) -> None:
    facts = _cluster(clusters_dir, "yida-refugee-camp-bombing-2011-11")
    killed = [f for f in facts if f.claims[0].measure == "killed" and f.verdict in FLAGGED]
    assert any({0.0, 12.0} <= {c.low for c in f.claims} for f in killed)  # 12 dead vs none
    assert any(f.verdict == Verdict.VARIANT and "Khalid" in f.reason for f in facts)


def test_seed_cli_articles_by_prefix(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--source", str(seeds), "facts", "--articles", "003", "004", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [a["id"][:3] for a in doc["articles"]] == ["003", "004"]
    assert {c["article"][:3] for f in doc["facts"] for c in f["claims"]} <= {"003", "004"}
    killed = next(f for f in doc["facts"] if f["label"] == "police officers killed")
    assert killed["reason"] == "12 vs 8"
