"""Saving a Markdown report: a dialog asking for the path, and a confirmation before overwriting.

Both are ``ModalScreen`` dialogs that ``dismiss()`` with the answer; ``export_report`` chains them
and writes the file.  The path offered is absolute (a free ``kzreader-<what>.md`` in the folder
the reader was started from), a relative one typed is taken from there too, and the toast names
the full path of what was written.  An unwritable path is a notification, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from kzreader.safetext import one_line

DEFAULT_REPORT = "kzreader-report.md"


def default_path(what: str = "report", folder: Path | None = None) -> Path:
    """``<folder>/kzreader-<what>.md`` (folder: the current one), or ``-2``, ``-3``... when
    that file exists."""
    folder = (folder or Path.cwd()).resolve()
    stem = "kzreader-" + "-".join(what.split()) if what else "kzreader-report"
    path = folder / f"{stem}.md"
    number = 2
    while path.exists() and number < 1000:
        path = folder / f"{stem}-{number}.md"
        number += 1
    return path


DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > Vertical {{
    width: 72;
    max-width: 95%;
    height: auto;
    padding: 1 2;
    border: thick $primary 60%;
    background: $surface;
}}
{name} Label {{ width: 1fr; margin-bottom: 1; }}
{name} Input {{ margin-bottom: 1; }}
{name} Horizontal {{ height: auto; align-horizontal: right; }}
{name} Button {{ margin-left: 2; }}
"""


class ExportDialog(ModalScreen[str | None]):
    """Asks where to save the report; dismisses with the path typed, or None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ExportDialog")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export_cancel"),
    ]

    def __init__(
        self, default: str = DEFAULT_REPORT, what: str = "report", summary: str = ""
    ) -> None:
        super().__init__()
        self.default = default
        self.what = what
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical():
            saved = one_line(self.summary) if self.summary else f"the {self.what}"
            yield Label(Content(f"Save {saved} as Markdown to:"))
            yield Input(value=self.default, id="export-path")
            with Horizontal():
                yield Button("Cancel", id="export-cancel")
                yield Button("Save", variant="primary", id="export-save")

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-save")
    def _save(self) -> None:
        self.dismiss(self.query_one(Input).value.strip() or None)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmOverwrite(ModalScreen[bool]):
    """``path`` exists: overwrite it (y) or not (n, escape)?"""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmOverwrite")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Overwrite", id="overwrite_yes"),
        Binding("n,escape", "answer(False)", "Keep", id="overwrite_no"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(f"{one_line(str(self.path))} already exists. Overwrite it?"))
            with Horizontal():
                yield Button("Keep it (n)", id="overwrite-no")
                yield Button("Overwrite (y)", variant="error", id="overwrite-yes")

    def on_mount(self) -> None:
        self.query_one("#overwrite-no", Button).focus()

    def action_answer(self, overwrite: bool) -> None:
        self.dismiss(overwrite)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "overwrite-yes")


def write_report(app: Any, path: Path, render: Callable[[], str], summary: str = "") -> bool:
    """Write ``render()`` to ``path``; notify success (with the full path) or the error.  True
    when written."""
    try:
        path.write_text(render(), encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        message = f"Cannot write {one_line(str(path))}: {reason}"
        app.notify(message, title="Export", severity="error", markup=False)
        return False
    what = f"{one_line(summary)} to " if summary else ""
    app.notify(f"Saved {what}{one_line(str(path))}", title="Export", markup=False, timeout=8)
    return True


def export_report(
    app: Any, render: Callable[[], str], what: str = "report", summary: str = ""
) -> None:
    """Ask for a path (offering ``default_path(what)``), confirm an overwrite, then write the
    Markdown ``render()`` returns.  ``summary`` says what is saved ("9 facts (kind money)")."""

    def chosen(answer: str | None) -> None:
        if not answer:
            return
        path = Path(answer).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        if path.is_dir():
            message = f"{one_line(str(path))} is a folder; name a file."
            app.notify(message, title="Export", severity="error", markup=False)
        elif path.exists():
            app.push_screen(
                ConfirmOverwrite(path),
                lambda overwrite: write_report(app, path, render, summary) if overwrite else None,
            )
        else:
            write_report(app, path, render, summary)

    app.push_screen(ExportDialog(str(default_path(what)), what, summary), chosen)
