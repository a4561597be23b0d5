"""Markdown reports of a comparison and/or fact report: what was selected, the articles (with
their files or URLs, and which copies another's report), facts with their kind, verdict and
reason, quoted sentences, aligned rows.

Pure text (no Textual, no Rich): the TUI's export writes what ``render_report`` returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from kzreader.facts import Claim, Comparison, Fact, FactReport, Row
from kzreader.library import Article
from kzreader.wording import (
    copy_origins,
    fit,
    plural,
    report_groups,
    shown_value,
    value_notes,
    where_said,
)


def short_names(articles: Sequence[Article], width: int = 24) -> dict[str, str]:
    """A short label per article id: its outlet, or its headline when the outlet is unknown or
    shared by two of the articles."""
    counts: dict[str, int] = {}
    for a in articles:
        counts[a.outlet] = counts.get(a.outlet, 0) + 1
    names = {}
    for a in articles:
        known = a.outlet and a.outlet != "unknown" and counts[a.outlet] == 1
        name = a.outlet if known else (a.title or a.id)
        names[a.id] = fit(name, width, whole_words=False)  # never "1…" for "12 police"
    return names


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _inline(text: str) -> str:
    """Text safe inside Markdown emphasis and quotes (no stray emphasis markers)."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


def source_of(article: Article) -> str:
    """Where the article came from: its URL, else its file."""
    return article.url or str(article.path)


def articles_section(
    articles: Sequence[Article], copies: Mapping[str, str] | None = None
) -> list[str]:
    """The articles as a table: outlet, headline, date, URL or file, id, and the report each copy
    copies (the column only when some article is a copy)."""
    copies = copies or {}
    names = short_names(articles, width=60)
    head = "| Outlet | Headline | Published | URL or file | Id |"
    rule = "|---|---|---|---|---|"
    if copies:
        head, rule = head + " Copy of |", rule + "---|"
    lines = ["## Articles", "", head, rule]
    for a in articles:
        published = a.published.isoformat() if a.published else "—"
        line = (
            f"| {_cell(a.outlet)} | {_cell(a.title)} | {published} | {_cell(source_of(a))} "
            f"| `{_cell(a.id)}` |"
        )
        if copies:
            origin = copies.get(a.id)
            line += f" {_cell(names.get(origin, origin))} |" if origin else " — |"
        lines.append(line)
    return [*lines, ""]


def quoted(claim: Claim) -> str:
    """The claim's sentence with its value in bold (as a Markdown quote line)."""
    start, end = claim.value_start - claim.start, claim.value_end - claim.start
    s = claim.sentence
    if 0 <= start < end <= len(s):
        return f"> {_inline(s[:start])}**{_inline(s[start:end])}**{_inline(s[end:])}"
    return f"> {_inline(s)}"


def fact_section(
    fact: Fact, names: dict[str, str], copies: Mapping[str, str] | None = None
) -> list[str]:
    copies = copies or {}
    lines = [
        f"### {fact.verdict.upper()}: {_inline(fact.label)} ({fact.kind})",
        "",
        f"*{_inline(fact.reason)}*",
        "",
    ]
    for claim, note in zip(fact.claims, value_notes(fact), strict=True):
        source = f" (according to {_inline(claim.attribution)})" if claim.attribution else ""
        name = _inline(names.get(claim.article, claim.article))
        origin = copies.get(claim.article)
        copy = f" (copy of {_inline(names.get(origin, origin))})" if origin else ""
        value = _inline(shown_value(claim, note))
        part = where_said(claim)
        lines += [f"- **{name}**{copy}{part}: {value}{source}", "", "  " + quoted(claim), ""]
    return lines


def facts_section(
    report: FactReport, names: dict[str, str], copies: Mapping[str, str] | None = None
) -> list[str]:
    if not report.facts:
        return ["## Facts", "", "No fact is reported by two or more of these articles.", ""]
    counts: dict[str, int] = {}
    for f in report.facts:
        counts[f.verdict] = counts.get(f.verdict, 0) + 1
    summary = ", ".join(f"{n} {v}" for v, n in counts.items())
    lines = ["## Facts", "", f"{plural(len(report.facts), 'fact')}: {summary}.", ""]
    for fact in report.facts:
        lines += fact_section(fact, names, copies)
    return lines


def row_section(number: int, row: Row, names: dict[str, str]) -> list[str]:
    facts = ", ".join(f"{label} ({verdict})" for label, verdict in row.facts)
    head = f"**{number}.**"
    if sum(s is not None for s in row.sentences.values()) >= 2:
        head += f" similarity {row.similarity:.2f}"
    if facts:
        head += f" · facts: {_inline(facts)}"
    lines = [head, ""]
    for aid, sentence in row.sentences.items():
        text = _inline(sentence.text) if sentence is not None else "— (no matching sentence)"
        lines.append(f"- *{_inline(names.get(aid, aid))}*: {text}")
    return [*lines, ""]


def comparison_section(comparison: Comparison, names: dict[str, str]) -> list[str]:
    lines = ["## Aligned sentences", ""]
    for number, row in enumerate(comparison.rows, 1):
        lines += row_section(number, row, names)
    return lines


def render_report(
    comparison: Comparison | None = None,
    facts: FactReport | None = None,
    title: str = "kzreader report",
    *,
    selection: str = "",
    note: str = "",
    copies: Mapping[str, str] | None = None,
    when: datetime | None = None,
) -> str:
    """Markdown for a comparison and/or a fact report (at least one must be given).

    ``selection`` says which articles these are ("the marked articles", "the open story"),
    ``note`` what else the reader chose (a filter); ``copies`` (copy id -> the id of the article
    it copies) defaults to the copy groups the fact report's claims carry; ``when`` dates the
    report."""
    if comparison is None and facts is None:
        raise ValueError("render_report needs a comparison or a fact report")
    articles = comparison.articles if comparison is not None else facts.articles  # type: ignore[union-attr]
    if copies is None:
        copies = copy_origins(articles, report_groups(facts))
    names = short_names(articles, width=60)
    lines = [f"# {_inline(title)}", ""]
    sources = len(articles) - len(copies)
    counted = plural(len(articles), "article")
    if sources != len(articles):
        counted += f", {plural(sources, 'independent source')}"
    about = f"Selection: {_inline(selection)} ({counted})." if selection else f"{counted}."
    stamp = f" Exported {when:%Y-%m-%d %H:%M}." if when is not None else ""
    lines += [about + stamp, ""]
    if note:
        lines += [_inline(note), ""]
    lines += articles_section(articles, copies)
    if facts is not None:
        lines += facts_section(facts, names, copies)
    if comparison is not None:
        lines += comparison_section(comparison, names)
    return "\n".join(lines).rstrip() + "\n"
