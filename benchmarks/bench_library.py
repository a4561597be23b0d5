"""The library at scale: loading it, and every warm command, without and with the library cache.

    .venv/bin/python benchmarks/bench_library.py [--articles 4000 20941] [--runs 5]
        [--corpus FILE] [--workdir DIR] [--no-tui] [--no-pyc]

For each size: write that many corpus articles (`_corpus.load_jsonl_articles`) as .txt files
(headline, outlet and date lines, then the paragraphs) into a scratch folder, build their search
index once, then measure, each in a fresh process, side by side in one run:

1. `open_library` without the cache (``KZREADER_LIBRARY_CACHE=0``: every file read and
   cleaned, as before the cache), with an empty cache (cleaning plus writing the cache), warm
   (nothing changed), and warm after one file was edited;
2. warm end-to-end CLI calls (index current, library cache written), interleaved, cache off
   ("before") and on ("after"): ``search yukos``, ``show ID``, ``facts --articles`` with 13 ids
   (the first hits of a query), ``sources --json``;
3. at the largest size, the reader in a pty (120x40, `bench_tui.in_pty`): time to the first
   screen, to the article list ("N articles" in the header) and to "search ready".

Processes load bytecode (a private ``PYTHONPYCACHEPREFIX``, as `bench_tui` does) unless
``--no-pyc``.  Prints medians (min) and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import DEFAULT_CORPUS, load_jsonl_articles

KZREADER = [sys.executable, "-m", "kzreader"]
OFF = {"KZREADER_LIBRARY_CACHE": "0"}
ON = {"KZREADER_LIBRARY_CACHE": "1"}
TARGET = 0.5  # seconds: the issue's target for search, show and facts --articles, warm

LOAD = """
import sys, time
from pathlib import Path
from kzreader.config import Config
from kzreader.library import open_library
started, cpu = time.perf_counter(), time.process_time()
library = open_library(Config(), [Path(sys.argv[1])])
print(time.perf_counter() - started, time.process_time() - cpu, len(library), len(library.warnings))
"""

BUILD_INDEX = """
import sys
from pathlib import Path
from kzreader.config import Config
from kzreader.library import open_library
from kzreader.search import SearchIndex
index = SearchIndex.open(open_library(Config(), [Path(sys.argv[1])]))
if index.needs_update():
    index.update(procs=2)
