"""Time to the reader's articles on screen, against a bare Textual app (Header + Static +
Footer) measured in the same run, in a pseudo-terminal and in tmux.

    .venv/bin/python benchmarks/bench_first_screen.py [--articles 20941] [--runs 7] [--no-tmux]

What is timed is what the reader sees: the first row of the list the reader opens on (an
article's headline, or a story's) drawn on the terminal, not the first paint of an empty
screen.  Cases, interleaved run by run so that drift on a shared machine hits them alike:

- the bare app: its first screen;
- kzreader on the seeds, and on ``--articles`` corpus articles written as files, each
  - with the first page the last run kept (``tui/firstpage.py``): the usual start;
  - without it (the page file removed before each run): the library is read from the app's
    start, in a thread, and drawn when it is read;
  and for each: first paint, rows visible, search ready, and the CPU time (user + system) the
  process had used when its rows were visible, which a shared CPU inflates far less than wall.

In tmux (``tmux new-session -d -x 120 -y 40``) the same cases are timed again, from the
program's start in the pane to the rows in what tmux draws (its output streamed to a file with
``pipe-pane``: nothing polls tmux meanwhile).

Both programs load bytecode, as they would after an install (a private ``PYTHONPYCACHEPREFIX``
filled by untimed warm-up runs).  Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from fcntl import ioctl
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tui import ANSI, BARE_APP, BUILD_INDEX, DEFAULT_CORPUS, KZREADER, write_library

TICKS = os.sysconf("SC_CLK_TCK")
COLUMNS, LINES = 120, 40
BARE_MARK = "bare-first-screen"


def cpu_seconds(pid: int) -> float:
    """User + system time of ``pid`` so far (its threads included)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / TICKS


def in_pty(
    argv: Sequence[str], env: dict[str, str], markers: Sequence[Sequence[str]], timeout: float = 120
) -> list[tuple[float, float]]:
    """(wall seconds, CPU seconds) until each marker (any of its strings) is on screen."""
    master, slave = pty.openpty()
    ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
        start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    seen, found = "", []
    try:
        while len(found) < len(markers):
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{argv}: none of {markers[len(found)]!r} after {timeout}s")
            ready, _, _ = select.select([master], [], [], 0.005)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen += ANSI.sub("", chunk.decode("utf-8", "replace"))
            while len(found) < len(markers) and any(m in seen for m in markers[len(found)]):
                found.append((time.perf_counter() - start, cpu_seconds(proc.pid)))
    finally:
        quit_politely(proc, master)
        os.close(master)
    return found


