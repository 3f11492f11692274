"""The frame of every page as a reader meets it, on the test portal: every kind of page on a phone
and a wide screen (tests/browser/reading.py), the menu by keyboard and without a script, the
agency in the footer, the portal's mark, favicon and web manifest."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.reading import SIZES, html_codesniffer_errors, reading_failures

pytestmark = pytest.mark.browser


def test_every_kind_of_page_reads_on_a_phone_and_a_wide_screen(page: Page, site_url: str, portal_root,
                                                               outside_requests: list[str]):
    failures = reading_failures(page, site_url, portal_root)
    assert not failures, "\n".join(failures)
    assert outside_requests == []


@pytest.mark.parametrize("width,height", SIZES)
def test_html_codesniffer_finds_no_error_on_any_kind_of_page(site_url: str, portal_root, width: int, height: int):
    found = html_codesniffer_errors(site_url, portal_root, width, height)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)[:4000]


def test_the_menu_by_keyboard_and_without_a_script(browser, site_url: str):
    """Tab reaches the menu's button, Enter opens it, Escape closes it and leaves focus on it;
    without JavaScript a tap still opens it onto the sections."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + "tin-tuc/")
    button = page.locator("details.kc-menu > summary")
    expect(button).to_have_accessible_name("Danh mục")
    for _ in range(12):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    assert button.evaluate("b => b === document.activeElement"), "Tab never reaches the menu's button"
    page.keyboard.press("Enter")
    panel = page.get_by_role("navigation", name="Danh mục chính")
    expect(panel).to_be_visible()
    # a section with several pages: its name heads the list of them (the list's name, not a second
    # link to the same page, which the tab is on a wide screen); the page is marked in the list
    pages = panel.get_by_role("list", name="Tin tức", exact=True)
    expect(pages.get_by_role("link", name="Tin tức", exact=True)).to_have_attribute("aria-current", "page")
    expect(panel.get_by_role("link", name="Tin tức", exact=True)).to_have_count(1)
    assert pages.evaluate("l => getComputedStyle(l, '::before').content").startswith('"Tin tức"')
    page.keyboard.press("Tab")
    expect(panel.get_by_role("link", name="Trang chủ")).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert button.evaluate("b => b === document.activeElement")
    # Tab past the panel's last link closes it: the focus never goes under it
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    last = panel.locator("a").last
    expect(last).to_have_text("Giới thiệu")  # a section's pages are listed on its own pages only
    last.focus()
    page.keyboard.press("Tab")
    expect(panel).to_be_hidden()
    # a tap on the dimmed page beside the panel closes it and follows nothing, though a link is under it
    page.set_viewport_size({"width": 768, "height": 900})
    link = page.locator("main a[href]").first
    box = link.bounding_box()
    button.click()  # the button is above the dimmed page: a click there reaches it (Playwright clicks what is on top)
    expect(panel).to_be_visible()
    x, y = box["x"] + 2, box["y"] + box["height"] / 2
    assert x < 768 - 22 * 16 and page.evaluate("([x, y]) => document.elementFromPoint(x, y) === document.body", [x, y])
    page.mouse.click(x, y)
    expect(panel).to_be_hidden()
    assert page.url == site_url + "tin-tuc/"
    button.click()
    expect(panel).to_be_visible()
    button.click()  # the button closes it too
    expect(panel).to_be_hidden()
    button.click()
    expect(panel.get_by_role("link", name="Mức hỗ trợ")).to_have_count(0)  # another section's pages: on its pages
    panel.get_by_role("link", name="Hỗ trợ", exact=True).click()  # a link in the panel is on top and leads on
    page.wait_for_url(site_url + "ho-tro/")
    context.close()
    # opened on a page far down the list, the panel shows the reader's place
    short = browser.new_context(viewport={"width": 360, "height": 640}, bypass_csp=True)
    page = short.new_page()
    page.goto(site_url + "tiep-can/")
    page.locator("details.kc-menu > summary").click()
    panel = page.get_by_role("navigation", name="Danh mục chính")
    expect(panel.get_by_role("link", name="Khả năng tiếp cận")).to_be_in_viewport()
    short.close()
    plain = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False, bypass_csp=True)
    page = plain.new_page()
    page.goto(site_url + "ho-tro/")
    page.locator("details.kc-menu > summary").click()
    panel = page.get_by_role("navigation", name="Danh mục chính")
    expect(panel.get_by_role("link", name="Mức hỗ trợ")).to_be_visible()
    expect(panel.get_by_role("link", name="Tôi được hỗ trợ gì?")).to_have_attribute("aria-current", "page")
    plain.close()


