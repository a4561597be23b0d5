"""`Story` and `Stories`: what the faces and the facts engine read.

Ids.  A story's id is ``"s" + the first 12 hex digits of sha256("\\n".join(sorted member ids))``:
it depends on the membership alone, so it stays the same while the story's articles do (across
updates, rebuilds and machines) and changes when an article joins or leaves.  A source group's
id is ``"g" + 12 hex digits`` of the same hash over its members (a copy group or one article).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kzreader.library import Article, Library

_WORDS = re.compile(r"[^\W_]+")


def members_hash(prefix: str, members: Iterable[str]) -> str:
    joined = "\n".join(sorted(members))
    return prefix + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def story_id(members: Iterable[str]) -> str:
    return members_hash("s", members)


def group_id(members: Iterable[str]) -> str:
    return members_hash("g", members)


@dataclass(frozen=True)
class Story:
    """One happening: its articles (oldest first, undated last), outlets and copy groups."""

    id: str
    title: str
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    first: datetime | None
    last: datetime | None
    copies: tuple[tuple[str, ...], ...] = ()

    def __len__(self) -> int:
        return len(self.articles)

    def to_json(self) -> dict[str, Any]:
        """The `stories --json` entry (DESIGN.md)."""
        return {
            "id": self.id,
            "title": self.title,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "copies": [list(group) for group in self.copies],
        }


def story_source_groups(story: Story) -> dict[str, str]:
    """article id -> source group id for one story (`Stories.source_groups`)."""
    out: dict[str, str] = {}
    for copies in story.copies:
        gid = group_id(copies)
        out.update((article_id, gid) for article_id in copies)
    for article_id in story.articles:
        if article_id not in out:
            out[article_id] = group_id((article_id,))
    return out


def _key(article: Article) -> tuple[int, datetime, str]:
    stamp = article.published_key
    return (0, stamp, article.id) if stamp is not None else (1, datetime.min, article.id)


def make_story(
    members: Sequence[Article],
    title: str,
    copies: Iterable[Sequence[str]] = (),
    known_id: str | None = None,
) -> Story:
    """A story of these articles; ``known_id`` saves hashing when the caller has it."""
    ordered = sorted(members, key=_key) if len(members) > 1 else list(members)
    dated = [a for a in ordered if a.published is not None]
    outlets = list(dict.fromkeys(a.outlet for a in ordered))
    return Story(
        id=known_id or story_id(a.id for a in members),
        title=title,
        articles=tuple(a.id for a in ordered),
        outlets=tuple(outlets),
        first=dated[0].published if dated else None,
        last=dated[-1].published if dated else None,
        copies=tuple(tuple(sorted(g)) for g in sorted(copies, key=min)),
    )


def _newest_first(story: Story) -> tuple[int, float, int, str]:
    if story.last is None:
        return (1, 0.0, -len(story), story.id)
    last = story.last
    if last.tzinfo is not None:  # (the same seconds as below, without two new datetimes)
        return (0, -last.timestamp(), -len(story), story.id)
    stamp = (last - _EPOCH).total_seconds()
    return (0, -stamp, -len(story), story.id)


_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Stories:
    """Every article of a library in exactly one story, newest last report first.

    ``warning`` says why the stored grouping was rebuilt from scratch (damaged, another
    version) or could not be stored, when that happened; the faces show it once.
    """

    stories: tuple[Story, ...]
    library: Library = field(repr=False, compare=False)
    #: story id -> its similar pairs [[i, j, similarity], ...] (indexes into its articles), as
    #: JSON text or a list; called only when a similarity is asked for
    pairs_of: Callable[[str], str | list[list[float]] | None] | None = field(
        default=None, repr=False, compare=False
    )
    warning: str | None = None
    _by_article: dict[str, Story] = field(default_factory=dict, repr=False, compare=False)
    _by_id: dict[str, Story] = field(default_factory=dict, repr=False, compare=False)
    _similar: dict[str, dict[tuple[str, str], float]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.stories, key=_newest_first))
        object.__setattr__(self, "stories", ordered)
        self._by_id.update((s.id, s) for s in ordered)
        self._by_article.update((a, s) for s in ordered for a in s.articles)

    def __len__(self) -> int:
        return len(self.stories)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.stories)

    def get(self, story_id: str) -> Story | None:
        """The story with this id, or the only one whose id starts with it."""
        story = self._by_id.get(story_id)
        if story is not None or not story_id:
            return story
        found = self.starting_with(story_id)
        return found[0] if len(found) == 1 else None

    def starting_with(self, prefix: str) -> list[Story]:
        """Every story whose id starts with ``prefix`` (the story itself for a whole id)."""
        exact = self._by_id.get(prefix)
        if exact is not None:
            return [exact]
        return [s for s in self.stories if s.id.startswith(prefix)] if prefix else []

    def story_of(self, article_id: str) -> Story | None:
        return self._by_article.get(article_id)

    def source_groups(self, stories: Iterable[Story] | None = None) -> dict[str, str]:
        """article id -> source group id: shared by the articles of one copy group; an article
        in no copy group is a group of its own.  Over every story, or over ``stories``."""
        out: dict[str, str] = {}
        for story in self.stories if stories is None else stories:
            out.update(story_source_groups(story))
        return out

    def similarity(self, a: str, b: str) -> float:
        """How alike two articles of one story are (0 for a pair the grouping did not keep)."""
        story = self.story_of(a)
        if story is None or a == b:
            return 1.0 if a == b else 0.0
        return self._similarities(story).get((a, b) if a < b else (b, a), 0.0)

    def _similarities(self, story: Story) -> dict[tuple[str, str], float]:
        known = self._similar.get(story.id)
        if known is None:
            raw = (self.pairs_of(story.id) if self.pairs_of else None) or []
            rows = json.loads(raw) if isinstance(raw, str) else raw
            known = {}
            for i, j, s in rows:
                a, b = story.articles[int(i)], story.articles[int(j)]
                known[(a, b) if a < b else (b, a)] = float(s)
            self._similar[story.id] = known
        return known

    def independent(self, story_id: str, count: int = 4) -> list[str]:
        """Up to ``count`` (2-4 is what compare reads) of the story's most independent reports.

        One report per copy group (its longest), then greedily the report least like those
        already chosen (ties: another outlet, then the longer text), starting from the longest
        report of the largest source group.
        """
        story = self.get(story_id)
        if story is None:
            return []
        length = {a: len(self._text(a)) for a in story.articles}
        grouped: dict[str, int] = {}
        for number, copies in enumerate(story.copies):
            for article_id in copies:
                grouped[article_id] = number
        candidates: list[str] = []
        sizes: dict[str, int] = {}
        for number in range(len(story.copies)):
            members = [a for a in story.articles if grouped.get(a) == number]
            best = max(members, key=lambda a: (length[a], a))
            candidates.append(best)
            sizes[best] = len(members)
        candidates += [a for a in story.articles if a not in grouped]
        if not candidates:
            return []
        first = max(candidates, key=lambda a: (sizes.get(a, 1), length[a], a))
        chosen = [first]
        outlets = {self._outlet(first)}
        while len(chosen) < min(count, len(candidates)):
            rest = [a for a in candidates if a not in chosen]
            best = min(
                rest,
                key=lambda a: (
                    max(self.similarity(a, c) for c in chosen),
                    self._outlet(a) in outlets,
                    -length[a],
                    a,
                ),
            )
            chosen.append(best)
            outlets.add(self._outlet(best))
        return chosen

    def _text(self, article_id: str) -> str:
        article = self.library.get(article_id)
        return article.text if article is not None else ""

    def _outlet(self, article_id: str) -> str:
        article = self.library.get(article_id)
        return article.outlet if article is not None else ""

    def matching(self, query: str) -> list[Story]:
        """Stories in which every word of ``query`` appears as a whole word, in any case, in
        the story's title, an outlet, or an article's title or text; empty matches all."""
        words = {w.casefold() for w in _WORDS.findall(query)}
        if not words:
            return list(self.stories)
        found = []
        for story in self.stories:
            heads = [story.title, *story.outlets]
            heads += [self._title(a) for a in story.articles]
            missing = words - set(_WORDS.findall("\n".join(heads).casefold()))
            if missing:
                texts = "\n".join(self._text(a) for a in story.articles).casefold()
                if missing - set(_WORDS.findall(texts)):
                    continue
            found.append(story)
        return found

    def _title(self, article_id: str) -> str:
        article = self.library.get(article_id)
        return article.title if article is not None else ""

    def to_json(self, stories: Sequence[Story] | None = None) -> dict[str, Any]:
        return {"stories": [s.to_json() for s in (self.stories if stories is None else stories)]}
