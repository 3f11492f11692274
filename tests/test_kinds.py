"""The kinds of content are written once (generator/kinds.py): every table that lists them reads it."""

from __future__ import annotations

import ast

from generator import content, entries, errors, icons, skeletons
from generator.kinds import KINDS, OTHER_FILES
from generator.outputs import editor
from tests.test_imports import PACKAGE, modules


def test_every_data_file_is_a_kind_or_named_as_other():
    assert {**content.FOLDERS, **content.FILES} == {**{k.source: k.model for k in KINDS.values()
                                                       if not k.source.startswith("content/")}, **OTHER_FILES}
    assert content.NEWS_DIR == KINDS["news"].source.removeprefix("content/")


def test_the_tables_that_list_kinds_read_the_registry():
    assert {k: v for k, v in entries.SECTIONS.items()} == {k.name: (k.section, k.title) for k in KINDS.values()
                                                           if k.section}
    assert all(getattr(entries.Catalog, "__dataclass_fields__")[k.plural] for k in KINDS.values())
    assert icons.KIND == {k.name: k.icon for k in KINDS.values() if k.icon}
    assert errors.KINDS == {k.name: k.said for k in KINDS.values() if k.said}
    assert set(skeletons.KINDS) == {k.name for k in KINDS.values() if k.skeleton}
    assert [c[0] for c in editor.COLLECTIONS] == [k.editor[0] for k in KINDS.values() if k.editor]
    assert set(editor.PAGES) == {k.editor[0] for k in KINDS.values() if k.editor}


def test_no_module_names_a_kinds_files_itself():
    """Where a kind's files are (`products`, `provinces.yml`, `content/tin-tuc`) is written in
    kinds.py only: any other module that needs it reads the registry."""
    sources = {k.source for k in KINDS.values()}
    spelled = {s for s in sources if "/" in s or s.endswith(".yml")} | {f"site_data/{s}" for s in sources}
    found = []
    for name, path in modules(PACKAGE).items():
        if name == "generator.kinds":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # a folder's bare name is also a field's or a link's (Project.products, e.links["legal"]):
            # it counts where the files read are looked up (`raw.items[...]`)
            if isinstance(node, ast.Constant) and node.value in spelled:
                found.append((name, node.lineno, node.value))
            elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
                  and node.value.attr == "items" and isinstance(node.slice, ast.Constant) and node.slice.value
                  in sources):
                found.append((name, node.lineno, node.slice.value))
    assert not found, found
