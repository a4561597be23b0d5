"""Facts as readable blocks: verdict, kind, label and reason, then each outlet's sentence with its
value highlighted in the verdict's colour (and, where it helps, in the unit most outlets use), its
attribution, and which report it copies.  Used by the fact detail and differ views.

Colours are theme variables in Textual ``Content`` styles, so every theme reads well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.containers import VerticalGroup
from textual.content import Content
from textual.widgets import Static

from kzreader.facts import Fact, Verdict
from kzreader.safetext import one_line, visible
from kzreader.wording import value_notes, where_said

VERDICT_STYLES: dict[str, str] = {
    Verdict.CONFLICT: "$error bold",
    Verdict.UPDATE: "$warning bold",
    Verdict.VARIANT: "$accent bold",
    Verdict.COMPATIBLE: "$primary bold",
    Verdict.AGREE: "$success bold",
}


def verdict_style(verdict: str) -> str:
    return VERDICT_STYLES.get(verdict, "bold")


def verdict_content(verdict: str) -> Content:
    return Content.styled(verdict.upper(), verdict_style(verdict))


def fact_heading(fact: Fact) -> Content:
    """``CONFLICT  count · police officers killed — 8 vs 12``."""
    return Content.assemble(
        verdict_content(fact.verdict),
        "  ",
        Content.styled(f"{fact.kind} · ", "dim"),
        Content.styled(visible(fact.label), "bold"),
        " — ",
        visible(fact.reason),
    )


def copy_note(article_id: str, names: Mapping[str, str], copies: Mapping[str, str]) -> str:
    """``" (copy of Newser)"`` for a copy of another article's report, else ``""``."""
    origin = copies.get(article_id)
    return f" (copy of {one_line(names.get(origin, origin))})" if origin else ""


def claim_lines(
    fact: Fact, names: dict[str, str], copies: Mapping[str, str] | None = None
) -> list[tuple[Content, Content]]:
    """Per claim: (outlet, value, its unit note, attribution and copy note), (the sentence with
    the value highlighted).  ``copies``: copy id -> the id of the article it copies."""
    style = verdict_style(fact.verdict) + " underline"
    out = []
    for claim, note in zip(fact.claims, value_notes(fact), strict=True):
        source = f" — according to {claim.attribution}" if claim.attribution else ""
        who = Content.assemble(
            Content.styled(visible(names.get(claim.article, claim.article)), "bold"),
            Content.styled(visible(copy_note(claim.article, names, copies or {})), "dim"),
            Content.styled(where_said(claim), "dim"),
            ": ",
            Content.styled(visible(claim.value), style),
            Content.styled(f" ({note})", "dim") if note else "",
            Content.styled(visible(source), "italic"),
        )
        sentence = Content(visible(claim.sentence))  # same length: the value offsets hold
        start, end = claim.value_start - claim.start, claim.value_end - claim.start
        if 0 <= start < end <= len(claim.sentence):
            sentence = sentence.stylize(style, start, end)
        out.append((who, Content.assemble("“", sentence, "”")))
    return out


class ClaimsView(VerticalGroup):
    """Facts with their claims: a heading per fact, then each outlet's value and quoted sentence."""

    DEFAULT_CSS = """
    ClaimsView { width: 1fr; height: auto; padding: 0 1; }
    ClaimsView > .fact-heading { margin-top: 1; }
    ClaimsView > .claim-who { margin-top: 1; padding-left: 2; }
    ClaimsView > .claim-quote { padding-left: 4; }
    """

    def show_facts(
        self,
        facts: Sequence[Fact],
        names: dict[str, str],
        copies: Mapping[str, str] | None = None,
    ) -> None:
        widgets: list[Static] = []
        for fact in facts:
            widgets.append(Static(fact_heading(fact), classes="fact-heading"))
            for who, quote in claim_lines(fact, names, copies):
                widgets.append(Static(who, classes="claim-who"))
                widgets.append(Static(quote, classes="claim-quote"))
        self.remove_children()
        self.mount_all(widgets)

    @property
    def text(self) -> str:
        """The plain text shown (for tests and the benchmark)."""
        return "\n".join(str(w.render()) for w in self.query(Static))
