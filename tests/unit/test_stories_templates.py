"""Formulaic wire reports (earnings, results, weekly notices): one template, many happenings.

Every company, team, port and figure here is invented.  Each test that says "two stories" also
checks that the words alone (the template checks off) would have made one: the checks are what
the test is about.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from stories_fakes import make_article

from kzreader.library import Article, Library
from kzreader.stories import group_articles, settings, stories_for
from kzreader.stories import store as stories_store
from kzreader.stories.entities import CANDIDATE, MENTION, entity_flags, uninformative_title
from kzreader.stories.templates import Entities, conflicts, stale_names, why_cut
from kzreader.stories.text import scan

COMPANIES = ["Northwind Ferries", "Caldera Mining", "Brisk Telecom", "Ollander Foods"]


def earnings(company: str, outlet: str, day: int, profit: int, folder: Path) -> Article:
    short = company.split()[0]
    return make_article(
        f"earn-{short.lower()}-{outlet}",
        outlet,
        f"{company} quarterly net profit rises to {profit} million crowns",
        f"2031-05-{day:02d}T07:00:00+00:00",
        f"{company} said on Thursday its quarterly net profit rose to {profit} million crowns "
        f"from {profit - 7} million a year earlier, helped by higher sales and lower costs.\n\n"
        f"Revenue rose {profit % 7 + 2} percent in the quarter. {short} said it expected "
        "full-year results in line with its earlier forecast and kept its dividend unchanged. "
        "Shares of the company "
        "rose in early trading after the results were published.",
        folder,
    )


def result(home: str, away: str, score: str, day: int, folder: Path) -> Article:
    return make_article(
        f"match-{home.split()[0].lower()}",
        "sportswire",
        f"{home} beat {away} {score} in league match",
        f"2031-09-{day:02d}T20:00:00+00:00",
        f"{home} beat {away} {score} on Saturday in a league match watched by a full stadium, "
        "with the winning goal coming ten minutes from the end.\n\n"
        f"The visitors had led at half time before {home} scored twice in the second half. "
        "The result lifts the home side up the table ahead of next week's round of matches, "
        "the coach said after the final whistle.",
        folder,
    )


def notice(week: int, tonnes: int, folder: Path) -> Article:
    when = datetime(2031, 1, 2, 12, tzinfo=UTC) + timedelta(weeks=week)
    return make_article(
        f"port-week{week:02d}",
        "wire",
        f"Port of Kalvask grain loadings at {tonnes} tonnes in week",
        when.isoformat(),
        f"Grain loadings at the Port of Kalvask totalled {tonnes} tonnes in the week to "
        "Friday, the port authority said in its weekly statement.\n\n"
        f"Wheat made up most of the loadings, followed by barley and maize. The figure compares "
        f"with {tonnes - 1500} tonnes the previous week, the Kalvask authority said.",
        folder,
    )


def filler(folder: Path) -> list[Article]:
    """Unrelated reports, so the library's counts are not just the template's."""
    topics = [
        ("Ravel river floods farmland near Tessin", "Heavy rain swelled the Ravel river"),
        ("Mayor Ilse Varga opens new library in Dornick", "A new public library opened"),
        ("Lantern festival draws crowds to Pellmar harbour", "Thousands of visitors watched"),
        ("Court jails smuggler Edvard Kosk for six years", "A court in Harnau sentenced"),
        ("Storm closes mountain pass above Vindel", "Snow and high winds closed the pass"),
    ]
    return [
        make_article(
            f"filler-{i}",
            "gazette",
            title,
            f"2031-06-{10 + i:02d}T09:00:00+00:00",
            f"{lead} on Monday, local officials said. {title}, the regional newspaper "
            "reported, and residents described the day as one they would remember.",
            folder,
        )
        for i, (title, lead) in enumerate(topics)
    ]


def story_sets(articles: list[Article], checks: bool, monkeypatch) -> set[frozenset[str]]:
    monkeypatch.setattr(settings, "TEMPLATE_CHECKS", checks)
    return {frozenset(s.articles) for s in group_articles(articles)}


def together(groups: set[frozenset[str]], *ids: str) -> bool:
    return any(set(ids) <= g for g in groups)


def test_earnings_of_different_companies_are_different_stories(tmp_path, monkeypatch) -> None:
    arts = [
        earnings(c, outlet, 14, 40 + 9 * i, tmp_path)
        for i, c in enumerate(COMPANIES)
        for outlet in ("wire", "daily")
    ]
    arts += filler(tmp_path)
    words_alone = story_sets(arts, False, monkeypatch)
    assert together(words_alone, "earn-northwind-wire", "earn-caldera-wire")  # the template
    groups = story_sets(arts, True, monkeypatch)
    for company in COMPANIES:
        short = company.split()[0].lower()
        assert frozenset({f"earn-{short}-wire", f"earn-{short}-daily"}) in groups


def test_results_of_different_matches_are_different_stories(tmp_path, monkeypatch) -> None:
    arts = [
        result("Harwick Rovers", "Dunmore City", "2-1", 6, tmp_path),
        result("Tamsby Athletic", "Kelso Wanderers", "3-1", 6, tmp_path),
        result("Orrin United", "Fenwick Town", "1-0", 6, tmp_path),
        *filler(tmp_path),
    ]
    assert together(story_sets(arts, False, monkeypatch), "match-harwick", "match-tamsby")
    groups = story_sets(arts, True, monkeypatch)
    assert not together(groups, "match-harwick", "match-tamsby")
    assert not together(groups, "match-harwick", "match-orrin")
    assert not together(groups, "match-tamsby", "match-orrin")


def test_weekly_notices_of_one_port_are_not_one_story(tmp_path, monkeypatch) -> None:
    arts = [notice(w, 20_000 + 1_300 * w, tmp_path) for w in range(10)] + filler(tmp_path)
    assert together(story_sets(arts, False, monkeypatch), "port-week00", "port-week05")
    groups = story_sets(arts, True, monkeypatch)
    weeks = [g for g in groups if any(a.startswith("port-") for a in g)]
    assert len(weeks) == 10  # every week a report of its own: the port's name is stale


def test_follow_up_days_later_sharing_a_name_stays_one_story(tmp_path, monkeypatch) -> None:
    first = earnings("Northwind Ferries", "wire", 14, 52, tmp_path)
    follow = make_article(
        "northwind-follow",
        "daily",
        "Northwind Ferries chief defends quarterly results",
        "2031-05-20T09:00:00+00:00",
        "The chief executive of Northwind Ferries defended the quarterly net profit of 52 "
        "million crowns on Tuesday, after shareholders asked why the dividend was kept "
        "unchanged.\n\nNorthwind said higher sales and lower costs had helped the quarter and "
        "that results for the full year would be in line with its forecast.",
        tmp_path,
    )
    groups = story_sets([first, follow, *filler(tmp_path)], True, monkeypatch)
    assert together(groups, first.id, follow.id)


def test_added_report_of_another_company_is_its_own_story_and_counts_match_a_build(
    tmp_path, monkeypatch
) -> None:
    base = [earnings(c, "wire", 14, 40 + 9 * i, tmp_path) for i, c in enumerate(COMPANIES[:3])]
    base += [earnings(COMPANIES[0], "daily", 14, 40, tmp_path), *filler(tmp_path)]
    library = Library(tuple(base), sources=(tmp_path,))
    stories_for(library)
    import kzreader.stories.build as build

    added = earnings(COMPANIES[3], "wire", 14, 67, tmp_path)
    bigger = Library((*base, added), sources=(tmp_path,))
    with monkeypatch.context() as patched:
        patched.setattr(build, "group", lambda *a, **k: pytest.fail("full rebuild"))
        after = stories_for(bigger)
    assert after.warning is None
    mine = after.story_of(added.id)
    assert mine is not None and mine.articles == (added.id,)
    northwind = after.story_of("earn-northwind-wire")
    assert northwind is not None and set(northwind.articles) == {
        "earn-northwind-wire",
        "earn-northwind-daily",
    }
    path = stories_store.folder_for(bigger) / stories_store.FILE
    with sqlite3.connect(path) as conn:
        updated = {
            t: (df, c, lo)
            for t, df, c, lo in conn.execute("SELECT term, df, caps, lows FROM terms")
        }
        features = conn.execute("SELECT COUNT(*) FROM features").fetchone()[0]
    assert features == len(bigger)
    rebuilt = stories_for(bigger, rebuild=True)

    def earning_stories(stories) -> set[str]:  # (the fillers' loose likeness may drift)
        return {s.id for s in stories if any(a.startswith("earn-") for a in s.articles)}

    assert earning_stories(rebuilt) == earning_stories(after)
    with sqlite3.connect(path) as conn:
        fresh = {
            t: (df, c, lo)
            for t, df, c, lo in conn.execute("SELECT term, df, caps, lows FROM terms")
        }
    assert {t: v for t, v in updated.items() if v[0] > 0} == fresh

    # and removing it again brings the counts back
    with monkeypatch.context() as patched:
        patched.setattr(build, "group", lambda *a, **k: pytest.fail("full rebuild"))
        back = stories_for(library)
    assert back.warning is None and back.story_of(added.id) is None
    with sqlite3.connect(path) as conn:
        removed = {
            t: (df, c, lo)
            for t, df, c, lo in conn.execute("SELECT term, df, caps, lows FROM terms")
        }
        features = conn.execute("SELECT COUNT(*) FROM features").fetchone()[0]
    assert features == len(library)
    stories_for(library, rebuild=True)
    with sqlite3.connect(path) as conn:
        base_counts = {
            t: (df, c, lo)
            for t, df, c, lo in conn.execute("SELECT term, df, caps, lows FROM terms")
        }
    assert {t: v for t, v in removed.items() if v[0] > 0} == base_counts


#: One invented happening told in many ways: each report draws 7 of these sentences.
DAM_SENTENCES = [
    "The Tollbridge dam on the Marrow river burst early on Sunday, flooding the town of Eskerby.",
    "Water from the Tollbridge reservoir swept through Eskerby before dawn, officials said.",
    "At least 23 people died and 140 were missing after the dam failed, the Marrow police said.",
    "Governor Adela Strand declared a state of emergency across Marrow county.",
    "Rescue boats searched flooded streets of Eskerby for survivors on Monday.",
    "Engineers had warned in March that the Tollbridge dam was cracking, documents showed.",
    "The Hallam Water Board, which runs the dam, said it would cooperate with any inquiry.",
    "About 4,000 residents of Eskerby spent the night in schools and churches on higher ground.",
    "Adela Strand said the death toll was likely to rise as the water receded.",
    "Army helicopters lifted families from rooftops in the lower town of Eskerby.",
    "The Marrow river rose by nine metres in less than an hour after the breach.",
    "Hospitals in Varrow, the county seat, treated dozens of injured people.",
    "Survivors described a wall of brown water racing down the valley toward Eskerby.",
    "The Hallam Water Board chief, Oskar Lind, faced calls to resign on Tuesday.",
    "Prosecutors in Varrow opened an investigation into the Tollbridge dam failure.",
    "Relief agencies appealed for clean water and blankets for the people of Eskerby.",
    "The Tollbridge dam was built in 1962 and last inspected four years ago.",
    "Power and telephone lines were cut across much of the Marrow valley.",
    "Oskar Lind said heavy rain over the weekend had pushed the reservoir to its limit.",
    "Volunteers from neighbouring towns brought food and dry clothes to Eskerby.",
]
DAM_TITLES = [
    "Tollbridge dam bursts, floods Eskerby",
    "Dozens dead as dam fails in Marrow valley",
    "Eskerby flood: toll rises after Tollbridge dam breach",
    "Rescuers search Eskerby after dam collapse",
    "Questions for Hallam Water Board over Tollbridge dam",
    "Marrow county in emergency after dam burst",
]


def dam_reports(count: int, folder: Path) -> list[Article]:
    rng = random.Random(3)
    out = []
    for i in range(count):
        picked = rng.sample(DAM_SENTENCES, 7)
        out.append(
            make_article(
                f"dam-{i:03d}",
                f"outlet{i % 17}",
                rng.choice(DAM_TITLES),
                f"2031-10-{4 + i * 3 // count:02d}T{6 + i % 12:02d}:00:00+00:00",
                " ".join(picked[:3]) + "\n\n" + " ".join(picked[3:]),
                folder,
            )
        )
    return out


def test_a_big_story_is_not_split_by_the_checks(tmp_path, monkeypatch) -> None:
    """60 reports of one happening, the library's only story: its main names (the town, the
    dam) are in nearly every report and must still count as names (before the name ceiling had
    a floor, only incidental names were left, and the checks cut such a story 51 | 9)."""
    arts = dam_reports(60, tmp_path)
    words_alone = story_sets(arts, False, monkeypatch)
    assert max(len(g) for g in words_alone) > 50  # (the words alone may split a big story:
    # average linkage reads 40 pairs per report; the checks must not add to that)
    assert story_sets(arts, True, monkeypatch) == words_alone


# --- the parts --------------------------------------------------------------------------------


def test_name_runs_and_uninformative_titles() -> None:
    scanned = scan(
        "Shares of Brisk Telecom rose. Analysts at Varn Capital said so on Friday in June."
    )
    runs = {t: r for t, r in zip(scanned.terms, scanned.runs, strict=True)}
    assert runs["brisk"] >= 0 and runs["brisk"] == runs["telecom"]
    assert runs["varn"] >= 0 and runs["varn"] != runs["brisk"]
    assert runs["share"] == -1 and runs["analyst"] == -1  # a lone capital opening a sentence
    assert runs["june"] == -1  # a month is no name
    assert uninformative_title("BRISK TELECOM NET PROFIT RISES")
    assert uninformative_title("Brisk Telecom Net Profit Rises Sharply")
    assert not uninformative_title("Brisk Telecom net profit rises")


def test_entity_flags_mark_lead_names_and_title_only_words() -> None:
    title = "VARN <VRN.X> RAISES DIVIDEND"
    flags = entity_flags(
        scan(title), scan("The company said its board of Varn Capital met."), title
    )
    assert flags["varn"] & CANDIDATE and flags["capit"] & CANDIDATE  # a name run of the lead
    assert flags["vrnx"] & CANDIDATE  # a ticker only the all-capitals headline carries
    assert not flags["compani"] & CANDIDATE and not flags["compani"] & MENTION
    assert flags["varn"] & MENTION
    sentence_case = "Varn raises its dividend"
    flags = entity_flags(scan(sentence_case), scan("The board met on Monday."), sentence_case)
    assert not flags["dividend"] & CANDIDATE  # lower case in a sentence-case title: no name


def test_conflict_and_time_rules() -> None:
    day = 100.0
    a = Entities(frozenset({1}), frozenset({1, 5}), True, day)
    b = Entities(frozenset({2}), frozenset({2, 5}), True, day)
    assert conflicts(a, b) and why_cut(a, b, 0.6) == "conflict"
    assert why_cut(a, b, 0.05) is None  # too unlike for the template rule
    c = Entities(frozenset({2}), frozenset({1, 2}), True, day)  # mentions a's name
    assert not conflicts(a, c)
    d = Entities(frozenset({1}), frozenset({1}), True, day + 30)
    assert why_cut(a, d, 0.6) is None  # a fresh shared name, weeks apart
    stale = stale_names(frozenset({1}), [(day + k, frozenset({1})) for k in range(8)])
    assert stale == frozenset({1})
    a_stale = Entities(a.names, a.mentions, True, day, recurring=stale)
    assert why_cut(a_stale, d, 0.6) == "conflict"  # only a stale name shared: two happenings
    loose = Entities(frozenset({1}), frozenset({1}), False, day + 30)  # nothing specific
    assert why_cut(a, loose, 0.6) is None
    assert why_cut(a_stale, loose, 0.6) == "time"
    undated = Entities(frozenset({1}), frozenset({1}), True, None)
    assert why_cut(a_stale, undated, 0.6) is None


def test_a_story_larger_than_the_neighbour_list_is_not_split(tmp_path, monkeypatch) -> None:
    """30 reports with lists of 6 stand for 200+ reports with lists of 40: without the dense
    rows' longer lists, average linkage (a missing pair counts 0) cuts the story in pieces."""
    from kzreader.stories import neighbours

    arts = dam_reports(30, tmp_path)
    monkeypatch.setattr(neighbours, "NEIGHBOURS", 6)
    monkeypatch.setattr(neighbours, "NEIGHBOURS_DENSE", 6)
    assert len(story_sets(arts, True, monkeypatch)) > 1
    monkeypatch.setattr(neighbours, "NEIGHBOURS_DENSE", 200)
    assert story_sets(arts, True, monkeypatch) == {frozenset(a.id for a in arts)}


def test_dense_rows_need_a_full_list_still_close_at_its_end() -> None:
    from kzreader.stories.neighbours import NEIGHBOURS, is_dense

    assert is_dense([0.6] * NEIGHBOURS)
    assert not is_dense([0.6] * (NEIGHBOURS - 1))  # the list was not full: nothing missing
    assert not is_dense([0.6] * 3 + [0.1] * (NEIGHBOURS - 3))  # weak at its end
