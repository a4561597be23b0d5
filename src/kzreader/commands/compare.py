"""`kzreader compare`: two to four articles aligned sentence by sentence.

``--story ID`` compares the story's most independent reports (`Stories.independent`: one per
copy group, then the least alike), 2 to 4 of them.

On a terminal wide enough for a column per article the rows are a table; narrower, and into a
pipe or a file, each row is a numbered block, one line per article's sentence (never wrapped
when not a terminal: ``grep`` and ``less -S`` read them whole)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
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

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from kzreader.facts import Comparison, FactReport, Row
    from kzreader.library import Article


def cmd_compare(ctx: Context) -> int:
    ids = ctx.args.ids
    if getattr(ctx.args, "story", None):
        if ids:
            raise UsageError("compare takes article ids or --story, not both")
        chosen = story_reports(ctx)
        if chosen is None:
            return EXIT_EMPTY
        articles = chosen
    else:
        if not 2 <= len(ids) <= 4:
            raise UsageError(f"compare needs 2 to 4 article ids, got {len(ids)}")
        articles = [ctx.article(i) for i in ids]
    if len({a.id for a in articles}) != len(articles):
        raise UsageError("compare needs distinct articles (an id was given twice)")
    from kzreader.facts import compare_articles

    report = compare_facts(articles)
    comparison = compare_articles(articles, report)
    if ctx.args.json:
        print_json(comparison.to_json())
        return EXIT_OK
    print_comparison(console(), comparison, report)
    return EXIT_OK


COLUMN_MIN = 40
"""Cells a sentence column needs on a terminal before the rows are a table."""


def print_comparison(out: Console, comparison: Comparison, report: FactReport | None) -> None:
    """The table on a terminal with ``COLUMN_MIN`` cells per article (and room for the facts),
    else ``compare_blocks``: wrapped to a terminal, one line per sentence into a pipe."""
    from rich.padding import Padding
    from rich.text import Text

    wide = COLUMN_MIN * len(comparison.articles) + 24
    if out.is_terminal and out.width >= wide:
        out.print(compare_table(comparison, report))
        return
    from rich.table import Table

    for indent, letter, line in compare_blocks(comparison, report):
        if not line.plain:
            out.print()
        elif not out.is_terminal:
            lead = f"{' ' * indent}{letter}  " if letter else " " * indent
            out.print(Text(lead, style="bold") + line, soft_wrap=True)
        elif letter:  # the sentence wraps under itself, its letter hanging on the left
            grid = Table.grid(padding=(0, 2, 0, 0))
            grid.add_column(no_wrap=True, style="bold")
            grid.add_column(ratio=1)
            grid.add_row(letter, line)
            out.print(Padding(grid, (0, 0, 0, indent), expand=False))
        else:
            out.print(Padding(line, (0, 0, 0, indent), expand=False))


def compare_blocks(
    comparison: Comparison, report: FactReport | None = None
) -> list[tuple[int, str, Text]]:
    """(indent, letter, line) of the comparison as blocks: the title, a letter per article (its
    outlet, id, date and headline), then per row its number, similarity and facts and each
    article's sentence after its letter, differences marked as in the table; an empty line
    between rows."""
    from rich.text import Text

    ids = [a.id for a in comparison.articles]
    letters = {aid: chr(ord("A") + n) for n, aid in enumerate(ids)}
    lines: list[tuple[int, str, Text]] = [
        (0, "", Text("compare: " + " | ".join(ids), style="bold")),
    ]
    for a in comparison.articles:
        published = a.published.strftime("%Y-%m-%d %H:%M") if a.published else "undated"
        lines.append(
            (
                2,
                letters[a.id],
                Text.assemble(
                    (one_line(a.outlet), "bold"),
                    f" · {a.id} · {published} · ",
                    (one_line(a.title), "italic"),
                ),
            )
        )
    for number, row in enumerate(comparison.rows, 1):
        cells = row_cells(row, report)
        present = [aid for aid in ids if aid in cells]
        head = Text(f"{number}.", style="bold")
        if len(present) >= 2:
            head.append(f" similarity {row.similarity:.2f}", style="dim")
        else:
            head.append(f" only in {', '.join(letters[aid] for aid in present)}", style="dim")
        if row.facts:
            head.append(" · facts: ")
            for n, (label, verdict) in enumerate(row.facts):
                head.append(", " if n else "")
                head.append(verdict, style=VERDICT_STYLES.get(verdict, "bold"))
                head.append(f" {one_line(label)}")
        lines += [(0, "", Text("")), (0, "", head)]
        lines += [(2, letters[aid], cells[aid]) for aid in present]
    return lines


def row_cells(row: Row, report: FactReport | None) -> dict[str, Text]:
    """Each present sentence of ``row`` as Text: word differences against the row's first
    sentence (bold yellow replaced, green added, red struck out), divergent values underlined in
    their verdict's colour."""
    from rich.text import Text

    from kzreader.facts import word_opcodes

    present = [aid for aid, s in row.sentences.items() if s is not None]
    cells = {aid: Text(s.text) for aid, s in row.sentences.items() if s is not None}
    if len(present) >= 2:
        first = row.sentences[present[0]]
        assert first is not None
        for aid in present[1:]:
            other = row.sentences[aid]
            assert other is not None
            for tag, a0, a1, b0, b1 in word_opcodes(first.text, other.text):
                if tag in ("replace", "insert"):
                    style = "bold yellow" if tag == "replace" else "green"
                    cells[aid].stylize(style, b0, b1)
                if aid == present[1] and tag in ("replace", "delete"):
                    style = "bold yellow" if tag == "replace" else "red strike"
                    cells[present[0]].stylize(style, a0, a1)
    compare_mark_values(row, cells, report)
    return cells


