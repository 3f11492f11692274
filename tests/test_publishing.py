"""Drafts, embargoed and expired items: absent from every public output, marked in preview."""

from pathlib import Path

import pytest

from generator.outputs.search import read_doc
from tests.conftest import run_cli, write

# Synthetic test data (never published).
PRODUCTS = """\
- id: cong-khai
  name: Sản phẩm công khai
  establishment: Cơ sở A
  province: Hà Nội
  year: 2024
  published: 2025-01-02
  updated: 2025-03-04
  change_note: Bổ sung ảnh
  source: https://example.org/a
- id: ban-nhap
  name: Sản phẩm bản nháp
  establishment: Cơ sở B
  province: Hà Nội
  draft: true
  source: https://example.org/b
- id: cam-dang
  name: Sản phẩm chưa đến ngày
  establishment: Cơ sở C
  province: Hà Nội
  publish_date: 2026-06-01
  source: https://example.org/c
- id: het-han
  name: Sản phẩm hết hạn
  establishment: Cơ sở D
  province: Hà Nội
  expires: 2025-12-31
  source: https://example.org/d
"""
PROJECT = """\
- id: du-an
  title: Dự án liên kết
  kind: mo-hinh
  activity: mo-hinh-trinh-dien
  province: Hà Nội
  products: [cong-khai, ban-nhap]
  published: 2025-02-01
  source: https://example.org/e
"""
NEWS = ("---\ntitle: Tin có liên kết\ndate: 2025-05-05\nsummary: Tóm tắt\nsource: https://example.org/a\n---\n\nXem "
        "[sản phẩm chưa đăng](../../san-pham/cam-dang/) và [sản phẩm công khai](../../san-pham/cong-khai/).\n")
HIDDEN = ("ban-nhap", "cam-dang", "het-han")


@pytest.fixture
def portal(mini: Path) -> Path:
    write(mini, {"site_data/products/p.yml": PRODUCTS, "site_data/projects/d.yml": PROJECT,
                 "content/tin-tuc/tin.md": NEWS,
                 "content/tin-tuc/nhap.md": "---\ntitle: Tin nháp\ndate: 2026-01-01\nsummary: Chưa đăng\ndraft: "
                                            "true\nsource: https://example.org/a\n---\nNội dung.\n"})
    return mini


def all_text(site: Path) -> str:
    """Every page, feed, calendar, sitemap and search index of a built site."""
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix
                     in (".html", ".xml", ".json", ".ics"))


def test_hidden_items_are_absent_from_every_output(portal: Path, capsys):
    code, _, err = run_cli(["--root", str(portal), "build", "--build-date", "2026-01-15"], capsys)
    assert code == 0, err
    site = portal / "site"
    for slug in HIDDEN:
        assert not (site / "san-pham" / slug).exists()
    assert not (site / "tin-tuc" / "nhap").exists()
    everything = all_text(site)
    for slug in HIDDEN:
        assert f"san-pham/{slug}/" not in everything, slug  # no page, listing, feed, sitemap, search entry, link
    assert "Tin nháp" not in everything and "Sản phẩm bản nháp" not in everything
    indexed = [read_doc(p.read_bytes())["u"] for p in (site / "search/d").glob("*.json.gzip")]
    assert "san-pham/cong-khai/" in indexed and not [u for u in indexed if any(s in u for s in HIDDEN)]
    # the links to hidden items were reported, and their text kept without a link
    assert ("site_data/projects/d.yml:6:25: products[1]: (cảnh báo) liên kết tới sản phẩm 'ban-nhap' đang ẩn (bản nháp)"
            in err)
    assert "content/tin-tuc/tin.md:2:1: (cảnh báo) liên kết tới sản phẩm 'cam-dang' đang ẩn (chưa đến ngày đăng)" in err
    news = (site / "tin-tuc/tin/index.html").read_text(encoding="utf-8")
    assert "Xem sản phẩm chưa đăng và <a" in news
    product = (site / "san-pham/cong-khai/index.html").read_text(encoding="utf-8")
    assert "Đăng trên cổng ngày <time datetime=\"2025-01-02\">02/01/2025</time>" in product
    assert "Cập nhật lần cuối <time datetime=\"2025-03-04\">04/03/2025</time>: Bổ sung ảnh" in product


def test_embargo_lifts_on_its_date(portal: Path, capsys):
    code, _, err = run_cli(["--root", str(portal), "build", "--build-date", "2026-06-01"], capsys)
    assert code == 0, err
    assert (portal / "site/san-pham/cam-dang/index.html").exists()
    assert "san-pham/cam-dang/" in (portal / "site/tin-tuc/tin/index.html").read_text(encoding="utf-8")
    assert "san-pham/cam-dang/" in (portal / "site/sitemap.xml").read_text(encoding="utf-8")


def test_preview_shows_hidden_items_marked(portal: Path, capsys, monkeypatch):
    monkeypatch.setenv("KHUYENCONG_PREVIEW", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("KHUYENCONG_BUILD_DATE", "2026-01-15")
    out = portal / "preview"
    build(load_config(str(portal / "mkdocs.yml"), site_dir=str(out)))
    for slug, label in [("ban-nhap", "Bản nháp — chưa công khai"), ("cam-dang", "Chưa đến ngày đăng — chưa công khai"),
                        ("het-han", "Đã hết hạn đăng — không còn công khai")]:
        page = (out / "san-pham" / slug / "index.html").read_text(encoding="utf-8")
        assert f'<p class="kc-hidden" role="note"><strong>{label}.</strong>' in page
    listing = (out / "san-pham/index.html").read_text(encoding="utf-8")
    assert listing.count('class="kc-hidden-badge"') == 3
    assert (out / "tin-tuc/nhap/index.html").exists()


def test_check_counts_hidden_items(portal: Path, capsys):
    code, out, err = run_cli(["--root", str(portal), "check", "--build-date", "2026-01-15"], capsys)
    assert code == 0
    assert "1 sản phẩm" in out and "4 mục đang ẩn" in out
    assert err.startswith("2 cảnh báo (trang vẫn được dựng):")
