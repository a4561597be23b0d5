"""Facts story by story: the facts engine on one story's reports, never on two stories at once,
with each story's copy groups as the engine's source groups.

    facts_of_story(stories, story_id, query, config)    # -> FactReport: `facts --story`, `f`
    facts_by_story(stories, query, config, workers=2)    # -> [StoryFacts]: `facts` on a library
    disputed_count(stories, story_id, config)            # disputed facts of one story (lazily)
    selection_groups(articles, stories)                  # source groups of a marked selection
    facts_document(facts, articles, stories)             # the `facts --json` document + "story"

Why story by story: claims of two happenings are never one fact ("people killed: more than
3,000 vs 191" from two unrelated events is no conflict), and a library of thousands of reports
costs as many small reports, most of them independent of each other.  Stories of fewer reports
than a fact needs (one) are skipped without reading them.

With ``cached=True`` (what the faces pass) a story's facts are read from the facts cache in the
cache dir when its reports, the engine and the config are unchanged, and kept there otherwise
(`factcache`): the second `kzreader facts` on a library reads instead of computing.

``facts_by_story`` can fork worker processes (``workers``): only when this process runs no other
thread (forking a threaded process such as the reader's can deadlock), otherwise it computes in
this process.  The reader calls ``facts_of_story`` or ``disputed_count`` in a thread worker, one
story at a time.

This module imports ``kzreader.facts`` through its front door, lazily: the grouping itself never
needs the facts engine.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kzreader.library import Article
from kzreader.stories.copies import copies_among
from kzreader.stories.factcache import FactCache, story_key
from kzreader.stories.model import Stories, Story, group_id, story_source_groups

if TYPE_CHECKING:
    from kzreader.config import FactsConfig
    from kzreader.facts import Fact, FactReport

Progress = Callable[[int, int], None]

#: Below this many reports to read, `facts_by_story` never forks (a fork and its results' trip
#: back cost more than they save).
PARALLEL_MIN_ARTICLES = 300
#: Work is handed to workers in about this many parts per worker (large stories first), so
#: that one slow part does not leave the other worker idle at the end.
PARTS_PER_WORKER = 12


@dataclass(frozen=True)
class StoryFacts:
    """The facts of one story: its reports (oldest first) and what the engine found in them."""

    story: Story
    articles: tuple[Article, ...]
    facts: tuple[Fact, ...]


def story_articles(stories: Stories, story: Story) -> list[Article]:
    """The story's reports as library articles, oldest first."""
    found = (stories.library.get(a) for a in story.articles)
    return [a for a in found if a is not None]


def _needed(config: FactsConfig | None) -> int:
    """Reports a fact needs: a story with fewer has no facts."""
    return max(2, config.min_outlets if config is not None else 2)


def facts_of_story(
    stories: Stories,
    story_id: str,
    query: str | None = None,
    config: FactsConfig | None = None,
    *,
    cached: bool = False,
    on_warning: Callable[[str], None] | None = None,
) -> FactReport:
    """The facts engine on one story (a unique id prefix will do), its copy groups counted as
    one source each; ``query`` as the engine reads it.  ``cached``: read and keep the story's
    facts in the facts cache (`factcache`).  ``KeyError`` for an unknown or ambiguous id."""
    from kzreader.facts import FactReport, filter_facts

    story = stories.get(story_id)
    if story is None:
        raise KeyError(story_id)
    articles = story_articles(stories, story)
    if len(articles) < _needed(config):
        return FactReport(tuple(articles), ())
    found = _computed(stories, [story], config, 1, None, cached, on_warning, whole=False)
    facts = found[story.id]
    if query and query.strip():
        facts = tuple(filter_facts(list(facts), query))
    return FactReport(tuple(articles), facts)


def disputed_count(
    stories: Stories, story_id: str, config: FactsConfig | None = None, *, cached: bool = False
) -> int:
    """How many of a story's facts are disputed (conflict or update): the stories view's
    column, computed when the reader asks (a thread worker), a story at a time."""
    from kzreader.facts import DISPUTED

    report = facts_of_story(stories, story_id, None, config, cached=cached)
    return sum(f.verdict in DISPUTED for f in report.facts)


