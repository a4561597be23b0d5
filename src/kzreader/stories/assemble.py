"""Stories from groups of articles: the title, the copy groups, the pairs kept inside; and
writing them to the store.  No numpy here: opening and small updates import only this."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence

from kzreader.library import Article
from kzreader.stories import store
from kzreader.stories.copies import copy_groups
from kzreader.stories.model import Story, make_story
from kzreader.stories.settings import DENSE, SCALE_K


def scale_of(top: Sequence[float]) -> float:
    return min(DENSE, sum(top) / SCALE_K) if top else DENSE


def assemble(
    articles: Sequence[Article],
    labels: Sequence[int],
    edges: Sequence[tuple[int, int, float]],
    scales: Sequence[float],
) -> tuple[list[Story], dict[str, list[list[float]]]]:
    """Stories from group labels: title of the most central report, copy groups, inner pairs."""
    members: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels):
        members[label].append(row)
    inner: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for a, b, s in edges:
        if labels[a] == labels[b]:
            inner[labels[a]].append((a, b, s))
    stories, pairs = [], {}
    for label, rows in members.items():
        story, story_pairs = story_from(
            [articles[r] for r in rows],
            [(articles[a].id, articles[b].id, s) for a, b, s in inner[label]],
            {articles[r].id: scales[r] for r in rows},
        )
        stories.append(story)
        pairs[story.id] = story_pairs
    return stories, pairs


def story_from(
    members: Sequence[Article],
    inner: Sequence[tuple[str, str, float]],
    scales: dict[str, float],
) -> tuple[Story, list[list[float]]]:
    """One story: its title is the title of the report most like the others (scaled), ties to
    the earliest; copy groups from its similar pairs."""
    centrality: dict[str, float] = defaultdict(float)
    for a, b, s in inner:
        scaled = s / (max(scales[a], 1e-6) * max(scales[b], 1e-6)) ** 0.5
        centrality[a] += scaled
        centrality[b] += scaled
    by_id = {a.id: a for a in members}
    copies = copy_groups(list(by_id), inner, lambda i: by_id[i].text) if len(members) > 1 else []
    draft = make_story(members, "", copies)
    position = {a: i for i, a in enumerate(draft.articles)}
    central = max(draft.articles, key=lambda a: (centrality[a], -position[a]))
    story = make_story(members, by_id[central].title, copies)
    story_pairs = sorted(
        [min(position[a], position[b]), max(position[a], position[b]), round(s, 4)]
        for a, b, s in inner
    )
    return story, story_pairs


def write_stories(
    conn: sqlite3.Connection, stories: Sequence[Story], pairs: dict[str, list[list[float]]]
) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO stories (id, title, members, outlets, first, last, copies, pairs) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                s.id,
                s.title,
                store.encode_members(s.articles),
                store.encode_outlets(s.outlets),
                s.first.isoformat() if s.first else None,
                s.last.isoformat() if s.last else None,
                store.encode_copies(s.copies),
                json.dumps(pairs.get(s.id, [])),
            )
            for s in stories
        ),
    )
