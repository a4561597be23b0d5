"""The help screen: every key as currently mapped, what it does, and its binding id (the name
``keys:`` in config.yaml remaps it by), in a dialog closed with escape or q."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kzreader.safetext import visible

# (section, binding id, default keys, what it does): the single list of kzreader's keys.
KEYS: tuple[tuple[str, str, str, str], ...] = (
    ("Everywhere", "search", "slash", "search (type to update the hits)"),
    ("Everywhere", "cycle_pane", "tab", "next pane"),
    ("Everywhere", "cycle_pane_back", "shift+tab", "previous pane"),
    ("Everywhere", "next_hit", "n", "next match, then the next hit"),
    ("Everywhere", "prev_hit", "N", "previous match, then the previous hit"),
    ("Everywhere", "compare", "c", "compare the marked articles"),
    ("Everywhere", "facts", "f", "facts: what each outlet says"),
    ("Everywhere", "filter", "ctrl+f", "filter the list as you type (outlet:, feed:, is:unread)"),
    ("Everywhere", "stories", "g", "stories or articles in the left pane"),
    ("Everywhere", "refresh", "r", "refresh the feeds (progress above the footer)"),
    ("Everywhere", "open_url", "o", "open the article's web page in a browser"),
    ("Everywhere", "toggle_read", "u", "mark the article read / unread"),
    ("Everywhere", "grow_pane", ">", "widen the side pane"),
    ("Everywhere", "shrink_pane", "<", "narrow the side pane"),
    ("Everywhere", "back", "escape", "out of a box; back to the list, then to the stories"),
    ("Everywhere", "help", "question_mark", "this help"),
    ("Everywhere", "quit", "q", "quit"),
    ("Everywhere", "palette", "ctrl+p", "command palette: actions, articles, themes"),
    ("Source list", "open", "enter", "open the article (a click does too)"),
    ("Source list", "mark", "space", "mark / unmark for comparison (●)"),
    ("Source list", "sort", "s", "sort by date, outlet or headline"),
    ("Stories", "open_story", "enter", "list the story's articles (escape: back)"),
    ("Stories", "sort_stories", "s", "sort: newest, most reports, most outlets"),
    ("Article", "differ", "d", "where do outlets differ on the highlighted sentence"),
    ("Article", "next_sentence", "right_square_bracket", "highlight the next sentence (for d)"),
    ("Article", "prev_sentence", "left_square_bracket", "highlight the previous sentence"),
    ("Search box", "history_previous", "up", "older query"),
    ("Search box", "history_next", "down", "newer query"),
    ("Search box", "", "enter", "open the highlighted hit (or use “did you mean”)"),
    ("Search box", "", "?words", "enter: the facts matching the words"),
    ("Compare", "next_divergence", "right_square_bracket", "next row where the outlets differ"),
    ("Compare", "prev_divergence", "left_square_bracket", "previous row where they differ"),
    ("Compare", "compare_row_facts", "enter", "each outlet's sentence and value for the row"),
    ("Compare", "compare_other", "o", "the other outlets' sentences"),
    ("Compare", "compare_facts", "f", "the facts of the compared articles"),
    ("Compare", "compare_export", "e,ctrl+s", "export the comparison (markdown)"),
    ("Compare", "compare_back", "escape,q", "back to the reader"),
    ("Facts", "facts_filter", "v", "next verdict filter (all, conflict, …)"),
    ("Facts", "facts_filter_back", "V", "previous verdict filter"),
    ("Facts", "facts_kind", "k", "next kind filter (all, count, measure, money, …)"),
    ("Facts", "facts_kind_back", "K", "previous kind filter"),
    ("Facts", "facts_detail", "enter", "the fact's claims, outlet by outlet"),
    ("Facts", "facts_export", "e,ctrl+s", "export the facts (markdown)"),
    ("Facts", "facts_back", "escape,q", "back"),
    ("Dialogs", "fact_detail_close", "escape,q,enter", "close the fact detail"),
    ("Dialogs", "differ_close", "escape,q,d", "close “where do outlets differ”"),
    ("Dialogs", "help_close", "escape,q,question_mark", "close this help"),
    ("Dialogs", "export_cancel", "escape", "cancel the export"),
    ("Dialogs", "overwrite_yes", "y", "overwrite the existing file"),
    ("Dialogs", "overwrite_no", "n,escape", "keep the existing file"),
)

BINDING_IDS = frozenset(binding_id for _s, binding_id, _k, _d in KEYS if binding_id)


#: The KEYS section of each screen's own keys (shown first when help opens over that screen).
SECTIONS = {"CompareScreen": "Compare", "FactsScreen": "Facts"}


def key_table(keymap: dict[str, str], first: str = "") -> Table:
    """The KEYS list as a table (key, what it does, binding id), with ``keymap`` (binding id ->
    keys) applied; a remapped key is marked "(remapped)".  Section ``first`` (the screen help
    was opened on) comes first, marked "this screen"."""
    table = Table(box=None, expand=True, padding=(0, 1), header_style="dim")
    table.add_column("key", style="bold", no_wrap=True, ratio=1)
    table.add_column("what it does", ratio=3)
    table.add_column("binding id", style="dim", no_wrap=True)
    section = ""
    rows = sorted(KEYS, key=lambda entry: entry[0] != first) if first else KEYS
    for where, binding_id, keys, description in rows:
        if where != section:
            section = where
            table.add_row("", "", "")
            here = Text("the screen you are on", style="italic") if where == first else ""
            table.add_row(Text.assemble((where, "bold underline")), here, "")
        shown = keymap.get(binding_id, keys)
        # Text, not str cells: the keys come from the user's config ("[/]" is no markup)
        keys_text = Text(visible(", ".join(_pretty(k) for k in shown.split(","))))
        what = Text(description)
        if binding_id in keymap:
            what.append(" (remapped)", style="italic")
        table.add_row(keys_text, what, Text(binding_id or "—"))
    return table


def _pretty(key: str) -> str:
    names = {
        "slash": "/",
        "question_mark": "?",
        "greater_than_sign": ">",
        "less_than_sign": "<",
        "right_square_bracket": "]",
        "left_square_bracket": "[",
    }
    key = key.strip()
    return names.get(key, key)


class HelpScreen(ModalScreen[None]):
    """Lists every key; escape or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help_close"),
    ]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        close = self.keymap.get("help_close", "escape,q,question_mark").split(",")
        closing = " or ".join(_pretty(k) for k in close[:2])
        with VerticalScroll(id="help-dialog"):
            yield Static(
                Text.assemble(
                    ("kzreader keys", "bold"),
                    f"   ({visible(closing)} to close)\n",
                    ("Remap a key in config.yaml by its binding id, e.g. ", "dim"),
                    ('keys: {facts: "f,f5"}', "dim italic"),
                ),
                id="help-title",
            )
            yield Static(key_table(self.keymap, self.context()), id="help-keys")

    def context(self) -> str:
        """The KEYS section of the screen under this help ("" for the reader's main screen)."""
        below = [s for s in self.app.screen_stack if s is not self]
        return SECTIONS.get(type(below[-1]).__name__, "") if below else ""


def unknown_binding_ids(keymap: Iterable[str]) -> list[str]:
    """Binding ids in a config ``keys`` section that kzreader does not have."""
    return sorted(set(keymap) - BINDING_IDS)
