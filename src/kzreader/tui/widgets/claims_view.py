"""Facts as readable blocks: verdict, label and reason, then each outlet's sentence with its value
highlighted in the verdict's colour and its attribution.  Used by the fact detail and differ views.

Colours are theme variables in Textual ``Content`` styles, so every theme reads well.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalGroup
from textual.content import Content
from textual.widgets import Static

from kzreader.facts import Fact, Verdict
from kzreader.safetext import visible

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
    """``CONFLICT  police officers killed — 8 vs 12``."""
    return Content.assemble(
        verdict_content(fact.verdict),
        "  ",
        Content.styled(visible(fact.label), "bold"),
        " — ",
        visible(fact.reason),
    )


def claim_lines(fact: Fact, names: dict[str, str]) -> list[tuple[Content, Content]]:
    """Per claim: (outlet, value and attribution), (the sentence with the value highlighted)."""
    style = verdict_style(fact.verdict) + " underline"
    out = []
    for claim in fact.claims:
        source = f" — according to {claim.attribution}" if claim.attribution else ""
        who = Content.assemble(
            Content.styled(visible(names.get(claim.article, claim.article)), "bold"),
            ": ",
            Content.styled(visible(claim.value), style),
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

    def show_facts(self, facts: Sequence[Fact], names: dict[str, str]) -> None:
        widgets: list[Static] = []
        for fact in facts:
            widgets.append(Static(fact_heading(fact), classes="fact-heading"))
            for who, quote in claim_lines(fact, names):
                widgets.append(Static(who, classes="claim-who"))
                widgets.append(Static(quote, classes="claim-quote"))
        self.remove_children()
        self.mount_all(widgets)

    @property
    def text(self) -> str:
        """The plain text shown (for tests and the benchmark)."""
        return "\n".join(str(w.render()) for w in self.query(Static))