def test_the_navigation_in_a_browser_without_has(browser, site_url: str):
    """A browser that does not know `:has` cannot show the navigation from the menu button's state:
    it gets the sections as a row under the header and the current section's pages under them, no
    button. Chromium knows `:has`, so the rules written for it are taken out of the page's styles."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + "ho-tro/")
    expect(page.locator("nav#kc-nav")).to_be_hidden()
    # what such a browser reads: the rules for `:has` taken out, those for its absence applied
    removed, unwrapped = page.evaluate("""() => {
        let n = 0, m = 0;
        for (const sheet of document.styleSheets) {
            let rules;
            try { rules = sheet.cssRules; } catch (e) { continue; }
            for (let i = rules.length - 1; i >= 0; i--) {
                const rule = rules[i];
                if (!(rule instanceof CSSSupportsRule) || !rule.conditionText.includes(":has")) continue;
                const inner = [...rule.cssRules].map(r => r.cssText);
                sheet.deleteRule(i);
                if (rule.conditionText.trim().startsWith("not")) {
                    inner.reverse().forEach(text => sheet.insertRule(text, i));
                    m++;
                } else {
                    n++;
                }
            }
        }
        return [n, m];
    }""")
    assert (removed, unwrapped) == (1, 0)
    nav = page.get_by_role("navigation", name="Danh mục chính")
    expect(page.locator("details.kc-menu > summary")).to_be_hidden()
    expect(nav.get_by_role("link", name="Văn bản", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Hỗ trợ", exact=True)).to_have_attribute("aria-current", "true")
    expect(nav.get_by_role("list", name="Tin tức", exact=True)).to_be_hidden()  # another section's pages
    pages = nav.get_by_role("list", name="Hỗ trợ", exact=True)  # the current section's: the row below
    expect(pages.get_by_role("link", name="Tôi được hỗ trợ gì?")).to_have_attribute("aria-current", "page")
    row = pages.bounding_box()
    tabs = [a.bounding_box() for a in nav.locator(":scope > ul > li > a").all()]
    assert row["y"] >= max(t["y"] + t["height"] for t in tabs) - 1  # under every section
    for link in pages.get_by_role("link").all():  # every page in sight: the band wraps, it does not scroll
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, link.inner_text()
    assert page.locator("main").bounding_box()["y"] >= row["y"] + row["height"] - 1  # it covers nothing
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_the_headers_search_on_a_phone_and_a_wide_screen(browser, site_url: str):
    """One search form in the header: on a wide screen its box; on a phone its button alone, which
    opens the search page with the cursor in the page's own box."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + "san-pham/")
    header = page.locator("header")
    expect(header.get_by_role("searchbox")).to_be_hidden()
    header.get_by_role("button", name="Tìm kiếm", exact=True).click()
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=$"))
    expect(page.locator("#kc-q")).to_be_focused()
    expect(page.get_by_role("status")).not_to_contain_text("kết quả")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "san-pham/")
    box = header.get_by_role("searchbox")
    expect(box).to_be_visible()
    box.fill("gốm")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q="))
    expect(page.get_by_role("status")).to_contain_text("kết quả")
    context.close()


def test_the_footer_names_the_agency_that_runs_the_portal(page: Page, site_url: str, sample_url: str):
    page.goto(site_url)
    footer = page.locator("footer.kc-footer")
    for text in ("Sở Công Thương tỉnh Thử Nghiệm", "Số 1 đường Thử Nghiệm", "0200 000 0000", "khuyencong@example.org"):
        expect(footer).to_contain_text(text)
    expect(footer.get_by_role("link",
                              name="khuyencong@example.org")).to_have_attribute("href", "mailto:khuyencong@example.org")
    page.goto(sample_url)
    expect(page.locator("footer.kc-footer")).to_contain_text("bản mẫu")
    expect(page.locator("footer.kc-footer dl")).to_have_count(0)  # the sample names no agency


def test_the_portal_mark_favicon_and_manifest(page: Page, site_url: str):
    page.goto(site_url)
    icons = page.evaluate(
        """() => [...document.querySelectorAll("link[rel~=icon], link[rel=apple-touch-icon], link[rel=manifest]")]
                              .map(l => [l.rel, l.href])""")
    rels = {rel for rel, _ in icons}
    assert {"icon", "apple-touch-icon", "manifest"} <= rels
    for _, href in icons:
        assert page.request.get(href).ok, href
    manifest = page.request.get(next(h for r, h in icons if r == "manifest")).json()
    assert manifest["short_name"] == "Khuyến công" and manifest["lang"] == "vi"
    for entry in manifest["icons"]:
        assert page.request.get(site_url + entry["src"]).ok
    page.set_viewport_size({"width": 360, "height": 740})
    brand = page.locator(".kc-brand")
    expect(brand).to_have_accessible_name("Khuyến công")
    assert brand.bounding_box()["width"] < 200  # the short name, not "C…"
    expect(page.locator(".kc-brand__mark")).to_be_visible()


@pytest.mark.parametrize("path,selector", [("theo-doi/", ".kc-tap-links"), ("danh-ba/", ".kc-tap-links")])
def test_links_set_in_a_row_are_a_thumbs_target_on_a_phone(page: Page, site_url: str, path: str, selector: str):
    """A feed's formats (RSS · Atom · JSON) and the list of provinces without a contact are links in
    a row: at 360 px each is at least 24 px high (WCAG 2.5.8), and no two overlap."""
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + path)
    boxes = page.eval_on_selector_all(selector + " a", """links => links.map(a => {
        const r = a.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })""")
    assert len(boxes) >= 3, path
    for x, y, w, h in boxes:
        assert h >= 24 and w >= 24, (path, x, y, w, h)
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1:]:
            apart = x + w <= x2 + 0.5 or x2 + w2 <= x + 0.5 or y + h <= y2 + 0.5 or y2 + h2 <= y + 0.5
            assert apart, (path, x, y, x2, y2)
