"""The facts table: one row per fact, the verdict coloured, a column per outlet with its value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from kzreader.facts.model import VERDICTS, Fact
from kzreader.library import Article

MAX_OUTLET_COLUMNS = 6
"""With more articles than this, the values share one column ("outlet: value · ...")."""

FILTERS = ("all", "disputed", *VERDICTS)
"""What ``v`` cycles through: every fact, conflict+update, then each verdict alone."""


def keep(fact: Fact, verdict_filter: str) -> bool:
    if verdict_filter == "all":
        return True
    if verdict_filter == "disputed":
        return fact.verdict in ("conflict", "update")
    return fact.verdict == verdict_filter


class FactsTable(DataTable[Text]):
    """Rows keyed by the fact's position in the report, so a selection maps back to the fact."""

    DEFAULT_CSS = """
    FactsTable { height: 1fr; scrollbar-size-vertical: 1; }
    FactsTable > .facts-table--conflict { color: $error; text-style: bold; }
    FactsTable > .facts-table--update { color: $warning; text-style: bold; }
    FactsTable > .facts-table--variant { color: $accent; text-style: bold; }
    FactsTable > .facts-table--compatible { color: $primary; }
    FactsTable > .facts-table--agree { color: $success; }
    FactsTable > .facts-table--missing { color: $foreground 40%; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = DataTable.COMPONENT_CLASSES | {
        f"facts-table--{v}" for v in (*VERDICTS, "missing")
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Detail", id="facts_detail"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.articles: tuple[Article, ...] = ()
        self.names: dict[str, str] = {}

    def _verdict_style(self, verdict: str) -> str:
        return self.get_component_rich_style(f"facts-table--{verdict}", partial=True)  # type: ignore[return-value]

    def show(
        self,
        articles: Sequence[Article],
        names: dict[str, str],
        facts: Sequence[tuple[int, Fact]],
        narrow: bool,
    ) -> None:
        """Fill the table with ``facts`` (report index, fact), keeping the cursor at the top."""
        self.articles, self.names = tuple(articles), names
        self.clear(columns=True)
        per_outlet = len(self.articles) <= MAX_OUTLET_COLUMNS
        self.add_column("verdict", key="verdict")
        self.add_column("fact", key="fact", width=18 if narrow else 28)
        if per_outlet:
            for a in self.articles:
                self.add_column(Text(names[a.id][: 10 if narrow else 16], style="bold"), key=a.id)
        else:
            self.add_column("values", key="values", width=40)
        self.add_column("reason", key="reason")
        missing = self.get_component_rich_style("facts-table--missing", partial=True)
        for index, fact in facts:
            style = self._verdict_style(fact.verdict)
            values: dict[str, list[str]] = {}
            for c in fact.claims:
                values.setdefault(c.article, [])
                if c.value not in values[c.article]:
                    values[c.article].append(c.value)
            cells = [Text(fact.verdict, style=style), Text(fact.label, overflow="ellipsis")]
            if per_outlet:
                for a in self.articles:
                    got = values.get(a.id)
                    cells.append(
                        Text(", ".join(got), style=style) if got else Text("—", style=missing)
                    )
            else:
                joined = " · ".join(f"{names.get(k, k)}: {', '.join(v)}" for k, v in values.items())
                cells.append(Text(joined))
            cells.append(Text(fact.reason))
            self.add_row(*cells, key=str(index))