def facts_by_story(
    stories: Stories,
    query: str | None = None,
    config: FactsConfig | None = None,
    *,
    only: Iterable[Story] | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    cached: bool = False,
    on_warning: Callable[[str], None] | None = None,
) -> list[StoryFacts]:
    """Every story's facts (or ``only`` these stories'), each story on its own, in the stories'
    order (newest last report first); stories without facts are left out.

    ``query`` keeps the facts matching it, as the engine's `filter_facts` reads it but over all
    stories at once: facts whose label and values match every word; when none anywhere do,
    facts whose sentences do.  ``workers`` > 1 forks that many processes when the stories to
    compute hold at least `PARALLEL_MIN_ARTICLES` reports and no other thread runs here.
    ``cached``: stories whose facts the facts cache holds are read from it, the others are
    kept there (a run over every story also drops the rows of stories gone); ``on_warning``
    hears once when the cache was unusable.
    """
    needed = _needed(config)
    todo = [s for s in (stories.stories if only is None else only) if len(s) >= needed]
    found = _computed(
        stories, todo, config, workers, progress, cached, on_warning, whole=only is None
    )
    results = [
        StoryFacts(s, tuple(story_articles(stories, s)), found[s.id]) for s in todo if found[s.id]
    ]
    if query and query.strip():
        results = _filtered(results, query)
    return results


def _computed(
    stories: Stories,
    todo: Sequence[Story],
    config: FactsConfig | None,
    workers: int,
    progress: Progress | None,
    cached: bool,
    on_warning: Callable[[str], None] | None,
    whole: bool,
) -> dict[str, tuple[Fact, ...]]:
    """story id -> all its facts: from the cache (``cached``), else computed (and kept)."""
    keys: dict[str, str | None] = {}
    cache: FactCache | None = None
    found: dict[str, tuple[Fact, ...]] = {}
    if cached:
        cache = FactCache(stories.library)
        for story in todo:
            articles = story_articles(stories, story)
            keys[story.id] = story_key(articles, story_source_groups(story), config)
        by_key = cache.get(k for k in keys.values() if k is not None)
        found = {sid: by_key[k] for sid, k in keys.items() if k is not None and k in by_key}
    rest = [s for s in todo if s.id not in found]
    done = len(found)
    if progress is not None and done:
        progress(done, len(todo))
    total = sum(len(s) for s in rest)

    def step(count: int) -> None:
        if progress is not None:
            progress(done + count, len(todo))

    if workers > 1 and total >= PARALLEL_MIN_ARTICLES and _may_fork():
        computed = _in_workers(stories, rest, config, workers, step)
    else:
        computed = {}
        for count, story in enumerate(rest, 1):
            computed[story.id] = _facts(stories, story, config)
            step(count)
    found.update(computed)
    if cache is not None:
        rows = {k: computed[sid] for sid, k in keys.items() if k is not None and sid in computed}
        keep = [k for k in keys.values() if k is not None] if whole else None
        if rows or keep is not None:
            cache.put(rows, keep)
        if cache.warning and on_warning is not None:
            on_warning(cache.warning)
    return found


def _facts(stories: Stories, story: Story, config: FactsConfig | None) -> tuple[Fact, ...]:
    from kzreader.facts import facts_for

    articles = story_articles(stories, story)
    return facts_for(articles, None, config, story_source_groups(story)).facts


def _filtered(results: list[StoryFacts], query: str) -> list[StoryFacts]:
    from kzreader.facts import filter_facts

    every = [f for r in results for f in r.facts]
    kept = {id(f) for f in filter_facts(every, query)}
    out = []
    for r in results:
        facts = tuple(f for f in r.facts if id(f) in kept)
        if facts:
            out.append(StoryFacts(r.story, r.articles, facts))
    return out


# --- worker processes --------------------------------------------------------------------------

#: What forked workers read (set just before the fork, cleared after): stories and config.
_SHARED: tuple[Stories, Any] | None = None


