"""The core (library, search, stories, facts) never imports Textual or Rich (DESIGN.md "Layers")."""

from __future__ import annotations

import subprocess
import sys

CORE = (
    "kzreader.library",
    "kzreader.search",
    "kzreader.stories",
    "kzreader.facts",
    "kzreader.config",
)


def test_core_imports_no_ui_libraries() -> None:
    code = (
        "import sys, importlib\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        "import pkgutil, kzreader\n"
        "for pkg in ('kzreader.library', 'kzreader.search', 'kzreader.stories',\n"
        "            'kzreader.facts'):\n"
        "    mod = importlib.import_module(pkg)\n"
        "    for info in pkgutil.walk_packages(mod.__path__, pkg + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imported UI modules: {out.stdout.strip()}"
