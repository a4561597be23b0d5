"""The facts table: one row per fact, the verdict coloured, a column per outlet with its value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from kzreader.facts import DISPUTED, VERDICTS, Fact
from kzreader.library import Article
from kzreader.safetext import visible

MAX_OUTLET_COLUMNS = 6
"""With more articles than this, the values share one column ("outlet: value · ...")."""

REASON_MIN = 30

FILTERS = ("all", "disputed", *VERDICTS)
"""What ``v`` cycles through: every fact, conflict+update, then each verdict alone."""


def keep(fact: Fact, verdict_filter: str) -> bool:
    if verdict_filter == "all":
        return True
    if verdict_filter == "disputed":
        return fact.verdict in DISPUTED
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
    FactsTable > .facts-table--missing { text-style: dim; }
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
        self._shown: tuple[list[tuple[int, Fact]], int] | None = None
        self._styles_seen: tuple[object, ...] = ()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self.call_later(self._check_styles)  # component styles update after this call

    def _check_styles(self) -> None:
        styles = tuple(self._verdict_style(v) for v in VERDICTS)
        if styles != self._styles_seen:  # a new theme: the cells hold the old colours
            changed = bool(self._styles_seen)
            self._styles_seen = styles
            if changed:
                self._restyle()

    def _restyle(self) -> None:
        if self._shown is not None:
            row = self.cursor_row
            self.show(self.articles, self.names, *self._shown)
            self.move_cursor(row=row, animate=False)

    def _verdict_style(self, verdict: str) -> str:
        return self.get_component_rich_style(f"facts-table--{verdict}", partial=True)  # type: ignore[return-value]

    def show(
        self,
        articles: Sequence[Article],
        names: dict[str, str],
        facts: Sequence[tuple[int, Fact]],
        width: int,
    ) -> None:
        """Fill the table with ``facts`` (report index, fact) for a screen ``width`` columns wide:
        the reason takes the room the other columns leave (at least ``REASON_MIN``)."""
        narrow = width < 120
        self.articles, self.names = tuple(articles), names
        self._shown = (list(facts), width)
        self.clear(columns=True)
        per_outlet = len(self.articles) <= MAX_OUTLET_COLUMNS
        widths = [10, 18 if narrow else 28]
        self.add_column("verdict", key="verdict", width=widths[0])
        self.add_column("fact", key="fact", width=widths[1])
        pad = 2 * self.cell_padding
        spare = width - sum(w + pad for w in widths) - (REASON_MIN + pad) - 1
        outlet_width = 10 if narrow else max(8, min(16, spare // max(1, len(self.articles)) - pad))
        if per_outlet:
            for a in self.articles:
                widths.append(outlet_width)
                label = Text(visible(names[a.id][: widths[-1]]), style="bold")
                self.add_column(label, key=a.id, width=widths[-1])
        else:
            widths.append(40)
            self.add_column("values", key="values", width=widths[-1])
        room = width - sum(w + pad for w in widths) - pad - 1
        self.add_column("reason", key="reason", width=max(REASON_MIN, room))
        missing = self.get_component_rich_style("facts-table--missing", partial=True)
        for index, fact in facts:
            style = self._verdict_style(fact.verdict)
            values: dict[str, list[str]] = {}
            for c in fact.claims:
                values.setdefault(c.article, [])
                if c.value not in values[c.article]:
                    values[c.article].append(c.value)
            # Text cells (a str cell would be markup); visible(): no control reaches the terminal
            cells = [
                Text(fact.verdict, style=style),
                Text(visible(fact.label), overflow="ellipsis"),
            ]
            if per_outlet:
                for a in self.articles:
                    got = values.get(a.id)
                    cells.append(
                        Text(visible(", ".join(got)), style=style)
                        if got
                        else Text("—", style=missing)
                    )
            else:
                joined = " · ".join(f"{names.get(k, k)}: {', '.join(v)}" for k, v in values.items())
                cells.append(Text(visible(joined)))
            cells.append(Text(visible(fact.reason)))
            self.add_row(*cells, key=str(index))
