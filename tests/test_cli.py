"""The communicators' command line: new → check → build, messages, help."""

from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import run_cli


@pytest.mark.parametrize("kind", ["news", "product", "project", "legal", "event"])
def test_new_writes_a_draft_that_checks_and_builds(kind: str, mini: Path, capsys):
    title = 'Đề án: "thử" #1 ở Đắk Lắk'
    code, out, _ = run_cli(["--root", str(mini), "new", kind, title], capsys)
    assert code == 0
    created = mini / out.split()[2]
    assert created.exists() and "de-an-thu-1-o-dak-lak" in created.name
    text = created.read_text(encoding="utf-8")
    assert "draft: true" in text and 'Đề án: \\"thử\\" #1 ở Đắk Lắk' in text
    code, out, err = run_cli(["--root", str(mini), "check"], capsys)
    assert code == 0, err
    assert "1 mục đang ẩn" in out
    # Once the editor removes the draft line, the item is public and builds.
    created.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2099-01-01"], capsys)
    assert code == 0, err
    section = {"news": "tin-tuc", "product": "san-pham", "project": "de-an", "legal": "van-ban",
               "event": "su-kien"}[kind]
    assert (mini / "site" / section / "de-an-thu-1-o-dak-lak" / "index.html").exists()


def test_a_news_skeleton_says_how_to_date_a_retold_article_without_a_date(mini: Path, capsys):
    """The skeleton's note names `source_undated`; following it gives a news item that checks."""
    code, out, _ = run_cli(["--root", str(mini), "new", "news", "Tin thuật lại"], capsys)
    assert code == 0
    created = mini / out.split()[2]
    text = created.read_text(encoding="utf-8")
    assert "thêm 'source_undated: true', không dùng 'posted'" in text
    created.write_text(text.replace("\ndraft: true\n", "\ndraft: true\nsource_undated: true\n"), encoding="utf-8")
    assert "\nsource_undated: true\n" in created.read_text(encoding="utf-8")
    code, _, err = run_cli(["--root", str(mini), "check"], capsys)
    assert code == 0, err


def test_new_never_reuses_a_slug(mini: Path, capsys):
    first = run_cli(["--root", str(mini), "new", "product", "Chè Đắk Lắk"], capsys)[1].split()[2]
    second = run_cli(["--root", str(mini), "new", "product", "Chè Đắk Lắk"], capsys)[1].split()[2]
    assert first.endswith("che-dak-lak.yml") and second.endswith("che-dak-lak-2.yml")
    code, _, err = run_cli(["--root", str(mini), "check"], capsys)
    assert code == 0, err


def test_help_in_vietnamese_and_english(capsys, monkeypatch):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "kiểm tra dữ liệu và tin bài" in capsys.readouterr().out
    monkeypatch.setenv("KHUYENCONG_LANG", "en")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "validate data and news without building" in capsys.readouterr().out


def test_check_is_quick_and_reports_lines(mini: Path, capsys):
    (mini / "site_data/products").mkdir(parents=True)
    (mini / "site_data/products/x.yml").write_text("- name: A\n  establishment: B\n  province: Hà Nội\n  year: 2O24\n"
                                                   "  source: https://a.vn\n", encoding="utf-8")
    code, _, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert code == 1
    assert err.splitlines()[1] == "site_data/products/x.yml:4:3: year: cần một số, nhưng nhận được '2O24'"


def test_check_fast_finds_the_same_content_mistakes_without_rendering(mini: Path, capsys):
    (mini / "site_data" / "products").mkdir(parents=True, exist_ok=True)
    (mini / "site_data" / "products" / "a.yml").write_text("name: Chè\nprovince: Tỉnh Không Có\n", encoding="utf-8")
    full = run_cli(["--root", str(mini), "--lang", "en", "check"], capsys)
    fast = run_cli(["--root", str(mini), "--lang", "en", "check", "--fast"], capsys)
    assert full[0] == fast[0] == 1 and full[2] == fast[2] and "a.yml:" in fast[2]
    # What only rendering finds (a template mistake) is left to `check` and `build`, as its help says.
    (mini / "site_data" / "products" / "a.yml").unlink()
    template = mini / "templates" / "directory.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ title }}", "{{ title | no_such_filter }}"),
                        encoding="utf-8")
    assert run_cli(["--root", str(mini), "check", "--fast"], capsys)[0] == 0
    code, _, err = run_cli(["--root", str(mini), "--lang", "en", "check"], capsys)
    assert code == 1 and "Traceback" not in err and "templates/directory.html:" in err and "no_such_filter" in err
