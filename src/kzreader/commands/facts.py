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

if TYPE_CHECKING:
    from rich.table import Table

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
    out = console()
    if not report.facts:
        what = f" matching {ctx.args.query!r}" if ctx.args.query else ""
        print(f"no facts{what} in {len(articles)} articles", file=sys.stderr)
        return EXIT_EMPTY
    outlets = {a.id: a.outlet for a in report.articles}
    for fact in report.facts:
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