def story_reports(ctx: Context) -> list[Article] | None:
    """``--story``: the story's 2-4 most independent reports (one per copy group, then the
    least alike); None, with a line on stderr, when the story has one report."""
    from kzreader.commands.stories import find_story, open_stories

    stories = open_stories(ctx)
    story = find_story(stories, ctx.args.story)
    chosen = stories.independent(story.id, 4)
    if len(chosen) < 2:
        print(f"story {story.id} has one report: nothing to compare", file=sys.stderr)
        return None
    how = " (one per source, the least alike)" if len(chosen) < len(story) else ""
    note(f"story {story.id}: comparing {len(chosen)} of its {len(story)} reports{how}")
    return [a for a in (ctx.library.get(i) for i in chosen) if a is not None]


def compare_facts(articles: Sequence[Article]) -> FactReport | None:
    """The facts engine's report for these articles, when the engine is installed; copies of
    one source among them (found among them: a few pairs) count as one source."""
    from kzreader.facts import facts_for
    from kzreader.stories import selection_groups

    try:
        return facts_for(articles, source_groups=selection_groups(articles, None))
    except Exception as exc:  # noqa: BLE001 - the comparison stands without facts; say why
        warn(f"facts unavailable for this comparison ({type(exc).__name__}: {exc})")
        return None


def compare_table(comparison: Comparison, report: FactReport | None = None) -> Table:
    """Aligned sentences in columns; word differences marked against the row's first sentence,
    values of divergent facts underlined in their verdict's colour."""
    from rich.table import Table
    from rich.text import Text

    table = Table(expand=True, show_lines=True, title_justify="left")
    table.title = Text("compare: " + " | ".join(a.id for a in comparison.articles))
    for a in comparison.articles:
        table.add_column(Text(f"{a.outlet}\n{a.id}", style="bold"), ratio=1, overflow="fold")
    with_facts = any(row.facts for row in comparison.rows)
    if with_facts:
        table.add_column("facts", max_width=24, overflow="fold")
    for row in comparison.rows:
        cells = row_cells(row, report)
        marks = Text()
        for label, verdict in row.facts:
            if marks:
                marks.append("\n")
            marks.append(verdict, style=VERDICT_STYLES.get(verdict, "bold"))
            marks.append(f" {label}", style="dim")
        blank = Text("·", style="dim")
        table.add_row(
            *(cells.get(a.id, blank) for a in comparison.articles), *([marks] if with_facts else [])
        )
    return table


def compare_mark_values(row: Row, cells: dict[str, Text], report: FactReport | None) -> None:
    """Underline, in the verdict's colour, each divergent fact's value inside the row's cells."""
    from kzreader.facts import DIVERGENT

    for fact in getattr(report, "facts", ()):
        if fact.verdict not in DIVERGENT:
            continue
        style = VERDICT_STYLES[fact.verdict] + " underline"
        for claim in fact.claims:
            sentence = row.sentences.get(claim.article)
            start, end = getattr(claim, "value_start", None), getattr(claim, "value_end", None)
            if sentence is None or start is None or end is None:
                continue
            if getattr(claim, "part", "text") != "text":
                continue  # a headline's or caption's offsets do not point into the body
            if sentence.start <= start < end <= sentence.end:
                cells[claim.article].stylize(style, start - sentence.start, end - sentence.start)
