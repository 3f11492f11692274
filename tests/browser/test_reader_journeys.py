"""A reader's journeys through the sample portal in a real browser."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_home_to_product_to_province_to_project(page: Page, site_url: str, outside_requests, shoot):
    page.goto(site_url)
    expect(page).to_have_title("Cổng thông tin khuyến công")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Tất cả sản phẩm tiêu biểu").click()
    page.get_by_role("link", name="Gốm Bồ Bát").click()
    expect(page.locator("h1")).to_have_text("Gốm Bồ Bát")
    shoot("san-pham-1280")
    page.get_by_role("link", name="Ninh Bình").first.click()
    expect(page.locator("h1")).to_have_text("Ninh Bình")
    expect(page.get_by_text("hình thành từ việc hợp nhất Ninh Bình, Hà Nam và Nam Định")).to_be_visible()
    page.get_by_role("link", name="Hỗ trợ khôi phục nghề gốm Bồ Bát, Ninh Bình").click()
    expect(page.locator("h1")).to_have_text("Hỗ trợ khôi phục nghề gốm Bồ Bát, Ninh Bình")
    page.locator(".kc-grid__main").get_by_role("link", name="Nghị định 45/2012/NĐ-CP").click()
    expect(page.get_by_text("Còn hiệu lực, đã được sửa đổi, bổ sung")).to_be_visible()
    page.get_by_role("link", name="Nghị định 235/2025/NĐ-CP").first.click()
    expect(page.locator("h1")).to_have_text("Nghị định 235/2025/NĐ-CP")
    assert outside_requests == []


def test_former_province_and_breadcrumbs_on_a_phone(page: Page, site_url: str, outside_requests, shoot):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + "san-pham/gia-treo-khan/")
    expect(page.locator(".kc-grid__main").get_by_role("link", name="Quảng Nam (nay thuộc Đà Nẵng)")).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Đường dẫn")
    expect(crumbs.get_by_role("link", name="Sản phẩm công nghiệp nông thôn tiêu biểu")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page scrolls sideways on a phone: {width}px"
    shoot("san-pham-360")
    assert outside_requests == []


def test_search_finds_a_product_and_nothing_leaves_the_site(page: Page, site_url: str, outside_requests):
    page.goto(site_url)
    box = page.get_by_role("searchbox", name="Tìm kiếm trên cổng")
    box.press_sequentially("Bồ Bát", delay=20)
    box.press("Enter")
    expect(page.locator(".kc-result__title").first).to_contain_text("Bồ Bát")
    assert "Gốm Bồ Bát" in page.locator(".kc-result__title").all_text_contents()
    assert outside_requests == []


def test_news_to_its_topic_to_the_topic_feed(page: Page, site_url: str, outside_requests, shoot):
    page.goto(site_url + "tin-tuc/")
    page.get_by_role("link", name="Tôn vinh 173 sản phẩm", exact=False).first.click()
    expect(page.locator("h1")).to_contain_text("173")
    shoot("tin-tuc-1280")
    page.locator("article").get_by_role("link", name="Sản phẩm công nghiệp nông thôn tiêu biểu").first.click()
    expect(page.locator("h1")).to_have_text("Sản phẩm công nghiệp nông thôn tiêu biểu")
    shoot("chu-de-1280")
    feed = page.get_by_role("link", name="Theo dõi: Chủ đề: Sản phẩm công nghiệp nông thôn tiêu biểu (RSS)")
    href = feed.get_attribute("href")
    response = page.request.get(page.url + href)
    assert response.ok and response.headers["content-type"].startswith(("application/rss+xml", "application/xml",
                                                                        "text/xml"))
    assert "<rss" in response.text() and "173" in response.text()  # the news item we came from is in it
    assert page.locator('link[rel~="alternate"][type="application/rss+xml"]').get_attribute("href") == href
    assert outside_requests == []
