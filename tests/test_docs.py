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
    which lives in the same folder (`generator/outputs/search.py`, `search_docs.py`)."""
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


# The README keeps the two commands, the map of the folders and modules, and links; the rest is in
# docs/, one document per reader.
DOCUMENTS = [README, ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as '-'."""
    found = set()
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return found


def test_links_between_documents_resolve():
    broken = []
    for doc in DOCUMENTS:
        for target in LINK.findall(doc.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # another site, or mail
            file, _, anchor = target.partition("#")
            dest = (doc.parent / file).resolve() if file else doc
            if not dest.exists():
                broken.append(f"{doc.relative_to(ROOT)}: {target} (no such file)")
            elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
                broken.append(f"{doc.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, broken


def test_the_readme_starts_with_the_two_commands_and_links_every_document():
    text = README.read_text(encoding="utf-8")
    commands = text.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert [line.split()[:2] for line in commands] == [["make", "serve"], ["make", "test"]]
    unlinked = [p.name for p in sorted((ROOT / "docs").glob("*.md")) if f"](docs/{p.name}" not in text]
    assert not unlinked, f"README.md links no {unlinked}"


def test_mkdocs_never_publishes_docs():
    """docs/ is for the repository's readers: MkDocs builds the site from content/ only."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^docs_dir: content$", config, re.M)
