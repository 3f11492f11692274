"""Injected markup never runs: not on item pages, listings, or in search results."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serve
from tests.conftest import copy_portal, run_cli, write

pytestmark = pytest.mark.browser

EVIL = "<img src=x onerror=alert(1)><script>alert(2)</script>"


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    root = copy_portal(tmp_path_factory.mktemp("evil") / "portal", with_data=False)
    write(root, {
        "site_data/products/x.yml": (
            f"- id: doc-hai\n  name: 'Độc hại {EVIL}'\n  establishment: '{EVIL}'\n  province: Hà Nội\n"
            f"  description: '{EVIL}'\n  source: https://example.org/a\n"
        ),
    })
    code = __import__("generator.cli", fromlist=["main"]).main(["--root", str(root), "build", "--build-date", "2026-01-01"])
    assert code == 0
    yield from serve(root / "site")


def test_no_dialog_on_pages_or_search(page: Page, evil_site: str):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("san-pham/doc-hai/", "san-pham/", "tinh-thanh/ha-noi/"):
        page.goto(evil_site + path)
        expect(page.locator("h1")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Hà Nội")
    page.goto(evil_site + "san-pham/doc-hai/")
    expect(page.locator("h1")).to_contain_text("<script>alert(2)</script>")
    page.goto(evil_site + "tim-kiem/?q=%C4%91%E1%BB%99c+h%E1%BA%A1i+script")  # "độc hại script"
    expect(page.locator(".kc-result__title").first).to_contain_text("<script>alert(2)</script>")
    expect(page.locator("#kc-results")).to_have_attribute("aria-busy", "false")
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
