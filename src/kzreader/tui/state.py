"""The reader's own state, kept across runs in the data dir (never in the user's config).

``reader-state.json`` in ``locations.data_dir()``: the theme picked in the palette (with the
config's theme at that time: when the config names another theme later, the config wins), the
source list's sort and the side pane's width.  A missing or damaged file is no state; writing
is atomic (a temp file renamed over it) and a failure is reported once, never fatal.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NamedTuple

FILE_NAME = "reader-state.json"


class ReaderState(NamedTuple):
    theme: str | None = None
    #: The config's theme when ``theme`` was picked.
    config_theme: str | None = None
    sort: str | None = None
    side_pct: int | None = None

    def theme_for(self, config_theme: str) -> str:
        """The theme to start with: the one picked, unless the config changed since."""
        if self.theme and self.config_theme == config_theme:
            return self.theme
        return config_theme

    def with_theme(self, theme: str, config_theme: str) -> ReaderState:
        return self._replace(theme=theme, config_theme=config_theme)


def state_file() -> Path:
    from kzreader import locations

    return locations.data_dir() / FILE_NAME


def load_state(path: Path | None = None) -> ReaderState:
    """The saved state; defaults when there is none or it cannot be read."""
    path = path or state_file()
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ReaderState()
    if not isinstance(data, dict):
        return ReaderState()

    def text(key: str) -> str | None:
        value = data.get(key)
        ok = isinstance(value, str) and value.isprintable() and len(value) < 100
        return value if ok else None

    pct = data.get("side_pct")
    return ReaderState(
        theme=text("theme"),
        config_theme=text("config_theme"),
        sort=text("sort"),
        side_pct=pct if isinstance(pct, int) and not isinstance(pct, bool) else None,
    )


def save_state(state: ReaderState, path: Path | None = None) -> None:
    """Write ``state`` atomically; raises OSError when the data dir cannot be written."""
    path = path or state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(json.dumps(state._asdict(), indent=1) + "\n", encoding="utf-8")
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)
