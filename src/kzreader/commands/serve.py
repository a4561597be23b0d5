"""`kzreader serve`: the reader in a browser, through textual-serve (loopback by default).

textual-serve runs a command per browser session with ``TEXTUAL_DRIVER`` set to its web driver;
the command is this same kzreader with the same ``--config``/``--source`` options, so a session in
the browser reads the same library as the terminal would.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzreader.commands.base import EXIT_OK, UsageError

if TYPE_CHECKING:
    from kzreader.commands.base import Context

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def app_command(ctx: Context) -> str:
    """The shell command textual-serve runs for each session: this interpreter, this library."""
    argv = [sys.executable, "-m", "kzreader"]
    if ctx.args.config:
        argv += ["--config", str(Path(ctx.args.config).expanduser().resolve())]
    for source in ctx.args.source or ():
        argv += ["--source", str(Path(source).expanduser().resolve())]
    return shlex.join(argv)


def cmd_serve(ctx: Context) -> int:
    host, port = ctx.args.host, ctx.args.port
    if not 0 < port < 65536:
        raise UsageError(f"--port: {port} is not a TCP port (1-65535)")
    if host not in LOOPBACK and not ctx.args.public:
        raise UsageError(
            f"--host: {host!r} is not loopback; anyone who reaches it can read your library "
            "(add --public to serve it anyway)"
        )
    ctx.library  # noqa: B018  (a missing or bad source folder is a usage error now, not per session)
    try:
        from textual_serve.server import Server
    except ImportError as exc:  # pragma: no cover - a dependency of kzreader
        raise UsageError(f"serve needs textual-serve ({exc})") from None
    _local_server(Server)(app_command(ctx), host=host, port=port, title="kzreader").serve()
    return EXIT_OK


#: textual-serve's page asks Google Fonts for its font; kzreader's page asks nothing of anyone
#: (the terminal font falls back to the browser's local monospace fonts).
_REMOTE_FONT = re.compile(r"<link\b[^>]*fonts\.googleapis\.com[^>]*>", re.IGNORECASE)


def _local_server(base: type[Any]) -> type[Any]:
    """textual-serve's ``Server`` with a page that loads nothing from outside the machine."""

    class LocalServer(base):  # type: ignore[misc,valid-type]
        async def handle_index(self, request: Any) -> Any:
            response = await super().handle_index(request)
            response.text = _REMOTE_FONT.sub("", response.text)
            return response

    return LocalServer