def _may_fork() -> bool:
    import multiprocessing

    return (
        threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
        and _cpus() > 1
    )


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_workers() -> int:
    """Worker processes worth forking here: the CPUs this process may use (at most 4) that
    other processes leave idle, by the 1-minute load average (this process counts one).  On a
    busy machine it is 1: measured at load 5-9 on 2 cores, 2 workers gained nothing and cost
    about 12% more CPU (the results' trip back, copied pages)."""
    cpus = max(1, min(4, _cpus()))
    try:
        busy = max(0.0, os.getloadavg()[0] - 1.0)
    except (AttributeError, OSError):
        return cpus
    return max(1, min(cpus, round(cpus - busy)))


def _parts(todo: Sequence[Story], workers: int) -> list[list[str]]:
    """Story ids in parts of about equal reports, the largest stories first."""
    ordered = sorted(todo, key=lambda s: (-len(s), s.id))
    size = max(1, sum(len(s) for s in ordered) // (workers * PARTS_PER_WORKER))
    parts: list[list[str]] = []
    current: list[str] = []
    held = 0
    for story in ordered:
        current.append(story.id)
        held += len(story)
        if held >= size:
            parts.append(current)
            current, held = [], 0
    if current:
        parts.append(current)
    return parts


def _work(ids: list[str]) -> list[tuple[str, tuple[Fact, ...]]]:
    """In a worker: the facts of these stories."""
    if _SHARED is None:
        raise RuntimeError("a facts worker started without the stories it shares")
    stories, config = _SHARED
    out = []
    for story_id in ids:
        story = stories.get(story_id)
        if story is not None:
            out.append((story_id, _facts(stories, story, config)))
    return out


def _in_workers(
    stories: Stories,
    todo: Sequence[Story],
    config: FactsConfig | None,
    workers: int,
    step: Callable[[int], None],
) -> dict[str, tuple[Fact, ...]]:
    import multiprocessing

    global _SHARED
    parts = _parts(todo, workers)
    found: dict[str, tuple[Fact, ...]] = {}
    _SHARED = (stories, config)
    try:
        context = multiprocessing.get_context("fork")
        # gc.freeze in each worker: its collections never walk the library it inherited
        with context.Pool(min(workers, len(parts)), initializer=gc.freeze) as pool:
            for part in pool.imap_unordered(_work, parts):
                found.update(part)
                step(len(found))
    finally:
        _SHARED = None
    return found


# --- a marked selection --------------------------------------------------------------------------


def selection_groups(articles: Sequence[Article], stories: Stories | None) -> dict[str, str]:
    """article id -> source group id for a hand-picked selection: the library's copy groups
    when ``stories`` (the stored grouping) holds every one of them, else the copy groups found
    among the selection itself (`copies_among`: every pair, no grouping of the library)."""
    if stories is not None and all(stories.story_of(a.id) is not None for a in articles):
        chosen = {a.id for a in articles}
        touched = {stories.story_of(a) for a in chosen}
        groups = stories.source_groups(s for s in touched if s is not None)
        return {a: g for a, g in groups.items() if a in chosen}
    out: dict[str, str] = {}
    unique = {a.id: a.text for a in articles}
    for copies in copies_among(unique):
        gid = group_id(copies)
        out.update((article_id, gid) for article_id in copies)
    for article_id in unique:
        out.setdefault(article_id, group_id((article_id,)))
    return out


def stories_of(articles: Iterable[Article], stories: Stories) -> list[Story]:
    """The stories these articles belong to, in the stories' order (unknown ones left out)."""
    ids = {s.id for a in articles if (s := stories.story_of(a.id)) is not None}
    return [s for s in stories.stories if s.id in ids]


# --- the JSON document -------------------------------------------------------------------------


def fact_story(fact: Fact, stories: Stories | None) -> str | None:
    """The id of the story every claim of ``fact`` comes from; None when its claims span two
    stories (a marked selection across stories) or no grouping is known."""
    if stories is None:
        return None
    found = {s.id if (s := stories.story_of(a)) else None for a in fact.articles}
    return found.pop() if len(found) == 1 else None


def facts_document(
    facts: Iterable[Fact], articles: Sequence[Article], stories: Stories | None
) -> dict[str, Any]:
    """The `facts --json` document (DESIGN.md), each fact with its ``"story"``."""
    return {
        "articles": [a.summary() for a in articles],
        "facts": [{**f.to_json(), "story": fact_story(f, stories)} for f in facts],
    }
