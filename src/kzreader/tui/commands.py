"""Command palette providers: every kzreader action, every story, every article, and the
feed / outlet filters.

Themes come from Textual's own "Change theme" system command, which the app keeps (the theme
picked is kept across runs: ``tui/state.py``).
"""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from kzreader.safetext import visible

# (title, help, action on the main screen)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Search", "Search the library as you type (/)", "search"),
    (
        "Stories or articles",
        "Switch the left pane between stories and articles (g)",
        "toggle_stories",
    ),
    ("Refresh feeds", "Fetch every feed's new articles (r)", "refresh"),
    ("Open in the browser", "The article's web page, or show its URL (o)", "open_url"),
    ("Read / unread", "Mark the article read or unread (u)", "toggle_read"),
    ("Show only unread articles", "Filter the article list: is:unread", "filter_by('unread')"),
    ("Show every article", "Clear the article list's filter", "clear_filter"),
    ("Next hit", "Next match, then the next hit (n)", "next_hit"),
    ("Previous hit", "Previous match, then the previous hit (N)", "previous_hit"),
    ("Next pane", "Cycle between list, article and search (tab)", "cycle_pane"),
    ("Filter the source list", "Type to filter by outlet or headline (ctrl+f)", "filter"),
    ("Sort the source list", "By date, outlet or headline (s)", "sort_sources"),
    ("Mark article", "Mark or unmark the article under the cursor (space)", "mark_current"),
    ("Compare marked articles", "Two to four marked articles side by side (c)", "compare"),
    ("Facts", "What each outlet says, and where they diverge (f)", "facts"),
    ("Where do outlets differ?", "On the highlighted sentence of the article (d)", "differ"),
    ("Next sentence", "Move the highlighted sentence down (])", "sentence(1)"),
    ("Previous sentence", "Move the highlighted sentence up ([)", "sentence(-1)"),
    ("Widen the side pane", "Side pane 5% wider (>)", "resize_side(5)"),
    ("Narrow the side pane", "Side pane 5% narrower (<)", "resize_side(-5)"),
    ("Help", "Every key (?)", "app.help"),
)

MAX_ARTICLE_HITS = 50
MAX_STORY_HITS = 50
MAX_FILTER_HITS = 40


def plain_highlight(matcher: Matcher, text: str) -> Content:
    """``text`` as plain content with the fuzzy match highlighted.

    Not ``Matcher.highlight``: it parses its argument as markup, so a headline holding
    ``[@click=app.quit]`` would become a live action and one holding ``[/]`` would raise.
    """
    content = Content(visible(text))  # same length: the match offsets stay exact
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def plain_help(text: str) -> str:
    """A palette entry's help line as plain content.

    ``Hit.help`` is parsed as markup, except when it is already ``Content`` (returned as is,
    as ``Content.from_markup`` documents); Textual's ``escape`` misses ``[$var]`` and
    capitalised tags, so outside text goes in as ``Content``.
    """
    return cast("str", Content(visible(text)))


class ActionsProvider(Provider):
    """kzreader's actions, run on the screen the palette was opened from."""

    def _run(self, action: str) -> Any:
        return partial(self.screen.run_action, action)

    def _actions(self) -> tuple[tuple[str, str, str], ...]:
        """All of them on the main screen; elsewhere (compare, facts) only the app's own."""
        from kzreader.tui.screens.main import MainScreen

        if isinstance(self.screen, MainScreen):
            return ACTIONS
        return tuple(entry for entry in ACTIONS if entry[2].startswith("app."))

    async def discover(self) -> Hits:
        for title, help_text, action in self._actions():
            yield DiscoveryHit(title, self._run(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._run(action), help=help_text)


class ArticlesProvider(Provider):
    """Every article: type part of a headline or outlet to open it."""

    def _articles(self) -> tuple[Any, ...]:
        library = getattr(self.screen, "library", None)
        return library.articles if library is not None else ()

    def _open(self, article: Any) -> Any:
        screen: Any = self.screen  # the main screen
        return partial(screen.call_later, screen.open_article, article)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        needle = query.casefold().strip()
        found = 0
        for article in self._articles():
            label = f"{article.outlet}: {article.title}"
            if needle and needle not in label.casefold():
                continue  # a plain substring test first: cheap enough for 20,000 articles
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    plain_highlight(matcher, label),  # a headline is text, never markup
                    self._open(article),
                    text=label,
                    help=plain_help(f"Open {article.id}"),
                )
                found += 1
                if found >= MAX_ARTICLE_HITS:
                    return


class StoriesProvider(Provider):
    """Every story: type part of its headline or an outlet to open it."""

    def _stories(self) -> tuple[Any, ...]:
        stories = getattr(self.screen, "stories", None)
        return stories.stories if stories is not None else ()

    def _open(self, story: Any) -> Any:
        screen: Any = self.screen  # the main screen
        return partial(screen.call_later, screen.open_story, story)

    @staticmethod
    def _about(story: Any) -> str:
        reports, outlets = len(story.articles), len(story.outlets)
        when = story.last.strftime("%Y-%m-%d") if story.last else "undated"
        return (
            f"{reports} report{'s' * (reports != 1)}, "
            f"{outlets} outlet{'s' * (outlets != 1)}, last {when}"
        )

    async def discover(self) -> Hits:
        for story in self._stories()[:10]:  # the newest, before anything is typed
            label = f"Story: {story.title}"
            yield DiscoveryHit(
                Content(visible(label)), self._open(story), text=label,
                help=plain_help(self._about(story)),
            )  # fmt: skip

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        words = query.casefold().split()
        found = 0
        for story in self._stories():
            label = f"Story: {story.title}"
            haystack = f"{label} {' '.join(story.outlets)}".casefold()
            if words and not all(w in haystack for w in words):
                continue
            score = matcher.match(label)
            yield Hit(
                max(score, 0.01),
                plain_highlight(matcher, label),  # a headline is text, never markup
                self._open(story),
                text=label,
                help=plain_help(self._about(story)),
            )
            found += 1
            if found >= MAX_STORY_HITS:
                return


class FiltersProvider(Provider):
    """ "Show only OUTLET" and "Show only feed FEED": the article list filtered to one."""

    def _choices(self) -> list[tuple[str, str, str]]:
        """(label, field, value): each feed, then each outlet, in the library."""
        screen = self.screen
        library = getattr(screen, "library", None)
        if library is None or not hasattr(screen, "action_filter_by"):
            return []
        choices = [
            (f"Show only the feed {f.title or f.url}", "feed", f.url)
            for f in getattr(screen, "feeds", ())
        ]
        outlets = sorted({a.outlet for a in library.articles}, key=str.casefold)
        choices += [(f"Show only {outlet}", "outlet", outlet) for outlet in outlets]
        return choices

    def _run(self, field: str, value: str) -> Any:
        screen: Any = self.screen  # the main screen (see _choices)
        return partial(screen.action_filter_by, field, value)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        words = query.casefold().split()
        found = 0
        for label, field, value in self._choices():
            if words and not all(w in label.casefold() for w in words):
                continue
            score = matcher.match(label)
            if score > 0:
                help_text = f"Filter the article list: {field}:{value}"
                yield Hit(
                    score * 0.8,  # below an article or story the same words name
                    plain_highlight(matcher, label),  # outlets and feed titles: outside text
                    self._run(field, value),
                    text=label,
                    help=plain_help(help_text),
                )
                found += 1
                if found >= MAX_FILTER_HITS:
                    return
