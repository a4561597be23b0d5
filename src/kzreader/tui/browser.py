"""Opening an article's URL in a web browser, from the reader.

``plan_opening(url)`` decides (pure but for asking ``webbrowser`` which browser is registered):
``refused`` for anything but a plain http(s) URL (a stored URL is outside text), ``none`` when no
browser is configured (the reader then shows the URL and copies it to the clipboard),
``console`` for a text-mode browser (lynx, w3m...: it needs the terminal, so the reader
suspends itself while it runs) and ``gui`` for one that opens a window (launched from a thread:
the reader keeps running).  The reader never launches anything when it runs headless (tests).
"""

from __future__ import annotations

import os
import sys
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

#: Browsers that take over the terminal they are started from.
CONSOLE_BROWSERS = frozenset(
    ("lynx", "w3m", "links", "elinks", "www-browser", "browsh", "links2", "carbonyl")
)


@dataclass(frozen=True)
class Opening:
    kind: str  # "refused", "none", "console" or "gui"
    url: str
    browser: webbrowser.BaseBrowser | None = None
    reason: str = ""


def plan_opening(url: str | None) -> Opening:
    """How to open ``url`` here (see the module's docstring)."""
    if not url:
        return Opening("refused", "", reason="this article has no URL (it is a file)")
    try:
        parts = urlsplit(url)
    except ValueError:
        return Opening("refused", url, reason="not a valid URL")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return Opening("refused", url, reason="only http and https URLs are opened")
    if not url.isprintable() or any(c.isspace() for c in url):
        return Opening("refused", url, reason="the URL holds spaces or control characters")
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return Opening("none", url, reason="no web browser is configured (set $BROWSER)")
    return Opening("console" if is_console(browser) else "gui", url, browser)


def is_console(browser: webbrowser.BaseBrowser) -> bool:
    """Does this browser run inside the terminal (so the reader must step aside)?"""
    command = str(getattr(browser, "name", "") or "").split()
    if command and Path(command[0]).name in CONSOLE_BROWSERS:
        return True
    if sys.platform in ("darwin", "win32"):
        return False
    # on Unix without a display, only text-mode browsers can run
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return no_display and type(browser) is webbrowser.GenericBrowser
