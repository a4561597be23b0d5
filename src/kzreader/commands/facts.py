"""`kzreader facts`: what each outlet says, fact by fact, with the verdicts.

The selection: ``--story ID`` (one story), ``--articles ID...`` (exactly those, even from two
stories: the user asked for them; a note says so), or the whole library story by story: claims
of two stories are never one fact, and stories of one report are skipped.  Copy groups reach the
facts engine as source groups every time (`kzreader.stories`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kzreader.commands.base import (
    EXIT_EMPTY,
    EXIT_OK,
    VERDICT_STYLES,
    Context,
    UsageError,
    console,
    note,
    print_json,
    warn,
)
from kzreader.safetext import one_line
from kzreader.wording import plural

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from kzreader.facts import Fact
    from kzreader.library import Article

#: Show a progress bar on stderr when facts are read in at least this many stories.
PROGRESS_MIN_STORIES = 300


def cmd_facts(ctx: Context) -> int:
    """Facts of one story (``--story``), of marked articles (``--articles``), or of every story
    of the library, story by story (never across two stories)."""
    if ctx.args.story and ctx.args.articles:
        raise UsageError("facts takes --story or --articles, not both (a story is a selection)")
    if ctx.args.story:
        return _story_facts(ctx)
    if ctx.args.articles:
        return _marked_facts(ctx)
    return _library_facts(ctx)


def _story_facts(ctx: Context) -> int:
    from kzreader.commands.stories import find_story, open_stories, story_heading
    from kzreader.stories import facts_document, facts_of_story

    stories = open_stories(ctx)
    story = find_story(stories, ctx.args.story)
    report = facts_of_story(
        stories, story.id, ctx.args.query, ctx.config.facts, cached=True, on_warning=warn
    )
    if ctx.args.json:
        print_json(facts_document(report.facts, report.articles, stories))
        return EXIT_OK if report.facts else EXIT_EMPTY
    if not report.facts:
        what = f" matching {ctx.args.query!r}" if ctx.args.query else ""
        why = ": it has one report" if len(story) == 1 else f" ({len(story)} reports)"
        print(f"no facts{what} in story {story.id}{why}", file=sys.stderr)
        return EXIT_EMPTY
    out = console()
    out.print(story_heading(story), soft_wrap=True)
    outlets = {a.id: a.outlet for a in report.articles}
    for fact in report.facts:
        print_fact(out, fact, outlets)
    return EXIT_OK


def _marked_facts(ctx: Context) -> int:
    """Facts among exactly the marked articles, as asked, even across stories (a note says
    so); their copy groups from the stored grouping when it is current, else found among
    them (the library is never grouped for this)."""
    from kzreader.commands.stories import story_heading
    from kzreader.facts import facts_for
    from kzreader.stories import facts_document, selection_groups, stored_stories, stories_of

    articles: list[Article] = []
    for article_id in ctx.args.articles:
        article = ctx.article(article_id, option="--articles")
        if article not in articles:
            articles.append(article)
    stories = stored_stories(ctx.library)
    spanned = stories_of(articles, stories) if stories is not None else []
    if len(spanned) > 1:
        listed = "; ".join(
            f"{s.id}: {', '.join(a.id for a in articles if a.id in s.articles)}" for s in spanned
        )
        note(
            f"the {len(articles)} marked articles belong to {len(spanned)} stories ({listed});"
            " their facts are compared across stories, as asked"
        )
    groups = selection_groups(articles, stories)
    report = facts_for(articles, ctx.args.query, ctx.config.facts, groups)
    if ctx.args.json:
        print_json(facts_document(report.facts, report.articles, stories))
        return EXIT_OK if report.facts else EXIT_EMPTY
    if not report.facts:
        what = f" matching {ctx.args.query!r}" if ctx.args.query else ""
        print(f"no facts{what} in {plural(len(articles), 'article')}", file=sys.stderr)
        return EXIT_EMPTY
    out = console()
    if len(spanned) == 1:
        out.print(story_heading(spanned[0], f"{len(articles)} marked"), soft_wrap=True)
    outlets = {a.id: a.outlet for a in report.articles}
    for fact in report.facts:
        print_fact(out, fact, outlets)
    return EXIT_OK


def _library_facts(ctx: Context) -> int:
    """Every story's facts, story by story, under a heading per story."""
    from rich.text import Text

    from kzreader.commands.stories import GroupingProgress, open_stories, story_heading
    from kzreader.stories import default_workers, facts_by_story, facts_document

    stories = open_stories(ctx)
    progress = GroupingProgress("facts, story by story", minimum=PROGRESS_MIN_STORIES)
    try:
        results = facts_by_story(
            stories,
            ctx.args.query,
            ctx.config.facts,
            workers=default_workers(),
            progress=progress,
            cached=True,
            on_warning=warn,
        )
    finally:
        progress.close()
    if ctx.args.json:
        every = [f for r in results for f in r.facts]
        print_json(facts_document(every, ctx.library.articles, stories))
        return EXIT_OK if results else EXIT_EMPTY
    read = sum(len(s) > 1 for s in stories)
    have = f"stories with two or more reports: {read} of {len(stories)}"
    if not results:
        what = f" matching {ctx.args.query!r}" if ctx.args.query else ""
        print(f"no facts{what} in {plural(len(ctx.library), 'article')} ({have})", file=sys.stderr)
        return EXIT_EMPTY
    out = console()
    count = sum(len(r.facts) for r in results)
    out.print(
        Text(f"{plural(count, 'fact')} in {plural(len(results), 'story', 'stories')} ({have};"
             " facts never compare two stories)", style="dim"),
        soft_wrap=True,
    )  # fmt: skip
    for result in results:
        out.print()
        out.print(story_heading(result.story), soft_wrap=True)
        outlets = {a.id: a.outlet for a in result.articles}
        for fact in result.facts:
            print_fact(out, fact, outlets)
    return EXIT_OK


