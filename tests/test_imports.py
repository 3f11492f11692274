"""The house has no circles: the imports of generator/ form no cycle, and the layers import downwards.

Every import counts: at the top of a module, inside a function, and under `TYPE_CHECKING` (a lower
layer does not name a higher layer's types either)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    out = {}
    for path in package.rglob("*.py"):
        if "node_modules" in path.parts:
            continue
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """module → the modules of the package it imports (anywhere in its text)."""
    mods = modules(package)
    graph: dict[str, set[str]] = {name: set() for name in mods}
    for name, path in mods.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    here = name.split(".") if is_package else name.split(".")[:-1]
                    here = here[: len(here) - (node.level - 1)]
                    base = ".".join([*here, *([base] if base else [])])
                targets = [base, *(f"{base}.{a.name}" for a in node.names)]
            for target in targets:
                # `import generator.pages.render` names its packages too; count the module itself
                while target and target not in mods and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in mods and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_generator_has_no_import_cycle():
    found = cycles(import_graph())
    assert not found, "import cycles in generator/: " + "; ".join(" ↔ ".join(c) for c in found)


def test_the_cycle_finder_finds_a_cycle_hidden_under_type_checking(tmp_path: Path):
    """The test above can fail: two modules that name each other only for types make a cycle."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "low.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.high import X\n")
    (pkg / "high.py").write_text("from . import low\n\ndef f():\n    from pkg import low as again\n")
    (pkg / "alone.py").write_text("import pkg.low\n")
    assert cycles(import_graph(pkg)) == [["pkg.high", "pkg.low"]]


# What each layer may not import: the lower layers never name the upper ones.
LOWER = ["generator.yamlio", "generator.models", "generator.kinds", "generator.memory", "generator.content",
         "generator.entries", "generator.catalog",
         "generator.errors", "generator.text", "generator.images", "generator.statistics", "generator.status",
         "generator.guidance"]
UPPER = ("generator.pages", "generator.outputs", "generator.plugin", "generator.site", "generator.cli",
         "generator.build_cache")


@pytest.mark.parametrize("module", LOWER)
def test_a_lower_layer_imports_no_upper_one(module: str):
    graph = import_graph()
    reach, todo = set(), [module]
    while todo:  # everything it imports, directly or not
        for w in graph[todo.pop()]:
            if w not in reach:
                reach.add(w)
                todo.append(w)
    upper = sorted(w for w in reach if w.startswith(UPPER))
    assert not upper, f"{module} imports (directly or not) {upper}"


def test_page_modules_do_not_call_back_into_the_engine():
    """guidance, figures and English return page specs; only the engine renders."""
    graph = import_graph()
    for module in ("generator.pages.guidance", "generator.pages.figures", "generator.pages.english",
                   "generator.pages.spec"):
        assert "generator.pages.render" not in graph[module], module


def test_every_fixed_address_has_an_owner_that_is_reserved():
    """The catalog reserves the addresses in errors.OWNERS: every page written at a fixed address is there."""
    from generator.entries import SECTIONS
    from generator.errors import OWNERS
    from generator.pages.english import PAGES

    assert set(PAGES) <= set(OWNERS)
    assert {f"{section}/" for section, _title in SECTIONS.values()} <= set(OWNERS)


# The page host's adapters: the MkDocs plugin and its pages, the command line that starts MkDocs' build, MkDocs'
# development server as `serve` sets it up, and what the theme is given (Material's template folder).
ADAPTERS = {"generator.plugin", "generator.host_pages", "generator.cli", "generator.serve", "generator.theme"}


def _imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_the_core_imports_no_mkdocs():
    """MkDocs and Material host the theme: the build (build.py, site.py, pages/, outputs/) needs neither."""
    hosts = {"mkdocs", "material", "properdocs", "zensical"}
    found = {name: sorted(_imports_of(path) & hosts) for name, path in modules().items() if name not in ADAPTERS}
    # icons.py reads the SVG files Material ships (its icon set, as data): no theme code runs
    assert {k: v for k, v in found.items() if v} == {"generator.icons": ["material"]}


def test_the_page_endings_are_those_mkdocs_reads():
    """content.py names them itself (no MkDocs import in the core): they must stay MkDocs' own."""
    from mkdocs.utils import markdown_extensions

    from generator.content import PAGE_ENDINGS

    assert set(PAGE_ENDINGS) == set(markdown_extensions)


@pytest.mark.parametrize("name", ["plugin.py", "host_pages.py", "serve.py"])
def test_the_mkdocs_adapter_is_small_and_uses_only_public_names(name: str):
    path = PACKAGE / name
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 250
    private = sorted({(node.lineno, node.attr) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                      if isinstance(node, ast.Attribute) and node.attr.startswith("_")
                      and not (node.attr.startswith("__") and node.attr.endswith("__"))})  # super().__init__ is public
    assert not private, f"generator/{name} touches private names: {private}"
