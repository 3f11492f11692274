"""Shared fixtures: the sample portal built once, and small sites made from pieces of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2026-11-22"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def copy_portal(dest: Path, with_data: bool = True) -> Path:
    """A copy of the project's site sources (config, templates, content, optionally all data)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", dest / "templates")
    if with_data:
        shutil.copytree(ROOT / "site_data", dest / "site_data")
        shutil.copytree(ROOT / "content", dest / "content")
    else:
        (dest / "site_data").mkdir()
        for name in ("provinces.yml", "topics.yml"):
            shutil.copy(ROOT / "site_data" / name, dest / "site_data" / name)
        (dest / "content" / "tin-tuc").mkdir(parents=True)
        shutil.copytree(ROOT / "content" / "assets", dest / "content" / "assets")
        (dest / "content" / "gioi-thieu.md").write_text("# Giới thiệu\n", encoding="utf-8")
    return dest


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI sets these for its process; in-process tests must not see another test's."""
    for name in ("KHUYENCONG_BUILD_DATE", "KHUYENCONG_LANG", "KHUYENCONG_PREVIEW", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portal, built once from the repository's own data."""
    out = tmp_path_factory.mktemp("sample") / "site"
    code = main(["--root", str(ROOT), "build", "--site-dir", str(out), "--build-date", BUILD_DATE])
    assert code == 0
    return out


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A portal with the provinces and topics only, to which a test adds its own files."""
    return copy_portal(tmp_path / "portal", with_data=False)
