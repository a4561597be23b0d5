"""`kzreader sources` and `kzreader show`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzreader.commands.base import EXIT_EMPTY, EXIT_OK, Context, console, print_json, when
from kzreader.safetext import visible
from kzreader.wording import plural

if TYPE_CHECKING:
    from rich.table import Table

    from kzreader.library import Article, Library


def cmd_sources(ctx: Context) -> int:
    library = ctx.library
    if ctx.args.json:
        print_json({"articles": [a.summary() for a in library]})
        return EXIT_OK if len(library) else EXIT_EMPTY
    out = console()
    if out.width >= 110:
        out.print(sources_table(library))
    else:  # narrow: one block per article, the title on its own line
        from rich.padding import Padding
        from rich.text import Text

        out.print(Text(plural(len(library), "article"), style="bold"))
        for a in library:
            out.print()
            head = Text(a.id, style="bold")
            head.append(f"  {a.outlet} · {when(a.published)}", style="dim")
            out.print(head)
            out.print(Padding(Text(a.title), (0, 0, 0, 2), expand=False))
    return EXIT_OK if len(library) else EXIT_EMPTY


def sources_table(library: Library) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=plural(len(library), "article"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=False,
    )
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("outlet", max_width=28, overflow="fold")
    table.add_column("published", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    for a in library:  # Text cells: a str cell would be parsed as markup ("[video]", "[/b]")
        table.add_row(Text(a.id), Text(a.outlet), when(a.published), Text(a.title))
    return table


def cmd_show(ctx: Context) -> int:
    article = ctx.article(ctx.args.id)
    if ctx.args.json:
        print_json(article.to_json())
        return EXIT_OK
    from rich.text import Text

    out = console()
    if not out.is_terminal:
        show_plain(article)
        return EXIT_OK
    width = min(out.width, 100)  # on a terminal, wrap to a readable measure
    for line, style in show_lines(article):
        if line is None:
            out.print()
        else:  # Text, not markup: a paragraph may contain [brackets]
            out.print(Text(line, style=style), width=width, soft_wrap=False)
    return EXIT_OK


def show_lines(article: Article) -> list[tuple[str | None, str]]:
    """What ``show`` prints, as (text, style) lines; None is an empty line."""
    meta = [article.outlet]
    if article.byline:
        meta.append(article.byline)
    if article.published:
        meta.append(when(article.published))
    lines: list[tuple[str | None, str]] = [
        (article.title, "bold"),
        (" · ".join(meta), "dim"),
        (article.url or article.file, "dim"),  # a stored article: where it came from
        (None, ""),
    ]
    for para in article.paragraphs:
        lines += [(para, ""), (None, "")]
    if article.captions:
        lines.append(("Captions", "bold dim"))
        lines += [(f"  {caption}", "dim") for caption in article.captions]
    return lines


def show_plain(article: Article) -> None:
    """``show`` into a pipe: one line per paragraph, what Rich prints there without styles, at a
    fraction of the cost (Rich took about 15 s for the 60,000 paragraphs of a 5 MB file)."""
    import sys

    write = sys.stdout.write
    for line, _style in show_lines(article):
        write("\n" if line is None else visible(line).expandtabs(8).rstrip() + "\n")
