"""`kzreader facts`: what each outlet says, fact by fact, with the verdicts."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kzreader.commands.base import (
    EXIT_EMPTY,
    EXIT_OK,
    VERDICT_STYLES,
    Context,
    console,
    print_json,
)
from kzreader.safetext import one_line
from kzreader.wording import plural

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from kzreader.facts import Fact


def cmd_facts(ctx: Context) -> int:
    from kzreader.facts import facts_for

    articles = list(ctx.library.articles)
    if ctx.args.articles:
        articles = []
        for article_id in ctx.args.articles:
            article = ctx.article(article_id, option="--articles")
            if article not in articles:
                articles.append(article)
    report = facts_for(articles, ctx.args.query, ctx.config.facts)
    if ctx.args.json:
        print_json(report.to_json())
        return EXIT_OK if report.facts else EXIT_EMPTY
    if not report.facts:
        what = f" matching {ctx.args.query!r}" if ctx.args.query else ""
        print(f"no facts{what} in {plural(len(articles), 'article')}", file=sys.stderr)
        return EXIT_EMPTY
    out = console()
    outlets = {a.id: a.outlet for a in report.articles}
    for fact in report.facts:
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

    from kzreader.wording import value_notes

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
    for claim, note in zip(fact.claims, value_notes(fact), strict=True):
        origin = first_of.setdefault(claim.source_group, claim.article)
        copy = f" (copy of {names[origin]})" if origin != claim.article else ""
        source = f" — according to {one_line(claim.attribution)}" if claim.attribution else ""
        who = Text.assemble(
            (names[claim.article], "bold"),
            (copy, "dim"),
            ": ",
            (one_line(claim.value), style),
            (f" ({note})" if note else "", "dim"),
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
