"""The figures pages as a reader uses them: the tile map by keyboard and without JavaScript,
its table alternative, the charts' images and downloads, the progress filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import chart_label_problems, chart_pages

pytestmark = pytest.mark.browser


def test_tile_map_by_keyboard(page: Page, site_url: str, outside_requests: list[str]):
    page.goto(site_url + "so-lieu/")
    tiles = page.locator("ul.kc-tilemap > li > a")
    expect(tiles).to_have_count(34)
    first = tiles.first
    first.focus()
    names = []
    for _ in range(34):  # Tab walks the tiles one after another, in reading order
        names.append(page.evaluate("document.activeElement.querySelector('.kc-tile__name').textContent"))
        page.keyboard.press("Tab")
    assert len(set(names)) == 34
    # Enter on Bắc Ninh's tile opens its page, where its figures are
    page.locator("ul.kc-tilemap a", has_text="Bắc Ninh").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + "tinh-thanh/bac-ninh/")
    expect(page.locator("#khuyen-cong-tai")).to_be_visible()
    assert not outside_requests


def test_tile_map_and_charts_without_javascript(browser, site_url: str):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + "so-lieu/")
    summary = page.locator("details.kc-tilemap-table summary")
    summary.click()
    rows = page.locator("details.kc-tilemap-table tbody tr")
    expect(rows).to_have_count(34)
    page.locator("div.kc-legend a", has_text="Tổng kinh phí").click()
    expect(page).to_have_url(site_url + "so-lieu/ban-do/tong-kinh-phi/")
    # each chart's image loads (naturalWidth > 0) and its CSV downloads (the test portal's charts
    # compare Bắc Ninh's former units: nothing else in it is comparable like with like)
    page.goto(site_url + "tinh-thanh/bac-ninh/")
    imgs = page.locator("img.kc-chart__img")
    assert imgs.count() >= 1
    for i in range(imgs.count()):
        imgs.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=imgs.nth(i).element_handle())
    with page.expect_download() as info:
        page.locator("a[download]").first.click()
    assert info.value.suggested_filename.endswith(".csv")
    context.close()


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 800)])
def test_every_chart_label_is_readable_at_phone_and_desktop_widths(page: Page, portal_site: Path, site_url: str,
                                                                   outside_requests: list[str], width: int,
                                                                   height: int):
    """Each chart's SVG, as the browser picks and shows it at this width: every label at least
    11 px once the SVG is scaled to the width it is shown at, no two labels overlapping, no
    sideways scrolling."""
    pages = chart_pages(portal_site)
    assert "tinh-thanh/bac-ninh/" in pages
    problems = [p for url in pages for p in chart_label_problems(page, site_url + url, width, height)]
    assert problems == []
    assert outside_requests == []


def test_progress_filters_are_links(page: Page, site_url: str):
    page.goto(site_url + "de-an/tien-do/")
    link = page.locator("nav[aria-label='Lọc đề án'] a").first
    label = link.inner_text()
    link.click()
    expect(page.locator("nav[aria-label='Lọc đề án'] strong[aria-current='page']")).to_have_text(label)
    count = int(label.rsplit("(", 1)[1].rstrip(")"))
    expect(page.locator("section[aria-labelledby^='tt-'] tbody tr")).to_have_count(count)