def quit_politely(proc: subprocess.Popen[bytes], master: int) -> None:
    """``q`` (so the reader keeps its first page, as a user quitting does; ctrl+q for the bare
    app), then terminate."""
    try:
        os.write(master, b"q\x11")
        proc.wait(timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def in_tmux(
    argv: Sequence[str], env: dict[str, str], marker: Sequence[str], timeout: float = 120
) -> float:
    """Seconds from the start of ``argv`` in a tmux pane to ``marker`` in what tmux draws.

    The pane's output is streamed to a file (``pipe-pane``) and read here, so nothing polls
    tmux while the program starts; the command waits for a go-file so the stream is in place
    before its first byte."""
    session = f"kzbench{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="kz-tmux-") as tmp:
        go, out = Path(tmp) / "go", Path(tmp) / "out"
        exports = " ".join(
            f"{k}={_quote(v)}"
            for k, v in env.items()
            if k.startswith(("KZREADER_", "PYTHON", "TERM"))
        )
        command = " ".join(_quote(a) for a in argv)
        script = (
            f"until [ -e {_quote(str(go))} ]; do sleep 0.002; done; exec env {exports} {command}"
        )
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", str(COLUMNS), "-y", str(LINES),
             "sh", "-c", script],
            check=True,
        )  # fmt: skip
        try:
            subprocess.run(
                ["tmux", "pipe-pane", "-t", session, "-O", f"cat > {_quote(str(out))}"],
                check=True,
            )
            time.sleep(0.3)
            start = time.perf_counter()
            go.touch()
            while time.perf_counter() - start < timeout:
                if out.exists():
                    seen = ANSI.sub("", out.read_bytes().decode("utf-8", "replace"))
                    if any(m in seen for m in marker):
                        return time.perf_counter() - start
                time.sleep(0.002)
            raise TimeoutError(f"tmux: none of {marker!r} after {timeout}s")
        finally:
            subprocess.run(["tmux", "send-keys", "-t", session, "q", "C-q"], capture_output=True)
            time.sleep(0.3)
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def first_rows(env: dict[str, str], sources: Sequence[str]) -> tuple[str, ...]:
    """The beginnings of the rows the reader opens on (its first article's and its first
    story's headline as drawn), computed in a subprocess with the same dirs."""
    code = f"""
import sys
from pathlib import Path
from kzreader.config import Config
from kzreader.library import open_library
from kzreader.safetext import visible
from kzreader.stories import stories_for
config = Config()
sources = {list(sources)!r} or list(config.source_dirs)
library = open_library(config, [Path(s) for s in sources])
key = lambda a: a.published_key.timestamp() if a.published_key else float("-inf")
newest = max(library.articles, key=key)
print(visible(newest.title)[:10])
print(visible(stories_for(library).stories[0].title)[:10])
"""
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return tuple(line for line in done.stdout.splitlines() if line.strip())


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=20941)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="keep the library and caches here")
    parser.add_argument("--no-tmux", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kz-bench-first-") as tmp:
        root = args.workdir or Path(tmp)
        env = {
            **os.environ,
            "KZREADER_CACHE_DIR": str(root / "cache"),
            "KZREADER_CONFIG_DIR": str(root / "config"),
            "KZREADER_DATA_DIR": str(root / "data"),
            "TERM": "xterm-256color",
            "PYTHONPYCACHEPREFIX": str(root / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ.update({k: env[k] for k in env if k.startswith("KZREADER_")})
        libraries: list[tuple[str, list[str]]] = [("seeds", [])]
        if args.articles and args.corpus.exists():
            folder = root / f"library-{args.articles}"
            if not folder.exists():
                started = time.perf_counter()
                count = write_library(args.corpus, folder, args.articles)
                print(f"wrote {count} articles in {time.perf_counter() - started:.1f} s")
            libraries.append((f"{args.articles} files", [str(folder)]))
        measure(root, env, libraries, args.runs, tmux=not args.no_tmux)


def measure(
    root: Path,
    env: dict[str, str],
    libraries: Sequence[tuple[str, list[str]]],
    runs: int,
    tmux: bool = True,
) -> None:
    """Time each library's cases against the bare app (see the module's docstring); ``env``
    holds the KZREADER_* dirs (also set in this process's environment)."""
    root.mkdir(parents=True, exist_ok=True)
    bare = root / "bare_app.py"
    bare.write_text(BARE_APP)
    from kzreader.tui.firstpage import page_file  # with the env above

    cases: dict[str, tuple[list[str], list[list[str]], Callable[[], None]]] = {
        "bare Textual app": ([sys.executable, str(bare)], [[BARE_MARK]], lambda: None)
    }
    for name, sources in libraries:
        subprocess.run([sys.executable, "-c", BUILD_INDEX, *sources], env=env, check=True)
        argv = [*KZREADER, *(a for s in sources for a in ("--source", s))]
        # a first run builds the caches (library, stories) and keeps the first page
        in_pty(argv, env, [["search ready"]], timeout=900)
        wait_for_page(argv, env, sources)
        rows = list(first_rows(env, sources))
        markers = [["kzreader"], rows, ["search ready"]]
        page = page_file([Path(s) for s in sources] or _seeds())
        kept = page.read_bytes()

        def restore(page: Path = page, kept: bytes = kept) -> None:
            page.write_bytes(kept)

        def remove(page: Path = page) -> None:
            page.unlink(missing_ok=True)

        cases[f"kzreader {name}"] = (argv, markers, restore)
        cases[f"kzreader {name}, no page"] = (argv, markers, remove)
    for argv, markers, prepare in cases.values():  # untimed: bytecode, disk cache
        prepare()
        in_pty(argv, env, markers)
    results: dict[str, list[list[tuple[float, float]]]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, markers, prepare) in cases.items():
            prepare()
            results[name].append(in_pty(argv, env, markers))
    report_pty(results, runs)
    if tmux and shutil.which("tmux"):
        panes: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, (argv, markers, prepare) in cases.items():
                prepare()
                mark = markers[0] if len(markers) == 1 else markers[1]
                panes[name].append(in_tmux(argv, env, mark))
        report_tmux(panes, runs)
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def _seeds() -> list[Path]:
    from kzreader.config import Config

    return list(Config().source_dirs)


def wait_for_page(argv: Sequence[str], env: dict[str, str], sources: Sequence[str]) -> None:
    """Run the reader until it has kept its first page (after its stories are ready)."""
    from kzreader.tui.firstpage import page_file

    page = page_file([Path(s) for s in sources] or _seeds())
    page.unlink(missing_ok=True)
    master, slave = pty.openpty()
    ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    proc = subprocess.Popen(
        list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
        start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    deadline = time.perf_counter() + 900
    try:
        while not page.exists() and time.perf_counter() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                os.read(master, 65536)
    finally:
        quit_politely(proc, master)
        os.close(master)


def report_pty(results: dict[str, list[list[tuple[float, float]]]], runs: int) -> None:
    bare = results["bare Textual app"]
    bare_wall = median([r[0][0] for r in bare])
    bare_cpu = median([r[0][1] for r in bare])
    print(f"\nin a pty ({COLUMNS}x{LINES}), {runs} runs after a warm-up, medians:")
    head = f"{'first paint':>11} {'rows visible':>19} {'CPU at rows':>17} {'search ready':>13}"
    print(f"  {'':34} {head}")
    print(f"  {'bare Textual app':34} {bare_wall * 1000:8.0f} ms {'':19} {bare_cpu * 1000:8.0f} ms")
    for name, rows in results.items():
        if name == "bare Textual app":
            continue
        paint = median([r[0][0] for r in rows])
        visible = median([r[1][0] for r in rows])
        cpu = median([r[1][1] for r in rows])
        ready = median([r[2][0] for r in rows])
        shown = f"{visible * 1000:8.0f} ms ({visible / bare_wall:4.2f}x)"
        used = f"{cpu * 1000:6.0f} ms ({cpu / bare_cpu:4.2f}x)"
        print(f"  {name:34} {paint * 1000:8.0f} ms {shown} {used} {ready * 1000:10.0f} ms")


def report_tmux(results: dict[str, list[float]], runs: int) -> None:
    bare = median(results["bare Textual app"])
    print(f"\nin tmux ({COLUMNS}x{LINES}, its output streamed), {runs} runs, medians:")
    for name, times in results.items():
        first = median(times)
        what = "first screen" if name == "bare Textual app" else "rows visible"
        print(f"  {name:34} {what} {first * 1000:6.0f} ms  ({first / bare:4.2f}x bare)")


if __name__ == "__main__":
    main()
