"""Listings stay small at scale: pagination and per-province lists beyond the preview."""

from pathlib import Path

from lxml import html as lhtml

from tests.conftest import run_cli, write


def test_pagination_and_province_overflow(mini: Path, capsys):
    # Synthetic test data (never published): 65 products in one province.
    items = "".join(
        f"- id: sp-{i:03d}\n  name: Sản phẩm thử {i:03d}\n  establishment: Cơ sở {i}\n  province: Bắc Giang\n"
        f"  level: tinh\n  year: {2010 + i % 15}\n  source: https://example.org/{i}\n"
        for i in range(65)
    )
    write(mini, {"site_data/products/thu.yml": items})
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-01-01"], capsys)
    assert code == 0, err
    site = mini / "site"

    def cards(rel: str) -> int:
        return len(lhtml.fromstring((site / rel / "index.html").read_bytes()).xpath("//ul[@class='kc-cards']/li"))

    assert [cards("san-pham"), cards("san-pham/trang/2"), cards("san-pham/trang/3")] == [30, 30, 5]
    assert not (site / "san-pham/trang/4").exists()
    province = lhtml.fromstring((site / "tinh-thanh/bac-ninh/index.html").read_bytes())
    assert cards("tinh-thanh/bac-ninh") == 12
    assert "san-pham/" in province.xpath("//a[normalize-space()='Xem tất cả 65 mục']/@href")
    assert [cards("tinh-thanh/bac-ninh/san-pham"), cards("tinh-thanh/bac-ninh/san-pham/trang/3")] == [30, 5]
    page2 = lhtml.fromstring((site / "san-pham/trang/2/index.html").read_bytes())
    assert page2.xpath("//nav[@aria-label='Phân trang']//span[@aria-current='page']/text()") == ["2"]


def test_heading_anchors_keep_d_stroke(portal_site: Path):
    about = lhtml.fromstring((portal_site / "gioi-thieu/index.html").read_bytes())
    assert {"nguon-du-lieu", "don-vi-hanh-chinh"} <= set(about.xpath("//h2/@id"))
