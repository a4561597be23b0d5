"""The facts table: one row per fact, its verdict coloured, its kind, what each outlet says.

The columns fit the screen (``plan_columns``): verdict, kind, fact, then a column per outlet when
they fit (copies of another report marked ``↳`` and dimmed), else one column of the distinct
values when that fits, then the reason.  Every cell is cut by ``wrapping.fit``: after a whole
word with an ellipsis, never inside a number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from kzreader.facts import DISPUTED, VERDICTS, Fact
from kzreader.library import Article
from kzreader.safetext import one_line
from kzreader.tui.widgets.wrapping import fit, fit_values
from kzreader.wording import grouped_values, shown_value, value_notes

MAX_OUTLET_COLUMNS = 6
"""With more articles than this, the values share one column ("eight ×4 · Twelve")."""

COPY_MARK = "↳"
"""Before the name of an article that copies another's report (same source group)."""

FILTERS = ("all", "disputed", *VERDICTS)
"""What ``v`` cycles through: every fact, conflict+update, then each verdict alone."""

PAD = 2  # a DataTable cell's padding, both sides
VERDICT_WIDTH = 10  # "compatible"
LABEL_MIN, LABEL_NARROW, LABEL_SHORT, LABEL_MAX = 16, 20, 24, 32
REASON_MIN, REASON_SHORT = 20, 40
OUTLET_MIN, OUTLET_SHORT, OUTLET_MAX = 12, 18, 32
VALUES_NARROW, VALUES_MIN, VALUES_SHORT, VALUES_MAX = 16, 24, 36, 48


def keep(fact: Fact, verdict_filter: str, kind_filter: str = "all") -> bool:
    """Whether ``fact`` passes the verdict filter (one of ``FILTERS``) and the kind filter
    ("all" or a ``Kind``)."""
    if kind_filter != "all" and fact.kind != kind_filter:
        return False
    if verdict_filter == "all":
        return True
    if verdict_filter == "disputed":
        return fact.verdict in DISPUTED
    return fact.verdict == verdict_filter


@dataclass(frozen=True)
class Plan:
    """Column widths (content cells, padding apart) for one screen width."""

    kind: int
    label: int
    outlets: tuple[int, ...]  # one per article, or () when the values share a column
    values: int  # the shared values column (0: none)
    reason: int  # 0: no reason column (the values stand in for it)


def plan_columns(
    width: int,
    kind: int,
    label: int,
    reason: int,
    outlets: Sequence[int] = (),
    values: int = 0,
    names: Sequence[int] = (),
    bare: int = 0,
) -> Plan:
    """Widths that fit ``width`` cells (less one for the scrollbar), given the widest kind, fact
    label and reason, the widest values of each outlet column (``outlets``, when there are few
    enough articles) and their names (``names``), and the widest shared values cell (with the
    unit notes; ``bare`` without them).

    Per-outlet columns when each gets ``OUTLET_MIN``, else the shared values column when it gets
    ``VALUES_MIN`` beside the reason, else the values in place of the reason (``reason`` 0: the
    detail line below gives it).  Spare cells go in
    turn: the fact label up to ``LABEL_SHORT``, the values up to ``OUTLET_SHORT`` (a shared
    column ``VALUES_SHORT``), the reason up to ``REASON_SHORT``, the rest of the label and of
    the values, the outlets' names, then the rest of the reason.  On a
    screen too narrow for the minimums the reason, then the label, give way (to 8 cells each)."""
    label_min, reason_min = min(label, LABEL_MIN), min(reason, REASON_MIN)
    label_max = min(label, LABEL_MAX)

    def room(extra_columns: int) -> int:
        return width - 1 - PAD * (4 + extra_columns) - VERDICT_WIDTH - kind

    ideal = [min(max(w, OUTLET_MIN), OUTLET_MAX) for w in outlets]
    names = [*names[: len(ideal)], *ideal[len(names) :]]  # a name's width, or its values'
    named = [min(max(n, i), OUTLET_MAX) for n, i in zip(names, ideal, strict=True)]
    mins = [OUTLET_MIN] * len(ideal)
    shared = not ideal or room(len(ideal)) - sum(mins) < label_min + reason_min
    if shared and room(1) - VALUES_MIN < label_min + reason_min:
        # too narrow for values and reason: the values stand in for the reason (the detail
        # line below gives it); "eight ×4 · Twelve" says more in few cells than "8 vs 12"
        total = room(0)
        wanted = min(max(bare or values, VALUES_NARROW), VALUES_MAX)  # notes only if room
        # the label up to LABEL_SHORT while the values keep VALUES_MIN, at least LABEL_NARROW
        label_w = min(label_max, LABEL_SHORT, max(LABEL_NARROW, total - VALUES_MIN))
        label_w = max(label_w, min(label_max, total - wanted))
        label_w = max(8, min(label_w, total - VALUES_NARROW))  # unless the values lack theirs
        return Plan(kind, label_w, (), max(8, total - label_w), 0)
    if shared:  # one column of values, when it fits
        ideal, mins = [min(max(values, VALUES_MIN), VALUES_MAX)], [VALUES_MIN]
        named = ideal
    spare = room(len(ideal)) - sum(mins) - label_min - reason_min

    def grow(current: int, target: int) -> int:
        nonlocal spare
        step = max(0, min(spare, target - current))
        spare -= step
        return current + step

    label_w = grow(label_min, min(label_max, LABEL_SHORT))
    short = VALUES_SHORT if shared else OUTLET_SHORT
    middle = [grow(low, min(high, short)) for low, high in zip(mins, ideal, strict=True)]
    reason_w = grow(reason_min, min(reason, REASON_SHORT))
    label_w = grow(label_w, label_max)
    middle = [grow(now, high) for now, high in zip(middle, ideal, strict=True)]
    middle = [grow(now, high) for now, high in zip(middle, named, strict=True)]
    reason_w += max(spare, 0)
    if spare < 0:  # too narrow even for the minimums: the reason, then the label, give way
        give = min(-spare, max(0, reason_w - 8))
        reason_w, spare = reason_w - give, spare + give
        label_w -= min(-spare, max(0, label_w - 8))
    if shared:
        return Plan(kind, label_w, (), middle[0] if middle else 0, reason_w)
    return Plan(kind, label_w, tuple(middle), 0, reason_w)


