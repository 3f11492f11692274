"""Listings stay small at scale: pagination and per-province lists beyond the preview."""

import subprocess
import sys
from pathlib import Path

import pytest
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


def test_pager_shows_the_ends_and_the_pages_around_this_one():
    from generator.paging import paginate, pager_numbers

    assert pager_numbers(1, 1) == [1]
    assert pager_numbers(2, 3) == [1, 2, 3]
    assert pager_numbers(1, 40) == [1, 2, 3, None, 40]
    assert pager_numbers(6, 40) == [1, None, 4, 5, 6, 7, 8, None, 40]
    assert pager_numbers(4, 40) == [1, 2, 3, 4, 5, 6, None, 40]
    assert pager_numbers(40, 40) == [1, None, 38, 39, 40]
    parts = paginate("van-ban", "van-ban/", list(range(65)))
    assert [(p.uri, p.url, len(p.entries)) for p in parts] == [
        ("van-ban/index.md", "van-ban/", 30), ("van-ban/trang/2.md", "van-ban/trang/2/", 30),
        ("van-ban/trang/3.md", "van-ban/trang/3/", 5)]
    assert parts[1].pager == [(1, "van-ban/"), (2, "van-ban/trang/2/"), (3, "van-ban/trang/3/")]
    assert [p.url for p in paginate("en/legal-texts", "en/legal-texts/", list(range(31)),
                                    segment="page")] == ["en/legal-texts/", "en/legal-texts/page/2/"]
    assert len(paginate("x", "x/", [])) == 1


@pytest.mark.slow  # a synthetic portal of 1,500 items, built in a process of its own
def test_no_page_grows_with_the_portal(tmp_path: Path):
    """Issue 17, "sound at 100,000 items": on a synthetic portal of 1,500 items (never published),
    no page links more than a bounded number of items: listings, progress tables, events and the
    English legal texts come a page at a time, hubs show a preview of each kind. Every item still
    has a page, and every page of a list is reached from the list's first page through the pagers."""
    import re

    from bench.synth import make_portal
    from generator.paging import PAGE_SIZE
    from generator.pages.render import PREVIEW
    from generator.site import Paths, load_catalog
    from tests.conftest import BUILD_DATE
    import datetime as dt

    root = make_portal(tmp_path / "portal", 1500)
    code = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--build-date", BUILD_DATE],
                          capture_output=True, text=True)
    assert code.returncode == 0, code.stderr
    cat = load_catalog(Paths(root), dt.date.fromisoformat(BUILD_DATE))
    items = {e.url for kind in ("news", "products", "projects", "legal", "events") for e in getattr(cat, kind)}
    site = root / "site"
    bound = 5 * PREVIEW + PAGE_SIZE  # a hub's previews of five kinds, or a page of a list, and a few related items
    linked: dict[str, int] = {}
    for path in site.rglob("index.html"):
        url = path.parent.relative_to(site).as_posix() + "/" if path.parent != site else ""
        doc = lhtml.fromstring(path.read_bytes())
        doc.make_links_absolute("http://x/" + url)
        found = {h[len("http://x/"):] for h in doc.xpath("//main//a/@href") if h.startswith("http://x/")}
        linked[url] = len(found & items)
    worst = max(linked, key=linked.get)
    assert linked[worst] <= bound, (worst, linked[worst])
    print("most items linked from one page:", worst, linked[worst])
    assert all((site / u / "index.html").exists() for u in items)
    # The long lists really are long here, so the bound above is not met by accident.
    assert len(cat.projects) > 2 * bound and len(cat.legal) > bound
    assert (site / "de-an/tien-do/trang/2/index.html").exists() and (site / "en/legal-texts/page/2/index.html").exists()
    last = max(int(m.group(1)) for p in (site / "van-ban/trang").iterdir() if (m := re.fullmatch(r"(\d+)", p.name)))
    first = lhtml.fromstring((site / "van-ban/index.html").read_bytes())
    assert first.xpath("//nav[@aria-label='Phân trang']//a[@aria-label=$t][normalize-space()=$n]/@href",
                       t=f"Trang {last}", n=str(last))
