"""Pictures load in a real browser whatever their file is named: Vietnamese letters, spaces, commas
and characters that mean something in an address, after the release step has fingerprinted them,
whether data (a product's `images`), a news item (its `image`) or a hand-written page names them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import serve
from tests.conftest import copy_portal, module_folder, write
from tests.test_images import ODD_NAME, PRODUCT, jpeg

pytestmark = pytest.mark.browser

NAME = "assets/anh/Ảnh sản phẩm, mới.jpg"
NEWS = """---
title: {title}
date: 2025-01-02
summary: Tóm tắt
image:
  file: "{file}"
  alt: Gian hàng hội chợ
  credit: Ảnh của bộ kiểm thử
  licence: CC BY 4.0
source: https://example.org/a
---

Nội dung.

![Trong bài](<../../{in_body}>)
"""
PAGE = f"""# Ảnh sản phẩm

![Sản phẩm mới](<{NAME}>)
"""
# The page → its picture's width, the one every candidate of its `srcset` and its `src` are checked against.
PAGES = {"san-pham/che-tan-cuong/": 1200, "tin-tuc/hoi-cho/": 1200, "tin-tuc/ten-la/": 1000}


@pytest.fixture(scope="module")
def odd_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with module_folder(request, tmp_path_factory, "odd") as work:
        yield from _odd_site(copy_portal(work / "portal", with_data=False))


def _odd_site(root: Path) -> Iterator[str]:
    write(root, {
        "site_data/products/a.yml": PRODUCT.replace("assets/anh/che.jpg", f'"{NAME}"'),
        "content/tin-tuc/hoi-cho.md": NEWS.format(title="Hội chợ", file=NAME, in_body=NAME),
        # In a Markdown address '#' starts the fragment: the writer encodes it (a bare '%' stays a '%').
        "content/tin-tuc/ten-la.md": NEWS.format(title="Tên lạ", file=ODD_NAME, in_body=ODD_NAME.replace("#", "%23")),
        "content/anh-san-pham.md": PAGE,
        f"content/{NAME}": jpeg(1200, 800),
        f"content/{ODD_NAME}": jpeg(1000, 600),
    })
    code = __import__("generator.cli", fromlist=["main"]).main(["--root", str(root), "build", "--build-date",
                                                                "2026-11-22"])
    assert code == 0
    yield from serve(root / "site")


LOAD = """src => new Promise(done => { const i = new Image(); i.onload = () => done(i.naturalWidth);
                                  i.onerror = () => done(0); i.src = src; })"""


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("address", list(PAGES))
def test_a_picture_with_an_odd_name_loads(page: Page, odd_site: str, outside_requests: list[str], width: int,
                                          address: str):
    """The WebP the browser picks from `srcset` (a small one on a phone) and the original in `src`
    both load: naturalWidth > 0; and every other candidate of `srcset` loads at its stated width."""
    page.set_viewport_size({"width": width, "height": 800})
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(odd_site + address)
    img = page.locator("figure.kc-figure img")
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    assert img.evaluate("img => img.currentSrc").endswith(".webp")
    fallback = img.evaluate("img => new URL(img.getAttribute('src'), document.baseURI).href")
    assert page.evaluate(LOAD, fallback) == PAGES[address]
    srcset = page.locator("figure.kc-figure source[type='image/webp']").evaluate(
        "s => s.srcset.split(', ').map(c => c.split(' ')).map(([u, w]) => [new URL(u, document.baseURI).href, w])")
    assert [w for _, w in srcset] == ["480w", "960w", f"{PAGES[address]}w"]
    for url, w in srcset:
        assert page.evaluate(LOAD, url) == int(w[:-1]), url
    assert failed == [] and outside_requests == []


@pytest.mark.parametrize(("address", "alt", "width"), [("anh-san-pham/", "Sản phẩm mới", 1200),
                                                       ("tin-tuc/hoi-cho/", "Trong bài", 1200),
                                                     ("tin-tuc/ten-la/", "Trong bài", 1000)])
def test_a_picture_markdown_shows_loads(page: Page, odd_site: str, outside_requests: list[str], address: str, alt: str,
                                        width: int):
    """A hand-written page (rendered by MkDocs) and a news item's body (rendered by the portal) name
    the picture in Markdown (`![…](<…>)`); both encode the address, and the release step's
    fingerprint still finds it."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(odd_site + address)
    img = page.locator(f"article img[alt='{alt}']")
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    assert img.evaluate("img => img.naturalWidth") == width
    assert "." in img.get_attribute("src").rsplit("/", 1)[-1].removesuffix(".jpg")  # fingerprinted
    assert failed == [] and outside_requests == []
