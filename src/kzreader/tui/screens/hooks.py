"""Compare, facts and "where do outlets differ": the main screen's entry points.

Each action works out what it covers (``selection``): the marked articles, else the search
hits while search is in use, else the story in view (the one under the cursor in the stories
list, or the open story), else the search hits, else the whole library.  The facts and compare
screens' titles name that scope ("Facts · the marked articles"; the screen adds the count),
and the library's copy groups go with the articles as their source groups, so copies of one
report never count as independent confirmation (the screens group the articles themselves
only while the stories are still being read).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from kzreader.safetext import one_line
from kzreader.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from kzreader.library import Article
    from kzreader.stories import Story

MAX_COMPARE = 4


class Selection(NamedTuple):
    """The articles an action covers, and what they are (for a title)."""

    articles: tuple[Article, ...]
    scope: str
    source_groups: Mapping[str, str] = {}
    story: Story | None = None


class HooksMixin:
    """Mixed into MainScreen (which provides ``library``, ``query_one``, ``notify`` and the
    stories mixin's ``story_in_view``/``story_articles``/``story_groups``)."""

    library: Any
    query_one: Any
    notify: Any
    side: str
    story_in_view: Any
    story_articles: Any
    story_groups: Any
    independent_reports: Any
    search_pane: Any

    def library_groups(self, articles: Sequence[Article]) -> dict[str, str] | None:
        """Article id -> source group over ``articles``: the library's copy groups (copies of
        one report share a group) when the stories are read, else None: the screen then finds
        the copies among the articles itself (``stories.selection_groups`` either way)."""
        stories = getattr(self, "stories", None)
        if stories is None:
            return None
        from kzreader.stories import selection_groups

        return selection_groups(articles, stories)

    def marked_articles(self) -> list[Article]:
        from kzreader.tui.widgets.source_list import SourceList

        marked = self.query_one(SourceList).marked
        articles = [self.library.get(i) for i in marked] if self.library is not None else []
        return [a for a in articles if a is not None]

    def _hit_articles(self) -> tuple[list[Article], str]:
        search = self.search_pane
        found = (search.article_of(hit) for hit in search.hits)
        articles = list({a.id: a for a in found if a is not None}.values())
        query = one_line(search.input.value) if search.is_mounted else ""
        return articles, f"the hits of “{query}”" if query else "the search hits"

    def selection(self) -> Selection | None:
        """What ``f`` covers now (see the module's docstring); None for an empty library."""
        marked = self.marked_articles()
        if marked:
            return self._chosen(marked, "the marked articles")
        hits, hits_scope = self._hit_articles()
        if hits and self.side == "search":
            return self._chosen(hits, hits_scope)
        story = self.story_in_view()
        if story is not None:
            articles = self.story_articles(story)
            return Selection(tuple(articles), story_scope(story), self.story_groups(story), story)
        if hits:
            return self._chosen(hits, hits_scope)
        if self.library is not None and len(self.library):
            return self._chosen(self.library.articles, "the library")
        return None

    def _chosen(self, articles: Sequence[Article], scope: str) -> Selection:
        return Selection(tuple(articles), scope, self.library_groups(articles) or {})

    def action_compare(self) -> None:
        articles = self.marked_articles()
        if not articles:
            story = self.story_in_view()
            if story is not None:
                self._compare_story(story)
                return
        if len(articles) < 2:
            self.notify(
                f"Mark two to four articles with space to compare them ({len(articles)} marked).",
                title="Compare",
            )
            return
        if len(articles) > MAX_COMPARE:
            self.notify(
                f"Compare shows at most {MAX_COMPARE} articles; {len(articles)} are marked.",
                title="Compare",
                severity="warning",
            )
            return
        self.open_compare(articles, "the marked articles", self.library_groups(articles))

    def _compare_story(self, story: Story) -> None:
        """The story's most independent reports (2-4) side by side."""
        articles = self.independent_reports(story, MAX_COMPARE)
        if len(articles) < 2:
            self.notify("This story has one report: nothing to compare it with.", title="Compare")
            return
        groups = self.story_groups(story)
        scope = f"the most independent reports of {story_scope(story)}"
        self.open_compare(articles, scope, {a.id: groups[a.id] for a in articles})

    def action_facts(self) -> None:
        chosen = self.selection()
        if chosen is None or len(chosen.articles) < 2:
            self.notify("Facts need two or more articles from different outlets.", title="Facts")
            return
        self.open_facts(list(chosen.articles), scope=chosen.scope, groups=chosen.source_groups)

    def on_article_view_differ_requested(self, event: ArticleView.DifferRequested) -> None:
        self.open_differ(event.article, event.offset)

    # --- the screens -------------------------------------------------------------------------

    def open_compare(
        self,
        articles: list[Article],
        scope: str = "",
        groups: Mapping[str, str] | None = None,
    ) -> None:
        """Show ``articles`` (2-4, in marking order) side by side: push the compare screen;
        ``scope`` names what they are, ``groups`` their source groups (None: found there)."""
        from kzreader.tui.screens.compare import CompareScreen

        screen: Any = self  # MainScreen: has app and config
        screen.app.push_screen(
            CompareScreen(articles, screen.config.facts, scope=scope, source_groups=groups)
        )

    def open_facts(
        self,
        articles: list[Article],
        query: str | None = None,
        scope: str | None = None,
        groups: Mapping[str, str] | None = None,
    ) -> None:
        """Show the facts table for ``articles``: push the facts screen, showing only the
        facts matching ``query`` when one is given; ``scope`` names what the articles are."""
        from kzreader.tui.screens.differ import MAX_DIVERGENCE_ARTICLES
        from kzreader.tui.screens.facts import FactsScreen

        if len(articles) > MAX_DIVERGENCE_ARTICLES:  # an archive is not one story
            self.notify(
                f"Facts compare one story: open a story (g), mark its articles or search first "
                f"({len(articles)} articles is too many).",
                title="Facts",
            )
            return
        screen: Any = self
        screen.app.push_screen(
            FactsScreen(
                articles,
                screen.config.facts,
                query=query,
                scope=scope or "",
                source_groups=groups or None,
            )
        )

    def open_differ(self, article: Article, offset: int) -> None:
        """Where do other outlets differ on the sentence of ``article`` at ``offset``?"""
        from kzreader.tui.screens.differ import MAX_DIVERGENCE_ARTICLES, DifferScreen

        screen: Any = self
        marked = [a for a in self.marked_articles() if a.id != article.id]
        library = list(self.library.articles) if self.library is not None else []
        story = screen.story_of_article(article.id)
        groups: Mapping[str, str] | None = None
        if marked:  # the reader chose what to compare against
            articles = [article, *marked]
        elif story is not None and len(story) > 1:  # the other reports of its story
            articles = self.story_articles(story)
            groups = self.story_groups(story)
        elif len(library) <= MAX_DIVERGENCE_ARTICLES:  # a small library is one story
            articles = library or [article]
        else:
            self.notify("Mark the articles to compare this sentence with (space).", title="Differ")
            return
        if article not in articles:
            articles = [article, *articles]
        if groups is None or article.id not in groups:
            groups = self.library_groups(articles)
        screen.app.push_screen(
            DifferScreen(article, offset, articles, screen.config.facts, source_groups=groups)
        )


def story_scope(story: Story) -> str:
    """``the story “Dam breach floods…”``: what ``f`` and ``c`` cover, for a screen's title."""
    return f"the story “{one_line(story.title)}”"