class FactsTable(DataTable[Text]):
    """Rows keyed by the fact's position in the report, so a selection maps back to the fact."""

    DEFAULT_CSS = """
    FactsTable { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }
    FactsTable > .facts-table--conflict { color: $error; text-style: bold; }
    FactsTable > .facts-table--update { color: $warning; text-style: bold; }
    FactsTable > .facts-table--variant { color: $accent; text-style: bold; }
    FactsTable > .facts-table--compatible { color: $primary; }
    FactsTable > .facts-table--agree { color: $success; }
    FactsTable > .facts-table--missing { text-style: dim; }
    FactsTable > .facts-table--copy { text-style: dim italic; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = DataTable.COMPONENT_CLASSES | {
        f"facts-table--{v}" for v in (*VERDICTS, "missing", "copy")
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Detail", id="facts_detail"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.articles: tuple[Article, ...] = ()
        self.names: dict[str, str] = {}
        self.copies: dict[str, str] = {}
        self.plan: Plan | None = None
        self._shown: tuple[list[tuple[int, Fact]], int] | None = None
        self._styles_seen: tuple[object, ...] = ()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self.call_later(self._check_styles)  # component styles update after this call

    def _check_styles(self) -> None:
        styles = tuple(self._verdict_style(v) for v in (*VERDICTS, "copy"))
        if styles != self._styles_seen:  # a new theme: the cells hold the old colours
            changed = bool(self._styles_seen)
            self._styles_seen = styles
            if changed:
                self._restyle()

    def _restyle(self) -> None:
        if self._shown is not None:
            row = self.cursor_row
            self.show(self.articles, self.names, *self._shown, copies=self.copies)
            self.move_cursor(row=row, animate=False)

    def _verdict_style(self, verdict: str) -> str:
        return self.get_component_rich_style(f"facts-table--{verdict}", partial=True)  # type: ignore[return-value]

    def header_name(self, article_id: str) -> str:
        name = one_line(self.names.get(article_id, article_id))
        return f"{COPY_MARK}{name}" if article_id in self.copies else name

    def show(
        self,
        articles: Sequence[Article],
        names: dict[str, str],
        facts: Sequence[tuple[int, Fact]],
        width: int,
        copies: Mapping[str, str] | None = None,
    ) -> None:
        """Fill the table with ``facts`` (report index, fact) for a screen ``width`` columns wide.

        ``copies``: copy id -> id of the article it copies (``wording.copy_origins``)."""
        self.articles, self.names = tuple(articles), names
        self.copies = dict(copies or {})
        self._shown = (list(facts), width)
        self.clear(columns=True)
        rows = [(index, fact, self._values(fact)) for index, fact in facts]
        ids = [a.id for a in self.articles]
        per_outlet = len(ids) <= MAX_OUTLET_COLUMNS
        # wide enough for its values first, then for its name (the detail line names it in full)
        outlet_ideal = [
            max([0] + [cell_len(", ".join(v.get(aid, []))) for _i, _f, v in rows]) for aid in ids
        ]
        self.plan = plan = plan_columns(
            width,
            kind=max([4] + [len(f.kind) for _i, f, _v in rows]),
            label=max([4] + [cell_len(one_line(f.label)) for _i, f, _v in rows]),
            reason=max([6] + [cell_len(one_line(f.reason)) for _i, f, _v in rows]),
            outlets=outlet_ideal if per_outlet else (),
            values=max([6] + [cell_len(self._joined_values(f)) for _i, f, _v in rows]),
            names=[cell_len(self.header_name(aid)) for aid in ids] if per_outlet else (),
            bare=max(
                [6] + [cell_len(" · ".join(self._value_parts(f, False))) for _i, f, _v in rows]
            ),
        )
        self.add_column("verdict", key="verdict", width=VERDICT_WIDTH)
        self.add_column("kind", key="kind", width=plan.kind)
        self.add_column("fact", key="fact", width=plan.label)
        for aid, w in zip(ids, plan.outlets, strict=False):
            style = "bold dim" if aid in self.copies else "bold"
            header = Text(fit(self.header_name(aid), w, whole_words=False), style=style)
            self.add_column(header, key=aid, width=w)
        if plan.values:
            self.add_column("values", key="values", width=plan.values)
        if plan.reason:
            self.add_column("reason", key="reason", width=plan.reason)
        missing = self.get_component_rich_style("facts-table--missing", partial=True)
        copy = self.get_component_rich_style("facts-table--copy", partial=True)
        for index, fact, values in rows:
            bare = self._values(fact, notes=False)
            style = self._verdict_style(fact.verdict)
            # Text cells (a str cell would be markup); one_line(): no control reaches the terminal
            cells = [
                Text(fact.verdict, style=style),
                Text(fact.kind, style="dim"),
                Text(fit(one_line(fact.label), plan.label)),
            ]
            for aid, w in zip(ids, plan.outlets, strict=False):
                got = values.get(aid)
                if not got:
                    cells.append(Text("—", style=missing))
                    continue
                cell = Text(self._fitted(got, bare[aid], w), style=style)
                if aid in self.copies:
                    cell.stylize(copy)
                cells.append(cell)
            if plan.values:
                parts, plain = self._value_parts(fact), self._value_parts(fact, notes=False)
                cells.append(Text(self._fitted(parts, plain, plan.values, " · ")))
            if plan.reason:
                cells.append(Text(fit(one_line(fact.reason), plan.reason)))
            self.add_row(*cells, key=str(index))

    @staticmethod
    def _fitted(values: list[str], bare: list[str], width: int, separator: str = ", ") -> str:
        """The values with their unit notes when they fit whole, else without the notes (the
        detail line has them), cut by ``fit_values`` if even those do not fit."""
        for candidate in (values, bare):
            if cell_len(separator.join(candidate)) <= width:
                return separator.join(candidate)
        return fit_values(bare, width, separator)

    @staticmethod
    def _values(fact: Fact, notes: bool = True) -> dict[str, list[str]]:
        """Article id -> its distinct values (with their unit notes) for ``fact``."""
        values: dict[str, list[str]] = {}
        written = value_notes(fact) if notes else [None] * len(fact.claims)
        for claim, note in zip(fact.claims, written, strict=True):
            shown = one_line(shown_value(claim, note))
            got = values.setdefault(claim.article, [])
            if shown not in got:
                got.append(shown)
        return values

    @staticmethod
    def _value_parts(fact: Fact, notes: bool = True) -> list[str]:
        """Each distinct value with how many reports give it: ``["eight ×4", "Twelve"]``."""
        return [
            one_line(value) + (f" ×{len(ids)}" if len(ids) > 1 else "")
            for value, ids in grouped_values(fact, notes)
        ]

    def _joined_values(self, fact: Fact) -> str:
        return " · ".join(self._value_parts(fact))
