"""Invented articles for the search tests: written as files with front matter."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def write_articles(
    folder: Path, articles: Iterable[tuple[str, str, str | None, str]], start: int = 0
) -> Path:
    """(title, outlet, ISO date or None, body) as ``NNNN.txt`` files with front matter."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, (title, outlet, date, body) in enumerate(articles, start):
        head = ["---", f"title: {title}", f"outlet: {outlet}"]
        if date:
            head.append(f"published: {date}")
        head.append("---")
        (folder / f"{number:04d}.txt").write_text("\n".join(head) + f"\n\n{body}\n", "utf-8")
    return folder


FILLER = (
    "The council met on Tuesday to discuss the budget for the coming year. "
    "Residents asked about road repairs, school places and the new library. "
)


def article_body(*sentences: str) -> str:
    """A plausible body: the sentences between paragraphs of filler."""
    return "\n\n".join([FILLER, *sentences, FILLER])
