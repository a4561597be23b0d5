"""The facts package's one front door: faces import ``kzreader.facts`` only, lazily."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import kzreader
import kzreader.facts as facts

SRC = Path(kzreader.__file__).resolve().parent
FACES = [SRC / "cli.py", SRC / "report.py", *(SRC / "commands").rglob("*.py"),
         *(SRC / "tui").rglob("*.py")]  # fmt: skip


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def test_faces_import_only_the_front_door() -> None:
    deep = {
        f"{path.relative_to(SRC)}: {name}"
        for path in FACES
        for name in _imports(path)
        if name.startswith("kzreader.facts.")
    }
    assert deep == set()


def test_importing_the_package_loads_no_module() -> None:
    code = (
        "import sys, kzreader.facts\n"
        "print(sorted(m for m in sys.modules if m.startswith('kzreader.facts.')))\n"
        "kzreader.facts.Verdict\n"
        "print(sorted(m for m in sys.modules if m.startswith('kzreader.facts.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = out.stdout.splitlines()
    assert before == "[]"
    assert after == "['kzreader.facts.model']"  # a name loads its own module only


def test_every_exported_name_resolves() -> None:
    assert set(facts._EXPORTS) == set(facts.__all__)
    for name in facts.__all__:
        assert getattr(facts, name) is not None
    assert set(facts.__all__) <= set(dir(facts))
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = facts.nothing_here


def test_verdicts_are_strings_in_display_order() -> None:
    from kzreader.facts import DIVERGENT, VERDICTS, Verdict, verdict_rank

    assert [str(v) for v in VERDICTS] == ["conflict", "update", "variant", "compatible", "agree"]
    assert Verdict("conflict") is Verdict.CONFLICT and Verdict.CONFLICT == "conflict"
    assert f"{Verdict.UPDATE}" == "update" and Verdict.AGREE.upper() == "AGREE"
    assert [v for v in VERDICTS if v.divergent] == list(DIVERGENT)
    assert verdict_rank("variant") == 2 and verdict_rank("unknown") == len(VERDICTS)
