"""The language switch, as a reader uses it: on a phone and on a desktop, each way."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_the_switch_leads_to_the_same_page_in_english_on_a_phone(page: Page, site_url: str):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + "danh-ba/")
    switch = page.locator("a.kc-lang-switch")
    expect(switch).to_be_visible()
    expect(switch).to_have_text("ENEnglish")  # "EN" shown, the full name kept for screen readers
    expect(switch).to_have_accessible_name("English")
    # a thumb's target
    assert switch.bounding_box()["width"] >= 44 * 0.9 and switch.bounding_box()["height"] >= 44 * 0.9
    switch.click()
    page.wait_for_url(site_url + "en/directory/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Contact directory")


def test_the_switch_leads_back_to_vietnamese_on_a_desktop(page: Page, site_url: str):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "en/legal-texts/")
    expect(page.locator("#kc-nav > ul > li > a[aria-current]")).to_have_text("Legal texts")
    switch = page.get_by_role("link", name="Tiếng Việt", exact=True)
    expect(switch).to_be_visible()
    switch.click()
    page.wait_for_url(site_url + "van-ban/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    # A page with no English version leads to the English section's first page.
    page.goto(site_url + "san-pham/")
    page.get_by_role("link", name="English", exact=True).first.click()
    page.wait_for_url(site_url + "en/")
    expect(page.locator("h1")).to_have_text("About the industrial promotion portal")
