"""`kzreader sources` and `kzreader show`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzreader.commands.base import EXIT_EMPTY, EXIT_OK, Context, console, print_json, when

if TYPE_CHECKING:
    from rich.table import Table

    from kzreader.library import Library


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

        out.print(Text(f"{len(library)} articles", style="bold"))
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

    table = Table(
        title=f"{len(library)} articles", title_justify="left", box=box.SIMPLE_HEAD, expand=False
    )
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("outlet", max_width=28, overflow="fold")
    table.add_column("published", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    for a in library:
        table.add_row(a.id, a.outlet, when(a.published), a.title)
    return table


def cmd_show(ctx: Context) -> int:
    article = ctx.article(ctx.args.id)
    if ctx.args.json:
        print_json(article.to_json())
        return EXIT_OK
    from rich.text import Text

    out = console()
    # on a terminal, wrap to a readable measure; in a pipe, one line per paragraph
    width = min(out.width, 100) if out.is_terminal else None
    soft = width is None

    def emit(text: Text) -> None:
        out.print(text, width=width, soft_wrap=soft)

    emit(Text(article.title, style="bold"))
    meta = [article.outlet]
    if article.byline:
        meta.append(article.byline)
    if article.published:
        meta.append(when(article.published))
    emit(Text(" · ".join(meta), style="dim"))
    emit(Text(article.url or article.file, style="dim"))  # a stored article: where it came from
    out.print()
    for para in article.paragraphs:
        emit(Text(para))  # Text, not markup: a paragraph may contain [brackets]
        out.print()
    if article.captions:
        emit(Text("Captions", style="bold dim"))
        for caption in article.captions:
            emit(Text(f"  {caption}", style="dim"))
    return EXIT_OK
