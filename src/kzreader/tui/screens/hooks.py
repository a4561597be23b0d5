"""Compare, facts and "where do outlets differ": the main screen's entry points.

The screens themselves belong to issue 6.  Each action checks what it needs (marked articles,
an open article) and calls ONE hook method; fill in ``open_compare``, ``open_facts`` and
``open_differ`` to push the real screens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzreader.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from kzreader.library import Article

MAX_COMPARE = 4


class HooksMixin:
    """Mixed into MainScreen (which provides ``library``, ``query_one`` and ``notify``)."""

    library: Any
    query_one: Any
    notify: Any

    def marked_articles(self) -> list[Article]:
        from kzreader.tui.widgets.source_list import SourceList

        marked = self.query_one(SourceList).marked
        articles = [self.library.get(i) for i in marked] if self.library is not None else []
        return [a for a in articles if a is not None]

    def action_compare(self) -> None:
        articles = self.marked_articles()
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

    def action_facts(self) -> None:
        from kzreader.tui.widgets.search_pane import SearchPane

        articles = self.marked_articles()
        if not articles:
            search = self.query_one(SearchPane)
            found = (search.article_of(hit) for hit in search.hits)
            articles = [a for a in found if a is not None]
        if not articles and self.library is not None:
            articles = list(self.library.articles)
        if len(articles) < 2:
            self.notify("Facts need two or more articles from different outlets.", title="Facts")
            return
        self.open_facts(articles)

    def on_article_view_differ_requested(self, event: ArticleView.DifferRequested) -> None:
        self.open_differ(event.article, event.offset)

    # --- the hooks issue 6 fills in ----------------------------------------------------------

    def open_compare(self, articles: list[Article]) -> None:
        """Show ``articles`` (2-4, in marking order) side by side: push the compare screen."""
        from kzreader.tui.screens.compare import CompareScreen

        screen: Any = self  # MainScreen: has app and config
        screen.app.push_screen(CompareScreen(articles, screen.config.facts))

    def open_facts(self, articles: list[Article], query: str | None = None) -> None:
        """Show the facts table for ``articles``: push the facts screen,
        showing only the facts matching ``query`` when one is given."""
        from kzreader.tui.screens.differ import MAX_DIVERGENCE_ARTICLES
        from kzreader.tui.screens.facts import FactsScreen

        if len(articles) > MAX_DIVERGENCE_ARTICLES:  # an archive is not one story
            self.notify(
                f"Facts compare one story: mark its articles or search first "
                f"({len(articles)} articles is too many).",
                title="Facts",
            )
            return
        screen: Any = self
        screen.app.push_screen(FactsScreen(articles, screen.config.facts, query=query))

    def open_differ(self, article: Article, offset: int) -> None:
        """Where do other outlets differ on the sentence of ``article`` at ``offset``?"""
        from kzreader.tui.screens.differ import MAX_DIVERGENCE_ARTICLES, DifferScreen

        screen: Any = self
        marked = [a for a in self.marked_articles() if a.id != article.id]
        library = list(self.library.articles) if self.library is not None else []
        if marked:  # the reader chose what to compare against
            articles = [article, *marked]
        elif len(library) <= MAX_DIVERGENCE_ARTICLES:  # a small library is one story
            articles = library or [article]
        else:
            self.notify("Mark the articles to compare this sentence with (space).", title="Differ")
            return
        screen.app.push_screen(DifferScreen(article, offset, articles, screen.config.facts))
