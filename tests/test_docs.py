"""The documents say what the repository holds.

The README's module table names every module of the generator: a module added under generator/
without its line in the table fails here. `__init__.py` files are left out, as the table leaves
them out (a package's description is its docstring).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tests.conftest import ROOT

README = ROOT / "README.md"


def generator_modules() -> set[str]:
    """Every .py file under generator/, as a path from the repository's root (npm folders aside)."""
    found = set()
    for folder, dirs, files in os.walk(ROOT / "generator"):
        dirs[:] = [d for d in dirs if d not in ("node_modules", "__pycache__")]
        for name in files:
            if name.endswith(".py") and name != "__init__.py":
                found.add((Path(folder) / name).relative_to(ROOT).as_posix())
    return found


def module_table(text: str) -> list[str]:
    """The first cell of each row of the table headed `| module | holds |`."""
    lines = text.splitlines()
    start = lines.index("| module | holds |")
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(line.split("|")[1])
    return rows


def named_modules(cells: list[str]) -> set[str]:
    """The modules a table names: `generator/a.py`, or a bare `b.py` after it in the same cell,
    which lives in the same folder (`generator/search.py`, `search_docs.py`)."""
    named = set()
    for cell in cells:
        folder = ""
        for name in re.findall(r"`([^`]+)`", cell):
            if "/" in name:
                folder = name.rsplit("/", 1)[0] + "/"
                named.add(name)
            else:
                named.add(folder + name)
    return named


def test_the_module_table_names_every_module():
    text = README.read_text(encoding="utf-8")
    named = named_modules(module_table(text))
    missing = sorted(generator_modules() - named)
    assert not missing, f"README.md's module table has no line for {missing}"


def test_the_module_table_names_no_module_that_is_gone():
    named = named_modules(module_table(README.read_text(encoding="utf-8")))
    gone = sorted(n for n in named if not (ROOT / n).exists())
    assert not gone, f"README.md's module table names what the repository no longer has: {gone}"


def test_each_module_has_one_line():
    cells = module_table(README.read_text(encoding="utf-8"))
    names = [n for cell in cells for n in named_modules([cell]) if n.endswith(".py")]
    twice = sorted({n for n in names if names.count(n) > 1})
    assert not twice, f"README.md's module table names these more than once: {twice}"
