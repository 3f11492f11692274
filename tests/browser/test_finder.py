"""The finder "Tôi được hỗ trợ gì?" in a real browser: with JavaScript a form, without it links."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_choosing_a_former_province_leads_to_the_answer(page: Page, site_url: str, outside_requests, shoot):
    page.goto(site_url + "ho-tro/")
    page.get_by_label("Loại hình cơ sở").select_option(label="Hợp tác xã, liên hiệp hợp tác xã")
    page.get_by_label("Tỉnh, thành phố (có thể chọn tên trước sáp nhập)").select_option(
        label="Tiền Giang (nay thuộc tỉnh Đồng Tháp)")
    page.get_by_label("Nhu cầu").select_option(label="Mô hình trình diễn kỹ thuật")
    page.get_by_role("button", name="Xem mức hỗ trợ").click()
    expect(page).to_have_url(site_url + "ho-tro/mo-hinh-trinh-dien/tien-giang/#hop-tac-xa")
    expect(page.locator("h1")).to_contain_text("Tiền Giang (nay thuộc tỉnh Đồng Tháp)")  # the place the reader chose
    answer = page.locator("section#hop-tac-xa")
    expect(answer).to_contain_text("Có thể được hỗ trợ.")
    expect(answer.locator("table.kc-levels")).to_contain_text("1 tỷ đồng/mô hình")
    expect(answer.locator("table.kc-levels")).to_contain_text("Nghị quyết 08/2024/NQ-HĐND")
    shoot("finder-answer")
    assert outside_requests == []


@pytest.mark.parametrize("width", [360, 1280])
def test_the_answer_opens_with_its_heading_below_the_header(page: Page, site_url: str, width: int):
    """The address #kind points inside the kind's fold: the fold's heading (the kind and the verdict)
    is not left under the sticky header."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + "ho-tro/?loai=doanh-nghiep-nho-va-vua&tinh=cao-bang&can=may-moc-cong-nghe")
    expect(page).to_have_url(site_url + "ho-tro/may-moc-cong-nghe/cao-bang/#doanh-nghiep-nho-va-vua")
    heading = page.locator("h2#doanh-nghiep-nho-va-vua-h")
    expect(heading).to_be_visible()
    page.wait_for_function("() => scrollY > 0")
    header = page.locator(".md-header").bounding_box()
    box = heading.bounding_box()
    assert header is not None and box is not None
    assert box["y"] >= header["y"] + header["height"], (box, header)


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
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + "ho-tro/")
    expect(page.locator("#kc-finder")).to_be_hidden()
    page.get_by_role("link", name="Máy móc thiết bị, dây chuyền công nghệ").click()
    page.get_by_role("link", name="Bắc Giang (nay thuộc tỉnh Bắc Ninh)").click()
    expect(page).to_have_url(site_url + "ho-tro/may-moc-cong-nghe/bac-giang/")
    expect(page.locator("h1")).to_contain_text("Bắc Giang (nay thuộc tỉnh Bắc Ninh)")
    page.get_by_role("link", name="Doanh nghiệp nhỏ và vừa").first.click()
    expect(page.locator("section#doanh-nghiep-nho-va-vua")).to_contain_text("300 triệu đồng/cơ sở")
    context.close()


def test_in_a_city_the_form_asks_commune_ward_or_special_zone_then_the_craft_village(page: Page, site_url: str):
    """Only what decides the answer: nothing more for a province, the kind of place for a city, and for
    a ward whether it lies in a recognised craft village."""
    page.goto(site_url + "ho-tro/")
    page.get_by_label("Loại hình cơ sở").select_option(label="Hộ kinh doanh")
    page.get_by_label("Tỉnh, thành phố (có thể chọn tên trước sáp nhập)").select_option(label="Cao Bằng")
    expect(page.locator("fieldset.kc-finder__place:visible")).to_have_count(0)
    page.get_by_label("Tỉnh, thành phố (có thể chọn tên trước sáp nhập)").select_option(label="TP. Hồ Chí Minh")
    expect(page.locator("fieldset.kc-finder__place:visible")).to_have_count(1)
    page.get_by_label("Phường").check()
    page.get_by_label("Không").check()
    page.get_by_label("Nhu cầu").select_option(value="may-moc-cong-nghe")
    page.get_by_role("button", name="Xem mức hỗ trợ").click()
    expect(page).to_have_url(site_url + "ho-tro/may-moc-cong-nghe/ho-chi-minh/phuong-ngoai-lang-nghe/#ho-kinh-doanh")
    answer = page.locator("section#ho-kinh-doanh")
    expect(answer).to_contain_text("Không được hỗ trợ về nội dung này.")
    expect(answer).to_contain_text("không kể phường")
    # a large enterprise's answer does not depend on the place: the form does not ask
    page.goto(site_url + "ho-tro/")
    page.get_by_label("Loại hình cơ sở").select_option(label="Doanh nghiệp lớn (không phải doanh nghiệp nhỏ và vừa)")
    page.get_by_label("Tỉnh, thành phố (có thể chọn tên trước sáp nhập)").select_option(label="TP. Hồ Chí Minh")
    expect(page.locator("fieldset.kc-finder__place:visible")).to_have_count(0)


def test_without_javascript_a_city_asks_through_links(browser, site_url: str):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + "ho-tro/may-moc-cong-nghe/")
    page.get_by_role("link", name="Hải Dương (nay thuộc thành phố Hải Phòng)").click()
    page.locator("section.kc-ask").get_by_role("link", name="Phường").click()
    page.get_by_role("link", name="Có, trong làng nghề được công nhận").click()
    expect(page).to_have_url(site_url + "ho-tro/may-moc-cong-nghe/hai-duong/phuong-trong-lang-nghe/")
    expect(page.locator("h1")).to_contain_text("Hải Dương (nay thuộc thành phố Hải Phòng)")
    page.get_by_role("link", name="Hộ kinh doanh").first.click()
    expect(page.locator("section#ho-kinh-doanh")).to_contain_text("Có thể được hỗ trợ.")
    context.close()
