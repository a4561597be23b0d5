"""Stories: every article of a library in exactly one story (one happening), and inside each
story the copy groups of reports that share source text.

    stories = stories_for(library)         # opens, updates or builds the stored grouping
    stories.stories        # Story(id, title, articles, outlets, first, last, copies), newest first
    stories.story_of(article_id)           # -> Story | None
    stories.source_groups()                # article id -> source group id
    stories.independent(story_id, count=4) # the story's most independent reports
    stories.matching("words")              # stories matching a query
    facts_of_story(stories, story_id)      # the facts engine on one story, copies as one source
    facts_by_story(stories, query)         # every story's facts, never across two stories

No Textual or Rich here.  How it works: `vectors` (what an article says), `neighbours` (candidate
pairs from an inverted index, never all pairs), `cluster` (local scaling and average linkage),
`copies` (wire-copy lineage), `store` and `update` (the persisted, incremental grouping),
`facts` (the facts engine story by story; it imports `kzreader.facts` lazily).
"""

from kzreader.stories.api import group_articles, stored_stories, stories_for
from kzreader.stories.facts import (
    StoryFacts,
    default_workers,
    disputed_count,
    fact_story,
    facts_by_story,
    facts_document,
    facts_of_story,
    selection_groups,
    stories_of,
    story_articles,
)
from kzreader.stories.model import Stories, Story, group_id, story_id, story_source_groups

__all__ = [
    "Stories",
    "Story",
    "StoryFacts",
    "default_workers",
    "disputed_count",
    "fact_story",
    "facts_by_story",
    "facts_document",
    "facts_of_story",
    "group_articles",
    "group_id",
    "selection_groups",
    "stored_stories",
    "stories_for",
    "stories_of",
    "story_articles",
    "story_id",
    "story_source_groups",
]
