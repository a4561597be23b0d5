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

if TYPE_CHECKING:
    from rich.table import Table

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
        out.print(facts_table(fact, outlets))
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
        print(f"no facts{what} in {len(articles)} articles", file=sys.stderr)
        return EXIT_EMPTY
    out = console()
    if len(spanned) == 1:
        out.print(story_heading(spanned[0], f"{len(articles)} marked"), soft_wrap=True)
    outlets = {a.id: a.outlet for a in report.articles}
    for fact in report.facts:
        out.print(facts_table(fact, outlets))
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
    if not results:
        what = f" matching {ctx.args.query!r}" if ctx.args.query else ""
        print(
            f"no facts{what} in {len(ctx.library)} articles"
            f" ({read} of {len(stories)} stories have two or more reports)",
            file=sys.stderr,
        )
        return EXIT_EMPTY
    out = console()
    count = sum(len(r.facts) for r in results)
    out.print(
        Text(f"{count} facts in {len(results)} stories ({read} of {len(stories)} stories have"
             " two or more reports; facts never compare two stories)", style="dim"),
        soft_wrap=True,
    )  # fmt: skip
    for result in results:
        out.print()
        out.print(story_heading(result.story), soft_wrap=True)
        outlets = {a.id: a.outlet for a in result.articles}
        for fact in result.facts:
            out.print(facts_table(fact, outlets))
    return EXIT_OK


def facts_table(fact: Fact, outlets: dict[str, str]) -> Table:
    """One fact as a Rich table: outlet, value, attribution, sentence with the value highlighted."""
    from rich.table import Table
    from rich.text import Text

    style = VERDICT_STYLES.get(fact.verdict, "bold")
    title = Text.assemble((fact.verdict.upper(), style), "  ", (fact.label, "bold"), "  ",
                          (fact.reason, "italic"))  # fmt: skip
    table = Table(title=title, title_justify="left", expand=True, show_lines=False)
    table.add_column("outlet", max_width=22, overflow="fold")
    table.add_column("value", max_width=16, overflow="fold", style=style)
    table.add_column("attribution", max_width=24, overflow="fold")
    table.add_column("sentence", ratio=1, overflow="fold")
    for claim in fact.claims:
        sentence = Text(claim.sentence)
        lo, hi = claim.value_start - claim.start, claim.value_end - claim.start
        if 0 <= lo < hi <= len(claim.sentence):
            sentence.stylize(style + " underline", lo, hi)
        outlet = outlets.get(claim.article, claim.article)
        label = outlet if outlet and outlet != "unknown" else claim.article
        # Text cells: a str cell would be parsed as markup, and these come from the articles
        table.add_row(Text(label), Text(claim.value), Text(claim.attribution or "-"), sentence)
    return table
