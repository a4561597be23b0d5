"""Shared benchmark helper: read the JSONL corpus into `Article` records.

Each line of the corpus is one JSON object with ``id``, ``title``, ``outlet``, ``date`` (ISO date
or null) and ``body`` (one paragraph or sentence a line).  The article text is built the way the
library builds it (paragraphs joined by a blank line), so every offset means the same thing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import datetime
from pathlib import Path

from kzreader.library import Article, Library

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bulk" / "news.jsonl.gz"


def _open(path: Path):  # -> text stream
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def load_jsonl_articles(
    path: Path | str = DEFAULT_CORPUS, limit: int | None = None
) -> list[Article]:
    """The first ``limit`` articles (all when None) of a JSONL corpus; blank bodies are skipped."""
    path = Path(path)
    articles: list[Article] = []
    with _open(path) as lines:
        for number, line in enumerate(lines, 1):
            if limit is not None and len(articles) >= limit:
                break
            if not line.strip():
                continue
            record = json.loads(line)
            paragraphs = tuple(p.strip() for p in str(record.get("body") or "").split("\n"))
            paragraphs = tuple(p for p in paragraphs if p)
            if not paragraphs:
                continue
            article_id = str(record.get("id") or f"line-{number}")
            articles.append(
                Article(
                    id=article_id,
                    path=path / article_id,
                    outlet=str(record.get("outlet") or "unknown"),
                    title=str(record.get("title") or article_id),
                    published=_date(record.get("date")),
                    text="\n\n".join(paragraphs),
                    paragraphs=paragraphs,
                    sha256=hashlib.sha256(line.encode("utf-8")).hexdigest(),
                )
            )
    return articles


def corpus_library(path: Path | str = DEFAULT_CORPUS, limit: int | None = None) -> Library:
    """The corpus as a `Library` whose ``sources`` is the corpus file (it keys the index)."""
    return Library(tuple(load_jsonl_articles(path, limit)), sources=(Path(path),))
