"""Compare, facts and "where do outlets differ": the main screen's entry points.

Each action works out what it covers (``selection``): the marked articles, else the search
hits while search is in use, else the story in view (the one under the cursor in the stories
list, or the open story), else the search hits, else the whole library.  The facts screen's
title names that scope; a story's copy groups go to the engine as its source groups.
"""

from __future__ import annotations

from collections.abc import Mapping
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
        return articles, f"{len(articles)} hits of “{query}”" if query else "search hits"

    def selection(self) -> Selection | None:
        """What ``f`` covers now (see the module's docstring); None for an empty library."""
        marked = self.marked_articles()
        if marked:
            return Selection(tuple(marked), _count(len(marked), "marked article"))
        hits, hits_scope = self._hit_articles()
        if hits and self.side == "search":
            return Selection(tuple(hits), hits_scope)
        story = self.story_in_view()
        if story is not None:
            articles = self.story_articles(story)
            title = f"story “{one_line(story.title)}”"
            return Selection(tuple(articles), title, self.story_groups(story), story)
        if hits:
            return Selection(tuple(hits), hits_scope)
        if self.library is not None and len(self.library):
            articles = tuple(self.library.articles)
            return Selection(articles, f"the library ({_count(len(articles), 'article')})")
        return None

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
        self.open_compare(articles)

    def _compare_story(self, story: Story) -> None:
        """The story's most independent reports (2-4) side by side."""
        articles = self.independent_reports(story, MAX_COMPARE)
        if len(articles) < 2:
            self.notify("This story has one report: nothing to compare it with.", title="Compare")
            return
        self.open_compare(articles)

    def action_facts(self) -> None:
        chosen = self.selection()
        if chosen is None or len(chosen.articles) < 2:
            self.notify("Facts need two or more articles from different outlets.", title="Facts")
            return
        self.open_facts(list(chosen.articles), scope=chosen.scope, groups=chosen.source_groups)

    def on_article_view_differ_requested(self, event: ArticleView.DifferRequested) -> None:
        self.open_differ(event.article, event.offset)

    # --- the screens -------------------------------------------------------------------------

    def open_compare(self, articles: list[Article]) -> None:
        """Show ``articles`` (2-4, in marking order) side by side: push the compare screen."""
        from kzreader.tui.screens.compare import CompareScreen

        screen: Any = self  # MainScreen: has app and config
        screen.app.push_screen(CompareScreen(articles, screen.config.facts))

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
                scope=scope,
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
        if marked:  # the reader chose what to compare against
            articles = [article, *marked]
        elif story is not None and len(story) > 1:  # the other reports of its story
            articles = self.story_articles(story)
        elif len(library) <= MAX_DIVERGENCE_ARTICLES:  # a small library is one story
            articles = library or [article]
        else:
            self.notify("Mark the articles to compare this sentence with (space).", title="Differ")
            return
        if article not in articles:
            articles = [article, *articles]
        screen.app.push_screen(DifferScreen(article, offset, articles, screen.config.facts))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
