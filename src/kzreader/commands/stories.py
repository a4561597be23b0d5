"""`kzreader stories`: the library grouped into stories, newest last report first.

QUERY keeps the stories in which every word of it appears, as a whole word in any case, in the
story's title, an outlet, or one of its articles' titles or texts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzreader.commands.base import (
    EXIT_EMPTY,
    EXIT_OK,
    Context,
    UsageError,
    console,
    print_json,
    warn,
    when,
)
from kzreader.wording import plural

if TYPE_CHECKING:
    from rich.text import Text

    from kzreader.stories import Stories, Story

#: Show a progress bar on stderr when a grouping from scratch reads at least this many articles.
PROGRESS_MIN = 500
#: How many story ids an unknown or ambiguous `--story` names.
KNOWN_IDS = 5


def open_stories(ctx: Context, rebuild: bool = False) -> Stories:
    """The library's stories (opened, updated or grouped, with a progress bar when that takes
    long); the store's warning, if any, shown once."""
    from kzreader.stories import stories_for

    library = ctx.library
    progress = GroupingProgress()
    try:
        stories = stories_for(library, rebuild=rebuild, progress=progress)
    finally:
        progress.close()
    if stories.warning:
        warn(stories.warning)
    return stories


def find_story(stories: Stories, wanted: str, option: str = "--story") -> Story:
    """The story with this id or unique id prefix; else a usage error naming a few ids."""
    found = stories.starting_with(wanted)
    if len(found) == 1:
        return found[0]
    if found:
        known = [s.id for s in found[:KNOWN_IDS]]
        what = "ambiguous"
    else:  # the newest stories with something to compare first
        known = [s.id for s in stories if len(s) > 1][:KNOWN_IDS]
        known += [s.id for s in stories if len(s) == 1][: KNOWN_IDS - len(known)]
        what = "unknown"
    hint = f" (try one of: {', '.join(known)})" if known else " (the library has no stories)"
    raise UsageError(f"{option}: {what} story id {wanted!r}{hint}")


def story_heading(story: Story, note: str = "") -> Text:
    """One line naming a story: id, reports, outlets, title (and what follows of it)."""
    from rich.text import Text

    n = len(story)
    line = Text(f"story {story.id}", style="bold")
    line.append(f" · {n} report{'s' if n != 1 else ''}, ", style="dim")
    m = len(story.outlets)
    line.append(f"{m} outlet{'s' if m != 1 else ''}", style="dim")
    if story.copies:
        line.append(f", {len(story.copies)} copy group{'s' if len(story.copies) > 1 else ''}",
                    style="dim")  # fmt: skip
    line.append(" · ", style="dim")
    line.append(story.title, style="bold")
    if note:
        line.append(f" · {note}", style="dim")
    return line


def cmd_stories(ctx: Context) -> int:
    stories = open_stories(ctx, rebuild=ctx.args.rebuild)
    query = ctx.args.query or ""
    selected = stories.matching(query)
    if ctx.args.json:
        print_json(stories.to_json(selected))
    else:
        stories_print(stories, selected, query)
    return EXIT_OK if selected else EXIT_EMPTY


def stories_print(stories: Stories, selected: list[Story], query: str) -> None:
    """One block per story: title; articles, outlets and dates; copy groups; article ids."""
    from rich.text import Text

    out = console()
    if not selected:
        out.print(Text(f"no stories match {query!r}" if query else "no stories"))
        return
    total = sum(len(s) for s in selected)
    head = f"{plural(len(selected), 'story', 'stories')}, {plural(total, 'article')}"
    if query:
        head += f" matching {query!r} (of {plural(len(stories), 'story', 'stories')})"
    out.print(Text(head, style="dim"))
    for story in selected:
        out.print()
        out.print(Text(story.title, style="bold"))
        out.print(_meta(story), soft_wrap=True)
        for group in story.copies:
            line = Text("   copies of one source: ", style="dim")
            line.append(" = ".join(group))
            out.print(line, soft_wrap=True)
        ids = Text("   ", style="dim")
        ids.append(", ".join(story.articles), style="dim")
        out.print(ids, soft_wrap=True)


def _meta(story: Story) -> Text:
    from rich.text import Text

    n = len(story)
    dates = (
        when(story.first)
        if story.first == story.last
        else (f"{when(story.first)} – {when(story.last)}")
    )
    line = Text(f"   {story.id} · {n} article{'s' if n != 1 else ''} · {dates} · ", style="dim")
    line.append(", ".join(story.outlets))
    return line


class GroupingProgress:
    """A Rich progress bar on stderr while a big library is grouped from scratch (or, with
    another ``label``, while something else counts up to at least ``minimum``)."""

    def __init__(self, label: str = "grouping into stories", minimum: int = PROGRESS_MIN) -> None:
        self._bar: Any = None
        self._task: Any = None
        self._label = label
        self._minimum = minimum

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < self._minimum:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(
                TextColumn(self._label),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
                auto_refresh=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(self._label, total=total)
        self._bar.update(self._task, completed=done, total=total, refresh=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
