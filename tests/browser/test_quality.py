"""Quality gates in a real browser, on one page of every template of the sample portal.

- axe-core (WCAG 2.1 A and AA rules) reports no violation, at 1280 and at 360 px;
- the page is Vietnamese (`lang="vi"`), fits a 360 px screen without sideways scrolling, and
  asks nothing of another host (fonts, scripts, images, analytics);
- keyboard: the first Tab reaches a visible skip link to the content, focus is visibly marked,
  and every control of the finder and search forms is reached by Tab alone.
Screenshots of every page type at both widths are saved in test-artifacts/screens/.
"""

from __future__ import annotations


import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, axe_violations, explain, settle


# One page of each template (page type → address in the sample portal).
PAGES = {
    "home": "",
    "news-list": "tin-tuc/",
    "news-year": "tin-tuc/2026/",
    "news": "tin-tuc/2023-12-15-ton-vinh-173-san-pham-cap-quoc-gia/",
    "events": "su-kien/",
    "event": "su-kien/binh-chon-san-pham-cnnt-tieu-bieu-quang-nam-2024/",
    "products": "san-pham/",
    "product": "san-pham/banh-chung-ba-ba-hoi/",
    "projects": "de-an/",
    "project": "de-an/bao-ton-phat-trien-gom-bo-bat-ninh-binh/",
    "legal-list": "van-ban/",
    "legal-filtered": "van-ban/loai/nghi-dinh/",
    "legal": "van-ban/235-2025-nd-cp/",
    "provinces": "tinh-thanh/",
    "province": "tinh-thanh/dong-thap/",
    "province-chart": "tinh-thanh/bac-ninh/",
    "figures": "so-lieu/",
    "tile-map": "so-lieu/ban-do/tong-kinh-phi/",
    "progress": "de-an/tien-do/",
    "progress-filtered": "de-an/tien-do/tinh/cao-bang/",
    "topics": "chu-de/",
    "topic": "chu-de/chinh-sach/",
    "finder": "ho-tro/",
    "finder-need": "ho-tro/may-moc-cong-nghe/",
    "finder-answer": "ho-tro/may-moc-cong-nghe/bac-ninh/",
    "levels": "muc-ho-tro/",
    "levels-province": "muc-ho-tro/dong-thap/",
    "procedures": "thu-tuc/",
    "procedure": "thu-tuc/de-an-quoc-gia/",
    "questions": "hoi-dap/",
    "directory": "danh-ba/",
    "search-results": "tim-kiem/?q=khuyen+cong",
    "subscribe": "theo-doi/",
    "open-data": "du-lieu/",
    "about": "gioi-thieu/",
    "accessibility": "tiep-can/",
    "compliance": "thong-tin-theo-nghi-dinh-42/",
    "review": "quan-tri/ra-soat/",
    "not-found": "404.html",
    # The English section (generator/pages/english.py).
    "en-about": "en/",
    "en-directory": "en/directory/",
    "en-levels": "en/support-levels/",
    "en-legal": "en/legal-texts/",
    "en-figures": "en/figures/",
    "en-subscribe": "en/subscribe/",
}


@pytest.mark.parametrize("width", [1280, 768, 360])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_template_passes_axe_and_fits_a_phone(page: Page, site_url: str, outside_requests: list[str], name: str,
                                                    width: int):
    page.set_viewport_size({"width": width, "height": 800})
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and
            not r.url.endswith("404.html") else None)
    page.goto(site_url + PAGES[name])
    if name == "search-results":
        expect(page.locator(".kc-result").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == ("en" if name.startswith("en-") else "vi")
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screens" / f"{name}-{width}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, f"{PAGES[name]} at {width}px:\n{explain(violations)}"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{PAGES[name]} scrolls sideways by {overflow}px at {width}px"
    page.wait_for_load_state("networkidle")
    assert failed == [], f"{PAGES[name]} asked for what the site does not have"
    assert outside_requests == []


def test_skip_link_and_visible_focus(page: Page, site_url: str):
    page.goto(site_url + PAGES["product"])
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Bỏ qua để đến nội dung")
    settle(page)  # Material fades the skip link in
    assert skip.evaluate("e => getComputedStyle(e).opacity") == "1" and skip.bounding_box()["height"] > 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#kc-main"
    page.keyboard.press("Tab")  # from the content on: its first link, not the header's or the menu's
    assert page.evaluate("document.getElementById('kc-main').contains(document.activeElement)")
    # Focus is drawn: a focused link has an outline (or a ring) that an unfocused one has not.
    link = page.locator("article a").first
    link.focus()
    drawn = (link.evaluate("e => { const s = getComputedStyle(e); return s.outlineStyle !== 'none' && "
                           "parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'; }"))
    assert drawn, "a focused link shows no outline"


@pytest.mark.parametrize("name, controls", [("finder", "#kc-finder select, #kc-finder button"),
                                            ("search-results",
                                             ".kc-search__form input, .kc-search__form summary, .kc-search__form "
                                             "button")])
def test_every_control_is_reached_by_tab(page: Page, site_url: str, name: str, controls: str):
    """From the skip link on, Tab alone walks through every control of the form, in order."""
    page.goto(site_url + PAGES[name])
    wanted = page.locator(controls)
    expect(wanted.first).to_be_visible()
    marks = [wanted.nth(i).evaluate("(e, i) => { e.dataset.kcMark = String(i); return i; }", i) for i
             in range(wanted.count())]
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    reached = []
    for _ in range(200):
        page.keyboard.press("Tab")
        mark = page.evaluate("document.activeElement && document.activeElement.dataset.kcMark")
        if mark is not None and int(mark) not in reached:
            reached.append(int(mark))
        if len(reached) == len(marks):
            break
    assert reached == marks, f"controls reached by Tab, in order: {reached} of {marks}"
