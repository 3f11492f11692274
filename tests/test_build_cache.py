"""`build --cache DIR` (generator/plugin.py): a build that starts from the last one kept in DIR and
writes only what changed gives, byte for byte, the site a build from nothing gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BUILD_DATE, copy_portal, run_cli


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _news(root: Path) -> list[Path]:
    return sorted((root / "content" / "tin-tuc").glob("*.md"))


def edit_news(root: Path) -> None:
    f = _news(root)[0]
    f.write_text(f.read_text(encoding="utf-8").replace("title: ", "title: Đã sửa ", 1), encoding="utf-8")


def remove_news(root: Path) -> None:
    _news(root)[-1].unlink()


def edit_template(root: Path) -> None:
    t = root / "templates" / "directory.html"
    t.write_text(t.read_text(encoding="utf-8").replace("<h1>{{ title }}</h1>", "<h1 class=\"kc-x\">{{ title }}</h1>"), encoding="utf-8")


def edit_stylesheet(root: Path) -> None:
    css = root / "content" / "assets" / "portal.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.kc-cache-test { color: #123; }\n", encoding="utf-8")


def edit_province_data(root: Path) -> None:
    f = sorted((root / "site_data" / "products").glob("*.yml"))[0]
    f.write_text(f.read_text(encoding="utf-8").replace("name: ", "name: Đã sửa ", 1), encoding="utf-8")


@pytest.mark.parametrize("change", [edit_news, remove_news, edit_province_data, edit_template, edit_stylesheet])
def test_a_build_from_the_cache_equals_a_build_from_nothing(tmp_path: Path, capsys, change):
    root = copy_portal(tmp_path / "p")
    cache = tmp_path / "cache"
    args = ["--root", str(root), "build", "--build-date", BUILD_DATE]
    assert run_cli([*args, "--cache", str(cache)], capsys)[0] == 0
    change(root)
    code, _, err = run_cli([*args, "--cache", str(cache)], capsys)
    assert code == 0, err
    assert "dirty" not in err
    assert run_cli([*args, "--site-dir", "fresh"], capsys)[0] == 0
    cached, fresh = tree(root / "site"), tree(root / "fresh")
    assert sorted(set(cached) ^ set(fresh)) == []
    assert [f for f in fresh if cached[f] != fresh[f]] == []
    assert tree(cache / "current" / "site") == fresh  # and the cache holds it for the next run
