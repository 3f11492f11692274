"""Bad input, paired with the exact report it must produce.

Each folder under tests/fixtures/bad/ holds files laid over a minimal portal, with the report
`check` must print in Vietnamese (`expected.txt`) and in English (`expected.en.txt`). `build` must
fail the same way, with no traceback, and leave the previous site untouched. The tests only
compare; `make regen-expected` (tests/regen_expected.py) rewrites the expected files, and every
diff it makes is read before committing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_portal, run_cli
from tests.regen_expected import CASES, EXPECTED, overlay

LANGS = list(EXPECTED)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_reports_exactly(case: Path, lang: str, mini: Path, capsys):
    overlay(case, mini)
    code, out, err = run_cli(["--root", str(mini), "--lang", lang, "check"], capsys)
    assert code == 1
    assert "Traceback" not in err and out == ""
    assert err == (case / EXPECTED[lang]).read_text(encoding="utf-8")


# Letters only Vietnamese uses (with their capitals): English output may hold them only inside what
# it quotes from the writer's files ('…') and in the file names it points at.
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_english_reports_hold_no_vietnamese(case: Path):
    text = (case / EXPECTED["en"]).read_text(encoding="utf-8")
    for line in text.splitlines():
        words = re.sub(r"'[^']*'|‘[^’]*’|\S+\.(?:yml|md|html)\S*|https?://\S+", "", line)
        assert not VIETNAMESE.search(words), line


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_build_fails_the_same_way_and_writes_nothing(case: Path, mini: Path, capsys):
    """`build` stops at the same problems before MkDocs writes anything (a front matter nested
    deep enough to crash libyaml never reaches MkDocs' own parser)."""
    overlay(case, mini)
    code, out, err = run_cli(["--root", str(mini), "--lang", "vi", "build", "--build-date", "2026-11-22"], capsys)
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == (case / "expected.txt").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert not (mini / "site").exists() and not list(mini.glob(".site-*"))


def test_very_large_file_is_refused_before_parsing(mini: Path, capsys):
    """A 19 MB data file (a paste gone wrong) is refused by its size, quickly, not parsed."""
    item = "- name: Chè\n  establishment: HTX\n  province: Thái Nguyên\n  source: https://example.org/nguon\n"
    (mini / "site_data" / "products").mkdir()
    (mini / "site_data" / "products" / "a.yml").write_text(item * 200_000, encoding="utf-8")
    code, _, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert code == 1
    assert (err.splitlines()[-1] == "site_data/products/a.yml:1:1: tệp quá lớn (19200000 byte, tối đa 2097152). Tách "
                                    "thành nhiều tệp nhỏ hơn")


@pytest.mark.slow  # two builds, each in a process of its own
def test_failed_build_keeps_previous_site_and_prints_no_traceback(tmp_path: Path):
    """Run as a communicator would: a separate process, a real exit code, the old site kept."""
    root = copy_portal(tmp_path / "portal")
    env = {**os.environ, "KHUYENCONG_BUILD_DATE": "2026-11-22", "KHUYENCONG_LANG": "vi"}
    cmd = [sys.executable, "-m", "generator", "--root", str(root), "build"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    products = root / "site_data" / "products" / "che-moc-cau.yml"
    products.write_text(products.read_text(encoding="utf-8").replace("province: Thái Nguyên",
                                                                     "province: Thái Nguyen Cũ", 1), encoding="utf-8")
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    assert ("site_data/products/che-moc-cau.yml:4:1: province: không tìm thấy tỉnh, thành phố 'Thái Nguyen Cũ'"
            in second.stderr)
    after = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(root.glob(".site-*"))


def test_template_error_during_mkdocs_keeps_previous_site(portal_site: Path, tmp_path: Path, capsys):
    root = copy_portal(tmp_path / "portal")
    shutil.copytree(portal_site, root / "site")  # the previous site: this portal's build (conftest.py)
    marker = (root / "site" / "index.html").read_bytes()
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8") + "\nextra_css: 3\n",
                                     encoding="utf-8")
    code, _, err = run_cli(["--root", str(root), "build", "--build-date", "2026-11-22"], capsys)
    assert code == 1 and "extra_css" in err
    assert (root / "site" / "index.html").read_bytes() == marker


def test_a_theme_mistake_after_the_feeds_started_leaves_no_trace(portal_site: Path, tmp_path: Path):
    """A large portal's feeds and index start in a second process once the pages are rendered; a
    mistake found afterwards, in the theme's frame, still ends with its message and no traceback,
    the previous site as it was and no unfinished folder. (On the small test portal the second
    process is done or killed at exit either way: that plugin.on_build_error stops it at once is held
    by tests/test_parallel.py's test of Background.stop.)"""
    root = copy_portal(tmp_path / "portal")
    shutil.copytree(portal_site, root / "site")
    before = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    footer = root / "templates" / "theme" / "partials" / "kc_footer.html"  # in every page's frame
    footer.write_text(footer.read_text(encoding="utf-8") + "\n{{ 1 | no_such_filter }}\n", encoding="utf-8")
    env = {**os.environ, "KHUYENCONG_LARGE": "1", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KHUYENCONG_SERIAL", None)
    command = [sys.executable, "-m", "generator", "--root", str(root), "build", "--build-date", "2026-11-22"]
    run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert run.returncode == 1, run.stdout[-2000:] + run.stderr[-2000:]
    assert "no_such_filter" in run.stderr and "Traceback" not in run.stderr, run.stderr[-3000:]
    after = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(root.glob(".site-*"))


@pytest.mark.parametrize("mistake, expected", [
    ("{{ mo.establishment | no_such_filter }}",
     "templates/product.html:{line}: lỗi trong mẫu trang: No filter named 'no_such_filter'"),
    ("{{ cat.no_such.deeper }}",
     "templates/product.html:{line}: lỗi trong mẫu trang: 'generator.entries.Catalog object' has no attribute "
     "'no_such'"),
])
def test_template_mistake_is_named_with_file_and_line(portal_site: Path, tmp_path: Path, capsys, mistake: str,
                                                      expected: str):
    root = copy_portal(tmp_path / "portal")
    shutil.copytree(portal_site, root / "site")  # the previous site: this portal's build (conftest.py)
    before = (root / "site" / "index.html").read_bytes()
    template = root / "templates" / "product.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "{% block content %}" in text) + 1
    lines.insert(line - 1, mistake)
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run_cli(["--root", str(root), "--lang", "vi", "build", "--build-date", "2026-11-22"], capsys)
    assert code == 1 and "Traceback" not in err
    assert err.splitlines()[0].startswith(expected.format(line=line)), err
    assert (root / "site" / "index.html").read_bytes() == before


def test_a_very_long_title_builds_with_a_short_address(mini: Path, capsys):
    """Valid odd input: a 328-character title gives an address of at most 80 characters, cut at a word."""
    title = ("Mô hình trình diễn kỹ thuật " * 12)[:328]
    (mini / "site_data" / "projects").mkdir()
    (mini / "site_data" / "projects" / "a.yml").write_text(
        f"- title: {title}\n  kind: mo-hinh\n  activity: mo-hinh-trinh-dien\n  province: Cao Bằng\n  source: "
        f"https://example.org/a\n",
        encoding="utf-8")
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-11-22"], capsys)
    assert code == 0, err
    pages = [p for p in (mini / "site" / "de-an").iterdir() if p.is_dir() and p.name.startswith("mo-hinh")]
    assert len(pages) == 1 and len(pages[0].name) <= 80 and not pages[0].name.endswith("-")


def test_a_huge_value_is_quoted_short(mini: Path, capsys):
    """A 1 MB line (here a data: link) is named by its start and its length: the report stays small."""
    body = "[ảnh](data:image/png;base64," + "A" * 1_000_000 + ")\n"
    (mini / "content/tin-tuc/a.md").write_text(f"---\ntitle: Tin\ndate: 2025-01-02\nsummary: Tóm tắt\nsource: "
                                               f"https://example.org/a\n---\n\n{body}", encoding="utf-8")
    code, out, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert code == 1 and len(err.encode("utf-8")) < 10_000 and "Traceback" not in err
    assert "content/tin-tuc/a.md:8:7: liên kết 'data:image/png;base64,AAAA" in err and "… (1.000.022 ký tự)" in err


def test_symbolic_links_are_refused_wherever_they_point(mini: Path, tmp_path: Path, capsys):
    """A link to a file outside the repository would publish it; a dangling link or a loop would
    stop the reader. All are refused by name, with no traceback, and nothing is built."""
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Bí mật\n---\nmật khẩu\n", encoding="utf-8")
    docs = mini / "content"
    (docs / "ngoai.md").symlink_to(secret)
    (docs / "treo.md").symlink_to(docs / "khong-co.md")
    (docs / "vong").symlink_to(docs, target_is_directory=True)
    (mini / "site_data" / "products").mkdir()
    (mini / "site_data" / "products" / "a.yml").symlink_to(secret)
    code, out, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert code == 1 and "Traceback" not in err
    for rel in ("content/ngoai.md", "content/treo.md", "content/vong", "site_data/products/a.yml"):
        assert f"{rel}: liên kết tượng trưng (symlink) không được phép" in err
    code, out, err = run_cli(["--root", str(mini), "--lang", "vi", "build", "--build-date", "2026-11-22"], capsys)
    assert code == 1 and not (mini / "site").exists()


def test_folders_and_the_root_however_written_name_files_alike(mini: Path, monkeypatch):
    """walk and load_site name a file by its place in the portal whether the folder is written
    'content', 'content/' or './content', and the root absolute or '.'."""
    from generator.content import _docs_rule, load_site, walk

    (mini / "content" / ".x.md").symlink_to(mini / "content" / "gioi-thieu.md")
    for folder in ("content", "content/", "./content"):
        files, problems = walk(mini, folder, _docs_rule)
        assert [p.path for p in problems] == ["content/.x.md"]
        assert mini / "content" / "gioi-thieu.md" in files
    (mini / "content" / ".x.md").unlink()
    monkeypatch.chdir(mini)
    for root in (mini, Path(".")):
        site, problems = load_site(root)
        assert not problems, problems
        assert ("content/gioi-thieu.md", "gioi-thieu.md") in {(p.origin.rel, p.src_uri) for p in site.pages}


def test_every_ending_mkdocs_reads_as_a_page_is_refused_but_md(mini: Path, capsys):
    """MkDocs renders any file with one of its Markdown endings as a page: each ending but `.md`
    would publish a page that bypasses validation, so each is refused. The endings are MkDocs' own
    list, so a new one in a later MkDocs is refused too."""
    from mkdocs.utils import markdown_extensions

    others = [e for e in markdown_extensions if e != ".md"]
    assert {".markdown", ".mkdn"} <= set(others)
    for i, ending in enumerate(others):
        (mini / "content" / f"trang-{i}{ending}").write_text("# Trang\n\n[x](javascript:alert(1))\n", encoding="utf-8")
    code, _, err = run_cli(["--root", str(mini), "--lang", "en", "check", "--fast"], capsys)
    assert code == 1 and "Traceback" not in err
    for i, ending in enumerate(others):
        assert f"content/trang-{i}{ending}: pages end in .md. Rename 'trang-{i}{ending}'" in err


def test_every_message_reads_in_both_languages():
    """Every code has a Vietnamese and an English text, every English text and every term is
    English (Vietnamese only inside quotes, as the thing to type), and every code the models raise
    is in the catalogue."""
    from generator.errors import MESSAGES, TERMS

    for code, texts in MESSAGES.items():
        assert len(texts) == 2 and all(texts), code
        assert not VIETNAMESE.search(re.sub(r"'[^']*'", "", texts[1])), code
    for name, table in TERMS.items():
        for code, (vi, en) in table.items():
            assert vi and en and not VIETNAMESE.search(re.sub(r"'[^']*'", "", en)), (name, code)
    raised = set()
    for source in (ROOT / "generator").glob("*.py"):
        text = source.read_text(encoding="utf-8")
        # rules (models.rule) too
        raised |= set(re.findall(r'_kc\("(\w+)"', text)) | set(re.findall(r'yield \([^)]*\), "(\w+)"', text))
    assert raised and raised <= set(MESSAGES), raised - set(MESSAGES)


def test_the_addresses_of_mkdocs_yml_are_checked_as_it_reads_them(monkeypatch: pytest.MonkeyPatch):
    """The project's own mkdocs.yml passes; an address from the environment (`!ENV`, as MkDocs
    resolves it: the variable when set, else the default) is checked at the line that reads it."""
    from generator.yamlio import config_problems

    assert config_problems(ROOT / "mkdocs.yml") == []
    monkeypatch.setenv("EDITOR_PROXY", "javascript:alert(1)")
    monkeypatch.setenv("SITE_URL", "https://khuyencong.example.vn/")
    found = [p.format("en") for p in config_problems(ROOT / "mkdocs.yml")]
    line = next(n for n, text in enumerate((ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
                if "EDITOR_PROXY" in text)
    assert len(found) == 1 and found[0].startswith(f"mkdocs.yml:{line}:")
    assert "plugins.khuyencong.editor_proxy: address 'javascript:alert(1)' is not valid" in found[0]
