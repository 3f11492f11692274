"""The portal's face as a reader meets it: the home page's first screen, full-width pages with a side
column, folded answers on a phone, the 404 page, and printing to paper (PDF)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 800)])
def test_first_screen_of_the_home_page_reaches_what_people_come_for(page: Page, site_url: str, outside_requests, width,
                                                                    height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url)
    within = {
        "the finder": page.get_by_role("button", name="Xem mức hỗ trợ"),
        "the search": page.get_by_role("searchbox").first,
        "a province": page.locator(".kc-hero__quick a[href$='tinh-thanh/']"),
        "the latest news": page.locator(".kc-hero__quick a[href*='tin-tuc/']"),
    }
    for what, locator in within.items():
        box = locator.bounding_box()
        assert box and box["y"] + box["height"] <= height, f"{what} is below the first screen at {width}px: {box}"
    assert outside_requests == []


def test_home_finder_is_a_plain_form(browser, site_url: str):
    """Without JavaScript the form still submits, to the finder page, which lists every need."""
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.goto(site_url)
    page.get_by_label("Loại hình cơ sở").select_option(label="Hộ kinh doanh")
    page.get_by_label("Tỉnh, thành phố (có thể chọn tên trước sáp nhập)").select_option(
        label="Bắc Giang (nay thuộc tỉnh Bắc Ninh)")
    page.get_by_label("Nhu cầu").select_option(index=1)
    page.get_by_role("button", name="Xem mức hỗ trợ").click()
    expect(page).to_have_url(re.compile(r"/ho-tro/\?loai=ho-kinh-doanh&tinh=bac-giang&can="))
    expect(page.locator("ul.kc-needs a").first).to_be_visible()
    context.close()


def test_home_finder_with_javascript_lands_on_the_answer(page: Page, site_url: str):
    page.goto(site_url)
    page.get_by_label("Loại hình cơ sở").select_option(label="Hộ kinh doanh")
    page.get_by_label("Tỉnh, thành phố (có thể chọn tên trước sáp nhập)").select_option(
        label="Bắc Giang (nay thuộc tỉnh Bắc Ninh)")
    page.get_by_label("Nhu cầu").select_option(value="may-moc-cong-nghe")
    page.get_by_role("button", name="Xem mức hỗ trợ").click()
    expect(page).to_have_url(site_url + "ho-tro/may-moc-cong-nghe/bac-giang/#ho-kinh-doanh")
    expect(page.locator("#ho-kinh-doanh")).to_be_visible()


def test_item_pages_use_the_width_and_have_a_side_column(page: Page, site_url: str):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "van-ban/235-2025-nd-cp/")
    assert not page.locator(".md-sidebar--primary").is_visible()
    main, side = page.locator(".kc-grid__main").bounding_box(), page.locator("aside.kc-side").bounding_box()
    assert main["width"] > 700 and side["x"] > main["x"] + main["width"]  # content wide, portlets to its right
    for title in ("Liên quan", "Theo dõi, chia sẻ"):
        expect(page.locator("aside.kc-side").get_by_role("heading", name=title, exact=True)).to_be_visible()
    # "In trang này" is written by the script it needs: not in the page as served
    expect(page.locator("aside.kc-side").get_by_role("link", name="In trang này")).to_be_visible()
    assert "In trang này" not in page.request.get(page.url).text()
    # the sources once, in the page: not again beside it
    expect(page.locator(".kc-grid__main").get_by_role("heading", name="Nguồn thông tin")).to_be_visible()
    expect(page.locator("aside.kc-side").get_by_role("heading", name="Nguồn")).to_have_count(0)
    href = page.locator("aside.kc-side a[data-kc-copy]").get_attribute("href")
    assert href == "./"  # the copy link is a plain link to the page itself
    # on a phone the column follows the page, whose body lists the related items: not listed twice
    page.set_viewport_size({"width": 360, "height": 800})
    expect(page.locator("aside.kc-side").get_by_role("heading", name="Liên quan", exact=True)).to_be_hidden()
    expect(page.locator("aside.kc-side").get_by_role("heading", name="Theo dõi, chia sẻ", exact=True)).to_be_visible()


def test_answer_on_a_phone_opens_the_chosen_kind_only(browser, site_url: str):
    for js in (True, False):
        context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=js, bypass_csp=True)
        page = context.new_page()
        page.goto(site_url + "ho-tro/may-moc-cong-nghe/bac-ninh/#hop-tac-xa")
        opened = (page.evaluate("[...document.querySelectorAll('details.kc-answer-fold')].filter(d => d.open).map(d "
                                "=> d.querySelector('section').id)"))
        assert opened == ["hop-tac-xa"]
        expect(page.locator("#hop-tac-xa")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollHeight") < 8000
        context.close()


def test_not_found_page_offers_search_and_sections(page: Page, site_url: str):
    response = page.goto(site_url + "khong-co/trang-nay/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy trang")).to_be_visible()
    page.locator("#kc-404-q").fill("gốm")
    page.locator("#kc-404-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q="))
    page.goto(site_url + "khong-co/trang-nay/")
    page.get_by_role("link", name="Văn bản pháp luật").last.click()
    expect(page).to_have_url(site_url + "van-ban/")


@pytest.mark.parametrize("path", ["de-an/bao-ton-phat-trien-gom-bo-bat-ninh-binh/", "van-ban/235-2025-nd-cp/",
                                  "tin-tuc/2025-11-24-bac-ninh-224-de-an-khuyen-cong-2021-2025/"])
def test_item_page_prints_cleanly(page: Page, site_url: str, path: str):
    page.goto(site_url + path)
    title = page.locator("h1").inner_text()
    source = page.locator("section.kc-sources a").first.get_attribute("href")
    pdf = page.pdf(format="A4", print_background=False)
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    tight = "".join(text.split())  # the PDF's line breaks split words anywhere; compare without spaces
    assert "".join(title.split()) in tight
    for screen_only in ("Tìm kiếm", "Theo dõi, chia sẻ", "Đường dẫn đến trang này", "In trang này",
                        "Hướng dẫn đăng tin", "Giới thiệu"):
        assert screen_only not in flat, f"{screen_only!r} printed"
    assert source in tight  # the link's address after its text
    assert "".join(("Trang in từ Cổng thông tin khuyến công: http://127.0.0.1:8000/" + path).split()) in tight


SPECIMEN = "Ặ Ẫ Ỗ Ữ Ự ặ ẫ ỗ ữ ự — Đặc sản Bắc Giang, Quảng Ngãi, Hưng Yên"


@pytest.mark.parametrize("width", [360, 1280])
def test_vietnamese_type_is_the_portals_and_stacked_marks_have_room(page: Page, site_url: str, outside_requests,
                                                                    width: int):
    """Be Vietnam Pro comes from the site itself; every heading size leaves room above and below a line
    of stacked diacritics (line box taller than the glyphs' ink), shown in a screenshot."""
    from tests.browser.conftest import ARTIFACTS
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "tin-tuc/")
    page.evaluate("""text => {
        const box = document.querySelector('.md-content__inner');
        const d = document.createElement('div'); d.id = 'kc-specimen';
        for (const tag of ['h1', 'h2', 'h3', 'p']) { const el = document.createElement(tag); el.textContent = text; \
d.appendChild(el); }
        box.prepend(d);
    }""", SPECIMEN)
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('700 20px \"Be Vietnam Pro\"', 'Ặ')")
    family = page.evaluate("getComputedStyle(document.querySelector('#kc-specimen h1')).fontFamily")
    assert family.startswith('"Be Vietnam Pro"')
    for tag in ("h1", "h2", "h3", "p"):
        # ink of the tallest stacked glyphs, measured on a canvas with the element's own font
        room = page.evaluate("""tag => {
            const el = document.querySelector('#kc-specimen ' + tag), cs = getComputedStyle(el);
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
            const m = ctx.measureText('ẶẪỖỮỰặẫỗữự');
            return {ink: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent, line: parseFloat(cs.lineHeight), \
overflow: cs.overflow};
        }""", tag)
        assert room["line"] >= room["ink"], f"{tag} clips stacked marks at {width}px: {room}"
        assert room["overflow"] == "visible"
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    page.locator("#kc-specimen").screenshot(path=str(ARTIFACTS / "screens" / f"diacritics-{width}.png"))
    assert outside_requests == []


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 800)])
def test_icons_are_drawn_in_the_colour_of_their_words(page: Page, site_url: str, width: int, height: int):
    """The stylesheet draws each icon (generator/icons.py) as a mask filled with the text's colour: the
    header's search icon shows white marks on the blue bar, a card's icon (drawn before its words) blue
    marks on white."""
    from PIL import Image

    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + "san-pham/")

    def colours(locator, before: bool = False) -> set[tuple[int, int, int]]:  # noqa: ANN001
        """The colours of an element's pixels; `before`: of its ::before box, at its top left."""
        locator.scroll_into_view_if_needed()
        box = locator.bounding_box()
        if before and box:
            side = locator.evaluate("el => parseFloat(getComputedStyle(el, '::before').width)")
            box = {"x": box["x"], "y": box["y"], "width": side, "height": side}
        assert box and box["width"] >= 12 and box["height"] >= 12, box
        shot = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
        return {shot.getpixel((x, y)) for x in range(shot.width) for y in range(shot.height)}

    search = page.locator("header .kc-header__button .kc-icon:visible").first
    seen = colours(search)
    assert any(min(c) > 230 for c in seen) and any(c[2] > 120 and c[0] < 60 for c in seen), seen  # white on blue
    card = colours(page.locator('.kc-card[class*=" kc-i-"]').first, before=True)
    assert any(c[2] > 120 and c[0] < 80 for c in card) and any(min(c) > 240 for c in card), card  # blue on white
