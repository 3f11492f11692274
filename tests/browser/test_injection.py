"""Injected markup never runs: not on item pages, listings, or in search results."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serve
from tests.conftest import copy_portal, module_folder, write

pytestmark = pytest.mark.browser

EVIL = "<img src=x onerror=alert(1)><script>alert(2)</script>"


@pytest.fixture(scope="module")
def evil_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    with module_folder(request, tmp_path_factory, "evil") as work:
        yield from _evil_site(copy_portal(work / "portal", with_data=False))


def _evil_site(root):
    q = f"'Độc hại {EVIL}'"  # every free-text field of every kind of entry carries it
    src = f"  source:\n    - url: https://example.org/a\n      title: {q}\n      publisher: {q}\n"
    write(root, {
        "site_data/products/x.yml": (
            f"- id: doc-hai\n  name: {q}\n  establishment: {q}\n  province: Hà Nội\n"
            f"  description: {q}\n  tags: [{q}]\n{src}"
        ),
        "site_data/projects/x.yml": (
            f"- id: de-an-doc-hai\n  title: {q}\n  kind: de-an\n  activity: may-moc-thiet-bi\n  province: Hà Nội\n"
            f"  beneficiary: {q}\n  summary: {q}\n  story: {q}\n  products: [doc-hai]\n{src}"
        ),
        "site_data/legal/x.yml": (
            f"- id: van-ban-doc-hai\n  type: quyet-dinh\n  number: 1/2025/QĐ-UBND\n  issuer: {q}\n  signer: {q}\n"
            f"  issued: 2025-01-02\n  abstract: {q}\n  effective_note: {q}\n  summary: {q}\n  province: Hà Nội\n{src}"
        ),
        "site_data/events/x.yml": (
            f"- id: su-kien-doc-hai\n  title: {q}\n  kind: hoi-nghi\n  start: 2026-03-02\n  place: {q}\n  province: "
            f"Hà Nội\n"
            f"  organiser: {q}\n  description: {q}\n{src}"
        ),
        "site_data/organisations/x.yml": (
            f"- id: co-quan-doc-hai\n  name: {q}\n  kind: so-cong-thuong\n  province: Hà Nội\n  address: {q}\n  "
            f"note: {q}\n{src}"
        ),
        "content/tin-tuc/doc-hai.md": f"---\ntitle: {q}\ndate: 2025-01-02\nsummary: {q}\nprovinces: [Hà Nội]\n"
                                      f"source: https://example.org/a\n---\n\nĐộc hại {EVIL}\n",
    })
    code = __import__("generator.cli", fromlist=["main"]).main(["--root", str(root), "build", "--build-date",
                                                                "2026-01-01"])
    assert code == 0
    yield from serve(root / "site")


def test_no_dialog_on_pages_or_search(page: Page, evil_site: str):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("san-pham/doc-hai/", "san-pham/", "tinh-thanh/ha-noi/", "de-an/de-an-doc-hai/",
                 "van-ban/van-ban-doc-hai/",
                 "su-kien/su-kien-doc-hai/", "tin-tuc/doc-hai/", "danh-ba/", "", "tin-tuc/", "van-ban/", "su-kien/"):
        page.goto(evil_site + path)
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator("main").first).to_contain_text("Độc hại")  # the payload is on the page, as text
        # Scripts that run (JSON-LD is data: it may quote the payload, but never as markup it could close).
        injected = ("[...document.querySelectorAll('script:not([type=\"application/ld+json\"])')].filter(s => "
                    "s.textContent.includes('alert(')).length"
                    " + document.querySelectorAll('img[src=\"x\"]').length")
        assert page.evaluate(injected) == 0, path
        data = (page.evaluate("[...document.querySelectorAll('script[type=\"application/ld+json\"]')].map(s => "
                              "s.textContent).join('')"))
        assert "<" not in data, path
    page.goto(evil_site + "san-pham/doc-hai/")
    expect(page.locator("h1")).to_contain_text("<script>alert(2)</script>")
    page.goto(evil_site + "tim-kiem/?q=%C4%91%E1%BB%99c+h%E1%BA%A1i+script")  # "độc hại script"
    expect(page.locator(".kc-result__title").first).to_contain_text("<script>alert(2)</script>")
    expect(page.locator("#kc-results")).to_have_attribute("aria-busy", "false")
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
