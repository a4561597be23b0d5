"""Stories: every article of a library in exactly one story (one happening), and inside each
story the copy groups of reports that share source text.

    stories = stories_for(library)         # opens, updates or builds the stored grouping
    stories.stories        # Story(id, title, articles, outlets, first, last, copies), newest first
    stories.story_of(article_id)           # -> Story | None
    stories.source_groups()                # article id -> source group id
    stories.independent(story_id, count=4) # the story's most independent reports
    stories.matching("words")              # stories matching a query

No Textual or Rich here.  How it works: `vectors` (what an article says), `neighbours` (candidate
pairs from an inverted index, never all pairs), `cluster` (local scaling and average linkage),
`copies` (wire-copy lineage), `store` and `update` (the persisted, incremental grouping).
"""

from kzreader.stories.api import group_articles, stories_for
from kzreader.stories.model import Stories, Story, group_id, story_id

__all__ = ["Stories", "Story", "group_articles", "group_id", "stories_for", "story_id"]
