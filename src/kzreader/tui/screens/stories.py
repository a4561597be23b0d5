"""The main screen's stories: grouping in a worker, the stories list, an open story.

The left pane shows either the stories (``g``) or the article list; ``enter`` on a story
lists its articles (``escape`` or ``g`` goes back).  Grouping runs in a thread worker after
the library loads (``stories_for``: the stored grouping opens in well under a second, a cold
build of 20,000 articles takes tens of seconds), and the article list stays usable meanwhile.
When it is ready the pane switches to the stories, if the library holds more than one and the
reader has not started using the article list; otherwise a notification says where they are.
The disputed facts of each story on screen are counted in another worker, one story at a
time, and shown as they come.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Static
from textual.worker import get_current_worker

from kzreader.safetext import one_line
from kzreader.tui.messages import DisputedCounted, StoriesFailed, StoriesProgress, StoriesReady
from kzreader.tui.widgets.source_list import SourceList
from kzreader.tui.widgets.story_list import NOT_COUNTED, StoryList

if TYPE_CHECKING:
    from textual.screen import Screen

    from kzreader.config import FactsConfig
    from kzreader.library import Article, Library
    from kzreader.stories import Stories, Story

#: Stories bigger than this are not counted for the list (the facts screen refuses them too).
MAX_COUNTED = 200


def group_stories_in_worker(screen: Screen[None], library: Library) -> None:
    """Group ``library`` into stories in a thread; posts StoriesProgress, then StoriesReady."""

    def job() -> None:
        import sqlite3

        from kzreader.stories import stories_for  # in the worker: numpy/scipy load here

        def progress(done: int, total: int) -> None:
            screen.post_message(StoriesProgress(done, total))

        started = time.perf_counter()
        try:
            stories = stories_for(library, progress=progress)
        except (OSError, sqlite3.Error) as exc:  # the store on a full or read-only disk
            screen.post_message(StoriesFailed(f"{type(exc).__name__}: {exc}"))
            return
        screen.post_message(StoriesReady(stories, time.perf_counter() - started))

    screen.run_worker(
        job, name="stories", group="stories", thread=True, exclusive=True, exit_on_error=False
    )


def copy_outlets(stories: Stories) -> dict[str, str]:
    """article id -> the outlet of the report it copies: each copy group's first report (the
    oldest) is the original, every other member is a copy of it."""
    library = stories.library
    out: dict[str, str] = {}
    for story in stories.stories:
        for copies in story.copies:
            order = {article_id: n for n, article_id in enumerate(story.articles)}
            members = sorted(copies, key=lambda a: order.get(a, len(order)))
            original = library.get(members[0])
            if original is None:
                continue
            for article_id in members[1:]:
                out[article_id] = original.outlet
    return out


def count_disputed_in_worker(
    screen: Screen[None], stories: Stories, story_ids: Sequence[str], config: FactsConfig
) -> None:
    """Count each story's disputed facts (conflicts and updates), one story at a time, in
    order; posts DisputedCounted for each.  A newer request cancels this one between stories."""

    def job() -> None:
        from kzreader.stories import disputed_count

        worker = get_current_worker()
        for story_id in story_ids:
            if worker.is_cancelled:
                return
            story = stories.get(story_id)
            if story is None:
                continue
            count = NOT_COUNTED
            if 2 <= len(story.articles) <= MAX_COUNTED and len(story.outlets) >= 2:
                try:  # the facts cache: a story whose reports did not change is read, not computed
                    count = disputed_count(stories, story.id, config, cached=True)
                except (ValueError, TypeError, ArithmeticError, IndexError):
                    count = NOT_COUNTED  # the facts screen reports the engine's error itself
            screen.post_message(DisputedCounted(story_id, count))

    screen.run_worker(
        job, name="disputed", group="disputed", thread=True, exclusive=True, exit_on_error=False
    )


class StoriesMixin:
    """The main screen's stories view (mixed into MainScreen)."""

    config: Any
    library: Library | None
    query_one: Any
    notify: Any
    update_status: Any
    show_activity: Any
    apply_layout: Any
    save_first_page: Any
    activate: Any
    active: str
    app: Any

    stories: Stories | None
    story: Story | None
    left: str
    left_touched: bool
    stories_status: str
    _disputed_queue: list[str]
    _filters: dict[str, str]

    def init_stories(self) -> None:
        self.stories = None
        #: The story whose articles the article list shows (None: every article).
        self.story = None
        #: Which list the left pane shows: "articles" or "stories".
        self.left = "articles"
        #: The reader has used the article list (keys, a click, an open article, marks, a
        #: filter): ready stories then do not take the pane from under them.
        self.left_touched = False
        self.stories_status = ""
        self._disputed_queue = []
        self._filters = {}
        self._pending_story: str | None = None

    def left_list(self) -> SourceList | StoryList:
        return self.query_one(StoryList) if self.left == "stories" else self.query_one(SourceList)

    # --- grouping -----------------------------------------------------------------------------

    def start_grouping(self, library: Library) -> None:
        if self.stories is None:
            self.stories_status = "grouping stories"
        self.show_activity("stories", f"Grouping {len(library):,} articles into stories…")
        self.update_status()
        group_stories_in_worker(self, library)  # type: ignore[arg-type]

    def on_stories_progress(self, message: StoriesProgress) -> None:
        share = message.done / message.total if message.total else 1.0
        step = f"reading {share:.0%}" if message.done < message.total else "clustering"
        line = f"Grouping {message.total:,} articles into stories… {step}"
        if self.stories is None:
            self.query_one(StoryList).set_status(line)
        self.show_activity("stories", line)

    def on_stories_ready(self, message: StoriesReady) -> None:
        stories = message.stories
        if self.library is not None and stories.library is not self.library:
            return  # a newer library is being grouped: its stories come next
        first = self.stories is None
        self.stories = stories
        self.show_activity("stories", None)
        count = len(stories.stories)
        self.stories_status = f"{count:,} stor{'y' if count == 1 else 'ies'}"
        story_list = self.query_one(StoryList)
        story_list.forget_counts(self._changed_stories(story_list.stories, stories.stories))
        story_list.set_stories(stories.stories)
        self._count_queued()  # rows drawn before the stories were read (the first page)
        self.query_one(SourceList).set_copies(copy_outlets(stories))
        if self.story is not None:  # the open story, as it is now (it may have grown)
            again = self._same_story(self.story)
            if again is not None:
                self.show_story(again)
            else:
                self.close_story()
        if stories.warning:
            warning = one_line(stories.warning)
            self.notify(warning, title="Stories", severity="warning", markup=False)
        pending, self._pending_story = self._pending_story, None
        if first and pending is not None and stories.get(pending) is not None:
            self.open_story(stories.get(pending))  # type: ignore[arg-type]
        elif first and len(stories.stories) > 1:
            if not self.left_touched and self.left == "articles" and self.story is None:
                self.show_left("stories", focus=self.active == "library")
            elif self.left == "articles":
                self.notify(
                    f"{len(stories.stories):,} stories are ready: g shows them.",
                    title="Stories",
                    timeout=6,
                )
        elif first and self.left == "stories" and not self.left_touched:
            self.show_left("articles", focus=self.active == "library")  # one story: its articles
        self.update_status()
        self.save_first_page()

    def on_stories_failed(self, message: StoriesFailed) -> None:
        error = one_line(message.error)
        self.stories_status = "stories unavailable"
        self.show_activity("stories", None)
        self.query_one(StoryList).set_status(f"Stories unavailable: {error}")
        self.notify(error, title="Stories unavailable", severity="warning", markup=False)
        self.update_status()

    @staticmethod
    def _changed_stories(old: Sequence[Story], new: Sequence[Story]) -> list[str]:
        """Ids of stories whose reports changed (a new id is a new membership)."""
        kept = {s.id for s in new}
        return [s.id for s in old if s.id not in kept]

    def _same_story(self, story: Story) -> Story | None:
        """``story`` in the current grouping: by id, else the story of its first report."""
        if self.stories is None:
            return None
        found = self.stories.get(story.id)
        if found is None and story.articles:
            found = self.stories.story_of(story.articles[0])
        return found

    # --- the lazy disputed-facts column --------------------------------------------------------

    def on_story_list_counts_wanted(self, event: StoryList.CountsWanted) -> None:
        wanted = list(event.story_ids)
        self._disputed_queue = wanted + [s for s in self._disputed_queue if s not in wanted]
        self._count_queued()

    def _count_queued(self) -> None:
        """Count the queued stories' disputed facts; while the rows drawn are the last run's
        first page (no stories read yet), the queue waits for ``on_stories_ready``."""
        if self.stories is None or not self._disputed_queue:
            return
        self._disputed_queue = [s for s in self._disputed_queue if self.stories.get(s)]
        count_disputed_in_worker(self, self.stories, list(self._disputed_queue), self.config.facts)  # type: ignore[arg-type]

    def on_disputed_counted(self, message: DisputedCounted) -> None:
        if message.story_id in self._disputed_queue:
            self._disputed_queue.remove(message.story_id)
        self.query_one(StoryList).set_disputed(message.story_id, message.count)

    # --- switching and opening -----------------------------------------------------------------

    def show_left(self, which: str, focus: bool = True) -> None:
        """Show the stories or the article list in the left pane (the filter text of each is
        kept apart)."""
        if which == self.left:
            if focus:
                self.activate("library", self.left_list())
            return
        filter_input = self.query_one("#filter", Input)
        self._filters[self.left] = filter_input.value
        self.left = which
        stories, sources = self.query_one(StoryList), self.query_one(SourceList)
        stories.display = which == "stories"
        sources.display = which == "articles"
        self.query_one("#story-head", Static).display = which == "articles" and bool(self.story)
        with filter_input.prevent(Input.Changed):
            filter_input.value = self._filters.get(which, "")
        filter_input.placeholder = (
            "Filter stories (headline, outlets)"
            if which == "stories"
            else "Filter (words, outlet:, feed:, is:unread)"
        )
        self.apply_layout()
        if focus:
            self.activate("library", self.left_list())
        self.update_status()

    def action_toggle_stories(self) -> None:
        """``g``: the stories, or (from the stories) every article."""
        if self.left == "stories":
            self.close_story(focus=False)
            self.show_left("articles")
            return
        if self.story is not None:
            self.query_one(StoryList).select(self.story.id)
        if self.stories is None:
            status = self.stories_status or "grouping stories"
            note = f"The stories are not ready yet ({status})."
            self.notify(note, title="Stories", timeout=4, markup=False)
        self.show_left("stories")

    def on_story_list_opened(self, event: StoryList.Opened) -> None:
        self.open_story(event.story)

    def open_story(self, story: Story) -> None:
        """List ``story``'s articles in the left pane (from the stories list or the palette)."""
        if self.stories is None:  # a row of the first page: opened once the stories are read
            self._pending_story = story.id
            self.notify("Reading the stories…", timeout=2)
            return
        story = self._same_story(story) or story
        self.query_one(StoryList).select(story.id)
        self.show_story(story)
        self.show_left("articles")

    def show_story(self, story: Story) -> None:
        self.story = story
        self.query_one(SourceList).show_only(story.articles)
        head = self.query_one("#story-head", Static)
        head.update(self._story_head(story))
        head.display = self.left == "articles"
        self.update_status()

    @staticmethod
    def _story_head(story: Story) -> Any:
        from textual.content import Content

        reports = len(story.articles)
        outlets = len(story.outlets)
        about = f"{reports} report{'s' * (reports != 1)}, {outlets} outlet{'s' * (outlets != 1)}"
        return Content.assemble(
            Content.styled(f"◂ {about}: ", "dim"),
            Content.styled(one_line(story.title), "bold"),  # a headline: text, never markup
        )

    def close_story(self, focus: bool = False) -> None:
        """Back to every article in the article list."""
        if self.story is None:
            return
        self.story = None
        self.query_one(SourceList).show_only(None)
        self.query_one("#story-head", Static).display = False
        self.update_status()

    def leave_story(self) -> bool:
        """``escape`` in an open story's article list: back to the stories list."""
        if self.left != "articles" or self.story is None:
            return False
        self.query_one(StoryList).select(self.story.id)
        self.close_story()
        self.show_left("stories")
        return True

    # --- what the other actions read -----------------------------------------------------------

    def story_in_view(self) -> Story | None:
        """The story ``f`` and ``c`` act on: the one under the cursor in the stories list, or
        the open story."""
        if self.left == "stories":
            return self.query_one(StoryList).current_story
        return self.story

    def story_of_article(self, article_id: str) -> Story | None:
        return self.stories.story_of(article_id) if self.stories is not None else None

    def story_articles(self, story: Story) -> list[Article]:
        """The story's reports as library articles, oldest first."""
        library = self.library if self.library is not None else None
        if library is None:
            return []
        return [a for a in map(library.get, story.articles) if a is not None]

    def story_groups(self, story: Story) -> dict[str, str]:
        """article id -> source group id for one story: copies share their group's id."""
        from kzreader.stories import story_source_groups

        return story_source_groups(story)

    def independent_reports(self, story: Story, count: int) -> list[Article]:
        """The story's most independent reports (at most ``count``): what ``c`` compares."""
        if self.stories is None or self.library is None:
            return []
        ids = self.stories.independent(story.id, count)
        return [a for a in map(self.library.get, ids) if a is not None]
