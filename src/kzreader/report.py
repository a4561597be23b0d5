"""Markdown reports of a comparison and/or fact report: outlets, facts, verdicts, quoted sentences.

Pure text (no Textual, no Rich): the TUI's export writes what ``render_report`` returns.
"""

from __future__ import annotations

from collections.abc import Sequence

from kzreader.facts import Claim, Comparison, Fact, FactReport, Row
from kzreader.library import Article


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
        names[a.id] = name if len(name) <= width else name[: width - 1].rstrip() + "…"
    return names


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _inline(text: str) -> str:
    """Text safe inside Markdown emphasis and quotes (no stray emphasis markers)."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


def articles_section(articles: Sequence[Article]) -> list[str]:
    lines = ["## Articles", "", "| Outlet | Headline | Published | Id |", "|---|---|---|---|"]
    for a in articles:
        published = a.published.isoformat() if a.published else "—"
        lines.append(f"| {_cell(a.outlet)} | {_cell(a.title)} | {published} | `{a.id}` |")
    return [*lines, ""]


def quoted(claim: Claim) -> str:
    """The claim's sentence with its value in bold (as a Markdown quote line)."""
    start, end = claim.value_start - claim.start, claim.value_end - claim.start
    s = claim.sentence
    if 0 <= start < end <= len(s):
        return f"> {_inline(s[:start])}**{_inline(s[start:end])}**{_inline(s[end:])}"
    return f"> {_inline(s)}"


def fact_section(fact: Fact, names: dict[str, str]) -> list[str]:
    lines = [
        f"### {fact.verdict.upper()}: {_inline(fact.label)}",
        "",
        f"*{_inline(fact.reason)}*",
        "",
    ]
    for claim in fact.claims:
        source = f" (according to {_inline(claim.attribution)})" if claim.attribution else ""
        name = _inline(names.get(claim.article, claim.article))
        lines += [f"- **{name}**: {_inline(claim.value)}{source}", "", "  " + quoted(claim), ""]
    return lines


def facts_section(report: FactReport, names: dict[str, str]) -> list[str]:
    if not report.facts:
        return ["## Facts", "", "No fact is reported by two or more of these articles.", ""]
    counts: dict[str, int] = {}
    for f in report.facts:
        counts[f.verdict] = counts.get(f.verdict, 0) + 1
    summary = ", ".join(f"{n} {v}" for v, n in counts.items())
    lines = ["## Facts", "", f"{len(report.facts)} facts: {summary}.", ""]
    for fact in report.facts:
        lines += fact_section(fact, names)
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
) -> str:
    """Markdown for a comparison and/or a fact report (at least one must be given)."""
    if comparison is None and facts is None:
        raise ValueError("render_report needs a comparison or a fact report")
    articles = comparison.articles if comparison is not None else facts.articles  # type: ignore[union-attr]
    names = short_names(articles, width=60)
    lines = [f"# {_inline(title)}", ""]
    lines += articles_section(articles)
    if facts is not None:
        lines += facts_section(facts, names)
    if comparison is not None:
        lines += comparison_section(comparison, names)
    return "\n".join(lines).rstrip() + "\n"