def print_fact(out: Console, fact: Fact, outlets: dict[str, str]) -> None:
    """Print one fact: on a terminal wrapped to its width, each sentence indented under its
    outlet; into a pipe or a file one line per heading, outlet and sentence, never wrapped
    (``grep`` and ``less -S`` read them whole)."""
    from rich.padding import Padding
    from rich.text import Text

    if not out.is_terminal:
        for indent, line in fact_lines(fact, outlets):
            out.print(Text(" " * indent) + line, soft_wrap=True)
        out.print()
        return
    for indent, line in fact_lines(fact, outlets):
        out.print(Padding(line, (0, 0, 0, indent), expand=False))
    out.print()


def fact_lines(fact: Fact, outlets: dict[str, str]) -> list[tuple[int, Text]]:
    """(indent, line) of one fact: ``CONFLICT  police officers killed (count) — 8 vs 12``, then
    per claim ``RFE/RL: eight — according to Interior Ministry`` (``(copy of ...)`` after an
    outlet whose article copies another's report) and its sentence with the value underlined.
    Text lines, never markup: every part comes from the articles."""
    from rich.text import Text

    from kzreader.wording import value_notes, where_said

    style = VERDICT_STYLES.get(fact.verdict, "bold")
    names = {aid: _outlet_label(aid, outlets) for aid in fact.articles}
    first_of: dict[str, str] = {}
    lines = [
        (
            0,
            Text.assemble(
                (fact.verdict.upper(), style),
                "  ",
                (one_line(fact.label), "bold"),
                (f" ({fact.kind})", "dim"),
                " — ",
                (one_line(fact.reason), "italic"),
            ),
        )
    ]
    for claim, unit_note in zip(fact.claims, value_notes(fact), strict=True):
        origin = first_of.setdefault(claim.source_group, claim.article)
        copy = f" (copy of {names[origin]})" if origin != claim.article else ""
        source = f" — according to {one_line(claim.attribution)}" if claim.attribution else ""
        who = Text.assemble(
            (names[claim.article], "bold"),
            (copy, "dim"),
            (where_said(claim), "dim"),
            ": ",
            (one_line(claim.value), style),
            (f" ({unit_note})" if unit_note else "", "dim"),
            (source, "italic"),
        )
        sentence = Text(one_line(claim.sentence))
        lo, hi = claim.value_start - claim.start, claim.value_end - claim.start
        if 0 <= lo < hi <= len(claim.sentence) and sentence.plain == claim.sentence:
            sentence.stylize(style + " underline", lo, hi)
        lines += [(2, who), (6, sentence)]
    return lines


def _outlet_label(article_id: str, outlets: dict[str, str]) -> str:
    """The outlet when known and unique among the fact's articles, else the article id."""
    outlet = outlets.get(article_id, "")
    shared = sum(o == outlet for o in outlets.values()) > 1
    return one_line(outlet) if outlet and outlet != "unknown" and not shared else article_id
