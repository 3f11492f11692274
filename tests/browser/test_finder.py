"""The finder "Tôi được hỗ trợ gì?" in a real browser: with JavaScript a form, without it links."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_choosing_a_former_province_leads_to_the_answer(page: Page, site_url: str, outside_requests, shoot):
    page.goto(site_url + "ho-tro/")
    page.get_by_label("Loại hình cơ sở").select_option(label="Hợp tác xã, liên hiệp hợp tác xã")
    page.get_by_label("Tỉnh, thành phố (có thể chọn tên trước sáp nhập)").select_option(label="Tiền Giang (nay thuộc Đồng Tháp)")
    page.get_by_label("Nhu cầu").select_option(label="Mô hình trình diễn kỹ thuật")
    page.get_by_role("button", name="Xem mức hỗ trợ").click()
    expect(page).to_have_url(site_url + "ho-tro/mo-hinh-trinh-dien/dong-thap/#hop-tac-xa")
    answer = page.locator("section#hop-tac-xa")
    expect(answer).to_contain_text("Có thể được hỗ trợ.")
    expect(answer.locator("table.kc-levels")).to_contain_text("1 tỷ đồng/mô hình")
    expect(answer.locator("table.kc-levels")).to_contain_text("Nghị quyết 08/2024/NQ-HĐND")
    shoot("finder-answer")
    assert outside_requests == []


def test_keyboard_only(page: Page, site_url: str):
    page.goto(site_url + "ho-tro/")
    page.get_by_label("Loại hình cơ sở").focus()
    page.keyboard.press("End")  # last kind: large enterprise
    page.keyboard.press("Tab")
    page.keyboard.press("Home")  # "— chọn —", then the first province
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Home")  # "— chọn —", then the first need
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + "ho-tro/may-moc-cong-nghe/an-giang/#doanh-nghiep-lon")
    expect(page.locator("section#doanh-nghiep-lon")).to_contain_text("Không được hỗ trợ về nội dung này.")


def test_a_shared_link_with_choices_opens_the_answer(page: Page, site_url: str):
    page.goto(site_url + "ho-tro/?loai=ho-kinh-doanh&tinh=cao-bang&can=may-moc-cong-nghe")
    expect(page).to_have_url(site_url + "ho-tro/may-moc-cong-nghe/cao-bang/#ho-kinh-doanh")


def test_without_javascript_the_links_reach_every_answer(browser, site_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "ho-tro/")
    expect(page.locator("#kc-finder")).to_be_hidden()
    page.get_by_role("link", name="Máy móc thiết bị, dây chuyền công nghệ").click()
    page.get_by_role("link", name="Bắc Giang (nay thuộc Bắc Ninh)").click()
    expect(page).to_have_url(site_url + "ho-tro/may-moc-cong-nghe/bac-ninh/")
    page.get_by_role("link", name="Doanh nghiệp nhỏ và vừa").first.click()
    expect(page.locator("section#doanh-nghiep-nho-va-vua")).to_contain_text("300 triệu đồng/cơ sở")
    context.close()