"""


def write_files(corpus: Path, folder: Path, limit: int) -> int:
    """The first ``limit`` corpus articles as .txt files."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = load_jsonl_articles(corpus, limit)
    for n, article in enumerate(articles):
        head = [article.title, article.outlet if article.outlet != "unknown" else ""]
        if article.published is not None:
            when = article.published
            head.append(when.date().isoformat() if when.time() == when.min.time() else str(when))
        text = "\n".join(head) + "\n\n" + "\n\n".join(article.paragraphs) + "\n"
        (folder / f"{n:05d}.txt").write_text(text, encoding="utf-8")
    return len(articles)


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system of the process)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped by wait4
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def load_seconds(folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds that `open_library` took in a fresh process."""
    wall, cpu, _count = loaded(folder, env)
    return wall, cpu


def loaded(folder: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """(wall and CPU seconds `open_library` took in a fresh process, articles loaded)."""
    argv = [sys.executable, "-c", LOAD, str(folder)]
    out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    wall, cpu, count, _warnings = out.stdout.split()
    return float(wall), float(cpu), int(count)


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s ({min(values):5.2f})"


def fmt_cpu(runs: list[tuple[float, float]]) -> str:
    """Median wall time (median CPU time)."""
    wall = statistics.median(r[0] for r in runs)
    return f"{wall:6.2f} s (cpu {statistics.median(r[1] for r in runs):4.2f})"


def loads(folder: Path, env: dict[str, str], cache: Path, runs: int) -> None:
    """`open_library` in a fresh process: uncached, cold cache, warm, and after one edit."""
    import shutil

    uncached: list[tuple[float, float]] = []
    cold: list[tuple[float, float]] = []
    warm: list[tuple[float, float]] = []
    edited: list[tuple[float, float]] = []
    victim = folder / "00007.txt"
    original = victim.read_bytes()
    for _ in range(max(1, runs // 2)):
        uncached.append(load_seconds(folder, {**env, **OFF}))
        shutil.rmtree(cache / "library", ignore_errors=True)
        cold.append(load_seconds(folder, {**env, **ON}))
    load_seconds(folder, {**env, **ON})  # settle: entries written within 2 s are hashed once
    for n in range(runs):
        warm.append(load_seconds(folder, {**env, **ON}))
        victim.write_bytes(original + f"\nEdited, round {n}.\n".encode())
        edited.append(load_seconds(folder, {**env, **ON}))
    victim.write_bytes(original)
    load_seconds(folder, {**env, **ON})
    base = statistics.median(r[0] for r in uncached)
    print("  open_library in a fresh process: median wall (median CPU), time against no cache")
    for label, values in (
        ("no cache (before)", uncached),
        ("empty cache (cold)", cold),
        ("warm, nothing changed", warm),
        ("warm, one file edited", edited),
    ):
        share = statistics.median(r[0] for r in values) / base
        print(f"    {label:24} {fmt_cpu(values)}   {share:6.3f}x")


def hits(folder: Path, env: dict[str, str], query: str) -> list[str]:
    out = subprocess.run(
        [*KZREADER, "--source", str(folder), "search", query, "--limit", "13", "--json"],
        env={**env, **ON},
        capture_output=True,
        text=True,
        check=False,
    )
    return [h["article"] for h in json.loads(out.stdout)["hits"]] if out.stdout else []


def commands(folder: Path, env: dict[str, str], runs: int) -> None:
    """Warm CLI calls, cache off and on, interleaved."""
    ids = hits(folder, env, "yukos")
    query = "yukos"
    if len(ids) < 13:
        query, ids = "oil", hits(folder, env, "oil")
    cases = {
        "search yukos": ["search", "yukos"],
        "show ID": ["show", ids[0]],
        f"facts --articles ({len(ids)} {query} hits)": ["facts", "--articles", *ids],
        "sources --json": ["sources", "--json"],
    }
    times: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {"off": [], "on": []} for name in cases
    }
    base = [*KZREADER, "--source", str(folder)]
    for argv in cases.values():  # untimed: bytecode, disk cache, the library cache settled
        run([*base, *argv], {**env, **ON})
        run([*base, *argv], {**env, **OFF})
    for _ in range(runs):
        for name, argv in cases.items():
            times[name]["off"].append(run([*base, *argv], {**env, **OFF}))
            times[name]["on"].append(run([*base, *argv], {**env, **ON}))
    print(
        f"  warm CLI calls (index current), {runs} runs interleaved: median wall time "
        "(median CPU time: user + system, which waiting for a shared CPU does not inflate)"
    )
    print(f"    {'command':34} {'no cache (before)':>22}  {'cache (after)':>22}   ratio")
    for name, got in times.items():
        after = statistics.median(r[0] for r in got["on"])
        mark = "" if name.startswith("sources") else ("  ok" if after < TARGET else "  over 0.5 s")
        print(
            f"    {name:34} {fmt_cpu(got['off']):>22}  {fmt_cpu(got['on']):>22}  "
            f"{statistics.median(r[0] for r in got['off']) / after:5.1f}x{mark}"
        )


def reader(folder: Path, env: dict[str, str], count: int, runs: int) -> None:
    """The reader in a pty: first screen, the article list, search ready; cache off and on."""
    from bench_tui import in_pty

    argv = [*KZREADER, "--source", str(folder)]
    markers = ["Filter: outlet", f"{count} articles", "search ready"]
    env = {**env, "TERM": "xterm-256color"}
    in_pty(argv, {**env, **ON}, markers)  # untimed warm-up
    rows: dict[str, list[list[float]]] = {"off": [], "on": []}
    for _ in range(runs):
        for mode, switch in (("off", OFF), ("on", ON)):
            times, _rss = in_pty(argv, {**env, **switch}, markers)
            rows[mode].append(times)
    print(f"  the reader in a pty (120x40), {runs} runs interleaved: median (min)")
    print(f"    {'':24} {'first screen':>16} {'article list':>16} {'search ready':>16}")
    for mode, label in (("off", "no cache (before)"), ("on", "cache (after)")):
        cells = [fmt([r[k] for r in rows[mode]]) for k in range(3)]
        print(f"    {label:24} {cells[0]:>16} {cells[1]:>16} {cells[2]:>16}")
    before = statistics.median(r[1] for r in rows["off"])
    after = statistics.median(r[1] for r in rows["on"])
    print(f"    article list {before / after:.1f}x sooner with the cache")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, nargs="+", default=[4000, 20941])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, help="keep the folders, caches and index here")
    parser.add_argument("--no-tui", action="store_true", help="skip the reader in a pty")
    parser.add_argument("--no-pyc", action="store_true", help="keep the caller's bytecode setting")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="kz-bench-library-") as tmp:
        root = args.workdir or Path(tmp)
        env = {
            **os.environ,
            "KZREADER_CACHE_DIR": str(root / "cache"),
            "KZREADER_CONFIG_DIR": str(root / "config"),
            "KZREADER_DATA_DIR": str(root / "data"),
        }
        if not args.no_pyc:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus; figures: median (min)")
        for size in args.articles:
            folder = root / f"library-{size}"
            if not folder.exists():
                started = time.perf_counter()
                count = write_files(args.corpus, folder, size)
                print(f"\nwrote {count} articles in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", BUILD_INDEX, str(folder)], env={**env, **ON}, check=True
            )
            count = loaded(folder, {**env, **ON})[2]
            print(f"\n{count:,} articles as .txt files ({folder})")
            print(f"  index current after {time.perf_counter() - started:.1f} s")
            loads(folder, env, root / "cache", args.runs)
            commands(folder, env, args.runs)
            if not args.no_tui and size == max(args.articles):
                reader(folder, env, count, args.runs)


if __name__ == "__main__":
    main()
